/*
 * test_art_hubble_text.c: `hubble observe` compact lines, in the shapes of
 * hubble/pkg/printer/printer.go (CompactOutput) and of the captures in
 * ../shared/corpus/cilium-outputs/issues/hubble-compact: with and without
 * identities, a node name, replies printed with swapped ends, IPv6, ICMP,
 * policy verdicts (DENIED: 133, 181, 189) and drop events by reason text.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "art_flow.h"
#include "art_hubble_text.h"
#include "classify.h"
#include "diag.h"
#include "eval_flow.h"

#include "support_member.h"

static bool
line(struct sm_fx *f, const char *s, struct flow_record *fr)
{
	return art_hubble_text_line(s, strlen(s), f->st, fr, NULL);
}

static void
test_drop_and_verdicts(void **state)
{
	struct sm_fx *f = *state;
	struct flow_record fr;

	assert_true(line(f, "Jun 10 12:50:15.556: 10.8.14.163:43006 (world) <> "
	    "default/deployment-85c67465d6-tfgcp:8087 (ID:107099) "
	    "policy-verdict:none DENIED (TCP Flags: SYN)", &fr));
	assert_int_equal(fr.verdict, FLOW_DROPPED);
	assert_int_equal(fr.drop_reason, 133);
	assert_int_equal(fr.event_type, FLOW_EVENT_POLICY_VERDICT);
	assert_string_equal(fr.src_ip, "10.8.14.163");
	assert_int_equal(fr.src.identity, 2);
	assert_string_equal(fr.dst.namespace, "default");
	assert_string_equal(fr.dst.pod_name, "deployment-85c67465d6-tfgcp");
	assert_int_equal(fr.dst.identity, 107099);
	assert_int_equal(fr.dst_port, 8087);
	assert_int_equal(fr.l4, FLOW_L4_TCP);
	assert_int_equal(fr.tcp_flags, FLOW_TCP_SYN);
	assert_int_equal(fr.is_reply, FLOW_BOOL_UNSET);
	assert_string_equal(fr.time, "Jun 10 12:50:15.556");

	/* A drop event: its type is the reason text; old lines, no IDs. */
	assert_true(line(f, "Jun  3 17:01:10.815: default/xwing:34218 <> "
	    "default/deathstar-6c94dcc57b-rrss6:80 Policy denied DROPPED "
	    "(TCP Flags: SYN)", &fr));
	assert_int_equal(fr.event_type, FLOW_EVENT_DROP);
	assert_int_equal(fr.drop_reason, 133);
	assert_true(eval_flow_is_dropped_packet(&fr));
	assert_int_equal(fr.src.identity, 0);
	assert_string_equal(fr.src.pod_name, "xwing");
	assert_true(line(f, "Jun  3 17:01:10.815: a/b:1 (ID:5) -> c/d:2 (ID:6) "
	    "Policy denied by denylist DROPPED (UDP)", &fr));
	assert_int_equal(fr.drop_reason, 181);
	assert_int_equal(fr.l4, FLOW_L4_UDP);

	/* Verdict events: direction, deny rule, authentication. */
	assert_true(line(f, "Jul 31 22:01:34.453: 162.243.129.7:60929 (world) -> "
	    "REDACTED:6666 (host) policy-verdict:none INGRESS AUDITED (TCP "
	    "Flags: SYN)", &fr));
	assert_int_equal(fr.verdict, FLOW_AUDIT);
	assert_int_equal(fr.direction, FLOW_DIR_INGRESS);
	assert_int_equal(fr.dst.identity, 1);
	assert_true(line(f, "Jun 10 12:50:15.556: a/b:1 (ID:5) -> 1.2.3.4:443 "
	    "(world) policy-verdict:L3-L4 EGRESS DENIED (TCP Flags: SYN)", &fr));
	assert_int_equal(fr.drop_reason, 181);
	assert_int_equal(fr.direction, FLOW_DIR_EGRESS);
	assert_true(line(f, "Jun 10 12:50:15.556: a/b:1 (ID:5) -> c/d:8080 "
	    "(ID:6) policy-verdict:L3-L4 INGRESS DENIED (TCP Flags: SYN; "
	    "Auth: SPIRE)", &fr));
	assert_int_equal(fr.drop_reason, 189);
	assert_true(line(f, "Jun 10 12:50:15.555: default/a:43006 (ID:124484) "
	    "-> default/b:8087 (ID:107099) policy-verdict:L3-Only ALLOWED "
	    "(TCP Flags: SYN)", &fr));
	assert_int_equal(fr.verdict, FLOW_FORWARDED);
	assert_int_equal(fr.policy_match_type, 1);
}

static void
test_shapes(void **state)
{
	struct sm_fx *f = *state;
	struct flow_record fr;

	/* A reply is printed with its ends swapped: put back. */
	assert_true(line(f, "Jun  1 10:07:40.878 [kind-kind/kind-worker]: "
	    "tools/curl:41022 (ID:44601) <- shop/web:8080 (ID:21093) to-stack "
	    "FORWARDED (TCP Flags: SYN, ACK)", &fr));
	assert_string_equal(fr.node_name, "kind-kind/kind-worker");
	assert_string_equal(fr.time, "Jun  1 10:07:40.878");
	assert_int_equal(fr.is_reply, FLOW_BOOL_TRUE);
	assert_string_equal(fr.src.pod_name, "web");
	assert_int_equal(fr.src.identity, 21093);
	assert_int_equal(fr.src_port, 8080);
	assert_string_equal(fr.dst.pod_name, "curl");
	assert_int_equal(fr.dst_port, 41022);
	assert_int_equal(fr.tcp_flags, FLOW_TCP_SYN | FLOW_TCP_ACK);
	/* IPv6 with ports, ICMP without. */
	assert_true(line(f, "Jun  1 10:07:40.878: [f00d::1]:5 (world) -> "
	    "[f00d::2]:53 (ID:9) to-endpoint FORWARDED (UDP)", &fr));
	assert_string_equal(fr.src_ip, "f00d::1");
	assert_int_equal(fr.ip_version, 6);
	assert_int_equal(fr.dst_port, 53);
	assert_true(line(f, "Jun  1 10:07:40.878: 10.0.0.1 (ID:7) -> 10.0.0.2 "
	    "(ID:8) to-endpoint FORWARDED (ICMPv4 EchoRequest)", &fr));
	assert_int_equal(fr.l4, FLOW_L4_ICMPV4);
	assert_int_equal(fr.dst_port, 0);
}

/* L7 records, numeric reasons, DNS names, newer summaries. */
static void
test_more_shapes(void **state)
{
	struct sm_fx *f = *state;
	struct flow_record fr;

	assert_true(line(f, "Jun  3 17:01:10.815: default/tiefighter:58814 "
	    "(ID:8876) -> default/deathstar-6c94dcc57b-rrss6:80 (ID:43854) "
	    "http-request DROPPED (HTTP/1.1 PUT http://deathstar.default.svc."
	    "cluster.local/v1/exhaust-port)", &fr));
	assert_int_equal(fr.type, FLOW_TYPE_L7);
	assert_int_equal(fr.verdict, FLOW_DROPPED);
	assert_int_equal(fr.drop_reason, 0);
	assert_false(flow_is_policy_drop(&fr));
	assert_true(line(f, "Jun  3 17:01:10.815: default/a:5 (ID:1) -> "
	    "kube-system/coredns-x:53 (ID:2) dns-request proxy DROPPED (DNS "
	    "Query b.example. A)", &fr));
	assert_int_equal(fr.type, FLOW_TYPE_L7);
	assert_true(line(f, "Jun  3 17:01:10.815: a/b:1 (ID:5) -> c/d:2 (ID:6) "
	    "133 DROPPED (UDP)", &fr));
	assert_int_equal(fr.drop_reason, 133);
	assert_true(line(f, "Jun  3 17:01:10.815: shop/web:5 (ID:5) -> "
	    "api.example.com:443 (world) policy-verdict:none EGRESS DENIED "
	    "(IP Trace ID: 42; TCP Flags: SYN)", &fr));
	assert_string_equal(fr.dst_name_text, "api.example.com");
	assert_null(fr.dst_ip);
	assert_int_equal(fr.dst_port, 443);
	assert_int_equal(fr.l4, FLOW_L4_TCP);
	assert_int_equal(fr.tcp_flags, FLOW_TCP_SYN);
	assert_true(line(f, "Jun  3 17:01:10.815: 10.0.0.1:5 (encrypted-overlay) "
	    "-> 10.0.0.2:6 (ID:6) Policy denied DROPPED (UDP)", &fr));
	assert_int_equal(fr.src.identity, 11);
}

static void
test_not_flows(void **state)
{
	struct sm_fx *f = *state;
	struct flow_record fr;
	const char *why;
	static const char *const bad[] = {
		"Jun 10 12:50:15.556: a/b:1 -> c/d:99999 to-stack FORWARDED "
		"(UDP)",
		"Jun 10 12:50:15.556: a/b:1 => c/d:2 to-stack FORWARDED (UDP)",
		"Jun 10 12:50:15.556: a/b:1 -> c/d:2 Made up reason DROPPED "
		"(UDP)",
		"Jun 10 12:50:15.556: a/b:1 -> c/d:2 to-stack FORWARDED (UDP",
	};
	size_t i;

	assert_false(line(f, "$ hubble observe -o compact", &fr));
	assert_false(line(f, "Defaulted container \"cilium-agent\" out of: x",
	    &fr));
	/* A relay node status line: no verdict word, not a flow. */
	{
		static const char relay[] = "Jun 10 12:50:15.556 [relay]: "
		    "Receiving flows from 3 nodes: a, b, c";

		why = "x";
		assert_false(art_hubble_text_line(relay, sizeof(relay) - 1,
		    f->st, &fr, &why));
		assert_null(why);
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		why = NULL;
		assert_false(art_hubble_text_line(bad[i], strlen(bad[i]),
		    f->st, &fr, &why));
		assert_non_null(why);
		assert_int_equal(fr.verdict, FLOW_VERDICT_UNKNOWN);
	}
}

/* Every prefix of a line, in a buffer of exactly that size. */
static void
test_truncated(void **state)
{
	static const char full[] = "Jun 10 12:50:15.556 [n1]: 10.8.14.163:43006 "
	    "(world) <> [f00d::2]:8087 (ID:107099) policy-verdict:none "
	    "INGRESS DENIED (TCP Flags: SYN, ACK; Auth: SPIRE)";
	struct sm_fx *f = *state;
	struct flow_record fr;
	size_t n;
	char *buf;

	for (n = 0; n <= sizeof(full) - 1; n++) {
		buf = malloc(n > 0 ? n : 1);
		assert_non_null(buf);
		memcpy(buf, full, n);
		if (!art_hubble_text_line(buf, n, f->st, &fr, NULL))
			assert_int_equal(fr.verdict, FLOW_VERDICT_UNKNOWN);
		free(buf);
	}
	assert_true(line(f, full, &fr));
}

static void
test_member_and_classify(void **state)
{
	static const char text[] =
	    "$ hubble observe -o compact\n"
	    "Jun  3 17:01:09.266: default/tiefighter:53324 -> default/"
	    "deathstar-6c94dcc57b-rrss6:80 L3-L4 FORWARDED (TCP Flags: SYN)\n"
	    "Jun  3 17:01:10.815: default/xwing:34218 <> default/deathstar-"
	    "6c94dcc57b-rrss6:80 Policy denied DROPPED (TCP Flags: SYN)\n"
	    "Jun  3 17:01:11.000: default/xwing:1 -> default/x:2 Made up "
	    "DROPPED (UDP)\n";
	struct sm_fx *f = *state;
	struct flow_result r;
	struct classification c;

	assert_int_equal(art_hubble_text_parse(sm_member(f, "t/flows.txt",
	    text), f->a, f->st, &f->d, &r), 0);
	assert_int_equal(r.source, FLOW_SOURCE_HUBBLE_TEXT);
	assert_int_equal(r.nflows, 2);
	assert_int_equal(r.flows[1].line, 3);
	assert_int_equal(r.bad_lines, 1);
	sm_diag_at(sm_diag_find(&f->d, "cannot parse hubble flow"),
	    "t/flows.txt", 4);
	assert_int_equal(art_hubble_text_parse(sm_member(f, "t/x.txt",
	    "nothing here\n"), f->a, f->st, &f->d, &r), -1);
	/* Two events of one packet print alike in old captures: one. */
	assert_int_equal(art_hubble_text_parse(sm_member(f, "t/y.txt",
	    "Jun 10 12:50:15.556: 10.8.14.163:43006 <> default/d:8087 Policy "
	    "denied DROPPED (TCP Flags: SYN)\n"
	    "Jun 10 12:50:15.556: 10.8.14.163:43006 <> default/d:8087 Policy "
	    "denied DROPPED (TCP Flags: SYN)\n"
	    "Jun 10 12:50:16.001: 10.8.14.163:43006 <> default/d:8087 Policy "
	    "denied DROPPED (TCP Flags: SYN)\n"), f->a, f->st, &f->d, &r), 0);
	assert_int_equal(r.nflows, 2);
	assert_int_equal(r.flows[1].line, 3);

	/* Hubble names many files: the name alone is not enough. */
	classify_member("cilium-sysdump-x/hubble-drops.txt", NULL, 0, NULL, &c);
	assert_int_equal(c.kind, ART_UNKNOWN);
	classification_release(&c);
	classify_member("cilium-sysdump-x/hubble-drops.txt",
	    (const unsigned char *)text, sizeof(text) - 1, NULL, &c);
	assert_int_equal(c.kind, ART_HUBBLE_TEXT);
	classification_release(&c);
	{
		static const char json[] = "{\"flow\":{\"time\":\"2025-06-01"
		    "T10:14:58Z\",\"verdict\":\"DROPPED\"}}\n";
		static const char status[] = "Healthcheck (via localhost:4245): "
		    "Ok\nCurrent/Max Flows: 4095/4095 (100.00%)\n";

		classify_member("x/hubble-flows.txt", (const unsigned char *)
		    json, sizeof(json) - 1, NULL, &c);
		assert_int_equal(c.kind, ART_HUBBLE_FLOWS);
		classification_release(&c);
		classify_member("x/hubble-status.txt", (const unsigned char *)
		    status, sizeof(status) - 1, NULL, &c);
		assert_int_equal(c.kind, ART_UNKNOWN);
		classification_release(&c);
		assert_false(art_hubble_text_sniff((const unsigned char *)
		    "Jun 10 12:50:15.556: node rebooted\n", 35));
	}
	classify_member("cilium-sysdump-x/ticket-42.log",
	    (const unsigned char *)text, sizeof(text) - 1, NULL, &c);
	assert_int_equal(c.kind, ART_HUBBLE_TEXT);
	classification_release(&c);
	/* The collector's own hubble files keep their kinds. */
	classify_member("cilium-sysdump-x/hubble-observe-cilium-x-"
	    "20250601-101500.log", NULL, 0, NULL, &c);
	assert_int_equal(c.kind, ART_HUBBLE_OBSERVE_LOG);
	classification_release(&c);
	assert_string_equal(flow_source_name(FLOW_SOURCE_HUBBLE_TEXT),
	    "hubble-text");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_drop_and_verdicts,
		    sm_setup, sm_teardown),
		cmocka_unit_test_setup_teardown(test_shapes, sm_setup,
		    sm_teardown),
		cmocka_unit_test_setup_teardown(test_more_shapes, sm_setup,
		    sm_teardown),
		cmocka_unit_test_setup_teardown(test_not_flows, sm_setup,
		    sm_teardown),
		cmocka_unit_test_setup_teardown(test_truncated, sm_setup,
		    sm_teardown),
		cmocka_unit_test_setup_teardown(test_member_and_classify,
		    sm_setup, sm_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
