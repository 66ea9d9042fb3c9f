/*
 * corpus_hubble_text.c: every `hubble observe` compact capture in the
 * shared corpus (cilium-outputs/issues/hubble-compact) through
 * art_hubble_text.  A capture passes when it parses with no bad line and
 * exactly the flows and policy drops counted by hand (one flow per
 * timestamped line).
 */
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "art_flow.h"
#include "art_hubble_text.h"
#include "diag.h"
#include "drop_reason.h"
#include "ingest.h"
#include "intern.h"

#include "corpus_cmdout.h"

/* Hand counts: flows, of which policy drops (drop and verdict events). */
static const struct {
	const char	*name;
	size_t		 flows;
	size_t		 policy_drops;
} expect[] = {
	{ "cilium-issue-27169-hubble-policy-verdict-audited.txt", 7, 0 },
	/* its two identical drop lines are one packet's two events */
	{ "hubble-issue-570-observe-compact.txt", 5, 1 },
	{ "hubble-issue-740-policy-verdict-events.txt", 2, 1 },
	{ "hubble-pr-745-observe-compact-policy-verdict.txt", 3, 1 },
};

static bool
check(const char *name, struct ingest_member *m, struct arena *a,
    struct strtab *st, struct diag_list *d)
{
	struct flow_result r;
	size_t want = (size_t)-1, want_drops = 0, drops = 0, i;
	bool ok;
	int rc;

	for (i = 0; i < sizeof(expect) / sizeof(expect[0]); i++)
		if (strcmp(cc_base(name), expect[i].name) == 0) {
			want = expect[i].flows;
			want_drops = expect[i].policy_drops;
		}
	rc = art_hubble_text_parse(m, a, st, d, &r);
	for (i = 0; i < r.nflows; i++)
		if (flow_is_policy_drop(&r.flows[i]))
			drops++;
	ok = rc == 0 && r.bad_lines == 0 && (want == (size_t)-1 ||
	    (r.nflows == want && drops == want_drops));
	printf("%s: %zu flows (%lu forwarded, %lu dropped, %lu audit, %zu "
	    "policy drops)%s\n", name, r.nflows, r.verdicts[FLOW_FORWARDED],
	    r.verdicts[FLOW_DROPPED], r.verdicts[FLOW_AUDIT], drops,
	    ok ? "" : " FAILED");
	return ok;
}

int
main(int argc, char **argv)
{
	struct cc_corpus c;

	if (!cc_begin(&c, argc, argv, "hubble_text", check, 0))
		return 0;
	cc_run_dir(&c, "cilium-outputs/issues/hubble-compact");
	return cc_end(&c);
}
