/*
 * test_drop_reason.c: the drop-reason table, by code, name and text.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "drop_reason.h"

static void
test_by_code(void **state)
{
	const struct drop_reason *r;

	(void)state;
	r = drop_reason_by_code(133);
	assert_non_null(r);
	assert_int_equal(r->code, 133);
	assert_string_equal(r->name, "POLICY_DENIED");
	assert_string_equal(r->text, "Policy denied");
	assert_string_equal(r->old_text, "Policy denied (L3)");
	assert_ptr_equal(drop_reason_by_text("Policy denied (L3)"), r);
	assert_int_equal(r->category, DROP_CAT_POLICY);
	r = drop_reason_by_code(181);
	assert_string_equal(r->name, "POLICY_DENY");
	assert_string_equal(r->text, "Policy denied by denylist");
	assert_int_equal(r->category, DROP_CAT_POLICY);
	assert_int_equal(drop_reason_by_code(189)->category,
	    DROP_CAT_POLICY);
	r = drop_reason_by_code(158);
	assert_string_equal(r->name, "SERVICE_BACKEND_NOT_FOUND");
	assert_int_equal(r->category, DROP_CAT_DATAPATH);
	/* 206 has a text but no Hubble enum; 159 is unassigned. */
	r = drop_reason_by_code(206);
	assert_null(r->name);
	assert_string_equal(r->text, "No device");
	assert_null(drop_reason_by_code(159));
	assert_null(drop_reason_by_code(1000));
	r = drop_reason_by_code(0);
	assert_string_equal(r->name, "DROP_REASON_UNKNOWN");
	assert_int_equal(r->category, DROP_CAT_NONE);
	assert_int_equal(drop_reason_by_code(2)->category, DROP_CAT_NONE);
	assert_string_equal(drop_reason_by_code(207)->name,
	    "DROP_FRAG_NOT_FOUND_WORLD");
}

/* 136 and 161 changed their agent text; both texts are kept. */
static void
test_changed_texts(void **state)
{
	const struct drop_reason *r;

	(void)state;
	r = drop_reason_by_code(136);
	assert_string_equal(r->name, "CT_MISSING_TCP_ACK_FLAG");
	assert_string_equal(r->text, "Fragmentation needed");
	assert_string_equal(r->old_text, "CT: Missing TCP ACK flag");
	assert_ptr_equal(drop_reason_by_text("CT: Missing TCP ACK flag"), r);
	assert_ptr_equal(drop_reason_by_text("Fragmentation needed"), r);
	r = drop_reason_by_code(161);
	assert_string_equal(r->name, "FAILED_TO_INSERT_INTO_PROXYMAP");
	assert_string_equal(r->text, "NAT 46/64 not enabled");
	assert_string_equal(r->old_text, "Failed to insert into proxymap");
	assert_ptr_equal(drop_reason_by_text("Failed to insert into proxymap"),
	    r);
}

static void
test_by_name_and_text(void **state)
{
	(void)state;
	assert_int_equal(drop_reason_by_name("POLICY_DENIED")->code, 133);
	assert_int_equal(drop_reason_by_name("AUTH_REQUIRED")->code, 189);
	assert_int_equal(drop_reason_by_name("INVALID_SOURCE_IP")->code, 132);
	/* protojson writes an enum value without a name as a number. */
	assert_int_equal(drop_reason_by_name("206")->code, 206);
	assert_null(drop_reason_by_name("159"));
	assert_null(drop_reason_by_name("99999999999"));
	assert_null(drop_reason_by_name("policy_denied"));
	assert_null(drop_reason_by_name(""));
	assert_null(drop_reason_by_name(NULL));

	assert_int_equal(drop_reason_by_text("Policy denied")->code, 133);
	/* DropReasonExt: "<text>, <ext>". */
	assert_int_equal(drop_reason_by_text("Policy denied, 3")->code, 133);
	assert_int_equal(drop_reason_by_text("Policy denied by denylist")
	    ->code, 181);
	/* Code 2 and 134 share the text; the drop wins. */
	assert_int_equal(drop_reason_by_text("Invalid packet")->code, 134);
	assert_null(drop_reason_by_text("Policy"));
	assert_null(drop_reason_by_text("Policy deniedX"));
	assert_null(drop_reason_by_text(""));
}

static void
test_categories(void **state)
{
	(void)state;
	assert_int_equal(drop_reason_category(133), DROP_CAT_POLICY);
	assert_int_equal(drop_reason_category(140), DROP_CAT_DATAPATH);
	assert_int_equal(drop_reason_category(250), DROP_CAT_DATAPATH);
	assert_int_equal(drop_reason_category(100), DROP_CAT_NONE);
	assert_int_equal(drop_reason_category(0), DROP_CAT_NONE);
	assert_string_equal(drop_category_name(DROP_CAT_POLICY), "policy");
	assert_string_equal(drop_category_name(DROP_CAT_DATAPATH),
	    "datapath");
	assert_string_equal(drop_category_name(DROP_CAT_NONE), "none");
	assert_string_equal(drop_category_name((enum drop_category)42),
	    "unknown");
}

/* The table is sorted, codes and names are unique, drops have names. */
static void
test_table(void **state)
{
	const struct drop_reason *t;
	size_t n, i, j, npolicy = 0;

	(void)state;
	t = drop_reason_table(&n);
	assert_int_equal(n, 92);
	for (i = 0; i < n; i++) {
		if (i > 0)
			assert_true(t[i - 1].code < t[i].code);
		assert_non_null(t[i].text);
		if (t[i].code >= DROP_REASON_MIN && t[i].code != 206)
			assert_non_null(t[i].name);
		if (t[i].code < DROP_REASON_MIN && t[i].code != 0)
			assert_null(t[i].name);
		if (t[i].category == DROP_CAT_POLICY)
			npolicy++;
		assert_ptr_equal(drop_reason_by_code(t[i].code), &t[i]);
		if (t[i].name != NULL)
			assert_ptr_equal(drop_reason_by_name(t[i].name), &t[i]);
		for (j = 0; j < i; j++)
			if (t[i].name != NULL && t[j].name != NULL)
				assert_string_not_equal(t[i].name, t[j].name);
	}
	assert_int_equal(npolicy, 3);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_by_code),
		cmocka_unit_test(test_changed_texts),
		cmocka_unit_test(test_by_name_and_text),
		cmocka_unit_test(test_categories),
		cmocka_unit_test(test_table),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
