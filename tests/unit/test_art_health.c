/*
 * test_art_health.c: cilium-health status as JSON (health-endpoint with
 * secondary addresses, failing probes, the pre-1.11 "endpoint" path) and
 * as the text report (RTTs in Go durations, errors, localhost marker),
 * with markdown, error trailers and broken input.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "art_health.h"
#include "diag.h"
#include "ingest.h"
#include "intern.h"

#include "support_member.h"

/* What the last parse() gave. */
static struct health_result r;

static int
parse(struct sm_fx *f, const char *path, const char *text)
{
	return art_health_parse(sm_member(f, path, text), f->a, f->st,
	    &f->d, &r);
}

static const char health_json[] =
    "{\n"
    "  \"local\": {\n"
    "    \"name\": \"kind/kind-worker\"\n"
    "  },\n"
    "  \"nodes\": [\n"
    "    {\n"
    "      \"health-endpoint\": {\n"
    "        \"primary-address\": {\n"
    "          \"http\": {\"lastProbed\": \"2025-06-01T10:14:58Z\", \"latency\": 368579},\n"
    "          \"icmp\": {\"latency\": 315254},\n"
    "          \"ip\": \"10.244.1.17\"\n"
    "        },\n"
    "        \"secondary-addresses\": [\n"
    "          {\"ip\": \"fd00::17\", \"icmp\": {\"latency\": 5}}\n"
    "        ]\n"
    "      },\n"
    "      \"host\": {\n"
    "        \"primary-address\": {\n"
    "          \"http\": {\"latency\": 1808628},\n"
    "          \"icmp\": {\"latency\": 1009679},\n"
    "          \"ip\": \"172.18.0.3\"\n"
    "        }\n"
    "      },\n"
    "      \"name\": \"kind/kind-worker\"\n"
    "    },\n"
    "    {\n"
    "      \"health-endpoint\": {\n"
    "        \"primary-address\": {\n"
    "          \"http\": {\"status\": \"Get \\\"http://10.244.2.9:4240/hello\\\": context deadline exceeded\"},\n"
    "          \"icmp\": {\"status\": \"Connection timed out\"},\n"
    "          \"ip\": \"10.244.2.9\"\n"
    "        }\n"
    "      },\n"
    "      \"host\": {\n"
    "        \"primary-address\": {\n"
    "          \"http\": {\"latency\": 2298770},\n"
    "          \"ip\": \"172.18.0.4\"\n"
    "        }\n"
    "      },\n"
    "      \"name\": \"kind/kind-worker2\"\n"
    "    },\n"
    "    {\"name\": \"kind/kind-control-plane\"},\n"
    "    \"junk\"\n"
    "  ],\n"
    "  \"probeInterval\": \"1m0s\",\n"
    "  \"timestamp\": \"2025-06-01T10:14:58Z\"\n"
    "}\n";

static void
test_json(void **state)
{
	struct sm_fx *f = *state;
	const struct health_node *n;

	assert_int_equal(parse(f, "cmd/cilium-health-status--o-json.md",
	    health_json), 0);
	assert_true(r.json);
	assert_string_equal(r.local_name, "kind/kind-worker");
	assert_string_equal(r.timestamp, "2025-06-01T10:14:58Z");
	assert_string_equal(r.probe_interval, "1m0s");
	assert_int_equal(r.nnodes, 3);
	assert_int_equal(r.hosts_reachable, 2);
	assert_int_equal(r.endpoints_reachable, 1);

	n = &r.nodes[0];
	assert_int_equal(n->line, 6);
	assert_true(n->local);
	assert_string_equal(n->host.ip, "172.18.0.3");
	assert_true(n->host.icmp.present);
	assert_true(n->host.icmp.ok);
	assert_int_equal(n->host.icmp.latency_ns, 1009679);
	assert_int_equal(n->host.http.latency_ns, 1808628);
	assert_string_equal(n->endpoint.ip, "10.244.1.17");
	assert_string_equal(n->endpoint.http.last_probed,
	    "2025-06-01T10:14:58Z");
	assert_int_equal(n->nendpoint_secondary, 1);
	assert_string_equal(n->endpoint_secondary[0].ip, "fd00::17");
	assert_int_equal(n->nhost_secondary, 0);
	assert_true(n->host_reachable);
	assert_true(n->endpoint_reachable);

	n = health_find(&r, "kind/kind-worker2");
	assert_non_null(n);
	assert_int_equal(n->line, 26);
	assert_false(n->local);
	/* No ICMP probe reported for the host: HTTP alone decides. */
	assert_false(n->host.icmp.present);
	assert_true(n->host_reachable);
	assert_false(n->endpoint_reachable);
	assert_false(n->endpoint.icmp.ok);
	assert_string_equal(n->endpoint.icmp.error, "Connection timed out");
	assert_string_equal(n->endpoint.http.error, "Get \"http://10.244.2.9:"
	    "4240/hello\": context deadline exceeded");

	n = &r.nodes[2];
	assert_false(n->host.present);
	assert_false(n->host_reachable);
	assert_null(health_find(&r, "nope"));
	assert_int_equal(f->d.n, 1);
	assert_int_equal(f->d.v[0].line, 43);
	assert_string_equal(f->d.v[0].text,
	    "cannot parse health node 3: not an object");
}

/* Before 1.11: the health endpoint is the "endpoint" path. */
static void
test_json_old_endpoint(void **state)
{
	static const char text[] =
	    "{\"local\": {\"name\": \"n1\"}, \"nodes\": [{\"name\": \"n1\", "
	    "\"endpoint\": {\"ip\": \"10.0.0.5\", \"icmp\": {\"latency\": 3}, "
	    "\"http\": {\"latency\": 4}}, \"host\": {\"primary-address\": "
	    "{\"ip\": \"192.168.0.1\", \"icmp\": {\"status\": \"timeout\"}, "
	    "\"http\": {\"latency\": 9}}}}]}";
	struct sm_fx *f = *state;

	assert_int_equal(parse(f, "old.json", text), 0);
	assert_int_equal(r.nnodes, 1);
	assert_string_equal(r.nodes[0].endpoint.ip, "10.0.0.5");
	assert_true(r.nodes[0].endpoint_reachable);
	assert_false(r.nodes[0].host_reachable);
	assert_int_equal(r.nodes[0].line, 1);
	assert_int_equal(r.hosts_reachable, 0);
}

static void
test_text(void **state)
{
	static const char text[] =
	    "# cilium-health status --verbose\n"
	    "\n"
	    "```\n"
	    "Probe time:   2018-06-16T09:51:58Z\n"
	    "Nodes:\n"
	    "  ip-172-0-52-116.us-west-2.compute.internal (localhost):\n"
	    "    Host connectivity to 172.0.52.116:\n"
	    "      ICMP to stack:   OK, RTT=315.254\xc2\xb5s\n"
	    "      HTTP to agent:   OK, RTT=1.808628ms\n"
	    "    Endpoint connectivity to 10.2.0.183:\n"
	    "      ICMP to stack:   OK, RTT=190.658\xc2\xb5s\n"
	    "      HTTP to agent:   OK, RTT=2s\n"
	    "  ip-172-0-117-198.us-west-2.compute.internal:\n"
	    "    Host connectivity to 172.0.117.198:\n"
	    "      ICMP to stack:   Connection timed out\n"
	    "      HTTP to agent:   OK, RTT=1m2.5s\n"
	    "    Secondary Host connectivity to fd00::1:\n"
	    "      ICMP to stack:   OK, RTT=5ns\n"
	    "    Endpoint connectivity to 10.2.1.234:\n"
	    "      ICMP to stack:   OK, RTT=1.016365ms\n"
	    "      HTTP to agent:   OK, RTT=bogus\n"
	    "what is this\n"
	    "```\n"
	    "> Error while running 'cilium-health status --verbose':  exit status 1\n";
	struct sm_fx *f = *state;
	const struct health_node *n;

	assert_int_equal(parse(f, "cmd/cilium-health-status---verbose.md",
	    text), 0);
	assert_false(r.json);
	assert_string_equal(r.timestamp, "2018-06-16T09:51:58Z");
	assert_string_equal(r.local_name,
	    "ip-172-0-52-116.us-west-2.compute.internal");
	assert_int_equal(r.nnodes, 2);
	n = &r.nodes[0];
	assert_int_equal(n->line, 6);
	assert_true(n->local);
	assert_string_equal(n->host.ip, "172.0.52.116");
	assert_int_equal(n->host.icmp.latency_ns, 315254);
	assert_int_equal(n->host.http.latency_ns, 1808628);
	assert_int_equal(n->endpoint.http.latency_ns, 2000000000);
	assert_true(n->host_reachable);
	assert_true(n->endpoint_reachable);
	n = &r.nodes[1];
	assert_false(n->local);
	assert_false(n->host_reachable);
	assert_string_equal(n->host.icmp.error, "Connection timed out");
	assert_int_equal(n->host.http.latency_ns, 62500000000LL);
	assert_string_equal(n->endpoint.ip, "10.2.1.234");
	assert_true(n->endpoint.http.ok);
	assert_int_equal(n->endpoint.http.latency_ns, 0);
	assert_int_equal(r.hosts_reachable, 1);
	assert_int_equal(r.endpoints_reachable, 2);
	assert_int_equal(f->d.n, 2);
	/* The trailer is seen first, by the search for a JSON document. */
	assert_int_equal(f->d.v[0].line, 24);
	assert_string_equal(f->d.v[0].text, "command failed: exit status 1");
	assert_int_equal(f->d.v[1].line, 22);
	assert_string_equal(f->d.v[1].text,
	    "cannot parse health status line 'what is this'");
}

static void
test_bad(void **state)
{
	struct sm_fx *f = *state;

	assert_int_equal(parse(f, "cut.json", "{\n  \"nodes\": [\n    {\n"), -1);
	assert_int_equal(f->d.n, 1);
	assert_non_null(strstr(f->d.v[0].text, "cannot parse JSON: "));
	assert_int_equal(parse(f, "arr.json", "[]\n"), -1);
	assert_string_equal(f->d.v[1].text,
	    "cannot parse health status: not a JSON object");
	assert_int_equal(parse(f, "e.json", "{}\n"), 0);
	assert_int_equal(r.nnodes, 0);
	assert_int_equal(parse(f, "fail.md", "> Error while running "
	    "'cilium-health status -o json':  exit status 1\n"), -1);
	assert_int_equal(f->d.n, 3);
	assert_int_equal(parse(f, "junk.md", ""), -1);
	assert_int_equal(f->d.n, 4);
	assert_string_equal(f->d.v[3].text,
	    "cannot parse health status: no JSON document or report");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_json, sm_setup,
		    sm_teardown),
		cmocka_unit_test_setup_teardown(test_json_old_endpoint,
		    sm_setup, sm_teardown),
		cmocka_unit_test_setup_teardown(test_text, sm_setup,
		    sm_teardown),
		cmocka_unit_test_setup_teardown(test_bad, sm_setup,
		    sm_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
