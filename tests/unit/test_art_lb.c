/*
 * test_art_lb.c: services from bpf lb list (1.15+ per-slot keys in map
 * order, older per-service keys with continuation lines, IPv6, internal
 * scope, L7 and dangling backends), service list tables with and without
 * ID and backend states, service list -o json and art_lb_from_json, plus
 * the other bpf lb listings, markdown and malformed rows.
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
#include "art_lb.h"
#include "diag.h"
#include "ingest.h"
#include "intern.h"

#include "support_member.h"

/* What the last parse() gave. */
static struct lb_result r;

static int
parse(struct sm_fx *f, const char *path, const char *text)
{
	return art_lb_parse(sm_member(f, path, text), f->a, f->st,
	    &f->d, &r);
}

static void
test_bpf_new(void **state)
{
	static const char text[] =
	    "SERVICE ADDRESS              BACKEND ADDRESS (REVNAT_ID) (SLOT)                                         \n"
	    "10.96.0.10:53/UDP (1)        10.0.1.184:53/UDP (2) (1)                                                  \n"
	    "10.96.0.1:443/TCP (0)        0.0.0.0:0 (1) (0) [ClusterIP, non-routable]                                \n"
	    "10.96.0.10:53/UDP (0)        0.0.0.0:0 (2) (0) [ClusterIP, non-routable]                                \n"
	    "10.96.0.10:53/UDP (2)        10.0.1.77:53/UDP (2) (2)                                                   \n"
	    "10.96.0.1:443/TCP (1)        172.18.0.3:6443/TCP (1) (1)                                                \n"
	    "[fd00::10]:80/TCP (0)        [::]:0 (5) (0) [NodePort, Local]                                           \n"
	    "[fd00::10]:80/TCP (1)        [fd00::a:1]:8080/TCP (5) (1)                                               \n"
	    "172.18.0.2:30080/TCP/i (0)   0.0.0.0:0 (6) (0) [NodePort, InternalLocal, two-scopes]                    \n"
	    "172.18.0.2:30080/TCP/i (1)   backend 7 not found                                                        \n"
	    "10.96.5.5:80/TCP (0)         0.0.0.0:0 (9) (0) [ClusterIP, l7-load-balancer] (L7LB Proxy Port: 10001)   \n";
	struct sm_fx *f = *state;
	const struct lb_service *s;

	assert_int_equal(parse(f, "cmd/cilium-dbg-bpf-lb-list.md", text), 0);
	assert_int_equal(f->d.n, 0);
	assert_int_equal(r.format, LB_BPF_LIST);
	assert_int_equal(r.nservices, 5);
	assert_int_equal(r.nbackends, 5);

	s = &r.services[0];
	assert_int_equal(s->line, 2);
	assert_string_equal(s->frontend, "10.96.0.10:53/UDP");
	assert_string_equal(s->ip, "10.96.0.10");
	assert_int_equal(s->port, 53);
	assert_string_equal(s->protocol, "UDP");
	assert_false(s->internal);
	assert_true(s->has_revnat);
	assert_int_equal(s->revnat_id, 2);
	assert_string_equal(s->type, "ClusterIP");
	assert_string_equal(s->flags, "ClusterIP, non-routable");
	assert_int_equal(s->nbackends, 2);
	/* Sorted by slot although the rows came in map order. */
	assert_string_equal(s->backends[0].ip, "10.0.1.184");
	assert_int_equal(s->backends[0].slot, 1);
	assert_int_equal(s->backends[0].line, 2);
	assert_string_equal(s->backends[1].ip, "10.0.1.77");
	assert_int_equal(s->backends[1].slot, 2);
	assert_int_equal(s->backends[1].port, 53);
	assert_string_equal(s->backends[1].protocol, "UDP");
	assert_null(s->backends[1].state);

	s = lb_find(&r, "10.96.0.1", 443, "TCP");
	assert_non_null(s);
	assert_int_equal(s->line, 3);
	assert_int_equal(s->revnat_id, 1);
	assert_int_equal(s->nbackends, 1);
	assert_int_equal(s->backends[0].port, 6443);

	s = lb_find(&r, "fd00::10", 80, NULL);
	assert_non_null(s);
	assert_string_equal(s->frontend, "[fd00::10]:80/TCP");
	assert_string_equal(s->type, "NodePort");
	assert_string_equal(s->backends[0].ip, "fd00::a:1");
	assert_int_equal(s->backends[0].port, 8080);

	s = lb_find(&r, "172.18.0.2", 30080, "TCP");
	assert_non_null(s);
	assert_true(s->internal);
	assert_string_equal(s->flags, "NodePort, InternalLocal, two-scopes");
	assert_int_equal(s->nbackends, 1);
	assert_true(s->backends[0].missing);
	assert_int_equal(s->backends[0].missing_id, 7);
	assert_null(s->backends[0].ip);

	s = lb_find(&r, "10.96.5.5", 80, "TCP");
	assert_non_null(s);
	assert_int_equal(s->revnat_id, 9);
	assert_string_equal(s->flags, "ClusterIP, l7-load-balancer");
	assert_int_equal(s->nbackends, 0);
	assert_null(lb_find(&r, "10.96.5.5", 80, "UDP"));
}

/* Before 1.15: one key per service, slots on continuation lines. */
static void
test_bpf_old(void **state)
{
	static const char text[] =
	    "SERVICE ADDRESS   BACKEND ADDRESS (REVNAT_ID) (SLOT)            \n"
	    "10.96.0.10:53     0.0.0.0:0 (2) (0) [ClusterIP, non-routable]   \n"
	    "                  10.0.1.184:53 (2) (1)                         \n"
	    "                  10.0.1.77:53 (2) (2)                          \n"
	    "10.96.0.1:443     172.18.0.3:6443 (1) (1)                       \n"
	    "                  0.0.0.0:0 (1) (0) [ClusterIP, non-routable]   \n"
	    "10.96.0.99:80     garbage                                       \n"
	    "bad-address       0.0.0.0:0 (1) (0) [ClusterIP]                 \n";
	struct sm_fx *f = *state;
	const struct lb_service *s;

	assert_int_equal(parse(f, "old.md", text), 0);
	/* 10.96.0.99:80 has no usable row but is a service all the same. */
	assert_int_equal(r.nservices, 3);
	s = &r.services[0];
	assert_string_equal(s->frontend, "10.96.0.10:53");
	assert_null(s->protocol);
	assert_int_equal(s->nbackends, 2);
	assert_int_equal(s->backends[1].line, 4);
	assert_null(s->backends[1].protocol);
	s = &r.services[1];
	assert_string_equal(s->type, "ClusterIP");
	assert_int_equal(s->nbackends, 1);
	assert_int_equal(f->d.n, 2);
	assert_int_equal(f->d.v[0].line, 7);
	assert_string_equal(f->d.v[0].text,
	    "cannot parse lb entry: bad backend 'garbage'");
	assert_int_equal(f->d.v[1].line, 8);
	assert_string_equal(f->d.v[1].text,
	    "cannot parse lb entry: bad service address 'bad-address'");
}

static void
test_bpf_other_listings(void **state)
{
	static const char revnat[] =
	    "ID   BACKEND ADDRESS (REVNAT_ID) (SLOT)   \n"
	    "1    10.96.0.1:443                        \n";
	static const char fronts[] =
	    "SERVICE ADDRESS         BACKEND ID   \n"
	    "10.96.0.1:443/TCP (1)   12           \n";
	struct sm_fx *f = *state;

	assert_int_equal(parse(f, "revnat.md", revnat), 0);
	assert_int_equal(r.nservices, 0);
	assert_int_equal(parse(f, "fronts.md", fronts), 0);
	assert_int_equal(r.nservices, 0);
	assert_int_equal(f->d.n, 0);
}

static void
test_service_list_new(void **state)
{
	static const char text[] =
	    "# cilium-dbg service list\n"
	    "\n"
	    "```\n"
	    "Frontend              Service Type         Backend                                     \n"
	    "10.96.0.1:443/TCP     ClusterIP            1 => 172.18.0.3:6443/TCP (active)           \n"
	    "10.96.0.10:53/UDP     ClusterIP            1 => 10.0.1.184:53/UDP (active)             \n"
	    "                                           2 => 10.0.1.77:53/UDP (terminating)         \n"
	    "10.96.7.7:80/TCP      ClusterIP (Remote)   1 => 10.1.0.9:80/TCP (active) (preferred)   \n"
	    "[fd00::10]:80/TCP/i   NodePort                                                         \n"
	    "```\n";
	struct sm_fx *f = *state;
	const struct lb_service *s;

	assert_int_equal(parse(f, "svc.md", text), 0);
	assert_int_equal(f->d.n, 0);
	assert_int_equal(r.format, LB_SERVICE_LIST_TEXT);
	assert_int_equal(r.nservices, 4);
	s = &r.services[0];
	assert_int_equal(s->line, 5);
	assert_false(s->has_id);
	assert_string_equal(s->type, "ClusterIP");
	assert_string_equal(s->backends[0].state, "active");
	s = &r.services[1];
	assert_int_equal(s->nbackends, 2);
	assert_int_equal(s->backends[1].slot, 2);
	assert_int_equal(s->backends[1].line, 7);
	assert_string_equal(s->backends[1].state, "terminating");
	s = &r.services[2];
	assert_true(s->remote);
	assert_string_equal(s->type, "ClusterIP");
	assert_true(s->backends[0].preferred);
	assert_string_equal(s->backends[0].state, "active");
	s = &r.services[3];
	assert_true(s->internal);
	assert_string_equal(s->ip, "fd00::10");
	assert_int_equal(s->nbackends, 0);
}

/* The docs' form (1.9 era): an ID column, no state, "[...]" elisions. */
static void
test_service_list_old(void **state)
{
	static const char text[] =
	    "ID   Frontend               Service Type   Backend\n"
	    "[...]\n"
	    "4    10.104.239.135:80      ClusterIP      1 => 10.217.0.107:80\n"
	    "                                           2 => 10.217.0.149:80\n"
	    "5    0.0.0.0:31940          NodePort       1 => 10.217.0.107:80\n"
	    "6    192.168.178.29:8080    HostPort       1 => 10.29.207.199:80\n"
	    "7    172.16.0.29:31940      NodePort       1 -> 10.217.0.107:80\n"
	    "8    172.16.0.30:31940      NodePort       1 => 10.217.0.1";
	struct sm_fx *f = *state;
	const struct lb_service *s;

	assert_int_equal(parse(f, "svc-old.md", text), 0);
	assert_int_equal(r.nservices, 5);
	s = &r.services[0];
	assert_true(s->has_id);
	assert_int_equal(s->id, 4);
	assert_null(s->protocol);
	assert_int_equal(s->nbackends, 2);
	assert_string_equal(s->backends[1].ip, "10.217.0.149");
	assert_null(s->backends[1].state);
	assert_string_equal(r.services[2].type, "HostPort");
	/* Bad backends leave the service without them. */
	assert_int_equal(r.services[3].nbackends, 0);
	assert_int_equal(r.services[4].nbackends, 0);
	assert_int_equal(f->d.n, 2);
	assert_int_equal(f->d.v[0].line, 7);
	assert_string_equal(f->d.v[0].text,
	    "cannot parse service: bad backend '1 -> 10.217.0.107:80'");
	assert_int_equal(f->d.v[1].line, 8);
}

static const char svc_json[] =
    "[\n"
    "  {\n"
    "    \"spec\": {\n"
    "      \"backend-addresses\": [\n"
    "        {\n"
    "          \"ip\": \"10.0.1.184\",\n"
    "          \"nodeName\": \"kind-worker\",\n"
    "          \"port\": 53,\n"
    "          \"protocol\": \"UDP\",\n"
    "          \"state\": \"active\",\n"
    "          \"weight\": 100,\n"
    "          \"zone\": \"eu-1a\"\n"
    "        },\n"
    "        {\"ip\": \"10.0.1.77\", \"port\": 53, \"state\": \"terminating\","
    " \"preferred\": true}\n"
    "      ],\n"
    "      \"flags\": {\n"
    "        \"extTrafficPolicy\": \"Cluster\",\n"
    "        \"intTrafficPolicy\": \"Cluster\",\n"
    "        \"name\": \"kube-dns\",\n"
    "        \"namespace\": \"kube-system\",\n"
    "        \"type\": \"ClusterIP\"\n"
    "      },\n"
    "      \"frontend-address\": {\n"
    "        \"ip\": \"10.96.0.10\",\n"
    "        \"port\": 53,\n"
    "        \"protocol\": \"UDP\",\n"
    "        \"scope\": \"external\"\n"
    "      },\n"
    "      \"id\": 2\n"
    "    },\n"
    "    \"status\": {\"realized\": {}}\n"
    "  },\n"
    "  {\n"
    "    \"status\": {\"realized\": {\"frontend-address\": {\"ip\": "
    "\"fd00::10\", \"port\": 80, \"scope\": \"internal\"}, \"flags\": "
    "{\"trafficPolicy\": \"Local\", \"type\": \"NodePort\", \"cluster\": "
    "\"c2\"}, \"backend-addresses\": [{\"ip\": \"fd00::a:1\"}]}}\n"
    "  },\n"
    "  {\"spec\": {\"id\": 9}},\n"
    "  7\n"
    "]\n";

static void
test_service_list_json(void **state)
{
	struct sm_fx *f = *state;
	const struct lb_service *s;
	const struct lb_backend *b;

	assert_int_equal(parse(f, "svc.json.md", svc_json), 0);
	assert_int_equal(r.format, LB_SERVICE_LIST_JSON);
	assert_int_equal(r.nservices, 2);
	s = &r.services[0];
	assert_int_equal(s->line, 2);
	assert_true(s->has_id);
	assert_int_equal(s->id, 2);
	assert_string_equal(s->frontend, "10.96.0.10:53/UDP");
	assert_string_equal(s->name, "kube-dns");
	assert_string_equal(s->namespace, "kube-system");
	assert_string_equal(s->type, "ClusterIP");
	assert_string_equal(s->ext_traffic_policy, "Cluster");
	assert_false(s->remote);
	assert_int_equal(s->nbackends, 2);
	b = &s->backends[0];
	assert_string_equal(b->ip, "10.0.1.184");
	assert_int_equal(b->port, 53);
	assert_string_equal(b->protocol, "UDP");
	assert_string_equal(b->state, "active");
	assert_true(b->has_weight);
	assert_int_equal(b->weight, 100);
	assert_string_equal(b->node_name, "kind-worker");
	assert_string_equal(b->zone, "eu-1a");
	assert_true(s->backends[1].preferred);
	assert_false(s->backends[1].has_weight);
	s = &r.services[1];
	assert_int_equal(s->line, 33);
	assert_true(s->internal);
	assert_string_equal(s->frontend, "[fd00::10]:80/i");
	assert_string_equal(s->ext_traffic_policy, "Local");
	assert_true(s->remote);
	assert_string_equal(s->cluster, "c2");
	assert_int_equal(s->nbackends, 1);
	assert_int_equal(f->d.n, 2);
	assert_int_equal(f->d.v[0].line, 36);
	assert_string_equal(f->d.v[0].text,
	    "cannot parse service 2: no frontend address");
	assert_int_equal(f->d.v[1].line, 37);
}

static void
test_from_json(void **state)
{
	struct sm_fx *f = *state;
	json_error_t e;
	json_t *v = json_loads(svc_json, 0, &e);

	assert_non_null(v);
	assert_int_equal(art_lb_from_json(v, "cmd/cilium-debuginfo-x.json",
	    f->a, f->st, &f->d, &r), 0);
	assert_int_equal(r.nservices, 2);
	assert_int_equal(r.services[0].line, 0);
	assert_string_equal(r.path, "cmd/cilium-debuginfo-x.json");
	assert_int_equal(f->d.n, 2);
	assert_string_equal(f->d.v[0].path, "cmd/cilium-debuginfo-x.json");
	json_decref(v);
	v = json_object();
	assert_int_equal(art_lb_from_json(v, "x.json", f->a, f->st, &f->d,
	    &r), -1);
	assert_int_equal(r.nservices, 0);
	json_decref(v);
}

static void
test_bad_inputs(void **state)
{
	struct sm_fx *f = *state;

	assert_int_equal(parse(f, "null.md", "null\n"), 0);
	assert_int_equal(parse(f, "null.json", "```\nnull\n```\n"), 0);
	assert_int_equal(f->d.n, 0);
	assert_int_equal(parse(f, "empty.json", "Defaulted container "
	    "\"cilium-agent\" out of: cilium-agent\n[]\n"), 0);
	assert_int_equal(r.nservices, 0);
	assert_int_equal(parse(f, "obj.json", "{\"a\": 1}\n"), -1);
	assert_string_equal(f->d.v[0].text,
	    "cannot parse service list: not a JSON array");
	assert_int_equal(parse(f, "cut.json", "[\n  {\"spec\": \n"), -1);
	assert_int_equal(parse(f, "text.md", "Error: cannot reach agent\n"),
	    -1);
	assert_string_equal(f->d.v[f->d.n - 1].text,
	    "cannot parse load-balancing output: no table header");
}

static void
test_addr_parse(void **state)
{
	const char *ip, *proto;
	size_t il, pl;
	uint16_t port;
	bool in;

	(void)state;
	assert_true(lb_addr_parse("10.0.0.1:80", 11, &ip, &il, &port, &proto,
	    &pl, &in));
	assert_int_equal(port, 80);
	assert_null(proto);
	assert_true(lb_addr_parse("[::]:0", 6, &ip, &il, &port, &proto, &pl,
	    &in));
	assert_int_equal(il, 2);
	assert_true(lb_addr_parse("10.0.0.1:80/ANY/i", 17, &ip, &il, &port,
	    &proto, &pl, &in));
	assert_true(in);
	assert_int_equal(pl, 3);
	assert_false(lb_addr_parse("10.0.0.1", 8, &ip, &il, &port, &proto,
	    &pl, &in));
	assert_false(lb_addr_parse("10.0.0.1:99999", 14, &ip, &il, &port,
	    &proto, &pl, &in));
	assert_false(lb_addr_parse("[fd00::1:80", 11, &ip, &il, &port,
	    &proto, &pl, &in));
	assert_false(lb_addr_parse("host:80", 7, &ip, &il, &port, &proto,
	    &pl, &in));
	assert_false(lb_addr_parse("1.2.3.4:80/TCP/UDP", 18, &ip, &il, &port,
	    &proto, &pl, &in));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_bpf_new, sm_setup,
		    sm_teardown),
		cmocka_unit_test_setup_teardown(test_bpf_old, sm_setup,
		    sm_teardown),
		cmocka_unit_test_setup_teardown(test_bpf_other_listings,
		    sm_setup, sm_teardown),
		cmocka_unit_test_setup_teardown(test_service_list_new, sm_setup,
		    sm_teardown),
		cmocka_unit_test_setup_teardown(test_service_list_old, sm_setup,
		    sm_teardown),
		cmocka_unit_test_setup_teardown(test_service_list_json,
		    sm_setup, sm_teardown),
		cmocka_unit_test_setup_teardown(test_from_json, sm_setup,
		    sm_teardown),
		cmocka_unit_test_setup_teardown(test_bad_inputs, sm_setup,
		    sm_teardown),
		cmocka_unit_test(test_addr_parse),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
