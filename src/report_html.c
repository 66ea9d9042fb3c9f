/*
 * report_html.c: `analyze --format html` (see report_html.h): one page,
 * inline CSS, no script, no external resource.  Every string from the
 * sysdump goes through esc_xml; the page's own markup is fixed text.
 */
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "eval.h"
#include "report_esc.h"
#include "report_html.h"
#include "report_view.h"
#include "rule.h"

#ifndef CTRIAGE_VERSION
#define CTRIAGE_VERSION "0.0.0"
#endif

static const char css[] =
    ":root{--crit:#7f1d1d;--high:#b91c1c;--med:#b45309;--low:#0e7490;"
    "--info:#4b5563}\n"
    "body{font:15px/1.45 system-ui,-apple-system,'Segoe UI',sans-serif;"
    "color:#111827;max-width:70rem;margin:1.5rem auto;padding:0 1rem}\n"
    "h1{font-size:1.5rem}h2{margin-top:2rem;border-bottom:1px solid #d1d5db}"
    "h3{font-size:1.1rem;margin:0 0 .4rem}\n"
    "table{border-collapse:collapse;margin:.5rem 0}"
    "th,td{border:1px solid #d1d5db;padding:.25rem .5rem;text-align:left;"
    "vertical-align:top}th{background:#f3f4f6}\n"
    "pre{background:#f9fafb;border:1px solid #e5e7eb;padding:.5rem;"
    "white-space:pre-wrap;word-break:break-word;margin:.25rem 0}\n"
    "code{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.9em}\n"
    ".sev{display:inline-block;min-width:5.5em;text-align:center;"
    "color:#fff;border-radius:3px;padding:0 .3em;font-weight:600;"
    "font-size:.85em}\n"
    ".sev-critical{background:var(--crit)}.sev-high{background:var(--high)}"
    ".sev-medium{background:var(--med)}.sev-low{background:var(--low)}"
    ".sev-info{background:var(--info)}\n"
    ".finding{border-left:6px solid var(--info);padding:.5rem 1rem;"
    "margin:1rem 0;background:#fff;break-inside:avoid-page}\n"
    ".finding.critical{border-color:var(--crit)}"
    ".finding.high{border-color:var(--high)}"
    ".finding.medium{border-color:var(--med)}"
    ".finding.low{border-color:var(--low)}\n"
    ".meta{color:#4b5563;font-size:.9em}\n"
    "summary{cursor:pointer;font-weight:600}\n"
    "nav ol{padding-left:1.5rem}\n"
    "@media print{body{max-width:none;margin:0;font-size:11pt}"
    "a{color:inherit;text-decoration:none}nav{break-after:page}"
    ".sev{border:1px solid #000;color:#000;background:none!important}"
    "details>summary{list-style:none}"
    "details::details-content{content-visibility:visible;display:block}"
    "pre{border-color:#999}}\n";

static void
html_text(struct buf *b, const char *s)
{
	esc_xml(b, s != NULL ? s : "-", 0);
}

static void
html_sev(struct buf *b, enum severity s)
{
	buf_addf(b, "<span class=\"sev sev-%s\">%s</span>", severity_name(s),
	    report_severity_upper(s));
}

static void
html_finding(struct buf *b, const struct finding *x)
{
	size_t j;

	buf_addf(b, "<section class=\"finding %s\" id=\"finding-%u\">\n"
	    "<h3>%u. ", severity_name(x->severity), x->rank, x->rank);
	html_sev(b, x->severity);
	buf_addf(b, " <code>%s</code> ", x->rule->id);
	html_text(b, x->title);
	buf_addstr(b, "</h3>\n<p class=\"meta\">category ");
	html_text(b, x->rule->category);
	buf_addf(b, ", confidence %.2f", x->confidence);
	if (x->drops || x->log_lines || x->contradicting)
		buf_addf(b, "; %lu dropped flows, %lu log lines, %lu forwarded "
		    "flows against it", x->drops, x->log_lines,
		    x->contradicting);
	buf_addstr(b, "</p>\n<pre class=\"message\">");
	html_text(b, x->message);
	buf_addstr(b, "</pre>\n");
	if (x->nsubjects > 0) {
		buf_addstr(b, "<p><b>Subjects:</b> ");
		for (j = 0; j < x->nsubjects; j++) {
			buf_addstr(b, j ? ", " : "");
			html_text(b, x->subjects[j].kind);
			buf_addstr(b, " <code>");
			if (x->subjects[j].ns != NULL) {
				html_text(b, x->subjects[j].ns);
				buf_addch(b, '/');
			}
			html_text(b, x->subjects[j].name);
			buf_addstr(b, "</code>");
		}
		buf_addstr(b, "</p>\n");
	}
	if (x->naffected > 0) {
		buf_addf(b, "<details class=\"affected\"><summary>Affects %zu"
		    "</summary>\n<p>", x->naffected);
		for (j = 0; j < x->naffected; j++) {
			buf_addstr(b, j ? ", " : "");
			buf_addstr(b, "<code>");
			html_text(b, x->affected[j]);
			buf_addstr(b, "</code>");
		}
		buf_addstr(b, "</p></details>\n");
	}
	if (x->nevidence > 0) {
		buf_addf(b, "<details class=\"evidence\"><summary>Evidence (%zu)"
		    "</summary>\n", x->nevidence);
		for (j = 0; j < x->nevidence; j++) {
			buf_addstr(b, "<div class=\"ev\"><code>");
			html_text(b, x->evidence[j].path);
			if (x->evidence[j].line)
				buf_addf(b, ":%lu", x->evidence[j].line);
			buf_addstr(b, "</code>\n<pre>");
			html_text(b, x->evidence[j].excerpt);
			buf_addstr(b, "</pre></div>\n");
		}
		buf_addstr(b, "</details>\n");
	}
	buf_addstr(b, "<p><b>Fix:</b></p>\n<pre class=\"fix\">");
	html_text(b, x->remediation);
	buf_addstr(b, "</pre>\n");
	if (x->rule->nreferences > 0) {
		buf_addstr(b, "<p class=\"meta\">Docs: ");
		for (j = 0; j < x->rule->nreferences; j++) {
			const char *ref = x->rule->references[j];

			buf_addstr(b, j ? ", " : "");
			if (strncmp(ref, "https://", 8) == 0 ||
			    strncmp(ref, "http://", 7) == 0) {
				buf_addstr(b, "<a href=\"");
				esc_xml(b, ref, 1);
				buf_addstr(b, "\">");
				html_text(b, ref);
				buf_addstr(b, "</a>");
			} else {
				buf_addstr(b, "<code>");
				html_text(b, ref);
				buf_addstr(b, "</code>");
			}
		}
		buf_addstr(b, "</p>\n");
	}
	buf_addstr(b, "</section>\n");
}

int
report_html(const struct report *r, FILE *out)
{
	struct buf b = BUF_INIT;
	size_t counts[5], i, k;
	int s;

	report_count(r, counts);
	buf_addstr(&b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n"
	    "<meta name=\"viewport\" content=\"width=device-width\">\n"
	    "<meta name=\"generator\" content=\"ctriage " CTRIAGE_VERSION
	    "\">\n<title>ctriage: ");
	html_text(&b, r->in.cluster != NULL ? r->in.cluster : r->in.path);
	buf_addf(&b, "</title>\n<style>\n%s</style>\n</head>\n<body>\n", css);
	buf_addstr(&b, "<header>\n<h1>ctriage analyze: ");
	html_text(&b, r->in.path);
	buf_addstr(&b, "</h1>\n<table class=\"input\">\n<tr><th>Cluster</th><td>");
	html_text(&b, r->in.cluster);
	buf_addstr(&b, "</td></tr>\n<tr><th>Cilium</th><td>");
	html_text(&b, r->in.cilium_version != NULL ? r->in.cilium_version :
	    "unknown");
	buf_addstr(&b, "</td></tr>\n<tr><th>Kubernetes</th><td>");
	html_text(&b, r->in.k8s_version != NULL ? r->in.k8s_version :
	    "unknown");
	buf_addf(&b, "</td></tr>\n<tr><th>Nodes</th><td>%zu", r->in.nnodes);
	for (i = 0; i < r->in.nnodes; i++) {
		buf_addstr(&b, i ? ", " : ": ");
		html_text(&b, r->in.nodes[i]);
	}
	buf_addstr(&b, "</td></tr>\n<tr><th>Sysdump</th><td>");
	html_text(&b, r->in.sysdump_time);
	buf_addstr(&b, "</td></tr>\n</table>\n</header>\n");

	buf_addstr(&b, "<section id=\"summary\">\n<h2>Summary</h2>\n"
	    "<table class=\"counts\">\n<tr><th>Severity</th><th>Findings</th>"
	    "</tr>\n");
	for (s = SEV_CRITICAL; s >= SEV_INFO; s--) {
		buf_addstr(&b, "<tr><td>");
		html_sev(&b, (enum severity)s);
		buf_addf(&b, "</td><td>%zu</td></tr>\n", counts[s]);
	}
	buf_addstr(&b, "</table>\n<p>");
	report_rules_line(&b, r, "<span id=\"suppressed-count\">", "</span>");
	buf_addstr(&b, "</p>\n</section>\n");

	buf_addstr(&b, "<nav id=\"toc\">\n<h2>Contents</h2>\n");
	if (r->n == 0)
		buf_addstr(&b, "<p>No findings.</p>\n");
	else {
		buf_addstr(&b, "<ol>\n");
		for (i = 0; i < r->n; i++) {
			const struct finding *x = &r->v[i].f;

			buf_addf(&b, "<li><a href=\"#finding-%u\">", x->rank);
			html_sev(&b, x->severity);
			buf_addf(&b, " <code>%s</code> ", x->rule->id);
			html_text(&b, x->title);
			buf_addstr(&b, "</a></li>\n");
		}
		buf_addstr(&b, "</ol>\n");
	}
	buf_addstr(&b, "</nav>\n<main>\n");
	if (r->n > 0)
		buf_addstr(&b, "<h2 id=\"findings\">Findings</h2>\n");
	for (i = 0; i < r->n; i++) {
		html_finding(&b, &r->v[i].f);
		esc_flush(&b, out);
	}
	if (r->nsuppressed > 0) {
		buf_addf(&b, "<h2 id=\"suppressed\">Suppressed (%zu)</h2>\n"
		    "<table>\n<tr><th>Rule</th><th>Finding</th><th>By</th>"
		    "<th>Reason</th><th>Expires</th></tr>\n", r->nsuppressed);
		for (i = 0; i < r->nsuppressed; i++) {
			const struct report_item *it = &r->suppressed[i];

			buf_addf(&b, "<tr><td><code>%s</code></td><td>",
			    it->f.rule->id);
			html_text(&b, it->f.title);
			buf_addstr(&b, "</td><td><code>");
			html_text(&b, it->suppressed_by->path);
			buf_addf(&b, ":%lu</code></td><td>",
			    it->suppressed_by->line);
			html_text(&b, it->suppressed_by->reason);
			buf_addstr(&b, "</td><td>");
			html_text(&b, it->suppressed_by->expires != NULL ?
			    it->suppressed_by->expires : "never");
			buf_addstr(&b, "</td></tr>\n");
		}
		buf_addstr(&b, "</table>\n");
	}
	if ((k = report_expired(r)) > 0) {
		buf_addf(&b, "<h2 id=\"expired\">Expired suppressions (%zu)</h2>"
		    "\n<table>\n<tr><th>Where</th><th>Rule</th><th>Expired on"
		    "</th><th>Reason</th></tr>\n", k);
		for (i = 0; i < r->sup->n; i++) {
			const struct report_suppression *x = &r->sup->v[i];

			if (!x->expired)
				continue;
			buf_addstr(&b, "<tr><td><code>");
			html_text(&b, x->path);
			buf_addf(&b, ":%lu</code></td><td><code>", x->line);
			html_text(&b, x->rule);
			buf_addstr(&b, "</code></td><td>");
			html_text(&b, x->expires);
			buf_addstr(&b, "</td><td>");
			html_text(&b, x->reason);
			buf_addstr(&b, "</td></tr>\n");
		}
		buf_addstr(&b, "</table>\n");
	}
	if (r->nskipped > 0) {
		buf_addf(&b, "<h2 id=\"not-evaluated\">Not evaluated (%zu)</h2>\n"
		    "<table>\n<tr><th>Rule</th><th>Why</th></tr>\n",
		    r->nskipped);
		for (i = 0; i < r->nskipped; i++) {
			buf_addf(&b, "<tr><td><code>%s</code></td><td>",
			    r->skipped[i].rule->id);
			html_text(&b, r->skipped[i].reason);
			buf_addstr(&b, "</td></tr>\n");
		}
		buf_addstr(&b, "</table>\n");
	}
	if (r->nnot_applicable > 0) {
		buf_addf(&b, "<h2 id=\"not-applicable\">Not applicable to this "
		    "release (%zu)</h2>\n<table>\n<tr><th>Rule</th><th>Why</th>"
		    "</tr>\n", r->nnot_applicable);
		for (i = 0; i < r->nnot_applicable; i++) {
			buf_addf(&b, "<tr><td><code>%s</code></td><td>",
			    r->not_applicable[i].rule->id);
			html_text(&b, r->not_applicable[i].reason);
			buf_addstr(&b, "</td></tr>\n");
		}
		buf_addstr(&b, "</table>\n");
	}
	if (r->in.nskipped > 0) {
		buf_addf(&b, "<h2 id=\"inputs-skipped\">Inputs skipped (%zu)</h2>"
		    "\n<table>\n<tr><th>Member</th><th>Why</th></tr>\n",
		    r->in.nskipped);
		for (i = 0; i < r->in.nskipped; i++) {
			buf_addstr(&b, "<tr><td><code>");
			html_text(&b, r->in.skipped[i].path);
			buf_addstr(&b, "</code></td><td>");
			html_text(&b, r->in.skipped[i].reason);
			buf_addstr(&b, "</td></tr>\n");
		}
		buf_addstr(&b, "</table>\n");
	}
	buf_addstr(&b, "</main>\n<footer class=\"meta\"><p>ctriage "
	    CTRIAGE_VERSION "</p></footer>\n</body>\n</html>\n");
	esc_flush(&b, out);
	buf_release(&b);
	return ferror(out) ? -1 : 0;
}
