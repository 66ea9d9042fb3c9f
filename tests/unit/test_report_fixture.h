/*
 * test_report_fixture.h: one small findings set for the report writers'
 * unit tests (test_report_*.c), built the way test_eval.c builds one: a
 * packed sysdump, a handful of rules, eval_run, report_init.
 *
 * It yields: POL-INVALID-STATUS (high, policy) on CiliumNetworkPolicy
 * shop/marked whose status message holds markup, quotes, pipes, backticks
 * and "]]>"; AUDIT-MODE-ON (high, config) on the cilium-config ConfigMap;
 * HUBBLE-OFF (low, observability); KNP-DISABLED evaluated without a
 * finding; REGEN-FAILED not evaluated (a log rule, and the sysdump has
 * no logs); OLD-ONLY not applicable (for Cilium < 1.14 only).  The pod
 * web-1 has IP 10.0.0.5; node n1 has pod CIDR 10.0.0.0/24.
 *
 * Header-only (static functions) because every test_*.c is its own
 * program; include it once per test file.
 */
#ifndef CTRIAGE_TEST_REPORT_FIXTURE_H
#define CTRIAGE_TEST_REPORT_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eval.h"
#include "model.h"
#include "report_view.h"
#include "rule.h"
#include "support_archive.h"

#define FX_TS	"20250601-101500"
#define FX_TOP	"cilium-sysdump-" FX_TS "/"

/* What the hostile status message must come out as, unescaped. */
#define FX_HOSTILE	"<script>alert(1)</script> & | `tick` ]]> \"q\" 'a'"

static const char fx_config[] =
    "data:\n  cluster-name: c1\n  policy-audit-mode: \"true\"\n"
    "kind: ConfigMap\nmetadata:\n  name: cilium-config\n"
    "  namespace: kube-system\n";
static const char fx_helm[] = "hubble:\n  enabled: false\n";
static const char fx_ds[] =
    "items:\n- spec:\n    template:\n      spec:\n        containers:\n"
    "        - image: quay.io/cilium/cilium:v1.16.5\n"
    "          name: cilium-agent\n";
static const char fx_nodes[] =
    "items:\n- metadata: {name: n1}\n  spec: {podCIDR: 10.0.0.0/24}\n";
static const char fx_pods[] =
    "items:\n"
    "- metadata: {name: web-1, namespace: shop, labels: {app: web}}\n"
    "  spec: {nodeName: n1}\n  status: {phase: Running, podIP: 10.0.0.5}\n"
    "- metadata: {name: cilium-a, namespace: kube-system, labels: "
    "{k8s-app: cilium}}\n"
    "  spec: {nodeName: n1, hostNetwork: true}\n"
    "  status: {phase: Running}\n";
static const char fx_cnps[] =
    "items:\n"
    "- metadata: {name: marked, namespace: shop}\n"
    "  spec:\n"
    "    endpointSelector: {matchLabels: {app: web}}\n"
    "    ingress: [{fromCIDR: [10.0.0.0/24]}]\n"
    "  status:\n"
    "    conditions:\n"
    "    - type: Valid\n"
    "      status: \"False\"\n"
    "      message: \"web-1 at 10.0.0.5: <script>alert(1)</script> & | "
    "`tick` ]]> \\\"q\\\" 'a'\"\n";

static const char fx_rules[] =
    "id: AUDIT-MODE-ON\ntitle: Policy audit mode is on\nseverity: high\n"
    "category: config\nsummary: s\nexplanation: e\nremediation: r\n"
    "references: [\"https://docs.cilium.io/en/stable/a\"]\n"
    "check: {config: {key: policy-audit-mode, op: equals, value: \"true\"}}\n"
    "---\n"
    "id: KNP-DISABLED\ntitle: knp\nseverity: high\ncategory: config\n"
    "summary: s\nexplanation: e\nremediation: r\n"
    "references: [\"https://docs.cilium.io/\"]\n"
    "check: {config: {key: enable-k8s-networkpolicy, op: equals, "
    "value: \"false\", default: \"true\"}}\n"
    "---\n"
    "id: HUBBLE-OFF\ntitle: Hubble is off\nseverity: low\n"
    "category: observability\n"
    "summary: s\nexplanation: e\nremediation: r\n"
    "references: [\"https://docs.cilium.io/en/stable/h\"]\n"
    "check: {json: {artifact: cilium-helm-values, path: hubble.enabled, "
    "op: equals, value: \"false\"}}\n"
    "---\n"
    "id: OLD-ONLY\ntitle: old\nseverity: critical\ncategory: config\n"
    "summary: s\nexplanation: e\nremediation: r\n"
    "references: [\"https://docs.cilium.io/\"]\nversions: [\"<1.14\"]\n"
    "check: {config: {key: cluster-name, op: present}}\n"
    "---\n"
    "id: POL-INVALID-STATUS\ntitle: A policy is invalid\nseverity: high\n"
    "category: policy\nsummary: s\nexplanation: e\nremediation: r\n"
    "references: [{src: pkg/policy/api/rule_validation.go}, "
    "\"https://docs.cilium.io/en/stable/p\"]\n"
    "check: {builtin: pol_invalid_status}\n"
    "---\n"
    "id: REGEN-FAILED\ntitle: regen\nseverity: medium\n"
    "category: datapath\nsummary: s\nexplanation: e\n"
    "remediation: r\nreferences: [\"https://docs.cilium.io/\"]\n"
    "check: {log: {pattern: \"Regeneration\", min_count: 1}}\n";

struct fixture {
	struct model		m;
	struct ruleset		rs;
	struct findings		f;
	struct report		r;
	char			*path;
};

/* Build the model, run the rules, start the report (nothing filtered). */
static inline void
fx_setup(struct fixture *fx)
{
	const struct sa_entry e[] = {
		{ FX_TOP "cilium-configmap-" FX_TS ".yaml", fx_config, 0,
		    SA_FILE },
		{ FX_TOP "cilium-helm-values-" FX_TS ".yaml", fx_helm, 0,
		    SA_FILE },
		{ FX_TOP "cilium-daemonset-" FX_TS ".yaml", fx_ds, 0, SA_FILE },
		{ FX_TOP "k8s-nodes-" FX_TS ".yaml", fx_nodes, 0, SA_FILE },
		{ FX_TOP "k8s-pods-" FX_TS ".yaml", fx_pods, 0, SA_FILE },
		{ FX_TOP "ciliumnetworkpolicies-" FX_TS ".yaml", fx_cnps, 0,
		    SA_FILE },
	};
	struct ingest_limits lim;
	struct diag_list d;
	char *err = NULL;

	memset(fx, 0, sizeof(*fx));
	fx->path = sa_write_archive("fx.zip", "zip", e,
	    sizeof(e) / sizeof(e[0]));
	ingest_limits_default(&lim);
	if (model_build(&fx->m, fx->path, &lim, &err) != 0) {
		fprintf(stderr, "fixture: %s\n", err);
		abort();
	}
	ruleset_init(&fx->rs);
	diag_list_init(&d);
	if (ruleset_load_string(&fx->rs, "r.yaml", fx_rules,
	    strlen(fx_rules), eval_builtin_known, &d) != 6 || d.n != 0) {
		fprintf(stderr, "fixture: rules do not load: %s\n",
		    d.n > 0 ? d.v[0].text : "count");
		abort();
	}
	diag_list_release(&d);
	findings_init(&fx->f);
	eval_run(&fx->m, &fx->rs, &fx->f);
	report_init(&fx->r, &fx->m, &fx->rs, &fx->f);
}

static inline void
fx_teardown(struct fixture *fx)
{
	report_release(&fx->r);
	findings_release(&fx->f);
	ruleset_release(&fx->rs);
	model_free(&fx->m);
	free(fx->path);
}

/* Run a writer into a malloc'd string (free it). */
static inline char *
fx_render(int (*writer)(const struct report *, FILE *),
    const struct report *r)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (f == NULL || writer(r, f) != 0) {
		fprintf(stderr, "fixture: the writer failed\n");
		abort();
	}
	fclose(f);
	return buf;
}

/* How many times needle occurs in hay. */
static inline size_t
fx_count(const char *hay, const char *needle)
{
	size_t n = 0;
	const char *p = hay;

	while ((p = strstr(p, needle)) != NULL) {
		n++;
		p += strlen(needle);
	}
	return n;
}

/* The index of the finding of rule id in r->v, or -1. */
static inline int
fx_find(const struct report *r, const char *id)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		if (strcmp(r->v[i].f.rule->id, id) == 0)
			return (int)i;
	return -1;
}

#endif
