/*
 * test_art_monitor.c: `cilium-dbg monitor` text lines as flow records.
 * The lines are the shapes of ../shared/corpus/cilium-outputs (docs
 * debugging.txt and host-firewall.txt, troubleshooting.txt, the capture of
 * cilium issue 2907) and of the DumpInfo format strings of each era
 * (pkg/monitor/datapath_drop.go, pkg/monitor/api/types.go).
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
#include "art_monitor.h"
#include "classify.h"
#include "diag.h"
#include "eval_flow.h"
#include "intern.h"

#include "support_member.h"

static enum monitor_line
line(struct sm_fx *f, const char *s, struct flow_record *fr)
{
	const char *why = NULL;
	enum monitor_line k = art_monitor_line(s, strlen(s), f->st, fr, &why);

	if (k == MONITOR_EVENT)
		assert_null(why);
	return k;
}

/* A line that starts like an event and does not parse: why not. */
static const char *
bad(struct sm_fx *f, const char *s)
{
	struct flow_record fr;
	const char *why = NULL;

	assert_int_equal(art_monitor_line(s, strlen(s), f->st, &fr, &why),
	    MONITOR_NOT);
	assert_int_equal(fr.verdict, FLOW_VERDICT_UNKNOWN);
	return why;
}

/* The newest drop shape: ifindex, file and an empty field. */
static void
test_drop_newest(void **state)
{
	struct sm_fx *f = *state;
	struct flow_record fr;

	assert_int_equal(line(f, "xx drop (Policy denied) flow 0x0 to "
	    "endpoint 842, ifindex 14, file bpf_lxc.c:2088, , identity "
	    "44601->21093: 10.244.1.152:33284 -> 10.244.1.23:9090 tcp SYN",
	    &fr), MONITOR_EVENT);
	assert_int_equal(fr.verdict, FLOW_DROPPED);
	assert_int_equal(fr.drop_reason, 133);
	assert_string_equal(fr.drop_reason_name, "POLICY_DENIED");
	assert_true(fr.has_event_type);
	assert_int_equal(fr.event_type, 1);
	assert_int_equal(fr.direction, FLOW_DIR_UNKNOWN);
	assert_int_equal(fr.src.identity, 44601);
	assert_int_equal(fr.dst.identity, 21093);
	assert_int_equal(fr.dst.id, 842);
	assert_int_equal(fr.interface_index, 14);
	assert_string_equal(fr.file_name, "bpf_lxc.c");
	assert_int_equal(fr.file_line, 2088);
	assert_string_equal(fr.src_ip, "10.244.1.152");
	assert_string_equal(fr.dst_ip, "10.244.1.23");
	assert_int_equal(fr.src_port, 33284);
	assert_int_equal(fr.dst_port, 9090);
	assert_int_equal(fr.l4, FLOW_L4_TCP);
	assert_int_equal(fr.tcp_flags, FLOW_TCP_SYN);
	assert_int_equal(fr.ip_version, 4);
	assert_true(eval_flow_is_dropped_packet(&fr));
}

/* Issue 2907's capture: the old reason text, no ifindex. */
static void
test_drop_old(void **state)
{
	struct sm_fx *f = *state;
	struct flow_record fr;

	assert_int_equal(line(f, "xx drop (Policy denied (L3)) flow "
	    "0xcf4aba39 to endpoint 16996, identity 47997->27239: "
	    "10.0.111.25:34020 -> 10.0.118.183:80 tcp SYN", &fr),
	    MONITOR_EVENT);
	assert_int_equal(fr.drop_reason, 133);
	assert_int_equal(fr.src.identity, 47997);
	assert_int_equal(fr.dst.identity, 27239);
	assert_int_equal(fr.dst.id, 16996);
	assert_int_equal(fr.dst_port, 80);

	/* troubleshooting.txt: no flow hash, IPv6 and IPv4 ICMP. */
	assert_int_equal(line(f, "xx drop (Policy denied) to endpoint 25729, "
	    "identity 261->264: fd02::c0a8:210b:0:bf00 -> "
	    "fd02::c0a8:210b:0:6481 EchoRequest", &fr), MONITOR_EVENT);
	assert_int_equal(fr.l4, FLOW_L4_ICMPV6);
	assert_int_equal(fr.ip_version, 6);
	assert_string_equal(fr.dst_ip, "fd02::c0a8:210b:0:6481");
	assert_int_equal(fr.dst_port, 0);
	assert_int_equal(line(f, "xx drop (Policy denied) to endpoint 25729, "
	    "identity 261->264: 10.11.13.37 -> 10.11.101.61 EchoRequest",
	    &fr), MONITOR_EVENT);
	assert_int_equal(fr.l4, FLOW_L4_ICMPV4);

	/* A datapath drop: its own reason, reserved names for identities. */
	assert_int_equal(line(f, "xx drop (Invalid destination mac) to "
	    "endpoint 0, identity 0->0: fe80::5c25:ddff:fe8e:78d8 -> ff02::2 "
	    "RouterSolicitation", &fr), MONITOR_EVENT);
	assert_int_equal(fr.drop_reason, 131);
	assert_false(eval_flow_is_policy_drop(&fr));
	assert_int_equal(line(f, "xx drop (Policy denied by denylist) flow "
	    "0x1 to endpoint 7, ifindex 3, file bpf_lxc.c:1, , identity "
	    "remote-node->world: [f00d::1]:4000 -> [f00d::2]:53 udp", &fr),
	    MONITOR_EVENT);
	assert_int_equal(fr.drop_reason, 181);
	assert_int_equal(fr.src.identity, 6);
	assert_int_equal(fr.dst.identity, 2);
	assert_string_equal(fr.src_ip, "f00d::1");
	assert_int_equal(fr.dst_port, 53);
	assert_int_equal(fr.l4, FLOW_L4_UDP);
}

/* Reserved names with a '-', several flags, summaries without ports. */
static void
test_names_and_summaries(void **state)
{
	struct sm_fx *f = *state;
	struct flow_record fr;

	assert_int_equal(line(f, "xx drop (Policy denied) flow 0x0 to endpoint "
	    "0, identity 3045->world-ipv4: 10.0.0.1:5 -> 1.1.1.1:443 tcp SYN, "
	    "ACK", &fr), MONITOR_EVENT);
	assert_int_equal(fr.dst.identity, 9);
	assert_int_equal(fr.tcp_flags, FLOW_TCP_SYN | FLOW_TCP_ACK);
	assert_int_equal(line(f, "xx drop (Policy denied) to endpoint 7, "
	    "identity world-ipv6->kube-apiserver: [2001:db8::1]:5 -> "
	    "[fd00::7]:6443 tcp SYN", &fr), MONITOR_EVENT);
	assert_int_equal(fr.src.identity, 10);
	assert_int_equal(fr.dst.identity, 7);
	assert_int_equal(line(f, "Policy verdict log: flow 0x0 local EP ID 9, "
	    "remote ID world-ipv4, proto 6, ingress, action deny, auth: "
	    "disabled, match none, 1.2.3.4:5 -> 10.0.0.9:80 tcp SYN", &fr),
	    MONITOR_EVENT);
	assert_int_equal(fr.src.identity, 9);
	assert_int_equal(line(f, "xx drop (Policy denied) to endpoint 7, "
	    "identity host->remote-node: 10.0.0.1:5 -> 10.0.0.2:6 udp", &fr),
	    MONITOR_EVENT);
	assert_int_equal(fr.src.identity, 1);
	assert_int_equal(fr.dst.identity, 6);
	/* No IP header, an unknown packet, IPsec: events without ports. */
	assert_int_equal(line(f, "xx drop (Invalid packet) to endpoint 0, "
	    "identity 0->0: 02:42:ac:11:00:02 -> ff:ff:ff:ff:ff:ff ARP", &fr),
	    MONITOR_EVENT);
	assert_null(fr.src_ip);
	assert_int_equal(fr.drop_reason, 134);
	assert_int_equal(line(f, "xx drop (Invalid packet) to endpoint 0, "
	    "identity 0->0: [unknown]", &fr), MONITOR_EVENT);
	assert_null(fr.dst_ip);
	assert_int_equal(line(f, "xx drop (Invalid packet) to endpoint 0, "
	    "identity 2->1: 10.0.0.1:0 -> 10.0.0.2:0 IPsecESP", &fr),
	    MONITOR_EVENT);
	assert_string_equal(fr.dst_ip, "10.0.0.2");
	assert_int_equal(fr.l4, FLOW_L4_NONE);
	assert_int_equal(fr.dst_port, 0);
}

/* Every prefix of every shape: an event, or refused, never more. */
static void
test_truncated(void **state)
{
	static const char *const lines[] = {
		"xx drop (Policy denied (L3)) flow 0xcf4aba39 to endpoint "
		"16996, identity 47997->27239: 10.0.111.25:34020 -> "
		"10.0.118.183:80 tcp SYN",
		"xx drop (Policy denied) flow 0x0 to endpoint 842, ifindex 14, "
		"file bpf_lxc.c:2088, , identity remote-node->world-ipv6: "
		"[f00d::1]:4000 -> [f00d::2]:53 udp",
		"Policy verdict log: flow 0x0 local EP ID 842, remote ID "
		"44601, proto 6, ingress, action deny, auth: disabled, match "
		"none, 10.244.1.152:33284 -> 10.244.1.23:9090 tcp SYN, ACK",
		"Policy verdict log: flow 0x1 local EP ID 5, remote ID 7, dst "
		"port 443, proto 6, ingress false, action redirect, match "
		"L3-L4, 10.0.0.1:5 -> 10.0.0.2:443 tcp SYN",
	};
	struct sm_fx *f = *state;
	struct flow_record fr;
	size_t i, n;
	char *buf;

	for (i = 0; i < sizeof(lines) / sizeof(lines[0]); i++)
		for (n = 0; n <= strlen(lines[i]); n++) {
			/* exactly n bytes, so ASan sees any overread */
			buf = malloc(n > 0 ? n : 1);
			assert_non_null(buf);
			memcpy(buf, lines[i], n);
			switch (art_monitor_line(buf, n, f->st, &fr, NULL)) {
			case MONITOR_EVENT:
				assert_true(fr.has_event_type);
				break;
			case MONITOR_NOT:
			case MONITOR_OTHER:
				assert_int_equal(fr.verdict,
				    FLOW_VERDICT_UNKNOWN);
				break;
			}
			free(buf);
		}
	/* The whole lines are events. */
	for (i = 0; i < sizeof(lines) / sizeof(lines[0]); i++)
		assert_int_equal(art_monitor_line(lines[i], strlen(lines[i]),
		    f->st, &fr, NULL), MONITOR_EVENT);
}

/* Policy verdicts of every era: debugging.txt, host-firewall.txt. */
static void
test_verdicts(void **state)
{
	struct sm_fx *f = *state;
	struct flow_record fr;

	assert_int_equal(line(f, "Policy verdict log: flow 0x614e9723 local EP "
	    "ID 3459, remote ID 16777217, proto 6, egress, action allow, "
	    "match L3-Only, 10.60.0.182:41510 -> 104.198.14.52:80 tcp SYN",
	    &fr), MONITOR_EVENT);
	assert_int_equal(fr.verdict, FLOW_FORWARDED);
	assert_int_equal(fr.event_type, 5);
	assert_int_equal(fr.direction, FLOW_DIR_EGRESS);
	assert_int_equal(fr.src.id, 3459);
	assert_int_equal(fr.dst.identity, 16777217);
	assert_int_equal(fr.policy_match_type, 1);
	assert_int_equal(fr.dst_port, 80);

	assert_int_equal(line(f, "Policy verdict log: flow 0x0 local EP ID "
	    "1687, remote ID 2, proto 6, ingress, action audit, match none, "
	    "10.0.2.2:47500 -> 10.0.2.15:6443 tcp SYN", &fr), MONITOR_EVENT);
	assert_int_equal(fr.verdict, FLOW_AUDIT);
	assert_int_equal(fr.direction, FLOW_DIR_INGRESS);
	assert_int_equal(fr.dst.id, 1687);
	assert_int_equal(fr.src.identity, 2);

	assert_int_equal(line(f, "Policy verdict log: flow 0x0 local EP ID "
	    "1687, remote ID 6, proto 1, ingress, action allow, match L3-Only, "
	    "192.168.60.12 -> 192.168.60.11 EchoRequest", &fr), MONITOR_EVENT);
	assert_int_equal(fr.l4, FLOW_L4_ICMPV4);

	/* Deny: default deny, a deny entry, an auth entry (bpf/lib/policy.h). */
	assert_int_equal(line(f, "Policy verdict log: flow 0x0 local EP ID 842, "
	    "remote ID 44601, proto 6, ingress, action deny, auth: disabled, "
	    "match none, 10.244.1.152:33284 -> 10.244.1.23:9090 tcp SYN", &fr),
	    MONITOR_EVENT);
	assert_int_equal(fr.drop_reason, 133);
	assert_true(eval_flow_is_policy_drop(&fr));
	assert_false(eval_flow_is_dropped_packet(&fr));
	assert_int_equal(line(f, "Policy verdict log: flow 0x0 local EP ID 842, "
	    "remote ID world, proto 6, ingress, action deny, auth: disabled, "
	    "match L3-L4, 1.2.3.4:1 -> 10.244.1.23:22 tcp SYN", &fr),
	    MONITOR_EVENT);
	assert_int_equal(fr.drop_reason, 181);
	assert_int_equal(fr.src.identity, 2);
	assert_int_equal(line(f, "Policy verdict log: flow 0x0 local EP ID 842, "
	    "remote ID 44601, proto 6, ingress, action deny, auth: spire, "
	    "match L3-L4, 10.244.1.152:1 -> 10.244.1.23:22 tcp SYN", &fr),
	    MONITOR_EVENT);
	assert_int_equal(fr.drop_reason, 189);

	/* The first releases: "dst port", "ingress true|false". */
	assert_int_equal(line(f, "Policy verdict log: flow 0x1 local EP ID 5, "
	    "remote ID 7, dst port 443, proto 6, ingress false, action "
	    "redirect, match L3-L4, 10.0.0.1:5 -> 10.0.0.2:443 tcp SYN", &fr),
	    MONITOR_EVENT);
	assert_int_equal(fr.verdict, FLOW_REDIRECTED);
	assert_int_equal(fr.direction, FLOW_DIR_EGRESS);
	assert_int_equal(fr.dst.identity, 7);
	assert_int_equal(line(f, "Policy verdict log: flow 0x1 local EP ID 5, "
	    "remote ID 7, ingress true, action allow, match all, 10.0.0.1:5 -> "
	    "10.0.0.2:443 tcp SYN", &fr), MONITOR_EVENT);
	assert_int_equal(fr.direction, FLOW_DIR_INGRESS);
	assert_int_equal(fr.policy_match_type, 4);
	assert_int_equal(fr.verdict, FLOW_FORWARDED);

	/* 1.8 audit mode (cilium issue 11778): allow without a match. */
	assert_int_equal(line(f, "Policy verdict log: flow 0x3cc7e88f local EP "
	    "ID 343, remote ID 11862, dst port 80, proto 6, ingress true, "
	    "action allow, match none, 10.29.171.240:39126 -> 10.29.47.87:80 "
	    "tcp SYN", &fr), MONITOR_EVENT);
	assert_int_equal(fr.verdict, FLOW_AUDIT);
	assert_int_equal(fr.dst_port, 80);
}

static void
test_other_and_bad_lines(void **state)
{
	struct sm_fx *f = *state;
	struct flow_record fr;

	assert_int_equal(line(f, "-> endpoint 3459 flow 0xe6866e21 identity "
	    "15194->323 state reply ifindex lxc84b58cbdabfe orig-ip "
	    "10.60.1.115: 10.63.240.10:53 -> 10.60.0.182:42132 udp", &fr),
	    MONITOR_OTHER);
	assert_int_equal(line(f, "Listening for events on 2 CPUs with 64x4096 "
	    "of shared memory", &fr), MONITOR_OTHER);
	assert_int_equal(line(f, "$ cilium monitor", &fr), MONITOR_NOT);
	assert_int_equal(line(f, "", &fr), MONITOR_NOT);

	assert_non_null(bad(f, "xx drop (No such reason) to endpoint 1, "
	    "identity 1->2: 1.1.1.1 -> 2.2.2.2"));
	assert_non_null(bad(f, "xx drop (Policy denied) to endpoint 1, "
	    "identity 1->"));
	assert_non_null(bad(f, "Policy verdict log: flow 0x0 local EP ID 1, "
	    "remote ID 2, proto 6, sideways, action allow, match none, "
	    "1.1.1.1:1 -> 2.2.2.2:2 tcp"));
	/* Ports out of range, a mixed family, a cut line. */
	assert_int_equal(line(f, "xx drop (Policy denied) to endpoint 1, "
	    "identity 1->2: 1.1.1.1:70000 -> 2.2.2.2:1 tcp SYN", &fr),
	    MONITOR_NOT);
	assert_int_equal(line(f, "xx drop (Policy denied) to endpoint 1, "
	    "identity 1->2: 1.1.1.1:7 -> [f00d::1]:1 tcp SYN", &fr),
	    MONITOR_NOT);
	assert_non_null(bad(f, "xx drop (Policy denied) to endpo"));
}

#define CAPTURE \
	"$ cilium-dbg monitor -t drop -t policy-verdict\n" \
	"Listening for events on 8 CPUs with 64x4096 of shared memory\n" \
	"Policy verdict log: flow 0x0 local EP ID 842, remote ID 44601, " \
	"proto 6, ingress, action deny, auth: disabled, match none, " \
	"10.244.1.152:1 -> 10.244.1.23:9090 tcp SYN\n" \
	"xx drop (Policy denied) flow 0x0 to endpoint 842, ifindex 14, file " \
	"bpf_lxc.c:2088, , identity 44601->21093: 10.244.1.152:1 -> " \
	"10.244.1.23:9090 tcp SYN\n" \
	"xx drop (Policy denied) flow 0x0 to endpoint 842, identity " \
	"44601->: 10.244.1.152:1 -> 10.244.1.23:9090 tcp SYN\n" \
	"\n" \
	"-> endpoint 842 flow 0x0 identity 44601->21093 state new ifindex 0 " \
	"orig-ip 0.0.0.0: 10.244.1.152:2 -> 10.244.1.23:8080 tcp SYN\n"

static void
test_parse_member(void **state)
{
	struct sm_fx *f = *state;
	struct flow_result r;
	const struct diag *d;

	assert_int_equal(art_monitor_parse(sm_member(f, "x/monitor.txt",
	    CAPTURE), f->a, f->st, &f->d, &r), 0);
	assert_int_equal(r.source, FLOW_SOURCE_MONITOR);
	assert_string_equal(r.path, "x/monitor.txt");
	assert_int_equal(r.nflows, 2);
	assert_int_equal(r.bad_lines, 1);
	assert_int_equal(r.lines, 6);
	assert_int_equal(r.flows[0].line, 3);
	assert_int_equal(r.flows[1].line, 4);
	/* The drop event is the packet; its verdict repeats it. */
	assert_false(r.flows[0].verdict_is_drop);
	assert_false(eval_flow_is_dropped_packet(&r.flows[0]));
	assert_true(eval_flow_is_dropped_packet(&r.flows[1]));
	assert_non_null(d = sm_diag_find(&f->d, "cannot parse monitor event"));
	sm_diag_at(d, "x/monitor.txt", 5);
}

/* `monitor -t policy-verdict`: the deny verdicts stand for the packets. */
static void
test_lone_verdicts(void **state)
{
	struct sm_fx *f = *state;
	struct flow_result r;

	assert_int_equal(art_monitor_parse(sm_member(f, "v.txt",
	    "Policy verdict log: flow 0x0 local EP ID 842, remote ID 44601, "
	    "proto 6, ingress, action deny, auth: disabled, match none, "
	    "10.244.1.152:1 -> 10.244.1.23:9090 tcp SYN\n"
	    "Policy verdict log: flow 0x0 local EP ID 842, remote ID 44601, "
	    "proto 6, ingress, action allow, auth: disabled, match L3-L4, "
	    "10.244.1.152:2 -> 10.244.1.23:8080 tcp SYN\n"), f->a, f->st,
	    &f->d, &r), 0);
	assert_int_equal(r.nflows, 2);
	assert_true(r.flows[0].verdict_is_drop);
	assert_true(eval_flow_is_dropped_packet(&r.flows[0]));
	assert_false(r.flows[1].verdict_is_drop);
	assert_int_equal(r.verdicts[FLOW_FORWARDED], 1);
	assert_int_equal(r.verdicts[FLOW_DROPPED], 1);
}

/* A file with lines and no monitor output at all fails, naming it. */
static void
test_not_monitor(void **state)
{
	struct sm_fx *f = *state;
	struct flow_result r;

	assert_int_equal(art_monitor_parse(sm_member(f, "notes-monitor.txt",
	    "we ran the monitor but\nforgot to paste it\n"), f->a, f->st,
	    &f->d, &r), -1);
	assert_int_equal(r.nflows, 0);
	assert_non_null(sm_diag_find(&f->d, "no monitor event in 2 lines"));
	/* An empty capture is a valid one. */
	assert_int_equal(art_monitor_parse(sm_member(f, "m.txt", ""), f->a,
	    f->st, &f->d, &r), 0);
}

/* By name, or by its first lines when the name says nothing. */
static void
test_classify(void **state)
{
	static const char head[] = "$ kubectl exec cilium-x -- cilium-dbg "
	    "monitor\nxx drop (Policy denied) to endpoint 1, identity 1->2: "
	    "1.1.1.1 -> 2.2.2.2 EchoRequest\n";
	static const char notes[] = "ticket 42: the customer says\n";
	struct classification c;

	(void)state;
	classify_member("cilium-sysdump-x/cilium-monitor-kind-worker.txt",
	    NULL, 0, NULL, &c);
	assert_int_equal(c.kind, ART_MONITOR_OUTPUT);
	classification_release(&c);
	classify_member("cilium-sysdump-x/drops.txt",
	    (const unsigned char *)head, sizeof(head) - 1, NULL, &c);
	assert_int_equal(c.kind, ART_MONITOR_OUTPUT);
	classification_release(&c);
	classify_member("cilium-sysdump-x/notes.txt",
	    (const unsigned char *)notes, sizeof(notes) - 1, NULL, &c);
	assert_int_equal(c.kind, ART_UNKNOWN);
	classification_release(&c);
	/* The collector's own files keep their kind. */
	classify_member("cilium-sysdump-x/hubble-observe-cilium-x-"
	    "20250601-101500.log", (const unsigned char *)head,
	    sizeof(head) - 1, NULL, &c);
	assert_int_equal(c.kind, ART_HUBBLE_OBSERVE_LOG);
	classification_release(&c);
	assert_true(art_monitor_sniff((const unsigned char *)"\n\n-> endpoint "
	    "3459 flow 0x1 identity 1->2 state new: a -> b\n", 60));
	assert_false(art_monitor_sniff((const unsigned char *)"-> hello\n",
	    9));
}

static void
test_names(void **state)
{
	(void)state;
	assert_string_equal(flow_source_name(FLOW_SOURCE_HUBBLE), "hubble");
	assert_string_equal(flow_source_name(FLOW_SOURCE_MONITOR), "monitor");
	assert_string_equal(flow_source_name(FLOW_SOURCE_AGENT_LOG),
	    "agent-log");
	assert_string_equal(flow_source_text(FLOW_SOURCE_MONITOR),
	    "a cilium-dbg monitor capture");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_drop_newest, sm_setup,
		    sm_teardown),
		cmocka_unit_test_setup_teardown(test_drop_old, sm_setup,
		    sm_teardown),
		cmocka_unit_test_setup_teardown(test_names_and_summaries,
		    sm_setup, sm_teardown),
		cmocka_unit_test_setup_teardown(test_truncated, sm_setup,
		    sm_teardown),
		cmocka_unit_test_setup_teardown(test_verdicts, sm_setup,
		    sm_teardown),
		cmocka_unit_test_setup_teardown(test_other_and_bad_lines,
		    sm_setup, sm_teardown),
		cmocka_unit_test_setup_teardown(test_parse_member, sm_setup,
		    sm_teardown),
		cmocka_unit_test_setup_teardown(test_lone_verdicts, sm_setup,
		    sm_teardown),
		cmocka_unit_test_setup_teardown(test_not_monitor, sm_setup,
		    sm_teardown),
		cmocka_unit_test(test_classify),
		cmocka_unit_test(test_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
