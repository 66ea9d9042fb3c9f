/*
 * rule.h: the rule catalog, one YAML file per rule in rules/.
 *
 * A rule file says what a rule is for a person (title, summary, the Cilium
 * behaviour it encodes and why it bites, the fix, references to docs or
 * source) and how it is checked: by a built-in check written in C (named,
 * with parameters), or declaratively: a PCRE2 pattern over agent logs with
 * a count threshold and a time window, a condition on a cilium-config key,
 * or a JSON-path comparison.  Rule IDs are API (../shared/knowledge/
 * rules.md); the loader refuses unknown fields, missing fields and bad
 * values with `file:line` errors, so a broken catalog is caught at start.
 *
 *   id: SEL-NO-MATCH
 *   title: A policy selector matches no endpoint
 *   severity: high                 # info, low, medium, high, critical
 *   category: selectors
 *   summary: one line
 *   explanation: |                 # what Cilium does and why it bites
 *   remediation: |                 # the fix, with a YAML snippet if any
 *   references:                    # at least one doc URL or source path
 *     - https://docs.cilium.io/en/stable/security/policy/...
 *     - src: pkg/policy/api/selector.go
 *   versions: [">=1.14 <1.17"]     # optional; ranges are ORed, words ANDed
 *   inputs: [policies, endpoints]  # optional; model parts the check reads
 *   check:
 *     builtin: sel_no_match        # and optional params: {...}
 */
#ifndef CTRIAGE_RULE_H
#define CTRIAGE_RULE_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "arena.h"
#include "diag.h"

#define SEVERITIES(X)				\
	X(SEV_INFO,	"info",		1)	\
	X(SEV_LOW,	"low",		2)	\
	X(SEV_MEDIUM,	"medium",	4)	\
	X(SEV_HIGH,	"high",		8)	\
	X(SEV_CRITICAL,	"critical",	16)

enum severity {
#define X(e, name, weight) e,
	SEVERITIES(X)
#undef X
};

const char *severity_name(enum severity s);
/* The weight a severity gives a finding's score. */
unsigned severity_weight(enum severity s);
/* Parse a severity name; false when it is none. */
bool severity_parse(const char *s, enum severity *out);

/* A version: major.minor.patch (patch 0 when not given). */
struct version {
	unsigned	major;
	unsigned	minor;
	unsigned	patch;
};

/* Parse "1.16.5", "v1.16", "1.17.0-rc.1" (the suffix is ignored). */
bool version_parse(const char *s, struct version *out);
int version_cmp(const struct version *a, const struct version *b);

/* One range: lower bound (inclusive) and upper bound (exclusive). */
struct version_range {
	bool		has_lo;
	struct version	lo;
	bool		has_hi;
	struct version	hi;
	const char	*text;
};

#define CHECK_KINDS(X)				\
	X(CHECK_BUILTIN,	"builtin")	\
	X(CHECK_LOG,		"log")		\
	X(CHECK_CONFIG,		"config")	\
	X(CHECK_JSON,		"json")

enum check_kind {
#define X(e, name) e,
	CHECK_KINDS(X)
#undef X
};

/* check.log: a pattern over agent (and operator) log lines. */
struct log_check {
	const char	*pattern;	/* PCRE2 */
	const char	*literal;	/* prefilter: must occur in the line */
	const char	*exclude;	/* PCRE2: lines it matches don't count */
	const char	*min_level;	/* "warning", ...; NULL for any */
	unsigned long	 min_count;	/* at least this many lines ... */
	unsigned long	 window;	/* ... within this many seconds (0: any) */
	bool		 previous_only;	/* only -prev.log files */
};

/* check.config: a cilium-config key compared to a value. */
struct config_check {
	const char	*key;
	const char	*op;		/* equals, not-equals, absent, present */
	const char	*value;
	const char	*default_value;	/* the agent's default when absent */
};

/* check.json: a path into an artifact's JSON compared to a value. */
struct json_check {
	const char	*artifact;	/* an artifact kind name */
	const char	*path;		/* dotted, [n] for array elements */
	const char	*op;		/* equals, not-equals, >=, <=, ... */
	const char	*value;
};

struct rule {
	const char		*id;
	const char		*title;
	enum severity		 severity;
	const char		*category;
	const char		*summary;
	const char		*explanation;
	const char		*remediation;
	const char		**references;
	size_t			 nreferences;
	struct version_range	*versions;	/* NULL: every version */
	size_t			 nversions;
	const char		**inputs;
	size_t			 ninputs;
	enum check_kind		 check;
	const char		*builtin;	/* CHECK_BUILTIN */
	json_t			*params;	/* CHECK_BUILTIN, or NULL */
	struct log_check	 log;
	struct config_check	 config;
	struct json_check	 json;
	const char		*path;		/* the rule file */
	unsigned long		 line;
};

struct ruleset {
	struct rule	*rules;		/* sorted by id */
	size_t		 nrules;
	size_t		 cap;
	struct arena	*a;
};

/* The built-in checks a rule may name (set by the engine, see eval.h). */
typedef bool (*rule_builtin_known_fn)(const char *name);

void ruleset_init(struct ruleset *rs);
void ruleset_release(struct ruleset *rs);

/*
 * Load every *.yaml file of dir into rs.  Each error becomes a diagnostic
 * "<file>:<line>: <problem>" in errs and that rule is left out; a rule id
 * loaded twice is an error.  known, when not NULL, vets builtin names.
 * Returns the number of rules loaded, or -1 when dir cannot be read
 * (with a diagnostic naming it).
 */
int ruleset_load_dir(struct ruleset *rs, const char *dir,
    rule_builtin_known_fn known, struct diag_list *errs);

/* Load one rule file (same contract, for --rules files and tests). */
int ruleset_load_file(struct ruleset *rs, const char *path,
    rule_builtin_known_fn known, struct diag_list *errs);

/* Load rules from YAML text; `name` stands for the file in errors. */
int ruleset_load_string(struct ruleset *rs, const char *name,
    const char *text, size_t len, rule_builtin_known_fn known,
    struct diag_list *errs);

const struct rule *ruleset_find(const struct ruleset *rs, const char *id);

/* Does the rule apply to Cilium version v (NULL: unknown, applies)? */
bool rule_applies_to(const struct rule *r, const struct version *v);

#endif
