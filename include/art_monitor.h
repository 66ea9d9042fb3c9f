/*
 * art_monitor.h: `cilium-dbg monitor` text output as flow records.
 *
 * A support engineer often has no Hubble flows but a `cilium monitor`
 * capture (attached to the ticket, or dropped into the sysdump directory),
 * and an agent run with debug may carry the same event lines in its log.
 * Two monitor events say that policy dropped a packet, and both are
 * turned into the `struct flow_record` of art_flow.h so that every
 * consumer of flows (drop correlation, corroboration, `get flows`) reads
 * them unchanged:
 *
 * - the drop notification (pkg/monitor/datapath_drop.go DumpInfo), in the
 *   three shapes it had over the releases:
 *     xx drop (Policy denied) to endpoint 25729, identity 261->264: <sum>
 *     xx drop (Policy denied (L3)) flow 0xcf4aba39 to endpoint 16996,
 *         identity 47997->27239: <sum>
 *     xx drop (Policy denied) flow 0x0 to endpoint 0, ifindex 29, file
 *         bpf_lxc.c:1237, , identity 48312->2: <sum>
 *   The identities are numbers, or reserved names (`world`, `host`) when
 *   the capture was not run with --numeric (NumericIdentity.String).  The
 *   reason is the agent text of pkg/monitor/api/drop.go, looked up in
 *   drop_reason.h.  The event says nothing of the direction.
 * - the policy-verdict notification (pkg/monitor/datapath_policy.go and,
 *   later, pkg/monitor/api/types.go DumpInfo):
 *     Policy verdict log: flow 0x0 local EP ID 1687, remote ID 6, proto 6,
 *         ingress, action allow, match L3-Only, <sum>
 *   with `ingress true|false` and `dst port N` in the first releases and
 *   `auth: <type>` since 1.14.  The action is allow, deny, redirect or
 *   audit; before `audit` existed, audit mode printed a would-be deny as
 *   `action allow, match none` (cilium issue 11778), read as audit.  A
 *   deny carries no drop reason; it is recovered from the datapath's
 *   lookup (bpf/lib/policy.h): no map entry matched (`match
 *   none`) is DROP_POLICY (133, default deny), an auth type other than
 *   disabled is AUTH_REQUIRED (189), and a matching entry otherwise is a
 *   deny entry, DROP_POLICY_DENY (181).
 *
 * <sum> is GetConnectionSummary (pkg/monitor/dissect.go): "a:p -> b:q
 * tcp SYN", "[v6]:p -> [v6]:q udp", or "a -> b EchoRequest" for ICMP.
 *
 * The records carry identities, endpoint IDs, addresses and ports, but no
 * pod names or labels: the model fills those in from its endpoints and
 * identities (model.c).  Trace events (`-> endpoint`, `<- stack`), debug
 * events and banners are other monitor output and give no record.
 */
#ifndef CTRIAGE_ART_MONITOR_H
#define CTRIAGE_ART_MONITOR_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "art_flow.h"
#include "diag.h"
#include "ingest.h"
#include "intern.h"

enum monitor_line {
	MONITOR_NOT,		/* not monitor output */
	MONITOR_OTHER,		/* a monitor line that gives no record */
	MONITOR_EVENT,		/* a drop or policy-verdict event */
};

/*
 * Parse one line (s, n bytes, no newline needed) into *fr (zeroed first;
 * its strings interned in st, nothing allocated in a).  A line that starts
 * like a drop or policy-verdict event but does not parse is MONITOR_NOT,
 * with *why (when why is non-NULL) saying what was wrong.
 */
enum monitor_line art_monitor_line(const char *s, size_t n, struct strtab *st,
    struct flow_record *fr, const char **why);

/*
 * Do these first bytes of a member look like monitor output: a line that
 * is a monitor event, trace or banner among its first non-blank lines?
 * Used to classify files whose names say nothing.
 */
bool art_monitor_sniff(const unsigned char *head, size_t n);

/*
 * Parse a member of monitor output into *out (zeroed first), records in
 * line order in the arena.  Lines that start like an event but do not
 * parse give one diagnostic each (FLOW_MAX_LINE_DIAGS at most, then a
 * summary).  Returns 0 when the member was read to its end, -1 when it
 * could not be, or when it had lines and none was monitor output.
 */
int art_monitor_parse(struct ingest_member *m, struct arena *a,
    struct strtab *st, struct diag_list *diags, struct flow_result *out);

#endif
