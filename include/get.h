/*
 * get.h: browsing the model the way kubectl browses a cluster.
 *
 * `ctriage get INPUT KIND` lists one kind of object from the model, each
 * as a JSON item built here once: -o json and -o yaml print the items as
 * they are ({"items": [...]}), and the table and wide forms print columns
 * read from the same items, so the forms cannot disagree.
 */
#ifndef CTRIAGE_GET_H
#define CTRIAGE_GET_H

#include <stdio.h>

#include <jansson.h>

#include "model.h"

enum get_format {
	GET_TABLE,
	GET_WIDE,
	GET_JSON,
	GET_YAML,
};

struct get_query {
	const char	*kind;		/* a kind name or alias */
	const char	*ns;		/* -n, or NULL for all */
	const char	*selector;	/* -l, or NULL */
};

/* The canonical kind for a name or alias ("po" -> "pods"), or NULL. */
const char *get_kind_canonical(const char *name);

/* The kinds, comma-separated, for usage messages. */
const char *get_kinds_list(void);

/*
 * The items of the query, in a stable order, as a new JSON array; NULL
 * with *errp set (a static or model-arena message) on a bad selector.
 */
json_t *get_items(struct model *m, const struct get_query *q,
    const char **errp);

/* Write items (borrowed) for `kind` in the format.  0, or -1 on error. */
int get_write(FILE *out, const char *kind, json_t *items,
    enum get_format format);

#endif
