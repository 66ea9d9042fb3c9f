/*
 * report_inventory.c: the text and JSON forms of `ctriage inventory`.
 *
 * Text is for a person at a terminal: a short header (input, format,
 * sysdump time, nodes, counts), then aligned tables of artifacts, missing
 * artifacts, failed collector tasks, skipped members and content problems.
 * JSON is for tools: jansson with sorted keys, so the same input gives the
 * same bytes.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "buf.h"
#include "classify.h"
#include "inventory.h"
#include "report_esc.h"
#include "report_inventory.h"
#include "xalloc.h"

/* How a missing kind is named: a missing bugtool is no "archive". */
static const char *
missing_kind_name(enum artifact_kind k)
{
	return k == ART_BUGTOOL_ARCHIVE ? "bugtool" : artifact_kind_name(k);
}

static const char *
input_type(const struct inventory *inv)
{
	if (inv->is_sysdump)
		return "sysdump";
	if (inv->is_bugtool)
		return "bugtool";
	return "unknown";
}

/* "1.5 MiB" style sizes for the text header. */
static void
human_size(char *dst, size_t n, uint64_t v)
{
	static const char *const units[] = { "KiB", "MiB", "GiB", "TiB" };
	double d = (double)v;
	int u = -1;

	while (d >= 1024.0 && u < 3) {
		d /= 1024.0;
		u++;
	}
	if (u < 0)
		snprintf(dst, n, "%" PRIu64 " bytes", v);
	else
		snprintf(dst, n, "%.1f %s", d, units[u]);
}

static const char *
dash(const char *s)
{
	return s != NULL && *s != '\0' ? s : "-";
}

static int
width(int cur, const char *s)
{
	int n = (int)strlen(s);

	return n > cur ? n : cur;
}

int
report_inventory_text(const struct inventory *inv, FILE *out)
{
	char sz[32];
	int wk = 4, wn = 4, wp = 3, wb = 5;
	size_t i, unknown = inventory_count_kind(inv, ART_UNKNOWN);

	fprintf(out, "input:         %s (%s)\n", inv->input,
	    dash(inv->format));
	fprintf(out, "contents:      %s\n", inv->is_sysdump ?
	    "Cilium sysdump" : inv->is_bugtool ? "Cilium bugtool" :
	    "not recognized as a sysdump or bugtool");
	fprintf(out, "sysdump time:  %s\n", dash(inv->sysdump_time));
	fprintf(out, "nodes (%zu):", inv->nnodes);
	for (i = 0; i < inv->nnodes; i++)
		fprintf(out, "%s%s", i ? ", " : (inv->nnodes < 10 ? "     " :
		    "    "), inv->nodes[i]);
	fputc('\n', out);
	human_size(sz, sizeof(sz), inv->bytes);
	fprintf(out, "members:       %" PRIu64 " read (%s), %zu artifacts, "
	    "%zu unknown, %zu skipped, %zu missing\n", inv->members, sz,
	    inv->nartifacts, unknown, inv->skipped.n, inv->nmissing);

	for (i = 0; i < inv->nartifacts; i++) {
		const struct inventory_artifact *a = &inv->artifacts[i];

		snprintf(sz, sizeof(sz), "%" PRIu64, a->bytes);
		wk = width(wk, artifact_kind_name(a->kind));
		wn = width(wn, dash(a->node));
		wp = width(wp, dash(a->pod));
		wb = width(wb, sz);
	}
	fprintf(out, "\nARTIFACTS (%zu)\n", inv->nartifacts);
	if (inv->nartifacts > 0)
		fprintf(out, "%-*s  %-*s  %-*s  %*s  %s\n", wk, "KIND", wn,
		    "NODE", wp, "POD", wb, "BYTES", "PATH");
	for (i = 0; i < inv->nartifacts; i++) {
		const struct inventory_artifact *a = &inv->artifacts[i];

		fprintf(out, "%-*s  %-*s  %-*s  %*" PRIu64 "  %s%s\n", wk,
		    artifact_kind_name(a->kind), wn, dash(a->node), wp,
		    dash(a->pod), wb, a->bytes, a->path,
		    a->archive ? " (archive, read in memory)" : "");
	}

	if (inv->nmissing > 0) {
		wk = 4;
		wp = 3;
		wn = 4;
		for (i = 0; i < inv->nmissing; i++) {
			wk = width(wk, missing_kind_name(inv->missing[i].kind));
			wp = width(wp, dash(inv->missing[i].pod));
			wn = width(wn, dash(inv->missing[i].node));
		}
		fprintf(out, "\nMISSING (%zu)\n%-*s  %-*s  %-*s  %s\n",
		    inv->nmissing, wk, "KIND", wp, "POD", wn, "NODE",
		    "REASON");
		for (i = 0; i < inv->nmissing; i++)
			fprintf(out, "%-*s  %-*s  %-*s  %s\n", wk,
			    missing_kind_name(inv->missing[i].kind), wp,
			    dash(inv->missing[i].pod), wn,
			    dash(inv->missing[i].node),
			    inv->missing[i].reason);
	}
	if (inv->nfailed > 0) {
		fprintf(out, "\nFAILED COLLECTOR TASKS (%zu)\n", inv->nfailed);
		for (i = 0; i < inv->nfailed; i++)
			fprintf(out, "  line %lu: %s%s%s\n",
			    inv->failed[i].line, inv->failed[i].task,
			    *inv->failed[i].task && *inv->failed[i].error ?
			    ": " : "", inv->failed[i].error);
	}
	if (inv->skipped.n > 0) {
		fprintf(out, "\nSKIPPED (%zu)\n", inv->skipped.n);
		for (i = 0; i < inv->skipped.n; i++)
			fprintf(out, "  %s: %s\n", inv->skipped.v[i].path,
			    inv->skipped.v[i].text);
	}
	if (inv->problems.n > 0) {
		fprintf(out, "\nPROBLEMS (%zu)\n", inv->problems.n);
		for (i = 0; i < inv->problems.n; i++) {
			const struct diag *d = &inv->problems.v[i];

			if (d->line)
				fprintf(out, "  %s:%lu: %s\n", d->path,
				    d->line, d->text);
			else
				fprintf(out, "  %s: %s\n", d->path, d->text);
		}
	}
	return ferror(out) ? -1 : 0;
}

static json_t *
jstr_or_null(const char *s)
{
	return s != NULL ? json_string(s) : json_null();
}

int
report_inventory_json(const struct inventory *inv, FILE *out)
{
	json_t *root = json_object(), *input = json_object();
	json_t *arr, *o;
	size_t i;

	json_object_set_new(root, "schema", json_string(INVENTORY_JSON_SCHEMA));
	json_object_set_new(input, "path", json_string(inv->input));
	json_object_set_new(input, "format", jstr_or_null(inv->format));
	json_object_set_new(input, "type", json_string(input_type(inv)));
	json_object_set_new(input, "sysdump_time",
	    jstr_or_null(inv->sysdump_time));
	json_object_set_new(input, "sysdump_timestamp",
	    jstr_or_null(inv->sysdump_ts));
	json_object_set_new(input, "members", json_integer(
	    (json_int_t)inv->members));
	json_object_set_new(input, "bytes", json_integer(
	    (json_int_t)inv->bytes));
	arr = json_array();
	for (i = 0; i < inv->nnodes; i++)
		json_array_append_new(arr, json_string(inv->nodes[i]));
	json_object_set_new(input, "nodes", arr);
	json_object_set_new(root, "input", input);

	arr = json_array();
	for (i = 0; i < inv->nartifacts; i++) {
		const struct inventory_artifact *a = &inv->artifacts[i];

		o = json_object();
		json_object_set_new(o, "path", json_string(a->path));
		json_object_set_new(o, "kind",
		    json_string(artifact_kind_name(a->kind)));
		json_object_set_new(o, "node", jstr_or_null(a->node));
		json_object_set_new(o, "pod", jstr_or_null(a->pod));
		json_object_set_new(o, "container", jstr_or_null(a->container));
		json_object_set_new(o, "bytes", json_integer(
		    (json_int_t)a->bytes));
		if (a->previous)
			json_object_set_new(o, "previous", json_true());
		if (a->archive)
			json_object_set_new(o, "archive", json_true());
		json_array_append_new(arr, o);
	}
	json_object_set_new(root, "artifacts", arr);

	arr = json_array();
	for (i = 0; i < inv->nmissing; i++) {
		const struct inventory_missing *m = &inv->missing[i];

		o = json_object();
		json_object_set_new(o, "kind",
		    json_string(missing_kind_name(m->kind)));
		json_object_set_new(o, "pod", jstr_or_null(m->pod));
		json_object_set_new(o, "node", jstr_or_null(m->node));
		json_object_set_new(o, "reason", json_string(m->reason));
		json_array_append_new(arr, o);
	}
	json_object_set_new(root, "missing", arr);

	arr = json_array();
	for (i = 0; i < inv->nfailed; i++) {
		o = json_object();
		json_object_set_new(o, "task", json_string(inv->failed[i].task));
		json_object_set_new(o, "error",
		    json_string(inv->failed[i].error));
		json_object_set_new(o, "line", json_integer(
		    (json_int_t)inv->failed[i].line));
		json_array_append_new(arr, o);
	}
	json_object_set_new(root, "failed_tasks", arr);

	arr = json_array();
	for (i = 0; i < inv->skipped.n; i++) {
		o = json_object();
		json_object_set_new(o, "path",
		    json_string(inv->skipped.v[i].path));
		json_object_set_new(o, "reason",
		    json_string(inv->skipped.v[i].text));
		json_array_append_new(arr, o);
	}
	json_object_set_new(root, "skipped", arr);

	arr = json_array();
	for (i = 0; i < inv->problems.n; i++) {
		const struct diag *d = &inv->problems.v[i];

		o = json_object();
		json_object_set_new(o, "path", json_string(d->path));
		json_object_set_new(o, "line", d->line ?
		    json_integer((json_int_t)d->line) : json_null());
		json_object_set_new(o, "message", json_string(d->text));
		json_array_append_new(arr, o);
	}
	json_object_set_new(root, "problems", arr);

	return report_json_write(root, out);
}
