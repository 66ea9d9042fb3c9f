/*
 * corpus_status.c: every agent `status` output in the shared corpus
 * through art_status: the files of cilium-outputs/issues/status (1.7-1.17
 * agents pasted from issues, plus one cilium-cli `cilium status` report),
 * and the `cilium(-dbg) status` commands quoted in cilium-outputs/docs/
 * (1.0-era ContainerRuntime/address-pool layouts to the 1.16 KPR details).
 *
 * A file passes when the parser returns 0 with at least one key, and, for
 * the files listed in `expect`, with exactly the keys counted by hand and
 * the listed unreachable nodes.  Pastes are often cut short or elided with
 * "[...]": the lines they hold are what must parse.  cilium-cli's `cilium
 * status` (the ASCII logo and DaemonSet rows) is another report: it passes
 * when the parser refuses it with a diagnostic.
 */
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "art_status.h"
#include "diag.h"
#include "ingest.h"
#include "intern.h"

#include "corpus_cmdout.h"

/* Hand counts: keys (-1: a refusal) and unreachable nodes. */
static const struct {
	const char	*name;
	long		 keys;
	long		 unreachable;
} expect[] = {
	{ "cilium-issue-15509-status-verbose.txt", 14, 0 },
	{ "cilium-issue-17636-status-verbose.txt", 9, 0 },
	{ "cilium-issue-18347-status-verbose.txt", 15, 0 },
	{ "cilium-issue-39091-cilium-cli-status-errors.txt", -1, 0 },
	{ "cilium-pr-10059-status.txt", 11, 1 },
	{ "cilium-pr-17165-status.txt", 16, 0 },
	{ "cheatsheet.txt:41", 9, 0 },
	{ "cheatsheet.txt:54", 9, 1 },
	{ "troubleshooting.txt:11", 10, 0 },
	{ "troubleshooting.txt:24", 10, 0 },
	{ "troubleshooting.txt:37", 13, 0 },
	{ "troubleshooting.txt:59", 1, 0 },
	{ "troubleshooting.txt:127", -1, 0 },
	{ "kubeproxy-free.txt:9", 1, 0 },
	{ "kubeproxy-free.txt:50", 1, 0 },
	{ "host-firewall.txt:7", 1, 0 },
};

static bool
check(const char *name, struct ingest_member *m, struct arena *a,
    struct strtab *st, struct diag_list *d)
{
	struct status_result r;
	long want = 0, want_unreach = 0;
	size_t i;
	int rc;
	bool ok;

	for (i = 0; i < sizeof(expect) / sizeof(expect[0]); i++)
		if (strcmp(cc_base(name), expect[i].name) == 0) {
			want = expect[i].keys;
			want_unreach = expect[i].unreachable;
		}
	rc = art_status_parse(m, a, st, d, &r);
	if (want < 0)
		ok = rc == -1 && d->n > 0;
	else
		ok = rc == 0 && (r.npairs > 0 || r.json) && (want == 0 ||
		    ((long)r.npairs == want &&
		    (long)r.nunreachable == want_unreach));
	if (rc == 0) {
		printf("%s: %zu rows (cilium %s, version %s, controllers "
		    "%u/%u, %zu listed, %zu failing, %zu unreachable "
		    "nodes)%s\n",
		    name, r.npairs, status_state_name(r.cilium.state),
		    r.version != NULL ? r.version : "-",
		    r.controllers_healthy, r.controllers_total,
		    r.ncontrollers, r.ncontrollers_failing, r.nunreachable,
		    ok ? "" : " FAILED");
	} else
		printf("%s: %s\n", name, ok ? "refused as expected" :
		    "FAILED");
	return ok;
}

int
main(int argc, char **argv)
{
	struct cc_corpus c;

	if (!cc_begin(&c, argc, argv, "status", check,
	    CC_SKIP_MD | CC_SKIP_JSONPATH))
		return 0;
	cc_run_dir(&c, "cilium-outputs/issues/status");
	cc_run_docs(&c, "cilium-outputs/docs", "cilium-dbg status", false);
	cc_run_docs(&c, "cilium-outputs/docs", "$ cilium status", false);
	return cc_end(&c);
}
