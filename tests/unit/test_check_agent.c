/*
 * test_check_agent.c: the agent and node health checks (AGENT-CRASHLOOP,
 * AGENT-UNHEALTHY, HEALTH-UNREACHABLE, KERNEL-TOO-OLD, L7-PROXY-INACTIVE)
 * over small sysdumps built here: nodes n1 and n2, the agent pod
 * kube-system/cilium-a on n1 (bugtool cilium-bugtool-cilium-a-<ts>), and
 * pod shop/web-1 on n1 (endpoint 100, identity 20001).  The rules are
 * loaded from rules/, so their files are checked too; the demo sysdump
 * checks problem 4.
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
#include "support_eval.h"

#define TS	"20250601-101500"
#define TOP	"cilium-sysdump-" TS "/"
#define BT	TOP "cilium-bugtool-cilium-a-" TS "/cmd/"
#define DEMO	"testdata/sysdump/cilium-sysdump-20250601-101500"

#define CONFIG(extra)							\
    "data:\n  cluster-name: c1\n" extra					\
    "kind: ConfigMap\nmetadata:\n  name: cilium-config\n"		\
    "  namespace: kube-system\n"
#define DS(v)								\
    "items:\n- spec:\n    template:\n      spec:\n        containers:\n" \
    "        - image: quay.io/cilium/cilium:v" v "\n"			\
    "          name: cilium-agent\n"

/* The agent pod's cilium-agent status: restarts, then extra lines. */
#define PODS(agent_status)						\
    "items:\n"								\
    "- metadata: {name: web-1, namespace: shop, labels: {app: web}}\n"	\
    "  spec: {nodeName: n1}\n  status: {phase: Running, podIP: 10.0.0.5}\n" \
    "- metadata: {name: cilium-a, namespace: kube-system, labels: "	\
    "{k8s-app: cilium}}\n"						\
    "  spec: {nodeName: n1, hostNetwork: true}\n"			\
    "  status:\n"							\
    "    phase: Running\n"						\
    "    containerStatuses:\n"						\
    "    - name: cilium-agent\n"					\
    agent_status
#define RUNNING(restarts)						\
    "      restartCount: " restarts "\n"				\
    "      ready: true\n"						\
    "      state: {running: {startedAt: \"2025-06-01T10:03:45Z\"}}\n"
#define TERMINATED							\
    "      lastState:\n"						\
    "        terminated: {exitCode: 1, reason: Error, "		\
    "finishedAt: \"2025-06-01T10:03:25Z\"}\n"

static const char pods_crashed[] = PODS(RUNNING("3") TERMINATED);
static const char pods_backoff[] = PODS(
    "      restartCount: 5\n"
    "      ready: false\n"
    "      state: {waiting: {reason: CrashLoopBackOff}}\n" TERMINATED);
static const char pods_healthy[] = PODS(RUNNING("0"));

static const char nodes_old[] =
    "items:\n"
    "- metadata: {name: n1}\n"
    "  status: {nodeInfo: {kernelVersion: 4.19.0-26-amd64}}\n"
    "- metadata: {name: n2}\n"
    "  status: {nodeInfo: {kernelVersion: 4.19.0-26-amd64}}\n";
static const char nodes_new[] =
    "items:\n"
    "- metadata: {name: n1}\n"
    "  status: {nodeInfo: {kernelVersion: 5.15.0-1034-azure}}\n"
    "- metadata: {name: n2}\n"
    "  status: {nodeInfo: {kernelVersion: 5.15.0-1034-azure}}\n";
#define NODES_ONE(k)							\
    "items:\n- metadata: {name: n1}\n"					\
    "  status: {nodeInfo: {kernelVersion: " k "}}\n"

static const char ceps[] =
    "items:\n"
    "- metadata: {name: web-1, namespace: shop}\n"
    "  status:\n"
    "    id: 100\n"
    "    identity:\n"
    "      id: 20001\n"
    "      labels:\n"
    "      - k8s:app=web\n"
    "      - k8s:io.cilium.k8s.policy.cluster=c1\n"
    "      - k8s:io.kubernetes.pod.namespace=shop\n"
    "    networking: {addressing: [{ipv4: 10.0.0.5}], node: 172.18.0.2}\n"
    "    state: ready\n";

static const char events[] =
    "items:\n"
    "- involvedObject: {kind: Pod, name: cilium-a, namespace: kube-system}\n"
    "  message: Back-off restarting failed container cilium-agent\n"
    "  reason: BackOff\n"
    "  count: 2\n"
    "  type: Warning\n"
    "- involvedObject: {kind: Pod, name: web-1, namespace: shop}\n"
    "  message: Back-off restarting failed container web\n"
    "  reason: BackOff\n"
    "  type: Warning\n";

/* The previous instance: an API error, then the fatal exit (line 3). */
static const char prev_log[] =
    "2025-06-01T10:03:25.1Z time=\"2025-06-01T10:03:25Z\" level=info "
    "msg=\"Establishing connection to apiserver\" subsys=k8s-client\n"
    "2025-06-01T10:03:25.2Z time=\"2025-06-01T10:03:25Z\" level=error "
    "msg=\"Unable to contact k8s api-server\" error=\"Get "
    "\\\"https://10.0.0.1:6443/api/v1/namespaces/kube-system\\\": dial "
    "tcp 10.0.0.1:6443: i/o timeout\" subsys=k8s-client\n"
    "2025-06-01T10:03:25.3Z time=\"2025-06-01T10:03:25Z\" level=fatal "
    "msg=\"failed to start: Get \\\"https://10.0.0.1:6443/api/v1/"
    "namespaces/kube-system\\\": dial tcp 10.0.0.1:6443: i/o timeout\" "
    "subsys=daemon\n";

/* cilium-dbg status --verbose: line 2 Kubernetes, line 7 the failing row. */
#define STATUS(k8s, failing)						\
    "KVStore:                Ok   Disabled\n"				\
    "Kubernetes:             " k8s "\n"				\
    "Cilium:                 Ok   1.16.5 (v1.16.5-ad688277)\n"		\
    "Cilium health daemon:   Ok   \n"					\
    "Controller Status:      1/2 healthy\n"				\
    "  Name                 Last success   Last error   Count   Message\n" \
    failing								\
    "  endpoint-gc          19s ago        never        0       no error   \n" \
    "Proxy Status:           OK, ip 10.0.0.9, 0 redirects active on ports " \
    "10000-20000, Envoy: embedded\n"					\
    "Cluster health:         2/2 reachable   (2025-06-01T10:14:51Z)\n"
static const char status_bad[] = STATUS("Failure   Get \"https://10.0.0.1:"
    "443/version\": dial tcp 10.0.0.1:443: i/o timeout",
    "  sync-policymap-100   never          5s ago       7       "
    "update map cilium_policy_00100: no space left on device   \n");
static const char status_ok[] = STATUS("Ok   1.29 (v1.29.2) [linux/amd64]",
    "  sync-policymap-100   5s ago         never        0       no error   "
    "\n");

/* cilium-health status -o json from n1: n2's host probes fail. */
#define HEALTH_NODE(name, ip, icmp)					\
    "    {\n"								\
    "      \"health-endpoint\": {\"primary-address\": {\"http\": "	\
    "{\"latency\": 1}, \"icmp\": {\"latency\": 1}, \"ip\": \"10.0.9.1\"}},\n" \
    "      \"host\": {\"primary-address\": {\"http\": {\"latency\": 1}, " \
    "\"icmp\": " icmp ", \"ip\": \"" ip "\"}},\n"			\
    "      \"name\": \"c1/" name "\"\n"				\
    "    }"
static const char health_bad[] =
    "{\n  \"local\": {\"name\": \"c1/n1\"},\n  \"nodes\": [\n"
    HEALTH_NODE("n1", "172.18.0.2", "{\"latency\": 1}") ",\n"
    HEALTH_NODE("n2", "172.18.0.3", "{\"status\": \"Connection timed "
    "out\"}") "\n  ]\n}\n";
static const char health_ok[] =
    "{\n  \"local\": {\"name\": \"c1/n1\"},\n  \"nodes\": [\n"
    HEALTH_NODE("n1", "172.18.0.2", "{\"latency\": 1}") ",\n"
    HEALTH_NODE("n2", "172.18.0.3", "{\"latency\": 1}") "\n  ]\n}\n";

/* web-ingress: HTTP GET / on 8080 from anyone in shop (line 7). */
static const char cnp_http[] =
    "items:\n"
    "- metadata: {name: web-ingress, namespace: shop}\n"
    "  spec:\n"
    "    endpointSelector: {matchLabels: {app: web}}\n"
    "    ingress:\n"
    "    - fromEndpoints: [{}]\n"
    "      toPorts:\n"
    "      - ports: [{port: \"8080\", protocol: TCP}]\n"
    "        rules: {http: [{method: GET, path: /}]}\n";
static const char cnp_l4[] =
    "items:\n"
    "- metadata: {name: web-ingress, namespace: shop}\n"
    "  spec:\n"
    "    endpointSelector: {matchLabels: {app: web}}\n"
    "    ingress:\n"
    "    - fromEndpoints: [{}]\n"
    "      toPorts:\n"
    "      - ports: [{port: \"8080\", protocol: TCP}]\n";

#define BPF_POLICY(proxy)						\
    "Endpoint ID: 100\n"						\
    "Path: /sys/fs/bpf/tc/globals/cilium_policy_v2_00100\n"		\
    "\n"								\
    "POLICY   DIRECTION   IDENTITY   PORT/PROTO   PROXY PORT   BYTES   " \
    "PACKETS   \n"							\
    "Allow    Ingress     20001      8080/TCP     " proxy "        0       " \
    "0         \n"							\
    "Allow    Egress      0          ANY          NONE         0       " \
    "0         \n"
static const char bpf_none[] = BPF_POLICY("NONE ");
static const char bpf_proxy[] = BPF_POLICY("15001");

/* The agent's repository: web-ingress as imported, with or without L7. */
#define POLICY_GET(ports)						\
    "[\n  {\n    \"endpointSelector\": {\"matchLabels\": "		\
    "{\"any:app\": \"web\"}},\n    \"ingress\": [{\"fromEndpoints\": " \
    "[{}], \"toPorts\": [" ports "]}],\n    \"labels\": [\n"	\
    "      {\"key\": \"io.cilium.k8s.policy.name\", \"source\": "	\
    "\"k8s\", \"value\": \"web-ingress\"},\n"			\
    "      {\"key\": \"io.cilium.k8s.policy.namespace\", \"source\": " \
    "\"k8s\", \"value\": \"shop\"}\n    ]\n  }\n]\nRevision: 4\n"
static const char repo_l7[] = POLICY_GET("{\"ports\": [{\"port\": "
    "\"8080\", \"protocol\": \"TCP\"}], \"rules\": {\"http\": "
    "[{\"method\": \"GET\", \"path\": \"/\"}]}}");
static const char repo_l4[] = POLICY_GET("{\"ports\": [{\"port\": "
    "\"8080\", \"protocol\": \"TCP\"}]}");

/*
 * Build a sysdump of cilium-config, the DaemonSet (version), pods, nodes
 * (NULL: none), the CEP above and `extra` members, and run rules/<id>.yaml
 * over it.
 */
static void
analyze(struct se_fx *x, const char *id, const char *config, const char *ds,
    const char *pods, const char *nodes, const struct sa_entry *extra,
    size_t nextra)
{
	struct sa_entry e[16];
	char *path;
	size_t n = 0, i;

	e[n++] = (struct sa_entry){ TOP "cilium-configmap-" TS ".yaml",
	    config, 0, SA_FILE };
	if (ds != NULL)
		e[n++] = (struct sa_entry){ TOP "cilium-daemonset-" TS ".yaml",
		    ds, 0, SA_FILE };
	if (pods != NULL)
		e[n++] = (struct sa_entry){ TOP "k8s-pods-" TS ".yaml", pods, 0,
		    SA_FILE };
	if (nodes != NULL)
		e[n++] = (struct sa_entry){ TOP "k8s-nodes-" TS ".yaml", nodes,
		    0, SA_FILE };
	e[n++] = (struct sa_entry){ TOP "ciliumendpoints-" TS ".yaml", ceps, 0,
	    SA_FILE };
	for (i = 0; i < nextra; i++)
		e[n++] = extra[i];
	path = sa_write_archive("a.zip", "zip", e, n);
	se_fx_build_run(x, path, id);
	free(path);
}

/* analyze() with no extra config, Cilium 1.16.5, healthy pods, no nodes. */
static void
analyze_std(struct se_fx *x, const char *id, const struct sa_entry *extra,
    size_t nextra)
{
	analyze(x, id, CONFIG(""), DS("1.16.5"), pods_healthy, NULL, extra,
	    nextra);
}

/* The extra members' entries, by what they hold. */
#define MEMBER(name, data)	{ name, data, 0, SA_FILE }
#define CNP(d)		MEMBER(TOP "ciliumnetworkpolicies-" TS ".yaml", d)
#define BPF(d)		MEMBER(BT "cilium-dbg-bpf-policy-get---all---"	\
			    "numeric.md", d)
#define STATUS_MD(d)	MEMBER(BT "cilium-dbg-status---verbose.md", d)
#define HEALTH_MD(d)	MEMBER(BT "cilium-health-status--o-json.md", d)
#define REPO_MD(d)	MEMBER(BT "cilium-dbg-policy-get.md", d)

/* --- AGENT-CRASHLOOP ------------------------------------------------- */

static void
test_crashloop_fires(void **state)
{
	struct se_fx *x = *state;
	const struct sa_entry extra[] = {
		{ TOP "k8s-events-" TS ".yaml", events, 0, SA_FILE },
		{ TOP "logs-cilium-a-cilium-agent-" TS "-prev.log", prev_log, 0,
		    SA_FILE },
	};
	const struct finding *f;

	analyze(x, "AGENT-CRASHLOOP", CONFIG(""), DS("1.16.5"), pods_crashed,
	    NULL, extra, 2);
	assert_int_equal(x->f.n, 1);
	assert_int_equal(x->f.nskipped, 0);
	f = &x->f.v[0];
	assert_int_equal(f->severity, SEV_HIGH);
	assert_string_equal(f->cause, "agent/n1");
	assert_false(f->generic);
	assert_int_equal(f->log_lines, 2);
	assert_string_equal(f->subjects[0].kind, "Pod");
	assert_string_equal(f->subjects[0].ns, "kube-system");
	assert_string_equal(f->subjects[0].name, "cilium-a");
	assert_string_equal(f->subjects[1].kind, "Node");
	assert_string_equal(f->subjects[1].name, "n1");
	assert_int_equal(f->naffected, 1);
	assert_string_equal(f->affected[0], "shop/web-1");
	assert_non_null(strstr(f->title, "Cilium agent kube-system/cilium-a "
	    "on node n1 restarted 3 times, last words: failed to start"));
	assert_non_null(strstr(f->message, "terminated with exit code 1 "
	    "(Error) at 2025-06-01T10:03:25Z; it is running again"));
	assert_non_null(strstr(f->message, "0 kills by the kubelet, 0 failed "
	    "probes, 2 back-offs"));
	assert_non_null(strstr(f->message, "-prev.log:3)"));
	assert_non_null(strstr(f->remediation, "address the agent dials "
	    "(10.0.0.1:6443)"));
	assert_true(se_has_evidence(f, "k8s-pods", 0, "restartCount 3, "
	    "lastState.terminated: Error exit code 1"));
	assert_true(se_has_evidence(f, "k8s-events", 2, "BackOff (x2)"));
	assert_true(se_has_evidence(f, "-prev.log", 2, "error: Unable to "
	    "contact k8s api-server"));
	assert_true(se_has_evidence(f, "-prev.log", 3,
	    "fatal: failed to start"));
	/* The web pod's own back-off is not the agent's. */
	assert_false(se_has_evidence(f, "k8s-events", 0, "container web"));
}

static void
test_crashloop_critical_in_backoff(void **state)
{
	struct se_fx *x = *state;
	const struct finding *f;

	analyze(x, "AGENT-CRASHLOOP", CONFIG(""), DS("1.16.5"), pods_backoff,
	    NULL, NULL, 0);
	assert_int_equal(x->f.n, 1);
	f = &x->f.v[0];
	assert_int_equal(f->severity, SEV_CRITICAL);
	assert_non_null(strstr(f->title, "restarted 5 times and is in "
	    "CrashLoopBackOff"));
	assert_non_null(strstr(f->message, "it is now waiting in "
	    "CrashLoopBackOff"));
	assert_non_null(strstr(f->message, "holds no error line of its "
	    "previous instance"));
}

static void
test_crashloop_silent_without_restarts(void **state)
{
	struct se_fx *x = *state;

	analyze_std(x, "AGENT-CRASHLOOP", NULL, 0);
	se_fx_silent(x);
	assert_int_equal(x->f.evaluated, 1);
}

static void
test_crashloop_not_evaluated_without_pods(void **state)
{
	struct se_fx *x = *state;

	analyze(x, "AGENT-CRASHLOOP", CONFIG(""), DS("1.16.5"), NULL, NULL,
	    NULL, 0);
	se_fx_not_evaluated(x, "no pod listing");
}

/* Demo problem 4: cilium-r9vtb on kind-worker2, with its -prev.log. */
static void
test_crashloop_demo(void **state)
{
	struct se_fx *x = *state;
	const struct finding *f;

	se_fx_build_run(x, DEMO, "AGENT-CRASHLOOP");
	assert_int_equal(x->f.n, 1);
	f = &x->f.v[0];
	assert_string_equal(f->cause, "agent/kind-worker2");
	assert_string_equal(f->subjects[0].name, "cilium-r9vtb");
	assert_int_equal(f->naffected, 4);
	assert_true(se_has_evidence(f, "k8s-pods", 0, "restartCount 3"));
	assert_true(se_has_evidence(f, "cilium-agent-" TS "-prev.log", 82,
	    "fatal: failed to start"));
	assert_true(se_has_evidence(f, "cilium-agent-" TS "-prev.log", 78,
	    "Unable to contact k8s api-server"));
	assert_true(se_has_evidence(f, "k8s-events", 0, "BackOff"));
	assert_true(se_has_evidence(f, "k8s-events", 0, "Liveness probe "
	    "failed"));
	assert_non_null(strstr(f->remediation, "kind-control-plane:6443"));
}

/* --- AGENT-UNHEALTHY ------------------------------------------------- */

static void
test_unhealthy_fires(void **state)
{
	struct se_fx *x = *state;
	const struct sa_entry extra[] = { STATUS_MD(status_bad) };
	const struct finding *f;

	analyze_std(x, "AGENT-UNHEALTHY", extra, 1);
	assert_int_equal(x->f.n, 1);
	f = &x->f.v[0];
	assert_int_equal(f->severity, SEV_HIGH);
	assert_string_equal(f->cause, "agent/n1");
	assert_string_equal(f->subjects[0].ns, "kube-system");
	assert_string_equal(f->subjects[0].name, "cilium-a");
	assert_string_equal(f->affected[0], "shop/web-1");
	assert_non_null(strstr(f->title, "Cilium agent cilium-a on node n1 is "
	    "unhealthy: Kubernetes: Failure"));
	assert_non_null(strstr(f->message, "1 controller failing (1/2 "
	    "healthy): sync-policymap-100 (7 consecutive failures: update "
	    "map cilium_policy_00100: no space left on device)"));
	assert_true(se_has_evidence(f, "status---verbose", 2, "Kubernetes: "
	    "failure"));
	assert_true(se_has_evidence(f, "status---verbose", 7, "controller "
	    "sync-policymap-100: 7 consecutive failures"));
	assert_non_null(strstr(f->remediation, "Kubernetes API server"));
}

static void
test_unhealthy_silent_when_ok(void **state)
{
	struct se_fx *x = *state;
	const struct sa_entry extra[] = { STATUS_MD(status_ok) };

	analyze_std(x, "AGENT-UNHEALTHY", extra, 1);
	se_fx_silent(x);
}

static void
test_unhealthy_not_evaluated_without_bugtool(void **state)
{
	struct se_fx *x = *state;

	analyze_std(x, "AGENT-UNHEALTHY", NULL, 0);
	se_fx_not_evaluated(x, "no agent status");
}

/* --- HEALTH-UNREACHABLE ---------------------------------------------- */

static void
test_health_fires(void **state)
{
	struct se_fx *x = *state;
	const struct sa_entry extra[] = { HEALTH_MD(health_bad) };
	const struct finding *f;

	analyze_std(x, "HEALTH-UNREACHABLE", extra, 1);
	assert_int_equal(x->f.n, 1);
	f = &x->f.v[0];
	assert_string_equal(f->subjects[0].kind, "Node");
	assert_string_equal(f->subjects[0].name, "n2");
	assert_false(f->generic);
	/* One reporter, one source. */
	assert_true(f->confidence < 1.0);
	assert_non_null(strstr(f->title, "Node n2: the host address is "
	    "unreachable from cilium-health on n1"));
	assert_non_null(strstr(f->message, "ICMP to 172.18.0.3: Connection "
	    "timed out"));
	assert_true(se_has_evidence(f, "cilium-health-status--o-json", 0,
	    "c1/n2: ICMP to 172.18.0.3"));
}

static void
test_health_silent_when_reachable(void **state)
{
	struct se_fx *x = *state;
	const struct sa_entry extra[] = {
		HEALTH_MD(health_ok),
		STATUS_MD(status_ok),
	};

	analyze_std(x, "HEALTH-UNREACHABLE", extra, 2);
	se_fx_silent(x);
}

static void
test_health_not_evaluated_without_bugtool(void **state)
{
	struct se_fx *x = *state;

	analyze_std(x, "HEALTH-UNREACHABLE", NULL, 0);
	se_fx_not_evaluated(x, NULL);
}

/* --- KERNEL-TOO-OLD -------------------------------------------------- */

/* 4.19 on 1.16 (needs 5.4): one finding for both nodes. */
static void
test_kernel_fires_below_release_minimum(void **state)
{
	struct se_fx *x = *state;
	const struct finding *f;

	analyze(x, "KERNEL-TOO-OLD", CONFIG(""), DS("1.16.5"), pods_healthy,
	    nodes_old, NULL, 0);
	assert_int_equal(x->f.n, 1);
	f = &x->f.v[0];
	assert_int_equal(f->nsubjects, 2);
	assert_string_equal(f->subjects[0].name, "n1");
	assert_string_equal(f->subjects[1].name, "n2");
	assert_string_equal(f->affected[0], "shop/web-1");
	assert_non_null(strstr(f->title, "Kernel 4.19.0-26-amd64 on n1 and n2 "
	    "is too old: Cilium 1.16 needs Linux 5.4 (or 4.18 on RHEL 8.6)"));
	assert_true(se_has_evidence(f, "k8s-nodes", 2, "Node n1 "
	    "status.nodeInfo.kernelVersion: 4.19.0-26-amd64"));
}

/* The same kernel meets 1.15's 4.19.57?  4.19.0 does not. */
static void
test_kernel_release_table(void **state)
{
	struct se_fx *x = *state;

	analyze(x, "KERNEL-TOO-OLD", CONFIG(""), DS("1.15.6"), pods_healthy,
	    NODES_ONE("4.19.260-1.el7"), NULL, 0);
	se_fx_silent(x);
}

static void
test_kernel_rhel8_equivalent(void **state)
{
	struct se_fx *x = *state;

	analyze(x, "KERNEL-TOO-OLD", CONFIG(""), DS("1.16.5"), pods_healthy,
	    NODES_ONE("4.18.0-372.9.1.el8.x86_64"), NULL, 0);
	assert_int_equal(x->f.n, 0);
}

static void
test_kernel_rhel8_too_old_for_118(void **state)
{
	struct se_fx *x = *state;

	analyze(x, "KERNEL-TOO-OLD", CONFIG(""), DS("1.18.2"), pods_healthy,
	    NODES_ONE("4.18.0-372.9.1.el8.x86_64"), NULL, 0);
	assert_int_equal(x->f.n, 1);
	assert_non_null(strstr(x->f.v[0].title, "Cilium 1.18 needs Linux "
	    "5.10 (or 4.18 on RHEL 8.10)"));
}

static void
test_kernel_feature_minimum(void **state)
{
	struct se_fx *x = *state;
	const struct finding *f;

	analyze(x, "KERNEL-TOO-OLD", CONFIG("  enable-wireguard: \"true\"\n"),
	    DS("1.16.5"), pods_healthy, NODES_ONE("5.4.0-150-generic"), NULL,
	    0);
	assert_int_equal(x->f.n, 1);
	f = &x->f.v[0];
	assert_non_null(strstr(f->title, "WireGuard encryption "
	    "(enable-wireguard: \"true\") needs Linux 5.6"));
	assert_null(strstr(f->title, "Cilium 1.16 needs"));
	assert_true(se_has_evidence(f, "cilium-configmap", 0,
	    "enable-wireguard: \"true\""));
}

static void
test_kernel_silent_when_new(void **state)
{
	struct se_fx *x = *state;

	analyze(x, "KERNEL-TOO-OLD", CONFIG("  enable-wireguard: \"true\"\n"),
	    DS("1.16.5"), pods_healthy, nodes_new, NULL, 0);
	se_fx_silent(x);
}

static void
test_kernel_not_evaluated_without_version(void **state)
{
	struct se_fx *x = *state;

	analyze(x, "KERNEL-TOO-OLD", CONFIG(""), NULL, pods_healthy, nodes_old,
	    NULL, 0);
	se_fx_not_evaluated(x, "version is unknown");
}

/* --- L7-PROXY-INACTIVE ----------------------------------------------- */

static void
test_l7_fires_without_redirect(void **state)
{
	struct se_fx *x = *state;
	const struct sa_entry extra[] = { CNP(cnp_http), BPF(bpf_none) };
	const struct finding *f;

	analyze_std(x, "L7-PROXY-INACTIVE", extra, 2);
	assert_int_equal(x->f.n, 1);
	f = &x->f.v[0];
	assert_string_equal(f->cause, "policy/cnp/shop/web-ingress");
	assert_string_equal(f->subjects[0].name, "web-ingress");
	assert_string_equal(f->affected[0], "shop/web-1");
	assert_non_null(strstr(f->title, "CiliumNetworkPolicy "
	    "shop/web-ingress has HTTP rules, but no L7 proxy redirect is in "
	    "force for 1 endpoint"));
	assert_non_null(strstr(f->message, "redirecting the port to Envoy"));
	assert_true(se_has_evidence(f, "bpf-policy-get", 1, "endpoint 100 "
	    "(shop/web-1) has 1 ingress allow entry for port 8080, none "
	    "with a proxy port"));
	assert_true(se_has_evidence(f, "ciliumnetworkpolicies", 0,
	    "ingress HTTP rules on 8080/TCP"));
}

static void
test_l7_silent_with_redirect(void **state)
{
	struct se_fx *x = *state;
	const struct sa_entry extra[] = { CNP(cnp_http), BPF(bpf_proxy) };

	analyze_std(x, "L7-PROXY-INACTIVE", extra, 2);
	se_fx_silent(x);
}

/* Status says 0 redirects, the policy is L4 only: nothing to redirect. */
static void
test_l7_silent_for_l4_policy(void **state)
{
	struct se_fx *x = *state;
	const struct sa_entry extra[] = { CNP(cnp_l4), STATUS_MD(status_ok) };

	analyze_std(x, "L7-PROXY-INACTIVE", extra, 2);
	se_fx_silent(x);
}

/* The agent's repository holds the L7 rules: the missing redirect counts. */
static void
test_l7_fires_with_repository(void **state)
{
	struct se_fx *x = *state;
	const struct sa_entry extra[] = {
		CNP(cnp_http),
		BPF(bpf_none),
		REPO_MD(repo_l7),
	};

	analyze_std(x, "L7-PROXY-INACTIVE", extra, 3);
	assert_int_equal(x->f.n, 1);
}

/*
 * The agent still runs the L4 version of the policy: the L7 rules were
 * never imported, which is not a proxy problem.
 */
static void
test_l7_silent_when_agent_lacks_l7(void **state)
{
	struct se_fx *x = *state;
	const struct sa_entry extra[] = {
		CNP(cnp_http),
		BPF(bpf_none),
		REPO_MD(repo_l4),
	};

	analyze_std(x, "L7-PROXY-INACTIVE", extra, 3);
	se_fx_silent(x);
}

/* The proxy is off: POL-L7-NO-PROXY's case, not this one. */
static void
test_l7_silent_when_proxy_disabled(void **state)
{
	struct se_fx *x = *state;
	const struct sa_entry extra[] = { CNP(cnp_http), BPF(bpf_none) };

	analyze(x, "L7-PROXY-INACTIVE", CONFIG("  enable-l7-proxy: "
	    "\"false\"\n"), DS("1.16.5"), pods_healthy, NULL, extra, 2);
	assert_int_equal(x->f.n, 0);
}

/* The status's proxy line alone decides when the map is missing. */
static void
test_l7_status_fallback(void **state)
{
	struct se_fx *x = *state;
	const struct sa_entry extra[] = { CNP(cnp_http), STATUS_MD(status_ok) };

	analyze_std(x, "L7-PROXY-INACTIVE", extra, 2);
	assert_int_equal(x->f.n, 1);
	assert_true(se_has_evidence(&x->f.v[0], "status---verbose", 9,
	    "Proxy Status on n1: 0 redirects active"));
}

static void
test_l7_not_evaluated_without_bugtool(void **state)
{
	struct se_fx *x = *state;
	const struct sa_entry extra[] = { CNP(cnp_http) };

	analyze_std(x, "L7-PROXY-INACTIVE", extra, 1);
	se_fx_not_evaluated(x, NULL);
}

#define T(fn)	cmocka_unit_test_setup_teardown(fn, se_fx_setup,	\
    se_fx_teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_crashloop_fires),
		T(test_crashloop_critical_in_backoff),
		T(test_crashloop_silent_without_restarts),
		T(test_crashloop_not_evaluated_without_pods),
		T(test_crashloop_demo),
		T(test_unhealthy_fires),
		T(test_unhealthy_silent_when_ok),
		T(test_unhealthy_not_evaluated_without_bugtool),
		T(test_health_fires),
		T(test_health_silent_when_reachable),
		T(test_health_not_evaluated_without_bugtool),
		T(test_kernel_fires_below_release_minimum),
		T(test_kernel_release_table),
		T(test_kernel_rhel8_equivalent),
		T(test_kernel_rhel8_too_old_for_118),
		T(test_kernel_feature_minimum),
		T(test_kernel_silent_when_new),
		T(test_kernel_not_evaluated_without_version),
		T(test_l7_fires_without_redirect),
		T(test_l7_silent_with_redirect),
		T(test_l7_silent_for_l4_policy),
		T(test_l7_fires_with_repository),
		T(test_l7_silent_when_agent_lacks_l7),
		T(test_l7_silent_when_proxy_disabled),
		T(test_l7_status_fallback),
		T(test_l7_not_evaluated_without_bugtool),
	};

	return cmocka_run_group_tests_name("check_agent", tests,
	    sa_group_setup, sa_group_teardown);
}
