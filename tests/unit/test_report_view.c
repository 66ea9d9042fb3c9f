/*
 * test_report_view.c: what a report shows: --only/--skip on the ruleset,
 * suppressions (wildcards, namespaces, expiry), fingerprints, baselines,
 * --min-severity, --fail-on, and the text/JSON writers over the result
 * (hidden counts, colour only when asked).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "report_analyze.h"
#include "report_view.h"
#include "test_report_fixture.h"

static void
test_fixture_findings(void **state)
{
	struct fixture fx;
	int i;

	(void)state;
	fx_setup(&fx);
	assert_int_equal(fx.r.n, 3);
	assert_true(fx_find(&fx.r, "POL-INVALID-STATUS") >= 0);
	assert_true(fx_find(&fx.r, "AUDIT-MODE-ON") >= 0);
	i = fx_find(&fx.r, "HUBBLE-OFF");
	assert_true(i >= 0);
	assert_int_equal(fx.r.v[i].f.severity, SEV_LOW);
	assert_int_equal(fx.r.nskipped, 1);
	assert_string_equal(fx.r.skipped[0].rule->id, "REGEN-FAILED");
	assert_int_equal(fx.r.nnot_applicable, 1);
	assert_string_equal(fx.r.not_applicable[0].rule->id, "OLD-ONLY");
	assert_int_equal(fx.r.evaluated, 4);
	fx_teardown(&fx);
}

static void
test_rules_select(void **state)
{
	struct fixture fx;
	const char *only[] = { "config,POL-*" };
	const char *skip[] = { "old-only" };
	const char *bad[] = { "NO-SUCH-RULE" };
	size_t total;
	char *err = NULL;

	(void)state;
	fx_setup(&fx);
	/* Category or ID, globs, any case; the kept rules come first. */
	assert_int_equal(report_rules_select(&fx.rs, only, 1, skip, 1,
	    &total, &err), 0);
	assert_int_equal(total, 6);
	assert_int_equal(fx.rs.nrules, 3);
	assert_string_equal(fx.rs.rules[0].id, "AUDIT-MODE-ON");
	assert_string_equal(fx.rs.rules[1].id, "KNP-DISABLED");
	assert_string_equal(fx.rs.rules[2].id, "POL-INVALID-STATUS");
	assert_null(ruleset_find(&fx.rs, "HUBBLE-OFF"));
	report_set_excluded(&fx.r, &fx.rs, total);
	assert_int_equal(fx.r.nexcluded, 3);
	report_rules_restore(&fx.rs, total);
	assert_int_equal(fx.rs.nrules, 6);
	/* A pattern that matches nothing is a mistake, not an empty run. */
	assert_int_equal(report_rules_select(&fx.rs, bad, 1, NULL, 0, &total,
	    &err), -1);
	assert_non_null(strstr(err, "'NO-SUCH-RULE' matches no rule"));
	free(err);
	assert_int_equal(fx.rs.nrules, 6);
	fx_teardown(&fx);
}

static char *
write_tmp(const char *name, const char *text)
{
	return sa_write(sa_tmp, name, text, strlen(text));
}

static void
test_suppress(void **state)
{
	struct fixture fx;
	struct report_suppressions s;
	struct diag_list d;
	char *path;
	int i;

	(void)state;
	path = write_tmp("sup.yaml",
	    "- rule: POL-*\n  namespace: sh?p\n  name: mark*\n"
	    "  reason: tracked in JIRA-1\n  expires: 2999-12-31\n"
	    "- rule: HUBBLE-OFF\n  reason: old\n  expires: 2000-01-01\n"
	    "- rule: AUDIT-MODE-ON\n  namespace: other\n  reason: not ours\n");
	report_suppressions_init(&s);
	diag_list_init(&d);
	assert_int_equal(report_suppressions_load(&s, path, &d), 3);
	assert_int_equal(d.n, 0);
	fx_setup(&fx);
	report_suppress(&fx.r, &s, "2025-06-01");
	/* POL matched by globs; HUBBLE's expired; AUDIT's namespace differs. */
	assert_int_equal(fx.r.nsuppressed, 1);
	assert_string_equal(fx.r.suppressed[0].f.rule->id,
	    "POL-INVALID-STATUS");
	assert_string_equal(fx.r.suppressed[0].suppressed_by->reason,
	    "tracked in JIRA-1");
	assert_int_equal(fx.r.suppressed[0].suppressed_by->line, 1);
	assert_true(s.v[1].expired);
	assert_false(s.v[0].expired);
	assert_int_equal(s.v[0].matched, 1);
	assert_int_equal(fx.r.n, 2);
	assert_true(fx_find(&fx.r, "HUBBLE-OFF") >= 0);
	i = fx_find(&fx.r, "AUDIT-MODE-ON");
	assert_true(i >= 0);
	assert_int_equal(report_hidden(&fx.r), 1);
	fx_teardown(&fx);
	report_suppressions_release(&s);
	diag_list_release(&d);
	free(path);
}

static void
test_suppress_errors(void **state)
{
	struct report_suppressions s;
	struct diag_list d;
	char *path;

	(void)state;
	path = write_tmp("bad.yaml",
	    "suppressions:\n- rule: X\n  reason: r\n  expires: 2025-13-01\n"
	    "- rule: Y\n- rule: Z\n  reason: r\n  colour: red\n");
	report_suppressions_init(&s);
	diag_list_init(&d);
	assert_int_equal(report_suppressions_load(&s, path, &d), -1);
	assert_int_equal(d.n, 3);
	assert_int_equal(d.v[0].line, 2);
	assert_non_null(strstr(d.v[0].text, "no date"));
	assert_int_equal(d.v[1].line, 5);
	assert_non_null(strstr(d.v[1].text, "needs a rule and a reason"));
	assert_int_equal(d.v[2].line, 6);
	assert_non_null(strstr(d.v[2].text, "unknown key 'colour'"));
	report_suppressions_release(&s);
	diag_list_release(&d);
	free(path);
}

static void
test_fingerprint_baseline(void **state)
{
	struct fixture fx, fx2;
	char *json, *path, *err = NULL;
	size_t i;

	(void)state;
	fx_setup(&fx);
	report_fingerprint(&fx.r);
	for (i = 0; i < fx.r.n; i++) {
		assert_non_null(fx.r.v[i].fingerprint);
		assert_int_equal(strlen(fx.r.v[i].fingerprint), 16);
	}
	assert_string_not_equal(fx.r.v[0].fingerprint, fx.r.v[1].fingerprint);
	report_finish(&fx.r);
	json = fx_render(report_analyze_json, &fx.r);
	assert_non_null(strstr(json, "\"fingerprint\": \""));
	/* The same sysdump against its own report: nothing new. */
	path = write_tmp("base.json", json);
	fx_setup(&fx2);
	report_fingerprint(&fx2.r);
	for (i = 0; i < fx.r.n; i++)
		assert_string_equal(fx.r.v[i].fingerprint,
		    fx2.r.v[i].fingerprint);
	assert_int_equal(report_baseline(&fx2.r, path, &err), 0);
	assert_int_equal(fx2.r.n, 0);
	assert_int_equal(fx2.r.by_baseline, 3);
	fx_teardown(&fx2);
	free(path);
	free(json);

	/* A baseline without fingerprints (an older report) and one finding. */
	path = write_tmp("old.json", "{\"schema\": \"ctriage/report/v1\", "
	    "\"findings\": [{\"rule\": \"POL-INVALID-STATUS\", \"title\": "
	    "\"changed\", \"subjects\": [{\"kind\": \"CiliumNetworkPolicy\", "
	    "\"namespace\": \"shop\", \"name\": \"marked\"}]}]}");
	fx_setup(&fx2);
	report_fingerprint(&fx2.r);
	assert_int_equal(report_baseline(&fx2.r, path, &err), 0);
	assert_int_equal(fx2.r.n, 2);
	assert_int_equal(fx2.r.by_baseline, 1);
	assert_int_equal(fx_find(&fx2.r, "POL-INVALID-STATUS"), -1);
	fx_teardown(&fx2);
	free(path);

	path = write_tmp("notreport.json", "{\"findings\": []}");
	fx_setup(&fx2);
	assert_int_equal(report_baseline(&fx2.r, path, &err), -1);
	assert_non_null(strstr(err, "no ctriage JSON report"));
	free(err);
	fx_teardown(&fx2);
	free(path);
	fx_teardown(&fx);
}

static void
test_min_severity_fail_on(void **state)
{
	struct fixture fx;
	char *txt, *json;
	json_t *root;
	int i;

	(void)state;
	fx_setup(&fx);
	/* The invalid policy was meant to deny: fail-open, critical. */
	i = fx_find(&fx.r, "POL-INVALID-STATUS");
	assert_int_equal(fx.r.v[i].f.severity, SEV_CRITICAL);
	assert_true(report_fails(&fx.r, SEV_CRITICAL));
	assert_true(report_fails(&fx.r, SEV_LOW));
	report_min_severity(&fx.r, SEV_MEDIUM);
	report_finish(&fx.r);
	assert_int_equal(fx.r.n, 2);
	assert_int_equal(fx.r.below_min, 1);
	assert_int_equal(fx.r.v[0].f.rank, 1);
	assert_int_equal(fx.r.v[1].f.rank, 2);
	assert_true(report_fails(&fx.r, SEV_HIGH));
	txt = fx_render(report_analyze_text, &fx.r);
	assert_non_null(strstr(txt, "hidden:   1 below medium\n"));
	assert_null(strstr(txt, "HUBBLE-OFF"));
	assert_null(strchr(txt, '\033'));
	json = fx_render(report_analyze_json, &fx.r);
	root = json_loads(json, 0, NULL);
	assert_non_null(root);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(
	    root, "filters"), "below_min_severity")), 1);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(
	    root, "summary"), "findings")), 2);
	assert_true(json_is_false(json_object_get(json_object_get(root,
	    "input"), "redacted")));
	json_decref(root);
	free(json);
	free(txt);
	/* Colour only when the caller asks for it. */
	fx.r.color = true;
	txt = fx_render(report_analyze_text, &fx.r);
	assert_non_null(strstr(txt, "\033[31mHIGH\033[0m"));
	assert_non_null(strstr(txt, "\033[1;31mCRITICAL\033[0m"));
	free(txt);
	fx_teardown(&fx);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fixture_findings),
		cmocka_unit_test(test_rules_select),
		cmocka_unit_test(test_suppress),
		cmocka_unit_test(test_suppress_errors),
		cmocka_unit_test(test_fingerprint_baseline),
		cmocka_unit_test(test_min_severity_fail_on),
	};

	return cmocka_run_group_tests_name("report_view", tests,
	    sa_group_setup, sa_group_teardown);
}
