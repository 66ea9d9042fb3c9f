/*
 * check_policy.c: built-in checks on policy import and validity.
 *
 * check_pol_invalid_status (POL-INVALID-STATUS): a CNP or CCNP the agent
 * rejects is not in force at all: neither its allows nor the default deny
 * it would put on its endpoints (policy-semantics.md A.1).  Three sources
 * say so and corroborate each other: the operator's
 * status.conditions[type=Valid] (newer releases; updateCondition in
 * operator/pkg/networkpolicy/validator.go), the agent's `Unable to add
 * CiliumNetworkPolicy` warning (or `Imported CiliumNetworkPolicy` when
 * it took it; pkg/policy/k8s/cilium_network_policy.go, before that
 * pkg/k8s/watchers/cilium_network_policy.go), and ctriage's own check of
 * what every release's parser rejects (policy.c, after
 * pkg/policy/api/rule_validation.go).  The finding is generic:
 * a more specific rule about the same policy (POL-L3-MIXED, ...) takes its
 * evidence instead of repeating it.
 */
#include <stdlib.h>
#include <string.h>

#include "check_util.h"
#include "checks.h"
#include "eval.h"
#include "model.h"
#include "policy.h"

/* Agent log warnings about this policy, by name (and namespace). */
static size_t
policy_log_lines(struct eval_ctx *ctx, struct finding *f,
    const struct policy *p)
{
	struct model *m = ctx->m;
	size_t i, n = 0;

	for (i = 0; i < m->nlog_events; i++) {
		const struct model_log_event *e = &m->log_events[i];

		if (e->msg == NULL || e->policy_name == NULL ||
		    p->name == NULL || strcmp(e->policy_name, p->name) != 0)
			continue;
		if (e->policy_ns != NULL && *p->ns != '\0' &&
		    strcmp(e->policy_ns, p->ns) != 0)
			continue;
		if (strstr(e->msg, "Unable to add CiliumNetworkPolicy") ==
		    NULL && strstr(e->msg, "Unable to add "
		    "CiliumClusterwideNetworkPolicy") == NULL)
			continue;
		if (n++ < 2)
			finding_evidence(ctx, f, e->src.path, e->src.line,
			    "%s%s%s", e->msg, e->error != NULL ? ": " : "",
			    e->error != NULL ? e->error : "");
	}
	return n;
}

void
check_pol_invalid_status(struct eval_ctx *ctx)
{
	struct model *m = ctx->m;
	size_t i, j, n;
	const size_t *idx;

	for (i = 0; i < m->npolicies; i++) {
		const struct policy *p = &m->policies[i];
		const char *why = NULL;
		struct finding *f;
		size_t logs;

		if (p->kind == POLICY_KNP)
			continue;
		if (p->status_valid == 0)
			why = p->status_message != NULL ? p->status_message :
			    "the operator marked it invalid";
		else if (p->error != NULL)
			why = p->error;
		f = eval_finding_new(ctx);
		logs = policy_log_lines(ctx, f, p);
		if (why == NULL && logs == 0) {
			/* Nothing says it is invalid: no finding. */
			eval_finding_discard(ctx, f);
			continue;
		}
		if (why == NULL)
			why = f->evidence[0].excerpt;
		f->cause = eval_policy_cause(ctx, p);
		f->generic = true;
		f->log_lines = logs;
		if (eval_policy_meant_to_deny(p))
			f->severity = SEV_CRITICAL;
		check_policy_subject(ctx, f, p);
		for (j = 0; j < p->nrules; j++) {
			idx = check_rule_endpoints(m, &p->rules[j], &n);
			check_affect_endpoints(ctx, f, idx, n);
		}
		finding_title(ctx, f, "%s %s%s%s is rejected: none of it is in "
		    "force", policy_kind_name(p->kind), p->ns,
		    *p->ns != '\0' ? "/" : "", p->name);
		finding_message(ctx, f, "The agent rejects %s %s%s%s as a "
		    "whole: %s. Neither its allow rules nor the default deny it "
		    "would put on the %zu endpoint%s it selects are in force%s.",
		    policy_kind_name(p->kind), p->ns, *p->ns != '\0' ? "/" : "",
		    p->name, why, f->naffected, f->naffected == 1 ? "" : "s",
		    eval_policy_meant_to_deny(p) ? "; what it was meant to "
		    "block is allowed (fail-open)" : "");
		if (p->status_valid == 0)
			finding_evidence_src(ctx, f, &p->src, "status.conditions"
			    "[type=Valid]: False: %s", why);
		if (p->error != NULL)
			finding_evidence(ctx, f, p->src.path, p->error_line,
			    "%s", p->error);
		finding_remediation(ctx, f, "Fix what the message names (%s:%lu), "
		    "then re-apply the policy and check that the operator sets "
		    "status.conditions[type=Valid] to True and the agent logs "
		    "\"Imported CiliumNetworkPolicy\".", p->src.path,
		    p->error_line ? p->error_line : p->src.line);
		/* A policy that says nothing else is only as sure as its log. */
		if (p->status_valid != 0 && p->error == NULL)
			f->confidence = 0.8;
	}
}
