/*
 * test_policy.c: CNP, CCNP and KNP normalization (policy-semantics.md
 * B.3, B.4, C.3, E.1, F) and the agent's validation errors, with lines.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "arena.h"
#include "diag.h"
#include "intern.h"
#include "label.h"
#include "parse_yaml.h"
#include "policy.h"

static struct arena *a;
static struct strtab *st;
static struct policy_ctx ctx;

static int
setup(void **state)
{
	(void)state;
	a = arena_new();
	st = strtab_new(a);
	ctx.a = a;
	ctx.st = st;
	ctx.path = intern(st, "ciliumnetworkpolicies.yaml");
	ctx.cluster = intern(st, "default");
	ctx.local_cluster = false;
	ctx.ns_label_peers = true;
	ctx.deny_l3_validated = true;
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

struct one {
	enum policy_kind	kind;
	struct policy		p;
};

static int
take(void *c, json_t *item, unsigned long line,
    const struct json_lines *lines)
{
	struct one *o = c;

	policy_from_yaml(&ctx, o->kind, item, line, lines, &o->p);
	return 0;
}

static struct policy
parse(enum policy_kind kind, const char *yaml)
{
	struct one o;
	struct diag_list d;

	memset(&o, 0, sizeof(o));
	o.kind = kind;
	diag_list_init(&d);
	assert_int_equal(yaml_parse_string("p.yaml", yaml, strlen(yaml), NULL,
	    take, &o, &d), 0);
	assert_int_equal(d.n, 0);
	diag_list_release(&d);
	return o.p;
}

/* A pod's identity labels, as Cilium derives them (B.1). */
static struct labelset
pod(const char *ns, const char *extra1, const char *extra2)
{
	struct label v[4];
	struct labelset ls;
	char nsl[128];
	size_t n = 0;

	snprintf(nsl, sizeof(nsl), "k8s:io.kubernetes.pod.namespace=%s", ns);
	label_parse(st, nsl, "k8s", &v[n++]);
	label_parse(st, "k8s:io.cilium.k8s.policy.cluster=default", "k8s",
	    &v[n++]);
	if (extra1 != NULL)
		label_parse(st, extra1, "k8s", &v[n++]);
	if (extra2 != NULL)
		label_parse(st, extra2, "k8s", &v[n++]);
	labelset_build(a, v, n, &ls);
	return ls;
}

static const char cnp[] =
    "apiVersion: cilium.io/v2\n"
    "kind: CiliumNetworkPolicy\n"
    "metadata:\n"
    "  name: backend-ingress\n"
    "  namespace: shop\n"
    "spec:\n"
    "  endpointSelector:\n"
    "    matchLabels:\n"
    "      app: backend\n"
    "      k8s:io.kubernetes.pod.namespace: tools\n"
    "  ingress:\n"
    "  - fromEndpoints:\n"
    "    - matchLabels:\n"
    "        app: frontend\n"
    "    - {}\n"
    "    - matchLabels:\n"
    "        k8s:io.kubernetes.pod.namespace: tools\n"
    "    - matchLabels:\n"
    "        io.cilium.k8s.namespace.labels.team: a\n"
    "    - matchLabels:\n"
    "        reserved:host: \"\"\n"
    "    toPorts:\n"
    "    - ports:\n"
    "      - port: \"8080\"\n"
    "        protocol: TCP\n"
    "      - port: http-alt\n"
    "      - port: \"9000\"\n"
    "        endPort: 9010\n";

static void
test_cnp_namespace_injection(void **state)
{
	struct policy p = parse(POLICY_CNP, cnp);
	const struct policy_rule *r;
	const struct policy_elem *e;
	struct labelset shop_be = pod("shop", "k8s:app=backend", NULL);
	struct labelset tools_be = pod("tools", "k8s:app=backend", NULL);
	struct labelset shop_fe = pod("shop", "k8s:app=frontend", NULL);
	struct labelset tools_fe = pod("tools", "k8s:app=frontend", NULL);
	struct labelset team = pod("other", "k8s:io.cilium.k8s.namespace."
	    "labels.team=a", NULL);

	(void)state;
	assert_null(p.error);
	assert_string_equal(p.name, "backend-ingress");
	assert_string_equal(p.ns, "shop");
	assert_int_equal(p.nrules, 1);
	r = &p.rules[0];
	/* B.3: the k8s: namespace match is replaced by the policy's. */
	assert_true(selector_matches(&r->subject, &shop_be));
	assert_false(selector_matches(&r->subject, &tools_be));
	assert_string_equal(r->subject.text,
	    "app=backend, k8s:io.kubernetes.pod.namespace=shop");
	assert_int_equal(r->subject.line, 8);
	assert_true(r->has[DIR_INGRESS][0]);
	assert_false(r->has[DIR_EGRESS][0]);
	assert_true(policy_rule_default_deny(r, DIR_INGRESS, true));
	assert_false(policy_rule_default_deny(r, DIR_EGRESS, true));
	assert_int_equal(r->nelems, 1);
	e = &r->elems[0];
	assert_int_equal(e->line, 12);
	assert_int_equal(e->peers, PEER_ENDPOINTS);
	assert_int_equal(e->nendpoints, 5);
	/* A peer without namespace key: this namespace only. */
	assert_true(selector_matches(&e->endpoints[0], &shop_fe));
	assert_false(selector_matches(&e->endpoints[0], &tools_fe));
	assert_string_equal(e->endpoints_raw[0].text, "app=frontend");
	assert_int_equal(e->endpoints[0].line, 13);
	/* `{}`: every pod of this namespace, not every endpoint. */
	assert_true(selector_matches(&e->endpoints[1], &shop_be));
	assert_false(selector_matches(&e->endpoints[1], &tools_fe));
	/* A namespace key opts out of the injection. */
	assert_true(selector_matches(&e->endpoints[2], &tools_fe));
	/* Namespace labels select across namespaces on 1.16+. */
	assert_true(e->ns_label_peer);
	assert_true(selector_matches(&e->endpoints[3], &team));
	/* reserved: selectors are left alone. */
	assert_string_equal(e->endpoints[4].text, "reserved:host");
	assert_int_equal(e->nto_ports, 1);
	assert_int_equal(e->to_ports[0].nports, 3);
	assert_int_equal(e->to_ports[0].ports[0].port, 8080);
	assert_string_equal(e->to_ports[0].ports[0].protocol, "TCP");
	assert_string_equal(e->to_ports[0].ports[1].name, "http-alt");
	assert_string_equal(e->to_ports[0].ports[1].protocol, "ANY");
	assert_int_equal(e->to_ports[0].ports[2].end_port, 9010);
}

/*
 * AddMatch overwrites only matchLabels: a namespace In expression naming
 * another namespace stays, ANDed with the forced one, and the subject
 * selects nothing (pkg/k8s/apis/cilium.io/utils/utils.go).
 */
static void
test_subject_namespace_expression(void **state)
{
	static const char y[] =
	    "apiVersion: cilium.io/v2\n"
	    "kind: CiliumNetworkPolicy\n"
	    "metadata:\n"
	    "  name: x\n"
	    "  namespace: shop\n"
	    "spec:\n"
	    "  endpointSelector:\n"
	    "    matchExpressions:\n"
	    "    - key: k8s:io.kubernetes.pod.namespace\n"
	    "      operator: In\n"
	    "      values: [tools]\n"
	    "  ingress:\n"
	    "  - {}\n";
	struct policy p = parse(POLICY_CNP, y);
	struct labelset shop = pod("shop", "k8s:app=backend", NULL);
	struct labelset tools = pod("tools", "k8s:app=backend", NULL);

	(void)state;
	assert_null(p.error);
	assert_false(selector_matches(&p.rules[0].subject, &shop));
	assert_false(selector_matches(&p.rules[0].subject, &tools));
}

static void
test_versions_and_cluster(void **state)
{
	struct policy p;
	const struct policy_elem *e;
	struct labelset team = pod("other", "k8s:io.cilium.k8s.namespace."
	    "labels.team=a", NULL);
	struct labelset shop_fe = pod("shop", "k8s:app=frontend", NULL);
	struct label v[3];
	struct labelset remote;

	(void)state;
	/* Before 1.16 a namespace-label peer stays in its namespace. */
	ctx.ns_label_peers = false;
	p = parse(POLICY_CNP, cnp);
	e = &p.rules[0].elems[0];
	assert_false(selector_matches(&e->endpoints[3], &team));
	ctx.ns_label_peers = true;
	/* 1.19: peers only match the local cluster by default. */
	ctx.local_cluster = true;
	p = parse(POLICY_CNP, cnp);
	e = &p.rules[0].elems[0];
	assert_true(selector_matches(&e->endpoints[0], &shop_fe));
	label_parse(st, "k8s:io.kubernetes.pod.namespace=shop", "k8s", &v[0]);
	label_parse(st, "k8s:io.cilium.k8s.policy.cluster=east", "k8s", &v[1]);
	label_parse(st, "k8s:app=frontend", "k8s", &v[2]);
	labelset_build(a, v, 3, &remote);
	assert_false(selector_matches(&e->endpoints[0], &remote));
	ctx.local_cluster = false;
	p = parse(POLICY_CNP, cnp);
	e = &p.rules[0].elems[0];
	assert_true(selector_matches(&e->endpoints[0], &remote));
}

static void
test_ccnp(void **state)
{
	static const char y[] =
	    "apiVersion: cilium.io/v2\n"
	    "kind: CiliumClusterwideNetworkPolicy\n"
	    "metadata:\n"
	    "  name: allow-dns\n"
	    "specs:\n"
	    "- endpointSelector: {}\n"
	    "  egress:\n"
	    "  - toEndpoints:\n"
	    "    - {}\n"
	    "  egressDeny:\n"
	    "  - toEntities:\n"
	    "    - world\n"
	    "- nodeSelector:\n"
	    "    matchLabels:\n"
	    "      node-role: worker\n"
	    "  ingress:\n"
	    "  - fromEntities: [cluster]\n";
	struct policy p = parse(POLICY_CCNP, y);
	struct labelset any_pod = pod("tools", "k8s:app=x", NULL);
	struct label h;
	struct labelset host;

	(void)state;
	assert_null(p.error);
	assert_true(p.has_specs);
	assert_string_equal(p.ns, "");
	assert_int_equal(p.nrules, 2);
	/* No namespace on the subject: every endpoint. */
	assert_true(selector_is_wildcard(&p.rules[0].subject));
	/* Peers `{}` in a CCNP: every pod, but no reserved identity. */
	assert_true(selector_matches(&p.rules[0].elems[0].endpoints[0],
	    &any_pod));
	label_parse(st, "reserved:host", "any", &h);
	labelset_build(a, &h, 1, &host);
	assert_false(selector_matches(&p.rules[0].elems[0].endpoints[0],
	    &host));
	assert_true(p.rules[0].elems[1].deny);
	assert_string_equal(p.rules[0].elems[1].entities[0], "world");
	assert_true(p.rules[1].node_selector);
	assert_int_equal(p.rules[1].line, 13);
}

static void
test_knp(void **state)
{
	static const char y[] =
	    "apiVersion: networking.k8s.io/v1\n"
	    "kind: NetworkPolicy\n"
	    "metadata:\n"
	    "  name: db\n"
	    "  namespace: shop\n"
	    "spec:\n"
	    "  podSelector:\n"
	    "    matchLabels:\n"
	    "      app: db\n"
	    "  policyTypes: [Ingress, Egress]\n"
	    "  ingress:\n"
	    "  - from:\n"
	    "    - podSelector:\n"
	    "        matchLabels:\n"
	    "          app: backend\n"
	    "    - namespaceSelector:\n"
	    "        matchLabels:\n"
	    "          team: ops\n"
	    "      podSelector:\n"
	    "        matchLabels:\n"
	    "          app: admin\n"
	    "    - namespaceSelector: {}\n"
	    "    - ipBlock:\n"
	    "        cidr: 10.0.0.0/8\n"
	    "        except: [10.1.0.0/16]\n"
	    "    ports:\n"
	    "    - port: 5432\n"
	    "  - ports:\n"
	    "    - port: metrics\n"
	    "      protocol: UDP\n";
	struct policy p = parse(POLICY_KNP, y);
	const struct policy_rule *r;
	const struct policy_elem *e;
	struct labelset be = pod("shop", "k8s:app=backend", NULL);
	struct labelset be_other = pod("tools", "k8s:app=backend", NULL);
	struct labelset admin = pod("ops", "k8s:app=admin",
	    "k8s:io.cilium.k8s.namespace.labels.team=ops");

	(void)state;
	assert_null(p.error);
	r = &p.rules[0];
	assert_true(r->knp);
	assert_string_equal(r->subject.text,
	    "k8s:app=db, k8s:io.kubernetes.pod.namespace=shop");
	/* Ingress and Egress listed, no egress rules: egress deny-all. */
	assert_true(policy_rule_default_deny(r, DIR_INGRESS, true));
	assert_true(policy_rule_default_deny(r, DIR_EGRESS, true));
	assert_int_equal(r->nelems, 2);
	e = &r->elems[0];
	assert_int_equal(e->nendpoints, 3);
	assert_true(selector_matches(&e->endpoints[0], &be));
	assert_false(selector_matches(&e->endpoints[0], &be_other));
	assert_true(selector_matches(&e->endpoints[1], &admin));
	assert_false(selector_matches(&e->endpoints[1], &be));
	assert_string_equal(e->endpoints[2].text,
	    "k8s:io.kubernetes.pod.namespace Exists");
	assert_int_equal(e->ncidrs, 1);
	assert_string_equal(e->cidrs[0].cidr, "10.0.0.0/8");
	assert_string_equal(e->cidrs[0].except[0], "10.1.0.0/16");
	assert_int_equal(e->to_ports[0].ports[0].port, 5432);
	assert_string_equal(e->to_ports[0].ports[0].protocol, "TCP");
	/* No `from`: every peer, world included. */
	e = &r->elems[1];
	assert_int_equal(e->nentities, 1);
	assert_string_equal(e->entities[0], "all");
	assert_string_equal(e->to_ports[0].ports[0].name, "metrics");
	assert_string_equal(e->to_ports[0].ports[0].protocol, "UDP");
}

static void
test_knp_policy_types(void **state)
{
	struct policy p;

	(void)state;
	/* Only a podSelector: ingress default deny (deny-all). */
	p = parse(POLICY_KNP, "metadata: {name: d, namespace: x}\n"
	    "spec:\n  podSelector: {}\n");
	assert_true(policy_rule_default_deny(&p.rules[0], DIR_INGRESS, true));
	assert_false(policy_rule_default_deny(&p.rules[0], DIR_EGRESS, true));
	/* Egress only. */
	p = parse(POLICY_KNP, "metadata: {name: d, namespace: x}\n"
	    "spec:\n  podSelector: {}\n  policyTypes: [Egress]\n");
	assert_false(policy_rule_default_deny(&p.rules[0], DIR_INGRESS, true));
	assert_true(policy_rule_default_deny(&p.rules[0], DIR_EGRESS, true));
}

static void
test_default_deny(void **state)
{
	struct policy p;

	(void)state;
	/* A deny-only rule still switches egress to default deny. */
	p = parse(POLICY_CNP, "metadata: {name: d, namespace: x}\n"
	    "spec:\n  endpointSelector: {}\n  egressDeny:\n"
	    "  - toPorts:\n    - ports:\n      - port: \"22\"\n");
	assert_true(policy_rule_default_deny(&p.rules[0], DIR_EGRESS, true));
	/* enableDefaultDeny: false, when honoured, does not. */
	p = parse(POLICY_CNP, "metadata: {name: d, namespace: x}\n"
	    "spec:\n  endpointSelector: {}\n"
	    "  enableDefaultDeny: {egress: false}\n  egressDeny:\n"
	    "  - toEntities: [world]\n");
	assert_false(policy_rule_default_deny(&p.rules[0], DIR_EGRESS, true));
	assert_true(policy_rule_default_deny(&p.rules[0], DIR_EGRESS, false));
}

static void
check_error(enum policy_kind kind, const char *yaml, const char *want,
    unsigned long line)
{
	struct policy p = parse(kind, yaml);

	assert_non_null(p.error);
	assert_string_equal(p.error, want);
	if (p.error_line != line)
		print_message("%s: line %lu, want %lu\n", want, p.error_line,
		    line);
	assert_int_equal(p.error_line, line);
}

static void
test_errors(void **state)
{
	(void)state;
	check_error(POLICY_CNP, "metadata: {name: m, namespace: x}\n"
	    "spec:\n  endpointSelector: {}\n  ingress:\n"
	    "  - fromEndpoints: [{}]\n    fromCIDR: [10.0.0.0/8]\n",
	    "Invalid CiliumNetworkPolicy spec: Combining FromEndpoints and "
	    "FromCIDR is not supported yet", 5);
	/* Deny sections: validated from 1.17 on, accepted before. */
	check_error(POLICY_CNP, "metadata: {name: m, namespace: x}\n"
	    "spec:\n  endpointSelector: {}\n  egressDeny:\n"
	    "  - toEndpoints: [{}]\n    toCIDR: [10.0.0.0/8]\n",
	    "Invalid CiliumNetworkPolicy spec: Combining ToEndpoints and "
	    "ToCIDR is not supported yet", 5);
	ctx.deny_l3_validated = false;
	{
		struct policy p = parse(POLICY_CNP, "metadata: {name: m, "
		    "namespace: x}\nspec:\n  endpointSelector: {}\n"
		    "  egressDeny:\n  - toEndpoints: [{}]\n"
		    "    toCIDR: [10.0.0.0/8]\n");

		assert_null(p.error);
	}
	ctx.deny_l3_validated = true;
	check_error(POLICY_CNP, "metadata: {name: m, namespace: x}\n",
	    "Invalid CiliumNetworkPolicy spec(s): empty policy", 1);
	check_error(POLICY_CNP, "metadata: {name: m, namespace: x}\n"
	    "spec:\n  nodeSelector: {}\n",
	    "Invalid CiliumNetworkPolicy spec: rule cannot have NodeSelector",
	    3);
	check_error(POLICY_CCNP, "metadata: {name: m}\nspecs:\n"
	    "- endpointSelector:\n    matchExpressions:\n"
	    "    - {key: app, operator: Equal, values: [a]}\n",
	    "Invalid CiliumClusterwideNetworkPolicy specs: invalid label "
	    "selector: \"Equal\" is not a valid label selector operator", 4);
	check_error(POLICY_CNP, "metadata: {name: m, namespace: x}\n"
	    "spec:\n  endpointSelector: {}\n  ingress:\n"
	    "  - toPorts:\n    - ports: [{port: \"53\", protocol: UDP}]\n"
	    "      rules:\n        dns: [{matchPattern: \"*\"}]\n",
	    "Invalid CiliumNetworkPolicy spec: DNS rules are not allowed on "
	    "ingress", 8);
	check_error(POLICY_CNP, "metadata: {name: m, namespace: x}\n"
	    "spec:\n  endpointSelector: {}\n  egress:\n"
	    "  - toPorts:\n    - ports: [{port: \"80\", protocol: UDP}]\n"
	    "      rules:\n        http: [{method: GET}]\n",
	    "Invalid CiliumNetworkPolicy spec: L7 rules can only apply to TCP "
	    "(not UDP) except for DNS rules", 8);
	check_error(POLICY_CNP, "metadata: {name: m, namespace: x}\n"
	    "spec:\n  endpointSelector: {}\n  egress:\n"
	    "  - toCIDRSet:\n    - cidr: 10.0.0.0/16\n"
	    "      except: [192.168.0.0/24]\n",
	    "Invalid CiliumNetworkPolicy spec: allow CIDR prefix 10.0.0.0/16 "
	    "does not contain exclude CIDR prefix 192.168.0.0/24", 6);
	check_error(POLICY_CNP, "metadata: {name: m, namespace: x}\n"
	    "spec:\n  endpointSelector: {}\n  egress:\n"
	    "  - toEntities: [everywhere]\n",
	    "Invalid CiliumNetworkPolicy spec: unsupported entity: everywhere",
	    5);
	check_error(POLICY_CNP, "metadata: {name: m, namespace: x}\n"
	    "spec:\n  endpointSelector: {}\n  egress:\n"
	    "  - toPorts:\n    - ports: [{port: \"99999\"}]\n",
	    "Invalid CiliumNetworkPolicy spec: Unable to parse port: invalid "
	    "port \"99999\"", 6);
}

static void
test_knp_api_validation(void **state)
{
	(void)state;
	check_error(POLICY_KNP, "metadata: {name: k, namespace: x}\n"
	    "spec:\n  podSelector: {}\n  ingress:\n  - from:\n"
	    "    - podSelector: {matchLabels: {app: a}}\n"
	    "      ipBlock: {cidr: 0.0.0.0/0}\n",
	    "NetworkPolicy is invalid (the API server rejects it): from[0]: may "
	    "not specify both ipBlock and another peer", 6);
	check_error(POLICY_KNP, "metadata: {name: k, namespace: x}\n"
	    "spec:\n  podSelector: {}\n  ingress:\n  - from:\n    - {}\n",
	    "NetworkPolicy is invalid (the API server rejects it): from[0]: must "
	    "specify a peer", 6);
	check_error(POLICY_KNP, "metadata: {name: k, namespace: x}\n"
	    "spec:\n  podSelector: {}\n  egress:\n  - ports:\n"
	    "    - {port: http, endPort: 100}\n",
	    "NetworkPolicy is invalid (the API server rejects it): "
	    "ports[0].endPort: may not be specified when `port` is non-numeric",
	    6);
	check_error(POLICY_KNP, "metadata: {name: k, namespace: x}\n"
	    "spec:\n  podSelector: {}\n  egress:\n  - ports:\n"
	    "    - {port: 10, endPort: 1}\n",
	    "NetworkPolicy is invalid (the API server rejects it): "
	    "ports[0].endPort: must be greater than or equal to `port` (10-1)",
	    6);
	check_error(POLICY_KNP, "metadata: {name: k, namespace: x}\n"
	    "spec:\n  podSelector:\n    matchLabels:\n      app@b: x\n",
	    "NetworkPolicy is invalid (the API server rejects it): invalid label "
	    "selector: key: Invalid value: \"app@b\": must consist of "
	    "alphanumeric characters, '-', '_' or '.', and must start and end "
	    "with an alphanumeric character", 4);
	check_error(POLICY_CNP, "metadata: {name: k, namespace: x}\n"
	    "spec:\n  endpointSelector:\n    matchExpressions:\n"
	    "    - {key: app, operator: in, values: [a]}\n",
	    "Invalid CiliumNetworkPolicy spec: invalid label selector: \"in\" is "
	    "not a valid label selector operator (operators are "
	    "case-sensitive: In, NotIn, Exists, DoesNotExist)", 4);
}

static void
test_facts(void **state)
{
	struct policy p;
	const struct policy_elem *e;

	(void)state;
	/* toServices with toPorts: accepted here, judged by version later. */
	p = parse(POLICY_CNP, "metadata: {name: s, namespace: x}\n"
	    "spec:\n  endpointSelector: {}\n  egress:\n"
	    "  - toServices:\n    - k8sService: {serviceName: api, "
	    "namespace: x}\n    toPorts:\n    - ports: [{port: \"443\", "
	    "protocol: TCP}]\n  - toFQDNs: [{matchName: example.com}]\n");
	assert_null(p.error);
	e = &p.rules[0].elems[0];
	assert_int_equal(e->peers, PEER_SERVICES);
	assert_string_equal(e->services[0].name, "api");
	assert_int_equal(e->nto_ports, 1);
	e = &p.rules[0].elems[1];
	assert_int_equal(e->peers, PEER_FQDNS);
	assert_string_equal(e->fqdns[0].match_name, "example.com");
	/* An empty rule: every section empty (rejected on 1.17+). */
	p = parse(POLICY_CNP, "metadata: {name: e, namespace: x}\n"
	    "spec:\n  endpointSelector: {}\n  ingress: []\n");
	assert_null(p.error);
	assert_true(p.rules[0].key[DIR_INGRESS][0]);
	assert_false(p.rules[0].has[DIR_INGRESS][0]);
	/* Status conditions from the operator's validator. */
	p = parse(POLICY_CNP, "metadata: {name: v, namespace: x}\n"
	    "spec:\n  endpointSelector: {}\nstatus:\n  conditions:\n"
	    "  - type: Valid\n    status: \"False\"\n    message: bad\n");
	assert_int_equal(p.status_valid, 0);
	assert_string_equal(p.status_message, "bad");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cnp_namespace_injection),
		cmocka_unit_test(test_subject_namespace_expression),
		cmocka_unit_test(test_versions_and_cluster),
		cmocka_unit_test(test_ccnp),
		cmocka_unit_test(test_knp),
		cmocka_unit_test(test_knp_policy_types),
		cmocka_unit_test(test_default_deny),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_knp_api_validation),
		cmocka_unit_test(test_facts),
	};

	return cmocka_run_group_tests_name("policy", tests, setup, teardown);
}
