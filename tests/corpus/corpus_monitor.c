/*
 * corpus_monitor.c: every `cilium monitor` capture in the shared corpus
 * through art_monitor: the files of cilium-outputs/issues/monitor and the
 * `cilium(-dbg) monitor` commands quoted in cilium-outputs/docs/.
 *
 * A capture passes when the parser returns 0 with exactly the drop and
 * policy-verdict events counted by hand (trace, L7, socket and debug
 * events give none) and no line refused.  The pre-1.0 format of PR 1112
 * ("drop [ifindex 391 / endpoint 29898] (...)", no identities and no
 * addresses) passes when it is refused with a diagnostic.
 */
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "art_flow.h"
#include "art_monitor.h"
#include "diag.h"
#include "ingest.h"
#include "intern.h"

#include "corpus_cmdout.h"

/* Hand counts: events (-1: a refusal), of which policy drops. */
static const struct {
	const char	*name;
	long		 events;
	long		 policy_drops;
} expect[] = {
	{ "cilium-issue-2907-monitor-policy-denied.txt", 1, 1 },
	{ "cilium-pr-1112-monitor-drops.txt", -1, 0 },
	{ "debugging.txt:3", 1, 0 },
	{ "demo.txt:159", 0, 0 },
	{ "host-firewall.txt:27", 3, 0 },
	{ "kubeproxy-free.txt:71", 0, 0 },
	{ "troubleshooting.txt:117", 5, 4 },
};

static bool
check(const char *name, struct ingest_member *m, struct arena *a,
    struct strtab *st, struct diag_list *d)
{
	struct flow_result r;
	long want = -2, want_drops = 0, drops = 0;
	size_t i;
	int rc;
	bool ok;

	for (i = 0; i < sizeof(expect) / sizeof(expect[0]); i++)
		if (strcmp(cc_base(name), expect[i].name) == 0) {
			want = expect[i].events;
			want_drops = expect[i].policy_drops;
		}
	rc = art_monitor_parse(m, a, st, d, &r);
	for (i = 0; i < r.nflows; i++)
		if (r.flows[i].verdict == FLOW_DROPPED &&
		    drop_reason_category(r.flows[i].drop_reason) ==
		    DROP_CAT_POLICY)
			drops++;
	if (want == -1)
		ok = rc == -1 && d->n > 0;
	else
		ok = rc == 0 && r.bad_lines == 0 && (long)r.nflows == want &&
		    drops == want_drops;
	if (rc == 0)
		printf("%s: %zu events (%lu forwarded, %lu dropped, %lu audit, "
		    "%ld policy drops, %lu lines)%s\n", name, r.nflows,
		    r.verdicts[FLOW_FORWARDED], r.verdicts[FLOW_DROPPED],
		    r.verdicts[FLOW_AUDIT], drops, r.lines, ok ? "" :
		    " FAILED");
	else
		printf("%s: %s\n", name, ok ? "refused as expected" :
		    "FAILED");
	return ok;
}

int
main(int argc, char **argv)
{
	struct cc_corpus c;

	if (!cc_begin(&c, argc, argv, "monitor", check, 0))
		return 0;
	cc_run_dir(&c, "cilium-outputs/issues/monitor");
	cc_run_docs(&c, "cilium-outputs/docs", "monitor", false);
	return cc_end(&c);
}
