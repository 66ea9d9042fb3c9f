/*
 * test_ptrmap.c: the pointer-pair map behind the model's joins.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "ptrmap.h"

static void
test_put_get(void **state)
{
	struct ptrmap m = PTRMAP_INIT;
	static const char a[] = "ns", b[] = "pod", c[] = "other";
	size_t v, i;

	(void)state;
	assert_false(ptrmap_get(&m, a, b, &v));
	ptrmap_put(&m, a, b, 7);
	assert_true(ptrmap_get(&m, a, b, &v));
	assert_int_equal(v, 7);
	/* The pair is ordered, and NULL is a key like any other. */
	assert_false(ptrmap_get(&m, b, a, &v));
	ptrmap_put(&m, a, NULL, 1);
	ptrmap_put(&m, NULL, NULL, 2);
	assert_true(ptrmap_get(&m, a, NULL, &v));
	assert_int_equal(v, 1);
	assert_true(ptrmap_get(&m, NULL, NULL, &v));
	assert_int_equal(v, 2);
	ptrmap_put(&m, a, b, 9);	/* replaces */
	assert_true(ptrmap_get(&m, a, b, &v));
	assert_int_equal(v, 9);
	assert_false(ptrmap_get(&m, c, b, &v));
	/* Integers as keys, through growth. */
	for (i = 1; i <= 100000; i++)
		ptrmap_put(&m, (void *)(uintptr_t)i, c, i * 3);
	for (i = 1; i <= 100000; i++) {
		assert_true(ptrmap_get(&m, (void *)(uintptr_t)i, c, &v));
		assert_int_equal(v, i * 3);
	}
	assert_int_equal(m.n, 100000 + 3);
	ptrmap_release(&m);
	assert_false(ptrmap_get(&m, a, b, &v));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_put_get),
	};

	return cmocka_run_group_tests_name("ptrmap", tests, NULL, NULL);
}
