/*
 * test_art_identity.c: `identity list` in the 1.x one-label-per-row
 * layout (`cilium` and `cilium-dbg` eras), the 0.x "[labels]" layout, JSON
 * with labelsSHA256, markdown wrapping and the error trailer, tables among
 * other debuginfo sections, malformed and truncated rows with their
 * diagnostics, and the numeric identity classes.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include <jansson.h>

#include "arena.h"
#include "art_identity.h"
#include "diag.h"
#include "ingest.h"
#include "intern.h"
#include "label.h"

#include "support_member.h"

static int
parse(struct sm_fx *f, const char *path, const char *text,
    struct identity_result *r)
{
	return art_identity_parse(sm_member(f, path, text), f->a, f->st, &f->d,
	    r);
}

/* cilium-dbg identity list (1.15+), as the developer docs show it. */
static const char dbg_list[] =
    "ID         LABELS\n"
    "1          reserved:host\n"
    "2          reserved:world\n"
    "4          reserved:health\n"
    "6          reserved:remote-node\n"
    "323        k8s:class=xwing\n"
    "           k8s:io.cilium.k8s.policy.cluster=default\n"
    "           k8s:io.kubernetes.pod.namespace=default\n"
    "           k8s:org=alliance\n"
    "...\n"
    "16777217   fqdn:*\n"
    "           reserved:world\n"
    "16777218   cidr:104.198.14.52/32\n"
    "           cidr:fd00::/64\n";

static void
test_dbg_era(void **state)
{
	struct sm_fx *f = *state;
	struct identity_result r;
	const struct identity_record *x;

	assert_int_equal(parse(f, "cmd/cilium-dbg-identity-list.md", dbg_list,
	    &r), 0);
	assert_int_equal(f->d.n, 0);
	assert_false(r.json);
	assert_string_equal(r.path, "cmd/cilium-dbg-identity-list.md");
	assert_int_equal(r.n, 7);
	assert_int_equal(r.v[0].id, 1);
	assert_int_equal(r.v[0].line, 2);
	assert_int_equal(r.v[0].nlabel_text, 1);
	assert_string_equal(r.v[0].label_text[0], "reserved:host");
	assert_true(labelset_has(&r.v[0].labels, "reserved", "host"));
	x = &r.v[4];
	assert_int_equal(x->id, 323);
	assert_int_equal(x->line, 6);
	assert_int_equal(x->nlabel_text, 4);
	assert_string_equal(x->label_text[3], "k8s:org=alliance");
	assert_string_equal(labelset_get(&x->labels, "k8s", "class"), "xwing");
	assert_string_equal(labelset_get(&x->labels, "any",
	    "io.kubernetes.pod.namespace"), "default");
	assert_null(x->labels_sha256);
	x = &r.v[5];
	assert_int_equal(x->id, 16777217);
	assert_int_equal(x->line, 11);
	assert_true(identity_is_local(x->id));
	assert_string_equal(labelset_get(&x->labels, "fqdn", "*"), "");
	x = &r.v[6];
	assert_string_equal(labelset_get(&x->labels, "cidr", "fd00::/64"), "");
	assert_string_equal(labelset_get(&x->labels, "cidr",
	    "104.198.14.52/32"), "");
}

/* cilium identity list (1.0-1.14), bugtool markdown and a failed run. */
static const char cilium_md[] =
    "# cilium identity list\n"
    "\n"
    "```\n"
    "ID      LABELS\n"
    "1       reserved:host\n"
    "5       reserved:init\n"
    "48213   k8s:app=web\n"
    "        k8s:io.kubernetes.pod.namespace=shop\n"
    "```\n"
    "> Error while running 'cilium identity list':  context deadline "
    "exceeded\n";

static void
test_cilium_era_markdown(void **state)
{
	struct sm_fx *f = *state;
	struct identity_result r;
	const struct diag *x;

	assert_int_equal(parse(f, "cmd/cilium-identity-list.md", cilium_md, &r),
	    0);
	assert_int_equal(r.n, 3);
	assert_int_equal(r.v[2].id, 48213);
	assert_int_equal(r.v[2].line, 7);
	assert_int_equal(r.v[2].nlabel_text, 2);
	assert_string_equal(r.cmd_error, "context deadline exceeded");
	x = sm_diag_find(&f->d, "command failed: context deadline exceeded");
	sm_diag_at(x, "cmd/cilium-identity-list.md", 10);
	assert_int_equal(f->d.n, 1);
}

/* 0.x: Go slice notation, all labels on the identity's row. */
static const char old_list[] =
    "$ cilium identity list\n"
    "ID      LABELS\n"
    "4       [reserved:health]\n"
    "3       [reserved:cluster]\n"
    "263     [k8s:id=app1 k8s:io.kubernetes.pod.namespace=default]\n"
    "12536   [container:id.bar]\n"
    "\n"
    "$ sudo cilium bpf policy get 38939\n"
    "LABELS (source:key[=value])   PORT/PROTO   ACTION    BYTES   PACKETS\n"
    "reserved:host                 ANY          allowed   0       0\n";

static void
test_old_brackets(void **state)
{
	struct sm_fx *f = *state;
	struct identity_result r;

	assert_int_equal(parse(f, "issue.txt", old_list, &r), 0);
	assert_int_equal(f->d.n, 0);
	assert_int_equal(r.n, 4);
	assert_int_equal(r.v[0].id, 4);
	assert_string_equal(r.v[0].label_text[0], "reserved:health");
	assert_int_equal(r.v[2].id, 263);
	assert_int_equal(r.v[2].line, 5);
	assert_int_equal(r.v[2].nlabel_text, 2);
	assert_string_equal(r.v[2].label_text[1],
	    "k8s:io.kubernetes.pod.namespace=default");
	assert_string_equal(labelset_get(&r.v[2].labels, "k8s", "id"), "app1");
	assert_string_equal(labelset_get(&r.v[3].labels, "container",
	    "id.bar"), "");
}

/* identity list -o json. */
static const char json_list[] =
    "[\n"
    "  {\n"
    "    \"id\": 1,\n"
    "    \"labels\": [\n"
    "      \"reserved:host\"\n"
    "    ]\n"
    "  },\n"
    "  {\n"
    "    \"id\": 48213,\n"
    "    \"labels\": [\n"
    "      \"k8s:app=web\",\n"
    "      \"k8s:io.kubernetes.pod.namespace=shop\"\n"
    "    ],\n"
    "    \"labelsSHA256\": \"5f4dcc3b5aa765d61d8327deb882cf99\"\n"
    "  },\n"
    "  {\n"
    "    \"labels\": [\"k8s:no=id\"]\n"
    "  }\n"
    "]\n";

static void
test_json(void **state)
{
	struct sm_fx *f = *state;
	struct identity_result r;
	const struct diag *x;

	assert_int_equal(parse(f, "cmd/cilium-dbg-identity-list--o-json.md",
	    json_list, &r), 0);
	assert_true(r.json);
	assert_int_equal(r.n, 2);
	assert_int_equal(r.v[0].id, 1);
	assert_int_equal(r.v[0].line, 2);
	assert_int_equal(r.v[1].id, 48213);
	assert_int_equal(r.v[1].line, 8);
	assert_int_equal(r.v[1].nlabel_text, 2);
	assert_string_equal(r.v[1].labels_sha256,
	    "5f4dcc3b5aa765d61d8327deb882cf99");
	assert_string_equal(labelset_get(&r.v[1].labels, "k8s", "app"),
	    "web");
	x = sm_diag_find(&f->d, "not an Identity object");
	assert_int_equal(x->line, 16);
	assert_int_equal(f->d.n, 1);
}

static void
test_json_single_and_broken(void **state)
{
	struct sm_fx *f = *state;
	struct identity_result r;
	struct identity_record rec;
	json_error_t je;
	json_t *j;

	assert_int_equal(parse(f, "get.json", "\n{\"id\": 7, \"labels\": "
	    "[\"reserved:kube-apiserver\"]}\n", &r), 0);
	assert_int_equal(r.n, 1);
	assert_int_equal(r.v[0].line, 2);
	assert_int_equal(parse(f, "bad.json", "[\n  {\"id\": 1,\n", &r), -1);
	assert_int_equal(sm_diag_find(&f->d, "cannot parse JSON")->line, 3);
	assert_int_equal(parse(f, "str.json", "{\"a\": 1}\n", &r), -1);
	sm_diag_find(&f->d, "JSON is not an identity");
	/* endpoint get output is no identity list. */
	assert_int_equal(parse(f, "ep.json", "[{\"id\": 482, \"spec\": {}, "
	    "\"status\": {\"state\": \"ready\"}}]\n", &r), -1);
	assert_int_equal(sm_diag_find(&f->d, "not an Identity object")->line,
	    1);
	j = json_loads("{\"id\": 4294967296}", 0, &je);
	assert_int_equal(art_identity_from_json(j, 1, f->a, f->st, &rec), -1);
	json_decref(j);
	j = json_loads("{\"id\": 482, \"status\": {}}", 0, &je);
	assert_int_equal(art_identity_from_json(j, 1, f->a, f->st, &rec), -1);
	json_decref(j);
	j = json_loads("{\"id\": 256}", 0, &je);
	assert_int_equal(art_identity_from_json(j, 9, f->a, f->st, &rec), 0);
	json_decref(j);
	assert_int_equal(rec.id, 256);
	assert_int_equal(rec.line, 9);
	assert_int_equal(rec.nlabel_text, 0);
	assert_null(rec.label_text);
}

/* debuginfo markdown: the "Identity get" table among other sections. */
static const char debuginfo_md[] =
    "#### BPF Policy Get 482\n"
    "\n"
    "```\n"
    "POLICY   DIRECTION   IDENTITY   PORT/PROTO   PROXY PORT   BYTES\n"
    "Allow    Ingress     0          ANY          NONE         -\n"
    "```\n"
    "\n"
    "#### Identity get 24121\n"
    "\n"
    "```\n"
    "ID      LABELS\n"
    "24121   k8s:io.cilium.k8s.policy.cluster=default\n"
    "        k8s:k8s-app=kube-dns\n"
    "\n"
    "```\n"
    "\n"
    "#### Endpoint Health 482\n"
    "\n"
    "```\n"
    "Overall Health:   OK\n"
    "```\n";

static void
test_debuginfo_section(void **state)
{
	struct sm_fx *f = *state;
	struct identity_result r;

	assert_int_equal(parse(f, "cmd/cilium-debuginfo-20250803.md",
	    debuginfo_md, &r), 0);
	assert_int_equal(f->d.n, 0);
	assert_int_equal(r.n, 1);
	assert_int_equal(r.v[0].id, 24121);
	assert_int_equal(r.v[0].line, 12);
	assert_int_equal(r.v[0].nlabel_text, 2);
}

/* Rows that cannot be read, and a table cut after an id. */
static const char malformed[] =
    "ID      LABELS\n"
    "        k8s:orphan=1\n"
    "100     k8s:a=b\n"
    "        k8s:two labels\n"
    "101     k8s:c=d extra\n"
    "102\n";

static void
test_malformed_truncated(void **state)
{
	struct sm_fx *f = *state;
	struct identity_result r;
	const struct diag *x;

	assert_int_equal(parse(f, "cmd/cilium-identity-list.md", malformed, &r),
	    0);
	assert_int_equal(r.n, 3);
	assert_int_equal(r.v[0].id, 100);
	assert_int_equal(r.v[0].nlabel_text, 1);
	assert_int_equal(r.v[1].id, 101);
	assert_int_equal(r.v[1].nlabel_text, 0);
	assert_int_equal(r.v[2].id, 102);
	assert_int_equal(r.v[2].line, 6);
	assert_int_equal(r.v[2].nlabel_text, 0);
	x = sm_diag_find(&f->d, "labels without an identity");
	sm_diag_at(x, "cmd/cilium-identity-list.md", 2);
	x = sm_diag_find(&f->d, "expected one label, got 'k8s:two labels'");
	assert_int_equal(x->line, 4);
	x = sm_diag_find(&f->d, "labels cell 'k8s:c=d extra' holds blanks");
	assert_int_equal(x->line, 5);
	assert_int_equal(f->d.n, 3);
}

static void
test_nothing(void **state)
{
	struct sm_fx *f = *state;
	struct identity_result r;
	const struct diag *x;

	assert_int_equal(parse(f, "empty.md", "", &r), -1);
	x = sm_diag_find(&f->d, "no 'ID LABELS' table");
	assert_string_equal(x->path, "empty.md");
	assert_int_equal(parse(f, "err.md", "> Error while running 'cilium-dbg "
	    "identity list':  exit status 1\n", &r), -1);
	assert_string_equal(r.cmd_error, "exit status 1");
	sm_diag_find(&f->d, "command failed: exit status 1");
	/* An empty table is a valid listing. */
	assert_int_equal(parse(f, "hdr.md", "ID   LABELS\n", &r), 0);
	assert_int_equal(r.n, 0);
}

static void
test_classes(void **state)
{
	(void)state;
	assert_string_equal(identity_reserved_name(0), "unknown");
	assert_string_equal(identity_reserved_name(1), "host");
	assert_string_equal(identity_reserved_name(2), "world");
	assert_string_equal(identity_reserved_name(3), "unmanaged");
	assert_string_equal(identity_reserved_name(4), "health");
	assert_string_equal(identity_reserved_name(5), "init");
	assert_string_equal(identity_reserved_name(6), "remote-node");
	assert_string_equal(identity_reserved_name(7), "kube-apiserver");
	assert_string_equal(identity_reserved_name(8), "ingress");
	assert_string_equal(identity_reserved_name(9), "world-ipv4");
	assert_string_equal(identity_reserved_name(10), "world-ipv6");
	assert_string_equal(identity_reserved_name(11), "encrypted-overlay");
	assert_null(identity_reserved_name(12));
	assert_null(identity_reserved_name(256));

	assert_int_equal(identity_classify(2), IDENTITY_CLASS_RESERVED);
	assert_int_equal(identity_classify(129), IDENTITY_CLASS_USER_RESERVED);
	assert_int_equal(identity_classify(256), IDENTITY_CLASS_CLUSTER);
	assert_int_equal(identity_classify(48213), IDENTITY_CLASS_CLUSTER);
	assert_int_equal(identity_classify(16777217), IDENTITY_CLASS_LOCAL);
	assert_int_equal(identity_classify(33554433),
	    IDENTITY_CLASS_REMOTE_NODE);
	assert_int_equal(identity_classify(0x05000001), IDENTITY_CLASS_OTHER);
	assert_string_equal(identity_class_name(IDENTITY_CLASS_LOCAL),
	    "local");
	assert_string_equal(identity_class_name(IDENTITY_CLASS_USER_RESERVED),
	    "user-reserved");

	assert_true(identity_is_reserved(0));
	assert_true(identity_is_reserved(255));
	assert_false(identity_is_reserved(256));
	assert_false(identity_is_cluster_scoped(255));
	assert_true(identity_is_cluster_scoped(256));
	assert_false(identity_is_cluster_scoped(16777216));
	assert_true(identity_is_local(16777216));
	assert_false(identity_is_local(65535));
	/* ClusterMesh: cluster 3, local id 1234. */
	assert_int_equal(identity_cluster_id((3u << 16) | 1234), 3);
	assert_int_equal(identity_cluster_id(48213), 0);
	assert_int_equal(identity_cluster_id(16777217), 0);
}

static void
test_labels_build(void **state)
{
	struct sm_fx *f = *state;
	static const char *const v[] = {
		"k8s:app=web", "reserved:host", "k8s:app=web", "plain",
	};
	const char **text;
	struct labelset ls;
	size_t n;

	art_identity_labels_build(f->a, f->st, v, 4, &text, &n, &ls);
	assert_int_equal(n, 4);
	assert_ptr_equal(text[0], text[2]);
	/* The parsed set drops exact duplicates. */
	assert_int_equal(ls.n, 3);
	assert_string_equal(labelset_get(&ls, "any", "plain"), "");
	art_identity_labels_build(f->a, f->st, NULL, 0, &text, &n, &ls);
	assert_null(text);
	assert_int_equal(n, 0);
	assert_int_equal(ls.n, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, sm_setup, sm_teardown)
		T(test_dbg_era),
		T(test_cilium_era_markdown),
		T(test_old_brackets),
		T(test_json),
		T(test_json_single_and_broken),
		T(test_debuginfo_section),
		T(test_malformed_truncated),
		T(test_nothing),
		T(test_classes),
		T(test_labels_build),
#undef T
	};

	return cmocka_run_group_tests_name("art_identity", tests, NULL, NULL);
}
