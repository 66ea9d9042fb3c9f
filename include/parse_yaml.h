/*
 * parse_yaml.h: YAML (and JSON, its subset) into jansson values.
 *
 * Sysdump objects are YAML Lists written by sigs.k8s.io/yaml, one file per
 * resource type, which for a big cluster can be hundreds of megabytes.  The
 * parser therefore streams: libyaml events are turned into jansson values,
 * and for a Kubernetes List (a top-level mapping with an `items` sequence)
 * each item is handed to the caller as soon as it is complete and then
 * freed, so memory is bounded by the largest object, not the file.
 *
 * Plain scalars are typed the YAML 1.1 way Kubernetes readers expect
 * (null, true/false, integers, floats); quoted and block scalars are
 * strings.  Aliases are shared, not copied, and the size they would expand
 * to is bounded, as is nesting depth, so alias bombs and deep nesting end
 * in an error instead of exhausting memory.
 */
#ifndef CTRIAGE_PARSE_YAML_H
#define CTRIAGE_PARSE_YAML_H

#include <jansson.h>

#include "diag.h"
#include "ingest.h"

struct yaml_limits {
	unsigned	max_depth;		/* nesting of collections */
	unsigned long	max_alias_nodes;	/* nodes reachable via aliases */
};

#define YAML_DEFAULT_MAX_DEPTH		256
#define YAML_DEFAULT_MAX_ALIAS_NODES	100000UL

/*
 * The start line of every mapping, sequence, string and number of the item
 * being delivered, keyed by its json_t pointer (true, false and null have
 * none: jansson shares them).  Valid only during the callback.
 */
struct json_lines;

/* The 1-based line where v starts, or 0 when unknown (or lines is NULL). */
unsigned long json_lines_get(const struct json_lines *lines, const json_t *v);

/*
 * A copy of the table that outlives the callback, for a caller that keeps
 * the item (json_incref) to read it later.  Free with json_lines_free.
 */
struct json_lines *json_lines_copy(const struct json_lines *lines);
void json_lines_free(struct json_lines *lines);

/*
 * Called once per object: each item of a List, or each top-level value of
 * a document that is not a List (a sequence's elements are delivered one by
 * one).  `item` is a borrowed reference, valid during the call only (take a
 * json_incref to keep it).  `line` is the 1-based line where the object
 * starts.  Returning non-zero stops the parse.
 */
typedef int (*yaml_item_fn)(void *ctx, json_t *item, unsigned long line,
    const struct json_lines *lines);

/*
 * Parse the whole member as a YAML stream (any number of documents).
 * limits may be NULL for the defaults.  A syntax error or a limit ends the
 * parse with one diagnostic "<line>: <problem>" on the member's path in
 * diags; the items delivered before it stand.  Returns 0 when the member
 * parsed whole, 1 when the callback stopped it, -1 on an error.
 */
int yaml_parse_member(struct ingest_member *m,
    const struct yaml_limits *limits, yaml_item_fn fn, void *ctx,
    struct diag_list *diags);

/*
 * The same over a string (for tests, and for YAML embedded in another
 * file); `name` is the path used in diagnostics.
 */
int yaml_parse_string(const char *name, const char *s, size_t len,
    const struct yaml_limits *limits, yaml_item_fn fn, void *ctx,
    struct diag_list *diags);

#endif
