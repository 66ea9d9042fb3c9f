/*
 * corpus_identity.c: every `identity list` / `identity get` output in the
 * shared corpus through art_identity: the files of
 * cilium-outputs/issues/identity-list (the 0.x "[labels]" layout), the
 * `cilium-dbg identity list` commands quoted in cilium-outputs/docs/ (the
 * 1.x one-label-per-row layout), and the "Identity get" sections of the
 * debuginfo markdown (1.18).
 *
 * A file passes when the parser returns 0 with at least one identity, and,
 * for the files listed in `expect`, with exactly the identities and labels
 * counted by hand.  Pastes are often cut after the last complete row (the
 * docs end theirs with "..."): the rows they hold are what must parse.
 */
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "art_identity.h"
#include "diag.h"
#include "ingest.h"
#include "intern.h"

#include "corpus_cmdout.h"

/* Hand counts: identities and labels in all. */
static const struct {
	const char	*name;
	long		 identities;
	long		 labels;
} expect[] = {
	{ "cilium-pr-2922-identity-list.txt", 7, 7 },
	{ "debugging.txt:34", 8, 13 },
	{ "cilium-debuginfo-1.18.0-node-excerpt.md:339", 1, 5 },
};

static bool
check(const char *name, struct ingest_member *m, struct arena *a,
    struct strtab *st, struct diag_list *d)
{
	struct identity_result r;
	long want = 0, want_labels = -1;
	size_t i, labels = 0, reserved = 0;
	int rc;
	bool ok;

	for (i = 0; i < sizeof(expect) / sizeof(expect[0]); i++)
		if (strcmp(cc_base(name), expect[i].name) == 0) {
			want = expect[i].identities;
			want_labels = expect[i].labels;
		}
	rc = art_identity_parse(m, a, st, d, &r);
	if (rc == 0)
		for (i = 0; i < r.n; i++) {
			labels += r.v[i].nlabel_text;
			if (identity_is_reserved(r.v[i].id))
				reserved++;
		}
	ok = rc == 0 && r.n > 0 && (want == 0 || ((long)r.n == want &&
	    (long)labels == want_labels));
	if (rc == 0)
		printf("%s: %zu rows (%zu labels, %zu reserved, %s)%s\n",
		    name, r.n, labels, reserved, r.json ? "json" : "text",
		    ok ? "" : " FAILED");
	else
		printf("%s: FAILED\n", name);
	return ok;
}

int
main(int argc, char **argv)
{
	struct cc_corpus c;

	if (!cc_begin(&c, argc, argv, "identity", check,
	    CC_SKIP_MD | CC_SKIP_JSONPATH))
		return 0;
	cc_run_dir(&c, "cilium-outputs/issues/identity-list");
	cc_run_docs(&c, "cilium-outputs/docs", "identity list", false);
	cc_run_docs(&c, "cilium-outputs/debuginfo", "Identity get", true);
	return cc_end(&c);
}
