/*
 * report_analyze.c: the text and JSON forms of `ctriage analyze` (see
 * report_analyze.h).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "buf.h"
#include "eval.h"
#include "report_analyze.h"
#include "report_esc.h"
#include "report_view.h"
#include "rule.h"

#ifndef CTRIAGE_VERSION
#define CTRIAGE_VERSION "0.0.0"
#endif

/* How many findings the summary lists before the details. */
#define TOP_FINDINGS	5
/* Affected objects listed in text before "and N more". */
#define TEXT_AFFECTED	10

/* ANSI SGR per severity: info dim, low cyan, medium yellow, high red ... */
static const char *const sev_color[] = { "2", "36", "33", "31", "1;31" };

/* The severity word, padded to width, coloured when r->color. */
static void
sev_word(const struct report *r, FILE *out, enum severity s, int width)
{
	const char *w = report_severity_upper(s);

	if (r->color)
		fprintf(out, "\033[%sm%s\033[0m%*s", sev_color[s], w,
		    width > (int)strlen(w) ? width - (int)strlen(w) : 0, "");
	else
		fprintf(out, "%-*s", width, w);
}

/* Write text indented, keeping its own line breaks. */
static void
indented(FILE *out, const char *indent, const char *text)
{
	const char *p = text, *nl;

	while (*p != '\0') {
		nl = strchr(p, '\n');
		/* A blank line stays blank: no trailing indentation. */
		fprintf(out, "%s%.*s\n", nl == p ? "" : indent,
		    (int)(nl != NULL ? (size_t)(nl - p) : strlen(p)), p);
		if (nl == NULL)
			break;
		p = nl + 1;
	}
}

/* "hidden:" line: what the filters took out of the report, if anything. */
static void
text_hidden(const struct report *r, FILE *out)
{
	const char *sep = "";

	if (report_hidden(r) == 0 && r->sup == NULL && r->baseline == NULL &&
	    !r->has_min)
		return;
	fputs("hidden:   ", out);
	if (r->sup != NULL) {
		fprintf(out, "%zu suppressed", r->nsuppressed);
		sep = ", ";
	}
	if (r->baseline != NULL) {
		fprintf(out, "%s%zu in the baseline", sep, r->by_baseline);
		sep = ", ";
	}
	if (r->has_min) {
		fprintf(out, "%s%zu below %s", sep, r->below_min,
		    severity_name(r->min_severity));
		sep = ", ";
	}
	fputc('\n', out);
}

int
report_analyze_text(const struct report *r, FILE *out)
{
	size_t counts[5], i, j;

	report_count(r, counts);
	fprintf(out, "ctriage analyze: %s\n", r->in.path);
	/* Where the version came from is in the JSON (cilium_version_source). */
	fprintf(out, "cluster:  %s, Cilium %s, Kubernetes %s, %zu node%s\n",
	    r->in.cluster != NULL ? r->in.cluster : "-",
	    r->in.cilium_version != NULL ? r->in.cilium_version : "unknown",
	    r->in.k8s_version != NULL ? r->in.k8s_version : "unknown",
	    r->in.nnodes, r->in.nnodes == 1 ? "" : "s");
	if (r->in.sysdump_time != NULL)
		fprintf(out, "sysdump:  %s\n", r->in.sysdump_time);
	fprintf(out, "findings: %zu critical, %zu high, %zu medium, %zu low, "
	    "%zu info (rules: %zu evaluated, %zu not evaluated)\n",
	    counts[SEV_CRITICAL], counts[SEV_HIGH], counts[SEV_MEDIUM],
	    counts[SEV_LOW], counts[SEV_INFO], r->evaluated, r->nskipped);
	if (r->nnot_applicable > 0)
		fprintf(out, "          %zu rule%s for other Cilium releases "
		    "not applicable\n", r->nnot_applicable,
		    r->nnot_applicable == 1 ? "" : "s");
	text_hidden(r, out);
	if (r->nexcluded > 0)
		fprintf(out, "excluded: %zu rule%s (--only/--skip)\n",
		    r->nexcluded, r->nexcluded == 1 ? "" : "s");
	if (r->redacted)
		fprintf(out, "redacted: %zu names, %zu addresses (key: %s)\n",
		    r->redacted_names, r->redacted_ips, r->redact_key);
	if (r->n == 0)
		fputs("\nNo findings.\n", out);
	else {
		fputs("\nTOP FINDINGS\n", out);
		for (i = 0; i < r->n && i < TOP_FINDINGS; i++) {
			fprintf(out, "%3u. ", r->v[i].f.rank);
			sev_word(r, out, r->v[i].f.severity, 10);
			fprintf(out, " %-28s %s\n", r->v[i].f.rule->id,
			    r->v[i].f.title);
		}
		if (r->n > TOP_FINDINGS)
			fprintf(out, "     ... and %zu more below\n",
			    r->n - TOP_FINDINGS);
	}
	for (i = 0; i < r->n; i++) {
		const struct finding *x = &r->v[i].f;

		fprintf(out, "\n#%u ", x->rank);
		sev_word(r, out, x->severity, 0);
		fprintf(out, " %s: %s\n", x->rule->id, x->title);
		indented(out, "   ", x->message);
		if (x->nsubjects > 0) {
			fputs("   subjects:", out);
			for (j = 0; j < x->nsubjects; j++)
				fprintf(out, "%s %s %s%s%s", j ? "," : "",
				    x->subjects[j].kind, x->subjects[j].ns != NULL ?
				    x->subjects[j].ns : "", x->subjects[j].ns !=
				    NULL ? "/" : "", x->subjects[j].name);
			fputc('\n', out);
		}
		if (x->naffected > 0) {
			fprintf(out, "   affects (%zu):", x->naffected);
			for (j = 0; j < x->naffected && j < TEXT_AFFECTED; j++)
				fprintf(out, "%s %s", j ? "," : "", x->affected[j]);
			if (x->naffected > TEXT_AFFECTED)
				fprintf(out, " and %zu more",
				    x->naffected - TEXT_AFFECTED);
			fputc('\n', out);
		}
		if (x->nevidence > 0) {
			fputs("   evidence:\n", out);
			for (j = 0; j < x->nevidence; j++) {
				if (x->evidence[j].line)
					fprintf(out, "     %s:%lu\n",
					    x->evidence[j].path,
					    x->evidence[j].line);
				else
					fprintf(out, "     %s\n",
					    x->evidence[j].path);
				indented(out, "       ", x->evidence[j].excerpt);
			}
		}
		fputs("   fix:\n", out);
		indented(out, "     ", x->remediation);
		if (x->rule->nreferences > 0) {
			fputs("   docs:", out);
			for (j = 0; j < x->rule->nreferences; j++)
				fprintf(out, "%s %s", j ? "," : "",
				    x->rule->references[j]);
			fputc('\n', out);
		}
	}
	if (r->nsuppressed > 0) {
		fprintf(out, "\nSUPPRESSED (%zu)\n", r->nsuppressed);
		for (i = 0; i < r->nsuppressed; i++) {
			const struct report_item *it = &r->suppressed[i];

			fprintf(out, "  %-28s %s\n    by %s:%lu: %s\n",
			    it->f.rule->id, it->f.title, it->suppressed_by->path,
			    it->suppressed_by->line, it->suppressed_by->reason);
		}
	}
	if ((j = report_expired(r)) > 0) {
		fprintf(out, "\nEXPIRED SUPPRESSIONS (%zu)\n", j);
		for (i = 0; i < r->sup->n; i++)
			if (r->sup->v[i].expired)
				fprintf(out, "  %s:%lu: %s expired on "
				    "%s (%s)\n", r->sup->v[i].path,
				    r->sup->v[i].line, r->sup->v[i].rule,
				    r->sup->v[i].expires, r->sup->v[i].reason);
	}
	if (r->nskipped > 0) {
		fprintf(out, "\nNOT EVALUATED (%zu)\n", r->nskipped);
		for (i = 0; i < r->nskipped; i++)
			fprintf(out, "  %-28s %s\n", r->skipped[i].rule->id,
			    r->skipped[i].reason);
	}
	if (r->in.nskipped > 0) {
		fprintf(out, "\nINPUTS SKIPPED (%zu)\n", r->in.nskipped);
		for (i = 0; i < r->in.nskipped; i++)
			fprintf(out, "  %s: %s\n", r->in.skipped[i].path,
			    r->in.skipped[i].reason);
	}
	return ferror(out) ? -1 : 0;
}

static json_t *
jstr(const char *s)
{
	return s != NULL ? json_string(s) : json_null();
}

/* Scores and confidences to three decimals, so output is stable. */
static json_t *
jnum3(double v)
{
	return json_real(round(v * 1000.0) / 1000.0);
}

static json_t *
finding_json(const struct report_item *it)
{
	const struct finding *fd = &it->f;
	json_t *o = json_object(), *x, *y;
	size_t j;

	json_object_set_new(o, "rank", json_integer(fd->rank));
	json_object_set_new(o, "rule", json_string(fd->rule->id));
	json_object_set_new(o, "category", json_string(fd->rule->category));
	json_object_set_new(o, "severity",
	    json_string(severity_name(fd->severity)));
	json_object_set_new(o, "confidence", jnum3(fd->confidence));
	json_object_set_new(o, "score", jnum3(fd->score));
	json_object_set_new(o, "title", json_string(fd->title));
	json_object_set_new(o, "message", json_string(fd->message));
	json_object_set_new(o, "fingerprint", jstr(it->fingerprint));
	x = json_array();
	for (j = 0; j < fd->nsubjects; j++) {
		y = json_object();
		json_object_set_new(y, "kind", json_string(fd->subjects[j].kind));
		json_object_set_new(y, "namespace", jstr(fd->subjects[j].ns));
		json_object_set_new(y, "name", json_string(fd->subjects[j].name));
		json_array_append_new(x, y);
	}
	json_object_set_new(o, "subjects", x);
	x = json_array();
	for (j = 0; j < fd->naffected; j++)
		json_array_append_new(x, json_string(fd->affected[j]));
	json_object_set_new(o, "affected", x);
	x = json_array();
	for (j = 0; j < fd->nevidence; j++) {
		y = json_object();
		json_object_set_new(y, "path", json_string(fd->evidence[j].path));
		json_object_set_new(y, "line", fd->evidence[j].line ?
		    json_integer((json_int_t)fd->evidence[j].line) :
		    json_null());
		json_object_set_new(y, "excerpt",
		    json_string(fd->evidence[j].excerpt));
		json_array_append_new(x, y);
	}
	json_object_set_new(o, "evidence", x);
	json_object_set_new(o, "remediation", json_string(fd->remediation));
	x = json_array();
	for (j = 0; j < fd->rule->nreferences; j++)
		json_array_append_new(x, json_string(fd->rule->references[j]));
	json_object_set_new(o, "docs", x);
	x = json_object();
	json_object_set_new(x, "drops", json_integer((json_int_t)fd->drops));
	json_object_set_new(x, "log_lines", json_integer(
	    (json_int_t)fd->log_lines));
	json_object_set_new(x, "contradicting", json_integer(
	    (json_int_t)fd->contradicting));
	json_object_set_new(o, "corroboration", x);
	if (it->suppressed_by != NULL) {
		x = json_object();
		json_object_set_new(x, "file", json_string(
		    it->suppressed_by->path));
		json_object_set_new(x, "line", json_integer(
		    (json_int_t)it->suppressed_by->line));
		json_object_set_new(x, "reason", json_string(
		    it->suppressed_by->reason));
		json_object_set_new(x, "expires", jstr(
		    it->suppressed_by->expires));
		json_object_set_new(o, "suppressed_by", x);
	}
	return o;
}

/* What --suppress, --baseline, --min-severity, --only/--skip did. */
static json_t *
filters_json(const struct report *r)
{
	json_t *o = json_object(), *arr, *x;
	size_t i;

	json_object_set_new(o, "hidden", json_integer(
	    (json_int_t)report_hidden(r)));
	json_object_set_new(o, "min_severity", r->has_min ?
	    json_string(severity_name(r->min_severity)) : json_null());
	json_object_set_new(o, "below_min_severity", json_integer(
	    (json_int_t)r->below_min));
	json_object_set_new(o, "baseline", jstr(r->baseline));
	json_object_set_new(o, "in_baseline", json_integer(
	    (json_int_t)r->by_baseline));
	json_object_set_new(o, "suppressed_count", json_integer(
	    (json_int_t)r->nsuppressed));
	arr = json_array();
	for (i = 0; i < r->nsuppressed; i++)
		json_array_append_new(arr, finding_json(&r->suppressed[i]));
	json_object_set_new(o, "suppressed", arr);
	arr = json_array();
	for (i = 0; r->sup != NULL && i < r->sup->n; i++) {
		const struct report_suppression *s = &r->sup->v[i];

		if (!s->expired)
			continue;
		x = json_object();
		json_object_set_new(x, "file", json_string(s->path));
		json_object_set_new(x, "line", json_integer(
		    (json_int_t)s->line));
		json_object_set_new(x, "rule", json_string(s->rule));
		json_object_set_new(x, "namespace", jstr(s->ns));
		json_object_set_new(x, "name", jstr(s->name));
		json_object_set_new(x, "reason", json_string(s->reason));
		json_object_set_new(x, "expires", jstr(s->expires));
		json_array_append_new(arr, x);
	}
	json_object_set_new(o, "suppressions_expired", arr);
	arr = json_array();
	for (i = 0; i < r->nexcluded; i++)
		json_array_append_new(arr, json_string(r->excluded[i]));
	json_object_set_new(o, "rules_excluded", arr);
	return o;
}

int
report_analyze_json(const struct report *r, FILE *out)
{
	json_t *root = json_object(), *o, *arr, *x;
	size_t counts[5], i;

	report_count(r, counts);
	json_object_set_new(root, "schema", json_string(REPORT_JSON_SCHEMA));
	o = json_object();
	json_object_set_new(o, "name", json_string("ctriage"));
	json_object_set_new(o, "version", json_string(CTRIAGE_VERSION));
	json_object_set_new(o, "rules_loaded", json_integer(
	    (json_int_t)(r->rs->nrules + r->nexcluded)));
	json_object_set_new(root, "tool", o);

	o = json_object();
	json_object_set_new(o, "path", jstr(r->in.path));
	json_object_set_new(o, "format", jstr(r->in.format));
	json_object_set_new(o, "type", json_string(r->in.type));
	json_object_set_new(o, "sysdump_time", jstr(r->in.sysdump_time));
	json_object_set_new(o, "cilium_version", jstr(r->in.cilium_version));
	json_object_set_new(o, "cilium_version_source",
	    jstr(r->in.cilium_version_src));
	json_object_set_new(o, "kubernetes_version", jstr(r->in.k8s_version));
	json_object_set_new(o, "cluster", jstr(r->in.cluster));
	arr = json_array();
	for (i = 0; i < r->in.nnodes; i++)
		json_array_append_new(arr, json_string(r->in.nodes[i]));
	json_object_set_new(o, "nodes", arr);
	json_object_set_new(o, "members", json_integer(
	    (json_int_t)r->in.members));
	json_object_set_new(o, "redacted", json_boolean(r->redacted));
	if (r->redacted) {
		x = json_object();
		json_object_set_new(x, "key", json_string(r->redact_key));
		json_object_set_new(x, "names", json_integer(
		    (json_int_t)r->redacted_names));
		json_object_set_new(x, "addresses", json_integer(
		    (json_int_t)r->redacted_ips));
		json_object_set_new(o, "redaction", x);
	}
	json_object_set_new(root, "input", o);

	o = json_object();
	json_object_set_new(o, "findings", json_integer((json_int_t)r->n));
	x = json_object();
	for (i = 0; i < 5; i++)
		json_object_set_new(x, severity_name((enum severity)i),
		    json_integer((json_int_t)counts[i]));
	json_object_set_new(o, "by_severity", x);
	json_object_set_new(o, "top", r->n > 0 ?
	    json_string(r->v[0].f.rule->id) : json_null());
	json_object_set_new(o, "hidden", json_integer(
	    (json_int_t)report_hidden(r)));
	json_object_set_new(o, "suppressed", json_integer(
	    (json_int_t)r->nsuppressed));
	json_object_set_new(root, "summary", o);

	arr = json_array();
	for (i = 0; i < r->n; i++)
		json_array_append_new(arr, finding_json(&r->v[i]));
	json_object_set_new(root, "findings", arr);
	json_object_set_new(root, "filters", filters_json(r));

	o = json_object();
	json_object_set_new(o, "rules_evaluated", json_integer(
	    (json_int_t)r->evaluated));
	arr = json_array();
	for (i = 0; i < r->nskipped; i++) {
		x = json_object();
		json_object_set_new(x, "rule",
		    json_string(r->skipped[i].rule->id));
		json_object_set_new(x, "reason",
		    json_string(r->skipped[i].reason));
		json_array_append_new(arr, x);
	}
	json_object_set_new(o, "rules_not_evaluated", arr);
	arr = json_array();
	for (i = 0; i < r->nnot_applicable; i++) {
		x = json_object();
		json_object_set_new(x, "rule",
		    json_string(r->not_applicable[i].rule->id));
		json_object_set_new(x, "reason",
		    json_string(r->not_applicable[i].reason));
		json_array_append_new(arr, x);
	}
	json_object_set_new(o, "rules_not_applicable", arr);
	arr = json_array();
	for (i = 0; i < r->in.nskipped; i++) {
		x = json_object();
		json_object_set_new(x, "path",
		    json_string(r->in.skipped[i].path));
		json_object_set_new(x, "reason",
		    json_string(r->in.skipped[i].reason));
		json_array_append_new(arr, x);
	}
	json_object_set_new(o, "inputs_skipped", arr);
	json_object_set_new(root, "coverage", o);

	return report_json_write(root, out);
}
