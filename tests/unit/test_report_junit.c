/*
 * test_report_junit.c: the JUnit writer: one testcase per rule that ran
 * (one per finding for a rule with findings, each with one <failure>),
 * <skipped> for the rule not evaluated, counts in the attributes, and
 * every string escaped so the XML stays well-formed (the CLI test parses
 * it with xmllint).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report_junit.h"
#include "report_view.h"
#include "test_report_fixture.h"

static void
test_junit(void **state)
{
	struct fixture fx;
	char *xml;

	(void)state;
	fx_setup(&fx);
	report_finish(&fx.r);
	xml = fx_render(report_junit, &fx.r);
	assert_int_equal(strncmp(xml, "<?xml version=\"1.0\" encoding=\"UTF-8\""
	    "?>\n<testsuites name=\"ctriage\" tests=\"6\" failures=\"3\" "
	    "errors=\"0\" skipped=\"2\"", 94), 0);
	assert_non_null(strstr(xml, "<testsuite name=\"ctriage analyze\" "
	    "tests=\"6\" failures=\"3\" errors=\"0\" skipped=\"2\""));
	assert_int_equal(fx_count(xml, "<testcase "), 6);
	assert_int_equal(fx_count(xml, "<failure "), 3);
	assert_int_equal(fx_count(xml, "<skipped "), 2);
	assert_int_equal(fx_count(xml, "</testcase>"), 5);
	assert_non_null(strstr(xml, "name=\"REGEN-FAILED\" time=\"0\">\n"
	    "      <skipped message=\"the sysdump has no"));
	/* The rule without findings: one passing, self-closed testcase. */
	assert_non_null(strstr(xml, "<testcase classname=\"ctriage.config\" "
	    "name=\"KNP-DISABLED\" time=\"0\"/>"));
	assert_non_null(strstr(xml, "<testcase classname=\"ctriage.config\" "
	    "name=\"OLD-ONLY\" time=\"0\">\n      <skipped message=\"applies "
	    "to Cilium"));
	assert_non_null(strstr(xml, "classname=\"ctriage.policy\" name=\""
	    "POL-INVALID-STATUS: "));
	assert_non_null(strstr(xml, "type=\"critical\">CRITICAL "
	    "POL-INVALID-STATUS (rank 1"));
	assert_non_null(strstr(xml, "type=\"low\">LOW HUBBLE-OFF"));
	/* Nothing raw that would end the document or open an element. */
	assert_null(strstr(xml, "<script>"));
	assert_null(strstr(xml, "]]>"));
	assert_non_null(strstr(xml, "&lt;script&gt;alert(1)&lt;/script&gt; "
	    "&amp; | `tick` ]]&gt; &quot;q&quot;"));
	assert_non_null(strstr(xml, "<property name=\"suppressed\" "
	    "value=\"0\"/>"));
	assert_non_null(strstr(xml, "  </testsuite>\n</testsuites>\n"));
	free(xml);
	fx_teardown(&fx);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_junit),
	};

	return cmocka_run_group_tests_name("report_junit", tests,
	    sa_group_setup, sa_group_teardown);
}
