/*
 * test_art_ipcache.c: the ipcache in every form: bpf ipcache list values
 * with flags=, nodeid=, neither, and the bare "<n> <k> <ip>"; its -o json
 * object; ip list -o json; the ip list table with names, labels and
 * continuation lines, -v columns; markdown, empty listings, bad rows, and
 * the longest-prefix lookup.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "art_ipcache.h"
#include "buf.h"
#include "cmdtext.h"
#include "diag.h"
#include "ingest.h"
#include "intern.h"

#include "support_member.h"

/* What the last parse() gave. */
static struct ipcache_result r;

static int
parse(struct sm_fx *f, const char *path, const char *text)
{
	return art_ipcache_parse(sm_member(f, path, text), f->a, f->st,
	    &f->d, &r);
}

static void
test_bpf_flags(void **state)
{
	static const char text[] =
	    "IP PREFIX/ADDRESS        IDENTITY                                                                             \n"
	    "10.0.1.184/32            identity=24121 encryptkey=0 tunnelendpoint=0.0.0.0 flags=<none>                      \n"
	    "10.0.2.0/24              identity=6 encryptkey=0 tunnelendpoint=172.18.0.3 flags=hastunnel                    \n"
	    "0.0.0.0/0                identity=2 encryptkey=0 tunnelendpoint=0.0.0.0 flags=<none>                          \n"
	    "f00d::a0b:0:0:ef4e/128   identity=104 encryptkey=2 tunnelendpoint=fc00::12 flags=hastunnel,ipv6tunnel         \n"
	    "10.9.0.7/32@3            identity=196871 encryptkey=0 tunnelendpoint=10.1.0.1 flags=hastunnel,remotecluster   \n";
	struct sm_fx *f = *state;
	const struct ipcache_entry *e;

	assert_int_equal(parse(f, "cmd/cilium-dbg-bpf-ipcache-list.md", text),
	    0);
	assert_int_equal(f->d.n, 0);
	assert_int_equal(r.format, IPCACHE_BPF_LIST);
	assert_int_equal(r.nentries, 5);
	e = &r.entries[0];
	assert_int_equal(e->line, 2);
	assert_string_equal(e->prefix, "10.0.1.184/32");
	assert_int_equal(e->family, 4);
	assert_int_equal(e->addr[0], 10);
	assert_int_equal(e->addr[3], 184);
	assert_int_equal(e->prefix_len, 32);
	assert_true(e->has_identity);
	assert_int_equal(e->identity, 24121);
	assert_true(e->has_encrypt_key);
	assert_int_equal(e->encrypt_key, 0);
	assert_null(e->tunnel_endpoint);
	assert_string_equal(e->flags, "<none>");
	assert_false(e->has_node_id);
	e = &r.entries[1];
	assert_int_equal(e->prefix_len, 24);
	assert_string_equal(e->tunnel_endpoint, "172.18.0.3");
	assert_string_equal(e->flags, "hastunnel");
	e = &r.entries[3];
	assert_int_equal(e->family, 6);
	assert_int_equal(e->addr[0], 0xf0);
	assert_int_equal(e->prefix_len, 128);
	assert_int_equal(e->encrypt_key, 2);
	assert_string_equal(e->tunnel_endpoint, "fc00::12");
	e = &r.entries[4];
	assert_int_equal(e->cluster_id, 3);
	assert_int_equal(e->identity, 196871);

	assert_ptr_equal(ipcache_lookup(&r, "10.0.2.99"),
	    &r.entries[1]);
	assert_ptr_equal(ipcache_lookup(&r, "10.0.1.184"),
	    &r.entries[0]);
	assert_ptr_equal(ipcache_lookup(&r, "8.8.8.8"), &r.entries[2]);
	assert_ptr_equal(ipcache_lookup(&r, "f00d::a0b:0:0:ef4e"),
	    &r.entries[3]);
	assert_null(ipcache_lookup(&r, "fe80::1"));
	assert_null(ipcache_lookup(&r, "not-an-ip"));
}

/* 1.12-1.13 nodeid=, 1.6-1.11 without flags, and the first releases. */
static void
test_bpf_older_values(void **state)
{
	static const char nodeid[] =
	    "IP PREFIX/ADDRESS   IDENTITY                                                      \n"
	    "10.0.1.184/32       identity=24121 encryptkey=0 tunnelendpoint=0.0.0.0 nodeid=0   \n"
	    "10.0.2.17/32        identity=6 encryptkey=0 tunnelendpoint=172.18.0.3 nodeid=4    \n";
	static const char noflags[] =
	    "IP PREFIX/ADDRESS   IDENTITY                                             \n"
	    "10.0.1.184/32       identity=24121 encryptkey=0 tunnelendpoint=0.0.0.0   \n"
	    "10.0.2.17           identity=6 encryptkey=1 tunnelendpoint=172.18.0.3    \n";
	static const char bare[] =
	    "IP PREFIX/ADDRESS   IDENTITY          \n"
	    "10.0.1.184/32       24121 0 0.0.0.0   \n"
	    "10.0.2.17/32        6 0 172.18.0.3    \n";
	struct sm_fx *f = *state;

	assert_int_equal(parse(f, "a.md", nodeid), 0);
	assert_int_equal(r.nentries, 2);
	assert_true(r.entries[1].has_node_id);
	assert_int_equal(r.entries[1].node_id, 4);
	assert_null(r.entries[1].flags);

	assert_int_equal(parse(f, "b.md", noflags), 0);
	assert_int_equal(r.nentries, 2);
	assert_int_equal(r.entries[1].prefix_len, 32);
	assert_int_equal(r.entries[1].encrypt_key, 1);
	assert_string_equal(r.entries[1].prefix, "10.0.2.17");

	assert_int_equal(parse(f, "c.md", bare), 0);
	assert_int_equal(r.nentries, 2);
	assert_int_equal(r.entries[0].identity, 24121);
	assert_null(r.entries[0].tunnel_endpoint);
	assert_string_equal(r.entries[1].tunnel_endpoint, "172.18.0.3");
	assert_int_equal(f->d.n, 0);
}

static void
test_bpf_json(void **state)
{
	static const char text[] =
	    "{\n"
	    "  \"10.0.1.184/32\": [\n"
	    "    \"identity=24121 encryptkey=0 tunnelendpoint=0.0.0.0 flags=<none>\"\n"
	    "  ],\n"
	    "  \"10.0.2.0/24\": [\n"
	    "    \"identity=6 encryptkey=0 tunnelendpoint=172.18.0.3 flags=hastunnel\"\n"
	    "  ],\n"
	    "  \"10.0.3.0/24\": [\n"
	    "    \"identity=x\"\n"
	    "  ]\n"
	    "}\n";
	struct sm_fx *f = *state;

	assert_int_equal(parse(f, "j.md", text), 0);
	assert_int_equal(r.format, IPCACHE_BPF_LIST);
	assert_int_equal(r.nentries, 2);
	assert_int_equal(r.entries[0].line, 2);
	assert_int_equal(r.entries[1].line, 5);
	assert_int_equal(r.entries[1].identity, 6);
	assert_int_equal(f->d.n, 1);
	assert_int_equal(f->d.v[0].line, 8);
}

static void
test_ip_list_json(void **state)
{
	static const char text[] =
	    "# cilium-dbg ip list -n -o json\n"
	    "\n"
	    "```\n"
	    "[\n"
	    "  {\n"
	    "    \"cidr\": \"0.0.0.0/0\",\n"
	    "    \"identity\": 2,\n"
	    "    \"metadata\": {\n"
	    "      \"source\": \"generated\"\n"
	    "    }\n"
	    "  },\n"
	    "  {\n"
	    "    \"cidr\": \"10.0.1.184/32\",\n"
	    "    \"encryptKey\": 3,\n"
	    "    \"hostIP\": \"172.18.0.2\",\n"
	    "    \"identity\": 24121,\n"
	    "    \"metadata\": {\n"
	    "      \"name\": \"coredns-54558b56c7-tsmph\",\n"
	    "      \"namespace\": \"kube-system\",\n"
	    "      \"source\": \"custom-resource\"\n"
	    "    }\n"
	    "  },\n"
	    "  {\"identity\": 5},\n"
	    "  {\"cidr\": \"10.0.9.9/33\", \"identity\": 5}\n"
	    "]\n"
	    "```\n";
	struct sm_fx *f = *state;
	const struct ipcache_entry *e;

	assert_int_equal(parse(f, "ip.md", text), 0);
	assert_int_equal(r.format, IPCACHE_IP_LIST_JSON);
	assert_int_equal(r.nentries, 2);
	e = &r.entries[0];
	assert_int_equal(e->line, 5);
	assert_int_equal(e->identity, 2);
	assert_string_equal(e->source, "generated");
	assert_null(e->host_ip);
	assert_false(e->has_encrypt_key);
	e = &r.entries[1];
	assert_int_equal(e->line, 12);
	assert_int_equal(e->identity, 24121);
	assert_string_equal(e->host_ip, "172.18.0.2");
	assert_int_equal(e->encrypt_key, 3);
	assert_string_equal(e->namespace, "kube-system");
	assert_string_equal(e->pod_name, "coredns-54558b56c7-tsmph");
	assert_string_equal(e->source, "custom-resource");
	assert_int_equal(f->d.n, 2);
	assert_int_equal(f->d.v[0].line, 23);
	assert_string_equal(f->d.v[0].text,
	    "cannot parse ip list entry 2: no cidr");
	assert_int_equal(f->d.v[1].line, 24);
	assert_string_equal(f->d.v[1].text,
	    "cannot parse ipcache entry: bad prefix '10.0.9.9/33'");
}

static void
test_ip_list_json_broken(void **state)
{
	static const char text[] =
	    "[\n"
	    "  {\n"
	    "    \"cidr\": \"0.0.0.0/0\",\n"
	    "    \"identity\": 2,\n";
	struct sm_fx *f = *state;

	assert_int_equal(parse(f, "cut.md", text), -1);
	assert_int_equal(f->d.n, 1);
	assert_int_equal(f->d.v[0].severity, DIAG_ERROR);
	assert_string_equal(f->d.v[0].path, "cut.md");
	assert_non_null(strstr(f->d.v[0].text, "cannot parse JSON: "));
}

/* ip list without -n: names and labels with continuation lines. */
static void
test_ip_list_text_labels(void **state)
{
	static const char text[] =
	    "$ cilium ip list\n"
	    "IP                              IDENTITY                                          SOURCE\n"
	    "0.0.0.0/0                       world                                             \n"
	    "::/0                            world                                             \n"
	    "10.0.2.15/32                    host                                              \n"
	    "10.11.0.78/32                   k8s:io.cilium.k8s.policy.cluster=default          k8s\n"
	    "                                k8s:k8s-app=kube-dns                              \n"
	    "                                k8s:io.kubernetes.pod.namespace=kube-system       \n"
	    "10.11.0.116/32                  health                                            \n"
	    "10.11.0.117/32                  reserved:remote-node                              \n"
	    "10.29.2.92/32                   51185                                             k8s\n";
	struct sm_fx *f = *state;
	const struct ipcache_entry *e;

	assert_int_equal(parse(f, "iplist.txt", text), 0);
	assert_int_equal(f->d.n, 0);
	assert_int_equal(r.format, IPCACHE_IP_LIST_TEXT);
	assert_int_equal(r.nentries, 7);
	e = &r.entries[0];
	assert_true(e->has_identity);
	assert_int_equal(e->identity, 2);
	assert_int_equal(e->nlabels, 1);
	assert_string_equal(e->labels[0], "reserved:world");
	assert_null(e->source);
	assert_int_equal(r.entries[1].family, 6);
	assert_int_equal(r.entries[1].prefix_len, 0);
	assert_int_equal(r.entries[2].identity, 1);
	e = &r.entries[3];
	assert_int_equal(e->line, 6);
	assert_false(e->has_identity);
	assert_int_equal(e->nlabels, 3);
	assert_string_equal(e->labels[1], "k8s:k8s-app=kube-dns");
	assert_string_equal(e->source, "k8s");
	assert_int_equal(r.entries[4].identity, 4);
	e = &r.entries[5];
	assert_int_equal(e->identity, 6);
	assert_string_equal(e->labels[0], "reserved:remote-node");
	e = &r.entries[6];
	assert_int_equal(e->identity, 51185);
	assert_int_equal(e->nlabels, 0);
}

static void
test_ip_list_text_verbose(void **state)
{
	static const char text[] =
	    "IP             IDENTITY   SOURCE            HOST         ENCRYPT_KEY\n"
	    "10.0.0.12/32   4          custom-resource   10.0.0.3     0\n"
	    "10.0.1.5/32    51185      k8s               172.18.0.4   3\n"
	    "10.0.1.6/3x    51185      k8s               172.18.0.4   3\n";
	struct sm_fx *f = *state;

	assert_int_equal(parse(f, "v.md", text), 0);
	assert_int_equal(r.nentries, 2);
	assert_string_equal(r.entries[0].host_ip, "10.0.0.3");
	assert_string_equal(r.entries[0].source, "custom-resource");
	assert_int_equal(r.entries[1].encrypt_key, 3);
	assert_int_equal(f->d.n, 1);
	assert_int_equal(f->d.v[0].line, 4);
	assert_string_equal(f->d.v[0].text,
	    "cannot parse ipcache entry: bad prefix '10.0.1.6/3x'");
}

static void
test_empty_and_errors(void **state)
{
	static const char failed[] =
	    "Error: cannot open map\n"
	    "> Error while running 'cilium-dbg bpf ipcache list':  exit status 1\n";
	static const char bad[] =
	    "IP PREFIX/ADDRESS   IDENTITY\n"
	    "10.0.1.184/32       identity=24121 encryptkey=0 tunnelendpoint=0.0.0.0\n"
	    "10.0.1.185/32       identity=abc encryptkey=0\n"
	    "10.0.1.186/32       something else\n"
	    "10.0.1.18";
	struct sm_fx *f = *state;

	assert_int_equal(parse(f, "empty.md", "No entries found.\n"), 0);
	assert_int_equal(r.nentries, 0);
	assert_int_equal(parse(f, "null.md", "null\n"), 0);
	assert_int_equal(f->d.n, 0);

	assert_int_equal(parse(f, "failed.md", failed), -1);
	assert_int_equal(f->d.n, 1);
	assert_int_equal(f->d.v[0].line, 2);
	assert_string_equal(f->d.v[0].text, "command failed: exit status 1");

	diag_list_release(&f->d);
	diag_list_init(&f->d);
	assert_int_equal(parse(f, "bad.md", bad), 0);
	assert_int_equal(r.nentries, 1);
	assert_int_equal(f->d.n, 3);
	assert_int_equal(f->d.v[0].line, 3);
	assert_int_equal(f->d.v[1].line, 4);
	/* The cut last row has no value. */
	assert_int_equal(f->d.v[2].line, 5);
	assert_string_equal(f->d.v[2].text,
	    "cannot parse ipcache entry: bad value ''");

	diag_list_release(&f->d);
	diag_list_init(&f->d);
	assert_int_equal(parse(f, "junk.md", "what\n"), -1);
	assert_string_equal(f->d.v[0].text,
	    "cannot parse ipcache output: no table header");
}

/*
 * A row longer than CMDTEXT_MAX_LINE is not parsed from its cut start: it
 * is a row error, as in the other streamed parsers, and the rows after it
 * are read.
 */
static void
test_cut_row(void **state)
{
	struct sm_fx *f = *state;
	struct buf b = BUF_INIT;
	const struct diag *d;
	size_t i;

	buf_addstr(&b, "IP PREFIX/ADDRESS   IDENTITY\n10.0.1.1/32         "
	    "identity=1 encryptkey=0 tunnelendpoint=0.0.0.0 ");
	for (i = 0; i < CMDTEXT_MAX_LINE; i++)
		buf_addch(&b, 'x');
	buf_addstr(&b, "\n10.0.1.2/32         identity=2 encryptkey=0\n");
	assert_int_equal(art_ipcache_parse(sm_member_len(f, "cut.md", b.ptr,
	    b.len), f->a, f->st, &f->d, &r), 0);
	buf_release(&b);
	assert_int_equal(r.nentries, 1);
	assert_int_equal(r.entries[0].identity, 2);
	d = sm_diag_find(&f->d, "cannot parse ipcache entry: line longer than");
	sm_diag_at(d, "cut.md", 2);
}

static void
test_prefix_parse(void **state)
{
	struct ipcache_entry e;

	(void)state;
	assert_true(ipcache_prefix_parse("10.0.0.0/8", 10, &e));
	assert_int_equal(e.prefix_len, 8);
	assert_true(ipcache_prefix_parse("fd00::/64@65535", 15, &e));
	assert_int_equal(e.family, 6);
	assert_int_equal(e.cluster_id, 65535);
	assert_false(ipcache_prefix_parse("fd00::/64@65536", 15, &e));
	assert_false(ipcache_prefix_parse("fd00::/129", 10, &e));
	assert_false(ipcache_prefix_parse("/8", 2, &e));
	assert_false(ipcache_prefix_parse("10.0.0.0/", 9, &e));
	assert_false(ipcache_prefix_parse("host", 4, &e));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_bpf_flags, sm_setup,
		    sm_teardown),
		cmocka_unit_test_setup_teardown(test_bpf_older_values, sm_setup,
		    sm_teardown),
		cmocka_unit_test_setup_teardown(test_bpf_json, sm_setup,
		    sm_teardown),
		cmocka_unit_test_setup_teardown(test_ip_list_json, sm_setup,
		    sm_teardown),
		cmocka_unit_test_setup_teardown(test_ip_list_json_broken,
		    sm_setup, sm_teardown),
		cmocka_unit_test_setup_teardown(test_ip_list_text_labels,
		    sm_setup, sm_teardown),
		cmocka_unit_test_setup_teardown(test_ip_list_text_verbose,
		    sm_setup, sm_teardown),
		cmocka_unit_test_setup_teardown(test_empty_and_errors, sm_setup,
		    sm_teardown),
		cmocka_unit_test_setup_teardown(test_cut_row, sm_setup,
		    sm_teardown),
		cmocka_unit_test(test_prefix_parse),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
