/*
 * test_parse_yaml.c: YAML into jansson values: Kubernetes Lists streamed
 * item by item with their lines, single objects, multi-document streams,
 * scalar typing, and the limits that stop alias bombs and deep nesting.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "buf.h"
#include "diag.h"
#include "parse_yaml.h"
#include "xalloc.h"

struct seen {
	struct buf	out;
	const char	*nested_key;	/* record this child's line */
	unsigned long	nested_line;
	int		stop_after;	/* 0: never stop */
	int		n;
};

static int
collect(void *ctx, json_t *item, unsigned long line,
    const struct json_lines *lines)
{
	struct seen *s = ctx;
	char *txt = json_dumps(item, JSON_SORT_KEYS | JSON_COMPACT);

	assert_int_equal(json_lines_get(lines, item), line);
	if (s->nested_key != NULL)
		s->nested_line = json_lines_get(lines,
		    json_object_get(item, s->nested_key));
	buf_addf(&s->out, "%lu:%s\n", line, txt);
	free(txt);
	s->n++;
	return s->stop_after && s->n >= s->stop_after ? 7 : 0;
}

static int
parse(const char *yaml, struct seen *s, struct diag_list *d,
    const struct yaml_limits *lim)
{
	buf_init(&s->out);
	s->n = 0;
	diag_list_init(d);
	return yaml_parse_string("test.yaml", yaml, strlen(yaml), lim,
	    collect, s, d);
}

static void
test_list_streams_items(void **state)
{
	/* sigs.k8s.io/yaml layout: keys sorted, items before kind. */
	static const char y[] =
	    "apiVersion: v1\n"
	    "items:\n"
	    "- apiVersion: v1\n"
	    "  kind: Pod\n"
	    "  metadata:\n"
	    "    name: a\n"
	    "    labels:\n"
	    "      k8s-app: cilium\n"
	    "- metadata:\n"
	    "    name: b\n"
	    "  spec:\n"
	    "    nodeName: kind-worker\n"
	    "kind: List\n"
	    "metadata:\n"
	    "  resourceVersion: \"\"\n";
	struct seen s = { 0 };
	struct diag_list d;

	(void)state;
	assert_int_equal(parse(y, &s, &d, NULL), 0);
	assert_string_equal(s.out.ptr,
	    "3:{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"labels\":"
	    "{\"k8s-app\":\"cilium\"},\"name\":\"a\"}}\n"
	    "9:{\"metadata\":{\"name\":\"b\"},\"spec\":{\"nodeName\":"
	    "\"kind-worker\"}}\n");
	assert_int_equal(d.n, 0);
	buf_release(&s.out);
	diag_list_release(&d);
	/* Nested objects know their lines too. */
	s.nested_key = "spec";
	assert_int_equal(parse(y, &s, &d, NULL), 0);
	assert_int_equal(s.nested_line, 12);
	buf_release(&s.out);
	diag_list_release(&d);
}

static void
test_single_and_multi_document(void **state)
{
	static const char y[] =
	    "apiVersion: v1\nkind: ConfigMap\ndata:\n  a: \"1\"\n"
	    "---\n"
	    "---\n"
	    "- x: 1\n- y: 2\n"
	    "---\n"
	    "just a scalar\n";
	struct seen s = { 0 };
	struct diag_list d;

	(void)state;
	assert_int_equal(parse(y, &s, &d, NULL), 0);
	assert_string_equal(s.out.ptr,
	    "1:{\"apiVersion\":\"v1\",\"data\":{\"a\":\"1\"},\"kind\":"
	    "\"ConfigMap\"}\n"
	    "7:{\"x\":1}\n"
	    "8:{\"y\":2}\n");
	buf_release(&s.out);
	diag_list_release(&d);
}

static void
test_scalars(void **state)
{
	static const char y[] =
	    "a: 80\nb: \"80\"\nc: true\nd: ~\ne: 1.5\nf: 10.0.0.1\n"
	    "g: 0755\nh: -3\ni: 'yes'\nj: yes\nk: |\n  two\n  lines\n"
	    "l: 99999999999999999999\nm: 1e3\nn: .5\no: 2.5e-3\np:\n"
	    "q: False\nr: \"\"\n";
	struct seen s = { 0 };
	struct diag_list d;

	(void)state;
	assert_int_equal(parse(y, &s, &d, NULL), 0);
	assert_string_equal(s.out.ptr,
	    "1:{\"a\":80,\"b\":\"80\",\"c\":true,\"d\":null,\"e\":1.5,"
	    "\"f\":\"10.0.0.1\",\"g\":\"0755\",\"h\":-3,\"i\":\"yes\","
	    "\"j\":\"yes\",\"k\":\"two\\nlines\\n\","
	    "\"l\":\"99999999999999999999\",\"m\":\"1e3\",\"n\":0.5,"
	    "\"o\":0.0025000000000000001,\"p\":null,\"q\":false,\"r\":\"\"}\n");
	buf_release(&s.out);
	diag_list_release(&d);
}

static void
test_json_input(void **state)
{
	static const char y[] =
	    "{\"items\": [{\"id\": 1, \"labels\": [\"k8s:app=web\"]}, "
	    "{\"id\": 2}], \"kind\": \"List\"}\n";
	struct seen s = { 0 };
	struct diag_list d;

	(void)state;
	assert_int_equal(parse(y, &s, &d, NULL), 0);
	assert_string_equal(s.out.ptr,
	    "1:{\"id\":1,\"labels\":[\"k8s:app=web\"]}\n1:{\"id\":2}\n");
	buf_release(&s.out);
	diag_list_release(&d);
}

static void
test_syntax_error_has_line(void **state)
{
	static const char y[] =
	    "items:\n- metadata:\n    name: ok\n- metadata:\n"
	    "    name: [unclosed\n  spec: {}\n";
	struct seen s = { 0 };
	struct diag_list d;

	(void)state;
	assert_int_equal(parse(y, &s, &d, NULL), -1);
	/* The item before the error was delivered. */
	assert_string_equal(s.out.ptr, "2:{\"metadata\":{\"name\":\"ok\"}}\n");
	assert_int_equal(d.n, 1);
	assert_string_equal(d.v[0].path, "test.yaml");
	assert_int_equal(d.v[0].line, 6);
	assert_non_null(strstr(d.v[0].text, "cannot parse YAML: "));
	assert_null(strchr(d.v[0].text, '\n'));
	buf_release(&s.out);
	diag_list_release(&d);
}

static void
test_alias_bomb(void **state)
{
	/* Billion laughs: each level doubles ten times. */
	static const char y[] =
	    "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
	    "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
	    "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
	    "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
	    "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n"
	    "f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
	    "g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]\n";
	static const char ok[] = "base: &b {x: 1}\nuse: *b\n";
	struct seen s = { 0 };
	struct diag_list d;

	(void)state;
	assert_int_equal(parse(y, &s, &d, NULL), -1);
	assert_int_equal(s.n, 0);
	assert_non_null(strstr(d.v[0].text, "alias"));
	buf_release(&s.out);
	diag_list_release(&d);
	/* Ordinary aliases still work. */
	assert_int_equal(parse(ok, &s, &d, NULL), 0);
	assert_string_equal(s.out.ptr,
	    "1:{\"base\":{\"x\":1},\"use\":{\"x\":1}}\n");
	buf_release(&s.out);
	diag_list_release(&d);
}

static void
test_deep_nesting(void **state)
{
	struct buf y = BUF_INIT;
	struct seen s = { 0 };
	struct diag_list d;
	int i;

	(void)state;
	for (i = 0; i < 10000; i++)
		buf_addch(&y, '[');
	for (i = 0; i < 10000; i++)
		buf_addch(&y, ']');
	assert_int_equal(parse(y.ptr, &s, &d, NULL), -1);
	assert_int_equal(d.n, 1);
	assert_non_null(strstr(d.v[0].text, "deeper"));
	buf_release(&s.out);
	diag_list_release(&d);
	buf_release(&y);
}

static void
test_callback_stops(void **state)
{
	static const char y[] = "items:\n- a: 1\n- a: 2\n- a: 3\n";
	struct seen s = { 0 };
	struct diag_list d;

	(void)state;
	s.stop_after = 2;
	assert_int_equal(parse(y, &s, &d, NULL), 1);
	assert_int_equal(s.n, 2);
	buf_release(&s.out);
	diag_list_release(&d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_list_streams_items),
		cmocka_unit_test(test_single_and_multi_document),
		cmocka_unit_test(test_scalars),
		cmocka_unit_test(test_json_input),
		cmocka_unit_test(test_syntax_error_has_line),
		cmocka_unit_test(test_alias_bomb),
		cmocka_unit_test(test_deep_nesting),
		cmocka_unit_test(test_callback_stops),
	};

	return cmocka_run_group_tests_name("parse_yaml", tests, NULL, NULL);
}
