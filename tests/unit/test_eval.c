/*
 * test_eval.c: the engine over a small sysdump: declarative config, JSON
 * and log checks, the built-in POL-INVALID-STATUS with its three sources,
 * version applicability, rules not evaluated, ranking and determinism.
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

static const char config[] =
    "data:\n  cluster-name: c1\n  policy-audit-mode: \"true\"\n"
    "kind: ConfigMap\nmetadata:\n  name: cilium-config\n"
    "  namespace: kube-system\n";
static const char helm[] = "hubble:\n  enabled: false\n";
static const char ds[] =
    "items:\n- spec:\n    template:\n      spec:\n        containers:\n"
    "        - image: quay.io/cilium/cilium:v1.16.5\n"
    "          name: cilium-agent\n";
static const char pods[] =
    "items:\n"
    "- metadata: {name: web-1, namespace: shop, labels: {app: web}}\n"
    "  spec: {nodeName: n1}\n  status: {phase: Running, podIP: 10.0.0.5}\n"
    "- metadata: {name: cilium-a, namespace: kube-system, labels: "
    "{k8s-app: cilium}}\n"
    "  spec: {nodeName: n1, hostNetwork: true}\n"
    "  status: {phase: Running}\n";
static const char cnps[] =
    "items:\n"
    "- metadata: {name: mixed, namespace: shop}\n"
    "  spec:\n"
    "    endpointSelector: {matchLabels: {app: web}}\n"
    "    egressDeny:\n"
    "    - toEndpoints: [{}]\n"
    "      toCIDR: [10.0.0.0/8]\n"
    "- metadata: {name: fine, namespace: shop}\n"
    "  spec:\n"
    "    endpointSelector: {matchLabels: {app: web}}\n"
    "    ingress: [{fromEntities: [world]}]\n"
    "- metadata: {name: marked, namespace: shop}\n"
    "  spec:\n"
    "    endpointSelector: {matchLabels: {app: web}}\n"
    "    ingress: [{fromEntities: [world]}]\n"
    "  status:\n"
    "    conditions:\n"
    "    - {type: Valid, status: \"False\", message: \"some problem\"}\n";
static const char agent_log[] =
    "2025-06-01T10:00:00Z level=warning msg=\"Unable to add "
    "CiliumNetworkPolicy\" ciliumNetworkPolicyName=mixed "
    "error=\"Invalid CiliumNetworkPolicy spec: Combining ToEndpoints and "
    "ToCIDR is not supported yet\" k8sNamespace=shop subsys=k8s-watcher\n"
    "2025-06-01T10:00:01Z level=error msg=\"Regeneration of endpoint "
    "failed\" error=\"x\" subsys=endpoint\n"
    "2025-06-01T10:09:00Z level=error msg=\"Regeneration of endpoint "
    "failed\" error=\"y\" subsys=endpoint\n";

static const char rules[] =
    "id: AUDIT-MODE-ON\ntitle: audit\nseverity: high\ncategory: c\n"
    "summary: s\nexplanation: e\nremediation: r\n"
    "references: [\"https://docs.cilium.io/\"]\n"
    "check: {config: {key: policy-audit-mode, op: equals, value: \"true\"}}\n"
    "---\n"
    "id: KNP-DISABLED\ntitle: knp\nseverity: high\ncategory: c\n"
    "summary: s\nexplanation: e\nremediation: r\n"
    "references: [\"https://docs.cilium.io/\"]\n"
    "check: {config: {key: enable-k8s-networkpolicy, op: equals, "
    "value: \"false\", default: \"true\"}}\n"
    "---\n"
    "id: HUBBLE-OFF\ntitle: hubble\nseverity: low\ncategory: c\n"
    "summary: s\nexplanation: e\nremediation: r\n"
    "references: [\"https://docs.cilium.io/\"]\n"
    "check: {json: {artifact: cilium-helm-values, path: hubble.enabled, "
    "op: equals, value: \"false\"}}\n"
    "---\n"
    "id: DATAPATH-REGEN-FAILED\ntitle: regen\nseverity: medium\n"
    "category: c\nsummary: Endpoint regeneration fails\nexplanation: e\n"
    "remediation: r\nreferences: [\"https://docs.cilium.io/\"]\n"
    "check: {log: {pattern: \"^Regeneration of endpoint failed$\", "
    "literal: Regeneration, min_count: 2, window: 10m}}\n"
    "---\n"
    "id: REGEN-BURST\ntitle: burst\nseverity: medium\n"
    "category: c\nsummary: s\nexplanation: e\n"
    "remediation: r\nreferences: [\"https://docs.cilium.io/\"]\n"
    "check: {log: {pattern: \"Regeneration\", min_count: 2, window: 1m}}\n"
    "---\n"
    "id: OLD-ONLY\ntitle: old\nseverity: critical\ncategory: c\n"
    "summary: s\nexplanation: e\nremediation: r\n"
    "references: [\"https://docs.cilium.io/\"]\nversions: [\"<1.14\"]\n"
    "check: {config: {key: cluster-name, op: present}}\n"
    "---\n"
    "id: POL-INVALID-STATUS\ntitle: t\nseverity: high\ncategory: policy\n"
    "summary: s\nexplanation: e\nremediation: r\n"
    "references: [\"https://docs.cilium.io/\"]\n"
    "check: {builtin: pol_invalid_status}\n"
    "---\n"
    "id: SYSDUMP-INCOMPLETE\ntitle: t\nseverity: low\ncategory: snapshot\n"
    "summary: s\nexplanation: e\nremediation: r\n"
    "references: [\"https://docs.cilium.io/\"]\n"
    "check: {builtin: sysdump_incomplete}\n";

static const struct finding *
find(const struct findings *f, const char *id)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		if (strcmp(f->v[i].rule->id, id) == 0)
			return &f->v[i];
	return NULL;
}

static void
test_engine(void **state)
{
	const struct sa_entry e[] = {
		{ TOP "cilium-configmap-" TS ".yaml", config, 0, SA_FILE },
		{ TOP "cilium-helm-values-" TS ".yaml", helm, 0, SA_FILE },
		{ TOP "cilium-daemonset-" TS ".yaml", ds, 0, SA_FILE },
		{ TOP "k8s-pods-" TS ".yaml", pods, 0, SA_FILE },
		{ TOP "ciliumnetworkpolicies-" TS ".yaml", cnps, 0, SA_FILE },
		{ TOP "logs-cilium-a-cilium-agent-" TS ".log", agent_log, 0,
		    SA_FILE },
	};
	struct ingest_limits lim;
	struct ruleset rs;
	struct diag_list d;
	struct model m;
	struct findings f;
	const struct finding *x;
	char *err = NULL, *path;
	size_t i;

	(void)state;
	path = sa_write_archive("e.zip", "zip", e, sizeof(e) / sizeof(e[0]));
	ingest_limits_default(&lim);
	assert_int_equal(model_build(&m, path, &lim, &err), 0);
	ruleset_init(&rs);
	diag_list_init(&d);
	assert_int_equal(ruleset_load_string(&rs, "r.yaml", rules,
	    strlen(rules), eval_builtin_known, &d), 8);
	assert_int_equal(d.n, 0);
	findings_init(&f);
	eval_run(&m, &rs, &f);

	/* config equals; config default; JSON on Helm values. */
	x = find(&f, "AUDIT-MODE-ON");
	assert_non_null(x);
	assert_string_equal(x->subjects[0].kind, "ConfigMap");
	assert_non_null(strstr(x->evidence[0].excerpt,
	    "policy-audit-mode: \"true\""));
	assert_null(find(&f, "KNP-DISABLED"));
	x = find(&f, "HUBBLE-OFF");
	assert_non_null(x);
	/* Evidence names the member (a boolean has no line: the object's). */
	assert_non_null(strstr(x->evidence[0].path, "cilium-helm-values-"));
	assert_int_equal(x->evidence[0].line, 1);
	/* Two regenerations 9 minutes apart: in a 10m window, not in 1m. */
	x = find(&f, "DATAPATH-REGEN-FAILED");
	assert_non_null(x);
	assert_int_equal(x->log_lines, 2);
	assert_int_equal(x->nevidence, 2);
	assert_int_equal(x->evidence[0].line, 2);
	assert_int_equal(x->evidence[1].line, 3);
	assert_null(find(&f, "REGEN-BURST"));
	/* A rule for versions this cluster is not on. */
	assert_null(find(&f, "OLD-ONLY"));
	/* Not a gap in the sysdump: listed as not applicable. */
	assert_int_equal(f.nskipped, 0);
	assert_int_equal(f.nnot_applicable, 1);
	assert_string_equal(f.not_applicable[0].rule->id, "OLD-ONLY");
	assert_non_null(strstr(f.not_applicable[0].reason, "runs 1.16.5"));
	assert_int_equal(f.evaluated, 7);

	/* Invalid policies: ours, the operator's, the agent's word. */
	for (i = 0; i < f.n; i++) {
		x = &f.v[i];
		if (strcmp(x->rule->id, "POL-INVALID-STATUS") != 0)
			continue;
		assert_true(strcmp(x->subjects[0].name, "mixed") == 0 ||
		    strcmp(x->subjects[0].name, "marked") == 0);
		if (strcmp(x->subjects[0].name, "mixed") == 0) {
			/* Deny rules lost: fail-open, critical. */
			assert_int_equal(x->severity, SEV_CRITICAL);
			assert_int_equal(x->log_lines, 1);
			assert_string_equal(x->affected[0], "shop/web-1");
			assert_non_null(strstr(x->message, "Combining "
			    "ToEndpoints and ToCIDR"));
		} else
			assert_non_null(strstr(x->message, "some problem"));
	}
	/* Ranked by score, numbered from 1, critical first. */
	for (i = 0; i < f.n; i++) {
		assert_int_equal(f.v[i].rank, i + 1);
		if (i > 0)
			assert_true(f.v[i - 1].score >= f.v[i].score);
	}
	assert_int_equal(f.v[0].severity, SEV_CRITICAL);
	/* A complete enough sysdump? No: agents lack bugtool and flows. */
	assert_non_null(find(&f, "SYSDUMP-INCOMPLETE"));
	/* ... but a rule for other releases is no gap in it. */
	assert_null(strstr(find(&f, "SYSDUMP-INCOMPLETE")->message,
	    "OLD-ONLY"));
	findings_release(&f);
	diag_list_release(&d);
	ruleset_release(&rs);
	model_free(&m);
	free(path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_engine),
	};

	return cmocka_run_group_tests_name("eval", tests, sa_group_setup,
	    sa_group_teardown);
}
