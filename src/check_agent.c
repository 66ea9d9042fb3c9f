/*
 * check_agent.c: built-in checks on the health of the Cilium agents and
 * the nodes they run on.
 *
 * Half of what breaks pod connectivity is not policy: these checks read
 * the pods' container statuses, Kubernetes events, the agents' logs and
 * the bugtool's status, cilium-health, uname and BPF policy outputs, and
 * each corroborates one source with the others.
 *
 * check_agent_crashloop (AGENT-CRASHLOOP): a cilium-agent container that
 *   restarted (restartCount, lastState.terminated) or is waiting to start
 *   again (CrashLoopBackOff), with the pod's BackOff, Unhealthy and
 *   Killing events and the last error, fatal and panic lines of its
 *   `-prev.log` (the previous instance's last words).  While an agent is
 *   down the node's datapath keeps its last BPF state, but no policy,
 *   identity or endpoint change is applied there and the CNI plugin cannot
 *   set up new pods (docs: operations/troubleshooting.rst; the collector
 *   keeps the previous log only when restartCount > 0,
 *   sysdump-layout.md 1.3).  The finding's cause is "agent/<node>", so
 *   generic findings about the same agent (its Kubernetes API errors)
 *   fold into it.
 * check_agent_unhealthy (AGENT-UNHEALTHY): the agent's own status
 *   (`cilium-dbg status --verbose`, else the debuginfo's StatusResponse;
 *   pkg/client/client.go, api/v1/models/status_response.go) reports a
 *   component (Kubernetes, KVStore, Cilium, the health daemon, the
 *   container runtime) in Warning or Failure, or controllers with
 *   consecutive failures, or the status command itself failed.
 * check_health_unreachable (HEALTH-UNREACHABLE): cilium-health probes
 *   (ICMP and HTTP to each node's host address and health endpoint;
 *   pkg/health/client/client.go, api/v1/health/models) fail, from
 *   `cilium-health status -o json` and the status's `Cluster health`
 *   block.  Grouped by the node that cannot be reached, naming every
 *   agent that says so.
 * check_kernel_too_old (KERNEL-TOO-OLD): a node's kernel (k8s Node
 *   status.nodeInfo.kernelVersion, bugtool `uname -a`, debuginfo
 *   kernel-version) is below the release's minimum
 *   (Documentation/operations/system_requirements.rst of each release:
 *   4.9.17 from 1.1 up to 1.12; 4.19.57 for 1.13-1.15, cilium PRs 23124
 *   and 23951; 5.4 for 1.16-1.17, PRs 30869 and 36386; 5.10 from 1.18,
 *   PR 42081; RHEL 8's 4.18 counts as equivalent) or below the minimum
 *   of a feature cilium-config turns on (policy-semantics.md G.4).
 * check_l7_proxy_inactive (L7-PROXY-INACTIVE): a valid policy with L7
 *   rules (HTTP, DNS, Kafka) selects an endpoint, but the realized state
 *   on its node has no proxy redirect: its BPF policy map has no entry
 *   with a proxy port in that direction, or the agent reports `0
 *   redirects active` (docs security/policy/layer7.rst: L7 rules are
 *   enforced by redirecting the port to Envoy or the DNS proxy); Envoy
 *   NACKs of the agent's xDS updates (pkg/envoy/xds/server.go)
 *   corroborate.  With the proxy disabled the policy is rejected instead
 *   (POL-L7-NO-PROXY); a policy the agent rejected, or whose L7 rules its
 *   repository (`policy get`) lacks, is another problem and is skipped.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_util.h"
#include "checks.h"
#include "eval.h"
#include "model.h"
#include "xalloc.h"

/* Evidence lines per source, so a finding stays readable. */
#define AGENT_EVIDENCE_MAX	4

static const char *
plural(unsigned long n)
{
	return n == 1 ? "" : "s";
}

/* The node part of a cilium-health name ("kind-kind/kind-worker"). */
static const char *
node_short(const char *name)
{
	const char *s;

	if (name == NULL)
		return NULL;
	s = strrchr(name, '/');
	return s != NULL ? s + 1 : name;
}

/* The cilium-agent (main) container of a pod, or NULL. */
static const struct container_state *
agent_container(const struct k8s_pod *p)
{
	size_t i;

	for (i = 0; i < p->ncontainers; i++)
		if (!p->containers[i].init &&
		    check_streq(p->containers[i].name, "cilium-agent"))
			return &p->containers[i];
	return NULL;
}

/* The agent pod on node, or NULL. */
static const struct k8s_pod *
agent_pod_of_node(const struct model *m, const char *node)
{
	size_t i;

	for (i = 0; node != NULL && i < m->npods; i++)
		if (check_streq(m->pods[i].node, node) &&
		    agent_container(&m->pods[i]) != NULL)
			return &m->pods[i];
	return NULL;
}

/* Is the agent on node down or crash-looping now (pod status)? */
static bool
agent_down(const struct model *m, const char *node)
{
	const struct k8s_pod *p = agent_pod_of_node(m, node);
	const struct container_state *c;

	if (p == NULL || (c = agent_container(p)) == NULL)
		return false;
	return c->waiting_reason != NULL || !c->ready;
}

/* The cause key of everything about the agent on node. */
static const char *
agent_cause(struct eval_ctx *ctx, const char *node)
{
	return arena_printf(ctx->out->a, "agent/%s", node != NULL ? node :
	    "(unknown)");
}

/* Mark every endpoint (pod) on node as affected; returns the count. */
static size_t
node_endpoints(struct eval_ctx *ctx, struct finding *f, const char *node)
{
	const struct model *m = ctx->m;
	size_t i, n = 0;

	for (i = 0; i < m->nendpoints; i++) {
		const struct model_endpoint *e = &m->endpoints[i];

		if (e->ns == NULL || e->pod == NULL ||
		    !check_streq(e->node, node))
			continue;
		finding_affected(ctx, f, e->ns, e->pod);
		n++;
	}
	return n;
}

/* "a, b and 3 more" of the first names. */
static const char *
names_text(struct eval_ctx *ctx, const char *const *v, size_t n)
{
	char *s = arena_strdup(ctx->out->a, "");
	size_t i, shown = n > 4 ? 3 : n;

	for (i = 0; i < shown; i++)
		s = arena_printf(ctx->out->a, "%s%s%s", s, i == 0 ? "" :
		    i + 1 == n ? " and " : ", ", v[i]);
	if (shown < n)
		s = arena_printf(ctx->out->a, "%s and %zu more", s, n - shown);
	return s;
}

/* Add s to v (n of at most cap distinct names). */
static void
names_add(const char **v, size_t *n, size_t cap, const char *s)
{
	size_t i;

	for (i = 0; i < *n; i++)
		if (check_streq(v[i], s))
			return;
	if (s != NULL && *n < cap)
		v[(*n)++] = s;
}

/* The namespace of the pod named name (agents: kube-system mostly). */
static const char *
pod_ns(const struct model *m, const char *name)
{
	size_t i;

	for (i = 0; name != NULL && i < m->npods; i++)
		if (check_streq(m->pods[i].name, name))
			return m->pods[i].ns;
	return NULL;
}

static bool
config_true(const struct model *m, const char *key)
{
	const char *v = model_config(m, key);

	return v != NULL && (strcmp(v, "true") == 0 ||
	    strcmp(v, "True") == 0);
}

/* --- AGENT-CRASHLOOP ------------------------------------------------- */

/* Pod events that say why a container restarts. */
static bool
restart_event(const struct k8s_event *ev)
{
	static const char *const reasons[] = { "BackOff", "Unhealthy",
	    "Killing", "Failed", "OOMKilling", NULL };
	size_t i;

	for (i = 0; ev->reason != NULL && reasons[i] != NULL; i++)
		if (strcmp(ev->reason, reasons[i]) == 0)
			return true;
	return false;
}

static bool
event_of_pod(const struct k8s_event *ev, const struct k8s_pod *p)
{
	return check_streq(ev->object_name, p->name) &&
	    (ev->object_kind == NULL || check_streq(ev->object_kind, "Pod")) &&
	    (ev->object_ns == NULL || check_streq(ev->object_ns, p->ns));
}

/* An agent log line of the previous instance of pod's agent container. */
static bool
prev_agent_line(const struct model_log_event *e, const struct k8s_pod *p)
{
	return e->previous && check_streq(e->pod, p->name) &&
	    (e->container == NULL || check_streq(e->container, "cilium-agent"));
}

static const char *
log_text(struct eval_ctx *ctx, const struct model_log_event *e)
{
	return arena_printf(ctx->out->a, "%s%s%s%s%s", e->time != NULL ?
	    e->time : "", e->time != NULL ? " " : "",
	    log_level_name(e->level), e->msg != NULL ? ": " : "",
	    e->msg != NULL ? e->msg : "");
}

/*
 * s cut to at most max bytes for a title, on a UTF-8 character boundary,
 * with "..." when cut; in the findings' arena.  NULL gives "".
 */
static const char *
short_text(struct eval_ctx *ctx, const char *s, size_t max)
{
	size_t n;

	if (s == NULL)
		return "";
	if ((n = strlen(s)) <= max)
		return s;
	n = max - 3;
	while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
		n--;
	return arena_printf(ctx->out->a, "%.*s...", (int)n, s);
}

/*
 * The last words of the previous instance: the last fatal or panic line
 * (else the last error) and the error lines before it; cites up to
 * AGENT_EVIDENCE_MAX of the last ones.  Returns the number of error and
 * worse lines of the previous log; *last gets the one that ended it.
 */
static unsigned long
crash_last_words(struct eval_ctx *ctx, struct finding *f,
    const struct k8s_pod *p, const struct model_log_event **last)
{
	const struct model *m = ctx->m;
	size_t i, *idx = NULL, n = 0, cap = 0, from;

	*last = NULL;
	for (i = 0; i < m->nlog_events; i++) {
		const struct model_log_event *e = &m->log_events[i];

		if (e->level < LOG_LEVEL_ERROR || !prev_agent_line(e, p))
			continue;
		idx = xgrow(idx, &cap, n + 1, sizeof(*idx));
		idx[n++] = i;
		if (e->level >= LOG_LEVEL_FATAL || *last == NULL ||
		    (*last)->level < LOG_LEVEL_FATAL)
			*last = e;
	}
	from = n > AGENT_EVIDENCE_MAX ? n - AGENT_EVIDENCE_MAX : 0;
	for (i = from; i < n; i++) {
		const struct model_log_event *e = &m->log_events[idx[i]];

		finding_evidence(ctx, f, e->src.path, e->src.line, "%s%s%s",
		    log_text(ctx, e), e->error != NULL ? " error=" : "",
		    e->error != NULL ? e->error : "");
	}
	free(idx);
	return n;
}

/*
 * The API server address the agent dialled: "host:port" of the first
 * https:// URL in text, else the Helm values' k8sServiceHost and
 * k8sServicePort, else NULL.
 */
static const char *
api_host(struct eval_ctx *ctx, const char *text)
{
	const char *s, *e;
	json_t *h, *p;

	if (text != NULL && (s = strstr(text, "https://")) != NULL) {
		s += 8;
		for (e = s; *e != '\0' && *e != '/' && *e != '"' &&
		    *e != ' '; e++)
			;
		if (e > s)
			return arena_strndup(ctx->out->a, s, (size_t)(e - s));
	}
	h = model_helm_value(ctx->m, "k8sServiceHost");
	p = model_helm_value(ctx->m, "k8sServicePort");
	if (json_is_string(h))
		return arena_printf(ctx->out->a, "%s%s%s", json_string_value(h),
		    json_is_string(p) || json_is_integer(p) ? ":" : "",
		    json_is_string(p) ? json_string_value(p) :
		    json_is_integer(p) ? arena_printf(ctx->out->a, "%lld",
		    (long long)json_integer_value(p)) : "");
	return NULL;
}

/* What the remediation says about the error that ended the agent. */
static const char *
crash_fix(struct eval_ctx *ctx, const struct container_state *c,
    const struct model_log_event *last, const char *node)
{
	const char *text = last != NULL ? (last->error != NULL ?
	    last->error : last->msg) : NULL;
	const char *host = api_host(ctx, text);

	if (check_streq(c->last_reason, "OOMKilled"))
		return "The container was killed for using more memory than "
		    "its limit: raise resources.limits.memory of the "
		    "cilium-agent container (Helm `resources`), or find what "
		    "grows (identities, policies, the FQDN cache) in "
		    "gops memstats.";
	if (text != NULL && (strstr(text, "api-server") != NULL ||
	    strstr(text, "apiserver") != NULL ||
	    strstr(text, "/api/v1/") != NULL ||
	    strstr(text, "CRDs") != NULL))
		return arena_printf(ctx->out->a, "The agent exits when it cannot "
		    "reach the Kubernetes API server at start-up. From node %s, "
		    "check the route and any firewall to the API server "
		    "address the agent dials (%s), that the name resolves "
		    "and that the API server is up; with kube-proxy "
		    "replacement and no kube-proxy, k8sServiceHost and "
		    "k8sServicePort must name the real API server, not the "
		    "Service IP.", node, host != NULL ? host :
		    "the error above names it");
	if (text != NULL)
		return "Fix what the last error of the previous log names (the "
		    "evidence cites it with file and line); the liveness and "
		    "startup probe events say whether the kubelet killed a "
		    "slow start rather than the agent failing.";
	return "Read the previous instance's log (`kubectl -n kube-system "
	    "logs <pod> -c cilium-agent --previous`) for the error that "
	    "ended it.";
}

void
check_agent_crashloop(struct eval_ctx *ctx)
{
	struct model *m = ctx->m;
	long min_restarts = eval_param_int(ctx, "min_restarts", 1);
	size_t i, j, nagents = 0;

	if (m->npods == 0) {
		eval_not_evaluated(ctx, "the sysdump has no pod listing "
		    "(k8s-pods) to read the agents' restarts from");
		return;
	}
	for (i = 0; i < m->npods; i++) {
		const struct k8s_pod *p = &m->pods[i];
		const struct container_state *c = agent_container(p);
		const struct model_log_event *last;
		unsigned long nlog, nev = 0, shown = 0, nkill = 0, nunh = 0,
		    nback = 0;
		struct finding *f;
		size_t neps;
		const char *node;

		if (c == NULL)
			continue;
		nagents++;
		if ((long)c->restarts < min_restarts &&
		    c->waiting_reason == NULL)
			continue;
		if (c->restarts == 0 && !check_streq(c->waiting_reason,
		    "CrashLoopBackOff") && c->last_reason == NULL)
			continue;	/* still starting: not a crash */
		node = p->node != NULL ? p->node : "(unscheduled)";
		f = eval_finding_new(ctx);
		f->cause = agent_cause(ctx, p->node);
		finding_subject(ctx, f, "Pod", p->ns, p->name);
		if (p->node != NULL)
			finding_subject(ctx, f, "Node", NULL, p->node);
		neps = node_endpoints(ctx, f, p->node);
		finding_evidence(ctx, f, p->src.path, p->src.line,
		    "pod %s/%s containerStatuses[cilium-agent]: restartCount "
		    "%u%s%s%s%s%s, ready %s%s%s", p->ns, p->name, c->restarts,
		    c->last_reason != NULL ? ", lastState.terminated: " : "",
		    c->last_reason != NULL ? c->last_reason : "",
		    c->last_reason != NULL ? arena_printf(ctx->out->a,
		    " exit code %d", c->last_exit_code) : "",
		    c->last_finished != NULL ? " at " : "",
		    c->last_finished != NULL ? c->last_finished : "",
		    c->ready ? "true" : "false",
		    c->waiting_reason != NULL ? ", waiting: " : "",
		    c->waiting_reason != NULL ? c->waiting_reason : "");
		for (j = 0; j < m->nevents; j++) {
			const struct k8s_event *ev = &m->events[j];

			if (!event_of_pod(ev, p) || !restart_event(ev))
				continue;
			nev += ev->count > 0 ? ev->count : 1;
			if (strcmp(ev->reason, "Killing") == 0)
				nkill += ev->count > 0 ? ev->count : 1;
			else if (strcmp(ev->reason, "Unhealthy") == 0)
				nunh += ev->count > 0 ? ev->count : 1;
			else if (strcmp(ev->reason, "BackOff") == 0)
				nback += ev->count > 0 ? ev->count : 1;
			if (shown++ < AGENT_EVIDENCE_MAX)
				finding_evidence(ctx, f, ev->src.path,
				    ev->src.line, "event %s %s%s: %s",
				    ev->type != NULL ? ev->type : "",
				    ev->reason, ev->count > 1 ?
				    arena_printf(ctx->out->a, " (x%u)",
				    ev->count) : "", ev->message != NULL ?
				    ev->message : "");
		}
		nlog = crash_last_words(ctx, f, p, &last);
		f->log_lines = nlog;
		if (c->waiting_reason != NULL || !c->ready)
			f->severity = SEV_CRITICAL;
		finding_title(ctx, f, "Cilium agent %s/%s on node %s "
		    "restarted %u time%s%s%s", p->ns, p->name, node,
		    c->restarts, plural(c->restarts),
		    c->waiting_reason != NULL ? arena_printf(ctx->out->a,
		    " and is in %s", c->waiting_reason) : !c->ready ?
		    " and is not ready" : "", last != NULL ?
		    arena_printf(ctx->out->a, ", last words: %s",
		    short_text(ctx, last->msg, 160)) : "");
		finding_message(ctx, f, "The cilium-agent container of pod "
		    "%s/%s on node %s restarted %u time%s%s%s%s%s.%s%s%s%s "
		    "While the agent is down, the node's datapath keeps its "
		    "last BPF state, but no policy, identity or endpoint "
		    "change is applied on %s, the DNS proxy behind FQDN "
		    "policies does not answer, and new pods there cannot get "
		    "networking; %zu endpoint%s run%s on it.", p->ns, p->name,
		    node, c->restarts, plural(c->restarts),
		    c->last_reason != NULL ? arena_printf(ctx->out->a,
		    "; its last instance terminated with exit code %d (%s)",
		    c->last_exit_code, c->last_reason) : "",
		    c->last_finished != NULL ? " at " : "",
		    c->last_finished != NULL ? c->last_finished : "",
		    c->waiting_reason != NULL ? arena_printf(ctx->out->a,
		    "; it is now waiting in %s", c->waiting_reason) :
		    !c->ready ? "; it is not ready" : "; it is running again",
		    nev > 0 ? arena_printf(ctx->out->a, " Its events: %lu "
		    "kill%s by the kubelet, %lu failed probe%s, %lu "
		    "back-off%s%s.", nkill, plural(nkill), nunh, plural(nunh),
		    nback, plural(nback), nev > nkill + nunh + nback ?
		    arena_printf(ctx->out->a, ", %lu other failure%s",
		    nev - nkill - nunh - nback, plural(nev - nkill - nunh -
		    nback)) : "") : "",
		    last != NULL ? arena_printf(ctx->out->a, " Its previous "
		    "log (%lu error line%s) ends with: %s%s%s (%s:%lu).", nlog,
		    plural(nlog), last->msg != NULL ? last->msg : "",
		    last->error != NULL && (last->msg == NULL ||
		    strstr(last->msg, last->error) == NULL) ? ": " : "",
		    last->error != NULL && (last->msg == NULL ||
		    strstr(last->msg, last->error) == NULL) ? last->error : "",
		    last->src.path, last->src.line) : "",
		    last == NULL && c->restarts > 0 ? " The sysdump holds no "
		    "error line of its previous instance." : "", "",
		    node, neps, plural(neps), neps == 1 ? "s" : "");
		finding_remediation(ctx, f, "%s Then check that the agent "
		    "stays up (`kubectl -n %s get pod %s` shows no new "
		    "restarts) and that `cilium-dbg status --verbose` on it "
		    "reports every component Ok.", crash_fix(ctx, c, last,
		    node), p->ns, p->name);
	}
	if (nagents == 0)
		eval_not_evaluated(ctx, "no pod in the pod listing runs a "
		    "cilium-agent container");
}

/* --- AGENT-UNHEALTHY ------------------------------------------------- */

struct component_ref {
	const char			*name;
	const struct status_component	*c;
};

/* The status components that make an agent unhealthy, in output order. */
static size_t
status_components(const struct status_result *st, struct component_ref *v)
{
	size_t n = 0;

	v[n++] = (struct component_ref){ "KVStore", &st->kvstore };
	v[n++] = (struct component_ref){ "Kubernetes", &st->kubernetes };
	v[n++] = (struct component_ref){ "Cilium", &st->cilium };
	v[n++] = (struct component_ref){ "Cilium health daemon",
	    &st->health };
	v[n++] = (struct component_ref){ "ContainerRuntime",
	    &st->container_runtime };
	return n;
}

static bool
component_bad(const struct status_component *c)
{
	return c->present && (c->state == STATUS_STATE_FAILURE ||
	    c->state == STATUS_STATE_WARNING);
}

/* What to do about a component in trouble. */
static const char *
component_fix(const char *name)
{
	if (strcmp(name, "Kubernetes") == 0)
		return "restore the agent's connection to the Kubernetes API "
		    "server (route, firewall, k8sServiceHost/k8sServicePort)";
	if (strcmp(name, "KVStore") == 0)
		return "restore the agent's connection to etcd (endpoints and "
		    "certificates in the cilium-etcd-secrets / kvstore "
		    "configuration)";
	if (strcmp(name, "Cilium health daemon") == 0)
		return "look at the cilium-health lines of the agent log: the "
		    "health daemon and its endpoint did not start";
	return "read the agent log around the time of the status for the "
	    "error the component reports";
}

void
check_agent_unhealthy(struct eval_ctx *ctx)
{
	struct model *m = ctx->m;
	size_t i, j, nstatus = 0;

	for (i = 0; i < m->nagents; i++) {
		const struct model_agent *a = &m->agents[i];
		const struct status_result *st = model_agent_status(a);
		const struct status_result *dst = a->debuginfo != NULL &&
		    a->debuginfo->has_status && st != &a->debuginfo->status ?
		    &a->debuginfo->status : NULL;
		struct component_ref comps[5], dcomps[5];
		const char *what = "", *fix = NULL;
		bool failure = false;
		size_t nc, nbad = 0, shown = 0;
		struct finding *f;
		size_t neps;

		if (st == NULL)
			continue;
		nstatus++;
		nc = status_components(st, comps);
		for (j = 0; j < nc; j++)
			nbad += component_bad(comps[j].c);
		if (nbad == 0 && st->ncontrollers_failing == 0 &&
		    st->cmd_error == NULL)
			continue;
		f = eval_finding_new(ctx);
		f->cause = agent_cause(ctx, a->node);
		if (a->pod != NULL)
			finding_subject(ctx, f, "Pod", pod_ns(m, a->pod), a->pod);
		if (a->node != NULL)
			finding_subject(ctx, f, "Node", NULL, a->node);
		neps = node_endpoints(ctx, f, a->node);
		if (dst != NULL)
			status_components(dst, dcomps);
		for (j = 0; j < nc; j++) {
			const struct status_component *c = comps[j].c;

			if (!component_bad(c))
				continue;
			failure |= c->state == STATUS_STATE_FAILURE;
			what = arena_printf(ctx->out->a, "%s%s%s: %s%s%s", what,
			    *what != '\0' ? "; " : "", comps[j].name,
			    c->state == STATUS_STATE_FAILURE ? "Failure" :
			    "Warning", *c->msg != '\0' ? " " : "", c->msg);
			finding_evidence(ctx, f, st->path, c->line,
			    "%s: %s %s", comps[j].name,
			    status_state_name(c->state), c->msg);
			if (fix == NULL)
				fix = component_fix(comps[j].name);
			/* The debuginfo's copy of the same status agrees. */
			if (dst != NULL && component_bad(dcomps[j].c))
				finding_evidence(ctx, f, dst->path, 0,
				    "debuginfo cilium-status: %s %s %s",
				    comps[j].name,
				    status_state_name(dcomps[j].c->state),
				    dcomps[j].c->msg);
		}
		if (st->ncontrollers_failing > 0) {
			const char *names = "";
			size_t k = 0;

			failure = true;
			for (j = 0; j < st->ncontrollers; j++) {
				const struct status_controller *sc =
				    &st->controllers[j];

				if (!sc->failing)
					continue;
				if (k++ < 3)
					names = arena_printf(ctx->out->a,
					    "%s%s%s (%llu consecutive "
					    "failure%s: %s)", names,
					    *names != '\0' ? ", " : "",
					    sc->name, (unsigned long long)
					    sc->consecutive_failures,
					    plural((unsigned long)
					    sc->consecutive_failures),
					    sc->message != NULL ?
					    sc->message : "");
				if (shown++ < AGENT_EVIDENCE_MAX)
					finding_evidence(ctx, f, st->path,
					    sc->line, "controller %s: %llu "
					    "consecutive failure%s, last "
					    "error %s: %s", sc->name,
					    (unsigned long long)
					    sc->consecutive_failures,
					    plural((unsigned long)
					    sc->consecutive_failures),
					    sc->last_failure != NULL ?
					    sc->last_failure : "?",
					    sc->message != NULL ?
					    sc->message : "");
			}
			what = arena_printf(ctx->out->a, "%s%s%zu controller%s "
			    "failing%s: %s%s", what, *what != '\0' ? "; " : "",
			    st->ncontrollers_failing,
			    plural(st->ncontrollers_failing),
			    st->has_controllers ? arena_printf(ctx->out->a,
			    " (%u/%u healthy)", st->controllers_healthy,
			    st->controllers_total) : "", names,
			    k > 3 ? ", ..." : "");
			if (fix == NULL)
				fix = "fix the error the failing controllers "
				    "report (the evidence cites each row)";
		}
		if (st->cmd_error != NULL) {
			failure = true;
			what = arena_printf(ctx->out->a, "%s%sthe status "
			    "command failed: %s", what, *what != '\0' ? "; " :
			    "", st->cmd_error);
			finding_evidence(ctx, f, st->path, 0, "> Error while "
			    "running status: %s", st->cmd_error);
			if (fix == NULL)
				fix = "the agent API did not answer: check "
				    "that the agent runs and is not stuck "
				    "(gops stack in the sysdump)";
		}
		if (!failure)
			f->severity = SEV_MEDIUM;
		finding_title(ctx, f, "Cilium agent %s on node %s is "
		    "unhealthy: %s", a->pod != NULL ? a->pod : a->bugtool,
		    a->node != NULL ? a->node : "(unknown)", what);
		finding_message(ctx, f, "The agent %s on node %s reports: %s "
		    "(%s). Until it is healthy, what it fails to do (reach "
		    "the API server or kvstore, run the named controllers) "
		    "leaves policy, identity and endpoint state on the node "
		    "stale for the %zu endpoint%s there.", a->pod != NULL ?
		    a->pod : a->bugtool, a->node != NULL ? a->node :
		    "(unknown)", what, st->path, neps, plural(neps));
		finding_remediation(ctx, f, "On node %s, %s; then re-run "
		    "`cilium-dbg status --verbose` in the agent %s until "
		    "every component says Ok and every controller has 0 "
		    "consecutive failures.", a->node != NULL ? a->node :
		    "(unknown)", fix != NULL ? fix : "read the agent log",
		    a->pod != NULL ? a->pod : a->bugtool);
	}
	if (nstatus == 0)
		eval_not_evaluated(ctx, "no agent status: the sysdump has no "
		    "bugtool with `cilium-dbg status` or debuginfo");
}

/* --- HEALTH-UNREACHABLE ---------------------------------------------- */

/* One node that some agent cannot reach, with who says so. */
struct unreach {
	const char	*node;		/* short name; NULL: not named */
	const char	*reporters[16];
	size_t		 nreporters;
	bool		 host;		/* host address unreachable */
	bool		 endpoint;	/* health endpoint unreachable */
	unsigned	 sources;	/* 1 health JSON/text, 2 status */
	const char	*detail;	/* the first probe error */
	struct finding_evidence ev[AGENT_EVIDENCE_MAX];
	size_t		 nev;
};

static struct unreach *
unreach_get(struct unreach **v, size_t *n, size_t *cap, const char *node)
{
	size_t i;

	for (i = 0; i < *n; i++)
		if (check_streq((*v)[i].node, node) || ((*v)[i].node == NULL &&
		    node == NULL))
			return &(*v)[i];
	*v = xgrow(*v, cap, *n + 1, sizeof(**v));
	memset(&(*v)[*n], 0, sizeof(**v));
	(*v)[*n].node = node;
	return &(*v)[(*n)++];
}

static void
unreach_reporter(struct unreach *u, const char *who)
{
	size_t i;

	for (i = 0; i < u->nreporters; i++)
		if (check_streq(u->reporters[i], who))
			return;
	if (u->nreporters < sizeof(u->reporters) / sizeof(u->reporters[0]))
		u->reporters[u->nreporters++] = who;
}

static void
unreach_evidence(struct unreach *u, const char *path, unsigned long line,
    const char *text)
{
	if (u->nev < AGENT_EVIDENCE_MAX)
		u->ev[u->nev++] = (struct finding_evidence){ path, line, text };
}

/* "ICMP: <err>, HTTP: <err>" of a failing path. */
static const char *
path_errors(struct eval_ctx *ctx, const struct health_path *hp)
{
	const char *s = "";

	if (hp->icmp.present && !hp->icmp.ok)
		s = arena_printf(ctx->out->a, "ICMP to %s: %s",
		    hp->ip != NULL ? hp->ip : "?", hp->icmp.error != NULL ?
		    hp->icmp.error : "failed");
	if (hp->http.present && !hp->http.ok)
		s = arena_printf(ctx->out->a, "%s%sHTTP to %s: %s", s,
		    *s != '\0' ? ", " : "", hp->ip != NULL ? hp->ip : "?",
		    hp->http.error != NULL ? hp->http.error : "failed");
	return *s != '\0' ? s : "no probe succeeded";
}

/* What the agent's cilium-health JSON or text says. */
static void
health_collect(struct eval_ctx *ctx, const struct model_agent *a,
    const char *who, struct unreach **v, size_t *n, size_t *cap)
{
	const struct health_result *h = a->health;
	size_t i;

	for (i = 0; h != NULL && i < h->nnodes; i++) {
		const struct health_node *hn = &h->nodes[i];
		bool host = hn->host.present && !hn->host_reachable;
		bool ep = hn->endpoint.present && !hn->endpoint_reachable;
		struct unreach *u;
		const char *err;

		if (!host && !ep)
			continue;
		u = unreach_get(v, n, cap, intern(ctx->m->st,
		    node_short(hn->name)));
		unreach_reporter(u, who);
		u->host |= host;
		u->endpoint |= ep;
		u->sources |= 1;
		err = arena_printf(ctx->out->a, "%s%s%s",
		    host ? path_errors(ctx, &hn->host) : "",
		    host && ep ? "; health endpoint " : ep ?
		    "health endpoint " : "",
		    ep ? path_errors(ctx, &hn->endpoint) : "");
		if (u->detail == NULL)
			u->detail = err;
		unreach_evidence(u, h->path, hn->line, arena_printf(
		    ctx->out->a, "cilium-health on %s: %s: %s", who,
		    hn->name, err));
	}
}

/*
 * Is a cluster-health table cell good: "reachable", "true", "unknown"
 * (not probed yet, counted healthy by nodeIsHealthy) or a count "a/b"
 * with a >= b?
 */
static bool
cell_ok(const char *s)
{
	char *end;
	unsigned long a, b;

	if (strncmp(s, "reachable", 9) == 0 || strncmp(s, "true", 4) == 0 ||
	    strncmp(s, "unknown", 7) == 0)
		return true;
	a = strtoul(s, &end, 10);
	if (end == s || *end != '/')
		return false;
	b = strtoul(end + 1, NULL, 10);
	return a >= b;
}

/* What the agent's status says under Cluster health. */
static void
status_collect(struct eval_ctx *ctx, const struct status_result *st,
    const char *who, struct unreach **v, size_t *n, size_t *cap)
{
	size_t i;

	for (i = 0; i < st->nunreachable; i++) {
		const struct status_node *sn = &st->unreachable[i];
		struct unreach *u = unreach_get(v, n, cap, intern(ctx->m->st,
		    node_short(sn->name)));
		const char *d = sn->detail, *e;

		unreach_reporter(u, who);
		u->sources |= 2;
		/* Table rows: "host <cell>, endpoints <cell>". */
		if (d != NULL && strncmp(d, "host ", 5) == 0 &&
		    (e = strstr(d, ", endpoints ")) != NULL) {
			u->host |= !cell_ok(d + 5);
			u->endpoint |= !cell_ok(e + 12);
		} else
			u->host = true;	/* a verbose probe line */
		if (u->detail == NULL && sn->detail != NULL)
			u->detail = sn->detail;
		unreach_evidence(u, st->path, sn->line, arena_printf(
		    ctx->out->a, "status on %s: Cluster health: %s%s%s", who,
		    sn->name, sn->detail != NULL ? ": " : "",
		    sn->detail != NULL ? sn->detail : ""));
	}
	/* A count below the total that names no node. */
	if (st->nunreachable == 0 && st->nodes_total > 0 &&
	    st->nodes_reachable >= 0 &&
	    st->nodes_reachable < st->nodes_total) {
		struct unreach *u = unreach_get(v, n, cap, NULL);

		unreach_reporter(u, who);
		u->sources |= 2;
		u->host = true;
		unreach_evidence(u, st->path, st->cluster_health.line,
		    arena_printf(ctx->out->a, "status on %s: Cluster health: "
		    "%lld/%lld reachable", who, (long long)st->nodes_reachable,
		    (long long)st->nodes_total));
	}
}

void
check_health_unreachable(struct eval_ctx *ctx)
{
	struct model *m = ctx->m;
	struct unreach *v = NULL;
	size_t n = 0, cap = 0, i, j, nsrc = 0;

	for (i = 0; i < m->nagents; i++) {
		const struct model_agent *a = &m->agents[i];
		const struct status_result *st = model_agent_status(a);
		const char *who = a->node != NULL ? a->node : a->bugtool;

		if (a->health != NULL) {
			nsrc++;
			health_collect(ctx, a, who, &v, &n, &cap);
		}
		if (st != NULL && (st->cluster_health.present ||
		    st->nodes_total >= 0)) {
			nsrc++;
			status_collect(ctx, st, who, &v, &n, &cap);
		}
	}
	if (nsrc == 0) {
		eval_not_evaluated(ctx, "no cilium-health output: the sysdump "
		    "has no bugtool with `cilium-health status` or a status "
		    "with Cluster health");
		free(v);
		return;
	}
	for (i = 0; i < n; i++) {
		struct unreach *u = &v[i];
		const char *kind = u->host && u->endpoint ? "the host address "
		    "and the health endpoint" : u->host ? "the host address" :
		    "the health endpoint";
		const char *are = u->host && u->endpoint ? "are" : "is";
		const char *who = names_text(ctx, u->reporters, u->nreporters);
		struct finding *f = eval_finding_new(ctx);
		size_t neps = 0;

		if (u->node != NULL) {
			f->cause = agent_cause(ctx, u->node);
			finding_subject(ctx, f, "Node", NULL, u->node);
			neps = node_endpoints(ctx, f, u->node);
			/* The agent there is down: that is the cause. */
			if (agent_down(m, u->node))
				f->generic = true;
		}
		for (j = 0; j < u->nev; j++)
			finding_evidence(ctx, f, u->ev[j].path, u->ev[j].line,
			    "%s", u->ev[j].excerpt);
		if (u->nreporters < 2 && u->sources != 3)
			f->confidence = 0.8;
		if (u->node == NULL) {
			finding_title(ctx, f, "cilium-health on %s does not "
			    "reach every node", who);
			finding_message(ctx, f, "The Cluster health summary of "
			    "the agent on %s counts fewer reachable nodes than "
			    "it knows, without naming them. Pod traffic to "
			    "and from the unreachable nodes is likely lost as "
			    "well: cilium-health probes the same node-to-node "
			    "paths pods use.", who);
		} else {
			finding_title(ctx, f, "Node %s: %s %s unreachable from "
			    "cilium-health on %s", u->node, kind, are, who);
			finding_message(ctx, f, "cilium-health on %s cannot "
			    "reach %s of node %s%s%s. %s The %zu endpoint%s on "
			    "%s likely lose%s traffic from the other nodes "
			    "the same way.", who, kind, u->node,
			    u->detail != NULL ? ": " : "",
			    u->detail != NULL ? u->detail : "", u->host ?
			    "The host probes (ICMP and HTTP to the agent on "
			    "port 4240) failing means the node-to-node path "
			    "is broken (firewall or security group, routing, "
			    "the tunnel port 8472/UDP for VXLAN or 6081/UDP "
			    "for Geneve) or the node or its agent is down." :
			    "Only the health endpoint failing means the path "
			    "into the node's pods is broken (the tunnel or "
			    "native routing to its pod CIDR), the health "
			    "endpoint itself is down, or a policy drops the "
			    "health entity (a CCNP selecting every endpoint).",
			    neps, plural(neps), u->node, neps == 1 ? "s" : "");
		}
		finding_remediation(ctx, f, "Check the path from %s to %s: "
		    "allow ICMP, TCP 4240 (cilium-health) and the tunnel port "
		    "between the nodes (security groups, host firewalls), "
		    "check that the agent there runs (`kubectl -n kube-system "
		    "get pods -o wide`), and compare `cilium-health status "
		    "--probe` on both sides.", who, u->node != NULL ? u->node :
		    "the missing nodes");
	}
	free(v);
}

/* --- KERNEL-TOO-OLD -------------------------------------------------- */

/*
 * The release's minimum kernel (Documentation/operations/
 * system_requirements.rst of each release), and the RHEL 8 4.18 build
 * the same page names as equivalent (0: any RHEL 8 kernel).
 */
struct kernel_min {
	unsigned	 cilium_major, cilium_minor;	/* from this release */
	unsigned	 major, minor, patch;
	unsigned	 rhel_build;	/* 4.18.0-<build>.el8 */
	const char	*rhel;
};

static const struct kernel_min kernel_mins[] = {
	{ 1, 18, 5, 10, 0, 553, "4.18 on RHEL 8.10" },
	{ 1, 16, 5, 4, 0, 372, "4.18 on RHEL 8.6" },
	{ 1, 13, 4, 19, 57, 0, "4.18 on RHEL 8" },
	{ 0, 0, 4, 9, 17, 0, NULL },
};

/* Features cilium-config turns on and their minimum (G.4). */
struct kernel_feature {
	const char	*key;		/* "true" turns it on */
	const char	*name;
	unsigned	 major, minor;
};

static const struct kernel_feature kernel_features[] = {
	{ "enable-bandwidth-manager", "Bandwidth Manager", 5, 1 },
	{ "enable-ipv4-egress-gateway", "Egress Gateway", 5, 2 },
	{ "enable-vtep", "VTEP integration", 5, 2 },
	{ "enable-wireguard", "WireGuard encryption", 5, 6 },
	{ "enable-multicast", "Multicast", 5, 10 },
	{ "enable-ipv6-big-tcp", "IPv6 BIG TCP", 5, 19 },
	{ "enable-ipv4-big-tcp", "IPv4 BIG TCP", 6, 3 },
};

/* One node's kernel, from every source that names it. */
struct node_kernel {
	const char		*node;
	struct host_uname	 u;
	struct src		 k8s;		/* the Node object */
	struct src		 uname;		/* bugtool uname -a */
	const char		*debuginfo;	/* its member, or NULL */
};

static int
kver_cmp(unsigned a1, unsigned a2, unsigned a3, unsigned b1, unsigned b2,
    unsigned b3)
{
	if (a1 != b1)
		return a1 < b1 ? -1 : 1;
	if (a2 != b2)
		return a2 < b2 ? -1 : 1;
	if (a3 != b3)
		return a3 < b3 ? -1 : 1;
	return 0;
}

/* The RHEL 8 build number of "4.18.0-553.5.1.el8_10.x86_64", or 0. */
static unsigned
rhel8_build(const struct host_uname *u)
{
	const char *r = u->release;
	char *end;
	unsigned long b;

	if (r == NULL || u->major != 4 || u->minor != 18 ||
	    strstr(r, ".el8") == NULL || strncmp(r, "4.18.0-", 7) != 0)
		return 0;
	b = strtoul(r + 7, &end, 10);
	return end != r + 7 && b < 100000 ? (unsigned)b : 0;
}

static struct node_kernel *
kernel_node(struct node_kernel **v, size_t *n, size_t *cap,
    const char *node)
{
	size_t i;

	for (i = 0; i < *n; i++)
		if (check_streq((*v)[i].node, node))
			return &(*v)[i];
	*v = xgrow(*v, cap, *n + 1, sizeof(**v));
	memset(&(*v)[*n], 0, sizeof(**v));
	(*v)[*n].node = node;
	return &(*v)[(*n)++];
}

/*
 * Every node's kernel, in the order of the Node objects (then nodes only
 * a bugtool names): the agent's own uname (else its debuginfo) wins over
 * the Node's kernelVersion.
 */
static size_t
kernels_collect(struct eval_ctx *ctx, struct node_kernel **out)
{
	struct model *m = ctx->m;
	struct node_kernel *v = NULL, *k;
	size_t n = 0, cap = 0, i;

	for (i = 0; i < m->nnodes; i++) {
		const struct k8s_node *kn = &m->nodes[i];
		struct host_uname u;

		if (kn->kernel == NULL || !host_uname_parse(m->st, kn->kernel,
		    strlen(kn->kernel), &u) || !u.has_numbers)
			continue;
		k = kernel_node(&v, &n, &cap, kn->name);
		k->u = u;
		k->k8s = kn->src;
	}
	for (i = 0; i < m->nagents; i++) {
		const struct model_agent *a = &m->agents[i];
		struct host_uname u;

		if (a->node == NULL)
			continue;
		if (a->uname != NULL && a->uname->has_uname &&
		    a->uname->uname.has_numbers) {
			k = kernel_node(&v, &n, &cap, a->node);
			k->u = a->uname->uname;
			k->uname = (struct src){ a->uname->path,
			    a->uname->uname.line };
		} else if (a->debuginfo != NULL && a->debuginfo->kernel !=
		    NULL && host_uname_parse(m->st, a->debuginfo->kernel,
		    strlen(a->debuginfo->kernel), &u) && u.has_numbers) {
			k = kernel_node(&v, &n, &cap, a->node);
			/* "6.8.0" says less than the Node's full release. */
			if (k->u.release == NULL)
				k->u = u;
			k->debuginfo = a->debuginfo->path;
		}
	}
	*out = v;
	return n;
}

void
check_kernel_too_old(struct eval_ctx *ctx)
{
	struct model *m = ctx->m;
	const struct version *ver = ctx->version;
	const struct kernel_min *min = NULL;
	struct node_kernel *v = NULL;
	bool *done;
	size_t n, i, j, k, nfeat = 0;

	n = kernels_collect(ctx, &v);
	if (n == 0) {
		eval_not_evaluated(ctx, "no node kernel version: neither the "
		    "Node objects (status.nodeInfo.kernelVersion) nor a "
		    "bugtool's uname -a");
		free(v);
		return;
	}
	for (i = 0; i < sizeof(kernel_features) / sizeof(kernel_features[0]);
	    i++)
		nfeat += config_true(m, kernel_features[i].key);
	if (ver != NULL)
		for (i = 0; min == NULL; i++)
			if (ver->major > kernel_mins[i].cilium_major ||
			    (ver->major == kernel_mins[i].cilium_major &&
			    ver->minor >= kernel_mins[i].cilium_minor))
				min = &kernel_mins[i];
	if (min == NULL && nfeat == 0) {
		eval_not_evaluated(ctx, "the Cilium version is unknown, so "
		    "its minimum kernel is too");
		free(v);
		return;
	}
	/* One finding per kernel release: the same cause on many nodes. */
	done = xcalloc(n, sizeof(*done));
	for (i = 0; i < n; i++) {
		const struct host_uname *u = &v[i].u;
		unsigned build = rhel8_build(u);
		const char *why = "", *nodes[64];
		size_t nnodes = 0, neps = 0, nwhy = 0;
		struct finding *f;

		if (done[i])
			continue;
		if (min != NULL && kver_cmp(u->major, u->minor, u->patch,
		    min->major, min->minor, min->patch) < 0 &&
		    (build == 0 || build < min->rhel_build)) {
			why = arena_printf(ctx->out->a, "Cilium %u.%u needs "
			    "Linux %u.%u%s%s%s%s", ver->major, ver->minor,
			    min->major, min->minor, min->patch > 0 ?
			    arena_printf(ctx->out->a, ".%u", min->patch) : "",
			    min->rhel != NULL ? " (or " : "",
			    min->rhel != NULL ? min->rhel : "",
			    min->rhel != NULL ? ")" : "");
			nwhy++;
		}
		/* RHEL backports features: only the base minimum applies. */
		for (j = 0; build == 0 && j < sizeof(kernel_features) /
		    sizeof(kernel_features[0]); j++) {
			const struct kernel_feature *kf = &kernel_features[j];

			if (!config_true(m, kf->key) || kver_cmp(u->major,
			    u->minor, 0, kf->major, kf->minor, 0) >= 0)
				continue;
			why = arena_printf(ctx->out->a, "%s%s%s (%s: \"true\") "
			    "needs Linux %u.%u", why, *why != '\0' ? "; " : "",
			    kf->name, kf->key, kf->major, kf->minor);
			nwhy++;
		}
		if (nwhy == 0)
			continue;
		f = eval_finding_new(ctx);
		for (j = i; j < n; j++) {
			if (done[j] || !check_streq(v[j].u.release, u->release))
				continue;
			done[j] = true;
			if (nnodes < sizeof(nodes) / sizeof(nodes[0]))
				nodes[nnodes++] = v[j].node;
			finding_subject(ctx, f, "Node", NULL, v[j].node);
			neps += node_endpoints(ctx, f, v[j].node);
			if (v[j].k8s.path != NULL)
				finding_evidence(ctx, f, v[j].k8s.path,
				    v[j].k8s.line, "Node %s "
				    "status.nodeInfo.kernelVersion: %s",
				    v[j].node, u->release);
			if (v[j].uname.path != NULL)
				finding_evidence(ctx, f, v[j].uname.path,
				    v[j].uname.line, "uname -a on %s: %s",
				    v[j].node, u->release);
			else if (v[j].debuginfo != NULL)
				finding_evidence(ctx, f, v[j].debuginfo, 0,
				    "debuginfo kernel-version on %s: %s",
				    v[j].node, u->release);
		}
		for (k = 0; build == 0 && k < sizeof(kernel_features) /
		    sizeof(kernel_features[0]); k++) {
			const struct kernel_feature *kf = &kernel_features[k];
			const struct kv *kv = check_config_kv(m, kf->key);

			if (kv != NULL && config_true(m, kf->key) &&
			    kver_cmp(u->major, u->minor, 0, kf->major,
			    kf->minor, 0) < 0)
				finding_evidence(ctx, f, m->config->src.path,
				    kv->line, "cilium-config %s: \"true\"",
				    kf->key);
		}
		finding_title(ctx, f, "Kernel %s on %s is too old: %s",
		    u->release, names_text(ctx, nodes, nnodes), why);
		finding_message(ctx, f, "Node%s %s run%s Linux %s. %s. Below "
		    "the release minimum the agent may fail to load its BPF "
		    "programs or start at all; below a feature's minimum the "
		    "agent refuses to start with the feature on, or runs "
		    "without it. %zu endpoint%s run%s on %s.",
		    nnodes == 1 ? "" : "s", names_text(ctx, nodes, nnodes),
		    nnodes == 1 ? "s" : "", u->release, why, neps,
		    plural(neps), neps == 1 ? "s" : "", nnodes == 1 ?
		    "it" : "them");
		finding_remediation(ctx, f, "Upgrade the kernel of %s to at "
		    "least what the message names (the distribution's HWE or "
		    "newer image), or turn off the features whose minimum it "
		    "misses in cilium-config (Helm values); see the system "
		    "requirements page of Cilium %s.", names_text(ctx, nodes,
		    nnodes), m->cilium_version != NULL ? m->cilium_version :
		    "for this release");
	}
	free(done);
	free(v);
}

/* --- L7-PROXY-INACTIVE ----------------------------------------------- */

static const char *
l7_type_name(enum l7_type t)
{
	switch (t) {
	case L7_HTTP:
		return "HTTP";
	case L7_DNS:
		return "DNS";
	case L7_KAFKA:
		return "Kafka";
	case L7_OTHER:
		return "l7proto";
	case L7_NONE:
		break;
	}
	return "L4";
}

/* The first L7 port rule of an allow element, or NULL. */
static const struct policy_ports *
elem_l7(const struct policy_elem *e)
{
	size_t i;

	for (i = 0; !e->deny && i < e->nto_ports; i++)
		if (e->to_ports[i].l7 != L7_NONE)
			return &e->to_ports[i];
	return NULL;
}

/* Is the L7 proxy turned off (then POL-L7-NO-PROXY speaks)? */
static bool
l7_proxy_disabled(const struct model *m)
{
	const char *v = model_config(m, "enable-l7-proxy");

	if (v != NULL)
		return strcmp(v, "false") == 0;
	return json_is_false(model_helm_value(m, "l7Proxy"));
}

/* An Envoy or xDS error line: message 26 of sysdump-layout.md 4.2. */
static bool
envoy_error_line(const struct model_log_event *e)
{
	if (e->msg == NULL)
		return false;
	if (strstr(e->msg, "NACK received for versions") != NULL)
		return true;
	return check_streq(e->container, "cilium-envoy") &&
	    e->level >= LOG_LEVEL_ERROR;
}

/*
 * Does the agent run this policy with its L7 rules: 1 its repository
 * (`policy get`, else the debuginfo's) holds the policy with L7 rules, 0
 * it lacks the policy or holds it without them (an older version: the
 * agent has not imported the L7 rules, another problem), -1 unknown.
 */
static int
agent_policy_l7(const struct model_agent *a, const struct policy *p)
{
	const struct agent_rules *repo = a->rules;
	size_t i;

	if (repo == NULL && a->debuginfo != NULL && a->debuginfo->has_policy)
		repo = &a->debuginfo->policy;
	if (repo == NULL)
		return -1;
	for (i = 0; i < repo->nrules; i++) {
		const struct agent_rule *r = &repo->rules[i];

		if (!check_streq(r->name, p->name))
			continue;
		if (*p->ns != '\0' ? !check_streq(r->namespace, p->ns) :
		    r->namespace != NULL && *r->namespace != '\0')
			continue;
		if (r->json != NULL && strstr(r->json, "\"rules\":") != NULL)
			return 1;
	}
	return 0;
}

/* Did an agent log that it rejected the policy? */
static bool
policy_rejected_in_logs(const struct model *m, const struct policy *p)
{
	size_t i;

	for (i = 0; i < m->nlog_events; i++) {
		const struct model_log_event *e = &m->log_events[i];

		if (e->msg != NULL && check_streq(e->policy_name, p->name) &&
		    (e->policy_ns == NULL || *p->ns == '\0' ||
		    check_streq(e->policy_ns, p->ns)) &&
		    strstr(e->msg, "Unable to add Cilium") != NULL)
			return true;
	}
	return false;
}

/* The status pair's line ("Proxy Status"), 0 when not printed. */
static unsigned long
status_pair_line(const struct status_result *st, const char *key)
{
	size_t i;

	for (i = 0; i < st->npairs; i++)
		if (strcmp(st->pairs[i].key, key) == 0)
			return st->pairs[i].line;
	return st->line;
}

/*
 * What the realized state on the endpoint's node says about a redirect in
 * dir: 1 there is one, 0 there is none (evidence added to f), 2 the agent
 * does not run the policy's L7 rules at all (not this rule's case), -1
 * unknown.
 */
static int
l7_redirect(struct eval_ctx *ctx, struct finding *f,
    const struct model_endpoint *e, const struct policy *p,
    enum policy_dir dir, const struct policy_ports *tp, bool cite)
{
	const struct model_agent *a = check_agent_of_node(ctx->m, e->node);
	const struct bpf_policy_map *pm = NULL;
	const struct status_result *st;
	const char *d = dir == DIR_EGRESS ? "egress" : "ingress";
	uint32_t port = tp->nports > 0 ? tp->ports[0].port : 0;
	size_t i, nport = 0;

	if (a == NULL)
		return -1;
	if (agent_policy_l7(a, p) == 0)
		return 2;
	if (a->bpf_policy != NULL && e->id != 0)
		pm = bpf_policy_find_map(a->bpf_policy, e->id);
	if (pm != NULL) {
		for (i = 0; i < pm->nentries; i++) {
			const struct bpf_policy_entry *be = &pm->entries[i];

			if (be->egress != (dir == DIR_EGRESS) || be->deny)
				continue;
			if (be->proxy_port != 0)
				return 1;
			nport += port != 0 && be->port <= port &&
			    (be->end_port >= port || be->port == port);
		}
		st = model_agent_status(a);
		if (cite)
			finding_evidence(ctx, f, a->bpf_policy->path, pm->line,
			    "bpf policy get: endpoint %u (%s/%s) has %zu %s "
			    "allow entr%s for port %u, none with a proxy port "
			    "(PROXY PORT NONE)", e->id, e->ns, e->pod, nport, d,
			    nport == 1 ? "y" : "ies", port);
		/* The agent's count of redirects says the same. */
		if (cite && st != NULL && st->has_proxy &&
		    st->proxy_redirects == 0)
			finding_evidence(ctx, f, st->path, status_pair_line(st,
			    "Proxy Status"), "Proxy Status on %s: 0 redirects "
			    "active", e->node);
		return 0;
	}
	st = model_agent_status(a);
	if (st != NULL && st->has_proxy && st->proxy_redirects == 0) {
		if (cite)
			finding_evidence(ctx, f, st->path, status_pair_line(st,
			    "Proxy Status"), "Proxy Status on %s: 0 redirects "
			    "active", e->node);
		return 0;
	}
	if (st != NULL && st->has_proxy && st->proxy_redirects > 0)
		return 1;
	return -1;
}

void
check_l7_proxy_inactive(struct eval_ctx *ctx)
{
	struct model *m = ctx->m;
	size_t i, j, k, t, nl7pol = 0, nknown = 0;

	if (l7_proxy_disabled(m))
		return;
	for (i = 0; i < m->npolicies; i++) {
		const struct policy *p = &m->policies[i];
		const struct policy_ports *first = NULL;
		const struct policy_elem *fe = NULL;
		struct finding *f = NULL;
		size_t nbad = 0, cited = 0;
		unsigned long nenvoy = 0;
		const char *nodes[16];
		size_t nnodes = 0;

		if (p->kind == POLICY_KNP || p->error != NULL ||
		    p->status_valid == 0 || policy_rejected_in_logs(m, p))
			continue;
		for (j = 0; j < p->nrules; j++) {
			const struct policy_rule *r = &p->rules[j];
			const size_t *idx;
			size_t nidx;

			if (r->node_selector)
				continue;
			idx = model_selector_endpoints(m, &r->subject, &nidx);
			for (k = 0; k < r->nelems; k++) {
				const struct policy_elem *e = &r->elems[k];
				const struct policy_ports *tp = elem_l7(e);

				if (tp == NULL)
					continue;
				if (first == NULL) {
					first = tp;
					fe = e;
				}
				for (t = 0; t < nidx; t++) {
					const struct model_endpoint *ep =
					    &m->endpoints[idx[t]];
					int rd;

					if (ep->pod == NULL)
						continue;
					if (f == NULL) {
						f = eval_finding_new(ctx);
						nl7pol++;
					}
					rd = l7_redirect(ctx, f, ep, p, e->dir,
					    tp, cited < AGENT_EVIDENCE_MAX);
					if (rd < 0)
						continue;
					nknown++;
					if (rd > 0)
						continue;
					if (cited < AGENT_EVIDENCE_MAX)
						cited++;
					nbad++;
					finding_affected(ctx, f, ep->ns, ep->pod);
					names_add(nodes, &nnodes, 16, ep->node);
				}
			}
		}
		if (f == NULL)
			continue;
		if (f->naffected == 0) {
			eval_finding_discard(ctx, f);
			continue;
		}
		for (j = 0; j < m->nlog_events; j++) {
			const struct model_log_event *le = &m->log_events[j];

			for (k = 0; k < nnodes; k++)
				if (check_streq(le->node, nodes[k]))
					break;
			if (k == nnodes || !envoy_error_line(le))
				continue;
			if (nenvoy++ < 2)
				finding_evidence(ctx, f, le->src.path,
				    le->src.line, "%s%s%s", le->msg,
				    le->error != NULL ? ": " : "",
				    le->error != NULL ? le->error : "");
		}
		f->log_lines = nenvoy;
		f->cause = eval_policy_cause(ctx, p);
		check_policy_subject(ctx, f, p);
		finding_evidence(ctx, f, p->src.path, first->line != 0 ?
		    first->line : fe->line, "%s %s rules on %s%s",
		    fe->dir == DIR_EGRESS ? "egress" : "ingress",
		    l7_type_name(first->l7), first->nports > 0 &&
		    first->ports[0].port != 0 ? arena_printf(ctx->out->a,
		    "%u/", first->ports[0].port) : "", first->nports > 0 &&
		    first->ports[0].protocol != NULL ?
		    first->ports[0].protocol : "any port");
		finding_title(ctx, f, "%s %s%s%s has %s rules, but no L7 proxy "
		    "redirect is in force for %zu endpoint%s",
		    policy_kind_name(p->kind), p->ns, *p->ns != '\0' ? "/" :
		    "", p->name, l7_type_name(first->l7), nbad, plural(nbad));
		finding_message(ctx, f, "%s %s%s%s has %s %s rules (%s:%lu), "
		    "which Cilium enforces by redirecting the port to %s. On "
		    "node%s %s the realized state of the %zu endpoint%s it "
		    "selects shows no proxy redirect: the BPF policy map has "
		    "no entry with a proxy port in that direction, or the "
		    "agent reports 0 redirects active. The L7 rules are not "
		    "enforced there: the port is either allowed at L4 "
		    "without the L7 filter or dropped, depending on the rest "
		    "of the map.%s", policy_kind_name(p->kind), p->ns,
		    *p->ns != '\0' ? "/" : "", p->name,
		    fe->dir == DIR_EGRESS ? "egress" : "ingress",
		    l7_type_name(first->l7), p->src.path, first->line != 0 ?
		    first->line : fe->line, first->l7 == L7_DNS ?
		    "the agent's DNS proxy" : "Envoy",
		    nnodes == 1 ? "" : "s", names_text(ctx, nodes, nnodes),
		    nbad, plural(nbad), nenvoy > 0 ?
		    arena_printf(ctx->out->a, " Envoy rejected the agent's "
		    "configuration updates %lu time%s on these nodes (NACK).",
		    nenvoy, plural(nenvoy)) : "");
		finding_remediation(ctx, f, "On %s, look at the agent log for "
		    "proxy and Envoy errors (`Envoy: ...`, `NACK received`), "
		    "check that Envoy runs (embedded in the agent, or the "
		    "cilium-envoy DaemonSet when envoy.enabled is true) and "
		    "that `cilium-dbg status --verbose` shows `Proxy Status: "
		    "OK` with redirects active; then regenerate the "
		    "endpoints (restart the agent) and confirm that `cilium-dbg "
		    "bpf policy get <id>` shows a PROXY PORT for the L7 "
		    "port.", names_text(ctx, nodes, nnodes));
	}
	if (nl7pol > 0 && nknown == 0)
		eval_not_evaluated(ctx, "%zu polic%s with L7 rules select "
		    "endpoints, but no node running them has a bugtool with "
		    "the BPF policy maps or the proxy status", nl7pol,
		    nl7pol == 1 ? "y" : "ies");
}
