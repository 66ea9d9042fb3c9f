/*
 * test_report_md.c: the Markdown writer: a summary table with one row per
 * finding and the right number of cells, evidence in fenced blocks, every
 * sysdump string escaped (no raw markup, no stray table pipe), and the
 * suppressed and not-evaluated tables.
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
#include "report_md.h"
#include "report_view.h"
#include "test_report_fixture.h"

/* Table cells of a Markdown row: unescaped pipes minus one. */
static int
cells(const char *line, size_t len)
{
	size_t i;
	int pipes = 0;

	for (i = 0; i < len; i++) {
		if (line[i] == '\\') {
			i++;
			continue;
		}
		pipes += line[i] == '|';
	}
	return pipes - 1;
}

/* Check every row of the table whose header line is `header`. */
static size_t
table_rows(const char *md, const char *header, int ncells)
{
	const char *p = strstr(md, header), *nl;
	size_t rows = 0;

	assert_non_null(p);
	p = strchr(p, '\n') + 1;		/* the delimiter row */
	assert_int_equal(cells(p, (size_t)(strchr(p, '\n') - p)), ncells);
	for (p = strchr(p, '\n') + 1; *p == '|'; p = nl + 1) {
		nl = strchr(p, '\n');
		assert_non_null(nl);
		assert_int_equal(cells(p, (size_t)(nl - p)), ncells);
		rows++;
	}
	return rows;
}

/* md without its fenced code blocks (where text is verbatim, safely). */
static char *
prose(const char *md)
{
	struct buf b = BUF_INIT;
	const char *p = md, *nl;
	int fenced = 0;

	for (; *p != '\0'; p = nl + 1) {
		nl = strchr(p, '\n');
		if (nl == NULL)
			nl = p + strlen(p) - 1;
		if (strncmp(p, "```", 3) == 0) {
			fenced = !fenced;
			continue;
		}
		if (!fenced)
			buf_add(&b, p, (size_t)(nl - p + 1));
	}
	return buf_detach(&b, NULL);
}

static void
test_md(void **state)
{
	struct fixture fx;
	struct report_suppressions s;
	struct diag_list d;
	static const char sup[] = "- rule: HUBBLE-OFF\n  reason: a | b\n";
	char *md, *path, *text;

	(void)state;
	fx_setup(&fx);
	report_finish(&fx.r);
	md = fx_render(report_md, &fx.r);
	assert_int_equal(strncmp(md, "# ctriage analyze: ", 19), 0);
	assert_int_equal(table_rows(md, "| Cluster | Cilium |", 5), 1);
	assert_int_equal(table_rows(md, "| Severity | Findings |", 2), 5);
	assert_int_equal(table_rows(md, "| # | Severity | Rule | Finding |", 4),
	    3);
	assert_non_null(strstr(md, "| critical | 1 |\n| high | 1 |\n"
	    "| medium | 0 |\n| low | 1 |\n| info | 0 |\n"));
	assert_non_null(strstr(md, "| 1 | CRITICAL | POL-INVALID-STATUS | ["));
	assert_non_null(strstr(md, "](#finding-1) |"));
	assert_non_null(strstr(md, "### 1. CRITICAL POL-INVALID-STATUS: "));
	/* Evidence in fenced blocks, member:line before each. */
	assert_non_null(strstr(md, "#### Evidence ("));
	assert_non_null(strstr(md, "ciliumnetworkpolicies-"));
	assert_true(fx_count(md, "```text\n") >= 4);
	/* The hostile status message: escaped in prose, verbatim in code. */
	text = prose(md);
	assert_null(strstr(text, "<script>"));
	assert_null(strstr(text, "`tick`"));
	free(text);
	assert_non_null(strstr(md, FX_HOSTILE));
	assert_non_null(strstr(md, "\\<script\\>alert(1)\\</script\\> \\& "
	    "\\| \\`tick\\`"));
	assert_non_null(strstr(md, "**Docs:** src: pkg/policy/api/"
	    "rule\\_validation.go, <https://docs.cilium.io/en/stable/p>\n"));
	assert_non_null(strstr(md, "<https://docs.cilium.io/en/stable/p>"));
	assert_int_equal(table_rows(md, "| Rule | Why |", 2), 1);
	assert_non_null(strstr(md, "## Not evaluated (1)\n"));
	assert_non_null(strstr(md, "| REGEN-FAILED | the sysdump has no"));
	assert_non_null(strstr(md, "## Not applicable to this release (1)"));
	assert_non_null(strstr(md, "| OLD-ONLY | applies to Cilium"));
	free(md);

	/* Suppressed findings: a table, and counted in the summary. */
	path = sa_write(sa_tmp, "s.yaml", sup, strlen(sup));
	report_suppressions_init(&s);
	diag_list_init(&d);
	assert_int_equal(report_suppressions_load(&s, path, &d), 1);
	report_suppress(&fx.r, &s, "2025-01-01");
	report_finish(&fx.r);
	md = fx_render(report_md, &fx.r);
	assert_non_null(strstr(md, "Hidden: 1 suppressed."));
	assert_int_equal(table_rows(md, "| Rule | Finding | Suppressed by |",
	    5), 1);
	assert_non_null(strstr(md, "| a \\| b | never |"));
	assert_int_equal(table_rows(md, "| # | Severity | Rule | Finding |", 4),
	    2);
	free(md);
	fx_teardown(&fx);
	report_suppressions_release(&s);
	diag_list_release(&d);
	free(path);
}

static void
test_md_escape(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	esc_md(&b, "# x\n1. y\n- z *a* _b_ [l](u)", 0);
	assert_string_equal(b.ptr, "\\# x  \n1\\. y  \n\\- z \\*a\\* \\_b\\_ "
	    "\\[l\\](u)");
	buf_reset(&b);
	esc_md(&b, "a|b\nc", 1);
	assert_string_equal(b.ptr, "a\\|b<br>c");
	buf_reset(&b);
	md_fence(&b, "x ```` y");
	assert_string_equal(b.ptr, "`````");
	buf_release(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_md),
		cmocka_unit_test(test_md_escape),
	};

	return cmocka_run_group_tests_name("report_md", tests,
	    sa_group_setup, sa_group_teardown);
}
