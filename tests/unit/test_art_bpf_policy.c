/*
 * test_art_bpf_policy.c: `bpf policy get` in every layout: the 1.17+
 * numeric table with COOKIE, 1.15-1.18 without it, the old DIRECTION-first
 * tables with identities or labels, multi-line label cells, empty maps,
 * markdown wrapping, error trailers, truncated and malformed rows.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "art_bpf_policy.h"
#include "diag.h"
#include "ingest.h"
#include "intern.h"

#include "support_member.h"

/* What the last parse() gave. */
static struct bpf_policy_result r;

static int
parse(struct sm_fx *f, const char *path, const char *text)
{
	return art_bpf_policy_parse(sm_member(f, path, text), f->a, f->st,
	    &f->d, &r);
}

static const char new_all[] =
    "Endpoint ID: 482\n"
    "Path: /sys/fs/bpf/tc/globals/cilium_policy_v2_00482\n"
    "\n"
    "POLICY   DIRECTION   IDENTITY   PORT/PROTO      PROXY PORT   AUTH TYPE   BYTES   PACKETS   PREFIX   COOKIE\n"
    "Deny     Ingress     16777217   80/TCP          NONE         disabled    120     2         24       0\n"
    "Allow    Ingress     0          ANY             NONE         disabled    -       -         0        0\n"
    "Allow    Ingress     1          ANY             NONE         disabled    88487   1017      0        0\n"
    "Allow    Egress      0          53/UDP          15001        disabled    17382   177       24       3\n"
    "Allow    Egress      48213      8080-8095/TCP   NONE         spire       0       0         20       0\n"
    "Allow    Egress      2          TCP             NONE         disabled    5       1         8        0\n"
    "\n"
    "\n"
    "Endpoint ID: 1178\n"
    "Path: /sys/fs/bpf/tc/globals/cilium_policy_v2_01178\n"
    "\n"
    "POLICY   DIRECTION   IDENTITY   PORT/PROTO   PROXY PORT   AUTH TYPE   BYTES   PACKETS   PREFIX   COOKIE\n"
    "Allow    Ingress     0          ANY          NONE         disabled    10      1         0        0\n"
    "\n"
    "\n"
    "Endpoint ID: 3911\n"
    "Path: /sys/fs/bpf/tc/globals/cilium_policy_v2_03911\n"
    "\n"
    "POLICY   DIRECTION   IDENTITY   PORT/PROTO   PROXY PORT   AUTH TYPE   BYTES   PACKETS   PREFIX   COOKIE\n"
    "Policy stats empty. Perhaps the policy enforcement is disabled?\n"
    "\n"
    "\n";

static void
test_new_layout_all(void **state)
{
	struct sm_fx *f = *state;
	const struct bpf_policy_map *mp;
	const struct bpf_policy_entry *e;

	assert_int_equal(parse(f, "cmd/cilium-dbg-bpf-policy-get---all---"
	    "numeric.md", new_all), 0);
	assert_int_equal(f->d.n, 0);
	assert_string_equal(r.path,
	    "cmd/cilium-dbg-bpf-policy-get---all---numeric.md");
	assert_int_equal(r.nmaps, 3);
	assert_int_equal(r.nentries, 7);

	mp = &r.maps[0];
	assert_true(mp->has_endpoint_id);
	assert_int_equal(mp->endpoint_id, 482);
	assert_int_equal(mp->line, 1);
	assert_string_equal(mp->map_path,
	    "/sys/fs/bpf/tc/globals/cilium_policy_v2_00482");
	assert_int_equal(mp->columns, BPF_POLICY_COL_POLICY |
	    BPF_POLICY_COL_AUTH | BPF_POLICY_COL_PREFIX |
	    BPF_POLICY_COL_COOKIE);
	assert_int_equal(mp->nentries, 6);

	e = &mp->entries[0];
	assert_int_equal(e->line, 5);
	assert_true(e->deny);
	assert_false(e->egress);
	assert_true(e->has_identity);
	assert_int_equal(e->identity, 16777217);
	assert_int_equal(e->port, 80);
	assert_int_equal(e->end_port, 80);
	assert_int_equal(e->proto, 6);
	assert_string_equal(e->proto_name, "TCP");
	assert_string_equal(e->port_proto, "80/TCP");
	assert_int_equal(e->proxy_port, 0);
	assert_string_equal(e->auth_type, "disabled");
	assert_int_equal(e->bytes, 120);
	assert_int_equal(e->packets, 2);
	assert_true(e->has_prefix);
	assert_int_equal(e->prefix_len, 24);
	assert_true(e->has_cookie);
	assert_int_equal(e->cookie, 0);
	assert_null(e->labels);

	e = &mp->entries[1];
	assert_false(e->deny);
	assert_int_equal(e->identity, 0);
	assert_int_equal(e->proto, 0);
	assert_string_equal(e->proto_name, "ANY");
	assert_int_equal(e->port, 0);
	assert_int_equal(e->end_port, 0);
	assert_true(e->bytes == BPF_POLICY_STAT_NONE);
	assert_true(e->packets == BPF_POLICY_STAT_NONE);

	e = &mp->entries[3];
	assert_true(e->egress);
	assert_int_equal(e->proto, 17);
	assert_int_equal(e->port, 53);
	assert_int_equal(e->proxy_port, 15001);
	assert_int_equal(e->cookie, 3);

	e = &mp->entries[4];
	assert_int_equal(e->identity, 48213);
	assert_int_equal(e->port, 8080);
	assert_int_equal(e->end_port, 8095);
	assert_string_equal(e->auth_type, "spire");
	assert_int_equal(e->prefix_len, 20);

	e = &mp->entries[5];
	assert_int_equal(e->proto, 6);
	assert_int_equal(e->port, 0);
	assert_string_equal(e->port_proto, "TCP");

	/* Interned: equal strings are equal pointers. */
	assert_ptr_equal(mp->entries[0].auth_type, mp->entries[1].auth_type);

	assert_int_equal(r.maps[1].endpoint_id, 1178);
	assert_int_equal(r.maps[1].nentries, 1);
	assert_int_equal(r.maps[1].entries[0].line, 17);

	mp = bpf_policy_find_map(&r, 3911);
	assert_non_null(mp);
	assert_true(mp->empty_notice);
	assert_int_equal(mp->nentries, 0);
	assert_null(bpf_policy_find_map(&r, 7));
}

/* 1.15-1.18: no COOKIE, tabwriter padding after the last column. */
static void
test_no_cookie_layout(void **state)
{
	static const char text[] =
	    "POLICY   DIRECTION   IDENTITY   PORT/PROTO   PROXY PORT   AUTH TYPE   BYTES    PACKETS   PREFIX   \n"
	    "Allow    Ingress     0          ANY          NONE         disabled    -        -         0        \n"
	    "Allow    Ingress     1          ANY          NONE         disabled    200073   2331      0        \n"
	    "Allow    Egress      0          ANY          NONE         disabled    -        -         0        \n"
	    "\n";
	struct sm_fx *f = *state;
	const struct bpf_policy_map *mp;

	assert_int_equal(parse(f, "bpf.md", text), 0);
	assert_int_equal(f->d.n, 0);
	assert_int_equal(r.nmaps, 1);
	mp = &r.maps[0];
	assert_false(mp->has_endpoint_id);
	assert_null(mp->map_path);
	assert_int_equal(mp->columns, BPF_POLICY_COL_POLICY |
	    BPF_POLICY_COL_AUTH | BPF_POLICY_COL_PREFIX);
	assert_int_equal(mp->nentries, 3);
	assert_int_equal(mp->entries[1].bytes, 200073);
	assert_int_equal(mp->entries[1].packets, 2331);
	assert_false(mp->entries[1].has_cookie);
	assert_true(mp->entries[2].egress);
}

/* Before 1.9: a "<path>:" line per map, no POLICY column. */
static void
test_old_numeric_layout(void **state)
{
	static const char text[] =
	    "/sys/fs/bpf/tc/globals/cilium_policy_03037:                                     \n"
	    "                                                                                \n"
	    "DIRECTION   IDENTITY   PORT/PROTO    PROXY PORT   BYTES   PACKETS   \n"
	    "Ingress     1          ANY           NONE         0       0         \n"
	    "Ingress     56648      80/TCP        14949        0       0         \n"
	    "Egress      0          0x50/12/TCP   NONE         0       0         \n"
	    "\n"
	    "\n"
	    "/sys/fs/bpf/tc/globals/cilium_policy_00012:\n"
	    "\n"
	    "DIRECTION   IDENTITY   PORT/PROTO    PROXY PORT   BYTES   PACKETS   \n"
	    "Ingress     2          ANY           NONE         0       0         \n";
	struct sm_fx *f = *state;
	const struct bpf_policy_map *mp;
	const struct bpf_policy_entry *e;

	assert_int_equal(parse(f, "old.md", text), 0);
	assert_int_equal(f->d.n, 0);
	assert_int_equal(r.nmaps, 2);
	mp = &r.maps[0];
	assert_int_equal(mp->endpoint_id, 3037);
	assert_string_equal(mp->map_path,
	    "/sys/fs/bpf/tc/globals/cilium_policy_03037");
	assert_int_equal(mp->columns, 0);
	assert_int_equal(mp->nentries, 3);
	e = &mp->entries[1];
	assert_false(e->deny);
	assert_int_equal(e->identity, 56648);
	assert_int_equal(e->proxy_port, 14949);
	assert_null(e->auth_type);
	assert_false(e->has_prefix);
	e = &mp->entries[2];
	assert_int_equal(e->port, 0x50);
	assert_int_equal(e->end_port, 0x5f);
	assert_int_equal(e->proto, 6);
	assert_string_equal(e->proto_name, "TCP");
	assert_int_equal(r.maps[1].endpoint_id, 12);
	assert_int_equal(r.maps[1].entries[0].identity, 2);
	assert_int_equal(r.maps[1].entries[0].line, 12);
}

/* Without --numeric: labels, one per line. */
static void
test_label_layout(void **state)
{
	static const char text[] =
	    "$ kubectl exec pod/cilium-sbp8v -n kube-system -- cilium-dbg bpf policy get 3459\n"
	    "DIRECTION   LABELS (source:key[=value])                PORT/PROTO   PROXY PORT   BYTES   PACKETS   \n"
	    "Ingress     reserved:unknown                           ANY          NONE         1367    7         \n"
	    "Ingress     reserved:host                              ANY          NONE         0       0         \n"
	    "Egress      reserved:unknown                           53/UDP       36447        138     2         \n"
	    "Egress      fqdn:*                                     ANY          NONE         477     6         \n"
	    "            reserved:world                                                                         \n"
	    "Ingress     k8s:io.cilium.k8s.policy.cluster=default   ANY          NONE         0       0         \n"
	    "            k8s:io.cilium/app=etcd-operator                                                        \n"
	    "            k8s:io.kubernetes.pod.namespace                                                        \n";
	struct sm_fx *f = *state;
	const struct bpf_policy_map *mp;
	const struct bpf_policy_entry *e;

	assert_int_equal(parse(f, "labels.txt", text), 0);
	assert_int_equal(f->d.n, 0);
	assert_int_equal(r.nmaps, 1);
	mp = &r.maps[0];
	/* The id comes from the pasted prompt. */
	assert_true(mp->has_endpoint_id);
	assert_int_equal(mp->endpoint_id, 3459);
	assert_int_equal(mp->columns, BPF_POLICY_COL_LABELS);
	assert_int_equal(mp->nentries, 5);

	e = &mp->entries[0];
	assert_true(e->has_identity);
	assert_int_equal(e->identity, 0);
	assert_int_equal(e->nlabels, 1);
	assert_string_equal(e->labels[0], "reserved:unknown");
	e = &mp->entries[1];
	assert_int_equal(e->identity, 1);
	e = &mp->entries[3];
	assert_false(e->has_identity);
	assert_int_equal(e->nlabels, 2);
	assert_string_equal(e->labels[0], "fqdn:*");
	assert_string_equal(e->labels[1], "reserved:world");
	assert_int_equal(e->bytes, 477);
	e = &mp->entries[4];
	assert_int_equal(e->line, 8);
	assert_false(e->has_identity);
	assert_int_equal(e->nlabels, 3);
	assert_string_equal(e->labels[2], "k8s:io.kubernetes.pod.namespace");
}

/* Labels with AUTH TYPE and PREFIX (host firewall issue, 1.15 era). */
static void
test_label_layout_auth_prefix(void **state)
{
	static const char text[] =
	    "POLICY   DIRECTION   LABELS (source:key[=value])   PORT/PROTO   PROXY PORT   AUTH TYPE   BYTES     PACKETS   PREFIX   \n"
	    "Allow    Ingress     reserved:unknown              8/ICMP       NONE         disabled    1965348   29778     24       \n"
	    "Allow    Ingress     ANY                           53/TCP       NONE         disabled    0         0         24       \n"
	    "Deny     Egress      12345                         ANY          NONE         disabled    0         0         0        \n";
	struct sm_fx *f = *state;
	const struct bpf_policy_entry *e;

	assert_int_equal(parse(f, "hostfw.txt", text), 0);
	assert_int_equal(f->d.n, 0);
	assert_int_equal(r.maps[0].columns, BPF_POLICY_COL_POLICY |
	    BPF_POLICY_COL_LABELS | BPF_POLICY_COL_AUTH |
	    BPF_POLICY_COL_PREFIX);
	e = &r.maps[0].entries[0];
	assert_int_equal(e->proto, 1);
	assert_int_equal(e->port, 8);
	assert_int_equal(e->bytes, 1965348);
	assert_int_equal(e->prefix_len, 24);
	e = &r.maps[0].entries[1];
	assert_true(e->has_identity);
	assert_int_equal(e->identity, 0);
	assert_string_equal(e->labels[0], "ANY");
	e = &r.maps[0].entries[2];
	/* An unresolved identity stays numeric, without a label. */
	assert_true(e->deny);
	assert_true(e->has_identity);
	assert_int_equal(e->identity, 12345);
	assert_int_equal(e->nlabels, 0);
}

static void
test_empty_map(void **state)
{
	static const char text[] =
	    "# cilium bpf policy get 2761\n"
	    "DIRECTION   LABELS (source:key[=value])   PORT/PROTO   PROXY PORT   BYTES   PACKETS   \n"
	    "Policy stats empty. Perhaps the policy enforcement is disabled?\n";
	struct sm_fx *f = *state;

	assert_int_equal(parse(f, "empty.md", text), 0);
	assert_int_equal(f->d.n, 0);
	assert_int_equal(r.nmaps, 1);
	assert_true(r.maps[0].empty_notice);
	assert_int_equal(r.nentries, 0);
}

/* --enable-markdown and a failed command's trailer. */
static void
test_markdown_and_error(void **state)
{
	static const char text[] =
	    "# cilium-dbg bpf policy get --all --numeric\n"
	    "\n"
	    "```\n"
	    "Endpoint ID: 7\n"
	    "Path: /sys/fs/bpf/tc/globals/cilium_policy_v2_00007\n"
	    "\n"
	    "POLICY   DIRECTION   IDENTITY   PORT/PROTO   PROXY PORT   AUTH TYPE   BYTES   PACKETS   PREFIX   COOKIE\n"
	    "Allow    Ingress     4          ANY          NONE         disabled    0       0         0        0\n"
	    "```\n"
	    "> Error while running 'cilium-dbg bpf policy get --all --numeric':  exit status 1\n";
	struct sm_fx *f = *state;

	assert_int_equal(parse(f, "md.md", text), 0);
	assert_int_equal(r.nentries, 1);
	assert_int_equal(r.maps[0].endpoint_id, 7);
	assert_int_equal(r.maps[0].entries[0].identity, 4);
	assert_int_equal(f->d.n, 1);
	assert_int_equal(f->d.v[0].severity, DIAG_WARNING);
	assert_int_equal(f->d.v[0].line, 10);
	assert_string_equal(f->d.v[0].text, "command failed: exit status 1");
}

/* A paste cut in the middle of a row, and rows that do not parse. */
static void
test_truncated_and_malformed(void **state)
{
	static const char text[] =
	    "POLICY   DIRECTION   IDENTITY   PORT/PROTO   PROXY PORT   AUTH TYPE   BYTES   PACKETS   PREFIX   COOKIE\n"
	    "Allow    Ingress     1          ANY          NONE         disabled    10      1         0        0\n"
	    "Allow    Sideways    2          ANY          NONE         disabled    10      1         0        0\n"
	    "Allow    Egress      3          80/XYZ       NONE         disabled    10      1         0        0\n"
	    "Allow    Egress      x          ANY          NONE         disabled    10      1         0        0\n"
	    "Allow    Egress      4          99999/TCP    NONE         disabled    10      1         0        0\n"
	    "Allow    Egress      5          ANY          NONE         disabled    ten     1         0        0\n"
	    "Allow    Egress      6          ANY          NONE         disab";
	struct sm_fx *f = *state;
	const struct bpf_policy_map *mp;

	assert_int_equal(parse(f, "bad.md", text), 0);
	mp = &r.maps[0];
	/* Rows 2 and the truncated last one are kept. */
	assert_int_equal(mp->nentries, 2);
	assert_int_equal(mp->entries[0].identity, 1);
	assert_int_equal(mp->entries[1].identity, 6);
	assert_int_equal(mp->entries[1].line, 8);
	assert_string_equal(mp->entries[1].auth_type, "disab");
	assert_true(mp->entries[1].bytes == BPF_POLICY_STAT_NONE);
	assert_int_equal(f->d.n, 5);
	sm_diag_at(&f->d.v[0], "bad.md", 3);
	assert_string_equal(f->d.v[0].text,
	    "cannot parse policy entry: unknown direction 'Sideways'");
	assert_int_equal(f->d.v[1].line, 4);
	assert_string_equal(f->d.v[1].text,
	    "cannot parse policy entry: bad port/protocol '80/XYZ'");
	assert_int_equal(f->d.v[2].line, 5);
	assert_int_equal(f->d.v[3].line, 6);
	assert_int_equal(f->d.v[4].line, 7);
	assert_string_equal(f->d.v[4].text,
	    "cannot parse policy entry: bad byte or packet count 'ten'");
}

/* More bad rows than the cap: the rest are summed up in one diagnostic. */
static void
test_diag_cap(void **state)
{
	struct sm_fx *f = *state;
	char text[4096];
	size_t off, i;

	off = (size_t)snprintf(text, sizeof(text), "DIRECTION   IDENTITY   "
	    "PORT/PROTO   PROXY PORT   BYTES   PACKETS\n");
	for (i = 0; i < 12; i++)
		off += (size_t)snprintf(text + off, sizeof(text) - off,
		    "Upward      1          ANY          NONE         0       "
		    "0\n");
	assert_int_equal(parse(f, "cap.md", text), 0);
	assert_int_equal(r.nentries, 0);
	assert_int_equal(f->d.n, 6);
	assert_int_equal(f->d.v[5].line, 7);
	assert_string_equal(f->d.v[5].text,
	    "cannot parse 7 more policy entries");
}

static void
test_nothing_usable(void **state)
{
	struct sm_fx *f = *state;

	assert_int_equal(parse(f, "junk.md", "hello\nworld\n"), -1);
	assert_int_equal(r.nmaps, 0);
	assert_int_equal(f->d.n, 1);
	assert_int_equal(f->d.v[0].severity, DIAG_ERROR);
	assert_string_equal(f->d.v[0].text,
	    "cannot parse bpf policy get output: no policy table");
	diag_list_release(&f->d);
	diag_list_init(&f->d);
	assert_int_equal(parse(f, "none.md", "no maps found\n"), 0);
	assert_int_equal(f->d.n, 0);
	assert_int_equal(parse(f, "empty.md", ""), -1);
}

static void
test_port_proto(void **state)
{
	uint16_t p, e;
	uint8_t pr;

	(void)state;
	assert_true(bpf_policy_port_proto_parse("ANY", 3, &p, &e, &pr));
	assert_int_equal(pr, 0);
	assert_true(bpf_policy_port_proto_parse("0/ANY", 5, &p, &e, &pr));
	assert_int_equal(p, 0);
	assert_int_equal(pr, 0);
	assert_true(bpf_policy_port_proto_parse("SCTP", 4, &p, &e, &pr));
	assert_int_equal(pr, 132);
	assert_true(bpf_policy_port_proto_parse("443/TCP", 7, &p, &e, &pr));
	assert_int_equal(p, 443);
	assert_int_equal(e, 443);
	assert_true(bpf_policy_port_proto_parse("53/17", 5, &p, &e, &pr));
	assert_int_equal(pr, 17);
	assert_true(bpf_policy_port_proto_parse("1-65535/UDP", 11, &p, &e,
	    &pr));
	assert_int_equal(e, 65535);
	assert_true(bpf_policy_port_proto_parse("0x0/0/TCP", 9, &p, &e,
	    &pr));
	assert_int_equal(e, 0xffff);
	assert_true(bpf_policy_port_proto_parse("128/ICMPv6", 10, &p, &e,
	    &pr));
	assert_int_equal(pr, 58);
	assert_false(bpf_policy_port_proto_parse("90-80/TCP", 9, &p, &e,
	    &pr));
	assert_false(bpf_policy_port_proto_parse("/TCP", 4, &p, &e, &pr));
	assert_false(bpf_policy_port_proto_parse("80/", 3, &p, &e, &pr));
	assert_false(bpf_policy_port_proto_parse("<INVALID PREFIX LENGTH: "
	    "40>", 27, &p, &e, &pr));
	assert_false(bpf_policy_port_proto_parse("0x50/17/TCP", 11, &p, &e,
	    &pr));
	assert_int_equal(bpf_policy_proto_number("256", 3), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_new_layout_all, sm_setup,
		    sm_teardown),
		cmocka_unit_test_setup_teardown(test_no_cookie_layout, sm_setup,
		    sm_teardown),
		cmocka_unit_test_setup_teardown(test_old_numeric_layout,
		    sm_setup, sm_teardown),
		cmocka_unit_test_setup_teardown(test_label_layout, sm_setup,
		    sm_teardown),
		cmocka_unit_test_setup_teardown(test_label_layout_auth_prefix,
		    sm_setup, sm_teardown),
		cmocka_unit_test_setup_teardown(test_empty_map, sm_setup,
		    sm_teardown),
		cmocka_unit_test_setup_teardown(test_markdown_and_error,
		    sm_setup, sm_teardown),
		cmocka_unit_test_setup_teardown(test_truncated_and_malformed,
		    sm_setup, sm_teardown),
		cmocka_unit_test_setup_teardown(test_diag_cap, sm_setup,
		    sm_teardown),
		cmocka_unit_test_setup_teardown(test_nothing_usable, sm_setup,
		    sm_teardown),
		cmocka_unit_test(test_port_proto),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
