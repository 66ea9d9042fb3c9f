/*
 * support_eval.h: finding look-ups the engine and check tests share.
 *
 * A check test runs the engine on a model and then asks: is there a
 * finding of this rule, how many, was the rule not evaluated and why,
 * does a finding list this endpoint as affected, does it cite this
 * evidence.  These answer from a struct findings / struct finding only;
 * they never fail a test themselves.
 *
 * Tests that run one rule file over a sysdump share struct se_fx and its
 * se_fx_* functions, which do fail the test when the sysdump or the rule
 * does not load.
 */
#ifndef CTRIAGE_TEST_SUPPORT_EVAL_H
#define CTRIAGE_TEST_SUPPORT_EVAL_H

#include <stdbool.h>
#include <stddef.h>

#include "eval.h"
#include "model.h"
#include "rule.h"

/* The first finding of rule id, or NULL. */
const struct finding *se_find(const struct findings *f, const char *id);

/* How many findings rule id has. */
size_t se_count(const struct findings *f, const char *id);

/* Why rule id was not evaluated, or NULL when it was. */
const char *se_skipped(const struct findings *f, const char *id);

/* Does the finding list name ("ns/pod") as affected? */
bool se_has_affected(const struct finding *f, const char *name);

/*
 * Has the finding evidence whose path contains path (NULL: any path), at
 * line (0: any line), whose excerpt contains text (NULL: any text)?
 */
bool se_has_evidence(const struct finding *f, const char *path,
    unsigned long line, const char *text);

/* One rule's run: its model, the rule loaded alone, its findings. */
struct se_fx {
	struct model	 m;
	struct ruleset	 rs;
	struct findings	 f;
	bool		 built;	/* m, rs and f hold something to free */
};

/* cmocka setup: *state becomes a zeroed struct se_fx. */
int se_fx_setup(void **state);
/* cmocka teardown: frees what se_fx_run built, then the se_fx. */
int se_fx_teardown(void **state);

/*
 * Load rules/<id>.yaml into x->rs (it must give exactly one rule and no
 * diagnostics) and run it over x->m into x->f.
 */
void se_fx_run(struct se_fx *x, const char *id);

/*
 * Build x->m from the sysdump at path (archive or directory; it must
 * build) with the default limits, then se_fx_run(x, id).
 */
void se_fx_build_run(struct se_fx *x, const char *path, const char *id);

/*
 * x->f has no finding and no skipped rule: the rule ran and stayed
 * silent.  Fails the test otherwise.
 */
void se_fx_silent(const struct se_fx *x);

/*
 * x->f has no finding and exactly one skipped rule, whose reason
 * contains reason (NULL: any reason).  Fails the test otherwise.
 */
void se_fx_not_evaluated(const struct se_fx *x, const char *reason);

#endif
