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
#include "model.h"
#include "report_analyze.h"
#include "rule.h"

#ifndef CTRIAGE_VERSION
#define CTRIAGE_VERSION "0.0.0"
#endif

/* How many findings the summary lists before the details. */
#define TOP_FINDINGS	5
/* Affected objects listed in text before "and N more". */
#define TEXT_AFFECTED	10

static void
count_severities(const struct findings *f, size_t counts[5])
{
	size_t i;

	memset(counts, 0, 5 * sizeof(counts[0]));
	for (i = 0; i < f->n; i++)
		counts[f->v[i].severity]++;
}

static const char *
upper(const char *s, char *buf, size_t n)
{
	size_t i;

	for (i = 0; s[i] != '\0' && i + 1 < n; i++)
		buf[i] = (char)(s[i] >= 'a' && s[i] <= 'z' ? s[i] - 32 : s[i]);
	buf[i] = '\0';
	return buf;
}

/* Write text indented, keeping its own line breaks. */
static void
indented(FILE *out, const char *indent, const char *text)
{
	const char *p = text, *nl;

	while (*p != '\0') {
		nl = strchr(p, '\n');
		fprintf(out, "%s%.*s\n", indent, (int)(nl != NULL ?
		    (size_t)(nl - p) : strlen(p)), p);
		if (nl == NULL)
			break;
		p = nl + 1;
	}
}

int
report_analyze_text(const struct model *m, const struct ruleset *rs,
    const struct findings *f, FILE *out)
{
	size_t counts[5], i, j;
	char sev[16];

	(void)rs;
	count_severities(f, counts);
	fprintf(out, "ctriage analyze: %s\n", m->inv.input);
	/* Where the version came from is in the JSON (cilium_version_source). */
	fprintf(out, "cluster:  %s, Cilium %s, Kubernetes %s, %zu node%s\n",
	    m->cluster != NULL ? m->cluster : "-",
	    m->cilium_version != NULL ? m->cilium_version : "unknown",
	    m->k8s_version != NULL ? m->k8s_version : "unknown",
	    m->inv.nnodes, m->inv.nnodes == 1 ? "" : "s");
	if (m->inv.sysdump_time != NULL)
		fprintf(out, "sysdump:  %s\n", m->inv.sysdump_time);
	fprintf(out, "findings: %zu critical, %zu high, %zu medium, %zu low, "
	    "%zu info (rules: %zu evaluated, %zu not evaluated)\n",
	    counts[SEV_CRITICAL], counts[SEV_HIGH], counts[SEV_MEDIUM],
	    counts[SEV_LOW], counts[SEV_INFO], f->evaluated, f->nskipped);
	if (f->n == 0)
		fputs("\nNo findings.\n", out);
	else {
		fputs("\nTOP FINDINGS\n", out);
		for (i = 0; i < f->n && i < TOP_FINDINGS; i++)
			fprintf(out, "%3u. %-10s %-28s %s\n", f->v[i].rank,
			    upper(severity_name(f->v[i].severity), sev,
			    sizeof(sev)), f->v[i].rule->id, f->v[i].title);
		if (f->n > TOP_FINDINGS)
			fprintf(out, "     ... and %zu more below\n",
			    f->n - TOP_FINDINGS);
	}
	for (i = 0; i < f->n; i++) {
		const struct finding *x = &f->v[i];

		fprintf(out, "\n#%u %s %s: %s\n", x->rank,
		    upper(severity_name(x->severity), sev, sizeof(sev)),
		    x->rule->id, x->title);
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
	if (f->nskipped > 0) {
		fprintf(out, "\nNOT EVALUATED (%zu)\n", f->nskipped);
		for (i = 0; i < f->nskipped; i++)
			fprintf(out, "  %-28s %s\n", f->skipped[i].rule->id,
			    f->skipped[i].reason);
	}
	if (m->inv.skipped.n > 0) {
		fprintf(out, "\nINPUTS SKIPPED (%zu)\n", m->inv.skipped.n);
		for (i = 0; i < m->inv.skipped.n; i++)
			fprintf(out, "  %s: %s\n", m->inv.skipped.v[i].path,
			    m->inv.skipped.v[i].text);
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

int
report_analyze_json(const struct model *m, const struct ruleset *rs,
    const struct findings *f, FILE *out)
{
	json_t *root = json_object(), *o, *arr, *x, *y;
	size_t counts[5], i, j;
	int rc;

	count_severities(f, counts);
	json_object_set_new(root, "schema", json_string(REPORT_JSON_SCHEMA));
	o = json_object();
	json_object_set_new(o, "name", json_string("ctriage"));
	json_object_set_new(o, "version", json_string(CTRIAGE_VERSION));
	json_object_set_new(o, "rules_loaded", json_integer(
	    (json_int_t)rs->nrules));
	json_object_set_new(root, "tool", o);

	o = json_object();
	json_object_set_new(o, "path", jstr(m->inv.input));
	json_object_set_new(o, "format", jstr(m->inv.format));
	json_object_set_new(o, "type", json_string(m->inv.is_sysdump ?
	    "sysdump" : m->inv.is_bugtool ? "bugtool" : "unknown"));
	json_object_set_new(o, "sysdump_time", jstr(m->inv.sysdump_time));
	json_object_set_new(o, "cilium_version", jstr(m->cilium_version));
	json_object_set_new(o, "cilium_version_source",
	    jstr(m->cilium_version_src));
	json_object_set_new(o, "kubernetes_version", jstr(m->k8s_version));
	json_object_set_new(o, "cluster", jstr(m->cluster));
	arr = json_array();
	for (i = 0; i < m->inv.nnodes; i++)
		json_array_append_new(arr, json_string(m->inv.nodes[i]));
	json_object_set_new(o, "nodes", arr);
	json_object_set_new(o, "members", json_integer(
	    (json_int_t)m->inv.members));
	json_object_set_new(root, "input", o);

	o = json_object();
	json_object_set_new(o, "findings", json_integer((json_int_t)f->n));
	x = json_object();
	for (i = 0; i < 5; i++)
		json_object_set_new(x, severity_name((enum severity)i),
		    json_integer((json_int_t)counts[i]));
	json_object_set_new(o, "by_severity", x);
	json_object_set_new(o, "top", f->n > 0 ?
	    json_string(f->v[0].rule->id) : json_null());
	json_object_set_new(root, "summary", o);

	arr = json_array();
	for (i = 0; i < f->n; i++) {
		const struct finding *fd = &f->v[i];

		o = json_object();
		json_object_set_new(o, "rank", json_integer(fd->rank));
		json_object_set_new(o, "rule", json_string(fd->rule->id));
		json_object_set_new(o, "category",
		    json_string(fd->rule->category));
		json_object_set_new(o, "severity",
		    json_string(severity_name(fd->severity)));
		json_object_set_new(o, "confidence", jnum3(fd->confidence));
		json_object_set_new(o, "score", jnum3(fd->score));
		json_object_set_new(o, "title", json_string(fd->title));
		json_object_set_new(o, "message", json_string(fd->message));
		x = json_array();
		for (j = 0; j < fd->nsubjects; j++) {
			y = json_object();
			json_object_set_new(y, "kind",
			    json_string(fd->subjects[j].kind));
			json_object_set_new(y, "namespace",
			    jstr(fd->subjects[j].ns));
			json_object_set_new(y, "name",
			    json_string(fd->subjects[j].name));
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
			json_object_set_new(y, "path",
			    json_string(fd->evidence[j].path));
			json_object_set_new(y, "line", fd->evidence[j].line ?
			    json_integer((json_int_t)fd->evidence[j].line) :
			    json_null());
			json_object_set_new(y, "excerpt",
			    json_string(fd->evidence[j].excerpt));
			json_array_append_new(x, y);
		}
		json_object_set_new(o, "evidence", x);
		json_object_set_new(o, "remediation",
		    json_string(fd->remediation));
		x = json_array();
		for (j = 0; j < fd->rule->nreferences; j++)
			json_array_append_new(x,
			    json_string(fd->rule->references[j]));
		json_object_set_new(o, "docs", x);
		x = json_object();
		json_object_set_new(x, "drops", json_integer(
		    (json_int_t)fd->drops));
		json_object_set_new(x, "log_lines", json_integer(
		    (json_int_t)fd->log_lines));
		json_object_set_new(x, "contradicting", json_integer(
		    (json_int_t)fd->contradicting));
		json_object_set_new(o, "corroboration", x);
		json_array_append_new(arr, o);
	}
	json_object_set_new(root, "findings", arr);

	o = json_object();
	json_object_set_new(o, "rules_evaluated", json_integer(
	    (json_int_t)f->evaluated));
	arr = json_array();
	for (i = 0; i < f->nskipped; i++) {
		x = json_object();
		json_object_set_new(x, "rule",
		    json_string(f->skipped[i].rule->id));
		json_object_set_new(x, "reason",
		    json_string(f->skipped[i].reason));
		json_array_append_new(arr, x);
	}
	json_object_set_new(o, "rules_not_evaluated", arr);
	arr = json_array();
	for (i = 0; i < m->inv.skipped.n; i++) {
		x = json_object();
		json_object_set_new(x, "path",
		    json_string(m->inv.skipped.v[i].path));
		json_object_set_new(x, "reason",
		    json_string(m->inv.skipped.v[i].text));
		json_array_append_new(arr, x);
	}
	json_object_set_new(o, "inputs_skipped", arr);
	json_object_set_new(root, "coverage", o);

	rc = json_dumpf(root, out, JSON_SORT_KEYS | JSON_INDENT(2) |
	    JSON_REAL_PRECISION(6));
	json_decref(root);
	if (rc != 0)
		return -1;
	fputc('\n', out);
	return ferror(out) ? -1 : 0;
}
