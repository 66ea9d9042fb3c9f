/*
 * test_check_datapath.c: the datapath checks (POLICYMAP-FULL,
 * BPF-MAP-PRESSURE, BPF-PROG-MISSING, IPAM-EXHAUSTED,
 * KPR-KUBEPROXY-COEXIST, KPR-SERVICE-MISSING, DROP-DATAPATH) over small
 * sysdumps built at test time: node n1 runs agent cilium-a, whose bugtool
 * holds what each test plants; near misses (another error, a pressure below
 * the threshold, a not-ready endpoint, the legacy tc form, kube-proxy
 * replacement off or partial, the service-proxy-name label, benign and
 * sparse drops) must stay silent; and the demo sysdump, which plants none
 * of these problems.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "checks.h"
#include "eval.h"
#include "model.h"
#include "rule.h"
#include "support_archive.h"
#include "support_eval.h"

#define TS	"20250601-101500"
#define TOP	"cilium-sysdump-" TS "/"
#define BT	TOP "cilium-bugtool-cilium-a-" TS "/cmd/"
#define DEBUGINFO BT "cilium-debuginfo-20250601-101502.117+0000-UTC.json"
#define METRICS	BT "cilium-dbg-metrics-list.md"
#define STATUS	BT "cilium-dbg-status---verbose.md"
#define BPFTOOL	BT "bpftool-net-show.md"
#define LBLIST	BT "cilium-dbg-bpf-lb-list.md"
#define AGENTLOG TOP "logs-cilium-a-cilium-agent-" TS ".log"
#define CONFIG	TOP "cilium-configmap-" TS ".yaml"
#define PODS	TOP "k8s-pods-" TS ".yaml"
#define EVENTS	TOP "k8s-events-" TS ".yaml"
#define SERVICES TOP "k8s-services-" TS ".yaml"
#define ENDPOINTS TOP "k8s-endpoints-" TS ".yaml"
#define FLOWS	TOP "hubble-flows-cilium-a-" TS ".json"

#define CFG(extra)							\
    "data:\n  cluster-name: c1\n  ipam: kubernetes\n" extra		\
    "kind: ConfigMap\nmetadata:\n  name: cilium-config\n"		\
    "  namespace: kube-system\n"

static const char config_kpr[] = CFG("  kube-proxy-replacement: \"true\"\n");
static const char config_nokpr[] =
    CFG("  kube-proxy-replacement: \"false\"\n");
static const char config_partial[] =
    CFG("  kube-proxy-replacement: partial\n");
static const char config_lockdown[] =
    CFG("  enable-endpoint-lockdown-on-policy-overflow: \"true\"\n");

static const char ds[] =
    "items:\n- spec:\n    template:\n      spec:\n        containers:\n"
    "        - image: quay.io/cilium/cilium:v1.16.5\n"
    "          name: cilium-agent\n";

#define POD(ns, name, node, labels, phase, ip, extra)			\
    "- metadata: {name: " name ", namespace: " ns ", labels: " labels	\
    extra "}\n"								\
    "  spec: {nodeName: " node ", serviceAccountName: default}\n"	\
    "  status: {phase: " phase ip "}\n"

static const char pods[] =
    "items:\n"
    POD("shop", "web-1", "n1", "{app: web}", "Running",
	", podIP: 10.0.1.5", "")
    POD("shop", "api-1", "n1", "{app: api}", "Running",
	", podIP: 10.0.1.6", "")
    POD("shop", "new-1", "n1", "{app: new}", "Pending", "", "")
    "- metadata: {name: cilium-a, namespace: kube-system, labels: "
    "{k8s-app: cilium}}\n"
    "  spec: {nodeName: n1, hostNetwork: true}\n"
    "  status: {phase: Running, podIP: 172.18.0.2}\n";

static const char pods_kube_proxy[] =
    "items:\n"
    POD("shop", "web-1", "n1", "{app: web}", "Running",
	", podIP: 10.0.1.5", "")
    "- metadata: {name: cilium-a, namespace: kube-system, labels: "
    "{k8s-app: cilium}}\n"
    "  spec: {nodeName: n1, hostNetwork: true}\n"
    "  status: {phase: Running, podIP: 172.18.0.2}\n"
    "- metadata:\n    name: kube-proxy-x1\n    namespace: kube-system\n"
    "    labels: {k8s-app: kube-proxy}\n"
    "    ownerReferences: [{kind: DaemonSet, name: kube-proxy}]\n"
    "  spec: {nodeName: n1, hostNetwork: true}\n"
    "  status: {phase: Running, podIP: 172.18.0.2}\n"
    "- metadata:\n    name: kube-proxy-x2\n    namespace: kube-system\n"
    "    labels: {k8s-app: kube-proxy}\n"
    "    ownerReferences: [{kind: DaemonSet, name: kube-proxy}]\n"
    "  spec: {nodeName: n2, hostNetwork: true}\n"
    "  status: {phase: Running, podIP: 172.18.0.3}\n";

#define EP(id, pod, ident, state, ifname)				\
    "{\"id\": " id ", \"status\": {\"state\": \"" state "\", "		\
    "\"identity\": {\"id\": " ident "}, \"external-identifiers\": "	\
    "{\"k8s-namespace\": \"shop\", \"k8s-pod-name\": \"" pod "\"}, "	\
    "\"networking\": {\"interface-name\": \"" ifname "\", "		\
    "\"interface-index\": 10}}}"

static const char debuginfo[] =
    "{\n\"cilium-version\": \"1.16.5 abc 2024-12-01\",\n"
    "\"endpoint-list\": [\n"
    EP("101", "web-1", "1001", "ready", "lxcweb") ",\n"
    EP("102", "api-1", "1002", "ready", "lxcapi") ",\n"
    EP("103", "new-1", "1003", "regenerating", "lxcnew") "\n"
    "]\n}\n";

static const char metrics_full[] =
    "Metric                                      "
    "Labels                                                      "
    "Value\n"
    "cilium_bpf_map_pressure                     "
    "map_name=cilium_ipcache                                     "
    "0.000061\n"
    "cilium_bpf_map_pressure                     "
    "map_name=cilium_policy_00101                                "
    "1.000000\n"
    "cilium_bpf_map_pressure                     "
    "map_name=cilium_policy_00102                                "
    "0.000183\n"
    "cilium_bpf_map_pressure                     "
    "map_name=cilium_ct4_global                                  "
    "0.951000\n"
    "cilium_bpf_map_pressure                     "
    "map_name=cilium_lb4_services_v2                             "
    "0.500000\n";

static const char metrics_low[] =
    "Metric                                      "
    "Labels                                                      "
    "Value\n"
    "cilium_bpf_map_pressure                     "
    "map_name=cilium_ipcache                                     "
    "0.000061\n"
    "cilium_bpf_map_pressure                     "
    "map_name=cilium_policy_00101                                "
    "0.000122\n"
    "cilium_bpf_map_pressure                     "
    "map_name=cilium_ct4_global                                  "
    "0.899000\n"
    "cilium_drop_count_total                     "
    "direction=EGRESS reason=Policy denied                       "
    "5000.000000\n"
    "cilium_drop_count_total                     "
    "direction=INGRESS reason=IGMP handled                       "
    "900.000000\n";

static const char metrics_drops[] =
    "Metric                                      "
    "Labels                                                      "
    "Value\n"
    "cilium_bpf_map_pressure                     "
    "map_name=cilium_ipcache                                     "
    "0.000061\n"
    "cilium_drop_count_total                     "
    "direction=EGRESS reason=Stale or unroutable IP              "
    "412.000000\n"
    "cilium_drop_count_total                     "
    "direction=EGRESS reason=CT: Map insertion failed            "
    "40.000000\n";

#define LOGLINE(t, err)							\
    "2025-06-01T10:0" t "Z time=\"2025-06-01T10:0" t "Z\" level=error "	\
    "msg=\"Failed to add PolicyMap key\" endpointID=101 error=\"" err	\
    "\" subsys=endpoint\n"

static const char log_full[] =
    LOGLINE("1:00", "Unable to update element for cilium_policy_00101 map "
	"with file descriptor 43: the map is full, please consider resizing "
	"it. argument list too long")
    LOGLINE("2:00", "Unable to update element for cilium_policy_00101 map "
	"with file descriptor 43: the map is full, please consider resizing "
	"it. argument list too long");

static const char log_eperm[] =
    LOGLINE("1:00", "Unable to update element for cilium_policy_00102 map "
	"with file descriptor 43: operation not permitted");

static const char status_full[] =
    "KVStore:                Ok   Disabled\n"
    "Kubernetes:             Ok   1.29 (v1.29.2) [linux/amd64]\n"
    "KubeProxyReplacement:   True   [eth0 172.18.0.2 (Direct Routing)]\n"
    "Cilium:                 Ok   1.16.5 (v1.16.5-ad688277)\n"
    "IPAM:                   IPv4: 254/254 allocated from 10.0.1.0/24, \n"
    "Allocated addresses:\n"
    "  10.0.1.1 (router)\n"
    "  10.0.1.5 (shop/web-1)\n"
    "  10.0.1.6 (shop/api-1)\n"
    "  10.0.1.9 (batch/job-28561230-abcde)\n";

static const char status_room[] =
    "KVStore:                Ok   Disabled\n"
    "Kubernetes:             Ok   1.29 (v1.29.2) [linux/amd64]\n"
    "KubeProxyReplacement:   True   [eth0 172.18.0.2 (Direct Routing)]\n"
    "Cilium:                 Ok   1.16.5 (v1.16.5-ad688277)\n"
    "IPAM:                   IPv4: 200/254 allocated from 10.0.1.0/24, \n";

static const char events_full[] =
    "items:\n"
    "- count: 7\n"
    "  involvedObject: {kind: Pod, name: new-1, namespace: shop}\n"
    "  message: 'Failed to create pod sandbox: plugin type=\"cilium-cni\" "
    "failed (add): unable to allocate IP via local cilium agent: [POST "
    "/ipam][502] postIpamFailure  range is full'\n"
    "  metadata: {name: new-1.1, namespace: shop}\n"
    "  reason: FailedCreatePodSandBox\n"
    "  type: Warning\n";

static const char bpftool_missing[] =
    "xdp:\n\ntc:\n"
    "cilium_host(4) tcx/ingress cil_to_host prog_id 1203 link_id 5 \n"
    "lxcapi(12) tcx/ingress cil_from_container prog_id 1221 link_id 11 \n"
    "\nflow_dissector:\n\nnetfilter:\n\n";

static const char bpftool_legacy[] =
    "xdp:\n\ntc:\n"
    "lxcweb(10) clsact/ingress bpf_lxc.o:[from-container] id 1218\n"
    "lxcapi(12) tcx/ingress cil_from_container prog_id 1221 link_id 11 \n"
    "\nflow_dissector:\n\nnetfilter:\n\n";

#define SVC(name, ip, port, labels)					\
    "- metadata: {name: " name ", namespace: shop" labels "}\n"		\
    "  spec:\n    clusterIP: " ip "\n    type: ClusterIP\n"		\
    "    selector: {app: " name "}\n"					\
    "    ports:\n    - {port: " port ", protocol: TCP, targetPort: " port "}\n"

static const char services[] =
    "items:\n"
    SVC("web", "10.96.0.20", "80", "")
    SVC("api", "10.96.0.21", "8080", "")
    SVC("ext", "10.96.0.22", "443",
	", labels: {service.kubernetes.io/service-proxy-name: other}");

#define EPS(name, ip, pod, port)					\
    "- metadata: {name: " name ", namespace: shop}\n"			\
    "  subsets:\n  - addresses:\n    - ip: " ip "\n      nodeName: n1\n"	\
    "      targetRef: {kind: Pod, name: " pod ", namespace: shop}\n"	\
    "    ports:\n    - {port: " port ", protocol: TCP}\n"

static const char endpoints[] =
    "items:\n"
    EPS("web", "10.0.1.5", "web-1", "80")
    EPS("api", "10.0.1.6", "api-1", "8080")
    EPS("ext", "10.0.1.7", "web-1", "443");

static const char lblist[] =
    "SERVICE ADDRESS         BACKEND ADDRESS (REVNAT_ID) (SLOT)\n"
    "10.96.0.20:80 (0)       0.0.0.0:0 (1) (0) [ClusterIP, non-routable]\n"
    "10.96.0.20:80 (1)       10.0.1.5:80 (1) (1)\n";

/* A drop event line of the frontend's egress, code and Hubble name. */
#define DROP(n, code, name)						\
    "{\"flow\":{\"time\":\"2025-06-01T10:07:" n "Z\",\"verdict\":"	\
    "\"DROPPED\",\"drop_reason\":" code ",\"IP\":{\"source\":"		\
    "\"10.0.1.5\",\"destination\":\"10.0.1.99\",\"ipVersion\":\"IPv4\"},"\
    "\"l4\":{\"TCP\":{\"source_port\":40000,\"destination_port\":80}},"	\
    "\"source\":{\"ID\":101,\"identity\":1001,\"namespace\":\"shop\","	\
    "\"pod_name\":\"web-1\"},\"destination\":{\"identity\":2,\"labels\":"\
    "[\"reserved:world\"]},\"Type\":\"L3_L4\",\"node_name\":\"c1/n1\","	\
    "\"event_type\":{\"type\":1,\"sub_type\":" code "},"		\
    "\"traffic_direction\":\"EGRESS\",\"drop_reason_desc\":\"" name	\
    "\"},\"node_name\":\"c1/n1\"}\n"

/* n drop events (n < 60) with the given code and name, into b. */
static void
add_drops(struct buf *b, unsigned n, const char *code, const char *name)
{
	unsigned i;

	for (i = 0; i < n; i++)
		buf_addf(b, "{\"flow\":{\"time\":\"2025-06-01T10:07:%02uZ\","
		    "\"verdict\":\"DROPPED\",\"drop_reason\":%s,\"IP\":"
		    "{\"source\":\"10.0.1.5\",\"destination\":\"10.0.1.99\","
		    "\"ipVersion\":\"IPv4\"},\"l4\":{\"TCP\":{\"source_port\":"
		    "40000,\"destination_port\":80}},\"source\":{\"ID\":101,"
		    "\"identity\":1001,\"namespace\":\"shop\",\"pod_name\":"
		    "\"web-1\"},\"destination\":{\"identity\":2,\"labels\":"
		    "[\"reserved:world\"]},\"Type\":\"L3_L4\",\"node_name\":"
		    "\"c1/n1\",\"event_type\":{\"type\":1,\"sub_type\":%s},"
		    "\"traffic_direction\":\"EGRESS\",\"drop_reason_desc\":"
		    "\"%s\"},\"node_name\":\"c1/n1\"}\n", i, code, code, name);
}

struct file {
	const char	*name;
	const char	*data;
};

struct fx {
	struct model	 m;
	struct findings	 f;
	struct rule	 r;
	struct eval_ctx	 ctx;
	char		*params;
};

/*
 * Ready x, whose model is built, to run checks as a rule of severity sev:
 * empty findings, a stand-in rule, a context over both.
 */
static void
fx_ready(struct fx *x, enum severity sev)
{
	findings_init(&x->f);
	x->r.id = "TEST";
	x->r.title = "t";
	x->r.summary = "s";
	x->r.remediation = "r";
	x->r.severity = sev;
	x->ctx.m = &x->m;
	x->ctx.rule = &x->r;
	x->ctx.out = &x->f;
}

/*
 * Build a sysdump of the DaemonSet, the pods (unless files give their own)
 * and the given files, and ready a context for a rule of severity sev.
 */
static struct fx *
fx_new(const char *name, const struct file *files, size_t nfiles,
    enum severity sev)
{
	struct sa_entry e[24];
	struct ingest_limits lim;
	struct fx *x = calloc(1, sizeof(*x));
	char *err = NULL, *path;
	size_t n = 0, i;
	bool has_pods = false;

	e[n++] = (struct sa_entry){ TOP "cilium-daemonset-" TS ".yaml", ds, 0,
	    SA_FILE };
	for (i = 0; i < nfiles; i++) {
		e[n++] = (struct sa_entry){ files[i].name, files[i].data, 0,
		    SA_FILE };
		has_pods |= strcmp(files[i].name, PODS) == 0;
	}
	if (!has_pods)
		e[n++] = (struct sa_entry){ PODS, pods, 0, SA_FILE };
	path = sa_write_archive(name, "zip", e, n);
	ingest_limits_default(&lim);
	assert_int_equal(model_build(&x->m, path, &lim, &err), 0);
	free(path);
	fx_ready(x, sev);
	return x;
}

static void
fx_free(struct fx *x)
{
	findings_release(&x->f);
	model_free(&x->m);
	json_decref(x->r.params);
	free(x);
}

/* Run a check afresh (findings cleared). */
static void
fx_run(struct fx *x, void (*fn)(struct eval_ctx *))
{
	findings_release(&x->f);
	findings_init(&x->f);
	x->ctx.skip_reason = NULL;
	fn(&x->ctx);
}

/*
 * Over a sysdump of files (see fx_new), check fn decides and finds
 * nothing.  Fails the test otherwise.
 */
static void
expect_none(const char *name, const struct file *files, size_t nfiles,
    enum severity sev, void (*fn)(struct eval_ctx *))
{
	struct fx *x = fx_new(name, files, nfiles, sev);

	fx_run(x, fn);
	assert_null(x->ctx.skip_reason);
	assert_int_equal(x->f.n, 0);
	fx_free(x);
}

/*
 * Over a sysdump of files (see fx_new), check fn cannot decide: it gives
 * a skip reason.  Fails the test otherwise.
 */
static void
expect_skip(const char *name, const struct file *files, size_t nfiles,
    enum severity sev, void (*fn)(struct eval_ctx *))
{
	struct fx *x = fx_new(name, files, nfiles, sev);

	fx_run(x, fn);
	assert_non_null(x->ctx.skip_reason);
	fx_free(x);
}

static bool
has_text(const char *s, const char *want)
{
	return s != NULL && strstr(s, want) != NULL;
}

static void
test_policymap_full(void **state)
{
	const struct file full[] = {
		{ CONFIG, config_lockdown }, { DEBUGINFO, debuginfo },
		{ METRICS, metrics_full }, { AGENTLOG, log_full },
	};
	const struct file eperm[] = {
		{ CONFIG, config_kpr }, { DEBUGINFO, debuginfo },
		{ METRICS, metrics_low }, { AGENTLOG, log_eperm },
	};
	const struct file none[] = { { CONFIG, config_kpr } };
	struct fx *x;
	const struct finding *f;

	(void)state;
	x = fx_new("pm-full.zip", full, 4, SEV_HIGH);
	fx_run(x, check_policymap_full);
	assert_null(x->ctx.skip_reason);
	assert_int_equal(x->f.n, 1);
	f = &x->f.v[0];
	assert_true(has_text(f->title, "The BPF policy map of shop/web-1 on n1 "
	    "is full"));
	assert_true(has_text(f->message, "bpf-policy-map-max 16384, the "
	    "default"));
	assert_true(has_text(f->message, "the agent logged 2 `Failed to add "
	    "PolicyMap key` lines"));
	assert_true(has_text(f->message, "lockdown"));
	assert_int_equal(f->severity, SEV_CRITICAL);
	assert_string_equal(f->cause, "bpfmap/policy");
	assert_false(f->generic);
	assert_int_equal(f->log_lines, 2);
	assert_true(f->confidence > 0.99);
	assert_int_equal(f->naffected, 1);
	assert_string_equal(f->affected[0], "shop/web-1");
	assert_true(se_has_evidence(f, METRICS, 3,
	    "cilium_policy_00101 1.000000 on n1"));
	assert_true(se_has_evidence(f, AGENTLOG, 1, "the map is full"));
	assert_true(se_has_evidence(f, AGENTLOG, 2, "(2 such lines)"));
	assert_true(se_has_evidence(f, CONFIG, 0,
	    "enable-endpoint-lockdown-on-policy-overflow"));
	assert_true(has_text(f->remediation, "bpf-policy-map-max: \"32768\""));
	fx_free(x);

	/* Another error, a tiny gauge: no overflow. */
	expect_none("pm-eperm.zip", eperm, 4, SEV_HIGH, check_policymap_full);

	/* Neither metrics nor logs: cannot decide. */
	expect_skip("pm-none.zip", none, 1, SEV_HIGH, check_policymap_full);
}

static void
test_bpf_map_pressure(void **state)
{
	const struct file full[] = { { CONFIG, config_kpr },
		{ METRICS, metrics_full } };
	const struct file low[] = { { CONFIG, config_kpr },
		{ METRICS, metrics_low } };
	const struct file none[] = { { CONFIG, config_kpr } };
	struct fx *x;
	const struct finding *ct = NULL, *pol = NULL;
	size_t i;

	(void)state;
	x = fx_new("mp-full.zip", full, 2, SEV_MEDIUM);
	fx_run(x, check_bpf_map_pressure);
	assert_null(x->ctx.skip_reason);
	/* ct4 at 95.1% and the policy map at 100%; lb4 at 50% is fine. */
	assert_int_equal(x->f.n, 2);
	for (i = 0; i < x->f.n; i++) {
		if (has_text(x->f.v[i].title, "cilium_ct4_global"))
			ct = &x->f.v[i];
		if (has_text(x->f.v[i].title, "cilium_policy_*"))
			pol = &x->f.v[i];
	}
	assert_non_null(ct);
	assert_non_null(pol);
	assert_true(has_text(ct->title, "BPF map cilium_ct4_global is 95% full "
	    "on n1"));
	assert_int_equal(ct->severity, SEV_MEDIUM);
	assert_false(ct->generic);
	assert_true(has_text(ct->message, "connection tracking"));
	assert_true(se_has_evidence(ct, METRICS, 5,
	    "cilium_ct4_global 0.951000"));
	/* A full policy map: high, and generic so POLICYMAP-FULL takes it. */
	assert_int_equal(pol->severity, SEV_HIGH);
	assert_true(pol->generic);
	assert_string_equal(pol->cause, "bpfmap/policy");
	assert_true(se_has_evidence(pol, METRICS, 3, "cilium_policy_00101"));
	assert_false(se_has_evidence(pol, METRICS, 4, "cilium_policy_00102"));
	fx_free(x);

	/* 89.9% is below the 90% threshold. */
	x = fx_new("mp-low.zip", low, 2, SEV_MEDIUM);
	fx_run(x, check_bpf_map_pressure);
	assert_null(x->ctx.skip_reason);
	assert_int_equal(x->f.n, 0);
	/* ... but not below a lower one. */
	x->r.params = json_pack("{s:i}", "threshold_percent", 85);
	fx_run(x, check_bpf_map_pressure);
	assert_int_equal(x->f.n, 1);
	fx_free(x);

	expect_skip("mp-none.zip", none, 1, SEV_MEDIUM, check_bpf_map_pressure);
}

static void
test_bpf_prog_missing(void **state)
{
	const struct file missing[] = { { CONFIG, config_kpr },
		{ DEBUGINFO, debuginfo }, { BPFTOOL, bpftool_missing },
		{ AGENTLOG, "2025-06-01T10:00:00Z level=error msg=\"Error while "
		    "rewriting endpoint BPF program\" endpointID=101 "
		    "subsys=endpoint\n" } };
	const struct file legacy[] = { { CONFIG, config_kpr },
		{ DEBUGINFO, debuginfo }, { BPFTOOL, bpftool_legacy } };
	const struct file nobpftool[] = { { CONFIG, config_kpr },
		{ DEBUGINFO, debuginfo } };
	struct fx *x;
	const struct finding *f;

	(void)state;
	x = fx_new("prog-missing.zip", missing, 4, SEV_HIGH);
	fx_run(x, check_bpf_prog_missing);
	assert_null(x->ctx.skip_reason);
	assert_int_equal(x->f.n, 1);
	f = &x->f.v[0];
	/* web-1 (ready) lacks it; new-1 is regenerating: not this rule's. */
	assert_true(has_text(f->title, "1 endpoint on n1 has no Cilium BPF "
	    "program attached: shop/web-1 (lxcweb)"));
	assert_int_equal(f->naffected, 1);
	assert_true(se_has_affected(f, "shop/web-1"));
	assert_false(se_has_affected(f, "shop/new-1"));
	assert_true(se_has_evidence(f, BPFTOOL, 0, "lxcweb: no tc/tcx/xdp "
	    "attachment"));
	assert_true(se_has_evidence(f, DEBUGINFO, 0, "endpoint 101 shop/web-1: "
	    "interface lxcweb"));
	assert_true(se_has_evidence(f, AGENTLOG, 1, "Error while rewriting "
	    "endpoint BPF program"));
	assert_int_equal(f->log_lines, 1);
	assert_true(has_text(f->remediation, "cilium-dbg endpoint regenerate "
	    "101"));
	fx_free(x);

	/* bpf_lxc.o:[from-container] on tc is Cilium's program too. */
	expect_none("prog-legacy.zip", legacy, 3, SEV_HIGH,
	    check_bpf_prog_missing);

	expect_skip("prog-none.zip", nobpftool, 2, SEV_HIGH,
	    check_bpf_prog_missing);
}

static void
test_ipam_exhausted(void **state)
{
	const struct file full[] = { { CONFIG, config_kpr },
		{ STATUS, status_full }, { EVENTS, events_full } };
	const struct file room[] = { { CONFIG, config_kpr },
		{ STATUS, status_room } };
	const struct file events_only[] = { { CONFIG, config_kpr },
		{ EVENTS, events_full } };
	struct fx *x;
	const struct finding *f;

	(void)state;
	x = fx_new("ipam-full.zip", full, 3, SEV_HIGH);
	fx_run(x, check_ipam_exhausted);
	assert_null(x->ctx.skip_reason);
	assert_int_equal(x->f.n, 1);
	f = &x->f.v[0];
	assert_true(has_text(f->title, "Pod IP addresses on n1 are exhausted "
	    "(IPv4 254/254 from 10.0.1.0/24)"));
	assert_int_equal(f->severity, SEV_HIGH);
	assert_string_equal(f->cause, "ipam/n1");
	assert_true(has_text(f->message, "1 event (7 occurrences) reports "
	    "`range is full`"));
	assert_true(has_text(f->message, "1 address is allocated to pods that "
	    "no longer exist"));
	assert_true(se_has_affected(f, "shop/new-1"));
	assert_true(se_has_evidence(f, STATUS, 5, "IPAM: IPv4: 254/254"));
	assert_true(se_has_evidence(f, STATUS, 0, "10.0.1.9 allocated to "
	    "batch/job-28561230-abcde"));
	assert_true(se_has_evidence(f, EVENTS, 0, "FailedCreatePodSandBox "
	    "shop/new-1"));
	assert_true(has_text(f->remediation, "--node-cidr-mask-size"));
	fx_free(x);

	/* 200/254 with no failure: silent; at a 75% mark: nearly. */
	x = fx_new("ipam-room.zip", room, 2, SEV_HIGH);
	fx_run(x, check_ipam_exhausted);
	assert_int_equal(x->f.n, 0);
	x->r.params = json_pack("{s:i}", "near_percent", 75);
	fx_run(x, check_ipam_exhausted);
	assert_int_equal(x->f.n, 1);
	assert_int_equal(x->f.v[0].severity, SEV_MEDIUM);
	assert_true(has_text(x->f.v[0].title, "nearly exhausted"));
	fx_free(x);

	/* The events alone say enough (no bugtool on the node). */
	x = fx_new("ipam-events.zip", events_only, 2, SEV_HIGH);
	fx_run(x, check_ipam_exhausted);
	assert_int_equal(x->f.n, 1);
	assert_true(has_text(x->f.v[0].title, "Pod IP addresses on n1 are "
	    "exhausted"));
	fx_free(x);
}

static void
test_kpr_kubeproxy_coexist(void **state)
{
	const struct file on[] = { { CONFIG, config_kpr },
		{ PODS, pods_kube_proxy } };
	const struct file off[] = { { CONFIG, config_nokpr },
		{ PODS, pods_kube_proxy } };
	const struct file partial[] = { { CONFIG, config_partial },
		{ PODS, pods_kube_proxy } };
	const struct file nokp[] = { { CONFIG, config_kpr } };
	const struct file unknown[] = { { CONFIG, config_lockdown },
		{ PODS, pods_kube_proxy } };
	struct fx *x;
	const struct finding *f;

	(void)state;
	x = fx_new("kp-on.zip", on, 2, SEV_MEDIUM);
	fx_run(x, check_kpr_kubeproxy_coexist);
	assert_null(x->ctx.skip_reason);
	assert_int_equal(x->f.n, 1);
	f = &x->f.v[0];
	assert_true(has_text(f->title, "kube-proxy still runs on 2 nodes"));
	assert_true(has_text(f->message, "2 kube-proxy pods still run (on n1 "
	    "and n2)"));
	assert_int_equal(f->nsubjects, 1);
	assert_string_equal(f->subjects[0].kind, "DaemonSet");
	assert_string_equal(f->subjects[0].name, "kube-proxy");
	assert_true(se_has_evidence(f, PODS, 0, "pod kube-system/kube-proxy-x1 "
	    "(DaemonSet kube-proxy) on node n1, Running"));
	assert_true(se_has_evidence(f, CONFIG, 0, "kube-proxy-replacement: "
	    "\"true\""));
	fx_free(x);

	x = fx_new("kp-off.zip", off, 2, SEV_MEDIUM);
	fx_run(x, check_kpr_kubeproxy_coexist);
	assert_int_equal(x->f.n, 0);
	fx_free(x);

	/* partial is meant to run beside kube-proxy. */
	x = fx_new("kp-partial.zip", partial, 2, SEV_MEDIUM);
	fx_run(x, check_kpr_kubeproxy_coexist);
	assert_int_equal(x->f.n, 0);
	fx_free(x);

	expect_none("kp-none.zip", nokp, 1, SEV_MEDIUM,
	    check_kpr_kubeproxy_coexist);

	expect_skip("kp-unknown.zip", unknown, 2, SEV_MEDIUM,
	    check_kpr_kubeproxy_coexist);
}

static void
test_kpr_service_missing(void **state)
{
	const struct file on[] = { { CONFIG, config_kpr },
		{ STATUS, status_room }, { SERVICES, services },
		{ ENDPOINTS, endpoints }, { LBLIST, lblist } };
	const struct file nolb[] = { { CONFIG, config_kpr },
		{ STATUS, status_room }, { SERVICES, services },
		{ ENDPOINTS, endpoints } };
	const struct file off[] = { { CONFIG, config_nokpr },
		{ SERVICES, services }, { ENDPOINTS, endpoints },
		{ LBLIST, lblist } };
	struct fx *x;
	const struct finding *f;

	(void)state;
	x = fx_new("svc-on.zip", on, 5, SEV_HIGH);
	fx_run(x, check_kpr_service_missing);
	assert_null(x->ctx.skip_reason);
	/* api is missing; web is there; ext belongs to another proxy. */
	assert_int_equal(x->f.n, 1);
	f = &x->f.v[0];
	assert_true(has_text(f->title, "Service shop/api (10.96.0.21:8080/TCP) "
	    "is missing from the load-balancer map on n1"));
	assert_string_equal(f->subjects[0].kind, "Service");
	assert_string_equal(f->subjects[0].name, "api");
	assert_true(se_has_affected(f, "shop/api-1"));
	assert_true(se_has_affected(f, "n1"));
	assert_true(se_has_evidence(f, LBLIST, 0,
	    "bpf lb list on n1: no frontend 10.96.0.21 among 1 services"));
	assert_true(se_has_evidence(f, ENDPOINTS, 0,
	    "Endpoints shop/api: 1 ready address"));
	assert_true(has_text(f->remediation, "delete pod cilium-a"));
	fx_free(x);

	expect_skip("svc-nolb.zip", nolb, 4, SEV_HIGH,
	    check_kpr_service_missing);

	/* Without kube-proxy replacement kube-proxy handles Services. */
	expect_none("svc-off.zip", off, 4, SEV_HIGH, check_kpr_service_missing);
}

static void
test_drop_datapath(void **state)
{
	struct buf fs = BUF_INIT, fq = BUF_INIT;
	struct file drops[] = { { CONFIG, config_kpr },
		{ FLOWS, NULL }, { METRICS, metrics_drops } };
	struct file quiet[] = { { CONFIG, config_kpr },
		{ FLOWS, NULL }, { METRICS, metrics_low } };
	const struct file none[] = { { CONFIG, config_kpr } };
	struct fx *x;
	const struct finding *stale = NULL, *ct = NULL;
	size_t i;

	(void)state;
	add_drops(&fs, 11, "151", "STALE_OR_UNROUTABLE_IP");
	drops[1].data = fs.ptr;
	/* 3 stale drops, IGMP "handled" and policy drops. */
	add_drops(&fq, 3, "151", "STALE_OR_UNROUTABLE_IP");
	add_drops(&fq, 12, "199", "IGMP_HANDLED");
	add_drops(&fq, 12, "133", "POLICY_DENIED");
	quiet[1].data = fq.ptr;
	x = fx_new("drop.zip", drops, 3, SEV_MEDIUM);
	fx_run(x, check_drop_datapath);
	assert_null(x->ctx.skip_reason);
	assert_int_equal(x->f.n, 1);
	for (i = 0; i < x->f.n; i++) {
		if (has_text(x->f.v[i].title, "STALE_OR_UNROUTABLE_IP"))
			stale = &x->f.v[i];
		if (has_text(x->f.v[i].title, "CT_MAP_INSERTION_FAILED"))
			ct = &x->f.v[i];
	}
	assert_non_null(stale);
	/* 40 CT insertion failures: below min_packets 100, no flows. */
	assert_null(ct);
	assert_true(has_text(stale->title, "Datapath drops "
	    "STALE_OR_UNROUTABLE_IP (151, \"Stale or unroutable IP\") on n1"));
	assert_true(has_text(stale->message, "Hubble recorded 11 flows and the "
	    "agents' cilium_drop_count_total counts 412 packets"));
	assert_int_equal(stale->drops, 11);
	assert_true(se_has_affected(stale, "shop/web-1"));
	assert_true(se_has_evidence(stale, FLOWS, 1,
	    "DROPPED EGRESS shop/web-1"));
	assert_true(se_has_evidence(stale, FLOWS, 11,
	    "STALE_OR_UNROUTABLE_IP"));
	assert_true(se_has_evidence(stale, METRICS, 3,
	    "reason=Stale or unroutable IP 412 on n1"));
	/* A lower packet bar brings the CT insertion failures in, as high. */
	x->r.params = json_pack("{s:i}", "min_packets", 10);
	fx_run(x, check_drop_datapath);
	assert_int_equal(x->f.n, 2);
	assert_true(has_text(x->f.v[0].title, "STALE_OR_UNROUTABLE_IP"));
	assert_true(has_text(x->f.v[1].title, "CT_MAP_INSERTION_FAILED"));
	assert_int_equal(x->f.v[1].severity, SEV_HIGH);
	fx_free(x);

	/* Below the bars, not losses, or policy's: nothing. */
	expect_none("drop-quiet.zip", quiet, 3, SEV_MEDIUM,
	    check_drop_datapath);

	expect_skip("drop-none.zip", none, 1, SEV_MEDIUM, check_drop_datapath);
	buf_release(&fs);
	buf_release(&fq);
}

/* The demo sysdump plants none of these problems. */
static void
test_demo_silent(void **state)
{
	struct ingest_limits lim;
	struct fx x;
	char *err = NULL;
	void (*fns[])(struct eval_ctx *) = { check_policymap_full,
	    check_bpf_map_pressure, check_bpf_prog_missing,
	    check_ipam_exhausted, check_kpr_kubeproxy_coexist,
	    check_kpr_service_missing, check_drop_datapath };
	size_t i;

	(void)state;
	memset(&x, 0, sizeof(x));
	ingest_limits_default(&lim);
	assert_int_equal(model_build(&x.m, "testdata/sysdump/"
	    "cilium-sysdump-20250601-101500", &lim, &err), 0);
	fx_ready(&x, SEV_HIGH);
	for (i = 0; i < sizeof(fns) / sizeof(fns[0]); i++) {
		fx_run(&x, fns[i]);
		assert_null(x.ctx.skip_reason);
		assert_int_equal(x.f.n, 0);
	}
	findings_release(&x.f);
	model_free(&x.m);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_policymap_full),
		cmocka_unit_test(test_bpf_map_pressure),
		cmocka_unit_test(test_bpf_prog_missing),
		cmocka_unit_test(test_ipam_exhausted),
		cmocka_unit_test(test_kpr_kubeproxy_coexist),
		cmocka_unit_test(test_kpr_service_missing),
		cmocka_unit_test(test_drop_datapath),
		cmocka_unit_test(test_demo_silent),
	};

	return cmocka_run_group_tests(tests, sa_group_setup,
	    sa_group_teardown);
}
