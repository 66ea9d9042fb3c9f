/*
 * report_junit.c: `analyze --format junit` (see report_junit.h for the
 * layout and why a rule with several findings is several testcases).
 * Rules are visited in catalog order, so the XML is stable; every string
 * goes through esc_xml.
 */
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "eval.h"
#include "report_esc.h"
#include "report_junit.h"
#include "report_view.h"
#include "rule.h"

/* Why rule did not run (not evaluated, or for another release), or NULL. */
static const struct not_evaluated *
skipped_of(const struct report *r, const struct rule *rule)
{
	size_t i;

	for (i = 0; i < r->nskipped; i++)
		if (r->skipped[i].rule == rule)
			return &r->skipped[i];
	for (i = 0; i < r->nnot_applicable; i++)
		if (r->not_applicable[i].rule == rule)
			return &r->not_applicable[i];
	return NULL;
}

static void
junit_case_open(struct buf *b, const struct rule *rule, const char *name)
{
	buf_addstr(b, "    <testcase classname=\"ctriage.");
	esc_xml(b, rule->category, 1);
	buf_addstr(b, "\" name=\"");
	esc_xml(b, name, 1);
	buf_addstr(b, "\" time=\"0\"");
}

static void
junit_failure(struct buf *b, const struct finding *f)
{
	struct buf name = BUF_INIT;
	size_t j;

	buf_addf(&name, "%s: %s", f->rule->id, f->title);
	junit_case_open(b, f->rule, name.ptr);
	buf_release(&name);
	buf_addstr(b, ">\n      <failure message=\"");
	esc_xml(b, f->title, 1);
	buf_addf(b, "\" type=\"%s\">", severity_name(f->severity));
	buf_addf(b, "%s %s (rank %u, confidence %.2f)\n\n",
	    report_severity_upper(f->severity), f->rule->id, f->rank,
	    f->confidence);
	esc_xml(b, f->message, 0);
	if (f->nsubjects > 0) {
		buf_addstr(b, "\n\nSubjects:");
		for (j = 0; j < f->nsubjects; j++) {
			buf_addstr(b, "\n  ");
			esc_xml(b, f->subjects[j].kind, 0);
			buf_addch(b, ' ');
			if (f->subjects[j].ns != NULL) {
				esc_xml(b, f->subjects[j].ns, 0);
				buf_addch(b, '/');
			}
			esc_xml(b, f->subjects[j].name, 0);
		}
	}
	if (f->naffected > 0) {
		buf_addf(b, "\n\nAffects (%zu):", f->naffected);
		for (j = 0; j < f->naffected; j++) {
			buf_addstr(b, j ? ", " : " ");
			esc_xml(b, f->affected[j], 0);
		}
	}
	if (f->nevidence > 0) {
		buf_addstr(b, "\n\nEvidence:");
		for (j = 0; j < f->nevidence; j++) {
			buf_addstr(b, "\n  ");
			esc_xml(b, f->evidence[j].path, 0);
			if (f->evidence[j].line)
				buf_addf(b, ":%lu", f->evidence[j].line);
			buf_addstr(b, "\n    ");
			esc_xml(b, f->evidence[j].excerpt, 0);
		}
	}
	buf_addstr(b, "\n\nFix:\n");
	esc_xml(b, f->remediation, 0);
	buf_addstr(b, "</failure>\n    </testcase>\n");
}

int
report_junit(const struct report *r, FILE *out)
{
	struct buf b = BUF_INIT, body = BUF_INIT;
	const struct not_evaluated *ne;
	size_t i, j, tests = 0, failures = 0, skipped = 0, hits;

	for (i = 0; i < r->rs->nrules; i++) {
		const struct rule *rule = &r->rs->rules[i];

		if ((ne = skipped_of(r, rule)) != NULL) {
			junit_case_open(&body, rule, rule->id);
			buf_addstr(&body, ">\n      <skipped message=\"");
			esc_xml(&body, ne->reason, 1);
			buf_addstr(&body, "\"/>\n    </testcase>\n");
			tests++;
			skipped++;
			continue;
		}
		for (j = 0, hits = 0; j < r->n; j++) {
			if (r->v[j].f.rule != rule)
				continue;
			junit_failure(&body, &r->v[j].f);
			hits++;
		}
		if (hits == 0) {
			junit_case_open(&body, rule, rule->id);
			buf_addstr(&body, "/>\n");
			hits = 1;
		} else
			failures += hits;
		tests += hits;
	}
	buf_addstr(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
	buf_addf(&b, "<testsuites name=\"ctriage\" tests=\"%zu\" failures="
	    "\"%zu\" errors=\"0\" skipped=\"%zu\" time=\"0\">\n", tests,
	    failures, skipped);
	buf_addf(&b, "  <testsuite name=\"ctriage analyze\" tests=\"%zu\" "
	    "failures=\"%zu\" errors=\"0\" skipped=\"%zu\" time=\"0\" "
	    "hostname=\"", tests, failures, skipped);
	esc_xml(&b, r->in.cluster != NULL ? r->in.cluster : "unknown", 1);
	buf_addstr(&b, "\">\n    <properties>\n");
	buf_addstr(&b, "      <property name=\"input\" value=\"");
	esc_xml(&b, r->in.path != NULL ? r->in.path : "", 1);
	buf_addstr(&b, "\"/>\n      <property name=\"cilium_version\" value=\"");
	esc_xml(&b, r->in.cilium_version != NULL ? r->in.cilium_version :
	    "unknown", 1);
	buf_addf(&b, "\"/>\n      <property name=\"suppressed\" value=\"%zu\"/>"
	    "\n      <property name=\"in_baseline\" value=\"%zu\"/>\n"
	    "      <property name=\"below_min_severity\" value=\"%zu\"/>\n"
	    "      <property name=\"rules_excluded\" value=\"%zu\"/>\n"
	    "      <property name=\"redacted\" value=\"%s\"/>\n"
	    "    </properties>\n", r->nsuppressed, r->by_baseline,
	    r->below_min, r->nexcluded, r->redacted ? "true" : "false");
	esc_flush(&b, out);
	fwrite(body.ptr, 1, body.len, out);
	buf_addstr(&b, "  </testsuite>\n</testsuites>\n");
	esc_flush(&b, out);
	buf_release(&b);
	buf_release(&body);
	return ferror(out) ? -1 : 0;
}
