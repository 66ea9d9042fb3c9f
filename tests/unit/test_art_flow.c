/*
 * test_art_flow.c: Hubble flow JSON lines.  The fixtures imitate the
 * hubble-otel captures and the exporter lines of the Cilium docs in
 * ../shared/corpus/flows and the sysdump example of sysdump-layout.md
 * section 3.5: forwarded TCP, drops by name and by code only, L7 DNS and
 * HTTP, ICMP, lost_events and node_status responses, 64-bit values as
 * strings, HTML escapes, camelCase names and malformed lines.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "art_flow.h"
#include "buf.h"
#include "diag.h"
#include "drop_reason.h"
#include "ingest.h"
#include "intern.h"
#include "xalloc.h"

#include "support_member.h"

/* What the last run() gave. */
static struct flow_result res;

#define PATH	"cilium-bugtool-x/hubble-flows-cilium-tl8kg-20250715-013221.json"

static int
run_len(struct sm_fx *f, const char *text, size_t len)
{
	return art_flow_parse(sm_member_len(f, PATH, text, len), f->a, f->st,
	    &f->d, &res);
}

static int
run(struct sm_fx *f, const char *text)
{
	return run_len(f, text, strlen(text));
}

/* hubble-otel basic-sample-10-flows.json, lines 1 and 2 (abridged). */
static const char otel_tcp[] =
    "{\"flow\":{\"time\":\"2021-06-16T16:52:13.136834446Z\",\"verdict\":\"FORWARDED\",\"ethernet\":{\"source\":\"46:e5:ea:1f:95:ff\",\"destination\":\"d6:ec:b0:4a:ff:46\"},\"IP\":{\"source\":\"10.0.2.16\",\"destination\":\"10.0.2.1\",\"ipVersion\":\"IPv4\"},\"l4\":{\"TCP\":{\"source_port\":15020,\"destination_port\":42044,\"flags\":{\"FIN\":true,\"ACK\":true}}},\"source\":{\"ID\":1231,\"identity\":25339,\"namespace\":\"bookinfo\",\"labels\":[\"k8s:app=reviews\",\"k8s:io.cilium.k8s.policy.cluster=default\",\"k8s:io.kubernetes.pod.namespace=bookinfo\",\"k8s:version=v1\"],\"pod_name\":\"reviews-v1-545db77b95-s6jb8\"},\"destination\":{\"identity\":1,\"labels\":[\"reserved:host\"]},\"Type\":\"L3_L4\",\"node_name\":\"gke-demo-1-6114bb84-zr1l\",\"reply\":true,\"event_type\":{\"type\":4,\"sub_type\":3},\"traffic_direction\":\"INGRESS\",\"trace_observation_point\":\"TO_STACK\",\"Summary\":\"TCP Flags: ACK, FIN\"},\"node_name\":\"gke-demo-1-6114bb84-zr1l\",\"time\":\"2021-06-16T16:52:13.136834446Z\"}\n"
    "{\"flow\":{\"time\":\"2021-06-16T16:52:13.136893596Z\",\"verdict\":\"FORWARDED\",\"IP\":{\"source\":\"10.0.2.1\",\"destination\":\"10.0.2.16\",\"ipVersion\":\"IPv4\"},\"l4\":{\"TCP\":{\"source_port\":42044,\"destination_port\":15020,\"flags\":{\"SYN\":true}}},\"source\":{\"identity\":1,\"labels\":[\"reserved:host\"]},\"destination\":{\"ID\":1231,\"identity\":25339,\"namespace\":\"bookinfo\",\"labels\":[\"k8s:app=reviews\"],\"pod_name\":\"reviews-v1-545db77b95-s6jb8\"},\"Type\":\"L3_L4\",\"node_name\":\"gke-demo-1-6114bb84-zr1l\",\"event_type\":{\"type\":4},\"traffic_direction\":\"INGRESS\",\"is_reply\":false,\"interface\":{\"index\":6,\"name\":\"cilium_vxlan\"},\"Summary\":\"TCP Flags: SYN\"},\"node_name\":\"gke-demo-1-6114bb84-zr1l\",\"time\":\"2021-06-16T16:52:13.136893596Z\"}\n";

static void
test_forwarded_tcp(void **state)
{
	struct sm_fx *f = *state;
	const struct flow_record *r;
	char flags[64];

	assert_int_equal(run(f, otel_tcp), 0);
	assert_int_equal(res.nflows, 2);
	assert_int_equal(res.lines, 2);
	assert_int_equal(res.verdicts[FLOW_FORWARDED], 2);
	assert_string_equal(res.path, PATH);
	r = &res.flows[0];
	assert_int_equal(r->line, 1);
	assert_string_equal(r->time, "2021-06-16T16:52:13.136834446Z");
	assert_int_equal(r->time_sec, INT64_C(1623862333));
	assert_int_equal(r->time_nsec, 136834446);
	assert_int_equal(r->verdict, FLOW_FORWARDED);
	assert_int_equal(r->drop_reason, 0);
	assert_null(r->drop_reason_name);
	assert_null(r->drop);
	assert_int_equal(r->ip_version, 4);
	assert_string_equal(r->src_ip, "10.0.2.16");
	assert_string_equal(r->dst_ip, "10.0.2.1");
	assert_int_equal(r->l4, FLOW_L4_TCP);
	assert_int_equal(r->src_port, 15020);
	assert_int_equal(r->dst_port, 42044);
	assert_int_equal(r->tcp_flags, FLOW_TCP_FIN | FLOW_TCP_ACK);
	assert_string_equal(flow_tcp_flags_str(r->tcp_flags, flags,
	    sizeof(flags)), "ACK, FIN");
	assert_int_equal(r->src.id, 1231);
	assert_int_equal(r->src.identity, 25339);
	assert_string_equal(r->src.namespace, "bookinfo");
	assert_string_equal(r->src.pod_name, "reviews-v1-545db77b95-s6jb8");
	assert_int_equal(r->src.nlabels, 4);
	assert_string_equal(r->src.labels[0], "k8s:app=reviews");
	assert_ptr_equal(r->src.labels[0], intern_lookup(f->st,
	    "k8s:app=reviews"));
	assert_int_equal(r->dst.id, 0);
	assert_int_equal(r->dst.identity, 1);
	assert_int_equal(r->dst.nlabels, 1);
	assert_string_equal(r->dst.labels[0], "reserved:host");
	assert_null(r->dst.namespace);
	assert_int_equal(r->type, FLOW_TYPE_L3_L4);
	assert_string_equal(r->node_name, "gke-demo-1-6114bb84-zr1l");
	/* Only the deprecated `reply` says so. */
	assert_int_equal(r->is_reply, FLOW_BOOL_TRUE);
	assert_true(r->has_event_type);
	assert_int_equal(r->event_type, 4);
	assert_int_equal(r->event_sub_type, 3);
	assert_int_equal(r->direction, FLOW_DIR_INGRESS);
	assert_int_equal(r->obs_point, FLOW_OBS_TO_STACK);
	assert_string_equal(r->summary, "TCP Flags: ACK, FIN");
	assert_int_equal(r->l7.proto, FLOW_L7_NONE);

	r = &res.flows[1];
	assert_int_equal(r->line, 2);
	/* No observation point: the trace sub_type (0) gives to-endpoint. */
	assert_int_equal(r->obs_point, FLOW_OBS_TO_ENDPOINT);
	assert_int_equal(r->is_reply, FLOW_BOOL_FALSE);
	assert_int_equal(r->tcp_flags, FLOW_TCP_SYN);
	assert_string_equal(r->interface_name, "cilium_vxlan");
	assert_int_equal(r->interface_index, 6);
	assert_ptr_equal(r->node_name, res.flows[0].node_name);
	assert_ptr_equal(r->dst.pod_name, res.flows[0].src.pod_name);
	assert_int_equal(f->d.n, 0);
}

/* The exporter lines of the docs: drop_reason_desc only, empty endpoints. */
static const char docs_dropped[] =
    "{\"flow\":{\"time\":\"2023-08-21T12:12:13.517394084Z\",\"verdict\":\"DROPPED\",\"IP\":{\"source\":\"fe80::64d8:8aff:fe72:fc14\",\"destination\":\"ff02::2\",\"ipVersion\":\"IPv6\"},\"l4\":{\"ICMPv6\":{\"type\":133}},\"source\":{},\"destination\":{},\"node_name\":\"kind-kind/kind-worker\",\"drop_reason_desc\":\"INVALID_SOURCE_IP\"},\"node_name\":\"kind-kind/kind-worker\",\"time\":\"2023-08-21T12:12:13.517394084Z\"}\n"
    "{\"flow\":{\"time\":\"2023-08-21T12:12:18.510175415Z\",\"verdict\":\"DROPPED\",\"IP\":{\"source\":\"10.244.1.60\",\"destination\":\"10.244.1.5\",\"ipVersion\":\"IPv4\"},\"l4\":{\"TCP\":{\"source_port\":44916,\"destination_port\":80,\"flags\":{\"SYN\":true}}},\"source\":{\"namespace\":\"default\",\"pod_name\":\"xwing\"},\"destination\":{\"namespace\":\"default\",\"pod_name\":\"deathstar-7848d6c4d5-th9v2\"},\"node_name\":\"kind-kind/kind-worker\",\"drop_reason_desc\":\"POLICY_DENIED\"},\"node_name\":\"kind-kind/kind-worker\",\"time\":\"2023-08-21T12:12:18.510175415Z\"}\n";

static void
test_dropped_by_name(void **state)
{
	struct sm_fx *f = *state;
	const struct flow_record *r;

	assert_int_equal(run(f, docs_dropped), 0);
	assert_int_equal(res.nflows, 2);
	assert_int_equal(res.verdicts[FLOW_DROPPED], 2);
	r = &res.flows[0];
	assert_int_equal(r->verdict, FLOW_DROPPED);
	assert_int_equal(r->drop_reason, 132);
	assert_string_equal(r->drop_reason_name, "INVALID_SOURCE_IP");
	assert_non_null(r->drop);
	assert_string_equal(r->drop->text, "Invalid source ip");
	assert_false(flow_is_policy_drop(r));
	assert_int_equal(r->ip_version, 6);
	assert_int_equal(r->l4, FLOW_L4_ICMPV6);
	assert_int_equal(r->icmp_type, 133);
	assert_int_equal(r->icmp_code, 0);
	assert_int_equal(r->src.identity, 0);
	assert_int_equal(r->src.nlabels, 0);
	assert_null(r->src.labels);
	assert_int_equal(r->is_reply, FLOW_BOOL_UNSET);
	assert_false(r->has_event_type);
	assert_int_equal(r->type, FLOW_TYPE_UNKNOWN);
	r = &res.flows[1];
	assert_int_equal(r->drop_reason, 133);
	assert_string_equal(r->drop_reason_name, "POLICY_DENIED");
	assert_int_equal(r->drop->category, DROP_CAT_POLICY);
	assert_true(flow_is_policy_drop(r));
	assert_string_equal(r->src.pod_name, "xwing");
	assert_string_equal(r->dst.pod_name, "deathstar-7848d6c4d5-th9v2");
	assert_int_equal(r->dst_port, 80);
	assert_int_equal(r->direction, FLOW_DIR_UNKNOWN);
}

/*
 * Older flows: only the numeric code (drop_reason, or the drop event's
 * sub_type), a desc written as a bare number, and the sysdump 1.17 line
 * with workloads, cluster, file and denying policies.
 */
static void
test_dropped_by_code(void **state)
{
	struct sm_fx *f = *state;
	const struct flow_record *r;
	static const char text[] =
	    "{\"flow\":{\"time\":\"2025-06-01T10:14:58.402113Z\",\"verdict\":\"DROPPED\",\"drop_reason\":133,\"IP\":{\"source\":\"10.0.2.9\",\"destination\":\"10.0.1.17\",\"ipVersion\":\"IPv4\"},\"event_type\":{\"type\":1,\"sub_type\":133}},\"node_name\":\"kind/node-a\",\"time\":\"2025-06-01T10:14:58.402113Z\"}\n"
	    "{\"flow\":{\"verdict\":\"DROPPED\",\"event_type\":{\"type\":1,\"sub_type\":181},\"traffic_direction\":\"EGRESS\"},\"node_name\":\"kind/node-b\"}\n"
	    "{\"flow\":{\"verdict\":\"DROPPED\",\"drop_reason\":206,\"drop_reason_desc\":206}}\n"
	    "{\"flow\":{\"verdict\":\"DROPPED\",\"drop_reason_desc\":\"208\"}}\n"
	    "{\"flow\":{\"verdict\":\"DROPPED\",\"drop_reason_desc\":\"SOME_FUTURE_REASON\"}}\n"
	    "{\"flow\":{\"time\":\"2025-07-15T01:32:14.234858520Z\",\"uuid\":\"54a59c8d-9c82-4741-ac0a-25b9c54aead6\",\"verdict\":\"DROPPED\",\"drop_reason\":133,\"IP\":{\"source\":\"10.244.3.30\",\"destination\":\"1.1.1.1\",\"ipVersion\":\"IPv4\"},\"l4\":{\"TCP\":{\"source_port\":55462,\"destination_port\":80,\"flags\":{\"SYN\":true}}},\"source\":{\"ID\":1238,\"identity\":24009,\"cluster_name\":\"default\",\"namespace\":\"cilium-test-5\",\"labels\":[\"k8s:kind=client\",\"k8s:name=client\"],\"pod_name\":\"client-645b68dcf7-2jmrw\",\"workloads\":[{\"name\":\"client\",\"kind\":\"Deployment\"}]},\"destination\":{\"identity\":16777259,\"labels\":[\"cidr:1.1.1.1/32\",\"fqdn:one.one.one.one.\",\"reserved:world-ipv4\"]},\"Type\":\"L3_L4\",\"node_name\":\"kind-worker2\",\"node_labels\":[\"kubernetes.io/os=linux\"],\"destination_names\":[\"one.one.one.one\"],\"event_type\":{\"type\":1,\"sub_type\":133},\"traffic_direction\":\"EGRESS\",\"file\":{\"name\":\"bpf_lxc.c\",\"line\":1361},\"drop_reason_desc\":\"POLICY_DENIED\",\"is_reply\":false,\"egress_denied_by\":[{\"name\":\"deny-world\",\"namespace\":\"cilium-test-5\",\"labels\":[\"k8s:io.cilium.k8s.policy.name=deny-world\"],\"revision\":\"18446744073709551615\",\"kind\":\"CiliumNetworkPolicy\"}],\"policy_match_type\":2,\"Summary\":\"TCP Flags: SYN\"},\"node_name\":\"kind-worker2\",\"time\":\"2025-07-15T01:32:14.234858520Z\"}\n";

	assert_int_equal(run(f, text), 0);
	assert_int_equal(res.nflows, 6);
	r = &res.flows[0];
	assert_int_equal(r->drop_reason, 133);
	assert_string_equal(r->drop_reason_name, "POLICY_DENIED");
	assert_true(flow_is_policy_drop(r));
	/* The response's node_name fills in for the flow's. */
	assert_string_equal(r->node_name, "kind/node-a");
	assert_int_equal(r->time_nsec, 402113000);
	r = &res.flows[1];
	assert_int_equal(r->drop_reason, 181);
	assert_string_equal(r->drop_reason_name, "POLICY_DENY");
	assert_true(flow_is_policy_drop(r));
	assert_int_equal(r->direction, FLOW_DIR_EGRESS);
	assert_null(r->time);
	assert_int_equal(r->time_sec, 0);
	r = &res.flows[2];
	assert_int_equal(r->drop_reason, 206);
	assert_null(r->drop_reason_name);
	assert_string_equal(r->drop->text, "No device");
	assert_false(flow_is_policy_drop(r));
	r = &res.flows[3];
	assert_int_equal(r->drop_reason, 208);
	assert_null(r->drop);
	assert_null(r->drop_reason_name);
	r = &res.flows[4];
	assert_int_equal(r->drop_reason, 0);
	assert_string_equal(r->drop_reason_name, "SOME_FUTURE_REASON");
	r = &res.flows[5];
	assert_string_equal(r->uuid, "54a59c8d-9c82-4741-ac0a-25b9c54aead6");
	assert_int_equal(r->drop_reason, 133);
	assert_string_equal(r->src.cluster_name, "default");
	assert_int_equal(r->src.nworkloads, 1);
	assert_string_equal(r->src.workloads[0].name, "client");
	assert_string_equal(r->src.workloads[0].kind, "Deployment");
	assert_int_equal(r->dst.identity, 16777259);
	assert_int_equal(r->ndst_names, 1);
	assert_string_equal(r->dst_names[0], "one.one.one.one");
	assert_int_equal(r->nsrc_names, 0);
	assert_string_equal(r->file_name, "bpf_lxc.c");
	assert_int_equal(r->file_line, 1361);
	assert_int_equal(r->is_reply, FLOW_BOOL_FALSE);
	assert_int_equal(r->egress_denied_by.n, 1);
	assert_string_equal(r->egress_denied_by.v[0].name, "deny-world");
	assert_string_equal(r->egress_denied_by.v[0].namespace,
	    "cilium-test-5");
	assert_string_equal(r->egress_denied_by.v[0].kind,
	    "CiliumNetworkPolicy");
	assert_int_equal(r->egress_denied_by.v[0].nlabels, 1);
	assert_true(r->egress_denied_by.v[0].revision == UINT64_MAX);
	assert_int_equal(r->ingress_allowed_by.n, 0);
	assert_int_equal(r->policy_match_type, 2);
	assert_string_equal(flow_policy_match_name(r->policy_match_type),
	    "L3-L4");
	assert_int_equal(r->time_sec, INT64_C(1752543134));
	assert_int_equal(f->d.n, 0);
}

/* L7: DNS request and NXDOMAIN response, HTTP with escaped URL. */
static void
test_l7(void **state)
{
	struct sm_fx *f = *state;
	const struct flow_record *r;
	static const char text[] =
	    "{\"flow\":{\"time\":\"2021-06-16T16:52:14Z\",\"verdict\":\"FORWARDED\",\"IP\":{\"source\":\"10.0.2.16\",\"destination\":\"10.0.0.10\",\"ipVersion\":\"IPv4\"},\"l4\":{\"UDP\":{\"source_port\":37474,\"destination_port\":53}},\"Type\":\"L7\",\"l7\":{\"type\":\"REQUEST\",\"dns\":{\"query\":\"istiod.istio-system.svc.cluster.local.\",\"observation_source\":\"proxy\",\"qtypes\":[\"A\"]}},\"event_type\":{\"type\":129},\"traffic_direction\":\"EGRESS\",\"is_reply\":false,\"Summary\":\"DNS Query istiod.istio-system.svc.cluster.local. A\"}}\n"
	    "{\"flow\":{\"verdict\":\"FORWARDED\",\"l4\":{\"UDP\":{\"source_port\":53,\"destination_port\":37474}},\"Type\":\"L7\",\"l7\":{\"type\":\"RESPONSE\",\"latency_ns\":\"999958359\",\"dns\":{\"query\":\"istiod.istio-system.svc.cluster.local.\",\"ips\":[\"10.0.3.7\",\"10.0.3.8\"],\"ttl\":4294967295,\"cnames\":[\"a.example.\"],\"observation_source\":\"proxy\",\"rcode\":3,\"qtypes\":[\"A\"],\"rrtypes\":[\"A\"]}},\"is_reply\":true}}\n"
	    "{\"flow\":{\"verdict\":\"FORWARDED\",\"l4\":{\"TCP\":{\"source_port\":9080,\"destination_port\":41234}},\"Type\":\"L7\",\"l7\":{\"type\":\"RESPONSE\",\"latency_ns\":4138183640,\"http\":{\"code\":200,\"method\":\"GET\",\"url\":\"http://productpage:9080/api?a=1\\u0026b=\\u003cx\\u003e\",\"protocol\":\"HTTP/1.1\",\"headers\":[{\"key\":\"x-request-id\",\"value\":\"abc\"}]}},\"source_service\":{\"name\":\"productpage\",\"namespace\":\"bookinfo\"},\"destination_service\":{\"name\":\"reviews\",\"namespace\":\"bookinfo\"},\"source_names\":[\"productpage.bookinfo\"],\"ingress_allowed_by\":[{\"name\":\"allow-pp\",\"namespace\":\"bookinfo\",\"revision\":7}],\"policy_match_type\":3}}\n";

	assert_int_equal(run(f, text), 0);
	assert_int_equal(res.nflows, 3);
	r = &res.flows[0];
	assert_int_equal(r->type, FLOW_TYPE_L7);
	assert_int_equal(r->l4, FLOW_L4_UDP);
	assert_int_equal(r->dst_port, 53);
	assert_int_equal(r->l7.type, FLOW_L7_REQUEST);
	assert_int_equal(r->l7.proto, FLOW_L7_DNS);
	assert_string_equal(r->l7.dns_query,
	    "istiod.istio-system.svc.cluster.local.");
	assert_int_equal(r->l7.ndns_qtypes, 1);
	assert_string_equal(r->l7.dns_qtypes[0], "A");
	assert_string_equal(r->l7.dns_source, "proxy");
	assert_int_equal(r->l7.dns_rcode, 0);
	assert_int_equal(r->event_type, 129);
	assert_int_equal(r->obs_point, FLOW_OBS_UNKNOWN);
	r = &res.flows[1];
	assert_int_equal(r->l7.type, FLOW_L7_RESPONSE);
	assert_true(r->l7.latency_ns == UINT64_C(999958359));
	assert_int_equal(r->l7.dns_rcode, 3);
	assert_true(r->l7.dns_ttl == UINT32_MAX);
	assert_int_equal(r->l7.ndns_ips, 2);
	assert_string_equal(r->l7.dns_ips[1], "10.0.3.8");
	assert_int_equal(r->l7.ndns_cnames, 1);
	assert_int_equal(r->is_reply, FLOW_BOOL_TRUE);
	assert_ptr_equal(r->l7.dns_query, res.flows[0].l7.dns_query);
	r = &res.flows[2];
	assert_int_equal(r->l7.proto, FLOW_L7_HTTP);
	assert_true(r->l7.latency_ns == UINT64_C(4138183640));
	assert_int_equal(r->l7.http_code, 200);
	assert_string_equal(r->l7.http_method, "GET");
	assert_string_equal(r->l7.http_url,
	    "http://productpage:9080/api?a=1&b=<x>");
	assert_string_equal(r->l7.http_protocol, "HTTP/1.1");
	assert_string_equal(r->src_service.name, "productpage");
	assert_string_equal(r->dst_service.namespace, "bookinfo");
	assert_int_equal(r->nsrc_names, 1);
	assert_int_equal(r->ingress_allowed_by.n, 1);
	assert_string_equal(r->ingress_allowed_by.v[0].name, "allow-pp");
	assert_null(r->ingress_allowed_by.v[0].kind);
	assert_true(r->ingress_allowed_by.v[0].revision == 7);
	assert_string_equal(flow_policy_match_name(r->policy_match_type),
	    "L4-Only");
}

/* ICMP echo and responses that are not flows. */
static void
test_icmp_lost_node_status(void **state)
{
	struct sm_fx *f = *state;
	const struct flow_record *r;
	static const char text[] =
	    "{\"flow\":{\"time\":\"2021-11-10T12:00:00.5Z\",\"verdict\":\"FORWARDED\",\"IP\":{\"source\":\"10.244.0.5\",\"destination\":\"10.244.1.9\",\"ipVersion\":\"IPv4\"},\"l4\":{\"ICMPv4\":{\"type\":8}},\"Type\":\"L3_L4\",\"event_type\":{\"type\":4,\"sub_type\":5},\"Summary\":\"ICMPv4 EchoRequest\"},\"node_name\":\"kind-control-plane\",\"time\":\"2021-11-10T12:00:00.5Z\"}\n"
	    "\n"
	    "{\"lost_events\":{\"source\":\"HUBBLE_RING_BUFFER\",\"num_events_lost\":\"42\",\"cpu\":{\"value\":1}},\"node_name\":\"kind-control-plane\",\"time\":\"2021-11-10T12:00:01Z\"}\n"
	    "{\"lost_events\":{\"source\":\"PERF_EVENT_RING_BUFFER\",\"num_events_lost\":8}}\n"
	    "{\"node_status\":{\"state_change\":\"NODE_CONNECTED\",\"node_names\":[\"kind-worker\"],\"message\":\"ok\"},\"node_name\":\"kind-control-plane\",\"time\":\"2021-11-10T12:00:02Z\"}\n"
	    "{\"flow\":{\"verdict\":3,\"IP\":{\"source\":\"fd00::1\",\"destination\":\"fd00::2\",\"ipVersion\":2},\"l4\":{\"ICMPv6\":{\"type\":1,\"code\":4}},\"traffic_direction\":2,\"Type\":1,\"trace_observation_point\":101}}\n";

	assert_int_equal(run(f, text), 0);
	assert_int_equal(res.nflows, 2);
	assert_int_equal(res.lines, 5);
	assert_int_equal(res.lost_lines, 2);
	assert_true(res.lost_events == 50);
	assert_int_equal(res.node_status, 1);
	assert_int_equal(res.bad_lines, 0);
	r = &res.flows[0];
	assert_int_equal(r->l4, FLOW_L4_ICMPV4);
	assert_int_equal(r->icmp_type, 8);
	assert_int_equal(r->src_port, 0);
	assert_int_equal(r->obs_point, FLOW_OBS_FROM_ENDPOINT);
	assert_int_equal(r->time_nsec, 500000000);
	/* Enums written as numbers. */
	r = &res.flows[1];
	assert_int_equal(r->line, 6);
	assert_int_equal(r->verdict, FLOW_ERROR);
	assert_int_equal(r->ip_version, 6);
	assert_int_equal(r->l4, FLOW_L4_ICMPV6);
	assert_int_equal(r->icmp_type, 1);
	assert_int_equal(r->icmp_code, 4);
	assert_int_equal(r->direction, FLOW_DIR_EGRESS);
	assert_int_equal(r->type, FLOW_TYPE_L3_L4);
	assert_int_equal(r->obs_point, FLOW_OBS_TO_ENDPOINT);
	assert_int_equal(res.verdicts[FLOW_ERROR], 1);
}

/* A bare flow per line, lowerCamel names, a grep prefix, odd values. */
static void
test_variants(void **state)
{
	struct sm_fx *f = *state;
	const struct flow_record *r;
	static const char text[] =
	    "{\"time\":\"2024-01-01T00:00:00Z\",\"verdict\":\"AUDIT\",\"IP\":{\"source\":\"10.1.0.1\",\"destination\":\"10.1.0.2\",\"ipVersion\":\"IPv4\"},\"source\":{\"ID\":\"912\",\"identity\":\"51007\"},\"l4\":{\"SCTP\":{\"source_port\":1,\"destination_port\":2}}}\n"
	    "{\"flow\":{\"verdict\":\"DROPPED\",\"dropReasonDesc\":\"POLICY_DENIED\",\"trafficDirection\":\"INGRESS\",\"nodeName\":\"n1\",\"isReply\":{\"value\":true},\"source\":{\"podName\":\"x\",\"clusterName\":\"c1\"},\"eventType\":{\"type\":1,\"subType\":133},\"l4\":{\"TCP\":{\"sourcePort\":5,\"destinationPort\":6}}}}\n"
	    "hubble-flows-cilium-tl8kg-20250715-013221.json:{\"flow\":{\"verdict\":\"TRANSLATED\",\"Type\":\"SOCK\"}}\n"
	    "{\"flow\":{\"verdict\":\"SOMETHING_NEW\",\"IP\":\"not an object\",\"l4\":{\"TCP\":\"x\"},\"source\":[1],\"is_reply\":\"yes\",\"drop_reason\":-1,\"event_type\":{\"type\":\"1\",\"sub_type\":\"x\"},\"l7\":{\"dns\":null,\"http\":{\"code\":\"200\"}},\"time\":\"garbage\"}}\n"
	    "```\n";

	assert_int_equal(run(f, text), 0);
	assert_int_equal(res.nflows, 4);
	assert_int_equal(res.lines, 4);
	r = &res.flows[0];
	assert_int_equal(r->verdict, FLOW_AUDIT);
	assert_int_equal(r->src.id, 912);
	assert_int_equal(r->src.identity, 51007);
	assert_int_equal(r->l4, FLOW_L4_SCTP);
	assert_int_equal(r->dst_port, 2);
	assert_null(r->node_name);
	r = &res.flows[1];
	assert_int_equal(r->drop_reason, 133);
	assert_string_equal(r->drop_reason_name, "POLICY_DENIED");
	assert_int_equal(r->direction, FLOW_DIR_INGRESS);
	assert_string_equal(r->node_name, "n1");
	assert_int_equal(r->is_reply, FLOW_BOOL_TRUE);
	assert_string_equal(r->src.pod_name, "x");
	assert_string_equal(r->src.cluster_name, "c1");
	assert_int_equal(r->event_sub_type, 133);
	assert_int_equal(r->src_port, 5);
	r = &res.flows[2];
	assert_int_equal(r->line, 3);
	assert_int_equal(r->verdict, FLOW_TRANSLATED);
	assert_int_equal(r->type, FLOW_TYPE_SOCK);
	/* Wrong types everywhere: nothing taken, nothing broken. */
	r = &res.flows[3];
	assert_int_equal(r->verdict, FLOW_VERDICT_UNKNOWN);
	assert_null(r->src_ip);
	assert_int_equal(r->l4, FLOW_L4_NONE);
	assert_int_equal(r->is_reply, FLOW_BOOL_UNSET);
	assert_int_equal(r->drop_reason, 0);
	assert_int_equal(r->event_type, 1);
	assert_int_equal(r->event_sub_type, 0);
	assert_int_equal(r->l7.proto, FLOW_L7_HTTP);
	assert_int_equal(r->l7.http_code, 200);
	assert_string_equal(r->time, "garbage");
	assert_int_equal(r->time_sec, 0);
	assert_int_equal(f->d.n, 0);
}

/* Bad lines: one diagnostic each, with the line; parsing goes on. */
static void
test_malformed(void **state)
{
	struct sm_fx *f = *state;
	static const char text[] =
	    "{\"flow\":{\"verdict\":\"FORWARDED\"}}\n"
	    "{\"flow\":{\"verdict\":\"FORWARDED\",\"IP\":{\"source\":\"10.0\n"
	    "not json at all\n"
	    "[1,2]\n"
	    "{\"foo\":1}\n"
	    "{\"flow\":{\"verdict\":\"DROPPED\",\"drop_reason_desc\":\"POLICY_DENIED\"}}\n"
	    "{\"flow\":{\"verdict\":\"FORWARDED\",\"x\":\"\\u0000\"}}\n"
	    "{\"flow\":{\"verdict\":\"DROPPED\"";

	assert_int_equal(run(f, text), 0);
	assert_int_equal(res.nflows, 2);
	assert_int_equal(res.flows[0].line, 1);
	assert_int_equal(res.flows[1].line, 6);
	assert_int_equal(res.lines, 8);
	assert_int_equal(res.bad_lines, 6);
	assert_int_equal(f->d.n, 6);
	sm_diag_at(&f->d.v[0], PATH, 2);
	assert_int_equal(f->d.v[0].severity, DIAG_ERROR);
	assert_non_null(strstr(f->d.v[0].text, "cannot parse flow: "));
	assert_int_equal(f->d.v[1].line, 3);
	assert_int_equal(f->d.v[2].line, 4);
	assert_string_equal(f->d.v[2].text,
	    "cannot parse flow: not a JSON object");
	assert_int_equal(f->d.v[3].line, 5);
	assert_string_equal(f->d.v[3].text,
	    "cannot parse flow: no flow, node_status or lost_events");
	assert_int_equal(f->d.v[4].line, 7);
	assert_int_equal(f->d.v[5].line, 8);
}

static void
test_nothing_usable(void **state)
{
	struct sm_fx *f = *state;
	struct buf b = BUF_INIT;
	int i;

	/* All lines bad: -1. */
	assert_int_equal(run(f, "garbage\n{\"x\":1}\n"), -1);
	assert_int_equal(res.nflows, 0);
	assert_int_equal(f->d.n, 2);
	/* Empty and blank members are valid empty captures. */
	assert_int_equal(run(f, ""), 0);
	assert_int_equal(run(f, "\n\n  \n"), 0);
	assert_int_equal(res.lines, 0);
	assert_null(res.flows);

	/* Many bad lines: FLOW_MAX_LINE_DIAGS, then one summary. */
	diag_list_release(&f->d);
	diag_list_init(&f->d);
	buf_addstr(&b, "{\"flow\":{\"verdict\":\"FORWARDED\"}}\n");
	for (i = 0; i < 150; i++)
		buf_addstr(&b, "bad\n");
	assert_int_equal(run_len(f, b.ptr, b.len), 0);
	assert_int_equal(res.nflows, 1);
	assert_int_equal(res.bad_lines, 150);
	assert_int_equal(f->d.n, FLOW_MAX_LINE_DIAGS + 1);
	assert_int_equal(f->d.v[FLOW_MAX_LINE_DIAGS].line, 102);
	assert_string_equal(f->d.v[FLOW_MAX_LINE_DIAGS].text,
	    "cannot parse flow: 50 more bad lines");
	buf_release(&b);
}

/* A line over FLOW_MAX_LINE is reported, not parsed; the next one is. */
static void
test_long_line(void **state)
{
	struct sm_fx *f = *state;
	struct buf b = BUF_INIT;

	buf_addstr(&b, "{\"flow\":{\"verdict\":\"FORWARDED\",\"Summary\":\"");
	while (b.len < FLOW_MAX_LINE + 10)
		buf_addstr(&b, "aaaaaaaaaaaaaaaa");
	buf_addstr(&b, "\"}}\n{\"flow\":{\"verdict\":\"DROPPED\"}}\n");
	assert_int_equal(run_len(f, b.ptr, b.len), 0);
	assert_int_equal(res.nflows, 1);
	assert_int_equal(res.flows[0].line, 2);
	assert_int_equal(res.flows[0].verdict, FLOW_DROPPED);
	assert_int_equal(f->d.n, 1);
	assert_int_equal(f->d.v[0].line, 1);
	assert_string_equal(f->d.v[0].text,
	    "cannot parse flow: line longer than 1048576 bytes");
	buf_release(&b);
}

static void
test_names(void **state)
{
	char s[64];

	(void)state;
	assert_string_equal(flow_verdict_name(FLOW_DROPPED), "DROPPED");
	assert_string_equal(flow_verdict_name((enum flow_verdict)99),
	    "VERDICT_UNKNOWN");
	assert_string_equal(flow_direction_name(FLOW_DIR_EGRESS), "EGRESS");
	assert_string_equal(flow_type_name(FLOW_TYPE_L3_L4), "L3_L4");
	assert_string_equal(flow_l4_name(FLOW_L4_ICMPV6), "ICMPv6");
	assert_string_equal(flow_l4_name(FLOW_L4_NONE), "");
	assert_string_equal(flow_l7_type_name(FLOW_L7_SAMPLE), "SAMPLE");
	assert_string_equal(flow_obs_point_name(FLOW_OBS_TO_ENDPOINT),
	    "TO_ENDPOINT");
	assert_string_equal(flow_obs_point_name(FLOW_OBS_TO_CRYPTO),
	    "TO_CRYPTO");
	assert_string_equal(flow_policy_match_name(0), "none");
	assert_string_equal(flow_policy_match_name(6), "Proto-Only");
	assert_string_equal(flow_policy_match_name(7), "unknown");
	assert_string_equal(flow_tcp_flag_name(FLOW_TCP_SYN), "SYN");
	assert_string_equal(flow_tcp_flag_name(FLOW_TCP_NS), "NS");
	assert_null(flow_tcp_flag_name(FLOW_TCP_SYN | FLOW_TCP_ACK));
	assert_null(flow_tcp_flag_name(0));
	assert_string_equal(flow_tcp_flags_str(0, s, sizeof(s)), "");
	assert_string_equal(flow_tcp_flags_str(FLOW_TCP_SYN | FLOW_TCP_ACK |
	    FLOW_TCP_PSH | FLOW_TCP_NS, s, sizeof(s)), "SYN, ACK, PSH, NS");
	/* A short buffer ends at a whole flag. */
	assert_string_equal(flow_tcp_flags_str(FLOW_TCP_SYN | FLOW_TCP_ACK,
	    s, 6), "SYN");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_forwarded_tcp, sm_setup,
		    sm_teardown),
		cmocka_unit_test_setup_teardown(test_dropped_by_name, sm_setup,
		    sm_teardown),
		cmocka_unit_test_setup_teardown(test_dropped_by_code, sm_setup,
		    sm_teardown),
		cmocka_unit_test_setup_teardown(test_l7, sm_setup, sm_teardown),
		cmocka_unit_test_setup_teardown(test_icmp_lost_node_status,
		    sm_setup, sm_teardown),
		cmocka_unit_test_setup_teardown(test_variants, sm_setup,
		    sm_teardown),
		cmocka_unit_test_setup_teardown(test_malformed, sm_setup,
		    sm_teardown),
		cmocka_unit_test_setup_teardown(test_nothing_usable, sm_setup,
		    sm_teardown),
		cmocka_unit_test_setup_teardown(test_long_line, sm_setup,
		    sm_teardown),
		cmocka_unit_test(test_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
