/*
 * support_eval.h: finding look-ups the engine and check tests share.
 *
 * A check test runs the engine on a model and then asks: is there a
 * finding of this rule, how many, was the rule not evaluated and why,
 * does a finding list this endpoint as affected, does it cite this
 * evidence.  These answer from a struct findings / struct finding only;
 * they never fail a test themselves.
 */
#ifndef CTRIAGE_TEST_SUPPORT_EVAL_H
#define CTRIAGE_TEST_SUPPORT_EVAL_H

#include <stdbool.h>
#include <stddef.h>

#include "eval.h"

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

#endif
