/*
 * test_netaddr.c: IP prefixes, the one parser behind policy CIDR
 * validation, the CIDR checks and the verdict engine.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <arpa/inet.h>

#include "netaddr.h"

static void
test_parse(void **state)
{
	struct ip_prefix p;

	(void)state;
	assert_true(ip_prefix_parse("10.244.0.0/16", &p));
	assert_int_equal(p.af, AF_INET);
	assert_int_equal(p.len, 16);
	assert_int_equal(p.a[0], 10);
	assert_int_equal(p.a[1], 244);
	/* A bare address is a host prefix. */
	assert_true(ip_prefix_parse("10.244.1.23", &p));
	assert_int_equal(p.len, 32);
	assert_true(ip_prefix_parse("fd00::/104", &p));
	assert_int_equal(p.af, AF_INET6);
	assert_int_equal(p.len, 104);
	assert_true(ip_prefix_parse("0.0.0.0/0", &p));
	assert_int_equal(p.len, 0);
	/* Not prefixes: p.af is 0. */
	assert_false(ip_prefix_parse("10.0.0.0/", &p));
	assert_int_equal(p.af, 0);
	assert_false(ip_prefix_parse("10.0.0.0/+8", &p));
	assert_false(ip_prefix_parse("10.0.0.0/ 8", &p));
	assert_false(ip_prefix_parse("10.0.0.0/33", &p));
	assert_false(ip_prefix_parse("fd00::/129", &p));
	assert_false(ip_prefix_parse("10.0.0/8", &p));
	assert_false(ip_prefix_parse("10.0.0.0/8x", &p));
	assert_false(ip_prefix_parse("", &p));
	assert_false(ip_prefix_parse(NULL, &p));
}

static void
test_compare(void **state)
{
	struct ip_prefix net, pod, other, v6, host;

	(void)state;
	assert_true(ip_prefix_parse("10.244.0.0/16", &net));
	assert_true(ip_prefix_parse("10.244.1.0/24", &pod));
	assert_true(ip_prefix_parse("10.245.0.0/16", &other));
	assert_true(ip_prefix_parse("fd00::1", &v6));
	assert_true(ip_prefix_parse("10.244.1.23", &host));
	assert_true(ip_prefix_contains(&net, &pod));
	assert_true(ip_prefix_contains(&net, &host));
	assert_true(ip_prefix_contains(&pod, &host));
	assert_false(ip_prefix_contains(&pod, &net));
	assert_false(ip_prefix_contains(&net, &other));
	assert_false(ip_prefix_contains(&net, &v6));
	assert_int_equal(ip_prefix_common(&net, &other), 15);
	assert_int_equal(ip_prefix_common(&net, &pod), 16);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_compare),
	};

	return cmocka_run_group_tests_name("netaddr", tests, NULL, NULL);
}
