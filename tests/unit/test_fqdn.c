/*
 * test_fqdn.c: toFQDNs selectors against DNS names, with the cases of
 * Cilium's pkg/fqdn/matchpattern tests (leading "**." for several
 * labels, "*" within a label, the match-all pattern, case and trailing
 * dots), and the DNS answers found among flows.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "arena.h"
#include "fqdn.h"
#include "model.h"

static bool
name_is(const char *sel, const char *name)
{
	struct policy_fqdn f = { sel, NULL };

	return fqdn_selector_matches(&f, name);
}

static bool
pattern(const char *pat, const char *name)
{
	struct policy_fqdn f = { NULL, pat };

	return fqdn_selector_matches(&f, name);
}

static void
test_match_name(void **state)
{
	(void)state;
	assert_true(name_is("api.example.com", "api.example.com."));
	assert_true(name_is("API.Example.com.", "api.example.com"));
	assert_true(name_is(" api.example.com ", "api.example.com."));
	assert_false(name_is("api.example.com", "x.api.example.com."));
	assert_false(name_is("api.example.com", "api.example.co."));
	assert_false(name_is("", "api.example.com."));
	assert_false(name_is("api.example.com", NULL));
}

static void
test_match_pattern(void **state)
{
	struct policy_fqdn none = { NULL, NULL };

	(void)state;
	/* One label for "*" (allowedDNSCharsREGroup has no dot). */
	assert_true(pattern("*.cilium.io", "sub.cilium.io."));
	assert_true(pattern("*.cilium.io", "SUB_1.cilium.io"));
	assert_false(pattern("*.cilium.io", "a.b.cilium.io."));
	assert_false(pattern("*.cilium.io", "cilium.io."));
	assert_true(pattern("*cilium.io", "cilium.io."));
	assert_true(pattern("*cilium.io", "xcilium.io."));
	assert_false(pattern("*cilium.io", "a.cilium.io."));
	assert_true(pattern("sub*.cilium.io", "sub1.cilium.io."));
	assert_false(pattern("sub*.cilium.io", "dub1.cilium.io."));
	/* A leading "**." is one or more labels. */
	assert_true(pattern("**.cilium.io", "sub.cilium.io."));
	assert_true(pattern("**.cilium.io", "a.b.cilium.io."));
	assert_true(pattern("***.cilium.io", "a.b.cilium.io."));
	assert_false(pattern("**.cilium.io", "cilium.io."));
	/* Stars only: every name. */
	assert_true(pattern("*", "anything.example."));
	assert_true(pattern("**", "a.b.c."));
	assert_true(pattern("*.", "x.y."));
	/* Stars only is any name of DNS labels, not any string. */
	assert_false(pattern("*", "bad name!."));
	/* Dots are literal, regex characters are not operators. */
	assert_false(pattern("cilium.io", "ciliumxio."));
	assert_false(pattern("c+.io", "ccc.io."));
	assert_false(fqdn_selector_matches(&none, "a.b."));
}

/* A pattern that backtracks too much is undecided, and quickly so. */
static void
test_limits(void **state)
{
	struct policy_fqdn f = { NULL,
	    "*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a"
	    "*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a"
	    ".b" };
	char name[260];
	struct fqdn_matcher *mt;

	(void)state;
	memset(name, 'a', 240);
	memcpy(name + 240, ".c.", 4);
	mt = fqdn_matcher_new(&f);
	assert_int_not_equal(fqdn_matcher_match(mt, name), 1);
	/* Sixty a's in the label do match. */
	memset(name, 'a', 70);
	memcpy(name + 70, ".b", 3);
	assert_int_equal(fqdn_matcher_match(mt, name), 1);
	fqdn_matcher_free(mt);
	/* Names too long for DNS never match. */
	memset(name, 'a', 259);
	name[259] = '\0';
	assert_false(name_is(name, name));
}

static void
test_text(void **state)
{
	struct arena *a = arena_new();
	struct policy_fqdn n = { "api.example.com", NULL };
	struct policy_fqdn p = { NULL, "*.example.com" };

	(void)state;
	assert_string_equal(fqdn_selector_text(a, &n),
	    "matchName: api.example.com");
	assert_string_equal(fqdn_selector_text(a, &p),
	    "matchPattern: *.example.com");
	arena_free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_match_name),
		cmocka_unit_test(test_match_pattern),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_text),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
