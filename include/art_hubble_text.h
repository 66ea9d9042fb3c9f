/*
 * art_hubble_text.h: `hubble observe` compact text as flow records.
 *
 * Tickets often carry `hubble observe` output pasted or saved as text
 * rather than the sysdump's JSON flows.  Its compact form is one line per
 * flow, written by hubble/pkg/printer/printer.go (CompactOutput):
 *
 *   <time>[ [<node>]]: <src>[ <src id>] <arrow> <dst>[ <dst id>] <type>
 *       <VERDICT> (<summary>)
 *
 *   Jun 10 12:50:15.556: 10.8.14.163:43006 (world) <> default/deploy-
 *       85c67465d6-tfgcp:8087 (ID:107099) policy-verdict:none DENIED
 *       (TCP Flags: SYN)
 *
 * - <time> is time.StampMilli ("Jan _2 15:04:05.000", no year).
 * - An end is "ns/pod:port", "ns/service:port", an IP ("10.0.0.1:80",
 *   "[f00d::1]:80"), or DNS names ("a.example.com:443"); no ":port" for
 *   ICMP.  The identity, printed since 2021, is "(ID:n)" or a reserved
 *   name "(world)".
 * - <arrow> is "->" (is_reply false), "<-" (a reply: the ends are
 *   swapped back here) or "<>" (unknown, as for drop events).
 * - <type> is GetFlowType: the drop reason text for a drop event ("Policy
 *   denied"), "policy-verdict:<match>[ INGRESS|EGRESS]" for a policy
 *   verdict (just the match type, "L3-Only", in the first releases), a
 *   trace point ("to-stack"), or an L7 type ("http-request").
 * - <VERDICT> is the flow's verdict, shown as ALLOWED, DENIED or AUDITED
 *   for a policy-verdict event.
 * - <summary> is "TCP Flags: SYN", "UDP", "ICMPv4 EchoRequest", ..., with
 *   "; Auth: <type>" when authentication applied.
 *
 * A policy-verdict DENIED is 133 (default deny) with match `none`, 189
 * with an Auth type, 181 otherwise, as for the monitor (art_monitor.h).
 * Records name pods, not addresses: the model joins them to endpoints.
 */
#ifndef CTRIAGE_ART_HUBBLE_TEXT_H
#define CTRIAGE_ART_HUBBLE_TEXT_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "art_flow.h"
#include "diag.h"
#include "ingest.h"
#include "intern.h"

/*
 * Parse one line into *fr (zeroed first; strings interned in st).  True
 * for a compact flow line; false for anything else (with *why, when why
 * is non-NULL, saying what was wrong when the line starts like one).
 */
bool art_hubble_text_line(const char *s, size_t n, struct strtab *st,
    struct flow_record *fr, const char **why);

/* Do these first bytes of a member hold a compact flow line? */
bool art_hubble_text_sniff(const unsigned char *head, size_t n);

/*
 * Parse a member of compact output into *out (zeroed first), records in
 * line order in the arena, source FLOW_SOURCE_HUBBLE_TEXT.  Lines that
 * start like a flow but do not parse give a diagnostic each (capped).
 * Returns 0 when the member was read to its end, -1 when it could not be,
 * or when it had lines and none was a flow.
 */
int art_hubble_text_parse(struct ingest_member *m, struct arena *a,
    struct strtab *st, struct diag_list *diags, struct flow_result *out);

#endif
