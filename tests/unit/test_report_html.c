/*
 * test_report_html.c: the HTML writer: one self-contained page (no
 * script, no external resource), a table of contents whose links all
 * land on a finding, severity colours, collapsible evidence, print CSS,
 * and every sysdump string escaped.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report_esc.h"
#include "report_html.h"
#include "report_view.h"
#include "test_report_fixture.h"

static void
test_html(void **state)
{
	struct fixture fx;
	char *html, anchor[64], link[64];
	unsigned i;

	(void)state;
	fx_setup(&fx);
	report_finish(&fx.r);
	html = fx_render(report_html, &fx.r);
	assert_int_equal(strncmp(html, "<!DOCTYPE html>\n<html lang=\"en\">", 32),
	    0);
	assert_non_null(strstr(html, "</body>\n</html>\n"));
	/* Self-contained: no script, no fetched resource. */
	assert_null(strstr(html, "<script"));
	assert_null(strstr(html, "<link"));
	assert_null(strstr(html, "src="));
	assert_null(strstr(html, "@import"));
	assert_null(strstr(html, "url("));
	assert_int_equal(fx_count(html, "<style>"), 1);
	assert_non_null(strstr(html, "@media print"));
	/* The contents: one link per finding, each to its section. */
	assert_non_null(strstr(html, "<nav id=\"toc\">"));
	for (i = 1; i <= fx.r.n; i++) {
		snprintf(link, sizeof(link), "<a href=\"#finding-%u\">", i);
		snprintf(anchor, sizeof(anchor), " id=\"finding-%u\">", i);
		assert_int_equal(fx_count(html, link), 1);
		assert_int_equal(fx_count(html, anchor), 1);
	}
	assert_int_equal(fx_count(html, "<section class=\"finding "), 3);
	assert_non_null(strstr(html, "<section class=\"finding critical\""));
	assert_non_null(strstr(html, "<span class=\"sev sev-low\">LOW</span>"));
	assert_non_null(strstr(html, ".sev-critical{background:"));
	assert_non_null(strstr(html, "<details class=\"evidence\"><summary>"
	    "Evidence ("));
	/* Escaped, including inside the evidence. */
	assert_non_null(strstr(html, "&lt;script&gt;alert(1)&lt;/script&gt; "
	    "&amp; | `tick` ]]&gt; &quot;q&quot; &#39;a&#39;"));
	assert_non_null(strstr(html, "<a href=\"https://docs.cilium.io/en/"
	    "stable/p\">"));
	assert_non_null(strstr(html, "<h2 id=\"not-evaluated\">Not evaluated "
	    "(1)</h2>"));
	free(html);

	/* No findings: still a whole page. */
	report_min_severity(&fx.r, SEV_CRITICAL);
	fx.r.n = 0;
	html = fx_render(report_html, &fx.r);
	assert_non_null(strstr(html, "<p>No findings.</p>"));
	assert_non_null(strstr(html, "</html>\n"));
	free(html);
	fx_teardown(&fx);
}

static void
test_xml_escape(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	esc_xml(&b, "a<b>&\"'\n\x01", 0);
	assert_string_equal(b.ptr, "a&lt;b&gt;&amp;&quot;&#39;\n\\x01");
	buf_reset(&b);
	esc_xml(&b, "x\ny\tz", 1);
	assert_string_equal(b.ptr, "x&#10;y&#9;z");
	buf_reset(&b);
	esc_uri(&b, "dir/a b%#?.yaml");
	assert_string_equal(b.ptr, "dir/a%20b%25%23%3F.yaml");
	buf_release(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_html),
		cmocka_unit_test(test_xml_escape),
	};

	return cmocka_run_group_tests_name("report_html", tests,
	    sa_group_setup, sa_group_teardown);
}
