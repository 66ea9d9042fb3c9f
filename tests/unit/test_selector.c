/*
 * test_selector.c: label parsing and selector matching with Cilium's
 * source rules (any: matches every source), every operator, validation
 * messages, canonical text and the requirement edits policies need.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include <jansson.h>

#include "arena.h"
#include "intern.h"
#include "label.h"
#include "selector.h"

static struct arena *a;
static struct strtab *st;

static int
setup(void **state)
{
	(void)state;
	a = arena_new();
	st = strtab_new(a);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	strtab_free(st);
	arena_free(a);
	return 0;
}

static void
mkset(struct labelset *ls, const char *const *labels)
{
	struct label v[16];
	size_t n = 0;

	while (labels[n] != NULL) {
		label_parse(st, labels[n], "k8s", &v[n]);
		n++;
	}
	labelset_build(a, v, n, ls);
}

static struct selector
mksel(const char *json, const char *defsource)
{
	struct selector s;
	const char *err = NULL;
	json_error_t je;
	json_t *j = json_loads(json, 0, &je);

	assert_non_null(j);
	assert_int_equal(selector_from_json(j, defsource, 3, a, st, &s, &err),
	    0);
	assert_null(err);
	json_decref(j);
	return s;
}

static const char *
selerr(const char *json)
{
	struct selector s;
	const char *err = NULL;
	json_error_t je;
	json_t *j = json_loads(json, 0, &je);

	assert_non_null(j);
	assert_int_equal(selector_from_json(j, "any", 0, a, st, &s, &err), -1);
	json_decref(j);
	assert_non_null(err);
	return err;
}

static void
test_label_parse(void **state)
{
	struct label l;

	(void)state;
	label_parse(st, "k8s:app=web", "any", &l);
	assert_string_equal(l.source, "k8s");
	assert_string_equal(l.key, "app");
	assert_string_equal(l.value, "web");
	label_parse(st, "reserved:host", "any", &l);
	assert_string_equal(l.source, "reserved");
	assert_string_equal(l.key, "host");
	assert_string_equal(l.value, "");
	label_parse(st, "io.kubernetes.pod.namespace=shop", "any", &l);
	assert_string_equal(l.source, "any");
	assert_string_equal(l.key, "io.kubernetes.pod.namespace");
	/* A ':' inside the value is not a source separator. */
	label_parse(st, "k8s:url=http://x", "any", &l);
	assert_string_equal(l.source, "k8s");
	assert_string_equal(l.value, "http://x");
	label_parse(st, "example.com/role=a:b", "k8s", &l);
	assert_string_equal(l.source, "k8s");
	assert_string_equal(l.key, "example.com/role");
	assert_string_equal(l.value, "a:b");
	label_parse(st, "cidr:10.0.0.0/8", "any", &l);
	assert_string_equal(l.source, "cidr");
	assert_string_equal(l.key, "10.0.0.0/8");
}

static void
test_match_sources(void **state)
{
	static const char *const web[] = { "k8s:app=web",
	    "k8s:io.kubernetes.pod.namespace=shop", "container:tier=x", NULL };
	struct labelset ls;
	struct selector s;

	(void)state;
	mkset(&ls, web);
	/* Unprefixed keys are any:, which matches the k8s label. */
	s = mksel("{\"matchLabels\": {\"app\": \"web\"}}", "any");
	assert_true(selector_matches(&s, &ls));
	s = mksel("{\"matchLabels\": {\"k8s:app\": \"web\"}}", "any");
	assert_true(selector_matches(&s, &ls));
	/* A named source must match exactly. */
	s = mksel("{\"matchLabels\": {\"container:app\": \"web\"}}", "any");
	assert_false(selector_matches(&s, &ls));
	s = mksel("{\"matchLabels\": {\"tier\": \"x\"}}", "any");
	assert_true(selector_matches(&s, &ls));
	s = mksel("{\"matchLabels\": {\"tier\": \"x\"}}", "k8s");
	assert_false(selector_matches(&s, &ls));
	/* Value and key case matter. */
	s = mksel("{\"matchLabels\": {\"app\": \"Web\"}}", "any");
	assert_false(selector_matches(&s, &ls));
	/* The empty selector matches everything. */
	s = mksel("{}", "any");
	assert_true(selector_is_wildcard(&s));
	assert_true(selector_matches(&s, &ls));
	assert_string_equal(s.text, "{}");
}

static void
test_expressions(void **state)
{
	static const char *const web[] = { "k8s:app=web", "k8s:tier=front",
	    NULL };
	struct labelset ls;
	struct selector s;

	(void)state;
	mkset(&ls, web);
	s = mksel("{\"matchExpressions\": [{\"key\": \"tier\", \"operator\": "
	    "\"In\", \"values\": [\"front\", \"back\"]}]}", "any");
	assert_true(selector_matches(&s, &ls));
	s = mksel("{\"matchExpressions\": [{\"key\": \"tier\", \"operator\": "
	    "\"NotIn\", \"values\": [\"front\"]}]}", "any");
	assert_false(selector_matches(&s, &ls));
	/* NotIn and DoesNotExist match when the key is absent. */
	s = mksel("{\"matchExpressions\": [{\"key\": \"env\", \"operator\": "
	    "\"NotIn\", \"values\": [\"prod\"]}]}", "any");
	assert_true(selector_matches(&s, &ls));
	s = mksel("{\"matchExpressions\": [{\"key\": \"env\", \"operator\": "
	    "\"DoesNotExist\"}]}", "any");
	assert_true(selector_matches(&s, &ls));
	s = mksel("{\"matchExpressions\": [{\"key\": \"app\", \"operator\": "
	    "\"Exists\"}, {\"key\": \"env\", \"operator\": \"Exists\"}]}",
	    "any");
	assert_false(selector_matches(&s, &ls));	/* ANDed */
	/* matchLabels and matchExpressions together are ANDed too. */
	s = mksel("{\"matchLabels\": {\"app\": \"web\"}, \"matchExpressions\": "
	    "[{\"key\": \"tier\", \"operator\": \"In\", \"values\": "
	    "[\"back\"]}]}", "any");
	assert_false(selector_matches(&s, &ls));
	assert_string_equal(s.text, "app=web, tier=back");
	s = mksel("{\"matchExpressions\": [{\"key\": \"k8s:tier\", "
	    "\"operator\": \"In\", \"values\": [\"b\", \"a\"]}, {\"key\": "
	    "\"x\", \"operator\": \"DoesNotExist\"}]}", "any");
	assert_string_equal(s.text, "k8s:tier In (a,b), !x");
}

static void
test_validation(void **state)
{
	(void)state;
	assert_string_equal(selerr("{\"matchExpressions\": [{\"key\": \"a\", "
	    "\"operator\": \"Equals\", \"values\": [\"x\"]}]}"),
	    "invalid label selector: \"Equals\" is not a valid label selector "
	    "operator");
	assert_non_null(strstr(selerr("{\"matchExpressions\": [{\"key\": "
	    "\"a\", \"operator\": \"In\"}]}"), "Required value"));
	assert_non_null(strstr(selerr("{\"matchExpressions\": [{\"key\": "
	    "\"a\", \"operator\": \"Exists\", \"values\": [\"x\"]}]}"),
	    "Forbidden"));
	assert_non_null(strstr(selerr("{\"matchLabels\": [\"a\"]}"),
	    "matchLabels"));
	assert_non_null(strstr(selerr("{\"matchExpressions\": [{\"operator\": "
	    "\"Exists\"}]}"), "without a key"));
	/* Kubernetes label syntax: keys and values. */
	assert_non_null(strstr(selerr("{\"matchLabels\": {\"-app\": \"x\"}}"),
	    "key: Invalid value: \"-app\""));
	assert_non_null(strstr(selerr("{\"matchLabels\": {\"Example.com/a\": "
	    "\"x\"}}"), "prefix part"));
	assert_non_null(strstr(selerr("{\"matchLabels\": {\"app\": "
	    "\"a b\"}}"), "values[0][app]"));
	assert_non_null(strstr(selerr("{\"matchLabels\": {\"app\": \""
	    "0123456789012345678901234567890123456789012345678901234567890123"
	    "\"}}"), "63 characters"));
	{
		struct selector ok = mksel("{\"matchLabels\": {\"k8s:io.cilium."
		    "k8s.namespace.labels.kubernetes.io/metadata.name\": \"shop\", "
		    "\"reserved:host\": \"\", \"cidr:10.0.0.0/8\": \"\"}}", "any");

		assert_int_equal(ok.n, 3);
	}
}

static void
test_keys_and_edits(void **state)
{
	static const char *const other[] = { "k8s:app=web",
	    "k8s:io.kubernetes.pod.namespace=tools", NULL };
	struct labelset ls;
	struct selector s, t;
	static const char *const shop[] = { "shop", NULL };

	(void)state;
	mkset(&ls, other);
	s = mksel("{\"matchLabels\": {\"k8s:io.kubernetes.pod.namespace\": "
	    "\"tools\", \"app\": \"web\"}}", "any");
	assert_true(selector_has_key(&s, "io.kubernetes.pod.namespace", "k8s"));
	assert_false(selector_has_key(&s, "io.kubernetes.pod.namespace",
	    NULL));
	assert_true(selector_matches(&s, &ls));
	/* Forcing the policy's namespace replaces the k8s: matchLabel. */
	selector_with_req(a, st, &s, "k8s", "io.kubernetes.pod.namespace",
	    SEL_IN, shop, true, &t);
	assert_int_equal(t.n, 2);
	assert_false(selector_matches(&t, &ls));
	assert_string_equal(t.text,
	    "app=web, k8s:io.kubernetes.pod.namespace=shop");
	/* Without replace the requirement is ANDed. */
	s = mksel("{\"matchLabels\": {\"io.kubernetes.pod.namespace\": "
	    "\"tools\"}}", "any");
	selector_with_req(a, st, &s, "k8s", "io.kubernetes.pod.namespace",
	    SEL_IN, shop, true, &t);
	assert_int_equal(t.n, 2);
	assert_false(selector_matches(&t, &ls));
	assert_true(selector_has_key_prefix(&t, "io.kubernetes."));
	s = mksel("{\"matchLabels\": {\"reserved:host\": \"\"}}", "any");
	assert_true(selector_has_source(&s, "reserved"));
}

static void
test_text_syntax(void **state)
{
	static const char *const web[] = { "k8s:app=web", "k8s:tier=front",
	    NULL };
	struct labelset ls;
	struct selector s;
	const char *err;

	(void)state;
	mkset(&ls, web);
	assert_int_equal(selector_from_text("app=web, tier in (front,back), "
	    "!env", "any", a, st, &s, &err), 0);
	assert_string_equal(s.text, "app=web, !env, tier In (back,front)");
	assert_true(selector_matches(&s, &ls));
	assert_int_equal(selector_from_text("app!=db,k8s:tier notin (x)",
	    "any", a, st, &s, &err), 0);
	assert_true(selector_matches(&s, &ls));
	assert_int_equal(selector_from_text("app==web,tier", "any", a, st, &s,
	    &err), 0);
	assert_true(selector_matches(&s, &ls));
	assert_int_equal(selector_from_text("app=api", "any", a, st, &s, &err),
	    0);
	assert_false(selector_matches(&s, &ls));
	assert_int_equal(selector_from_text("", "any", a, st, &s, &err), 0);
	assert_true(selector_is_wildcard(&s));
	assert_int_equal(selector_from_text("app in web", "any", a, st, &s,
	    &err), -1);
	assert_non_null(strstr(err, "invalid selector"));
	assert_int_equal(selector_from_text("app=web tier", "any", a, st, &s,
	    &err), -1);
	assert_int_equal(selector_from_text("=x", "any", a, st, &s, &err), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_label_parse),
		cmocka_unit_test(test_match_sources),
		cmocka_unit_test(test_expressions),
		cmocka_unit_test(test_validation),
		cmocka_unit_test(test_keys_and_edits),
		cmocka_unit_test(test_text_syntax),
	};

	return cmocka_run_group_tests_name("selector", tests, setup, teardown);
}
