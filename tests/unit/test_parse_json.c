/*
 * test_parse_json.c: JSON from members and strings, the first-value mode
 * for `policy get` output, and memory members with the line reader.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include <jansson.h>

#include "diag.h"
#include "ingest.h"
#include "parse_json.h"

static void
test_member_document(void **state)
{
	static const char doc[] = "[\n  {\n    \"id\": 1,\n    \"labels\": "
	    "[\"reserved:host\"]\n  }\n]\n";
	struct ingest_member *m = ingest_member_memory_new("cmd/x.md", doc,
	    strlen(doc));
	struct diag_list d;
	json_t *v;

	(void)state;
	diag_list_init(&d);
	v = json_parse_member(m, 0, &d);
	assert_non_null(v);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(v,
	    0), "id")), 1);
	json_decref(v);
	assert_int_equal(d.n, 0);
	ingest_member_memory_free(m);
	diag_list_release(&d);
}

static void
test_first_value_then_text(void **state)
{
	static const char doc[] = "[\n  {\"endpointSelector\": {}}\n]\n"
	    "Revision: 57\n";
	struct diag_list d;
	json_t *v;

	(void)state;
	diag_list_init(&d);
	assert_null(json_parse_string("policy-get.md", doc, strlen(doc), 0,
	    &d));
	assert_int_equal(d.n, 1);
	assert_string_equal(d.v[0].path, "policy-get.md");
	assert_int_equal(d.v[0].line, 4);
	assert_non_null(strstr(d.v[0].text, "cannot parse JSON: "));
	v = json_parse_string("policy-get.md", doc, strlen(doc),
	    JSON_PARSE_FIRST_VALUE, &d);
	assert_non_null(v);
	assert_int_equal(json_array_size(v), 1);
	json_decref(v);
	assert_null(json_parse_string("nul.json", "{\"a\": \"x\\u0000y\"}",
	    17, 0, &d));
	diag_list_release(&d);
}

static void
test_memory_member_lines(void **state)
{
	static const char text[] = "a\nbb\n";
	struct ingest_member *m = ingest_member_memory_new("dir/t.txt", text,
	    5);
	struct ingest_lines lr;
	size_t len;

	(void)state;
	assert_string_equal(m->name, "t.txt");
	assert_int_equal(m->head_len, 5);
	ingest_lines_init(&lr, m, 0);
	assert_string_equal(ingest_lines_next(&lr, &len), "a");
	assert_string_equal(ingest_lines_next(&lr, &len), "bb");
	assert_null(ingest_lines_next(&lr, &len));
	ingest_lines_release(&lr);
	ingest_member_memory_free(m);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_member_document),
		cmocka_unit_test(test_first_value_then_text),
		cmocka_unit_test(test_memory_member_lines),
	};

	return cmocka_run_group_tests_name("parse_json", tests, NULL, NULL);
}
