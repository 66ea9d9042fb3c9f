/*
 * test_report_sarif.c: the SARIF writer against the SARIF 2.1.0 required
 * structure (sarif-schema-2.1.0.json): version and runs at the top, each
 * run a tool with a driver that has a name, rules with ids, results with
 * a message whose text is set, ruleIndex pointing at the rule of ruleId,
 * locations with physicalLocation.artifactLocation.uri, levels from the
 * schema's enum; suppressed findings carry suppressions; rules not
 * evaluated are notifications.
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

#include "report_sarif.h"
#include "report_view.h"
#include "test_report_fixture.h"

static const char *
str_at(json_t *o, const char *path)
{
	char key[64];
	const char *dot;
	size_t n;

	while ((dot = strchr(path, '.')) != NULL) {
		n = (size_t)(dot - path);
		memcpy(key, path, n);
		key[n] = '\0';
		o = json_object_get(o, key);
		path = dot + 1;
	}
	return json_string_value(json_object_get(o, path));
}

static bool
level_ok(const char *l)
{
	return l != NULL && (strcmp(l, "none") == 0 || strcmp(l, "note") == 0 ||
	    strcmp(l, "warning") == 0 || strcmp(l, "error") == 0);
}

static void
check_sarif(json_t *root, size_t nresults, size_t nsuppressed)
{
	json_t *run, *rules, *results, *res, *rule, *loc, *x;
	size_t i, sup = 0;
	json_int_t idx;

	assert_string_equal(str_at(root, "version"), "2.1.0");
	assert_string_equal(str_at(root, "$schema"), SARIF_SCHEMA);
	assert_int_equal(json_array_size(json_object_get(root, "runs")), 1);
	run = json_array_get(json_object_get(root, "runs"), 0);
	assert_string_equal(str_at(run, "tool.driver.name"), "ctriage");
	assert_non_null(str_at(run, "tool.driver.version"));
	assert_non_null(str_at(run, "tool.driver.informationUri"));
	rules = json_object_get(json_object_get(json_object_get(run, "tool"),
	    "driver"), "rules");
	assert_int_equal(json_array_size(rules), 6);
	json_array_foreach(rules, i, rule) {
		assert_non_null(str_at(rule, "id"));
		assert_non_null(str_at(rule, "shortDescription.text"));
		assert_non_null(str_at(rule, "fullDescription.text"));
		assert_non_null(str_at(rule, "help.text"));
		assert_true(level_ok(str_at(rule,
		    "defaultConfiguration.level")));
		assert_non_null(str_at(rule, "helpUri"));
		assert_int_equal(strncmp(str_at(rule, "helpUri"), "https://", 8),
		    0);
	}
	results = json_object_get(run, "results");
	assert_int_equal(json_array_size(results), nresults);
	json_array_foreach(results, i, res) {
		assert_non_null(str_at(res, "message.text"));
		assert_true(level_ok(str_at(res, "level")));
		idx = json_integer_value(json_object_get(res, "ruleIndex"));
		assert_true(idx >= 0 && (size_t)idx < json_array_size(rules));
		assert_string_equal(str_at(res, "ruleId"), str_at(
		    json_array_get(rules, (size_t)idx), "id"));
		loc = json_array_get(json_object_get(res, "locations"), 0);
		assert_non_null(loc);
		assert_non_null(str_at(loc,
		    "physicalLocation.artifactLocation.uri"));
		x = json_object_get(json_object_get(json_object_get(loc,
		    "physicalLocation"), "region"), "startLine");
		assert_true(x == NULL || json_integer_value(x) >= 1);
		assert_non_null(str_at(res, "partialFingerprints.ctriage/v1"));
		if ((x = json_object_get(res, "suppressions")) != NULL) {
			assert_string_equal(str_at(json_array_get(x, 0),
			    "kind"), "external");
			assert_non_null(str_at(json_array_get(x, 0),
			    "justification"));
			sup++;
		}
	}
	assert_int_equal(sup, nsuppressed);
	x = json_array_get(json_object_get(run, "invocations"), 0);
	assert_true(json_is_true(json_object_get(x, "executionSuccessful")));
	x = json_object_get(x, "toolExecutionNotifications");
	assert_int_equal(json_array_size(x), 2);
	assert_string_equal(str_at(json_array_get(x, 0), "associatedRule.id"),
	    "REGEN-FAILED");
	assert_string_equal(str_at(json_array_get(x, 1), "associatedRule.id"),
	    "OLD-ONLY");
	assert_non_null(strstr(str_at(json_array_get(x, 1), "message.text"),
	    "1.16.5"));
}

static void
test_sarif(void **state)
{
	struct fixture fx;
	struct report_suppressions s;
	struct diag_list d;
	json_error_t jerr;
	json_t *root, *res;
	char *out, *path;
	size_t i;
	int found = 0;

	(void)state;
	fx_setup(&fx);
	report_fingerprint(&fx.r);
	report_finish(&fx.r);
	out = fx_render(report_sarif, &fx.r);
	root = json_loads(out, 0, &jerr);
	assert_non_null(root);
	check_sarif(root, 3, 0);
	/* The policy finding: error, at its line, with the hostile text. */
	json_array_foreach(json_object_get(json_array_get(json_object_get(root,
	    "runs"), 0), "results"), i, res) {
		if (strcmp(str_at(res, "ruleId"), "POL-INVALID-STATUS") != 0)
			continue;
		found = 1;
		assert_string_equal(str_at(res, "level"), "error");
		assert_non_null(strstr(str_at(res, "message.text"),
		    FX_HOSTILE));
		assert_true(json_integer_value(json_object_get(json_object_get(
		    json_object_get(json_array_get(json_object_get(res,
		    "locations"), 0), "physicalLocation"), "region"),
		    "startLine")) >= 1);
		assert_string_equal(str_at(json_array_get(json_object_get(res,
		    "locations"), 0), "physicalLocation.artifactLocation.uri"),
		    FX_TOP "ciliumnetworkpolicies-" FX_TS ".yaml");
	}
	assert_true(found);
	json_decref(root);
	free(out);

	path = sa_write(sa_tmp, "s.yaml", "- {rule: HUBBLE-OFF, reason: r}\n",
	    31);
	report_suppressions_init(&s);
	diag_list_init(&d);
	assert_int_equal(report_suppressions_load(&s, path, &d), 1);
	report_suppress(&fx.r, &s, "2025-01-01");
	report_finish(&fx.r);
	out = fx_render(report_sarif, &fx.r);
	root = json_loads(out, 0, &jerr);
	assert_non_null(root);
	check_sarif(root, 3, 1);
	json_decref(root);
	free(out);
	free(path);
	report_suppressions_release(&s);
	diag_list_release(&d);
	fx_teardown(&fx);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sarif),
	};

	return cmocka_run_group_tests_name("report_sarif", tests,
	    sa_group_setup, sa_group_teardown);
}
