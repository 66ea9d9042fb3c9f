/*
 * test_check_validity.c: the policy-validity rules (POL-L3-MIXED,
 * POL-TOSERVICES-TOPORTS-OLD, POL-L7-NO-PROXY, POL-EMPTY-RULESET) with
 * their real rule files, over small sysdumps built here: where they fire,
 * on which versions, with which evidence, and where they must stay silent;
 * and that POL-INVALID-STATUS folds into them.  Plus the demo sysdump,
 * whose healthy policies must not trigger any of them.
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
#include "eval.h"
#include "model.h"
#include "rule.h"
#include "support_archive.h"
#include "support_eval.h"

#define TS	"20250601-101500"
#define TOP	"cilium-sysdump-" TS "/"
#define CNPS	TOP "ciliumnetworkpolicies-" TS ".yaml"
#define LOG	TOP "logs-cilium-a-cilium-agent-" TS ".log"

static const char pods[] =
    "items:\n"
    "- metadata: {name: web-1, namespace: shop, labels: {app: web}}\n"
    "  spec: {nodeName: n1}\n  status: {phase: Running, podIP: 10.0.0.5}\n"
    "- metadata: {name: db-1, namespace: shop, labels: {app: db}}\n"
    "  spec: {nodeName: n1}\n  status: {phase: Running, podIP: 10.0.0.6}\n"
    "- metadata: {name: cilium-a, namespace: kube-system, labels: "
    "{k8s-app: cilium}}\n"
    "  spec: {nodeName: n1, hostNetwork: true}\n"
    "  status: {phase: Running}\n";
static const char services[] =
    "items:\n"
    "- metadata: {name: db, namespace: shop}\n"
    "  spec:\n    clusterIP: 10.96.0.20\n    selector: {app: db}\n"
    "    ports: [{port: 5432, targetPort: 5432, protocol: TCP}]\n"
    "- metadata: {name: kubernetes, namespace: default}\n"
    "  spec:\n    clusterIP: 10.96.0.1\n"
    "    ports: [{port: 443, targetPort: 6443, protocol: TCP}]\n";

/* The rule files under test, and POL-INVALID-STATUS to fold. */
static const char *const rule_files[] = {
	"rules/POL-L3-MIXED.yaml",
	"rules/POL-TOSERVICES-TOPORTS-OLD.yaml",
	"rules/POL-L7-NO-PROXY.yaml",
	"rules/POL-EMPTY-RULESET.yaml",
	"rules/POL-INVALID-STATUS.yaml",
};

struct fx {
	struct model	 m;
	struct ruleset	 rs;
	struct findings	 f;
};

/*
 * Build a sysdump: version (NULL: none known), the cilium-config value of
 * enable-l7-proxy (NULL: no ConfigMap at all), Helm values (NULL: none),
 * the CNP list and an agent log (NULL: none); analyze it.
 */
static void
run(struct fx *x, const char *version, const char *l7, const char *helm,
    const char *cnps, const char *log)
{
	struct sa_entry e[12];
	struct ingest_limits lim;
	struct diag_list d;
	char ds[256], cfg[256], *err = NULL, *path;
	size_t n = 0, i;
	static unsigned seq;
	char name[32];

	memset(x, 0, sizeof(*x));
	e[n++] = (struct sa_entry){ TOP "k8s-pods-" TS ".yaml", pods, 0,
	    SA_FILE };
	e[n++] = (struct sa_entry){ TOP "k8s-services-" TS ".yaml", services,
	    0, SA_FILE };
	e[n++] = (struct sa_entry){ CNPS, cnps, 0, SA_FILE };
	if (version != NULL) {
		snprintf(ds, sizeof(ds), "items:\n- spec:\n    template:\n"
		    "      spec:\n        containers:\n"
		    "        - image: quay.io/cilium/cilium:v%s\n"
		    "          name: cilium-agent\n", version);
		e[n++] = (struct sa_entry){ TOP "cilium-daemonset-" TS ".yaml",
		    ds, 0, SA_FILE };
	}
	if (l7 != NULL) {
		snprintf(cfg, sizeof(cfg), "data:\n  cluster-name: c1\n"
		    "%s%s%s"
		    "kind: ConfigMap\nmetadata:\n  name: cilium-config\n"
		    "  namespace: kube-system\n", *l7 != '\0' ?
		    "  enable-l7-proxy: \"" : "", l7, *l7 != '\0' ? "\"\n" :
		    "");
		e[n++] = (struct sa_entry){ TOP "cilium-configmap-" TS ".yaml",
		    cfg, 0, SA_FILE };
	}
	if (helm != NULL)
		e[n++] = (struct sa_entry){ TOP "cilium-helm-values-" TS
		    ".yaml", helm, 0, SA_FILE };
	if (log != NULL)
		e[n++] = (struct sa_entry){ LOG, log, 0, SA_FILE };
	snprintf(name, sizeof(name), "v%u.zip", seq++);
	path = sa_write_archive(name, "zip", e, n);
	ingest_limits_default(&lim);
	assert_int_equal(model_build(&x->m, path, &lim, &err), 0);
	free(path);
	ruleset_init(&x->rs);
	diag_list_init(&d);
	for (i = 0; i < sizeof(rule_files) / sizeof(rule_files[0]); i++)
		assert_int_equal(ruleset_load_file(&x->rs, rule_files[i],
		    eval_builtin_known, &d), 1);
	assert_int_equal(d.n, 0);
	diag_list_release(&d);
	findings_init(&x->f);
	eval_run(&x->m, &x->rs, &x->f);
}

static void
done(struct fx *x)
{
	findings_release(&x->f);
	ruleset_release(&x->rs);
	model_free(&x->m);
}

/* The finding of rule id about policy name, or NULL. */
static const struct finding *
find(const struct fx *x, const char *id, const char *name)
{
	size_t i;

	for (i = 0; i < x->f.n; i++)
		if (strcmp(x->f.v[i].rule->id, id) == 0 &&
		    x->f.v[i].nsubjects > 0 &&
		    strcmp(x->f.v[i].subjects[0].name, name) == 0)
			return &x->f.v[i];
	return NULL;
}

/* --- POL-L3-MIXED --------------------------------------------------- */

static const char l3_cnps[] =
    "items:\n"
    "- metadata: {name: mixed, namespace: shop}\n"		/* 2 */
    "  spec:\n"
    "    endpointSelector: {matchLabels: {app: web}}\n"
    "    egress:\n"
    "    - toEndpoints: [{matchLabels: {app: db}}]\n"		/* 6 */
    "      toCIDR: [10.20.0.0/16]\n"
    "      toPorts: [{ports: [{port: \"5432\", protocol: TCP}]}]\n"
    "- metadata: {name: split, namespace: shop}\n"		/* 9 */
    "  spec:\n"
    "    endpointSelector: {matchLabels: {app: web}}\n"
    "    egress:\n"
    "    - toEndpoints: [{matchLabels: {app: db}}]\n"
    "    - toCIDR: [10.20.0.0/16]\n"
    "- metadata: {name: emptylist, namespace: shop}\n"		/* 15 */
    "  spec:\n"
    "    endpointSelector: {matchLabels: {app: db}}\n"
    "    ingress:\n"
    "    - fromEndpoints: [{matchLabels: {app: web}}]\n"
    "      fromEntities: []\n"
    "- metadata: {name: denymix, namespace: shop}\n"		/* 21 */
    "  spec:\n"
    "    endpointSelector: {matchLabels: {app: db}}\n"
    "    ingressDeny:\n"
    "    - fromEntities: [world]\n"				/* 25 */
    "      fromCIDRSet: [{cidr: 10.0.0.0/8}]\n"
    "- metadata: {name: cidrboth, namespace: shop}\n"		/* 27 */
    "  spec:\n"
    "    endpointSelector: {matchLabels: {app: web}}\n"
    "    egress:\n"
    "    - toCIDR: [1.2.3.4]\n"
    "      toCIDRSet: [{cidr: 10.0.0.0/8, except: [10.1.0.0/16]}]\n";
static const char l3_log[] =
    "2025-06-01T10:00:00Z level=warning msg=\"Unable to add "
    "CiliumNetworkPolicy\" ciliumNetworkPolicyName=mixed "
    "error=\"Invalid CiliumNetworkPolicy spec: Combining ToCIDR and "
    "ToEndpoints is not supported yet\" k8sNamespace=shop "
    "subsys=k8s-watcher\n";

static void
test_l3_mixed(void **state)
{
	struct fx x;
	const struct finding *f;

	(void)state;
	run(&x, "1.16.5", "true", NULL, l3_cnps, l3_log);
	f = find(&x, "POL-L3-MIXED", "mixed");
	assert_non_null(f);
	assert_string_equal(f->subjects[0].kind, "CiliumNetworkPolicy");
	assert_string_equal(f->subjects[0].ns, "shop");
	assert_int_equal(f->naffected, 1);
	assert_string_equal(f->affected[0], "shop/web-1");
	/* It has an egress section: fail-open, critical. */
	assert_int_equal(f->severity, SEV_CRITICAL);
	assert_true(f->confidence > 0.99);
	assert_non_null(strstr(f->title, "CiliumNetworkPolicy shop/mixed is "
	    "rejected"));
	assert_non_null(strstr(f->message, "egress element at line 6 "
	    "combines toEndpoints and toCIDR"));
	assert_non_null(strstr(f->message, "fail-open"));
	assert_true(se_has_evidence(f, NULL, 6,
	    "egress element combines toEndpoints "
	    "and toCIDR"));
	/* The agent's own line, found by this check. */
	assert_true(se_has_evidence(f, NULL, 1,
	    "Combining ToCIDR and ToEndpoints"));
	assert_non_null(strstr(f->remediation, "- toEndpoints:\n"
	    "  - {matchLabels: {app: db}}\n"));
	assert_non_null(strstr(f->remediation, "- toCIDR:\n"
	    "  - 10.20.0.0/16\n"));
	assert_non_null(strstr(f->remediation, "    - port: \"5432\"\n"));
	/* POL-INVALID-STATUS about the same policy folded into it. */
	assert_null(find(&x, "POL-INVALID-STATUS", "mixed"));
	/* Near misses: split elements; an empty list is no peer kind. */
	assert_null(find(&x, "POL-L3-MIXED", "split"));
	assert_null(find(&x, "POL-L3-MIXED", "emptylist"));
	assert_null(find(&x, "POL-INVALID-STATUS", "emptylist"));
	/* A mixed deny section: validated only by late 1.16 patches. */
	f = find(&x, "POL-L3-MIXED", "denymix");
	assert_non_null(f);
	assert_true(f->confidence < 0.6);
	assert_non_null(strstr(f->message, "ingressDeny element at line 25 "
	    "combines fromCIDRSet and fromEntities"));
	assert_non_null(strstr(f->message, "PR #36598"));
	/* CIDR and CIDRSet are two kinds; the fix merges them. */
	f = find(&x, "POL-L3-MIXED", "cidrboth");
	assert_non_null(f);
	assert_non_null(strstr(f->title, "toCIDR and toCIDRSet in one egress "
	    "element"));
	assert_non_null(strstr(f->remediation, "- toCIDRSet:\n"
	    "  - cidr: 1.2.3.4/32\n  - cidr: 10.0.0.0/8\n"
	    "    except: [10.1.0.0/16]\n"));
	assert_int_equal(se_count(&x.f, "POL-L3-MIXED"), 3);
	done(&x);

	/* 1.15 does not validate deny sections at all. */
	run(&x, "1.15.6", "true", NULL, l3_cnps, NULL);
	assert_non_null(find(&x, "POL-L3-MIXED", "mixed"));
	assert_null(find(&x, "POL-L3-MIXED", "denymix"));
	done(&x);
	/* 1.17 does, surely. */
	run(&x, "1.17.2", "true", NULL, l3_cnps, NULL);
	f = find(&x, "POL-L3-MIXED", "denymix");
	assert_non_null(f);
	assert_true(f->confidence > 0.99);
	/* Without the log, the mixed policy's own lines say it. */
	f = find(&x, "POL-L3-MIXED", "mixed");
	assert_non_null(f);
	assert_false(se_has_evidence(f, NULL, 1, "Combining"));
	done(&x);
}

/* --- POL-TOSERVICES-TOPORTS-OLD ------------------------------------- */

static const char svc_cnps[] =
    "items:\n"
    "- metadata: {name: to-db, namespace: shop}\n"		/* 2 */
    "  spec:\n"
    "    endpointSelector: {matchLabels: {app: web}}\n"
    "    egress:\n"
    "    - toServices:\n"					/* 6 */
    "      - k8sService: {serviceName: db, namespace: shop}\n"
    "      toPorts: [{ports: [{port: \"5432\", protocol: TCP}]}]\n"
    "- metadata: {name: to-api, namespace: shop}\n"		/* 9 */
    "  spec:\n"
    "    endpointSelector: {matchLabels: {app: web}}\n"
    "    egress:\n"
    "    - toServices:\n"
    "      - k8sService: {serviceName: kubernetes, namespace: default}\n"
    "      toPorts: [{ports: [{port: \"443\", protocol: TCP}]}]\n"
    "- metadata: {name: svc-only, namespace: shop}\n"		/* 16 */
    "  spec:\n"
    "    endpointSelector: {matchLabels: {app: web}}\n"
    "    egress:\n"
    "    - toServices:\n"
    "      - k8sService: {serviceName: db, namespace: shop}\n";

static void
test_toservices_toports(void **state)
{
	struct fx x;
	const struct finding *f;
	const char *why;

	(void)state;
	/* 1.14-1.16: rejected, whatever the Service. */
	run(&x, "1.16.5", "true", NULL, svc_cnps, NULL);
	f = find(&x, "POL-TOSERVICES-TOPORTS-OLD", "to-db");
	assert_non_null(f);
	assert_int_equal(f->severity, SEV_CRITICAL);
	assert_non_null(strstr(f->title, "CiliumNetworkPolicy shop/to-db is "
	    "rejected on Cilium 1.16.5"));
	assert_non_null(strstr(f->message, "the egress element at line 6 "
	    "sends to 5432/TCP of Service shop/db"));
	assert_true(se_has_evidence(f, NULL, 6,
	    "toServices and toPorts (5432/TCP)"));
	assert_true(se_has_evidence(f, NULL, 0,
	    "Service shop/db (has a selector)"));
	assert_string_equal(f->affected[0], "shop/web-1");
	/* The fix selects the Service's pods in its namespace. */
	assert_non_null(strstr(f->remediation, "- toEndpoints:\n  - "
	    "{matchLabels: {app: db, k8s:io.kubernetes.pod.namespace: "
	    "shop}}\n"));
	assert_non_null(find(&x, "POL-TOSERVICES-TOPORTS-OLD", "to-api"));
	/* toServices alone is fine. */
	assert_null(find(&x, "POL-TOSERVICES-TOPORTS-OLD", "svc-only"));
	assert_int_equal(se_count(&x.f, "POL-TOSERVICES-TOPORTS-OLD"), 2);
	done(&x);

	/* <= 1.13: open to the world for a Service with a selector only. */
	run(&x, "1.13.4", "true", NULL, svc_cnps, NULL);
	f = find(&x, "POL-TOSERVICES-TOPORTS-OLD", "to-db");
	assert_non_null(f);
	assert_int_equal(f->severity, SEV_CRITICAL);
	assert_non_null(strstr(f->title, "allows its toServices ports to "
	    "every destination"));
	assert_non_null(strstr(f->message, "world included"));
	assert_null(find(&x, "POL-TOSERVICES-TOPORTS-OLD", "to-api"));
	done(&x);

	/* 1.17 handles it: the rule does not apply (no gap either). */
	run(&x, "1.17.0", "true", NULL, svc_cnps, NULL);
	assert_int_equal(se_count(&x.f, "POL-TOSERVICES-TOPORTS-OLD"), 0);
	assert_null(se_skipped(&x.f, "POL-TOSERVICES-TOPORTS-OLD"));
	assert_int_equal(x.f.nnot_applicable, 1);
	assert_string_equal(x.f.not_applicable[0].rule->id,
	    "POL-TOSERVICES-TOPORTS-OLD");
	done(&x);

	/* Unknown version with such a rule: cannot decide. */
	run(&x, NULL, "true", NULL, svc_cnps, NULL);
	assert_int_equal(se_count(&x.f, "POL-TOSERVICES-TOPORTS-OLD"), 0);
	why = se_skipped(&x.f, "POL-TOSERVICES-TOPORTS-OLD");
	assert_non_null(why);
	assert_non_null(strstr(why, "version is unknown"));
	done(&x);
	/* Unknown version without one: nothing to say, but it ran. */
	run(&x, NULL, "true", NULL, l3_cnps, NULL);
	assert_null(se_skipped(&x.f, "POL-TOSERVICES-TOPORTS-OLD"));
	done(&x);
}

/* --- POL-L7-NO-PROXY ------------------------------------------------ */

static const char l7_cnps[] =
    "items:\n"
    "- metadata: {name: db-http, namespace: shop}\n"		/* 2 */
    "  spec:\n"
    "    endpointSelector: {matchLabels: {app: db}}\n"
    "    ingress:\n"
    "    - fromEndpoints: [{matchLabels: {app: web}}]\n"
    "      toPorts:\n"
    "      - ports: [{port: \"8080\", protocol: TCP}]\n"	/* 8 */
    "        rules:\n"
    "          http: [{method: GET}]\n"
    "- metadata: {name: db-l4, namespace: shop}\n"		/* 11 */
    "  spec:\n"
    "    endpointSelector: {matchLabels: {app: db}}\n"
    "    ingress:\n"
    "    - fromEndpoints: [{matchLabels: {app: web}}]\n"
    "      toPorts:\n"
    "      - ports: [{port: \"8080\", protocol: TCP}]\n";
static const char l7_log[] =
    "2025-06-01T10:00:00Z level=warning msg=\"Unable to add "
    "CiliumNetworkPolicy\" ciliumNetworkPolicyName=db-http "
    "error=\"Invalid CiliumNetworkPolicy spec: L7 policy is not supported "
    "since L7 proxy is not enabled\" k8sNamespace=shop "
    "subsys=k8s-watcher\n";

static void
test_l7_no_proxy(void **state)
{
	struct fx x;
	const struct finding *f;

	(void)state;
	run(&x, "1.16.5", "false", NULL, l7_cnps, l7_log);
	f = find(&x, "POL-L7-NO-PROXY", "db-http");
	assert_non_null(f);
	assert_int_equal(f->severity, SEV_CRITICAL);
	assert_true(f->confidence > 0.99);
	assert_non_null(strstr(f->title, "CiliumNetworkPolicy shop/db-http "
	    "is rejected: L7 rules while the L7 proxy is disabled"));
	assert_non_null(strstr(f->message, "http rules on 8080/TCP (line 8)"));
	assert_non_null(strstr(f->message, "cilium-config: enable-l7-proxy: "
	    "\"false\""));
	assert_true(se_has_evidence(f, NULL, 8,
	    "ingress rules: http on 8080/TCP"));
	/* The key's own line in the ConfigMap. */
	assert_true(se_has_evidence(f, NULL, 3,
	    "cilium-config: enable-l7-proxy: "
	    "\"false\""));
	assert_true(se_has_evidence(f, NULL, 1, "L7 proxy is not enabled"));
	assert_string_equal(f->affected[0], "shop/db-1");
	assert_non_null(strstr(f->remediation, "enable-l7-proxy: \"true\""));
	assert_null(strstr(f->remediation, "rules: ..."));
	assert_null(find(&x, "POL-INVALID-STATUS", "db-http"));
	/* An L4-only policy is fine. */
	assert_null(find(&x, "POL-L7-NO-PROXY", "db-l4"));
	assert_int_equal(se_count(&x.f, "POL-L7-NO-PROXY"), 1);
	done(&x);

	/* The proxy is on (explicitly, or by default). */
	run(&x, "1.16.5", "true", NULL, l7_cnps, NULL);
	assert_int_equal(se_count(&x.f, "POL-L7-NO-PROXY"), 0);
	done(&x);
	run(&x, "1.16.5", "", "l7Proxy: false\n", l7_cnps, NULL);
	assert_int_equal(se_count(&x.f, "POL-L7-NO-PROXY"), 0);
	assert_null(se_skipped(&x.f, "POL-L7-NO-PROXY"));
	done(&x);
	/* Without the ConfigMap, the Helm value. */
	run(&x, "1.16.5", NULL, "l7Proxy: false\n", l7_cnps, NULL);
	f = find(&x, "POL-L7-NO-PROXY", "db-http");
	assert_non_null(f);
	assert_non_null(strstr(f->message, "Helm values: l7Proxy: false"));
	done(&x);
	/* Neither: not evaluated. */
	run(&x, "1.16.5", NULL, NULL, l7_cnps, NULL);
	assert_int_equal(se_count(&x.f, "POL-L7-NO-PROXY"), 0);
	assert_non_null(se_skipped(&x.f, "POL-L7-NO-PROXY"));
	done(&x);
}

/* --- POL-EMPTY-RULESET ---------------------------------------------- */

static const char empty_cnps[] =
    "items:\n"
    "- metadata: {name: empty, namespace: shop}\n"		/* 2 */
    "  spec:\n"
    "    endpointSelector: {matchLabels: {app: web}}\n"	/* 4 */
    "    ingress: []\n"
    "- metadata: {name: dd-only, namespace: shop}\n"		/* 6 */
    "  spec:\n"
    "    endpointSelector: {matchLabels: {app: web}}\n"	/* 8 */
    "    enableDefaultDeny: {ingress: true}\n"
    "- metadata: {name: deny-all, namespace: shop}\n"		/* 10 */
    "  spec:\n"
    "    endpointSelector: {matchLabels: {app: web}}\n"
    "    ingress:\n"
    "    - {}\n"
    "- metadata: {name: half, namespace: shop}\n"		/* 15 */
    "  specs:\n"
    "  - endpointSelector: {matchLabels: {app: web}}\n"	/* 17 */
    "    egress: [{toEntities: [world]}]\n"
    "  - endpointSelector: {matchLabels: {app: db}}\n"		/* 19 */
    "    egress:\n";

static void
test_empty_ruleset(void **state)
{
	struct fx x;
	const struct finding *f;

	(void)state;
	/* 1.17+: rejected as a whole, enableDefaultDeny alone included. */
	run(&x, "1.18.1", "true", NULL, empty_cnps, NULL);
	f = find(&x, "POL-EMPTY-RULESET", "empty");
	assert_non_null(f);
	assert_int_equal(f->severity, SEV_CRITICAL);
	assert_non_null(strstr(f->title, "CiliumNetworkPolicy shop/empty is "
	    "rejected"));
	assert_non_null(strstr(f->message, "spec (line 4) has ingress: []"));
	assert_non_null(strstr(f->message, "rule must have at least one of"));
	assert_true(se_has_evidence(f, NULL, 4, "spec: ingress: []"));
	assert_string_equal(f->affected[0], "shop/web-1");
	assert_non_null(strstr(f->remediation, "spec:\n  endpointSelector: "
	    "{matchLabels: {app: web}}\n  ingress:\n  - {}\n"));
	assert_null(strstr(f->remediation, "egress:\n  - {}"));
	f = find(&x, "POL-EMPTY-RULESET", "dd-only");
	assert_non_null(f);
	assert_non_null(strstr(f->message, "enableDefaultDeny.ingress: true"));
	/* A specs[] item without sections loses the other items too. */
	f = find(&x, "POL-EMPTY-RULESET", "half");
	assert_non_null(f);
	/* `egress:` with nothing is null: no section at all. */
	assert_non_null(strstr(f->message, "specs[1] (line 19) has no "
	    "ingress, egress"));
	assert_int_equal(f->naffected, 2);
	/* ingress: [{}] is a default deny, not an empty rule. */
	assert_null(find(&x, "POL-EMPTY-RULESET", "deny-all"));
	assert_int_equal(se_count(&x.f, "POL-EMPTY-RULESET"), 3);
	done(&x);

	/* 1.16: accepted, enforces nothing; enableDefaultDeny does deny. */
	run(&x, "1.16.5", "true", NULL, empty_cnps, NULL);
	f = find(&x, "POL-EMPTY-RULESET", "empty");
	assert_non_null(f);
	assert_int_equal(f->severity, SEV_CRITICAL);
	assert_non_null(strstr(f->title, "is a no-op"));
	assert_non_null(strstr(f->message, "Cilium 1.16.5 accepts"));
	assert_null(find(&x, "POL-EMPTY-RULESET", "dd-only"));
	assert_null(find(&x, "POL-EMPTY-RULESET", "deny-all"));
	/* One empty rule among others: that rule only, high. */
	f = find(&x, "POL-EMPTY-RULESET", "half");
	assert_non_null(f);
	assert_int_equal(f->severity, SEV_HIGH);
	done(&x);

	/* Unknown version: fails open either way, less sure. */
	run(&x, NULL, "true", NULL, empty_cnps, NULL);
	f = find(&x, "POL-EMPTY-RULESET", "empty");
	assert_non_null(f);
	assert_true(f->confidence < 0.9);
	f = find(&x, "POL-EMPTY-RULESET", "dd-only");
	assert_non_null(f);
	assert_true(f->confidence < 0.6);
	done(&x);
}

/* --- the demo: healthy policies, none of these causes --------------- */

static void
test_demo_silent(void **state)
{
	struct model m;
	struct ruleset rs;
	struct diag_list d;
	struct findings f;
	struct ingest_limits lim;
	char *err = NULL;
	size_t i, j;

	(void)state;
	ingest_limits_default(&lim);
	assert_int_equal(model_build(&m,
	    "testdata/sysdump/cilium-sysdump-20250601-101500", &lim, &err), 0);
	ruleset_init(&rs);
	diag_list_init(&d);
	for (i = 0; i < sizeof(rule_files) / sizeof(rule_files[0]); i++)
		assert_int_equal(ruleset_load_file(&rs, rule_files[i],
		    eval_builtin_known, &d), 1);
	findings_init(&f);
	eval_run(&m, &rs, &f);
	assert_int_equal(f.n, 0);
	/* Each of them ran (1.16.5 is in every rule's range). */
	for (i = 0; i < f.nskipped; i++)
		for (j = 0; j < 4; j++)
			assert_false(strstr(rule_files[j],
			    f.skipped[i].rule->id) != NULL);
	findings_release(&f);
	diag_list_release(&d);
	ruleset_release(&rs);
	model_free(&m);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_l3_mixed),
		cmocka_unit_test(test_toservices_toports),
		cmocka_unit_test(test_l7_no_proxy),
		cmocka_unit_test(test_empty_ruleset),
		cmocka_unit_test(test_demo_silent),
	};

	return cmocka_run_group_tests_name("check_validity", tests,
	    sa_group_setup, sa_group_teardown);
}
