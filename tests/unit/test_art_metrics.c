/*
 * test_art_metrics.c: metric samples from the 1.16+ metrics list table
 * (unquoted labels, histogram and summary cells, exponent values), the
 * older quoted table, headerless pasted rows, and Prometheus text (HELP,
 * TYPE, escapes, timestamps, NaN/Inf, buckets); markdown wrapping, bad
 * lines, and the find and map pressure helpers.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "art_metrics.h"
#include "diag.h"
#include "ingest.h"
#include "intern.h"

#include "support_member.h"

/* What the last parse() gave. */
static struct metrics_result r;

static int
parse(struct sm_fx *f, const char *path, const char *text)
{
	return art_metrics_parse(sm_member(f, path, text), f->a, f->st,
	    &f->d, &r);
}

static void
test_table_new(void **state)
{
	static const char text[] =
	    "Metric                                            Labels                                   Value\n"
	    "cilium_bpf_map_pressure                           map_name=cilium_lb4_reverse_nat          0.001221\n"
	    "cilium_bpf_map_pressure                           map_name=cilium_policy_v2_00482          0.118652\n"
	    "cilium_drop_count_total                           direction=INGRESS reason=Policy denied   1.234000e+06\n"
	    "cilium_endpoint_regeneration_time_stats_seconds   scope=total                              1.5ms / 4.8ms / 9.5ms\n"
	    "cilium_k8s_client_api_latency_time_seconds        method=GET path=/api/v1/nodes            p50(2.1ms) p90(3ms) p99(8ms)\n"
	    "cilium_unreachable_nodes                                                                   0.000000\n";
	struct sm_fx *f = *state;
	const struct metric_sample *s;
	struct metrics_map_pressure *mp;

	assert_int_equal(parse(f, "cmd/cilium-dbg-metrics-list.md", text), 0);
	assert_int_equal(f->d.n, 0);
	assert_int_equal(r.format, METRICS_LIST_TABLE);
	assert_int_equal(r.nsamples, 6);
	s = &r.samples[0];
	assert_int_equal(s->line, 2);
	assert_string_equal(s->name, "cilium_bpf_map_pressure");
	assert_string_equal(s->labels_text, "map_name=cilium_lb4_reverse_nat");
	assert_int_equal(s->nlabels, 1);
	assert_string_equal(s->labels[0].key, "map_name");
	assert_string_equal(s->labels[0].value, "cilium_lb4_reverse_nat");
	assert_true(s->has_value);
	assert_true(fabs(s->value - 0.001221) < 1e-9);
	assert_null(s->type);

	s = metrics_find(&r, "cilium_drop_count_total", "reason",
	    "Policy denied");
	assert_non_null(s);
	assert_int_equal(s->nlabels, 2);
	assert_string_equal(metric_label_get(s, "direction"), "INGRESS");
	assert_true(s->value == 1234000.0);
	assert_null(metric_label_get(s, "nope"));

	s = &r.samples[3];
	assert_false(s->has_value);
	assert_string_equal(s->value_text, "1.5ms / 4.8ms / 9.5ms");
	s = &r.samples[4];
	assert_string_equal(metric_label_get(s, "path"), "/api/v1/nodes");
	assert_string_equal(s->value_text, "p50(2.1ms) p90(3ms) p99(8ms)");
	s = &r.samples[5];
	assert_int_equal(s->nlabels, 0);
	assert_string_equal(s->labels_text, "");
	assert_true(s->has_value);
	assert_true(s->value == 0.0);

	assert_int_equal(metrics_map_pressure(&r, f->a, &mp), 2);
	assert_string_equal(mp[1].map_name, "cilium_policy_v2_00482");
	assert_true(fabs(mp[1].value - 0.118652) < 1e-9);
	assert_int_equal(mp[1].line, 3);
	assert_non_null(metrics_find(&r, "cilium_unreachable_nodes", NULL,
	    NULL));
	assert_null(metrics_find(&r, "cilium_bpf_map_pressure", "map_name",
	    "nope"));
}

/* Up to 1.15: quoted labels. */
static void
test_table_old(void **state)
{
	static const char text[] =
	    "Metric                       Labels                                                Value\n"
	    "cilium_drop_bytes_total      direction=\"EGRESS\" reason=\"CT: Unknown L4 protocol\"   390.000000\n"
	    "cilium_forward_count_total   direction=\"INGRESS\"                                   520828105.000000\n"
	    "cilium_policy_count                                                                12.000000\n";
	struct sm_fx *f = *state;
	const struct metric_sample *s;
	struct metrics_map_pressure *mp;

	assert_int_equal(parse(f, "old.md", text), 0);
	assert_int_equal(f->d.n, 0);
	assert_int_equal(r.nsamples, 3);
	s = &r.samples[0];
	assert_string_equal(metric_label_get(s, "reason"),
	    "CT: Unknown L4 protocol");
	assert_true(s->value == 390.0);
	assert_true(r.samples[1].value == 520828105.0);
	assert_int_equal(metrics_map_pressure(&r, f->a, &mp), 0);
	assert_null(mp);
}

/* Pasted rows without the header (and a cut last row). */
static void
test_headerless(void **state)
{
	static const char text[] =
	    "cilium_drop_bytes_total                               direction=\"EGRESS\" reason=\"Invalid source ip\"              423830.000000\n"
	    "cilium_forward_bytes_total                            direction=\"INGRESS\"                                         520828105.000000\n"
	    "cilium_policy_count   12.000000\n"
	    "cilium_drop_bytes_total                               direction=\"EGRESS\" reason=\"Missed\n";
	struct sm_fx *f = *state;

	assert_int_equal(parse(f, "paste.txt", text), 0);
	assert_int_equal(r.format, METRICS_LIST_TABLE);
	assert_int_equal(r.nsamples, 3);
	assert_string_equal(metric_label_get(&r.samples[0], "reason"),
	    "Invalid source ip");
	assert_true(r.samples[0].value == 423830.0);
	assert_int_equal(r.samples[1].nlabels, 1);
	assert_true(r.samples[2].value == 12.0);
	assert_int_equal(f->d.n, 1);
	assert_int_equal(f->d.v[0].line, 4);
	assert_non_null(strstr(f->d.v[0].text, "cannot parse metric: "));
}

static void
test_prometheus(void **state)
{
	static const char text[] =
	    "# HELP cilium_operator_ipam_ips Number of IPs allocated\n"
	    "# TYPE cilium_operator_ipam_ips gauge\n"
	    "cilium_operator_ipam_ips{type=\"available\"} 250\n"
	    "cilium_operator_ipam_ips{type=\"in_use\"} 6 1717236000000\n"
	    "# HELP hubble_flows_processed_total Total number of flows\n"
	    "# TYPE hubble_flows_processed_total counter\n"
	    "hubble_flows_processed_total{protocol=\"TCP\",subtype=\"to-endpoint\",type=\"Trace\",verdict=\"FORWARDED\"} 1.5e+06\n"
	    "# TYPE apiserver_request_duration_seconds histogram\n"
	    "apiserver_request_duration_seconds_bucket{verb=\"GET\",le=\"0.05\"} 10\n"
	    "apiserver_request_duration_seconds_bucket{verb=\"GET\",le=\"+Inf\"} 12\n"
	    "apiserver_request_duration_seconds_sum{verb=\"GET\"} 0.31\n"
	    "apiserver_request_duration_seconds_count{verb=\"GET\"} 12\n"
	    "weird{msg=\"a \\\"quoted\\\" \\\\ text\\nnext\",x=\"}\"} NaN\n"
	    "go_goroutines +Inf\n"
	    "up -Inf\n"
	    "\n"
	    "bad{x=\"1\" 3\n"
	    "bad2{x=1} 3\n"
	    "bad3 three\n"
	    "bad4 3 soon\n"
	    "bad5{x=\"1\"}\n"
	    "# EOF\n";
	struct sm_fx *f = *state;
	const struct metric_sample *s;

	assert_int_equal(parse(f, "metrics-cilium-operator-x-operator-"
	    "20250601-101500.txt", text), 0);
	assert_int_equal(r.format, METRICS_PROMETHEUS);
	assert_int_equal(r.nsamples, 10);
	s = &r.samples[0];
	assert_int_equal(s->line, 3);
	assert_string_equal(s->type, "gauge");
	assert_string_equal(s->labels_text, "type=\"available\"");
	assert_true(s->value == 250.0);
	assert_false(s->has_timestamp);
	s = &r.samples[1];
	assert_true(s->has_timestamp);
	assert_true(s->timestamp_ms == 1717236000000LL);
	s = &r.samples[2];
	assert_string_equal(s->type, "counter");
	assert_int_equal(s->nlabels, 4);
	assert_string_equal(metric_label_get(s, "verdict"), "FORWARDED");
	assert_true(s->value == 1500000.0);
	assert_string_equal(r.samples[3].type, "histogram");
	assert_string_equal(metric_label_get(&r.samples[4], "le"), "+Inf");
	assert_string_equal(r.samples[5].type, "histogram");
	assert_string_equal(r.samples[6].type, "histogram");
	s = &r.samples[7];
	assert_string_equal(s->name, "weird");
	assert_null(s->type);
	assert_string_equal(metric_label_get(s, "msg"),
	    "a \"quoted\" \\ text\nnext");
	assert_string_equal(metric_label_get(s, "x"), "}");
	assert_true(isnan(s->value));
	assert_true(isinf(r.samples[8].value));
	assert_true(r.samples[9].value < 0);

	assert_int_equal(f->d.n, 5);
	assert_int_equal(f->d.v[0].line, 17);
	assert_string_equal(f->d.v[0].text, "cannot parse metric sample: "
	    "unterminated labels in 'bad{x=\"1\" 3'");
	assert_int_equal(f->d.v[1].line, 18);
	assert_int_equal(f->d.v[2].line, 19);
	assert_string_equal(f->d.v[2].text, "cannot parse metric sample: "
	    "bad value in 'bad3 three'");
	assert_int_equal(f->d.v[3].line, 20);
	assert_int_equal(f->d.v[4].line, 21);
	assert_string_equal(f->d.v[4].text, "cannot parse metric sample: "
	    "no value in 'bad5{x=\"1\"}'");
}

static void
test_markdown_and_errors(void **state)
{
	static const char md[] =
	    "# cilium-dbg metrics list\n"
	    "\n"
	    "```\n"
	    "Metric   Labels   Value\n"
	    "test_A            1.000000\n"
	    "test_B            2.000000\n"
	    "```\n"
	    "> Error while running 'cilium-dbg metrics list':  context deadline exceeded\n";
	static const char empty_table[] = "Metric   Labels   Value\n";
	struct sm_fx *f = *state;

	assert_int_equal(parse(f, "md.md", md), 0);
	assert_int_equal(r.nsamples, 2);
	assert_int_equal(r.samples[1].line, 6);
	assert_true(r.samples[1].value == 2.0);
	assert_int_equal(f->d.n, 1);
	assert_int_equal(f->d.v[0].line, 8);
	assert_string_equal(f->d.v[0].text,
	    "command failed: context deadline exceeded");

	diag_list_release(&f->d);
	diag_list_init(&f->d);
	assert_int_equal(parse(f, "e.md", empty_table), 0);
	assert_int_equal(r.nsamples, 0);
	assert_int_equal(parse(f, "c.md", "# HELP x y\n# TYPE x gauge\n"), 0);
	assert_int_equal(f->d.n, 0);
	assert_int_equal(parse(f, "j.md", "not metrics at all\n"), -1);
	assert_int_equal(f->d.n, 2);
	assert_string_equal(f->d.v[1].text, "cannot parse metrics: no samples");
	assert_int_equal(parse(f, "z.md", ""), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_table_new, sm_setup,
		    sm_teardown),
		cmocka_unit_test_setup_teardown(test_table_old, sm_setup,
		    sm_teardown),
		cmocka_unit_test_setup_teardown(test_headerless, sm_setup,
		    sm_teardown),
		cmocka_unit_test_setup_teardown(test_prometheus, sm_setup,
		    sm_teardown),
		cmocka_unit_test_setup_teardown(test_markdown_and_errors,
		    sm_setup, sm_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
