/*
 * corpus_endpoint.c: every `endpoint list` / `endpoint get` output in the
 * shared corpus through art_endpoint: the files of
 * cilium-outputs/issues/endpoint-list and issues/endpoint-get (pasted from
 * issues, 2017-2023 releases), the `cilium-dbg endpoint list` commands
 * quoted in cilium-outputs/docs/, the "Endpoint list" (text) and "Endpoint
 * Get" (JSON) sections of the debuginfo markdown, and the JSON files of
 * debuginfo/ (endpoint dumps).
 *
 * A file passes when the parser returns 0 with at least one endpoint, and,
 * for the files listed in `expect`, with exactly the endpoints and labels
 * counted by hand.  Pastes are often cut after the last complete row: the
 * rows they hold are what must parse.  The endpoint-get file of the corpus
 * is a fragment cut from the middle of a JSON document; it passes when the
 * parser refuses it with a diagnostic instead of inventing endpoints.
 */
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "art_endpoint.h"
#include "diag.h"
#include "ingest.h"
#include "intern.h"

#include "corpus_cmdout.h"

/* Hand counts: endpoints and labels in all; endpoints -1: a refusal. */
static const struct {
	const char	*name;
	long		 endpoints;
	long		 labels;
} expect[] = {
	{ "cilium-issue-2184-endpoint-list-and-policy.txt", 1, 2 },
	{ "cilium-issue-2301-endpoint-list.txt", 3, 6 },
	{ "cilium-issue-27677-endpoint-list-hostfw.txt", 1, 7 },
	{ "cilium-issue-2907-endpoint-list.txt", 1, 1 },
	{ "cilium-issue-4027-endpoint-list-ci.txt", 1, 2 },
	{ "cilium-pr-4942-endpoint-list-regenerating.txt", 1, 6 },
	{ "cilium-issue-19405-endpoint-get-fragment.json.txt", -1, 0 },
	{ "cilium-endpoint-get-482.json", 1, 5 },
	{ "demo.txt:3", 8, 30 },
	{ "host-firewall.txt:15", 3, 7 },
	{ "host-firewall.txt:33", 3, 7 },
	{ "cilium-debuginfo-1.18.0-node-excerpt.md:20", 5, 21 },
	{ "cilium-debuginfo-1.18.0-node-excerpt.md:66", 1, 5 },
};

static bool
check(const char *name, struct ingest_member *m, struct arena *a,
    struct strtab *st, struct diag_list *d)
{
	struct endpoint_result r;
	long want = 0, want_labels = -1;
	size_t i, labels = 0, ctrls = 0;
	int rc;
	bool ok;

	for (i = 0; i < sizeof(expect) / sizeof(expect[0]); i++)
		if (strcmp(cc_base(name), expect[i].name) == 0) {
			want = expect[i].endpoints;
			want_labels = expect[i].labels;
		}
	rc = art_endpoint_parse(m, a, st, d, &r);
	if (rc == 0)
		for (i = 0; i < r.n; i++) {
			labels += r.v[i].nlabel_text;
			ctrls += r.v[i].ncontrollers;
		}
	if (want < 0)
		ok = rc == -1 && d->n > 0;
	else
		ok = rc == 0 && r.n > 0 && (want == 0 ||
		    ((long)r.n == want && (long)labels == want_labels));
	if (rc == 0)
		printf("%s: %zu rows (%zu labels, %zu controllers, %s)%s\n",
		    name, r.n, labels, ctrls, r.json ? "json" : "text",
		    ok ? "" : " FAILED");
	else
		printf("%s: %s\n", name, ok ? "refused as expected" :
		    "FAILED");
	return ok;
}

int
main(int argc, char **argv)
{
	struct cc_corpus c;

	if (!cc_begin(&c, argc, argv, "endpoint", check,
	    CC_SKIP_MD | CC_SKIP_JSONPATH))
		return 0;
	cc_run_dir(&c, "cilium-outputs/issues/endpoint-list");
	cc_run_dir(&c, "cilium-outputs/issues/endpoint-get");
	cc_run_docs(&c, "cilium-outputs/docs", "endpoint list", false);
	cc_run_docs(&c, "cilium-outputs/debuginfo", "Endpoint list", true);
	cc_run_docs(&c, "cilium-outputs/debuginfo", "Endpoint Get", true);
	cc_run_dir(&c, "cilium-outputs/debuginfo");
	return cc_end(&c);
}
