/*
 * report_md.c: `analyze --format markdown` (see report_md.h).  It renders
 * as GitHub-flavoured Markdown (the tables) and stays readable as plain
 * text; every string from the sysdump is escaped with esc_md, and
 * multi-line text (evidence, fixes) goes into fenced code blocks whose
 * fence is longer than any backtick run inside.
 */
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "eval.h"
#include "report_esc.h"
#include "report_md.h"
#include "report_view.h"
#include "rule.h"

/* Affected objects listed before "and N more". */
#define MD_AFFECTED	20

static void
md_code(struct buf *b, const char *text)
{
	buf_addch(b, '\n');
	md_fence(b, text);
	buf_addstr(b, "text\n");
	buf_addstr(b, text);
	if (*text == '\0' || text[strlen(text) - 1] != '\n')
		buf_addch(b, '\n');
	md_fence(b, text);
	buf_addch(b, '\n');
}

static void
md_finding(struct buf *b, const struct finding *x)
{
	size_t j;

	buf_addf(b, "\n### %u. %s %s: ", x->rank,
	    report_severity_upper(x->severity), x->rule->id);
	esc_md(b, x->title, 1);
	buf_addf(b, "\n\n<a id=\"finding-%u\"></a>\n\n", x->rank);
	esc_md(b, x->message, 0);
	buf_addstr(b, "\n\n");
	buf_addf(b, "- **Severity:** %s (confidence %.2f)\n",
	    severity_name(x->severity), x->confidence);
	buf_addf(b, "- **Category:** ");
	esc_md(b, x->rule->category, 1);
	buf_addch(b, '\n');
	if (x->nsubjects > 0) {
		buf_addstr(b, "- **Subjects:** ");
		for (j = 0; j < x->nsubjects; j++) {
			buf_addstr(b, j ? ", " : "");
			esc_md(b, x->subjects[j].kind, 1);
			buf_addch(b, ' ');
			if (x->subjects[j].ns != NULL) {
				esc_md(b, x->subjects[j].ns, 1);
				buf_addch(b, '/');
			}
			esc_md(b, x->subjects[j].name, 1);
		}
		buf_addch(b, '\n');
	}
	if (x->naffected > 0) {
		buf_addf(b, "- **Affects (%zu):** ", x->naffected);
		for (j = 0; j < x->naffected && j < MD_AFFECTED; j++) {
			buf_addstr(b, j ? ", " : "");
			esc_md(b, x->affected[j], 1);
		}
		if (x->naffected > MD_AFFECTED)
			buf_addf(b, " and %zu more", x->naffected - MD_AFFECTED);
		buf_addch(b, '\n');
	}
	if (x->drops || x->log_lines || x->contradicting)
		buf_addf(b, "- **Corroboration:** %lu dropped flows, %lu log "
		    "lines, %lu forwarded flows against it\n", x->drops,
		    x->log_lines, x->contradicting);
	if (x->nevidence > 0) {
		buf_addf(b, "\n#### Evidence (%zu)\n", x->nevidence);
		for (j = 0; j < x->nevidence; j++) {
			buf_addstr(b, "\n");
			esc_md(b, x->evidence[j].path, 1);
			if (x->evidence[j].line)
				buf_addf(b, ":%lu", x->evidence[j].line);
			buf_addch(b, '\n');
			md_code(b, x->evidence[j].excerpt);
		}
	}
	buf_addstr(b, "\n#### Fix\n");
	md_code(b, x->remediation);
	if (x->rule->nreferences > 0) {
		buf_addstr(b, "\n**Docs:**");
		for (j = 0; j < x->rule->nreferences; j++) {
			buf_addstr(b, j ? ", " : " ");
			if (strncmp(x->rule->references[j], "http", 4) == 0)
				buf_addf(b, "<%s>", x->rule->references[j]);
			else
				esc_md(b, x->rule->references[j], 1);
		}
		buf_addch(b, '\n');
	}
}

int
report_md(const struct report *r, FILE *out)
{
	struct buf b = BUF_INIT;
	size_t counts[5], i, k;
	int s;

	report_count(r, counts);
	buf_addstr(&b, "# ctriage analyze: ");
	esc_md(&b, r->in.path != NULL ? r->in.path : "-", 1);
	buf_addstr(&b, "\n\n");
	buf_addstr(&b, "| Cluster | Cilium | Kubernetes | Nodes | Sysdump |\n"
	    "| --- | --- | --- | --- | --- |\n| ");
	esc_md(&b, r->in.cluster != NULL ? r->in.cluster : "-", 1);
	buf_addstr(&b, " | ");
	esc_md(&b, r->in.cilium_version != NULL ? r->in.cilium_version :
	    "unknown", 1);
	buf_addstr(&b, " | ");
	esc_md(&b, r->in.k8s_version != NULL ? r->in.k8s_version :
	    "unknown", 1);
	buf_addf(&b, " | %zu | ", r->in.nnodes);
	esc_md(&b, r->in.sysdump_time != NULL ? r->in.sysdump_time : "-", 1);
	buf_addstr(&b, " |\n\n");

	buf_addstr(&b, "## Summary\n\n| Severity | Findings |\n| --- | ---: |\n");
	for (s = SEV_CRITICAL; s >= SEV_INFO; s--)
		buf_addf(&b, "| %s | %zu |\n", severity_name((enum severity)s),
		    counts[s]);
	buf_addch(&b, '\n');
	report_rules_line(&b, r, "", "");
	buf_addstr(&b, "\n\n");

	if (r->n == 0)
		buf_addstr(&b, "No findings.\n");
	else {
		buf_addstr(&b, "| # | Severity | Rule | Finding |\n"
		    "| ---: | --- | --- | --- |\n");
		for (i = 0; i < r->n; i++) {
			const struct finding *x = &r->v[i].f;

			buf_addf(&b, "| %u | %s | %s | [", x->rank,
			    report_severity_upper(x->severity), x->rule->id);
			esc_md(&b, x->title, 1);
			buf_addf(&b, "](#finding-%u) |\n", x->rank);
		}
		buf_addstr(&b, "\n## Findings\n");
		for (i = 0; i < r->n; i++) {
			md_finding(&b, &r->v[i].f);
			esc_flush(&b, out);
		}
	}
	if (r->nsuppressed > 0) {
		buf_addf(&b, "\n## Suppressed (%zu)\n\n| Rule | Finding | "
		    "Suppressed by | Reason | Expires |\n"
		    "| --- | --- | --- | --- | --- |\n", r->nsuppressed);
		for (i = 0; i < r->nsuppressed; i++) {
			const struct report_item *it = &r->suppressed[i];

			buf_addf(&b, "| %s | ", it->f.rule->id);
			esc_md(&b, it->f.title, 1);
			buf_addstr(&b, " | ");
			esc_md(&b, it->suppressed_by->path, 1);
			buf_addf(&b, ":%lu | ", it->suppressed_by->line);
			esc_md(&b, it->suppressed_by->reason, 1);
			buf_addf(&b, " | %s |\n", it->suppressed_by->expires ?
			    it->suppressed_by->expires : "never");
		}
	}
	if ((k = report_expired(r)) > 0) {
		buf_addf(&b, "\n## Expired suppressions (%zu)\n\n| Where | Rule "
		    "| Expired on | Reason |\n| --- | --- | --- | --- |\n", k);
		for (i = 0; i < r->sup->n; i++) {
			const struct report_suppression *x = &r->sup->v[i];

			if (!x->expired)
				continue;
			buf_addstr(&b, "| ");
			esc_md(&b, x->path, 1);
			buf_addf(&b, ":%lu | ", x->line);
			esc_md(&b, x->rule, 1);
			buf_addf(&b, " | %s | ", x->expires);
			esc_md(&b, x->reason, 1);
			buf_addstr(&b, " |\n");
		}
	}
	if (r->nskipped > 0) {
		buf_addf(&b, "\n## Not evaluated (%zu)\n\n| Rule | Why |\n"
		    "| --- | --- |\n", r->nskipped);
		for (i = 0; i < r->nskipped; i++) {
			buf_addf(&b, "| %s | ", r->skipped[i].rule->id);
			esc_md(&b, r->skipped[i].reason, 1);
			buf_addstr(&b, " |\n");
		}
	}
	if (r->nnot_applicable > 0) {
		buf_addf(&b, "\n## Not applicable to this release (%zu)\n\n"
		    "| Rule | Why |\n| --- | --- |\n", r->nnot_applicable);
		for (i = 0; i < r->nnot_applicable; i++) {
			buf_addf(&b, "| %s | ", r->not_applicable[i].rule->id);
			esc_md(&b, r->not_applicable[i].reason, 1);
			buf_addstr(&b, " |\n");
		}
	}
	if (r->in.nskipped > 0) {
		buf_addf(&b, "\n## Inputs skipped (%zu)\n\n| Member | Why |\n"
		    "| --- | --- |\n", r->in.nskipped);
		for (i = 0; i < r->in.nskipped; i++) {
			buf_addstr(&b, "| ");
			esc_md(&b, r->in.skipped[i].path, 1);
			buf_addstr(&b, " | ");
			esc_md(&b, r->in.skipped[i].reason, 1);
			buf_addstr(&b, " |\n");
		}
	}
	esc_flush(&b, out);
	buf_release(&b);
	return ferror(out) ? -1 : 0;
}
