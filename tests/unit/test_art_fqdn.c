/*
 * test_art_fqdn.c: `cilium(-dbg) fqdn cache list` tables, in the shape
 * cilium-dbg/cmd/fqdn.go prints them (tabwriter, min width 5, padding 3),
 * with and without the Source column, in bugtool's markdown wrapper, with
 * bad rows and a failed command.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "art_fqdn.h"
#include "diag.h"

#include "support_member.h"

#define PATH	"cilium-bugtool-x/cmd/cilium-dbg-fqdn-cache-list.md"

static void
test_table(void **state)
{
	struct sm_fx *f = *state;
	struct fqdn_cache_result r;

	assert_int_equal(art_fqdn_parse(sm_member(f, PATH,
	    "# cilium-dbg fqdn cache list\n"
	    "```\n"
	    "Endpoint   Source       FQDN                 TTL    "
	    "ExpirationTime             IPs                         \n"
	    "1523       lookup       api.example.com.     300    "
	    "2025-06-01T10:19:57.000Z   93.184.216.34               \n"
	    "1523       connection   img.cdn.example.net. 0      "
	    "2025-06-01T10:14:02.000Z   151.101.1.1,151.101.65.1    \n"
	    "```\n"), f->a, f->st, &f->d, &r), 0);
	assert_int_equal(r.nentries, 2);
	assert_int_equal(r.entries[0].endpoint, 1523);
	assert_string_equal(r.entries[0].source, "lookup");
	assert_string_equal(r.entries[0].name, "api.example.com.");
	assert_int_equal(r.entries[0].nips, 1);
	assert_string_equal(r.entries[0].ips[0], "93.184.216.34");
	assert_int_equal(r.entries[0].line, 4);
	assert_string_equal(r.entries[1].source, "connection");
	assert_int_equal(r.entries[1].nips, 2);
	assert_string_equal(r.entries[1].ips[1], "151.101.65.1");
	assert_int_equal(f->d.n, 0);
}

/* Older agents: no Source column; an empty cache is a valid one. */
static void
test_old_and_empty(void **state)
{
	struct sm_fx *f = *state;
	struct fqdn_cache_result r;

	assert_int_equal(art_fqdn_parse(sm_member(f, PATH,
	    "Endpoint   FQDN               TTL    ExpirationTime             "
	    "IPs          \n"
	    "212        cilium.io.         3600   2019-06-20T18:00:00.000Z   "
	    "104.198.14.52\n"), f->a, f->st, &f->d, &r), 0);
	assert_int_equal(r.nentries, 1);
	assert_null(r.entries[0].source);
	assert_string_equal(r.entries[0].name, "cilium.io.");
	assert_int_equal(r.entries[0].endpoint, 212);
	assert_int_equal(art_fqdn_parse(sm_member(f, PATH,
	    "Endpoint   Source   FQDN   TTL   ExpirationTime   IPs   \n"),
	    f->a, f->st, &f->d, &r), 0);
	assert_int_equal(r.nentries, 0);
}

static void
test_bad(void **state)
{
	struct sm_fx *f = *state;
	struct fqdn_cache_result r;
	const struct diag *d;

	/* A row whose IPs do not parse is left out, with its line. */
	assert_int_equal(art_fqdn_parse(sm_member(f, PATH,
	    "Endpoint   Source   FQDN          TTL   ExpirationTime   IPs\n"
	    "7          lookup   a.example.    30    2025-06-01       "
	    "not-an-ip\n"
	    "7          lookup   b.example.    30    2025-06-01       "
	    "10.0.0.1\n"), f->a, f->st, &f->d, &r), 0);
	assert_int_equal(r.nentries, 1);
	assert_string_equal(r.entries[0].name, "b.example.");
	assert_non_null(d = sm_diag_find(&f->d, "no IP"));
	sm_diag_at(d, PATH, 2);
	/* No table at all: refused, naming the member. */
	assert_int_equal(art_fqdn_parse(sm_member(f, PATH,
	    "something else entirely\n"), f->a, f->st, &f->d, &r), -1);
	assert_non_null(sm_diag_find(&f->d, "no table header"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_table, sm_setup,
		    sm_teardown),
		cmocka_unit_test_setup_teardown(test_old_and_empty, sm_setup,
		    sm_teardown),
		cmocka_unit_test_setup_teardown(test_bad, sm_setup,
		    sm_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
