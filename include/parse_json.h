/*
 * parse_json.h: JSON documents from archive members, with jansson.
 *
 * Agent command outputs (`cilium-dbg ... -o json`, the debuginfo JSON) are
 * one indented document; Hubble flow files are one document per line.  A
 * few bugtool files hold a JSON document followed by text (`policy get`
 * prints "Revision: N" after the array), so the first document can be read
 * on its own.  Errors become one diagnostic naming the member and line.
 */
#ifndef CTRIAGE_PARSE_JSON_H
#define CTRIAGE_PARSE_JSON_H

#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

#include "diag.h"
#include "ingest.h"

enum json_parse_flags {
	/* Stop after the first value; text may follow it. */
	JSON_PARSE_FIRST_VALUE	= 1 << 0,
};

/*
 * Parse the member as one JSON value.  Returns a new reference, or NULL
 * with a diagnostic "cannot parse JSON: <error>" at its line in diags.
 * Leading text before the first '{' or '[' (a Markdown header that
 * `--enable-markdown` bugtools add, or a kubelet prefix) is not skipped:
 * callers that expect it use json_parse_string on the part they want.
 */
json_t *json_parse_member(struct ingest_member *m, unsigned flags,
    struct diag_list *diags);

/* The same over bytes in memory; `name` is used in diagnostics. */
json_t *json_parse_string(const char *name, const char *s, size_t len,
    unsigned flags, struct diag_list *diags);

/*
 * Members of a JSON object, read the same way by every parser (obj may be
 * NULL or no object: it has no members then).  json_get_str: a string
 * member, or NULL; json_get_text: the same, but NULL for "" too.
 * json_get_u64 and json_get_u32: a non-negative integer member that fits
 * the type goes into *out and they return true; else *out is untouched.
 */
const char *json_get_str(json_t *obj, const char *key);
const char *json_get_text(json_t *obj, const char *key);
bool json_get_u64(json_t *obj, const char *key, uint64_t *out);
bool json_get_u32(json_t *obj, const char *key, uint32_t *out);

#endif
