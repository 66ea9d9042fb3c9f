/*
 * test_cmdtext.c: the command-output helpers that the art_* parsers share
 * for streamed outputs: where a JSON document starts, the error trailer,
 * the first object's line, and the reserved identity names.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "arena.h"
#include "buf.h"
#include "cmdtext.h"
#include "diag.h"

static bool
starts(const char *s)
{
	return cmdtext_starts_json(s, strlen(s));
}

static void
test_starts_json(void **state)
{
	(void)state;
	assert_true(starts("["));
	assert_true(starts("{"));
	assert_true(starts("  [ {"));
	assert_true(starts("\t{\"id\": 1}"));
	assert_true(starts("[]"));
	assert_true(starts("{}"));
	assert_true(starts("[1, 2]"));
	assert_true(starts("[-1]"));
	assert_true(starts("[[\"a\"]]"));
	/* Elisions, log levels and prose are not JSON. */
	assert_false(starts("[...]"));
	assert_false(starts("[INFO] starting"));
	assert_false(starts("{x"));
	assert_false(starts("[a]"));
	assert_false(starts(""));
	assert_false(starts("   "));
	assert_false(starts("ID   LABELS"));
	/* Only ' ' and '\t' are skipped before the bracket. */
	assert_false(starts("\r["));
}

static void
test_json_add_line(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	/* The document starts on line 3: two empty lines come first. */
	cmdtext_json_add_line(&b, 3, "[", 1);
	cmdtext_json_add_line(&b, 4, "  {\"id\": 1}", 11);
	cmdtext_json_add_line(&b, 5, "", 0);
	cmdtext_json_add_line(&b, 6, "]", 1);
	assert_int_equal(b.len, 19);
	assert_memory_equal(b.ptr, "\n\n[\n  {\"id\": 1}\n\n]\n", 19);
	assert_int_equal(cmdtext_first_object_line(b.ptr, b.len), 4);
	buf_release(&b);
}

static void
test_first_object_line(void **state)
{
	(void)state;
	assert_int_equal(cmdtext_first_object_line("{", 1), 1);
	assert_int_equal(cmdtext_first_object_line("\n\n[\n{", 5), 4);
	/* None: the line after the last one. */
	assert_int_equal(cmdtext_first_object_line("[\n]\n", 4), 3);
	assert_int_equal(cmdtext_first_object_line("", 0), 1);
}

static void
test_error_keep(void **state)
{
	static const char l1[] =
	    "> Error while running 'cilium-dbg status':  exit status 1  ";
	static const char l2[] =
	    "> Error while running 'cilium-dbg status':  signal: killed";
	struct arena *a = arena_new();
	struct diag_list d;
	struct cmdtext ct;
	const char *cmd_error = NULL;

	(void)state;
	diag_list_init(&d);
	memset(&ct, 0, sizeof(ct));
	assert_true(cmdtext_is_error(l1, sizeof(l1) - 1));
	assert_false(cmdtext_is_error("Error while running", 19));
	cmdtext_error_keep(&ct, a, &cmd_error, &d, "cmd/x.md", 7, l1,
	    sizeof(l1) - 1);
	assert_string_equal(cmd_error, "exit status 1");
	/* The first trailer wins, and is reported once. */
	cmdtext_error_keep(&ct, a, &cmd_error, &d, "cmd/x.md", 9, l2,
	    sizeof(l2) - 1);
	assert_string_equal(cmd_error, "exit status 1");
	assert_int_equal(d.n, 1);
	assert_int_equal(d.v[0].severity, DIAG_WARNING);
	assert_string_equal(d.v[0].path, "cmd/x.md");
	assert_int_equal(d.v[0].line, 7);
	assert_string_equal(d.v[0].text, "command failed: exit status 1");
	/* No "':" in the line: all of it, trimmed. */
	cmd_error = NULL;
	cmdtext_error_keep(&ct, a, &cmd_error, &d, "cmd/x.md", 1,
	    "> Error while running 'x  ", 26);
	assert_string_equal(cmd_error, "> Error while running 'x");
	diag_list_release(&d);
	arena_free(a);
}

static void
test_reserved_identity(void **state)
{
	const char *name;
	uint32_t id;

	(void)state;
	assert_string_equal(cmdtext_reserved_identity_name(0), "unknown");
	assert_string_equal(cmdtext_reserved_identity_name(1), "host");
	assert_string_equal(cmdtext_reserved_identity_name(10), "world-ipv6");
	assert_string_equal(cmdtext_reserved_identity_name(11),
	    "encrypted-overlay");
	assert_null(cmdtext_reserved_identity_name(12));
	assert_null(cmdtext_reserved_identity_name(UINT32_MAX));
	/* One table both ways. */
	for (id = 0; (name = cmdtext_reserved_identity_name(id)) != NULL;
	    id++)
		assert_int_equal(cmdtext_reserved_identity(name, strlen(name)),
		    id);
	assert_int_equal(id, 12);
	assert_int_equal(cmdtext_reserved_identity("reserved:health", 15), 4);
	assert_int_equal(cmdtext_reserved_identity("hostx", 5), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_starts_json),
		cmocka_unit_test(test_json_add_line),
		cmocka_unit_test(test_first_object_line),
		cmocka_unit_test(test_error_keep),
		cmocka_unit_test(test_reserved_identity),
	};

	return cmocka_run_group_tests_name("cmdtext", tests, NULL, NULL);
}
