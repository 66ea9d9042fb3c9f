/*
 * parse_json.c: jansson over ingest members, and the typed reads of object
 * members the parsers share (see parse_json.h).
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include <jansson.h>

#include "diag.h"
#include "ingest.h"
#include "parse_json.h"

static size_t
member_load_cb(void *buffer, size_t buflen, void *data)
{
	ssize_t n = ingest_member_read(data, buffer, buflen);

	return n < 0 ? (size_t)-1 : (size_t)n;
}

static size_t
load_flags(unsigned flags)
{
	/*
	 * No JSON_ALLOW_NUL: a "\u0000" in a string would cut it short for
	 * every C consumer, so such a document is an error.
	 */
	return ((flags & JSON_PARSE_FIRST_VALUE) ?
	    JSON_DISABLE_EOF_CHECK : 0) | JSON_DECODE_ANY;
}

static void
report(struct diag_list *diags, const char *name, const json_error_t *e)
{
	diag_add(diags, DIAG_ERROR, name, e->line > 0 ? (unsigned long)e->line :
	    0, "cannot parse JSON: %s", e->text);
}

json_t *
json_parse_member(struct ingest_member *m, unsigned flags,
    struct diag_list *diags)
{
	json_error_t e;
	json_t *v = json_load_callback(member_load_cb, m, load_flags(flags),
	    &e);

	if (v == NULL)
		report(diags, m->path, &e);
	return v;
}

json_t *
json_parse_string(const char *name, const char *s, size_t len,
    unsigned flags, struct diag_list *diags)
{
	json_error_t e;
	json_t *v = json_loadb(s, len, load_flags(flags), &e);

	if (v == NULL)
		report(diags, name, &e);
	return v;
}

const char *
json_get_str(json_t *obj, const char *key)
{
	json_t *v = json_object_get(obj, key);

	return json_is_string(v) ? json_string_value(v) : NULL;
}

const char *
json_get_text(json_t *obj, const char *key)
{
	const char *s = json_get_str(obj, key);

	return s != NULL && *s != '\0' ? s : NULL;
}

bool
json_get_u64(json_t *obj, const char *key, uint64_t *out)
{
	json_t *v = json_object_get(obj, key);

	if (!json_is_integer(v) || json_integer_value(v) < 0)
		return false;
	*out = (uint64_t)json_integer_value(v);
	return true;
}

bool
json_get_u32(json_t *obj, const char *key, uint32_t *out)
{
	uint64_t v;

	if (!json_get_u64(obj, key, &v) || v > UINT32_MAX)
		return false;
	*out = (uint32_t)v;
	return true;
}
