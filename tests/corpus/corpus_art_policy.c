/*
 * corpus_art_policy.c: policy repository and selector outputs in the
 * shared corpus through art_policy (named so beside corpus_policy.c, which
 * runs the policy normalizer): the `policy get` and `policy selectors`
 * commands quoted in cilium-outputs/docs, issues/policy-get and
 * issues/policy-selectors files when the corpus grows them, and the JSON
 * rule arrays of policies/cilium-examples, which have the very shape of
 * `policy get` output without its Revision line (a stress test of the
 * rule conversion: every file must parse and every rule be kept).
 *
 * A piece passes when the parser returns 0.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "art_policy.h"
#include "diag.h"
#include "ingest.h"
#include "intern.h"

#include "corpus_cmdout.h"

static bool
check_rules(const char *name, struct ingest_member *m, struct arena *a,
    struct strtab *st, struct diag_list *d)
{
	struct agent_rules r;

	if (art_policy_parse(m, a, st, d, &r) != 0) {
		printf("%s: FAILED\n", name);
		return false;
	}
	printf("%s: %zu rules", name, r.nrules);
	if (r.has_revision)
		printf(", revision %llu", (unsigned long long)r.revision);
	if (r.nrules > 0 && r.rules[0].name != NULL)
		printf(", first %s/%s (%s)", r.rules[0].namespace ?
		    r.rules[0].namespace : "-", r.rules[0].name,
		    r.rules[0].kind ? r.rules[0].kind : "-");
	printf("\n");
	return true;
}

static bool
check_selectors(const char *name, struct ingest_member *m, struct arena *a,
    struct strtab *st, struct diag_list *d)
{
	struct agent_selectors s;

	if (art_policy_selectors_parse(m, a, st, d, &s) != 0) {
		printf("%s: FAILED\n", name);
		return false;
	}
	printf("%s: %zu selectors\n", name, s.nselectors);
	return true;
}

/* Every *.json under dir whose first byte is '[' (a rule array). */
static void
run_rule_arrays(struct cc_corpus *c, const char *dir)
{
	char **files;
	size_t nf, i;

	files = cc_list(dir, &nf);
	for (i = 0; i < nf; i++) {
		size_t len, l = strlen(files[i]);
		char *text;

		if (l < 5 || strcmp(files[i] + l - 5, ".json") != 0)
			continue;
		text = cc_read(files[i], &len);
		if (text != NULL && len > 0 && text[0] == '[')
			cc_run(c, files[i], text, len);
		free(text);
	}
	cc_list_free(files, nf);
	/* Recurse into subdirectories, sorted. */
	files = cc_list_dirs(dir, &nf);
	for (i = 0; i < nf; i++)
		run_rule_arrays(c, files[i]);
	cc_list_free(files, nf);
}

int
main(int argc, char **argv)
{
	struct cc_corpus c;
	char dir[4096];

	if (!cc_begin(&c, argc, argv, "art_policy", check_rules,
	    CC_SKIP_UNREADABLE))
		return 0;
	cc_run_dir(&c, "cilium-outputs/issues/policy-get");
	c.check = check_selectors;
	cc_run_dir(&c, "cilium-outputs/issues/policy-selectors");
	c.check = check_rules;
	/* Not "bpf policy get": that is corpus_bpf_policy's. */
	cc_run_docs(&c, "cilium-outputs/docs", "cilium-dbg policy get", false);
	cc_run_docs(&c, "cilium-outputs/docs", "cilium policy get", false);
	c.check = check_selectors;
	cc_run_docs(&c, "cilium-outputs/docs", "policy selectors", false);
	c.check = check_rules;
	snprintf(dir, sizeof(dir), "%s/policies/cilium-examples", c.root);
	run_rule_arrays(&c, dir);
	return cc_end(&c);
}
