/*
 * test_arena.c: the model arena and the string interner.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "intern.h"

static void
test_arena_alloc(void **state)
{
	struct arena *a = arena_new();
	char *big, *s;
	int i;
	unsigned char *p;

	(void)state;
	for (i = 0; i < 10000; i++) {
		p = arena_alloc(a, 1 + (size_t)i % 100);
		assert_int_equal((uintptr_t)p % 16, 0);
		assert_int_equal(p[0], 0);
		memset(p, 0xff, 1 + (size_t)i % 100);
	}
	big = arena_alloc(a, 10u << 20);	/* larger than any chunk */
	memset(big, 'x', 10u << 20);
	s = arena_printf(a, "%s-%d", "node", 7);
	assert_string_equal(s, "node-7");
	assert_string_equal(arena_strndup(a, "abcdef", 3), "abc");
	assert_true(arena_used(a) > (10u << 20));
	arena_free(a);
	arena_free(NULL);
}

static void
test_intern(void **state)
{
	struct arena *a = arena_new();
	struct strtab *t = strtab_new(a);
	char buf[32];
	const char *first[5000];
	int i;

	(void)state;
	assert_ptr_equal(intern(t, "k8s:app"), intern(t, "k8s:app"));
	assert_ptr_not_equal(intern(t, "k8s:app"), intern(t, "k8s:ap"));
	assert_ptr_equal(intern_n(t, "k8s:app=web", 7), intern(t, "k8s:app"));
	assert_null(intern(t, NULL));
	assert_null(intern_lookup(t, "never"));
	/* Growth keeps every string findable and unique. */
	for (i = 0; i < 5000; i++) {
		snprintf(buf, sizeof(buf), "label-%d", i);
		first[i] = intern(t, buf);
	}
	for (i = 0; i < 5000; i++) {
		snprintf(buf, sizeof(buf), "label-%d", i);
		assert_ptr_equal(intern(t, buf), first[i]);
		assert_ptr_equal(intern_lookup(t, buf), first[i]);
	}
	assert_int_equal(strtab_count(t), 5000 + 2);
	strtab_free(t);
	arena_free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_arena_alloc),
		cmocka_unit_test(test_intern),
	};

	return cmocka_run_group_tests_name("arena", tests, NULL, NULL);
}
