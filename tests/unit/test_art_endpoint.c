/*
 * test_art_endpoint.c: `endpoint list` tables of every era (0.x single
 * POLICY column, 1.0-1.14 `cilium`, 1.15+ `cilium-dbg` with empty IPv6
 * cells), markdown wrapping and the bugtool error trailer, shifted and
 * truncated tables, malformed rows with their diagnostics, and the
 * models.Endpoint JSON (list, get, debuginfo, pre-1.0 flat objects).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include <jansson.h>

#include "arena.h"
#include "art_endpoint.h"
#include "diag.h"
#include "ingest.h"
#include "intern.h"
#include "label.h"

#include "support_member.h"

static int
parse(struct sm_fx *f, const char *path, const char *text,
    struct endpoint_result *r)
{
	return art_endpoint_parse(sm_member(f, path, text), f->a, f->st, &f->d,
	    r);
}

static const struct endpoint_record *
ep_find(const struct endpoint_result *r, uint32_t id)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		if (r->v[i].id == id)
			return &r->v[i];
	fail_msg("no endpoint %u", id);
	return NULL;
}

/* cilium-dbg endpoint list, 1.15+ (debuginfo excerpt style): no IPv6. */
static const char dbg_list[] =
    "ENDPOINT   POLICY (ingress)   POLICY (egress)   IDENTITY   LABELS "
    "(source:key[=value])                                          IPv6   "
    "IPv4         STATUS   \n"
    "           ENFORCEMENT        ENFORCEMENT                            "
    "                                                                   "
    "               \n"
    "482        Disabled           Disabled          24121      k8s:io.ci"
    "lium.k8s.namespace.labels.kubernetes.io/metadata.name=kube-system   "
    "       10.0.1.184   ready   \n"
    "                                                           k8s:io.ci"
    "lium.k8s.policy.cluster=default                                      "
    "                        \n"
    "                                                           k8s:io.ku"
    "bernetes.pod.namespace=kube-system                                   "
    "                        \n"
    "                                                           k8s:k8s-a"
    "pp=kube-dns                                                          "
    "                        \n"
    "3788       Disabled           Disabled          1          k8s:node-"
    "role.kubernetes.io/worker                                            "
    "            ready   \n"
    "                                                           reserved:"
    "host                                                                 "
    "                        \n"
    "3911       Enabled            Disabled          4          reserved:"
    "health                                                               "
    "10.0.1.237   regenerating   \n";

static void
test_dbg_era(void **state)
{
	struct sm_fx *f = *state;
	struct endpoint_result r;
	const struct endpoint_record *e;

	assert_int_equal(parse(f, "cmd/cilium-dbg-endpoint-list.md", dbg_list,
	    &r), 0);
	assert_int_equal(f->d.n, 0);
	assert_false(r.json);
	assert_string_equal(r.path, "cmd/cilium-dbg-endpoint-list.md");
	assert_int_equal(r.n, 3);
	e = &r.v[0];
	assert_int_equal(e->id, 482);
	assert_int_equal(e->line, 3);
	assert_true(e->has_identity);
	assert_int_equal(e->identity, 24121);
	assert_int_equal(e->ingress, ENDPOINT_POLICY_DISABLED);
	assert_int_equal(e->egress, ENDPOINT_POLICY_DISABLED);
	assert_string_equal(e->ipv4, "10.0.1.184");
	assert_null(e->ipv6);
	assert_string_equal(e->state, "ready");
	assert_int_equal(e->nlabel_text, 4);
	assert_string_equal(e->label_text[0], "k8s:io.cilium.k8s.namespace."
	    "labels.kubernetes.io/metadata.name=kube-system");
	assert_string_equal(e->label_text[3], "k8s:k8s-app=kube-dns");
	/* Interned: equal strings are equal pointers. */
	assert_ptr_equal(e->label_text[3], intern(f->st,
	    "k8s:k8s-app=kube-dns"));
	assert_int_equal(e->labels.n, 4);
	assert_string_equal(labelset_get(&e->labels, "k8s",
	    "io.kubernetes.pod.namespace"), "kube-system");
	assert_string_equal(labelset_get(&e->labels, "k8s", "k8s-app"),
	    "kube-dns");
	assert_int_equal(e->connected, -1);
	assert_null(e->pod_name);

	e = &r.v[1];
	assert_int_equal(e->id, 3788);
	assert_int_equal(e->line, 7);
	assert_int_equal(e->identity, 1);
	assert_null(e->ipv4);
	assert_int_equal(e->nlabel_text, 2);
	assert_true(labelset_has(&e->labels, "reserved", "host"));
	assert_string_equal(labelset_get(&e->labels, "k8s",
	    "node-role.kubernetes.io/worker"), "");

	e = &r.v[2];
	assert_int_equal(e->id, 3911);
	assert_int_equal(e->ingress, ENDPOINT_POLICY_ENABLED);
	assert_int_equal(e->egress, ENDPOINT_POLICY_DISABLED);
	assert_string_equal(e->state, "regenerating");
	assert_string_equal(e->ipv4, "10.0.1.237");
}

/*
 * cilium endpoint list, 1.0-1.14: both addresses, audit mode, endpoints
 * without identity or labels, unknown policy and no address.
 */
static const char cilium_list[] =
    "$ kubectl -n kube-system exec cilium-1c2cz -- cilium endpoint list\n"
    "ENDPOINT   POLICY (ingress)   POLICY (egress)   IDENTITY        LABEL"
    "S (source:key[=value])                   IPv6                 IPv4  "
    "          STATUS\n"
    "           ENFORCEMENT        ENFORCEMENT\n"
    "250        Disabled           Disabled          262             k8s:i"
    "d=app2                                   f00d::a0f:0:0:fa     10.15."
    "132.130   ready\n"
    "                                                                k8s:i"
    "o.kubernetes.pod.namespace=default\n"
    "1687       Disabled (Audit)   Disabled          1               k8s:n"
    "ode-access=ssh                                                      "
    "             ready\n"
    "                                                                reser"
    "ved:host\n"
    "2001       Unknown            Unknown           <no label id>   no la"
    "bels                                     No address           No add"
    "ress      waiting-for-identity\n"
    "28950      Enabled            Disabled (Audit)  263             conta"
    "iner:id.foo                              f00d::a0f:0:0:7116   10.15."
    "51.177    not-ready\n";

static void
test_cilium_era(void **state)
{
	struct sm_fx *f = *state;
	struct endpoint_result r;
	const struct endpoint_record *e;

	assert_int_equal(parse(f, "cmd/cilium-endpoint-list.md", cilium_list,
	    &r), 0);
	assert_int_equal(f->d.n, 0);
	assert_int_equal(r.n, 4);
	e = ep_find(&r, 250);
	assert_int_equal(e->line, 4);
	assert_string_equal(e->ipv6, "f00d::a0f:0:0:fa");
	assert_string_equal(e->ipv4, "10.15.132.130");
	assert_int_equal(e->nlabel_text, 2);
	assert_string_equal(e->label_text[1],
	    "k8s:io.kubernetes.pod.namespace=default");
	e = ep_find(&r, 1687);
	assert_int_equal(e->ingress, ENDPOINT_POLICY_AUDIT);
	assert_int_equal(e->egress, ENDPOINT_POLICY_DISABLED);
	assert_null(e->ipv4);
	assert_null(e->ipv6);
	e = ep_find(&r, 2001);
	assert_int_equal(e->line, 8);
	assert_false(e->has_identity);
	assert_int_equal(e->nlabel_text, 0);
	assert_int_equal(e->labels.n, 0);
	assert_int_equal(e->ingress, ENDPOINT_POLICY_UNKNOWN);
	assert_null(e->ipv4);
	assert_null(e->ipv6);
	assert_string_equal(e->state, "waiting-for-identity");
	e = ep_find(&r, 28950);
	assert_int_equal(e->egress, ENDPOINT_POLICY_AUDIT);
	assert_string_equal(labelset_get(&e->labels, "container", "id.foo"),
	    "");
	assert_string_equal(e->state, "not-ready");
}

/*
 * A bugtool run with --enable-markdown, and a failed command's trailer.
 * CRLF line ends, as a Windows editor leaves them.
 */
static const char markdown_list[] =
    "# cilium-dbg endpoint list\r\n"
    "\r\n"
    "```\r\n"
    "ENDPOINT   POLICY (ingress)   POLICY (egress)   IDENTITY   LABELS (so"
    "urce:key[=value])   IPv6   IPv4        STATUS   \r\n"
    "           ENFORCEMENT        ENFORCEMENT                            "
    "                                          \r\n"
    "12         Enabled            Enabled           5          reserved:i"
    "nit                        10.0.0.5    ready   \r\n"
    "```\r\n"
    "> Error while running 'cilium-dbg endpoint list':  exit status 1\r\n";

static void
test_markdown_and_trailer(void **state)
{
	struct sm_fx *f = *state;
	struct endpoint_result r;
	const struct diag *x;

	assert_int_equal(parse(f, "cmd/cilium-dbg-endpoint-list.md",
	    markdown_list, &r), 0);
	assert_int_equal(r.n, 1);
	assert_int_equal(r.v[0].id, 12);
	assert_int_equal(r.v[0].line, 6);
	assert_int_equal(r.v[0].identity, 5);
	assert_int_equal(r.v[0].egress, ENDPOINT_POLICY_ENABLED);
	assert_string_equal(r.v[0].label_text[0], "reserved:init");
	assert_string_equal(r.cmd_error, "exit status 1");
	x = sm_diag_find(&f->d, "command failed: exit status 1");
	assert_int_equal(x->line, 8);
	assert_int_equal(x->severity, DIAG_WARNING);
}

/* Only the trailer: the agent was not running. */
static void
test_only_error(void **state)
{
	struct sm_fx *f = *state;
	struct endpoint_result r;
	const struct diag *x;

	assert_int_equal(parse(f, "cmd/cilium-endpoint-list.md",
	    "Error: cannot get endpoint list: Get \"http:///var/run/cilium/"
	    "cilium.sock/v1/endpoint\": dial unix: connect: no such file\n"
	    "> Error while running 'cilium endpoint list':  exit status 1\n",
	    &r), -1);
	assert_int_equal(r.n, 0);
	assert_string_equal(r.cmd_error, "exit status 1");
	x = sm_diag_find(&f->d,
	    "cannot parse endpoint list: no endpoint table");
	assert_string_equal(x->path, "cmd/cilium-endpoint-list.md");
	assert_int_equal(x->severity, DIAG_ERROR);
	assert_non_null(strstr(x->text, "command failed: exit status 1"));
}

/* A CI log that lost the tab before each row: the header is shifted. */
static const char shifted_list[] =
    "cmd: \"kubectl exec -n kube-system cilium-x7k2w -- cilium endpoint "
    "list\" exitCode: 0 \n"
    " ENDPOINT   POLICY (ingress)   POLICY (egress)   IDENTITY   LABELS (s"
    "ource:key[=value])                   IPv6                   IPv4     "
    "     STATUS   \n"
    "           ENFORCEMENT        ENFORCEMENT                            "
    "                                                            \n"
    "173        Disabled           Disabled          49823      k8s:io.kub"
    "ernetes.pod.namespace=kube-system   f00d::a0a:100:0:ad     10.10.1.66"
    "    ready   \n"
    "                                                           k8s:k8s-ap"
    "p=kube-dns                                                           "
    "    \n"
    "174        Enabled            Disabled          <no label id>   no la"
    "bels   10.10.1.67    ready   \n";

static void
test_shifted_header(void **state)
{
	struct sm_fx *f = *state;
	struct endpoint_result r;
	const struct endpoint_record *e;

	assert_int_equal(parse(f, "ci.log", shifted_list, &r), 0);
	assert_int_equal(f->d.n, 0);
	assert_int_equal(r.n, 2);
	e = &r.v[0];
	assert_int_equal(e->id, 173);
	assert_int_equal(e->identity, 49823);
	assert_string_equal(e->ipv6, "f00d::a0a:100:0:ad");
	assert_string_equal(e->ipv4, "10.10.1.66");
	assert_string_equal(e->state, "ready");
	assert_int_equal(e->nlabel_text, 2);
	assert_string_equal(e->label_text[1], "k8s:k8s-app=kube-dns");
	e = &r.v[1];
	assert_int_equal(e->id, 174);
	assert_int_equal(e->line, 6);
	assert_false(e->has_identity);
	assert_int_equal(e->nlabel_text, 0);
	assert_int_equal(e->ingress, ENDPOINT_POLICY_ENABLED);
	assert_null(e->ipv6);
	assert_string_equal(e->ipv4, "10.10.1.67");
	assert_string_equal(e->state, "ready");
}

/* A paste cut in the middle of the last row. */
static const char truncated_list[] =
    "ENDPOINT   POLICY (ingress)   POLICY (egress)   IDENTITY   LABELS (so"
    "urce:key[=value])                       IPv6                 IPv4    "
    "      STATUS   \n"
    "           ENFORCEMENT        ENFORCEMENT                            "
    "                                                                     "
    "   \n"
    "11230      Enabled            Disabled          4304       k8s:app=de"
    "tails                                   f00d::a0a:0:0:2bde   10.10.0."
    "127   regenerating   \n"
    "                                                           k8s:io.kub"
    "ernetes.pod.namespace=default                                        "
    "   \n"
    "40777      Disabled           Disabled          54955      k8s:app=re"
    "views";

static void
test_truncated(void **state)
{
	struct sm_fx *f = *state;
	struct endpoint_result r;
	const struct diag *x;

	assert_int_equal(parse(f, "issue.txt", truncated_list, &r), 0);
	assert_int_equal(r.n, 2);
	assert_int_equal(r.v[0].nlabel_text, 2);
	assert_string_equal(r.v[0].state, "regenerating");
	assert_int_equal(r.v[1].id, 40777);
	assert_int_equal(r.v[1].identity, 54955);
	assert_string_equal(r.v[1].label_text[0], "k8s:app=reviews");
	assert_null(r.v[1].state);
	assert_null(r.v[1].ipv4);
	x = sm_diag_find(&f->d, "no STATUS cell");
	sm_diag_at(x, "issue.txt", 5);
	assert_int_equal(f->d.n, 1);
}

/* Rows that cannot be read: each gets a diagnostic at its line. */
static const char malformed_list[] =
    "ENDPOINT   POLICY (ingress)   POLICY (egress)   IDENTITY   LABELS (so"
    "urce:key[=value])   IPv6   IPv4        STATUS\n"
    "           ENFORCEMENT        ENFORCEMENT\n"
    "                                                           k8s:orphan"
    "=1\n"
    "100        Maybe              Disabled          300        k8s:a=b   "
    "                         10.0.0.1    ready\n"
    "                                                           k8s:dropp"
    "ed=1\n"
    "101        Disabled           Disabled          abc        k8s:c=d   "
    "                         10.0.0.2    ready\n"
    "102        Disabled           Disabled          302        k8s:e=f   "
    "                         10.0.0.3    ready\n"
    "                            junk junk junk\n";

static void
test_malformed(void **state)
{
	struct sm_fx *f = *state;
	struct endpoint_result r;
	const struct diag *x;

	assert_int_equal(parse(f, "cmd/cilium-endpoint-list.md", malformed_list,
	    &r), 0);
	assert_int_equal(r.n, 1);
	assert_int_equal(r.v[0].id, 102);
	assert_int_equal(r.v[0].line, 7);
	assert_int_equal(r.v[0].nlabel_text, 1);
	x = sm_diag_find(&f->d, "label 'k8s:orphan=1' without an endpoint");
	sm_diag_at(x, "cmd/cilium-endpoint-list.md", 3);
	x = sm_diag_find(&f->d, "bad POLICY (ingress) cell 'Maybe'");
	assert_int_equal(x->line, 4);
	x = sm_diag_find(&f->d, "bad IDENTITY cell 'abc'");
	assert_int_equal(x->line, 6);
	x = sm_diag_find(&f->d, "'junk junk junk'");
	assert_int_equal(x->line, 8);
	/* The continuation of the bad row 100 is dropped silently. */
	assert_int_equal(f->d.n, 4);
}

/* More bad rows than get their own diagnostic: the rest are summed up. */
static void
test_many_bad_rows(void **state)
{
	struct sm_fx *f = *state;
	static const char head[] =
	    "ENDPOINT   POLICY (ingress)   POLICY (egress)   IDENTITY   LABEL"
	    "S (source:key[=value])   IPv6   IPv4        STATUS\n";
	char text[4096];
	struct endpoint_result r;
	const struct diag *x;
	size_t i, len;

	len = (size_t)snprintf(text, sizeof(text), "%s", head);
	for (i = 0; i < 9; i++)
		len += (size_t)snprintf(text + len, sizeof(text) - len,
		    "%zu          Bogus              Disabled          1      "
		    "    reserved:host                   10.0.0.1    ready\n",
		    i + 1);
	assert_int_equal(parse(f, "x.md", text, &r), 0);
	assert_int_equal(r.n, 0);
	assert_int_equal(f->d.n, 6);
	x = sm_diag_find(&f->d, "cannot parse 4 more endpoint rows");
	assert_int_equal(x->line, 7);
}

/* 0.x: one POLICY ENFORCEMENT column. */
static const char old_list[] =
    "ENDPOINT   POLICY        IDENTITY   LABELS (source:key[=value])   IPv"
    "6                     IPv4          STATUS\n"
    "           ENFORCEMENT\n"
    "33115      Enabled       2323       k8s:k8s-app=kube-dns          fd0"
    "2::c0a8:210b:0:815b   10.11.220.6   ready\n"
    "                                    k8s:io.kubernetes.pod.namespace=k"
    "ube-system\n";

static void
test_old_single_policy(void **state)
{
	struct sm_fx *f = *state;
	struct endpoint_result r;

	assert_int_equal(parse(f, "old.txt", old_list, &r), 0);
	assert_int_equal(f->d.n, 0);
	assert_int_equal(r.n, 1);
	assert_int_equal(r.v[0].id, 33115);
	assert_int_equal(r.v[0].identity, 2323);
	assert_int_equal(r.v[0].ingress, ENDPOINT_POLICY_ENABLED);
	assert_int_equal(r.v[0].egress, ENDPOINT_POLICY_UNKNOWN);
	assert_string_equal(r.v[0].ipv6, "fd02::c0a8:210b:0:815b");
	assert_int_equal(r.v[0].nlabel_text, 2);
}

/* Two tables in one member (a document quoting the command twice). */
static void
test_two_tables(void **state)
{
	struct sm_fx *f = *state;
	static const char two[] =
	    "$ cilium-dbg endpoint list\n"
	    "ENDPOINT   POLICY (ingress)   POLICY (egress)   IDENTITY   LABEL"
	    "S (source:key[=value])   IPv6   IPv4        STATUS\n"
	    "1687       Disabled           Disabled          1          reser"
	    "ved:host                                    ready\n"
	    "\n"
	    "$ cilium-dbg endpoint list\n"
	    "ENDPOINT   POLICY (ingress)   POLICY (egress)   IDENTITY   LABEL"
	    "S (source:key[=value])   IPv6   IPv4        STATUS\n"
	    "1687       Enabled            Disabled          1          reser"
	    "ved:host                                    ready\n";
	struct endpoint_result r;

	assert_int_equal(parse(f, "doc.txt", two, &r), 0);
	assert_int_equal(r.n, 2);
	assert_int_equal(r.v[0].ingress, ENDPOINT_POLICY_DISABLED);
	assert_int_equal(r.v[1].ingress, ENDPOINT_POLICY_ENABLED);
	assert_int_equal(r.v[1].line, 7);
}

/* endpoint list -o json: two endpoints with every field the model has. */
static const char json_list[] =
    "[\n"
    "  {\n"
    "    \"id\": 1834,\n"
    "    \"status\": {\n"
    "      \"state\": \"ready\",\n"
    "      \"identity\": {\n"
    "        \"id\": 48213,\n"
    "        \"labels\": [\"k8s:app=web\",\n"
    "          \"k8s:io.kubernetes.pod.namespace=shop\"]\n"
    "      },\n"
    "      \"external-identifiers\": {\n"
    "        \"container-id\": \"2ee318e6e556\",\n"
    "        \"k8s-namespace\": \"shop\",\n"
    "        \"k8s-pod-name\": \"web-6c9d7\",\n"
    "        \"pod-name\": \"shop/web-6c9d7\"\n"
    "      },\n"
    "      \"networking\": {\n"
    "        \"addressing\": [{\"ipv4\": \"10.0.1.17\", \"ipv6\": "
    "\"fd00::11\"}],\n"
    "        \"interface-name\": \"lxc8a1f\", \"interface-index\": 92\n"
    "      },\n"
    "      \"policy\": {\"realized\": {\"id\": 48213, \"policy-enabled\": "
    "\"audit-ingress\", \"policy-revision\": 57},\n"
    "        \"spec\": {\"policy-enabled\": \"both\"}},\n"
    "      \"health\": {\"overallHealth\": \"Warning\", \"bpf\": \"OK\", "
    "\"policy\": \"Warning\", \"connected\": false},\n"
    "      \"namedPorts\": [{\"name\": \"http\", \"port\": 8080, "
    "\"protocol\": \"TCP\"}],\n"
    "      \"controllers\": [\n"
    "        {\"name\": \"sync-policymap-1834\", \"status\": {"
    "\"success-count\": 40, \"failure-count\": 3, "
    "\"consecutive-failure-count\": 2, \"last-failure-msg\": \"unable to "
    "update map\", \"last-failure-timestamp\": \"2025-06-01T10:12:00Z\"}},\n"
    "        {\"name\": \"resolve-identity-1834\", \"status\": {"
    "\"success-count\": 1}}\n"
    "      ],\n"
    "      \"log\": [\n"
    "        {\"code\": \"failed\", \"state\": \"ready\", \"message\": "
    "\"Error regenerating endpoint: BPF program compile failed\", "
    "\"timestamp\": \"2025-06-01T10:13:02Z\"},\n"
    "        {\"code\": \"ok\", \"state\": \"ready\", \"message\": \"fine\"}\n"
    "      ]\n"
    "    }\n"
    "  },\n"
    "  {\n"
    "    \"id\": 9,\n"
    "    \"status\": {\n"
    "      \"state\": \"waiting-for-identity\",\n"
    "      \"labels\": {\"security-relevant\": [\"k8s:app=db\"]},\n"
    "      \"external-identifiers\": {\"pod-name\": \"data/db-0\"}\n"
    "    }\n"
    "  }\n"
    "]\n";

static void
test_json_list(void **state)
{
	struct sm_fx *f = *state;
	struct endpoint_result r;
	const struct endpoint_record *e;

	assert_int_equal(parse(f, "cmd/cilium-dbg-endpoint-list--o-json.md",
	    json_list, &r), 0);
	assert_int_equal(f->d.n, 0);
	assert_true(r.json);
	assert_int_equal(r.n, 2);
	e = &r.v[0];
	assert_int_equal(e->id, 1834);
	assert_int_equal(e->line, 2);
	assert_string_equal(e->state, "ready");
	assert_true(e->has_identity);
	assert_int_equal(e->identity, 48213);
	assert_int_equal(e->nlabel_text, 2);
	assert_string_equal(labelset_get(&e->labels, "k8s", "app"), "web");
	assert_string_equal(e->pod_namespace, "shop");
	assert_string_equal(e->pod_name, "web-6c9d7");
	assert_string_equal(e->container_id, "2ee318e6e556");
	assert_string_equal(e->ipv4, "10.0.1.17");
	assert_string_equal(e->ipv6, "fd00::11");
	assert_string_equal(e->ifname, "lxc8a1f");
	assert_int_equal(e->ifindex, 92);
	assert_string_equal(e->policy_enabled, "audit-ingress");
	assert_int_equal(e->ingress, ENDPOINT_POLICY_AUDIT);
	assert_int_equal(e->egress, ENDPOINT_POLICY_DISABLED);
	assert_true(e->has_policy_revision);
	assert_int_equal(e->policy_revision, 57);
	assert_string_equal(e->health_overall, "Warning");
	assert_string_equal(e->health_bpf, "OK");
	assert_string_equal(e->health_policy, "Warning");
	assert_int_equal(e->connected, 0);
	assert_int_equal(e->nports, 1);
	assert_string_equal(e->ports[0].name, "http");
	assert_int_equal(e->ports[0].port, 8080);
	assert_string_equal(e->ports[0].protocol, "TCP");
	assert_int_equal(e->ncontrollers, 2);
	assert_string_equal(e->controllers[0].name, "sync-policymap-1834");
	assert_int_equal(e->controllers[0].success_count, 40);
	assert_int_equal(e->controllers[0].failure_count, 3);
	assert_int_equal(e->controllers[0].consecutive_failures, 2);
	assert_string_equal(e->controllers[0].last_failure_msg,
	    "unable to update map");
	assert_string_equal(e->controllers[0].last_failure_time,
	    "2025-06-01T10:12:00Z");
	assert_null(e->controllers[1].last_failure_msg);
	assert_null(e->controllers[1].last_failure_time);
	assert_int_equal(e->nfailed_log, 1);
	assert_string_equal(e->failed_log[0].code, "failed");
	assert_string_equal(e->failed_log[0].message,
	    "Error regenerating endpoint: BPF program compile failed");
	assert_string_equal(e->failed_log[0].timestamp,
	    "2025-06-01T10:13:02Z");

	e = &r.v[1];
	assert_int_equal(e->id, 9);
	assert_int_equal(e->line, 35);
	assert_false(e->has_identity);
	/* No identity yet: the security-relevant labels stand in. */
	assert_int_equal(e->nlabel_text, 1);
	assert_string_equal(e->label_text[0], "k8s:app=db");
	assert_string_equal(e->pod_namespace, "data");
	assert_string_equal(e->pod_name, "db-0");
	/* No realized policy: unknown, as endpoint_list.go prints it. */
	assert_int_equal(e->ingress, ENDPOINT_POLICY_UNKNOWN);
	assert_int_equal(e->egress, ENDPOINT_POLICY_UNKNOWN);
	assert_null(e->policy_enabled);
	assert_false(e->has_policy_revision);
	assert_int_equal(e->connected, -1);
}

/* endpoint get, wrapped in markdown, with a trailer after the JSON. */
static void
test_json_markdown(void **state)
{
	struct sm_fx *f = *state;
	static const char get[] =
	    "# cilium endpoint get 482\n"
	    "\n"
	    "```\n"
	    "[\n"
	    "  {\n"
	    "    \"id\": 482,\n"
	    "    \"status\": {\"state\": \"ready\", \"log\": [{\"code\": "
	    "\"OK\", \"message\": \"Successfully regenerated\"}]}\n"
	    "  }\n"
	    "]\n"
	    "```\n"
	    "> Error while running 'cilium endpoint get 482':  signal: "
	    "killed\n";
	struct endpoint_result r;

	assert_int_equal(parse(f, "cmd/cilium-endpoint-get-482.md", get, &r),
	    0);
	assert_true(r.json);
	assert_int_equal(r.n, 1);
	assert_int_equal(r.v[0].id, 482);
	assert_int_equal(r.v[0].line, 5);
	assert_int_equal(r.v[0].nfailed_log, 0);
	assert_string_equal(r.cmd_error, "signal: killed");
	assert_int_equal(sm_diag_find(&f->d, "command failed")->line, 11);
}

/* The debuginfo JSON: endpoints under "endpoint-list". */
static void
test_json_debuginfo(void **state)
{
	struct sm_fx *f = *state;
	static const char dbg[] =
	    "{\n"
	    "  \"cilium-version\": \"1.18.0 274205f0\",\n"
	    "  \"endpoint-list\": [\n"
	    "    {\"id\": 1, \"status\": {\"state\": \"ready\"}},\n"
	    "    {\n"
	    "      \"id\": 2,\n"
	    "      \"status\": {\"state\": \"disconnecting\"}\n"
	    "    }\n"
	    "  ],\n"
	    "  \"policy\": {\"revision\": 3}\n"
	    "}\n";
	struct endpoint_result r;

	assert_int_equal(parse(f, "cmd/cilium-debuginfo-20250601.json", dbg,
	    &r), 0);
	assert_int_equal(r.n, 2);
	assert_int_equal(r.v[0].line, 4);
	assert_int_equal(r.v[1].line, 5);
	assert_string_equal(r.v[1].state, "disconnecting");
}

/* Broken JSON: one diagnostic at the jansson line, nothing parsed. */
static void
test_json_broken(void **state)
{
	struct sm_fx *f = *state;
	static const char bad[] =
	    "# cilium-dbg endpoint list -o json\n"
	    "[\n"
	    "  {\"id\": 1,\n"
	    "   \"status\": {\"state\": \"ready\"\n"
	    "  },\n";
	struct endpoint_result r;
	const struct diag *x;

	assert_int_equal(parse(f, "ep.json", bad, &r), -1);
	assert_int_equal(r.n, 0);
	x = sm_diag_find(&f->d, "cannot parse JSON");
	assert_string_equal(x->path, "ep.json");
	/* jansson places "premature end of input" after the last line. */
	assert_int_equal(x->line, 6);
	assert_int_equal(f->d.n, 1);
}

/* Elements without an id are skipped with a diagnostic at their line. */
static void
test_json_bad_element(void **state)
{
	struct sm_fx *f = *state;
	static const char arr[] =
	    "[\n"
	    "  {\"id\": 7},\n"
	    "  {\"status\": {}},\n"
	    "  \"x\"\n"
	    "]\n";
	struct endpoint_result r;

	assert_int_equal(parse(f, "ep.json", arr, &r), 0);
	assert_int_equal(r.n, 1);
	assert_int_equal(r.v[0].id, 7);
	assert_int_equal(f->d.n, 2);
	assert_int_equal(f->d.v[0].line, 3);
	assert_int_equal(f->d.v[1].line, 4);
	assert_non_null(strstr(f->d.v[0].text, "no numeric id"));
	/* Nothing usable at all. */
	assert_int_equal(parse(f, "ids.json", "[{\"labels\": []}]\n", &r), -1);
	assert_int_equal(r.n, 0);
	assert_int_equal(f->d.n, 3);
}

/* A JSON fragment pasted before the table (issue 2184 style). */
static void
test_fragment_then_table(void **state)
{
	struct sm_fx *f = *state;
	static const char frag[] =
	    "    \"policy\": {\n"
	    "      {\n"
	    "        \"build\": 176\n"
	    "      }\n"
	    "    }\n"
	    "\n"
	    "$ cilium endpoint list\n"
	    "ENDPOINT   POLICY (ingress)   POLICY (egress)   IDENTITY   LABEL"
	    "S (source:key[=value])   IPv6   IPv4          STATUS   \n"
	    "           ENFORCEMENT        ENFORCEMENT\n"
	    "11004      Enabled            Disabled          13279      k8s:k"
	    "8s-app=kube-dns          f00d::1   10.0.54.125   ready   \n";
	struct endpoint_result r;

	assert_int_equal(parse(f, "issue.txt", frag, &r), 0);
	assert_false(r.json);
	assert_int_equal(r.n, 1);
	assert_int_equal(r.v[0].id, 11004);
	assert_int_equal(r.v[0].line, 10);
	assert_string_equal(r.v[0].ipv4, "10.0.54.125");
	assert_int_equal(f->d.n, 0);
}

static void
test_empty_and_unrelated(void **state)
{
	struct sm_fx *f = *state;
	struct endpoint_result r;

	assert_int_equal(parse(f, "empty.md", "", &r), -1);
	assert_int_equal(f->d.n, 1);
	assert_int_equal(parse(f, "other.md",
	    "ID   LABELS\n1    reserved:host\n", &r), -1);
	assert_int_equal(f->d.n, 2);
	/* A header alone is an empty listing (an agent with no endpoints). */
	assert_int_equal(parse(f, "none.md", "ENDPOINT   POLICY (ingress)   "
	    "POLICY (egress)   IDENTITY   LABELS (source:key[=value])   IPv6   "
	    "IPv4   STATUS\n", &r), 0);
	assert_int_equal(r.n, 0);
	assert_int_equal(f->d.n, 2);
	assert_int_equal(parse(f, "arr.json", "[]\n", &r), 0);
	assert_true(r.json);
	assert_int_equal(r.n, 0);
}

static void
test_from_json(void **state)
{
	struct sm_fx *f = *state;
	struct endpoint_record e;
	json_error_t je;
	json_t *j;

	assert_int_equal(art_endpoint_from_json(NULL, 3, f->a, f->st, &e), -1);
	j = json_loads("{\"id\": -4}", 0, &je);
	assert_int_equal(art_endpoint_from_json(j, 3, f->a, f->st, &e), -1);
	json_decref(j);
	/* A pre-1.0 flat object, and pod-name "ns:pod". */
	j = json_loads("{\"id\": 29898, \"state\": \"ready\", \"identity\": "
	    "{\"id\": 256, \"labels\": [\"container:id.foo\"]}, "
	    "\"addressing\": {\"ipv4\": \"10.15.242.54\"}, "
	    "\"external-identifiers\": {\"pod-name\": \"default:app1\"}}", 0,
	    &je);
	assert_non_null(j);
	assert_int_equal(art_endpoint_from_json(j, 42, f->a, f->st, &e), 0);
	json_decref(j);
	assert_int_equal(e.id, 29898);
	assert_int_equal(e.line, 42);
	assert_string_equal(e.state, "ready");
	assert_int_equal(e.identity, 256);
	assert_string_equal(e.ipv4, "10.15.242.54");
	assert_string_equal(e.pod_namespace, "default");
	assert_string_equal(e.pod_name, "app1");
	assert_string_equal(e.label_text[0], "container:id.foo");
}

static void
test_policy_modes(void **state)
{
	static const struct {
		const char			*in;
		enum endpoint_policy_mode	 ing, eg;
	} t[] = {
		{ "none", ENDPOINT_POLICY_DISABLED, ENDPOINT_POLICY_DISABLED },
		{ "ingress", ENDPOINT_POLICY_ENABLED,
		    ENDPOINT_POLICY_DISABLED },
		{ "egress", ENDPOINT_POLICY_DISABLED,
		    ENDPOINT_POLICY_ENABLED },
		{ "both", ENDPOINT_POLICY_ENABLED, ENDPOINT_POLICY_ENABLED },
		{ "audit-ingress", ENDPOINT_POLICY_AUDIT,
		    ENDPOINT_POLICY_DISABLED },
		{ "audit-egress", ENDPOINT_POLICY_DISABLED,
		    ENDPOINT_POLICY_AUDIT },
		{ "audit-both", ENDPOINT_POLICY_AUDIT, ENDPOINT_POLICY_AUDIT },
		{ "sideways", ENDPOINT_POLICY_UNKNOWN,
		    ENDPOINT_POLICY_UNKNOWN },
		{ NULL, ENDPOINT_POLICY_UNKNOWN, ENDPOINT_POLICY_UNKNOWN },
	};
	enum endpoint_policy_mode in, eg;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		endpoint_policy_from_enabled(t[i].in, &in, &eg);
		assert_int_equal(in, t[i].ing);
		assert_int_equal(eg, t[i].eg);
	}
	assert_string_equal(endpoint_policy_mode_name(ENDPOINT_POLICY_AUDIT),
	    "audit");
	assert_string_equal(endpoint_policy_mode_name(
	    ENDPOINT_POLICY_ENABLED), "enabled");
	assert_string_equal(endpoint_policy_mode_name(
	    (enum endpoint_policy_mode)99), "unknown");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, sm_setup, sm_teardown)
		T(test_dbg_era),
		T(test_cilium_era),
		T(test_markdown_and_trailer),
		T(test_only_error),
		T(test_shifted_header),
		T(test_truncated),
		T(test_malformed),
		T(test_many_bad_rows),
		T(test_old_single_policy),
		T(test_two_tables),
		T(test_json_list),
		T(test_json_markdown),
		T(test_json_debuginfo),
		T(test_json_broken),
		T(test_json_bad_element),
		T(test_fragment_then_table),
		T(test_empty_and_unrelated),
		T(test_from_json),
		T(test_policy_modes),
#undef T
	};

	return cmocka_run_group_tests_name("art_endpoint", tests, NULL, NULL);
}
