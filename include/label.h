/*
 * label.h: Cilium labels and label sets.
 *
 * A Cilium label is `source:key=value` (pkg/labels/labels.go): sources are
 * k8s, reserved, cidr, cidrgroup, fqdn, node, container, any, unspec.  A
 * key written without a source in a selector means `any:`, which matches a
 * label of any source with that key; any other source must match exactly
 * (LabelArray.Has in pkg/labels/arraylist.go).
 *
 * All strings are interned in the model's strtab, so labels compare by
 * pointer.  A label set is sorted by key (then source, then value) so a key
 * is found by binary search.
 */
#ifndef CTRIAGE_LABEL_H
#define CTRIAGE_LABEL_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "buf.h"
#include "intern.h"

struct label {
	const char	*source;	/* interned: "k8s", "reserved", "any" ... */
	const char	*key;		/* interned */
	const char	*value;		/* interned, "" when none */
};

struct labelset {
	const struct label	*v;	/* sorted; in the arena */
	size_t			 n;
};

/*
 * Parse "source:key=value" (or "key=value", whose source is `defsource`,
 * or "reserved:host" with an empty value).  The source is the part before
 * the first ':' when that part has no '=' or '/' (label keys never hold
 * ':').  Strings are interned in st.
 */
void label_parse(struct strtab *st, const char *s, const char *defsource,
    struct label *out);

/*
 * Build a label set from n labels (copied into the arena, sorted, exact
 * duplicates dropped).
 */
void labelset_build(struct arena *a, const struct label *v, size_t n,
    struct labelset *out);

/*
 * The value of the label with this key, matching the source as a selector
 * does: source "any" (or NULL) matches every source.  NULL when absent.
 */
const char *labelset_get(const struct labelset *ls, const char *source,
    const char *key);
bool labelset_has(const struct labelset *ls, const char *source,
    const char *key);

/* "k8s:app=web", appended to b. */
void label_format(struct buf *b, const struct label *l);

/* Is it the source that a selector key without prefix gets? */
bool label_source_is_any(const char *source);

#endif
