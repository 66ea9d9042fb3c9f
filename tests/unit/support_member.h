/*
 * support_member.h: the fixture of the parser tests (test_art_*).
 *
 * A parser test reads a member made from a string into a fresh arena,
 * string table and diagnostic list, then checks the result and the
 * diagnostics it left, by text, path and line.  sm_setup and sm_teardown
 * are cmocka setup and teardown functions that give each test its own
 * struct sm_fx in *state.
 */
#ifndef CTRIAGE_TEST_SUPPORT_MEMBER_H
#define CTRIAGE_TEST_SUPPORT_MEMBER_H

#include <stddef.h>

#include "arena.h"
#include "diag.h"
#include "ingest.h"
#include "intern.h"

struct sm_fx {
	struct arena		*a;
	struct strtab		*st;
	struct diag_list	 d;
	struct ingest_member	*m;	/* the last sm_member's, owned */
};

/* A fresh struct sm_fx in *state; sm_teardown frees it and its member. */
int sm_setup(void **state);
int sm_teardown(void **state);

/*
 * A memory member named path holding text (strlen(text) bytes), or len
 * bytes of data.  The fixture owns it until the next sm_member or
 * sm_teardown, so that a parse can be written as one call.
 */
struct ingest_member *sm_member(struct sm_fx *f, const char *path,
    const char *text);
struct ingest_member *sm_member_len(struct sm_fx *f, const char *path,
    const void *data, size_t len);

/* The first diagnostic of d whose text holds what; fails the test if none. */
const struct diag *sm_diag_find(const struct diag_list *d, const char *what);

/* Check that diagnostic x names the member path and the line. */
void sm_diag_at(const struct diag *x, const char *path, unsigned long line);

#endif
