/*
 * corpus_policy.c: every policy in the shared corpus through the YAML
 * layer and the policy normalizer.
 *
 * The corpus holds 378 policy objects (CNP, CCNP, KNP) plus bare rule
 * arrays of the old JSON format, and documents which files are broken
 * (corpus/README.md, policies/netpol-analyzer/EXPECTED-ERRORS.txt):
 * Go-templated manifests that are no YAML until rendered, and the
 * netpol-analyzer bad-path cases.  Well-formed policies must normalize
 * without error; each documented broken one must fail with one line
 * naming its file and line.  Prints counts, then "policy: N passed, N
 * failed".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "arena.h"
#include "diag.h"
#include "ingest.h"
#include "intern.h"
#include "parse_yaml.h"
#include "policy.h"
#include "xalloc.h"

/*
 * Documented broken inputs: a path fragment and whether the error is in
 * the YAML itself or in a policy.  netpol-analyzer's subdir6 (a named
 * port towards an ipBlock) is an analyzer error, not an invalid policy:
 * Cilium and the API server accept it, so it is not listed.
 */
static const struct expected {
	const char	*frag;
	bool		 yaml;		/* else: a policy error */
} expected_broken[] = {
	/*
	 * Upstream YAML examples with `operator: "in"` (their JSON twins say
	 * "In"): the CRD schema in
	 * corpus/schemas enumerates In, NotIn, Exists, DoesNotExist, and
	 * Cilium builds selectors with the case-sensitive
	 * LabelSelectorAsSelector, so these are invalid as written.
	 */
	{ "match-expressions/and-statement.yaml", false },
	{ "match-expressions/or-statement.yaml", false },
	/* e2e manifests whose CIDRs the test harness substitutes. */
	{ "k8s/manifests/ccnp-host-ingress-from-cidr-to-ports.yaml", false },
	{ "k8s/manifests/ccnp-host-policy-nodeport-tests.yaml", false },
	{ "k8s/manifests/cnp-ingress-from-cidr-to-ports.yaml", false },
	{ "netpol-analyzer/bad_netpols/subdir1/", false },	/* CIDR */
	{ "netpol-analyzer/bad_netpols/subdir2/", false },	/* label key */
	{ "netpol-analyzer/bad_netpols/subdir3/", false },	/* ipBlock+sel */
	{ "netpol-analyzer/bad_netpols/subdir4/", false },	/* empty peer */
	{ "netpol-analyzer/bad_netpols/subdir7/", false },	/* label value */
	{ "netpol-analyzer/np_bad_path_test_2/", false },	/* endPort+name */
	{ "netpol-analyzer/np_test_with_empty_port_range/", false },
};

struct run {
	struct arena		*a;
	struct strtab		*st;
	struct policy_ctx	 c;
	struct diag_list	 d;
	const char		*path;
	unsigned		 npolicies[3];
	unsigned		 bare_rules;
	unsigned		 files;
	unsigned		 yaml_errors;
	unsigned		 templated_errors;
	unsigned		 policy_errors;
	unsigned		 file_policy_errors;	/* in this file */
	unsigned		 unexpected;
	unsigned		 expected_ok;
	unsigned		 expected_missed;
	unsigned		 templated_files;
};

static enum policy_kind
kind_of(json_t *item, bool *bare, bool *policy)
{
	const char *k = json_string_value(json_object_get(item, "kind"));

	*bare = false;
	*policy = true;
	if (k != NULL && strcmp(k, "CiliumNetworkPolicy") == 0)
		return POLICY_CNP;
	if (k != NULL && strcmp(k, "CiliumClusterwideNetworkPolicy") == 0)
		return POLICY_CCNP;
	if (k != NULL && strcmp(k, "NetworkPolicy") == 0)
		return POLICY_KNP;
	/* The old JSON rule-array format: bare rules, no kind. */
	if (k == NULL && (json_object_get(item, "endpointSelector") != NULL ||
	    json_object_get(item, "nodeSelector") != NULL)) {
		*bare = true;
		return POLICY_CNP;
	}
	*policy = false;
	return POLICY_CNP;
}

static int
item(void *ctx, json_t *obj, unsigned long line,
    const struct json_lines *lines)
{
	struct run *r = ctx;
	struct policy p;
	bool bare, is_policy;
	enum policy_kind k = kind_of(obj, &bare, &is_policy);
	json_t *wrap = NULL;

	if (!is_policy)
		return 0;
	if (bare) {
		/* As the agent's policy import reads such a file. */
		wrap = json_pack("{s:{s:s, s:s}, s:O}", "metadata", "name",
		    "rule-file", "namespace", "default", "spec", obj);
		obj = wrap;
		r->bare_rules++;
	} else
		r->npolicies[k]++;
	policy_from_yaml(&r->c, k, obj, line, lines, &p);
	if (p.error != NULL) {
		r->policy_errors++;
		r->file_policy_errors++;
		printf("  %s:%lu: %s\n", r->path, p.error_line, p.error);
	}
	json_decref(wrap);
	return 0;
}

static const struct expected *
expected_for(const char *path)
{
	size_t i;

	for (i = 0; i < sizeof(expected_broken) / sizeof(expected_broken[0]);
	    i++)
		if (strstr(path, expected_broken[i].frag) != NULL)
			return &expected_broken[i];
	return NULL;
}

static bool
has_suffix(const char *s, const char *sfx)
{
	size_t n = strlen(s), k = strlen(sfx);

	return n >= k && strcmp(s + n - k, sfx) == 0;
}

static int
member(void *ctx, struct ingest_member *m)
{
	struct run *r = ctx;
	size_t before = r->d.n, i;
	bool templated = strstr(m->path, "/templated/") != NULL;
	int rc;

	if (!has_suffix(m->path, ".yaml") && !has_suffix(m->path, ".yml") &&
	    !has_suffix(m->path, ".json"))
		return 0;
	r->files++;
	r->templated_files += templated;
	r->path = intern(r->st, m->path);
	r->c.path = r->path;
	r->file_policy_errors = 0;
	rc = yaml_parse_member(m, NULL, item, r, &r->d);
	for (i = before; i < r->d.n; i++)
		printf("  %s:%lu: %s\n", r->d.v[i].path, r->d.v[i].line,
		    r->d.v[i].text);
	if (rc < 0) {
		r->yaml_errors++;
		if (templated)
			r->templated_errors++;
	}
	/*
	 * Files named as broken must fail; others must not.  In the
	 * netpol-analyzer case directories only the policy files are
	 * broken, not the workload manifests beside them.
	 */
	if (expected_for(m->path) != NULL &&
	    strstr(m->name, "kubernetes-manifests") == NULL &&
	    strstr(m->name, "backend") == NULL &&
	    strstr(m->name, "pods") == NULL) {
		if (r->file_policy_errors > 0 || rc < 0)
			r->expected_ok++;
		else {
			printf("  %s: documented as broken, but accepted\n",
			    m->path);
			r->expected_missed++;
		}
	} else if (expected_for(m->path) == NULL && !templated &&
	    (r->file_policy_errors > 0 || rc < 0)) {
		printf("  %s: UNEXPECTED: a well-formed file failed\n",
		    m->path);
		r->unexpected++;
	}
	return 0;
}

int
main(int argc, char **argv)
{
	static const struct ingest_visitor v = { member, NULL, NULL };
	struct ingest_limits lim;
	struct run r;
	char *dir, *err = NULL;
	unsigned failed;

	if (argc < 2) {
		fprintf(stderr, "usage: corpus_policy CORPUS\n");
		return 2;
	}
	dir = xasprintf("%s/policies", argv[1]);
	memset(&r, 0, sizeof(r));
	r.a = arena_new();
	r.st = strtab_new(r.a);
	r.c.a = r.a;
	r.c.st = r.st;
	r.c.cluster = intern(r.st, "default");
	r.c.ns_label_peers = true;
	r.c.deny_l3_validated = true;
	diag_list_init(&r.d);
	ingest_limits_default(&lim);
	if (ingest_walk(dir, &lim, &v, &r, NULL, &err) != 0) {
		printf("corpus_policy: %s; skipping\n", err);
		printf("policy: 0 passed, 0 failed\n");
		free(err);
		free(dir);
		strtab_free(r.st);
		arena_free(r.a);
		return 0;
	}
	printf("policies: %u files; %u CiliumNetworkPolicy, %u "
	    "CiliumClusterwideNetworkPolicy, %u NetworkPolicy objects, %u bare "
	    "rules of the old JSON format\n", r.files,
	    r.npolicies[POLICY_CNP], r.npolicies[POLICY_CCNP],
	    r.npolicies[POLICY_KNP], r.bare_rules);
	printf("policies: %u YAML errors (%u of %u templated files, as "
	    "documented), %u policies rejected\n", r.yaml_errors,
	    r.templated_errors, r.templated_files, r.policy_errors);
	printf("policies: %u documented broken files failed as expected, %u "
	    "did not; %u well-formed files failed\n", r.expected_ok,
	    r.expected_missed, r.unexpected);
	failed = r.expected_missed + r.unexpected;
	printf("policy: %u passed, %u failed\n", r.files - failed, failed);
	diag_list_release(&r.d);
	strtab_free(r.st);
	arena_free(r.a);
	free(dir);
	return failed ? 1 : 0;
}
