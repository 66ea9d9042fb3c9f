/*
 * eval.h: the rule engine, a pure function from the model to findings.
 *
 * eval_run() runs every rule of a ruleset over a built model and returns
 * findings: what is wrong in this cluster, in its own names, with the
 * evidence (member, line, excerpt), what it affects, and the fix.  It does
 * no I/O and touches no globals; the same model and rules give the same
 * findings in the same order.
 *
 * A rule whose inputs the sysdump lacks (no bugtool, no flows, an
 * unknown version for a version-bound rule) is not silently dropped: it is
 * listed as not evaluated, with the reason.
 *
 * Ranking: each finding's score combines its severity, the engine's
 * confidence in it, its blast radius (endpoints or flows affected) and
 * corroboration (drops and log lines it explains, raising it; observed
 * forwarded traffic contradicting it, lowering it).  Findings are sorted
 * by score, ties broken by rule id and then subject, and numbered from 1.
 * Built-in checks group by root cause themselves: one finding per cause,
 * listing every endpoint it affects.
 */
#ifndef CTRIAGE_EVAL_H
#define CTRIAGE_EVAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "art_k8s.h"
#include "model.h"
#include "rule.h"

struct finding_subject {
	const char	*kind;		/* "CiliumNetworkPolicy", "Pod", "Node" */
	const char	*ns;		/* NULL when cluster-scoped */
	const char	*name;
};

struct finding_evidence {
	const char	*path;		/* archive member */
	unsigned long	 line;		/* 0 when the member as a whole */
	const char	*excerpt;	/* one line, printable */
};

struct finding {
	const struct rule	*rule;
	enum severity		 severity;	/* may differ from the rule's */
	double			 confidence;	/* 0..1 */
	double			 score;
	unsigned		 rank;		/* 1 = most likely root cause */
	const char		*title;		/* specific, one line */
	const char		*message;	/* specific: names the objects */
	const char		*remediation;	/* specific fix, may hold YAML */
	struct finding_subject	*subjects;
	size_t			 nsubjects;
	const char		**affected;	/* "ns/pod", sorted, unique */
	size_t			 naffected;
	struct finding_evidence	*evidence;
	size_t			 nevidence;
	/*
	 * The root cause it is about ("policy/cnp/shop/x"), or NULL.  When
	 * a generic finding (POL-INVALID-STATUS) and a specific one share a
	 * cause, the specific one stays and takes the other's evidence.
	 */
	const char		*cause;
	bool			 generic;
	/* Corroboration, for ranking. */
	unsigned long		 drops;		/* dropped flows it explains */
	unsigned		 drop_sources;	/* their 1 << enum flow_source */
	unsigned long		 log_lines;	/* log lines it explains */
	unsigned long		 contradicting;	/* forwarded flows against it */
	/* private: growth */
	size_t			 subjects_cap;
	size_t			 affected_cap;
	size_t			 evidence_cap;
};

struct not_evaluated {
	const struct rule	*rule;
	const char		*reason;
};

/*
 * A Hubble drop that a finding explains: eval_flow_drops() with the
 * finding records it, so that the drop-correlation rules (DROP-POLICY-*)
 * report only the drops no root-cause finding explains.
 */
struct finding_explained {
	const struct flow_record	*flow;
	const struct rule		*rule;	/* the explaining finding's */
	/*
	 * Its index in findings.v while the checks run (kept in step when a
	 * finding is discarded or folded); eval_run's ranking reorders v.
	 */
	size_t				 finding;
};

struct findings {
	struct finding		*v;
	size_t			 n;
	size_t			 cap;
	/* Drops explained so far, in the order they were counted. */
	struct finding_explained *explained;
	size_t			 nexplained;
	size_t			 explained_cap;
	struct not_evaluated	*skipped;	/* rules not evaluated */
	size_t			 nskipped;
	size_t			 skipped_cap;
	/* Rules whose versions exclude this cluster's Cilium release. */
	struct not_evaluated	*not_applicable;
	size_t			 nnot_applicable;
	size_t			 not_applicable_cap;
	size_t			 evaluated;	/* rules that ran */
	struct arena		*a;		/* the findings' strings */
};

/* What a built-in check gets. */
struct eval_ctx {
	struct model		*m;
	const struct rule	*rule;
	struct findings		*out;
	const struct version	*version;	/* NULL when unknown */
	const char		*skip_reason;	/* set by eval_not_evaluated */
};

/*
 * A built-in check: add findings with eval_finding_new and friends, or
 * call eval_not_evaluated when the model lacks what it needs.  A check
 * that finds nothing adds nothing.
 */
typedef void (*eval_check_fn)(struct eval_ctx *ctx);

struct eval_builtin {
	const char	*name;
	eval_check_fn	 fn;
};

/* Is name a built-in check (for the rule loader)? */
bool eval_builtin_known(const char *name);

/* The built-ins, NULL-terminated, for `ctriage rules` and tests. */
const struct eval_builtin *eval_builtins(void);

void findings_init(struct findings *f);
void findings_release(struct findings *f);

/* Run every rule over the model, then rank.  f must be initialized. */
void eval_run(struct model *m, const struct ruleset *rs, struct findings *f);

/* --- for built-in checks -------------------------------------------- */

/* A new finding of the context's rule, with its severity and docs. */
struct finding *eval_finding_new(struct eval_ctx *ctx);

/*
 * Take back f, which must be the last finding eval_finding_new gave
 * (a check that built a finding and then found nothing to report).
 */
void eval_finding_discard(struct eval_ctx *ctx, struct finding *f);

void finding_title(struct eval_ctx *ctx, struct finding *f,
    const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void finding_message(struct eval_ctx *ctx, struct finding *f,
    const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void finding_remediation(struct eval_ctx *ctx, struct finding *f,
    const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void finding_subject(struct eval_ctx *ctx, struct finding *f,
    const char *kind, const char *ns, const char *name);
/* An affected endpoint or object, "ns/name"; duplicates are ignored. */
void finding_affected(struct eval_ctx *ctx, struct finding *f,
    const char *ns, const char *name);
void finding_evidence(struct eval_ctx *ctx, struct finding *f,
    const char *path, unsigned long line, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
/* The policy's own place, as evidence. */
void finding_evidence_src(struct eval_ctx *ctx, struct finding *f,
    const struct src *src, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/*
 * Record that finding f (one of ctx->out->v) explains the dropped flow fr;
 * eval_flow_drops() calls it for every drop it counts for a finding.
 */
void eval_explained_add(struct eval_ctx *ctx, const struct finding *f,
    const struct flow_record *fr);

/* Does a finding explain fr?  The first that does into *by (may be NULL). */
bool eval_explained(const struct findings *out, const struct flow_record *fr,
    const struct finding_explained **by);

/* The cause key of a policy: "policy/<kind>/<ns>/<name>". */
const char *eval_policy_cause(struct eval_ctx *ctx, const struct policy *p);

/*
 * Was the policy meant to deny anything: a deny section, or a rule that
 * puts its endpoints into default deny (policy_rule_default_deny)?  When
 * such a policy is not in force, what it blocks is allowed (fail-open).
 */
bool eval_policy_meant_to_deny(const struct policy *p);

/* The rule cannot run on this sysdump: say why (for the coverage). */
void eval_not_evaluated(struct eval_ctx *ctx, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/*
 * The literals of a log check's prefilter: one of them occurs in every
 * text the PCRE2 pattern matches (case-sensitive, as compiled).  Up to max
 * pointers go to lits, into scratch (2 * strlen(pattern) + 2 bytes).
 * Returns how many; 0 when none can be derived safely, and then every line
 * goes to PCRE2.
 */
size_t eval_log_literals(const char *pattern, char *scratch,
    const char **lits, size_t max);

/* A rule parameter, or the fallback. */
const char *eval_param_str(const struct eval_ctx *ctx, const char *key,
    const char *def);
long eval_param_int(const struct eval_ctx *ctx, const char *key, long def);

#endif
