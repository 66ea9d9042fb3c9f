/*
 * report_view.h: what a report shows, between the engine and the writers.
 *
 * The engine's findings are every finding of every rule.  A report shows a
 * selection of them: `analyze --suppress` moves findings a suppression
 * file accepts aside (still counted, with the reason), `--baseline` hides
 * the findings an earlier JSON report already had, `--min-severity` hides
 * the minor ones (counted), and `--redact` rewrites every string of what
 * remains.  struct report holds the outcome: the findings shown, ranked
 * again from 1, the suppressed ones, the counts of the hidden ones, and
 * the input's header (redacted too), so that every writer (text, JSON,
 * Markdown, HTML, SARIF, JUnit) formats the same selection and none of
 * them needs the model.
 *
 * The steps run in this order, each optional: report_init,
 * report_suppress, report_redact (report_redact.h), report_fingerprint,
 * report_baseline, report_min_severity, report_finish.  Suppressions match
 * the original names, before redaction; fingerprints and baselines use the
 * report's final strings, so a baseline written with --redact matches only
 * a run with the same --redact-seed.
 *
 * Finding identity (the fingerprint): the rule ID and the finding's
 * subjects (kind, namespace, name, in order); for a finding without
 * subjects, the rule ID and its title.  The title is left out when there
 * are subjects because titles carry counts ("3 endpoints") that change
 * from one sysdump to the next while the problem stays the same.  A second
 * finding with the same key gets "#2" appended, and so on.  The
 * fingerprint is 16 hex digits of FNV-1a over that key (an identity, not
 * a secret).
 */
#ifndef CTRIAGE_REPORT_VIEW_H
#define CTRIAGE_REPORT_VIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "eval.h"
#include "model.h"
#include "rule.h"

/* One entry of a --suppress file. */
struct report_suppression {
	const char	*rule;		/* fnmatch pattern on the rule ID */
	const char	*ns;		/* pattern, or NULL: any */
	const char	*name;		/* pattern, or NULL: any */
	const char	*reason;
	const char	*expires;	/* YYYY-MM-DD, or NULL: never */
	const char	*path;		/* the file */
	unsigned long	 line;
	bool		 expired;	/* set by report_suppress */
	size_t		 matched;	/* findings it suppressed */
};

struct report_suppressions {
	struct report_suppression	*v;
	size_t				 n;
	size_t				 cap;
	struct arena			*a;
};

/* A finding as a report shows it. */
struct report_item {
	struct finding				 f;	/* a copy */
	const char				*fingerprint;
	const struct report_suppression		*suppressed_by;
};

struct report_skipped_input {
	const char	*path;
	const char	*reason;
};

/* The input, as the report names it (redacted with --redact). */
struct report_input {
	const char			*path;
	const char			*format;
	const char			*type;	/* sysdump, bugtool, unknown */
	const char			*sysdump_time;
	const char			*cilium_version;
	const char			*cilium_version_src;
	const char			*k8s_version;
	const char			*cluster;
	const char			**nodes;
	size_t				 nnodes;
	size_t				 members;
	struct report_skipped_input	*skipped;
	size_t				 nskipped;
};

struct report {
	const struct ruleset		*rs;
	struct report_input		 in;
	struct report_item		*v;		/* shown, ranked */
	size_t				 n;
	size_t				 cap;
	struct report_item		*suppressed;
	size_t				 nsuppressed;
	size_t				 suppressed_cap;
	struct report_suppressions	*sup;		/* or NULL */
	const struct not_evaluated	*skipped;	/* rules not evaluated */
	size_t				 nskipped;
	/* Rules for other Cilium releases: did not run, not a gap. */
	const struct not_evaluated	*not_applicable;
	size_t				 nnot_applicable;
	size_t				 evaluated;	/* rules that ran */
	const char			**excluded;	/* --only/--skip */
	size_t				 nexcluded;
	size_t				 by_baseline;	/* hidden: known */
	const char			*baseline;	/* its path, or NULL */
	bool				 has_min;
	enum severity			 min_severity;
	size_t				 below_min;	/* hidden: minor */
	bool				 redacted;
	const char			*redact_key;	/* "random", "seed" */
	size_t				 redacted_names;
	size_t				 redacted_ips;
	bool				 color;		/* text: ANSI colour */
	struct arena			*a;
};

/*
 * Start a report of every finding of f (copied, with its strings still
 * the engine's) and the model's header.  rs and f must outlive it; the
 * model need not.
 */
void report_init(struct report *r, const struct model *m,
    const struct ruleset *rs, const struct findings *f);
void report_release(struct report *r);

/*
 * --only and --skip: keep in rs only the rules whose ID or category
 * matches one of only's comma-separated patterns (all when only is empty)
 * and none of skip's.  The kept rules stay first, in order; the others
 * move behind rs->nrules, which shrinks: call report_rules_restore with
 * the count returned in *total before ruleset_release.  Patterns are
 * fnmatch(3) globs, compared without case.  A pattern that matches no rule
 * is an error: -1, with a malloc'd message in *errp.
 */
int report_rules_select(struct ruleset *rs, const char *const *only,
    size_t nonly, const char *const *skip, size_t nskip, size_t *total,
    char **errp);
void report_rules_restore(struct ruleset *rs, size_t total);
/* The excluded rules' IDs (behind nrules), for the report. */
void report_set_excluded(struct report *r, const struct ruleset *rs,
    size_t total);

void report_suppressions_init(struct report_suppressions *s);
void report_suppressions_release(struct report_suppressions *s);

/*
 * Load a suppression file: a YAML sequence (or a mapping whose
 * `suppressions` key holds one) of mappings with the keys rule (required),
 * namespace, name, reason (required) and expires (YYYY-MM-DD).  Errors are
 * diagnostics "<line>: <problem>" on path in errs; returns the number of
 * entries loaded, or -1 when the file cannot be read or parsed.
 */
int report_suppressions_load(struct report_suppressions *s,
    const char *path, struct diag_list *errs);

/*
 * Move aside every finding that a suppression matches: its rule pattern
 * matches the rule ID and, when it names a namespace or a name, one of the
 * finding's subjects matches both (a missing one matches anything; a
 * cluster-scoped subject's namespace is ""). A suppression whose expiry
 * date is before today (YYYY-MM-DD, UTC) no longer applies and is marked
 * expired.  s must outlive r.
 */
void report_suppress(struct report *r, struct report_suppressions *s,
    const char *today);

/* Give every finding (shown and suppressed) its fingerprint. */
void report_fingerprint(struct report *r);

/*
 * Hide the findings whose fingerprint the JSON report at path has (see
 * above; an entry without a fingerprint is keyed from its rule, subjects
 * and title).  Returns 0, or -1 with a malloc'd message in *errp when the
 * file is no ctriage report.
 */
int report_baseline(struct report *r, const char *path, char **errp);

/* Hide the findings below min (counted in below_min). */
void report_min_severity(struct report *r, enum severity min);

/* Number the shown findings from 1, in their ranked order. */
void report_finish(struct report *r);

/* Does a shown finding reach severity s (--fail-on)? */
bool report_fails(const struct report *r, enum severity s);

/* Shown findings by severity (indexed by enum severity). */
void report_count(const struct report *r, size_t counts[5]);

/* Hidden findings: suppressed, known to the baseline, below minimum. */
size_t report_hidden(const struct report *r);

/* Suppressions report_suppress marked expired (0 without a file). */
size_t report_expired(const struct report *r);

/*
 * The summary sentence the Markdown and HTML reports share: "Rules: N
 * evaluated, N not evaluated[, N excluded by --only/--skip]." then the
 * hidden counts and the redaction counts when they apply, appended to b.
 * The suppressed count is wrapped in open and close (markup, or "").
 */
void report_rules_line(struct buf *b, const struct report *r,
    const char *open, const char *close);

/* "HIGH" for SEV_HIGH. */
const char *report_severity_upper(enum severity s);

/* The rule's first http(s) reference, or NULL. */
const char *report_rule_url(const struct rule *rule);

#endif
