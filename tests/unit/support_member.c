/*
 * support_member.c: the fixture of the parser tests (see
 * support_member.h).  The Makefile links it into every unit test.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "diag.h"
#include "ingest.h"
#include "intern.h"
#include "support_member.h"
#include "xalloc.h"

int
sm_setup(void **state)
{
	struct sm_fx *f = xcalloc(1, sizeof(*f));

	f->a = arena_new();
	f->st = strtab_new(f->a);
	diag_list_init(&f->d);
	*state = f;
	return 0;
}

int
sm_teardown(void **state)
{
	struct sm_fx *f = *state;

	ingest_member_memory_free(f->m);
	diag_list_release(&f->d);
	strtab_free(f->st);
	arena_free(f->a);
	free(f);
	return 0;
}

struct ingest_member *
sm_member_len(struct sm_fx *f, const char *path, const void *data,
    size_t len)
{
	ingest_member_memory_free(f->m);
	f->m = ingest_member_memory_new(path, data, len);
	return f->m;
}

struct ingest_member *
sm_member(struct sm_fx *f, const char *path, const char *text)
{
	return sm_member_len(f, path, text, strlen(text));
}

const struct diag *
sm_diag_find(const struct diag_list *d, const char *what)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		if (strstr(d->v[i].text, what) != NULL)
			return &d->v[i];
	fail_msg("no diagnostic with '%s' among %zu", what, d->n);
	return NULL;
}

void
sm_diag_at(const struct diag *x, const char *path, unsigned long line)
{
	assert_non_null(x);
	assert_string_equal(x->path, path);
	assert_int_equal(x->line, line);
}
