/*
 * support_eval.c: finding look-ups the engine and check tests share
 * (see support_eval.h).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support_eval.h"

const struct finding *
se_find(const struct findings *f, const char *id)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		if (strcmp(f->v[i].rule->id, id) == 0)
			return &f->v[i];
	return NULL;
}

size_t
se_count(const struct findings *f, const char *id)
{
	size_t i, n = 0;

	for (i = 0; i < f->n; i++)
		n += strcmp(f->v[i].rule->id, id) == 0;
	return n;
}

const char *
se_skipped(const struct findings *f, const char *id)
{
	size_t i;

	for (i = 0; i < f->nskipped; i++)
		if (strcmp(f->skipped[i].rule->id, id) == 0)
			return f->skipped[i].reason;
	return NULL;
}

bool
se_has_affected(const struct finding *f, const char *name)
{
	size_t i;

	for (i = 0; i < f->naffected; i++)
		if (strcmp(f->affected[i], name) == 0)
			return true;
	return false;
}

bool
se_has_evidence(const struct finding *f, const char *path,
    unsigned long line, const char *text)
{
	size_t i;

	for (i = 0; i < f->nevidence; i++) {
		const struct finding_evidence *e = &f->evidence[i];

		if ((path == NULL || (e->path != NULL &&
		    strstr(e->path, path) != NULL)) &&
		    (line == 0 || e->line == line) &&
		    (text == NULL || strstr(e->excerpt, text) != NULL))
			return true;
	}
	return false;
}

int
se_fx_setup(void **state)
{
	*state = calloc(1, sizeof(struct se_fx));
	return *state == NULL ? -1 : 0;
}

int
se_fx_teardown(void **state)
{
	struct se_fx *x = *state;

	if (x->built) {
		findings_release(&x->f);
		ruleset_release(&x->rs);
		model_free(&x->m);
	}
	free(x);
	return 0;
}

void
se_fx_run(struct se_fx *x, const char *id)
{
	struct diag_list d;
	char rule[128];

	ruleset_init(&x->rs);
	diag_list_init(&d);
	snprintf(rule, sizeof(rule), "rules/%s.yaml", id);
	assert_int_equal(ruleset_load_file(&x->rs, rule, eval_builtin_known,
	    &d), 1);
	assert_int_equal(d.n, 0);
	diag_list_release(&d);
	findings_init(&x->f);
	eval_run(&x->m, &x->rs, &x->f);
	x->built = true;
}

void
se_fx_build_run(struct se_fx *x, const char *path, const char *id)
{
	struct ingest_limits lim;
	char *err = NULL;

	ingest_limits_default(&lim);
	assert_int_equal(model_build(&x->m, path, &lim, &err), 0);
	se_fx_run(x, id);
}

void
se_fx_silent(const struct se_fx *x)
{
	assert_int_equal(x->f.n, 0);
	assert_int_equal(x->f.nskipped, 0);
}

void
se_fx_not_evaluated(const struct se_fx *x, const char *reason)
{
	assert_int_equal(x->f.n, 0);
	assert_int_equal(x->f.nskipped, 1);
	if (reason != NULL)
		assert_non_null(strstr(x->f.skipped[0].reason, reason));
}
