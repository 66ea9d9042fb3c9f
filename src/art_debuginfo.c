/*
 * art_debuginfo.c: cmd/cilium-debuginfo-<T>.json into its parts (see
 * art_debuginfo.h).  The document is small (one node's endpoints and
 * services), so it is loaded whole with jansson and its sections are
 * handed to the converters of the stand-alone commands.
 */
#include <ctype.h>
#include <string.h>

#include <jansson.h>

#include "arena.h"
#include "art_debuginfo.h"
#include "art_endpoint.h"
#include "art_lb.h"
#include "art_policy.h"
#include "art_status.h"
#include "diag.h"
#include "intern.h"
#include "parse_json.h"
#include "xalloc.h"

const char *
debuginfo_version(struct strtab *st, const char *text)
{
	const char *p = text, *q;

	if (text == NULL)
		return NULL;
	while (*p == ' ' || *p == 'v')
		p++;
	if (!isdigit((unsigned char)*p))
		return NULL;
	for (q = p; isdigit((unsigned char)*q) || *q == '.'; q++)
		;
	while (q > p && q[-1] == '.')
		q--;
	return q > p && q - p < 32 ? intern_n(st, p, (size_t)(q - p)) : NULL;
}

static void
read_endpoints(struct ingest_member *m, json_t *arr, struct arena *a,
    struct strtab *st, struct diag_list *diags, struct endpoint_result *out)
{
	struct endpoint_record *v;
	size_t i, n = 0;
	json_t *e;

	out->path = intern(st, m->path);
	out->json = true;
	if (!json_is_array(arr) || json_array_size(arr) == 0)
		return;
	v = arena_calloc(a, json_array_size(arr), sizeof(*v));
	json_array_foreach(arr, i, e) {
		if (art_endpoint_from_json(e, 0, a, st, &v[n]) == 0)
			n++;
		else
			diag_add(diags, DIAG_WARNING, m->path, 0, "cannot parse "
			    "endpoint-list[%zu] of the debuginfo", i);
	}
	out->v = v;
	out->n = n;
}

int
art_debuginfo_parse(struct ingest_member *m, struct arena *a,
    struct strtab *st, struct diag_list *diags, struct debuginfo_result *out)
{
	json_t *doc, *v;
	const char *text;

	memset(out, 0, sizeof(*out));
	out->path = intern(st, m->path);
	if ((doc = json_parse_member(m, 0, diags)) == NULL)
		return -1;
	if (!json_is_object(doc)) {
		diag_add(diags, DIAG_ERROR, m->path, 1, "cannot parse debuginfo: "
		    "not a JSON object");
		json_decref(doc);
		return -1;
	}
	text = json_string_value(json_object_get(doc, "cilium-version"));
	if (text != NULL) {
		out->version_text = arena_strdup(a, text);
		out->version = debuginfo_version(st, text);
	}
	text = json_string_value(json_object_get(doc, "kernel-version"));
	if (text != NULL)
		out->kernel = intern(st, text);
	v = json_object_get(doc, "cilium-status");
	if (json_is_object(v) &&
	    art_status_from_json(v, out->path, 0, a, st, &out->status) == 0)
		out->has_status = true;
	read_endpoints(m, json_object_get(doc, "endpoint-list"), a, st, diags,
	    &out->endpoints);
	v = json_object_get(doc, "service-list");
	if (json_is_array(v) && art_lb_from_json(v, out->path, a, st, diags,
	    &out->services) == 0)
		out->has_services = true;
	/* policy.policy holds the agent's rules as one JSON string. */
	v = json_object_get(json_object_get(doc, "policy"), "policy");
	if (json_is_string(v) && art_policy_parse_text(m->path,
	    json_string_value(v), json_string_length(v), a, st, diags,
	    &out->policy) == 0)
		out->has_policy = true;
	/* policy.revision: the policy repository revision, beside it. */
	v = json_object_get(json_object_get(doc, "policy"), "revision");
	if (out->has_policy && json_is_integer(v) &&
	    json_integer_value(v) >= 0) {
		out->policy.has_revision = true;
		out->policy.revision = (uint64_t)json_integer_value(v);
		out->policy.revision_line = 0;
	}
	json_decref(doc);
	return 0;
}
