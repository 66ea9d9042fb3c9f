/*
 * report_sarif.c: `analyze --format sarif` (see report_sarif.h), SARIF
 * 2.1.0 built with jansson (keys sorted, so the output is stable).  The
 * rules come from the catalog, not from the findings, so a viewer can show
 * what every rule checks even when it found nothing.
 */
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "buf.h"
#include "eval.h"
#include "report_esc.h"
#include "report_sarif.h"
#include "report_view.h"
#include "rule.h"

#ifndef CTRIAGE_VERSION
#define CTRIAGE_VERSION "0.0.0"
#endif

#define SARIF_INFO_URI	"https://github.com/cilium/cilium"

/* SARIF's result levels: critical and high fail, medium warns. */
static const char *
sarif_level(enum severity s)
{
	return s >= SEV_HIGH ? "error" : s == SEV_MEDIUM ? "warning" : "note";
}

static json_t *
msg(const char *text)
{
	json_t *o = json_object();

	json_object_set_new(o, "text", json_string(text != NULL ? text : ""));
	return o;
}

static json_t *
sarif_rule(const struct rule *rule)
{
	json_t *o = json_object(), *x, *tags;
	const char *url = report_rule_url(rule);
	struct buf b = BUF_INIT;
	size_t i;

	json_object_set_new(o, "id", json_string(rule->id));
	json_object_set_new(o, "name", json_string(rule->id));
	json_object_set_new(o, "shortDescription", msg(rule->title));
	buf_addf(&b, "%s\n\n%s", rule->summary, rule->explanation);
	json_object_set_new(o, "fullDescription", msg(b.ptr));
	buf_reset(&b);
	buf_addf(&b, "%s", rule->remediation);
	if (rule->nreferences > 0) {
		buf_addstr(&b, "\nReferences:");
		for (i = 0; i < rule->nreferences; i++)
			buf_addf(&b, "\n  %s", rule->references[i]);
	}
	json_object_set_new(o, "help", msg(b.ptr));
	buf_release(&b);
	if (url != NULL)
		json_object_set_new(o, "helpUri", json_string(url));
	x = json_object();
	json_object_set_new(x, "level", json_string(sarif_level(
	    rule->severity)));
	json_object_set_new(x, "enabled", json_true());
	json_object_set_new(o, "defaultConfiguration", x);
	x = json_object();
	json_object_set_new(x, "category", json_string(rule->category));
	json_object_set_new(x, "severity", json_string(severity_name(
	    rule->severity)));
	tags = json_array();
	json_array_append_new(tags, json_string("cilium"));
	json_array_append_new(tags, json_string(rule->category));
	json_object_set_new(x, "tags", tags);
	json_object_set_new(o, "properties", x);
	return o;
}

static json_t *
location(const struct finding_evidence *ev, int id)
{
	json_t *loc = json_object(), *phys = json_object(), *art, *reg;
	struct buf b = BUF_INIT;

	if (id > 0)
		json_object_set_new(loc, "id", json_integer(id));
	art = json_object();
	esc_uri(&b, ev->path);
	json_object_set_new(art, "uri", json_string(b.ptr));
	json_object_set_new(art, "uriBaseId", json_string("SYSDUMP"));
	buf_release(&b);
	json_object_set_new(phys, "artifactLocation", art);
	if (ev->line > 0) {
		reg = json_object();
		json_object_set_new(reg, "startLine", json_integer(
		    (json_int_t)ev->line));
		json_object_set_new(reg, "snippet", msg(ev->excerpt));
		json_object_set_new(phys, "region", reg);
	}
	json_object_set_new(loc, "physicalLocation", phys);
	json_object_set_new(loc, "message", msg(ev->excerpt));
	return loc;
}

static json_t *
sarif_result(const struct report *r, const struct report_item *it)
{
	const struct finding *f = &it->f;
	json_t *o = json_object(), *arr, *x, *s;
	struct buf b = BUF_INIT;
	size_t j;

	json_object_set_new(o, "ruleId", json_string(f->rule->id));
	json_object_set_new(o, "ruleIndex", json_integer(
	    (json_int_t)(f->rule - r->rs->rules)));
	json_object_set_new(o, "level", json_string(sarif_level(f->severity)));
	buf_addf(&b, "%s\n\n%s", f->title, f->message);
	json_object_set_new(o, "message", msg(b.ptr));
	buf_release(&b);
	arr = json_array();
	if (f->nevidence > 0)
		json_array_append_new(arr, location(&f->evidence[0], 0));
	json_object_set_new(o, "locations", arr);
	if (f->nevidence > 1) {
		arr = json_array();
		for (j = 1; j < f->nevidence; j++)
			json_array_append_new(arr, location(&f->evidence[j],
			    (int)j));
		json_object_set_new(o, "relatedLocations", arr);
	}
	if (it->fingerprint != NULL) {
		x = json_object();
		json_object_set_new(x, "ctriage/v1",
		    json_string(it->fingerprint));
		json_object_set_new(o, "partialFingerprints", x);
	}
	if (it->suppressed_by != NULL) {
		arr = json_array();
		s = json_object();
		json_object_set_new(s, "kind", json_string("external"));
		json_object_set_new(s, "status", json_string("accepted"));
		json_object_set_new(s, "justification", json_string(
		    it->suppressed_by->reason));
		x = json_object();
		json_object_set_new(x, "file", json_string(
		    it->suppressed_by->path));
		json_object_set_new(x, "line", json_integer(
		    (json_int_t)it->suppressed_by->line));
		json_object_set_new(s, "properties", x);
		json_array_append_new(arr, s);
		json_object_set_new(o, "suppressions", arr);
	}
	if (it->suppressed_by == NULL && f->rank > 0)
		json_object_set_new(o, "rank", json_real(
		    (double)(100.0 * (1.0 - (double)(f->rank - 1) /
		    (double)(r->n > 0 ? r->n : 1)))));
	x = json_object();
	json_object_set_new(x, "severity", json_string(severity_name(
	    f->severity)));
	json_object_set_new(x, "confidence", json_real(
	    (double)(long)(f->confidence * 1000.0 + 0.5) / 1000.0));
	arr = json_array();
	for (j = 0; j < f->nsubjects; j++) {
		s = json_object();
		json_object_set_new(s, "kind", json_string(f->subjects[j].kind));
		json_object_set_new(s, "namespace", f->subjects[j].ns != NULL ?
		    json_string(f->subjects[j].ns) : json_null());
		json_object_set_new(s, "name", json_string(f->subjects[j].name));
		json_array_append_new(arr, s);
	}
	json_object_set_new(x, "subjects", arr);
	arr = json_array();
	for (j = 0; j < f->naffected; j++)
		json_array_append_new(arr, json_string(f->affected[j]));
	json_object_set_new(x, "affected", arr);
	json_object_set_new(x, "remediation", json_string(f->remediation));
	json_object_set_new(o, "properties", x);
	return o;
}

int
report_sarif(const struct report *r, FILE *out)
{
	json_t *root = json_object(), *runs, *run, *tool, *drv, *arr, *x, *inv,
	    *notes, *props;
	size_t i;

	json_object_set_new(root, "$schema", json_string(SARIF_SCHEMA));
	json_object_set_new(root, "version", json_string(SARIF_VERSION));
	runs = json_array();
	run = json_object();

	drv = json_object();
	json_object_set_new(drv, "name", json_string("ctriage"));
	json_object_set_new(drv, "version", json_string(CTRIAGE_VERSION));
	json_object_set_new(drv, "semanticVersion",
	    json_string(CTRIAGE_VERSION));
	json_object_set_new(drv, "informationUri", json_string(SARIF_INFO_URI));
	arr = json_array();
	for (i = 0; i < r->rs->nrules; i++)
		json_array_append_new(arr, sarif_rule(&r->rs->rules[i]));
	json_object_set_new(drv, "rules", arr);
	tool = json_object();
	json_object_set_new(tool, "driver", drv);
	json_object_set_new(run, "tool", tool);

	/* Member paths are relative to the sysdump's root. */
	x = json_object();
	json_object_set_new(x, "description", msg("the sysdump archive's "
	    "members (cilium-sysdump-<timestamp>/...)"));
	arr = json_object();
	json_object_set_new(arr, "SYSDUMP", x);
	json_object_set_new(run, "originalUriBaseIds", arr);

	inv = json_object();
	json_object_set_new(inv, "executionSuccessful", json_true());
	notes = json_array();
	for (i = 0; i < r->nskipped; i++) {
		x = json_object();
		json_object_set_new(x, "level", json_string("note"));
		json_object_set_new(x, "message", msg(r->skipped[i].reason));
		arr = json_object();
		json_object_set_new(arr, "id", json_string(
		    r->skipped[i].rule->id));
		json_object_set_new(arr, "index", json_integer(
		    (json_int_t)(r->skipped[i].rule - r->rs->rules)));
		json_object_set_new(x, "associatedRule", arr);
		json_array_append_new(notes, x);
	}
	for (i = 0; i < r->nnot_applicable; i++) {
		x = json_object();
		json_object_set_new(x, "level", json_string("none"));
		json_object_set_new(x, "message", msg(
		    r->not_applicable[i].reason));
		arr = json_object();
		json_object_set_new(arr, "id", json_string(
		    r->not_applicable[i].rule->id));
		json_object_set_new(arr, "index", json_integer(
		    (json_int_t)(r->not_applicable[i].rule - r->rs->rules)));
		json_object_set_new(x, "associatedRule", arr);
		json_array_append_new(notes, x);
	}
	json_object_set_new(inv, "toolExecutionNotifications", notes);
	arr = json_array();
	json_array_append_new(arr, inv);
	json_object_set_new(run, "invocations", arr);

	arr = json_array();
	for (i = 0; i < r->n; i++)
		json_array_append_new(arr, sarif_result(r, &r->v[i]));
	for (i = 0; i < r->nsuppressed; i++)
		json_array_append_new(arr, sarif_result(r, &r->suppressed[i]));
	json_object_set_new(run, "results", arr);
	json_object_set_new(run, "columnKind",
	    json_string("unicodeCodePoints"));

	props = json_object();
	json_object_set_new(props, "cluster", r->in.cluster != NULL ?
	    json_string(r->in.cluster) : json_null());
	json_object_set_new(props, "ciliumVersion", r->in.cilium_version !=
	    NULL ? json_string(r->in.cilium_version) : json_null());
	json_object_set_new(props, "rulesEvaluated", json_integer(
	    (json_int_t)r->evaluated));
	json_object_set_new(props, "rulesNotEvaluated", json_integer(
	    (json_int_t)r->nskipped));
	json_object_set_new(props, "suppressed", json_integer(
	    (json_int_t)r->nsuppressed));
	json_object_set_new(props, "inBaseline", json_integer(
	    (json_int_t)r->by_baseline));
	json_object_set_new(props, "belowMinSeverity", json_integer(
	    (json_int_t)r->below_min));
	json_object_set_new(props, "redacted", json_boolean(r->redacted));
	json_object_set_new(run, "properties", props);

	json_array_append_new(runs, run);
	json_object_set_new(root, "runs", runs);
	return report_json_write(root, out);
}
