/*
 * test_check_logs.c: the declarative log rules of rules/ (AGENT-K8S-
 * UNREACHABLE, KVSTORE-UNREACHABLE, DATAPATH-REGEN-FAILED, BGP-PEER-DOWN)
 * and the engine's log matching: the literal prefilter derived from a
 * pattern, the same event matched in every log era (testdata/logs/ and a
 * JSON variant), per-node counts with the first and last line of each
 * node, previous container logs and their last lines, thresholds, time
 * windows and excluded lines.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eval.h"
#include "model.h"
#include "rule.h"
#include "support_archive.h"

#define TS	"20250601-101500"
#define TOP	"cilium-sysdump-" TS "/"
#define LOG_A	TOP "logs-cilium-a1-cilium-agent-" TS ".log"
#define PREV_A	TOP "logs-cilium-a1-cilium-agent-" TS "-prev.log"
#define LOG_B	TOP "logs-cilium-b2-cilium-agent-" TS ".log"

static const char *const rule_files[] = {
	"rules/AGENT-K8S-UNREACHABLE.yaml",
	"rules/KVSTORE-UNREACHABLE.yaml",
	"rules/DATAPATH-REGEN-FAILED.yaml",
	"rules/BGP-PEER-DOWN.yaml",
};

static const char ds[] =
    "items:\n- spec:\n    template:\n      spec:\n        containers:\n"
    "        - image: quay.io/cilium/cilium:v1.16.5\n"
    "          name: cilium-agent\n";
static const char pods[] =
    "items:\n"
    "- metadata: {name: cilium-a1, namespace: kube-system, labels: "
    "{k8s-app: cilium}}\n"
    "  spec: {nodeName: n1, hostNetwork: true}\n"
    "  status: {phase: Running}\n"
    "- metadata: {name: cilium-b2, namespace: kube-system, labels: "
    "{k8s-app: cilium}}\n"
    "  spec: {nodeName: n2, hostNetwork: true}\n"
    "  status: {phase: Running}\n"
    "- metadata: {name: web-1, namespace: shop, labels: {app: web}}\n"
    "  spec: {nodeName: n1}\n  status: {phase: Running, podIP: 10.0.0.5}\n";

struct run {
	struct model	 m;
	struct ruleset	 rs;
	struct findings	 f;
	char		*path;
};

/* Build a sysdump of the pods, the DaemonSet and the given logs; run. */
static void
run_logs(struct run *r, const char *name, const struct sa_entry *logs,
    size_t nlogs)
{
	struct sa_entry e[8];
	struct ingest_limits lim;
	struct diag_list d;
	char *err = NULL;
	size_t i, n = 0;

	e[n++] = (struct sa_entry){ TOP "cilium-daemonset-" TS ".yaml", ds, 0,
	    SA_FILE };
	e[n++] = (struct sa_entry){ TOP "k8s-pods-" TS ".yaml", pods, 0,
	    SA_FILE };
	for (i = 0; i < nlogs && n < 8; i++)
		e[n++] = logs[i];
	r->path = sa_write_archive(name, "zip", e, n);
	ingest_limits_default(&lim);
	assert_int_equal(model_build(&r->m, r->path, &lim, &err), 0);
	ruleset_init(&r->rs);
	diag_list_init(&d);
	for (i = 0; i < sizeof(rule_files) / sizeof(rule_files[0]); i++)
		assert_int_equal(ruleset_load_file(&r->rs, rule_files[i],
		    eval_builtin_known, &d), 1);
	assert_int_equal(d.n, 0);
	diag_list_release(&d);
	findings_init(&r->f);
	eval_run(&r->m, &r->rs, &r->f);
	/* Every log rule ran. */
	assert_int_equal(r->f.nskipped, 0);
	assert_int_equal(r->f.evaluated, 4);
}

static void
run_release(struct run *r)
{
	findings_release(&r->f);
	ruleset_release(&r->rs);
	model_free(&r->m);
	free(r->path);
}

static const struct finding *
find(const struct findings *f, const char *id)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		if (strcmp(f->v[i].rule->id, id) == 0)
			return &f->v[i];
	return NULL;
}

static bool
has_evidence(const struct finding *x, const char *path_end,
    unsigned long line, const char *text)
{
	size_t i, n = strlen(path_end);

	for (i = 0; i < x->nevidence; i++) {
		const struct finding_evidence *e = &x->evidence[i];
		size_t pl = strlen(e->path);

		if (pl >= n && strcmp(e->path + pl - n, path_end) == 0 &&
		    e->line == line && strstr(e->excerpt, text) != NULL)
			return true;
	}
	return false;
}

static char *
slurp(const char *path)
{
	FILE *fp = fopen(path, "rb");
	char *s;
	long n;

	assert_non_null(fp);
	assert_int_equal(fseek(fp, 0, SEEK_END), 0);
	n = ftell(fp);
	assert_true(n > 0);
	rewind(fp);
	s = malloc((size_t)n + 1);
	assert_non_null(s);
	assert_int_equal(fread(s, 1, (size_t)n, fp), (size_t)n);
	s[n] = '\0';
	fclose(fp);
	return s;
}

/* --- the literal prefilter ------------------------------------------- */

static size_t
lits(const char *pattern, const char **out, char *scratch)
{
	return eval_log_literals(pattern, scratch, out, 16);
}

static void
test_literals(void **state)
{
	char scratch[512];
	const char *l[16];

	(void)state;
	/* A plain message: the whole of it. */
	assert_int_equal(lits("^Regeneration of endpoint failed$", l,
	    scratch), 1);
	assert_string_equal(l[0], "Regeneration of endpoint failed");
	/* An alternation in a group: one literal per branch. */
	assert_int_equal(lits("^(?:Unable to contact k8s api-server|"
	    "Heartbeat timed out)$", l, scratch), 2);
	assert_string_equal(l[0], "Unable to contact k8s api-server");
	assert_string_equal(l[1], "Heartbeat timed out");
	/* An optional character ends the run before it. */
	assert_int_equal(lits("remote clust?er$", l, scratch), 1);
	assert_string_equal(l[0], "remote clus");
	/* An optional group is not required; the run after it is. */
	assert_int_equal(lits("^(?:JoinEP: )?Failed to compile", l, scratch),
	    1);
	assert_string_equal(l[0], "Failed to compile");
	/* Escaped punctuation is literal; \d and classes end a run. */
	assert_int_equal(lits("map cilium_policy_\\d+: no space left\\.", l,
	    scratch), 1);
	assert_string_equal(l[0], "map cilium_policy_");
	assert_int_equal(lits("[Ee]rror while (rewriting|loading)", l,
	    scratch), 1);
	assert_string_equal(l[0], "rror while ");
	/* Top-level branches: each needs a literal. */
	assert_int_equal(lits("^(?:a|b)$|etcd client timeout exceeded", l,
	    scratch), 0);
	assert_int_equal(lits("^(?:Error observed on etcd connection|"
	    "Unable to establish)$|etcd client timeout", l, scratch), 3);
	/* Nothing safe: inline options, too short, a bare class. */
	assert_int_equal(lits("(?i)unable to contact", l, scratch), 0);
	assert_int_equal(lits("ab.cd", l, scratch), 0);
	assert_int_equal(lits("[a-z]+", l, scratch), 0);
	assert_int_equal(lits("\\Qa.b\\E", l, scratch), 0);
	/* A quantifier on a group keeps the group out. */
	assert_int_equal(lits("(?:Peer Down)* sent notification", l,
	    scratch), 1);
	assert_string_equal(l[0], " sent notification");
}

/* --- every log era ---------------------------------------------------- */

/*
 * The same events in the three grammars of testdata/logs/: line 3 is the
 * API server error, line 5 the regeneration failure with k8sPodName.
 */
static void
check_era(const char *file, const char *time_text)
{
	char *text = slurp(file);
	struct sa_entry logs[] = { { LOG_A, text, 0, SA_FILE } };
	const struct finding *x;
	struct run r;

	run_logs(&r, "era.zip", logs, 1);
	x = find(&r.f, "AGENT-K8S-UNREACHABLE");
	assert_non_null(x);
	assert_int_equal(x->log_lines, 1);
	assert_string_equal(x->title, "The Cilium agent cannot reach the "
	    "Kubernetes API server on n1");
	assert_non_null(strstr(x->message, "n1: 1"));
	assert_non_null(strstr(x->message, "dial tcp 10.96.0.1:443: i/o "
	    "timeout"));
	assert_true(has_evidence(x, "logs-cilium-a1-cilium-agent-" TS ".log",
	    3, "Unable to contact k8s api-server"));
	assert_true(has_evidence(x, ".log", 3, time_text));
	assert_string_equal(x->subjects[0].kind, "Node");
	assert_string_equal(x->subjects[0].name, "n1");
	assert_int_equal(x->naffected, 1);
	assert_string_equal(x->affected[0], "kube-system/cilium-a1");
	/* One agent, current log: its cause, standing on its own. */
	assert_string_equal(x->cause, "agent/n1");
	assert_false(x->generic);

	x = find(&r.f, "DATAPATH-REGEN-FAILED");
	assert_non_null(x);
	assert_int_equal(x->log_lines, 1);
	assert_true(has_evidence(x, ".log", 5, "Regeneration of endpoint "
	    "failed error=\"Error while rewriting endpoint BPF program"));
	/* The endpoint's pod, from k8sPodName. */
	assert_int_equal(x->naffected, 1);
	assert_string_equal(x->affected[0], "default/web-7d8c9b6c4-x2zkl");
	/* The panic is no match of these rules; nothing else fires. */
	assert_null(find(&r.f, "KVSTORE-UNREACHABLE"));
	assert_null(find(&r.f, "BGP-PEER-DOWN"));
	run_release(&r);
	free(text);
}

static void
test_era_logrus_notime(void **state)
{
	(void)state;
	/* No time= in the line: the kubelet prefix gives it. */
	check_era("testdata/logs/logrus-notime.log",
	    "2024-06-12T07:04:29.019377509Z");
}

static void
test_era_logrus_time(void **state)
{
	(void)state;
	check_era("testdata/logs/logrus-time.log",
	    "2025-03-04T07:04:29.019377208Z");
}

static void
test_era_slog(void **state)
{
	(void)state;
	check_era("testdata/logs/slog.log", "2025-09-10T07:04:29.019377208Z");
}

static void
test_era_json(void **state)
{
	static const char json[] =
	    "2025-06-01T10:00:00.1Z {\"level\":\"info\",\"msg\":"
	    "\"Establishing connection to apiserver\",\"subsys\":"
	    "\"k8s-client\"}\n"
	    "2025-06-01T10:00:01.1Z {\"level\":\"info\",\"msg\":\"x\"}\n"
	    "2025-06-01T10:01:00.1Z {\"error\":\"Get \\\"https://10.96.0.1:"
	    "443/api/v1/namespaces/kube-system\\\": dial tcp 10.96.0.1:443: "
	    "i/o timeout\",\"ipAddr\":\"https://10.96.0.1:443\",\"level\":"
	    "\"error\",\"msg\":\"Unable to contact k8s api-server\",\"subsys\":"
	    "\"k8s-client\",\"time\":\"2025-06-01T10:01:00Z\"}\n"
	    "2025-06-01T10:01:01.1Z {\"level\":\"info\",\"msg\":\"y\"}\n"
	    "2025-06-01T10:02:00.1Z {\"endpointID\":2781,\"error\":\"Error "
	    "while rewriting endpoint BPF program: x\",\"k8sPodName\":"
	    "\"default/web-7d8c9b6c4-x2zkl\",\"level\":\"warning\",\"msg\":"
	    "\"Regeneration of endpoint failed\",\"subsys\":\"endpoint\"}\n";
	struct sa_entry logs[] = { { LOG_A, json, 0, SA_FILE } };
	const struct finding *x;
	struct run r;

	(void)state;
	run_logs(&r, "json.zip", logs, 1);
	x = find(&r.f, "AGENT-K8S-UNREACHABLE");
	assert_non_null(x);
	assert_true(has_evidence(x, ".log", 3, "Unable to contact k8s "
	    "api-server"));
	x = find(&r.f, "DATAPATH-REGEN-FAILED");
	assert_non_null(x);
	assert_true(has_evidence(x, ".log", 5, "Regeneration"));
	assert_string_equal(x->affected[0], "default/web-7d8c9b6c4-x2zkl");
	run_release(&r);
}

/* --- nodes, previous logs, crash ------------------------------------- */

static const char prev_a[] =
    "2025-06-01T10:01:00.1Z time=\"2025-06-01T10:01:00Z\" level=info "
    "msg=\"Establishing connection to apiserver\" subsys=k8s-client\n"
    "2025-06-01T10:02:00.1Z time=\"2025-06-01T10:02:00Z\" level=warning "
    "msg=\"Heartbeat timed out, restarting client connections\" "
    "subsys=k8s-client\n"
    "2025-06-01T10:03:00.1Z time=\"2025-06-01T10:03:00Z\" level=error "
    "msg=\"Unable to contact k8s api-server\" error=\"dial tcp "
    "172.18.0.2:6443: i/o timeout\" ipAddr=\"https://h:6443\" "
    "subsys=k8s-client\n"
    "2025-06-01T10:03:00.2Z time=\"2025-06-01T10:03:00Z\" level=info "
    "msg=\"Stopping\" subsys=daemon\n"
    "2025-06-01T10:03:00.3Z time=\"2025-06-01T10:03:00Z\" level=fatal "
    "msg=\"failed to start: dial tcp 172.18.0.2:6443: i/o timeout\" "
    "subsys=daemon\n";
static const char cur_a[] =
    "2025-06-01T10:04:00.1Z time=\"2025-06-01T10:04:00Z\" level=info "
    "msg=\"Connected to apiserver\" subsys=k8s-client\n";
static const char cur_b[] =
    "2025-06-01T10:05:00.1Z time=\"2025-06-01T10:05:00Z\" level=warning "
    "msg=\"Network status error received, restarting client "
    "connections\" error=\"context deadline exceeded\" "
    "subsys=k8s-client\n"
    "2025-06-01T10:06:00.1Z time=\"2025-06-01T10:06:00Z\" level=info "
    "msg=\"Network status error received, restarting client "
    "connections\" subsys=k8s-client\n"
    "2025-06-01T10:07:00.1Z time=\"2025-06-01T10:07:00Z\" level=warning "
    "msg=\"Heartbeat timed out, restarting client connections\" "
    "subsys=k8s-client\n";

/* Only a previous container logged it: the story of a crash. */
static void
test_previous_only(void **state)
{
	struct sa_entry logs[] = {
		{ PREV_A, prev_a, 0, SA_FILE },
		{ LOG_A, cur_a, 0, SA_FILE },
	};
	const struct finding *x;
	struct run r;

	(void)state;
	run_logs(&r, "prev.zip", logs, 2);
	x = find(&r.f, "AGENT-K8S-UNREACHABLE");
	assert_non_null(x);
	assert_int_equal(x->log_lines, 2);
	assert_non_null(strstr(x->message, "n1: 2 (all 2 in the previous "
	    "container's log)"));
	assert_non_null(strstr(x->message, "Only previous containers"));
	/* First and last line of the node, then how the container ended. */
	assert_true(has_evidence(x, "-prev.log", 2, "Heartbeat timed out"));
	assert_true(has_evidence(x, "-prev.log", 3, "Unable to contact"));
	assert_true(has_evidence(x, "-prev.log", 5, "last words of the "
	    "previous container: 2025-06-01T10:03:00Z fatal: failed to "
	    "start"));
	assert_int_equal(x->nevidence, 3);
	/* Generic: it corroborates the agent's crash finding, same cause. */
	assert_string_equal(x->cause, "agent/n1");
	assert_true(x->generic);
	assert_true(x->confidence < 1.0);
	run_release(&r);
}

/* Two nodes: counts per node, first and last line of each, no cause. */
static void
test_two_nodes(void **state)
{
	struct sa_entry logs[] = {
		{ PREV_A, prev_a, 0, SA_FILE },
		{ LOG_A, cur_a, 0, SA_FILE },
		{ LOG_B, cur_b, 0, SA_FILE },
	};
	const struct finding *x;
	struct run r;

	(void)state;
	run_logs(&r, "two.zip", logs, 3);
	x = find(&r.f, "AGENT-K8S-UNREACHABLE");
	assert_non_null(x);
	/* The info line of the same message on n2 is not kept: 2 + 2. */
	assert_int_equal(x->log_lines, 4);
	assert_string_equal(x->title, "The Cilium agent cannot reach the "
	    "Kubernetes API server on 2 nodes");
	assert_non_null(strstr(x->message, "(n1: 2 (all 2 in the previous "
	    "container's log), n2: 2)"));
	/* The first matching line of all, with its error. */
	assert_non_null(strstr(x->message, "the first at 2025-06-01T10:02:00Z:"
	    " \"Heartbeat timed out"));
	/* ... and the first error the lines carry. */
	assert_non_null(strstr(x->message, "(first error: dial tcp "
	    "172.18.0.2:6443: i/o timeout)"));
	assert_int_equal(x->nsubjects, 2);
	assert_string_equal(x->subjects[0].name, "n1");
	assert_string_equal(x->subjects[1].name, "n2");
	assert_true(has_evidence(x, "cilium-b2-cilium-agent-" TS ".log", 1,
	    "error=\"context deadline exceeded\""));
	assert_true(has_evidence(x, "cilium-b2-cilium-agent-" TS ".log", 3,
	    "Heartbeat timed out"));
	assert_false(has_evidence(x, "cilium-b2-cilium-agent-" TS ".log", 2,
	    ""));
	assert_int_equal(x->naffected, 2);
	assert_null(x->cause);
	assert_false(x->generic);
	run_release(&r);
}

/* --- thresholds, windows, exclusions, near misses --------------------- */

static void
test_kvstore_threshold(void **state)
{
	static const char once[] =
	    "2025-06-01T10:00:00.1Z time=\"2025-06-01T10:00:00Z\" "
	    "level=warning msg=\"Error observed on etcd connection, "
	    "reconnecting etcd\" clusterName=east error=\"not able to connect "
	    "to any etcd endpoints\" subsys=clustermesh\n"
	    "2025-06-01T10:20:00.1Z time=\"2025-06-01T10:20:00Z\" "
	    "level=warning msg=\"Unable to establish etcd connection to "
	    "remote cluster\" clusterName=east error=\"x\" "
	    "subsys=clustermesh\n";
	static const char twice[] =
	    "2025-06-01T10:00:00.1Z time=\"2025-06-01T10:00:00Z\" "
	    "level=warning msg=\"Unable to establish etcd connection to "
	    "remote cluser\" clusterName=east error=\"x\" "
	    "subsys=clustermesh\n"
	    "2025-06-01T10:05:00.1Z time=\"2025-06-01T10:05:00Z\" "
	    "level=warning msg=\"Unable to renew lease\" "
	    "error=\"etcd client timeout exceeded\" subsys=kvstore\n";
	struct sa_entry a[] = { { LOG_A, once, 0, SA_FILE } };
	struct sa_entry b[] = { { LOG_A, twice, 0, SA_FILE } };
	const struct finding *x;
	struct run r;

	(void)state;
	/* Two lines 20 minutes apart: not two within 10 minutes. */
	run_logs(&r, "kv1.zip", a, 1);
	assert_null(find(&r.f, "KVSTORE-UNREACHABLE"));
	run_release(&r);
	/* The old "cluser" typo, and the timeout in the error= field. */
	run_logs(&r, "kv2.zip", b, 1);
	x = find(&r.f, "KVSTORE-UNREACHABLE");
	assert_non_null(x);
	assert_int_equal(x->log_lines, 2);
	assert_true(has_evidence(x, ".log", 2, "error=\"etcd client timeout "
	    "exceeded\""));
	assert_non_null(strstr(x->message, "remote cluser"));
	run_release(&r);
}

static void
test_regen_excluded(void **state)
{
	static const char log[] =
	    "2025-06-01T10:00:00.1Z time=\"2025-06-01T10:00:00Z\" "
	    "level=warning msg=\"Regeneration of endpoint failed\" "
	    "endpointID=12 error=\"context canceled\" "
	    "k8sPodName=shop/web-1 subsys=endpoint\n"
	    "2025-06-01T10:00:01.1Z time=\"2025-06-01T10:00:01Z\" "
	    "level=info msg=\"Rewrote endpoint BPF program\" subsys=endpoint\n"
	    "2025-06-01T10:00:02.1Z time=\"2025-06-01T10:00:02Z\" "
	    "level=warning msg=\"Regeneration of endpoint failed: retry\" "
	    "subsys=endpoint\n";
	static const char compile[] =
	    "2025-06-01T10:00:00.1Z time=\"2025-06-01T10:00:00Z\" "
	    "level=error msg=\"BPF template object creation failed\" "
	    "error=\"Failed to compile bpf_lxc.o: exit status 1\" "
	    "subsys=datapath-loader\n"
	    "2025-06-01T10:00:00.2Z time=\"2025-06-01T10:00:00Z\" "
	    "level=warning msg=\"JoinEP: Failed to compile\" "
	    "error=\"exit status 1\" subsys=datapath-loader\n";
	struct sa_entry a[] = { { LOG_A, log, 0, SA_FILE } };
	struct sa_entry b[] = { { LOG_B, compile, 0, SA_FILE } };
	const struct finding *x;
	struct run r;

	(void)state;
	/* A cancelled regeneration is harmless; a longer message no match. */
	run_logs(&r, "rg1.zip", a, 1);
	assert_null(find(&r.f, "DATAPATH-REGEN-FAILED"));
	run_release(&r);
	/* Compile failures, without an endpoint: the agent is affected. */
	run_logs(&r, "rg2.zip", b, 1);
	x = find(&r.f, "DATAPATH-REGEN-FAILED");
	assert_non_null(x);
	assert_int_equal(x->log_lines, 2);
	assert_string_equal(x->title, "Endpoint regeneration or BPF "
	    "compilation fails on n2");
	assert_string_equal(x->affected[0], "kube-system/cilium-b2");
	assert_true(has_evidence(x, ".log", 1, "BPF template object"));
	assert_true(has_evidence(x, ".log", 2, "JoinEP: Failed to compile"));
	run_release(&r);
}

/* The endpoint the line names is ready now: a failure overcome. */
static void
test_regen_recovered(void **state)
{
	static const char log[] =
	    "2025-06-01T10:00:00.1Z time=\"2025-06-01T10:00:00Z\" "
	    "level=warning msg=\"Regeneration of endpoint failed\" "
	    "endpointID=12 error=\"Error while rewriting endpoint BPF "
	    "program: x\" k8sPodName=shop/web-1 subsys=endpoint\n";
	static const char ceps[] =
	    "items:\n- metadata: {name: web-1, namespace: shop}\n"
	    "  status:\n    id: 12\n    state: ready\n";
	struct sa_entry a[] = { { LOG_A, log, 0, SA_FILE },
	    { TOP "ciliumendpoints-" TS ".yaml", ceps, 0, SA_FILE } };
	const struct finding *x;
	struct run r;

	(void)state;
	run_logs(&r, "rg3.zip", a, 2);
	x = find(&r.f, "DATAPATH-REGEN-FAILED");
	assert_non_null(x);
	assert_string_equal(x->affected[0], "shop/web-1");
	assert_non_null(strstr(x->message, "shop/web-1 is ready now: the "
	    "failure was overcome"));
	assert_true(x->confidence < 0.7);
	run_release(&r);
}

static void
test_bgp(void **state)
{
	static const char log[] =
	    "2025-06-01T10:00:00.1Z time=\"2025-06-01T10:00:00Z\" level=info "
	    "msg=\"Peer Down\" Key=172.18.0.10 Reason=\"notification-sent "
	    "hold timer expired\" State=BGP_FSM_ESTABLISHED Topic=Peer "
	    "asn=65001 component=gobgp.BgpServerInstance "
	    "subsys=bgp-control-plane\n"
	    "2025-06-01T10:00:00.2Z time=\"2025-06-01T10:00:00Z\" "
	    "level=warning msg=\"sent notification\" Data=\"hold timer "
	    "expired\" Key=172.18.0.10 Topic=Peer asn=65001 "
	    "component=gobgp.BgpServerInstance subsys=bgp-control-plane\n";
	static const char slog[] =
	    "2025-09-10T07:00:00.1Z time=2025-09-10T07:00:00.1Z level=error "
	    "msg=\"Reconciliation with retries failed\" "
	    "module=agent.controlplane.bgp-control-plane "
	    "error=\"failed to reconcile\"\n";
	static const char quiet[] =
	    "2025-06-01T10:00:00.1Z time=\"2025-06-01T10:00:00Z\" level=info "
	    "msg=\"Peer Up\" Key=172.18.0.10 State=BGP_FSM_OPENCONFIRM "
	    "Topic=Peer component=gobgp.BgpServerInstance "
	    "subsys=bgp-control-plane\n";
	struct sa_entry a[] = { { LOG_A, log, 0, SA_FILE },
	    { LOG_B, slog, 0, SA_FILE } };
	struct sa_entry b[] = { { LOG_A, quiet, 0, SA_FILE } };
	const struct finding *x;
	struct run r;

	(void)state;
	run_logs(&r, "bgp1.zip", a, 2);
	x = find(&r.f, "BGP-PEER-DOWN");
	assert_non_null(x);
	/* Peer Down is info, not kept: the notification and the slog line. */
	assert_int_equal(x->log_lines, 2);
	assert_true(has_evidence(x, "cilium-a1-cilium-agent-" TS ".log", 2,
	    "sent notification"));
	assert_true(has_evidence(x, "cilium-b2-cilium-agent-" TS ".log", 1,
	    "Reconciliation with retries failed error=\"failed"));
	run_release(&r);
	run_logs(&r, "bgp2.zip", b, 1);
	assert_int_equal(r.f.n, 0);
	run_release(&r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_literals),
		cmocka_unit_test(test_era_logrus_notime),
		cmocka_unit_test(test_era_logrus_time),
		cmocka_unit_test(test_era_slog),
		cmocka_unit_test(test_era_json),
		cmocka_unit_test(test_previous_only),
		cmocka_unit_test(test_two_nodes),
		cmocka_unit_test(test_kvstore_threshold),
		cmocka_unit_test(test_regen_excluded),
		cmocka_unit_test(test_regen_recovered),
		cmocka_unit_test(test_bgp),
	};

	return cmocka_run_group_tests_name("check_logs", tests,
	    sa_group_setup, sa_group_teardown);
}
