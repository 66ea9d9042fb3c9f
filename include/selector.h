/*
 * selector.h: label selectors, matched the way Cilium matches them.
 *
 * A selector is a Kubernetes LabelSelector (matchLabels and
 * matchExpressions with In, NotIn, Exists, DoesNotExist), whose keys carry
 * an optional Cilium source prefix (`k8s:app`, `reserved:host`; none means
 * `any:`).  All requirements are ANDed; an empty selector matches every
 * label set (pkg/policy/api/selector.go).  matchLabels {k: v} is the
 * requirement `k In (v)`.
 *
 * Selectors are built in the model arena with interned strings; `text` is
 * a canonical form (requirements sorted) used for display and as the key
 * under which match results are cached.
 */
#ifndef CTRIAGE_SELECTOR_H
#define CTRIAGE_SELECTOR_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "arena.h"
#include "intern.h"
#include "label.h"

#define SELECTOR_OPS(X)					\
	X(SEL_IN,		"In")			\
	X(SEL_NOT_IN,		"NotIn")		\
	X(SEL_EXISTS,		"Exists")		\
	X(SEL_DOES_NOT_EXIST,	"DoesNotExist")

enum sel_op {
#define X(e, s) e,
	SELECTOR_OPS(X)
#undef X
};

struct sel_req {
	const char	*source;	/* interned; "any" when unprefixed */
	const char	*key;		/* interned, without the source */
	enum sel_op	 op;
	const char	**values;	/* interned, sorted */
	size_t		 nvalues;
	bool		 from_match_labels;
};

struct selector {
	struct sel_req	*reqs;		/* in the arena */
	size_t		 n;
	unsigned long	 line;		/* where it was written, 0 if built */
	const char	*text;		/* canonical form, interned */
};

const char *sel_op_name(enum sel_op op);

/*
 * Build a selector from a LabelSelector JSON object (borrowed; NULL or
 * `{}` is the empty, match-all selector).  defsource is the source given
 * to unprefixed keys: "any" for Cilium policies; Kubernetes
 * NetworkPolicies use "k8s" (pkg/k8s/network_policy.go parsePodSelector).
 * Returns 0, or -1 with *errp set to a static-or-arena message in Cilium's
 * words ("invalid label selector: ...").
 */
int selector_from_json(json_t *obj, const char *defsource,
    unsigned long line, struct arena *a, struct strtab *st,
    struct selector *out, const char **errp);

/*
 * Build a selector from kubectl's text syntax: requirements separated by
 * commas, each `key`, `!key`, `key=value`, `key==value`, `key!=value`,
 * `key in (a,b)` or `key notin (a,b)` (`!=` is NotIn: it also matches when
 * the key is absent).  Keys may carry a source prefix.  Returns 0, or -1
 * with *errp set ("invalid selector: ...").
 */
int selector_from_text(const char *text, const char *defsource,
    struct arena *a, struct strtab *st, struct selector *out,
    const char **errp);

/* Does the label set satisfy every requirement? */
bool selector_matches(const struct selector *s, const struct labelset *ls);

/*
 * Does the selector mention source:key (matchLabels or any expression)?
 * Source "any" in the question matches a requirement of source "any" or
 * `alt_source`, as Cilium's HasKey checks both `any:` and `k8s:` forms.
 */
bool selector_has_key(const struct selector *s, const char *key,
    const char *alt_source);

/* Does any requirement use this source ("reserved")? */
bool selector_has_source(const struct selector *s, const char *source);

/* Does any requirement's key start with prefix (any source)? */
bool selector_has_key_prefix(const struct selector *s, const char *prefix);

/*
 * Copy s with one more requirement (values: NULL-terminated list of
 * strings, interned here).  If replace is true and matchLabels holds the
 * same source and key, that entry is replaced instead, as AddMatch does
 * (CNP/KNP subject namespace forcing, pkg/k8s/apis/cilium.io/utils); a
 * matchExpressions requirement on the key stays, ANDed.  Rebuilds `text`.
 */
void selector_with_req(struct arena *a, struct strtab *st,
    const struct selector *s, const char *source, const char *key,
    enum sel_op op, const char *const *values, bool replace,
    struct selector *out);

/* Is it the empty selector (matches everything)? */
bool selector_is_wildcard(const struct selector *s);

#endif
