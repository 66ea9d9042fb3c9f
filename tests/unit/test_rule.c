/*
 * test_rule.c: rule files: a complete rule, every validation error with
 * its line, version ranges, and the catalog in rules/ loading clean.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "diag.h"
#include "eval.h"
#include "rule.h"

static const char good[] =
    "id: SEL-NO-MATCH\n"
    "title: A selector matches nothing\n"
    "severity: high\n"
    "category: selectors\n"
    "summary: one line\n"
    "explanation: |\n"
    "  why\n"
    "remediation: |\n"
    "  fix\n"
    "references:\n"
    "  - https://docs.cilium.io/en/stable/security/policy/\n"
    "  - src: pkg/policy/api/selector.go\n"
    "versions: [\">=1.14 <1.17\", \"1.19\"]\n"
    "check:\n"
    "  builtin: pol_invalid_status\n"
    "  params: {threshold: 3}\n";

static void
test_good_rule(void **state)
{
	struct ruleset rs;
	struct diag_list d;
	const struct rule *r;
	struct version v;

	(void)state;
	ruleset_init(&rs);
	diag_list_init(&d);
	assert_int_equal(ruleset_load_string(&rs, "good.yaml", good,
	    strlen(good), eval_builtin_known, &d), 1);
	assert_int_equal(d.n, 0);
	r = ruleset_find(&rs, "SEL-NO-MATCH");
	assert_non_null(r);
	assert_int_equal(r->severity, SEV_HIGH);
	assert_string_equal(r->explanation, "why\n");
	assert_int_equal(r->nreferences, 2);
	assert_string_equal(r->references[1], "src: pkg/policy/api/selector.go");
	assert_int_equal(r->check, CHECK_BUILTIN);
	assert_string_equal(r->builtin, "pol_invalid_status");
	assert_int_equal(json_integer_value(json_object_get(r->params,
	    "threshold")), 3);
	assert_int_equal(r->nversions, 2);
	/* >=1.14 <1.17, or the 1.19 line. */
	version_parse("1.13.9", &v);
	assert_false(rule_applies_to(r, &v));
	version_parse("1.14.0", &v);
	assert_true(rule_applies_to(r, &v));
	version_parse("1.16.18", &v);
	assert_true(rule_applies_to(r, &v));
	version_parse("1.17.0", &v);
	assert_false(rule_applies_to(r, &v));
	version_parse("v1.19.4-rc.1", &v);
	assert_true(rule_applies_to(r, &v));
	version_parse("1.20", &v);
	assert_false(rule_applies_to(r, &v));
	assert_true(rule_applies_to(r, NULL));
	diag_list_release(&d);
	ruleset_release(&rs);
}

/* Replace line `from` of the good rule with `to` and expect an error. */
static void
bad(const char *from, const char *to, unsigned long line, const char *want)
{
	char text[4096];
	const char *at = strstr(good, from);
	struct ruleset rs;
	struct diag_list d;
	size_t pre;

	assert_non_null(at);
	pre = (size_t)(at - good);
	snprintf(text, sizeof(text), "%.*s%s%s", (int)pre, good, to,
	    at + strlen(from));
	ruleset_init(&rs);
	diag_list_init(&d);
	assert_int_equal(ruleset_load_string(&rs, "bad.yaml", text,
	    strlen(text), eval_builtin_known, &d), 0);
	assert_int_equal(rs.nrules, 0);
	assert_true(d.n >= 1);
	if (strstr(d.v[0].text, want) == NULL)
		print_message("got: %s\n", d.v[0].text);
	assert_non_null(strstr(d.v[0].text, want));
	assert_string_equal(d.v[0].path, "bad.yaml");
	assert_int_equal(d.v[0].line, line);
	diag_list_release(&d);
	ruleset_release(&rs);
}

static void
test_errors(void **state)
{
	(void)state;
	bad("severity: high", "severity: hgh", 3, "severity 'hgh' must be one");
	bad("id: SEL-NO-MATCH", "id: sel-no-match", 1, "is not a rule id");
	bad("category: selectors\n", "category: selectors\ncolor: red\n", 5,
	    "unknown field 'color' in the rule");
	bad("title: A selector matches nothing\n", "", 1,
	    "missing field 'title'");
	bad("  - src: pkg/policy/api/selector.go\n",
	    "  - docs/policy.md\n", 12, "references[1] must be a URL");
	bad("versions: [\">=1.14 <1.17\", \"1.19\"]",
	    "versions: [\">=1.17 <1.14\"]", 13, "versions[0]: version range "
	    "is empty");
	bad("  builtin: pol_invalid_status", "  builtin: no_such_check", 15,
	    "check.builtin 'no_such_check' is no built-in check");
	bad("  builtin: pol_invalid_status\n  params: {threshold: 3}\n",
	    "  log:\n    pattern: \"(unclosed\"\n", 16,
	    "check.log.pattern does not compile");
	bad("  builtin: pol_invalid_status\n  params: {threshold: 3}\n",
	    "  log:\n    pattern: x\n    window: 5 minutes\n", 17,
	    "check.log.window must be a duration");
	bad("  builtin: pol_invalid_status\n  params: {threshold: 3}\n",
	    "  config:\n    key: enable-policy\n    op: equals\n", 16,
	    "check.config.equals needs a value");
	bad("  builtin: pol_invalid_status\n  params: {threshold: 3}\n",
	    "  config: {key: a, op: equals, value: b}\n"
	    "  json: {artifact: cilium-helm-values, path: a, op: equals}\n",
	    15, "check must have exactly one");
	bad("  builtin: pol_invalid_status\n  params: {threshold: 3}\n",
	    "  json: {artifact: helm, path: a, op: equals, value: b}\n", 15,
	    "check.json.artifact 'helm' is no artifact kind");
}

static void
test_duplicate_and_versions(void **state)
{
	struct ruleset rs;
	struct diag_list d;
	struct version a, b;

	(void)state;
	ruleset_init(&rs);
	diag_list_init(&d);
	assert_int_equal(ruleset_load_string(&rs, "a.yaml", good, strlen(good),
	    eval_builtin_known, &d), 1);
	assert_int_equal(ruleset_load_string(&rs, "b.yaml", good, strlen(good),
	    eval_builtin_known, &d), 0);
	assert_int_equal(d.n, 1);
	assert_non_null(strstr(d.v[0].text, "defined twice"));
	diag_list_release(&d);
	ruleset_release(&rs);
	assert_true(version_parse("1.16", &a));
	assert_true(version_parse("1.16.0", &b));
	assert_int_equal(version_cmp(&a, &b), 0);
	assert_false(version_parse("1", &a));
	assert_false(version_parse("x1.2", &a));
}

/* Every rule file of the catalog loads, and every id is unique. */
static void
test_catalog(void **state)
{
	struct ruleset rs;
	struct diag_list d;
	size_t i;
	int n;

	(void)state;
	ruleset_init(&rs);
	diag_list_init(&d);
	n = ruleset_load_dir(&rs, "rules", eval_builtin_known, &d);
	for (i = 0; i < d.n; i++)
		print_message("%s:%lu: %s\n", d.v[i].path, d.v[i].line,
		    d.v[i].text);
	assert_int_equal(d.n, 0);
	assert_true(n >= 2);
	assert_non_null(ruleset_find(&rs, "POL-INVALID-STATUS"));
	assert_non_null(ruleset_find(&rs, "SYSDUMP-INCOMPLETE"));
	diag_list_release(&d);
	ruleset_release(&rs);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good_rule),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_duplicate_and_versions),
		cmocka_unit_test(test_catalog),
	};

	return cmocka_run_group_tests_name("rule", tests, NULL, NULL);
}
