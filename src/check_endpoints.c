/*
 * check_endpoints.c: built-in checks on Cilium endpoints, the unit policy
 * is enforced on.
 *
 * The model joins each pod's endpoint across its CiliumEndpoint (CEP), the
 * pod, and the agent's own word (the bugtool's `endpoint list` and the
 * debuginfo JSON); these checks go back to each source for evidence.
 *
 * check_ep_stuck_identity (EP-STUCK-IDENTITY): an endpoint still in
 *   `waiting-for-identity` or carrying identity 5, `reserved:init`
 *   (policy-semantics.md G.3; api/v1/models/endpoint_state.go; docs
 *   security/policy/lifecycle.rst "Init Identity").  Until it has its
 *   real identity no label-based rule selects it: its own policies are
 *   not applied and peers' rules that select its labels do not match it.
 *   The agent's word beats a CEP that may lag; identity allocation log
 *   lines (pkg/allocator/allocator.go) corroborate.
 * check_ep_missing (EP-MISSING): a Running, non-hostNetwork pod on a node
 *   where a Cilium agent runs, with no CEP and absent from that node's
 *   agent endpoint list: Cilium never set up its networking (another CNI
 *   was in charge when it started, or it predates the agent), so no
 *   Cilium policy applies to it and peers see it as reserved:unmanaged or
 *   world (policy-semantics.md C.1).  Not decided where CEPs are disabled
 *   (disable-endpoint-crd) or were not collected, unless the node's
 *   bugtool lists its endpoints.
 * check_ep_identity_stale (EP-IDENTITY-STALE): an endpoint's identity
 *   labels differ from those Cilium derives from its pod and namespace now
 *   (B.1, B.2, through the same label filter as the model): the agent has
 *   not applied a label change (pkg/k8s/watchers/pod.go), so policies
 *   select the pod by its old labels.
 * check_ep_stuck_regen (EP-STUCK-REGEN): endpoints in `not-ready`,
 *   `regenerating`, `waiting-to-regenerate` or `disconnecting`, or whose
 *   realized policy revision lags the agent's policy repository revision
 *   (policy get / debuginfo `policy.revision`; what `cilium-dbg policy
 *   wait` waits for): policy changes are not in force on them.  The
 *   endpoint's failed status log, health and controllers, and the agent's
 *   `Regeneration of endpoint failed` lines (pkg/endpoint/policy.go)
 *   corroborate.
 */
#include <sys/socket.h>

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "check_util.h"
#include "checks.h"
#include "classify.h"
#include "eval.h"
#include "inventory.h"
#include "label.h"
#include "model.h"
#include "netaddr.h"
#include "xalloc.h"

/* Identity 5, reserved:init (pkg/identity/numericidentity.go). */
#define IDENTITY_INIT	5

/* Evidence lines per source kind, so a finding on 40 pods stays readable. */
#define EP_EVIDENCE_MAX	6
#define LOG_EVIDENCE_MAX 3

/* What one agent says about one endpoint: debuginfo and endpoint list. */
struct ep_view {
	const struct model_agent	*agent;
	const struct endpoint_record	*rec[2];
	const char			*path[2];
};

/* Does the agent list its endpoints at all (either form)? */
static bool
agent_lists_endpoints(const struct model_agent *a)
{
	return a != NULL && (a->endpoints != NULL || a->debuginfo != NULL);
}

static const struct endpoint_record *
record_find(const struct endpoint_result *r, const struct model_endpoint *e)
{
	size_t i;

	if (r == NULL)
		return NULL;
	for (i = 0; i < r->n; i++) {
		const struct endpoint_record *x = &r->v[i];

		if (e->pod != NULL && check_streq(x->pod_name, e->pod) &&
		    check_streq(x->pod_namespace, e->ns))
			return x;
		if (e->id != 0 && x->id == e->id)
			return x;
		if (e->ipv4 != NULL && check_streq(x->ipv4, e->ipv4))
			return x;
	}
	return NULL;
}

/* The agent's records of e on e's node (none when it has no bugtool). */
static void
ep_view_get(const struct model *m, const struct model_endpoint *e,
    struct ep_view *v)
{
	memset(v, 0, sizeof(*v));
	v->agent = check_agent_of_node(m, e->node);
	if (v->agent == NULL)
		return;
	if (v->agent->debuginfo != NULL) {
		v->rec[0] = record_find(&v->agent->debuginfo->endpoints, e);
		v->path[0] = v->agent->debuginfo->path;
	}
	if (v->agent->endpoints != NULL) {
		v->rec[1] = record_find(v->agent->endpoints, e);
		v->path[1] = v->agent->endpoints->path;
	}
}

/* "shop/web-1" or "endpoint 3652" (host, health), into the arena. */
static const char *
ep_name(struct eval_ctx *ctx, const struct model_endpoint *e)
{
	if (e->pod != NULL)
		return arena_printf(ctx->out->a, "%s%s%s", e->ns != NULL ?
		    e->ns : "", e->ns != NULL ? "/" : "", e->pod);
	return arena_printf(ctx->out->a, "endpoint %u", e->id);
}

static void
ep_affected(struct eval_ctx *ctx, struct finding *f,
    const struct model_endpoint *e)
{
	if (e->pod != NULL)
		finding_affected(ctx, f, e->ns, e->pod);
	else
		finding_affected(ctx, f, NULL, ep_name(ctx, e));
}

/* The namespace of an "ns/name" affected entry, or "<namespace>". */
static const char *
affected_ns(struct eval_ctx *ctx, const char *a)
{
	const char *slash = strchr(a, '/');

	if (slash == NULL)
		return "<namespace>";
	return arena_printf(ctx->out->a, "%.*s", (int)(slash - a), a);
}

/* The name of an "ns/name" affected entry. */
static const char *
affected_name(const char *a)
{
	const char *slash = strchr(a, '/');

	return slash != NULL ? slash + 1 : a;
}

/*
 * Evidence from records without a line (the debuginfo JSON): a finding
 * keeps one evidence line per (member, line), so such records share one
 * line per member, joined by "; ".
 */
#define NOTES_MAX	16

struct notes {
	const char	*path[NOTES_MAX];
	struct buf	 b[NOTES_MAX];
	size_t		 n;
};

static void
notes_add(struct eval_ctx *ctx, struct finding *f, struct notes *nt,
    const char *path, unsigned long line, const char *text)
{
	size_t i;

	if (line > 0) {
		finding_evidence(ctx, f, path, line, "%s", text);
		return;
	}
	for (i = 0; i < nt->n; i++)
		if (strcmp(nt->path[i], path) == 0)
			break;
	if (i == NOTES_MAX)
		return;
	if (i == nt->n) {
		nt->path[nt->n] = path;
		buf_init(&nt->b[nt->n]);
		nt->n++;
	}
	buf_addf(&nt->b[i], "%s%s", nt->b[i].len > 0 ? "; " : "", text);
}

/* Add what notes_add kept back, and release it. */
static void
notes_flush(struct eval_ctx *ctx, struct finding *f, struct notes *nt)
{
	size_t i;

	for (i = 0; i < nt->n; i++) {
		finding_evidence(ctx, f, nt->path[i], 0, "%s", nt->b[i].ptr);
		buf_release(&nt->b[i]);
	}
	nt->n = 0;
}

/* The identity's labels as "k8s:app=web, ..." (reserved ones first). */
static const char *
labels_text(struct eval_ctx *ctx, const struct labelset *ls, size_t max)
{
	struct buf b = BUF_INIT;
	const char *r;
	size_t i;

	for (i = 0; i < ls->n && i < max; i++) {
		if (i > 0)
			buf_addstr(&b, ", ");
		label_format(&b, &ls->v[i]);
	}
	if (ls->n > max)
		buf_addf(&b, ", ... (%zu more)", ls->n - max);
	r = arena_strdup(ctx->out->a, b.ptr != NULL ? b.ptr : "");
	buf_release(&b);
	return r;
}

/*
 * Agent log lines (warnings and worse) on node (any node when NULL) that
 * hold one of pats; the first few become evidence.  Returns the count.
 */
static unsigned long
log_lines(struct eval_ctx *ctx, struct finding *f, const char *node,
    const char *const *pats, unsigned *shown)
{
	struct model *m = ctx->m;
	unsigned long n = 0;
	size_t i, j;

	for (i = 0; i < m->nlog_events; i++) {
		const struct model_log_event *le = &m->log_events[i];

		if (le->msg == NULL || (node != NULL &&
		    !check_streq(le->node, node)))
			continue;
		for (j = 0; pats[j] != NULL; j++)
			if (strstr(le->msg, pats[j]) != NULL)
				break;
		if (pats[j] == NULL)
			continue;
		n++;
		if (*shown < LOG_EVIDENCE_MAX) {
			(*shown)++;
			finding_evidence(ctx, f, le->src.path, le->src.line,
			    "%s%s%s", le->msg, le->error != NULL ? ": " : "",
			    le->error != NULL ? le->error : "");
		}
	}
	return n;
}

/* Add node to a NULL-terminated list of distinct names (cap entries). */
static void
names_add(const char **v, size_t *n, size_t cap, const char *s)
{
	size_t i;

	if (s == NULL)
		return;
	for (i = 0; i < *n; i++)
		if (strcmp(v[i], s) == 0)
			return;
	if (*n < cap)
		v[(*n)++] = s;
}

static const char *
names_text(struct eval_ctx *ctx, const char *const *v, size_t n)
{
	struct buf b = BUF_INIT;
	const char *r;
	size_t i;

	for (i = 0; i < n; i++)
		buf_addf(&b, "%s%s", i == 0 ? "" : (i + 1 == n ? " and " :
		    ", "), v[i]);
	r = arena_strdup(ctx->out->a, b.ptr != NULL ? b.ptr : "");
	buf_release(&b);
	return r;
}

/* Is the enforcement mode `always` (traffic of unknown labels dropped)? */
static bool
policy_always(const struct model *m)
{
	const char *v = model_config(m, "enable-policy");

	return v != NULL && strcmp(v, "always") == 0;
}

/* Does the model hold any endpoint state (CEPs or an agent's list)? */
static bool
have_endpoint_sources(const struct model *m)
{
	size_t i;

	if (inventory_count_kind(&m->inv, ART_CILIUM_ENDPOINTS) > 0)
		return true;
	for (i = 0; i < m->nagents; i++)
		if (agent_lists_endpoints(&m->agents[i]))
			return true;
	return false;
}

/* --- EP-STUCK-IDENTITY ------------------------------------------------ */

static bool
record_stuck_identity(const struct endpoint_record *r)
{
	return check_streq(r->state, "waiting-for-identity") ||
	    (r->has_identity && r->identity == IDENTITY_INIT) ||
	    labelset_has(&r->labels, "reserved", "init");
}

static bool
ep_stuck_identity(const struct model_endpoint *e)
{
	return check_streq(e->state, "waiting-for-identity") ||
	    e->identity == IDENTITY_INIT ||
	    labelset_has(&e->labels, "reserved", "init");
}

static const char *const identity_log[] = {
	"Key allocation attempt failed",
	"Ongoing key allocation has been cancelled",
	"timed out waiting for cilium-operator to allocate CiliumIdentity",
	"Error changing endpoint identity",
	"Local identity allocator full",
	NULL,
};

void
check_ep_stuck_identity(struct eval_ctx *ctx)
{
	struct model *m = ctx->m;
	struct finding *f;
	const char *nodes[16];
	size_t i, k, nnodes = 0, nstuck = 0, nwaiting = 0, ninit = 0;
	size_t nstarting = 0;
	unsigned shown = 0, logs_shown = 0;
	unsigned long logs = 0;
	struct notes nt;

	nt.n = 0;
	if (!have_endpoint_sources(m)) {
		eval_not_evaluated(ctx, "no CiliumEndpoints and no agent "
		    "endpoint list in the sysdump");
		return;
	}
	f = eval_finding_new(ctx);
	for (i = 0; i < m->nendpoints; i++) {
		const struct model_endpoint *e = &m->endpoints[i];
		struct ep_view v;
		bool agent_says = false, agent_knows = false, waiting;

		ep_view_get(m, e, &v);
		for (k = 0; k < 2; k++) {
			if (v.rec[k] == NULL)
				continue;
			agent_knows = true;
			if (record_stuck_identity(v.rec[k]))
				agent_says = true;
		}
		/* The agent's current word beats a CEP that may lag. */
		if (agent_knows ? !agent_says : !ep_stuck_identity(e))
			continue;
		nstuck++;
		waiting = check_streq(e->state, "waiting-for-identity");
		if (waiting)
			nwaiting++;
		else
			ninit++;
		if (e->k8s_pod != NULL &&
		    !check_streq(e->k8s_pod->phase, "Running"))
			nstarting++;
		ep_affected(ctx, f, e);
		names_add(nodes, &nnodes, 16, e->node);
		if (shown >= EP_EVIDENCE_MAX)
			continue;
		shown++;
		if (e->sources & MSRC_CEP)
			finding_evidence(ctx, f, e->src.path, e->src.line,
			    "CiliumEndpoint %s: state %s, identity %u%s%s",
			    ep_name(ctx, e), e->state != NULL ? e->state : "-",
			    e->identity, e->labels.n > 0 ? " " : "",
			    e->labels.n > 0 ? labels_text(ctx, &e->labels, 3) :
			    "");
		for (k = 0; k < 2; k++)
			if (v.rec[k] != NULL)
				notes_add(ctx, f, &nt, v.path[k],
				    v.rec[k]->line, arena_printf(ctx->out->a,
				    "agent on %s: endpoint %u state %s, "
				    "identity %u%s%s", v.agent->node,
				    v.rec[k]->id, v.rec[k]->state != NULL ?
				    v.rec[k]->state : "-", v.rec[k]->identity,
				    v.rec[k]->labels.n > 0 ? " " : "",
				    v.rec[k]->labels.n > 0 ? labels_text(ctx,
				    &v.rec[k]->labels, 3) : ""));
	}
	notes_flush(ctx, f, &nt);
	if (nstuck == 0) {
		eval_finding_discard(ctx, f);
		return;
	}
	for (k = 0; k < nnodes; k++) {
		finding_subject(ctx, f, "Node", NULL, nodes[k]);
		logs += log_lines(ctx, f, nodes[k], identity_log, &logs_shown);
	}
	f->log_lines = logs;
	if (policy_always(m))
		f->severity = SEV_CRITICAL;
	/* Pods still starting may just not have their identity yet. */
	if (nstarting == nstuck)
		f->confidence = logs > 0 ? 0.7 : 0.4;
	else if (logs == 0)
		f->confidence = 0.85;
	finding_title(ctx, f, "%zu endpoint%s on %s ha%s no identity yet "
	    "(%s)", nstuck, nstuck == 1 ? "" : "s", names_text(ctx, nodes,
	    nnodes), nstuck == 1 ? "s" : "ve", nwaiting > 0 && ninit > 0 ?
	    "waiting-for-identity, reserved:init" : nwaiting > 0 ?
	    "waiting-for-identity" : "reserved:init");
	finding_message(ctx, f, "%s%s %s %s: %s. Until the "
	    "agent allocates the identity of its labels, no label-based rule "
	    "selects such an endpoint: the policies meant for it are not "
	    "applied, and peers whose rules allow its labels do not match it, "
	    "so their default deny drops its traffic.%s%s",
	    f->affected[0], f->naffected > 1 ? arena_printf(ctx->out->a,
	    " and %zu more endpoint%s", f->naffected - 1, f->naffected > 2 ?
	    "s" : "") : "", f->naffected > 1 ? "are" : "is", "stuck before "
	    "identity allocation", ninit == 0 ? arena_printf(ctx->out->a,
	    "%zu in waiting-for-identity", nwaiting) : nwaiting == 0 ?
	    arena_printf(ctx->out->a, "%zu with the init identity (5, "
	    "reserved:init)", ninit) : arena_printf(ctx->out->a, "%zu in "
	    "waiting-for-identity, %zu more with the init identity (5, "
	    "reserved:init)", nwaiting, ninit), policy_always(m) ?
	    " enable-policy is `always`, so all traffic of these endpoints is "
	    "dropped until then." : "", logs > 0 ? arena_printf(ctx->out->a,
	    " The agent logged %lu identity allocation failure%s.", logs,
	    logs == 1 ? "" : "s") : nstarting == nstuck ? " Their pods are "
	    "still starting, so this may only be the short window before "
	    "allocation." : "");
	finding_remediation(ctx, f, "Find why identity allocation stalls on "
	    "%s: with identity-allocation-mode crd the agent must be able to "
	    "create CiliumIdentity objects through the apiserver (check "
	    "`cilium-dbg status` Kubernetes, the agent log for apiserver "
	    "errors and the operator); with kvstore mode, etcd must be "
	    "reachable. Once it recovers, the endpoints regenerate with their "
	    "identity; pods that stay stuck can be restarted (`kubectl delete "
	    "pod -n %s %s`). Pods that must talk while they start need a "
	    "CiliumClusterwideNetworkPolicy selecting the init identity "
	    "(a namespaced policy cannot), for example:\n"
	    "  apiVersion: cilium.io/v2\n"
	    "  kind: CiliumClusterwideNetworkPolicy\n"
	    "  metadata:\n    name: allow-init\n"
	    "  spec:\n    endpointSelector:\n      matchLabels:\n"
	    "        \"reserved:init\": \"\"\n"
	    "    ingress:\n    - fromEntities: [host]\n"
	    "    egress:\n    - toEntities: [host]  # add what they need\n",
	    names_text(ctx, nodes, nnodes), affected_ns(ctx, f->affected[0]),
	    affected_name(f->affected[0]));
}

/* --- EP-MISSING ------------------------------------------------------- */

/* Is a Cilium agent pod scheduled on node (or a bugtool from it)? */
static bool
cilium_on_node(const struct model *m, const char *node)
{
	size_t i;

	for (i = 0; i < m->inv.npods; i++)
		if (m->inv.pods[i].agent &&
		    check_streq(m->inv.pods[i].node, node))
			return true;
	return check_agent_of_node(m, node) != NULL;
}

/* Is the address ip inside cidr ("10.244.1.0/24", "fd00::/104")? */
static bool
ip_in_cidr(const char *ip, const char *cidr)
{
	struct ip_prefix a, n;

	return strchr(cidr, '/') != NULL && ip_prefix_parse(cidr, &n) &&
	    ip_prefix_parse(ip, &a) && ip_prefix_contains(&n, &a);
}

/*
 * The node's Cilium pod CIDR that ip lies outside of (the CiliumNode's
 * spec.ipam.podCIDRs), or NULL when ip is inside one or none is known.
 */
static const char *
outside_pod_cidr(const struct model *m, const char *node, const char *ip)
{
	size_t i, j;

	for (i = 0; ip != NULL && i < m->ncilium_nodes; i++) {
		const struct model_cilium_node *cn = &m->cilium_nodes[i];

		if (!check_streq(cn->name, node) || cn->npod_cidrs == 0)
			continue;
		for (j = 0; j < cn->npod_cidrs; j++)
			if (strchr(cn->pod_cidrs[j], ':') != NULL ||
			    ip_in_cidr(ip, cn->pod_cidrs[j]))
				return NULL;
		return cn->pod_cidrs[0];
	}
	return NULL;
}

static bool
config_true(const struct model *m, const char *key)
{
	const char *v = model_config(m, key);

	return v != NULL && strcmp(v, "true") == 0;
}

void
check_ep_missing(struct eval_ctx *ctx)
{
	struct model *m = ctx->m;
	struct finding *f;
	const char *nodes[16], *unchecked[16];
	size_t i, nnodes = 0, nunchecked = 0, nmissing = 0, nlisted = 0;
	unsigned shown = 0;
	bool ceps;

	if (m->npods == 0) {
		eval_not_evaluated(ctx, "no pod listing in the sysdump");
		return;
	}
	/* Without CEPs only a node's own endpoint list can say. */
	ceps = inventory_count_kind(&m->inv, ART_CILIUM_ENDPOINTS) > 0 &&
	    !config_true(m, "disable-endpoint-crd");
	f = eval_finding_new(ctx);
	for (i = 0; i < m->nendpoints; i++) {
		const struct model_endpoint *e = &m->endpoints[i];
		const struct k8s_pod *pod = e->k8s_pod;
		const struct model_agent *a;
		const char *cidr;

		if (pod == NULL || pod->host_network || pod->node == NULL ||
		    !check_streq(pod->phase, "Running"))
			continue;
		if (e->sources & (MSRC_CEP | MSRC_BUGTOOL | MSRC_DEBUGINFO))
			continue;
		if (!cilium_on_node(m, pod->node))
			continue;
		a = check_agent_of_node(m, pod->node);
		if (!ceps && !agent_lists_endpoints(a)) {
			names_add(unchecked, &nunchecked, 16, pod->node);
			continue;
		}
		nmissing++;
		finding_affected(ctx, f, pod->ns, pod->name);
		finding_subject(ctx, f, "Pod", pod->ns, pod->name);
		names_add(nodes, &nnodes, 16, pod->node);
		if (agent_lists_endpoints(a))
			nlisted++;
		if (shown >= EP_EVIDENCE_MAX)
			continue;
		shown++;
		cidr = outside_pod_cidr(m, pod->node, pod->ip);
		finding_evidence(ctx, f, pod->src.path, pod->src.line,
		    "pod %s/%s: Running on %s, IP %s%s%s%s, no CiliumEndpoint",
		    pod->ns, pod->name, pod->node, pod->ip != NULL ? pod->ip :
		    "-", cidr != NULL ? " (outside the node's Cilium pod CIDR "
		    : "", cidr != NULL ? cidr : "", cidr != NULL ? ": another "
		    "CNI assigned it)" : "");
		if (a != NULL && a->endpoints != NULL)
			finding_evidence(ctx, f, a->endpoints->path, 0,
			    "the agent on %s lists %zu endpoints, none for %s "
			    "(%s)", pod->node, a->endpoints->n, pod->name,
			    pod->ip != NULL ? pod->ip : "-");
		else if (a != NULL && a->debuginfo != NULL)
			finding_evidence(ctx, f, a->debuginfo->path, 0,
			    "the agent on %s lists %zu endpoints, none for %s",
			    pod->node, a->debuginfo->endpoints.n, pod->name);
	}
	if (nmissing == 0) {
		eval_finding_discard(ctx, f);
		if (nunchecked > 0)
			eval_not_evaluated(ctx, "CiliumEndpoints are %s and "
			    "%s ha%s no bugtool endpoint list",
			    config_true(m, "disable-endpoint-crd") ?
			    "disabled (disable-endpoint-crd)" :
			    "not in the sysdump",
			    names_text(ctx, unchecked, nunchecked),
			    nunchecked == 1 ? "s" : "ve");
		return;
	}
	for (i = 0; i < nnodes; i++)
		finding_subject(ctx, f, "Node", NULL, nodes[i]);
	/* A CEP alone may lag its pod; the agent's own list is firm. */
	if (nlisted < nmissing)
		f->confidence = nlisted > 0 ? 0.85 : 0.75;
	finding_title(ctx, f, "%zu running pod%s on %s %s not managed by "
	    "Cilium (no Cilium endpoint)", nmissing, nmissing == 1 ? "" : "s",
	    names_text(ctx, nodes, nnodes), nmissing == 1 ? "is" : "are");
	finding_message(ctx, f, "%s%s %s Running without hostNetwork on %s, "
	    "where the Cilium agent runs, but %s no CiliumEndpoint%s. The "
	    "agent never set up %s networking: another CNI plugin was in "
	    "charge when the pod started, or the pod predates the agent. No "
	    "Cilium or Kubernetes network policy is enforced on %s, and other "
	    "pods see %s traffic as reserved:unmanaged or world, so their "
	    "label-based rules do not match it.",
	    f->affected[0], f->naffected > 1 ? arena_printf(ctx->out->a,
	    " and %zu more pod%s", f->naffected - 1, f->naffected > 2 ? "s" :
	    "") : "", f->naffected > 1 ? "are" : "is", names_text(ctx, nodes,
	    nnodes), f->naffected > 1 ? "have" : "has", nlisted > 0 ?
	    f->naffected > 1 ? " and the node's agent does not list them "
	    "among its endpoints" : " and the node's agent does not list it "
	    "among its endpoints" :
	    "", f->naffected > 1 ? "their" : "its", f->naffected > 1 ? "them" :
	    "it", f->naffected > 1 ? "their" : "its");
	finding_remediation(ctx, f, "Restart the pods so that Cilium's CNI "
	    "plugin sets them up, e.g. `kubectl delete pod -n %s %s` (or "
	    "`kubectl rollout restart` of their owner). Then make sure Cilium "
	    "is the only CNI on %s: /etc/cni/net.d should hold only "
	    "05-cilium.conflist (Helm `cni.exclusive: true`), and `cilium "
	    "status` should report every pod as managed by Cilium.",
	    affected_ns(ctx, f->affected[0]), affected_name(f->affected[0]),
	    names_text(ctx, nodes, nnodes));
}

/* --- EP-IDENTITY-STALE ------------------------------------------------ */

#define NS_LABEL_PREFIX	"io.cilium.k8s.namespace.labels."

/* Keys the comparison leaves out: injected by Cilium, not pod labels. */
static bool
stale_skip_key(const char *key)
{
	return strcmp(key, "io.kubernetes.pod.namespace") == 0 ||
	    (strncmp(key, "io.cilium.k8s.", 14) == 0 &&
	    strncmp(key, NS_LABEL_PREFIX, strlen(NS_LABEL_PREFIX)) != 0);
}

static bool
has_ns_labels(const struct labelset *ls)
{
	size_t i;

	for (i = 0; i < ls->n; i++)
		if (strncmp(ls->v[i].key, NS_LABEL_PREFIX,
		    strlen(NS_LABEL_PREFIX)) == 0)
			return true;
	return false;
}

/*
 * What differs between the identity labels `id` and the pod now: "app:
 * web -> web-v2", "tier=api removed", "team=pay added", joined by "; ",
 * or NULL when nothing does.  pod_now is the derivation through the
 * default filter; raw pod labels settle values so that a custom filter
 * cannot make a kept label look removed.
 */
static const char *
stale_diff(struct eval_ctx *ctx, const struct labelset *id,
    const struct labelset *pod_now, const struct k8s_pod *pod,
    const struct k8s_namespace *ns, bool custom_filter)
{
	struct buf b = BUF_INIT;
	const char *r = NULL;
	bool ns_too = has_ns_labels(id) && ns != NULL;
	size_t i;

	for (i = 0; i < id->n; i++) {
		const struct label *l = &id->v[i];
		const char *now;
		bool nsl;

		if (strcmp(l->source, "k8s") != 0 || stale_skip_key(l->key))
			continue;
		nsl = strncmp(l->key, NS_LABEL_PREFIX,
		    strlen(NS_LABEL_PREFIX)) == 0;
		if (nsl && !ns_too)
			continue;
		now = nsl ? labelset_get(&ns->labels, NULL,
		    l->key + strlen(NS_LABEL_PREFIX)) :
		    labelset_get(&pod->labels, NULL, l->key);
		if (now != NULL && strcmp(now, l->value) == 0)
			continue;
		if (b.len > 0)
			buf_addstr(&b, "; ");
		if (now == NULL)
			buf_addf(&b, "%s%s=%s removed", nsl ? "namespace label " :
			    "", nsl ? l->key + strlen(NS_LABEL_PREFIX) : l->key,
			    l->value);
		else
			buf_addf(&b, "%s%s: %s -> %s", nsl ? "namespace label " :
			    "", nsl ? l->key + strlen(NS_LABEL_PREFIX) : l->key,
			    l->value, now);
	}
	for (i = 0; i < pod_now->n; i++) {
		const struct label *l = &pod_now->v[i];
		bool nsl;

		if (strcmp(l->source, "k8s") != 0 || stale_skip_key(l->key) ||
		    labelset_get(id, "k8s", l->key) != NULL)
			continue;
		nsl = strncmp(l->key, NS_LABEL_PREFIX,
		    strlen(NS_LABEL_PREFIX)) == 0;
		/* A custom `labels` filter may drop what the default keeps. */
		if (nsl ? !ns_too : custom_filter)
			continue;
		if (b.len > 0)
			buf_addstr(&b, "; ");
		buf_addf(&b, "%s%s=%s added", nsl ? "namespace label " : "",
		    nsl ? l->key + strlen(NS_LABEL_PREFIX) : l->key, l->value);
	}
	if (b.len > 0)
		r = arena_strdup(ctx->out->a, b.ptr);
	buf_release(&b);
	return r;
}

/* One group: the endpoints of a namespace with the same difference. */
struct stale_group {
	const char	*ns;
	const char	*diff;
	size_t		*eps;
	size_t		 neps;
	size_t		 cap;
	bool		 agent_agrees;	/* the agent has the new labels */
};

void
check_ep_identity_stale(struct eval_ctx *ctx)
{
	struct model *m = ctx->m;
	struct stale_group *g = NULL;
	size_t ng = 0, gcap = 0, i, j, k;
	const char *lf = model_config(m, "labels");
	bool custom = lf != NULL && *lf != '\0';
	bool compared = false;

	for (i = 0; i < m->nendpoints; i++) {
		const struct model_endpoint *e = &m->endpoints[i];
		const struct k8s_pod *pod = e->k8s_pod;
		struct labelset now;
		struct ep_view v;
		const char *diff;
		bool agrees = false;

		if (pod == NULL || (e->sources & MSRC_DERIVED) ||
		    e->labels.n == 0 || ep_stuck_identity(e))
			continue;
		compared = true;
		model_pod_identity_labels(m, pod, &now);
		diff = stale_diff(ctx, &e->labels, &now, pod,
		    model_namespace_find(m, pod->ns), custom);
		if (diff == NULL)
			continue;
		/* Only the CEP lags when the agent already has the labels. */
		ep_view_get(m, e, &v);
		for (k = 0; k < 2; k++)
			if (v.rec[k] != NULL && v.rec[k]->labels.n > 0 &&
			    stale_diff(ctx, &v.rec[k]->labels, &now, pod,
			    model_namespace_find(m, pod->ns), custom) == NULL)
				agrees = true;
		for (j = 0; j < ng; j++)
			if (check_streq(g[j].ns, e->ns) && strcmp(g[j].diff,
			    diff) == 0)
				break;
		if (j == ng) {
			g = xgrow(g, &gcap, ng + 1, sizeof(*g));
			memset(&g[ng], 0, sizeof(g[ng]));
			g[ng].ns = e->ns;
			g[ng].diff = diff;
			ng++;
		}
		g[j].eps = xgrow(g[j].eps, &g[j].cap, g[j].neps + 1,
		    sizeof(*g[j].eps));
		g[j].eps[g[j].neps++] = i;
		if (agrees)
			g[j].agent_agrees = true;
	}
	if (!compared) {
		eval_not_evaluated(ctx, "no endpoint with identity labels "
		    "from a CiliumEndpoint or an agent to compare with its pod");
		return;
	}
	for (j = 0; j < ng; j++) {
		struct finding *f = eval_finding_new(ctx);
		const struct model_endpoint *e0 = &m->endpoints[g[j].eps[0]];
		unsigned shown = 0;
		struct notes nt;

		nt.n = 0;

		for (k = 0; k < g[j].neps; k++) {
			const struct model_endpoint *e =
			    &m->endpoints[g[j].eps[k]];
			struct ep_view v;
			size_t r;

			ep_affected(ctx, f, e);
			finding_subject(ctx, f, "Pod", e->ns, e->pod);
			if (shown >= EP_EVIDENCE_MAX)
				continue;
			shown++;
			finding_evidence(ctx, f, e->src.path, e->src.line,
			    "%s %s identity %u: %s", (e->sources & MSRC_CEP) ?
			    "CiliumEndpoint" : "endpoint", ep_name(ctx, e),
			    e->identity, labels_text(ctx, &e->labels, 8));
			finding_evidence(ctx, f, e->k8s_pod->src.path,
			    e->k8s_pod->src.line, "pod %s now: %s",
			    ep_name(ctx, e), labels_text(ctx,
			    &e->k8s_pod->labels, 8));
			ep_view_get(m, e, &v);
			for (r = 0; r < 2; r++)
				if (v.rec[r] != NULL && v.rec[r]->labels.n > 0)
					notes_add(ctx, f, &nt, v.path[r],
					    v.rec[r]->line, arena_printf(
					    ctx->out->a, "agent on %s: "
					    "endpoint %u identity %u: %s",
					    v.agent->node, v.rec[r]->id,
					    v.rec[r]->identity, labels_text(ctx,
					    &v.rec[r]->labels, 8)));
		}
		notes_flush(ctx, f, &nt);
		if (g[j].agent_agrees)
			f->confidence = 0.6;
		finding_title(ctx, f, "Identity of %zu endpoint%s in %s does "
		    "not follow %s labels (%s)", g[j].neps, g[j].neps == 1 ?
		    "" : "s", g[j].ns != NULL ? g[j].ns : "-", g[j].neps == 1 ?
		    "its pod's" : "their pods'", g[j].diff);
		finding_message(ctx, f, "The identity of %s%s was allocated "
		    "for labels the pod%s no longer %s: %s. Cilium selects "
		    "endpoints by their identity labels, so policies written "
		    "for the new labels do not apply to %s yet, and rules "
		    "matching the old labels still do%s.", ep_name(ctx, e0),
		    g[j].neps > 1 ? arena_printf(ctx->out->a, " and %zu more "
		    "endpoint%s", g[j].neps - 1, g[j].neps > 2 ? "s" : "") :
		    "", g[j].neps > 1 ? "s" : "", g[j].neps > 1 ? "have" :
		    "has", g[j].diff, g[j].neps > 1 ? "them" : "it",
		    g[j].agent_agrees ? ". The agent already has the new "
		    "labels: only the CiliumEndpoint lags, so other nodes still "
		    "map the pod's IP to the old identity" : ": the agent has "
		    "not applied the label change (its pod watcher is behind, "
		    "or allocating the new identity fails)");
		finding_remediation(ctx, f, "Check the agent on %s for pod "
		    "watcher and identity allocation errors and that it is "
		    "connected to the apiserver. Restarting the pod (`kubectl "
		    "delete pod -n %s %s`) gives it an identity from its "
		    "current labels. If the `labels` option of cilium-config "
		    "was changed, only pods restarted afterwards get the new "
		    "identity labels.", e0->node != NULL ? e0->node : "the node",
		    e0->ns != NULL ? e0->ns : "<namespace>", e0->pod != NULL ?
		    e0->pod : "<pod>");
		free(g[j].eps);
	}
	free(g);
}

/* --- EP-STUCK-REGEN --------------------------------------------------- */

static bool
state_stuck(const char *s)
{
	return check_streq(s, "not-ready") || check_streq(s, "regenerating") ||
	    check_streq(s, "waiting-to-regenerate") ||
	    check_streq(s, "disconnecting");
}

/* The agent's policy repository revision, and where it says so. */
static bool
repo_revision(const struct model_agent *a, uint64_t *rev, const char **path,
    unsigned long *line, bool *same_snapshot)
{
	if (a->debuginfo != NULL && a->debuginfo->has_policy &&
	    a->debuginfo->policy.has_revision) {
		*rev = a->debuginfo->policy.revision;
		*path = a->debuginfo->path;
		*line = a->debuginfo->policy.revision_line;
		*same_snapshot = true;
		return true;
	}
	if (a->rules != NULL && a->rules->has_revision) {
		*rev = a->rules->revision;
		*path = a->rules->path;
		*line = a->rules->revision_line;
		*same_snapshot = false;
		return true;
	}
	return false;
}

static const char *const regen_log[] = {
	"Regeneration of endpoint failed",
	"Error while rewriting endpoint BPF program",
	"JoinEP: Failed to compile",
	"Failed to add PolicyMap key",
	"BPF template object creation failed",
	NULL,
};

/* Why the agent says r is unwell (failed log, health, controllers). */
static const char *
record_trouble(struct eval_ctx *ctx, const struct endpoint_record *r)
{
	size_t i;

	if (r->nfailed_log > 0)
		return arena_printf(ctx->out->a, "status log: %s",
		    r->failed_log[0].message != NULL ?
		    r->failed_log[0].message : r->failed_log[0].code);
	for (i = 0; i < r->ncontrollers; i++)
		if (r->controllers[i].consecutive_failures > 0)
			return arena_printf(ctx->out->a, "controller %s "
			    "failing: %s", r->controllers[i].name,
			    r->controllers[i].last_failure_msg != NULL ?
			    r->controllers[i].last_failure_msg : "-");
	if (r->health_overall != NULL && !check_streq(r->health_overall, "OK"))
		return arena_printf(ctx->out->a, "health %s (policy %s, bpf "
		    "%s)", r->health_overall, r->health_policy != NULL ?
		    r->health_policy : "-", r->health_bpf != NULL ?
		    r->health_bpf : "-");
	return NULL;
}

/* One finding for the endpoints of one node. */
static void
regen_node(struct eval_ctx *ctx, const char *node, const size_t *eps,
    size_t neps)
{
	struct model *m = ctx->m;
	const struct model_agent *a = check_agent_of_node(m, node);
	struct finding *f = eval_finding_new(ctx);
	uint64_t rev = 0;
	const char *rev_path = NULL;
	unsigned long rev_line = 0;
	bool have_rev = false, same = false;
	size_t i, k, nlag = 0, nstate = 0, ntrouble = 0;
	unsigned shown = 0, logs_shown = 0;
	unsigned long logs;
	const char *states = NULL;
	struct notes nt;

	nt.n = 0;

	if (a != NULL)
		have_rev = repo_revision(a, &rev, &rev_path, &rev_line, &same);
	finding_subject(ctx, f, "Node", NULL, node != NULL ? node : "-");
	for (i = 0; i < neps; i++) {
		const struct model_endpoint *e = &m->endpoints[eps[i]];
		struct ep_view v;
		const char *why = NULL;
		bool lag = false;

		ep_view_get(m, e, &v);
		for (k = 0; k < 2; k++) {
			if (v.rec[k] == NULL)
				continue;
			if (have_rev && v.rec[k]->has_policy_revision &&
			    v.rec[k]->policy_revision < rev)
				lag = true;
			if (why == NULL)
				why = record_trouble(ctx, v.rec[k]);
		}
		if (lag)
			nlag++;
		if (state_stuck(e->state)) {
			nstate++;
			if (states == NULL)
				states = e->state;
			else if (strcmp(states, e->state) != 0)
				states = "several states";
		}
		if (why != NULL)
			ntrouble++;
		ep_affected(ctx, f, e);
		if (e->pod != NULL)
			finding_subject(ctx, f, "Pod", e->ns, e->pod);
		if (shown >= EP_EVIDENCE_MAX)
			continue;
		shown++;
		if ((e->sources & MSRC_CEP) && state_stuck(e->state))
			finding_evidence(ctx, f, e->src.path, e->src.line,
			    "CiliumEndpoint %s: state %s", ep_name(ctx, e),
			    e->state);
		for (k = 0; k < 2; k++)
			if (v.rec[k] != NULL)
				notes_add(ctx, f, &nt, v.path[k],
				    v.rec[k]->line, arena_printf(ctx->out->a,
				    "agent on %s: endpoint %u (%s) state "
				    "%s%s%s%s%s", node, v.rec[k]->id,
				    ep_name(ctx, e), v.rec[k]->state != NULL ?
				    v.rec[k]->state : "-",
				    v.rec[k]->has_policy_revision ?
				    arena_printf(ctx->out->a, ", policy "
				    "revision %llu", (unsigned long long)
				    v.rec[k]->policy_revision) : "",
				    have_rev && v.rec[k]->has_policy_revision ?
				    arena_printf(ctx->out->a, " of %llu",
				    (unsigned long long)rev) : "",
				    why != NULL ? "; " : "", why != NULL ? why :
				    ""));
	}
	if (nlag > 0 && rev_path != NULL)
		notes_add(ctx, f, &nt, rev_path, rev_line, arena_printf(
		    ctx->out->a, "policy repository revision %llu on %s",
		    (unsigned long long)rev, node));
	notes_flush(ctx, f, &nt);
	logs = log_lines(ctx, f, node, regen_log, &logs_shown);
	f->log_lines = logs;
	/*
	 * A snapshot may catch a regeneration in passing: only a failure,
	 * not-ready or a lag within one debuginfo snapshot is firm.
	 */
	if (logs == 0 && ntrouble == 0) {
		bool only_transient = true;

		for (i = 0; i < neps; i++)
			if (check_streq(m->endpoints[eps[i]].state,
			    "not-ready"))
				only_transient = false;
		if (only_transient)
			f->confidence = nlag > 0 && same ? 0.7 : 0.5;
	}
	finding_title(ctx, f, "%zu endpoint%s on %s %s policy changes%s",
	    neps, neps == 1 ? "" : "s", node != NULL ? node : "-", neps == 1 ?
	    "does not apply" : "do not apply", nstate > 0 ?
	    arena_printf(ctx->out->a, " (%s)", states) : " (policy revision "
	    "behind)");
	finding_message(ctx, f, "On %s, %s%s %s not realized the current "
	    "policy: %zu endpoint%s stuck in %s%s%s. Until the endpoint is "
	    "regenerated, its BPF policy map keeps the previous policy: "
	    "policies added or changed since are not enforced on it, and "
	    "allows removed since still let traffic through.%s%s",
	    node != NULL ? node : "the node", f->affected[0], neps > 1 ?
	    arena_printf(ctx->out->a, " and %zu more endpoint%s", neps - 1,
	    neps > 2 ? "s" : "") : "", neps > 1 ? "have" : "has", nstate,
	    nstate == 1 ? "" : "s", nstate > 0 ? states : "no stuck state",
	    nlag > 0 ? arena_printf(ctx->out->a, ", %zu with a realized "
	    "policy revision below the agent's repository revision %llu",
	    nlag, (unsigned long long)rev) : "", ntrouble > 0 ?
	    arena_printf(ctx->out->a, ", %zu reporting failures", ntrouble) :
	    "", logs > 0 ? arena_printf(ctx->out->a, " The agent logged %lu "
	    "regeneration failure%s.", logs, logs == 1 ? "" : "s") : "",
	    ntrouble == 0 && logs == 0 && nstate > 0 ? " No failure is "
	    "recorded, so the sysdump may have caught a regeneration in "
	    "progress." : "");
	finding_remediation(ctx, f, "Look at the first error of the "
	    "regeneration on %s (`kubectl -n kube-system exec %s -c "
	    "cilium-agent -- cilium-dbg endpoint get %s` status log, the agent "
	    "log around \"Regeneration of endpoint failed\": BPF compile or "
	    "load errors, a full policy map). After fixing it, `cilium-dbg "
	    "endpoint regenerate %s` retries; `cilium-dbg policy wait %s` "
	    "confirms that every endpoint has realized the repository "
	    "revision.", node != NULL ? node : "the node", a != NULL &&
	    a->pod != NULL ? a->pod : "<cilium pod>", m->endpoints[eps[0]].id ?
	    arena_printf(ctx->out->a, "%u", m->endpoints[eps[0]].id) : "<id>",
	    m->endpoints[eps[0]].id ? arena_printf(ctx->out->a, "%u",
	    m->endpoints[eps[0]].id) : "<id>", have_rev ?
	    arena_printf(ctx->out->a, "%llu", (unsigned long long)rev) :
	    "<revision>");
}

void
check_ep_stuck_regen(struct eval_ctx *ctx)
{
	struct model *m = ctx->m;
	size_t *eps = NULL, neps = 0, cap = 0, i, j, k;
	const char **nodes = NULL;
	size_t nnodes = 0, ncap = 0;

	if (!have_endpoint_sources(m)) {
		eval_not_evaluated(ctx, "no CiliumEndpoints and no agent "
		    "endpoint list in the sysdump");
		return;
	}
	for (i = 0; i < m->nendpoints; i++) {
		const struct model_endpoint *e = &m->endpoints[i];
		const struct model_agent *a = check_agent_of_node(m, e->node);
		struct ep_view v;
		uint64_t rev;
		const char *p;
		unsigned long l;
		bool same, stuck = state_stuck(e->state);

		ep_view_get(m, e, &v);
		/* Without an identity it cannot regenerate: EP-STUCK-IDENTITY. */
		if (ep_stuck_identity(e) || (v.rec[0] != NULL &&
		    record_stuck_identity(v.rec[0])) || (v.rec[1] != NULL &&
		    record_stuck_identity(v.rec[1])))
			continue;
		if (!stuck && a != NULL && repo_revision(a, &rev, &p, &l,
		    &same))
			for (k = 0; k < 2; k++)
				if (v.rec[k] != NULL &&
				    v.rec[k]->has_policy_revision &&
				    v.rec[k]->policy_revision < rev)
					stuck = true;
		if (!stuck)
			continue;
		eps = xgrow(eps, &cap, neps + 1, sizeof(*eps));
		eps[neps++] = i;
		for (j = 0; j < nnodes; j++)
			if (check_streq(nodes[j], e->node) ||
			    (nodes[j] == NULL && e->node == NULL))
				break;
		if (j == nnodes) {
			nodes = xgrow(nodes, &ncap, nnodes + 1, sizeof(*nodes));
			nodes[nnodes++] = e->node;
		}
	}
	/* One finding per node: each agent regenerates its own endpoints. */
	for (j = 0; j < nnodes; j++) {
		size_t *mine = xcalloc(neps, sizeof(*mine)), n = 0;

		for (i = 0; i < neps; i++) {
			const char *nd = m->endpoints[eps[i]].node;

			if (check_streq(nd, nodes[j]) || (nd == NULL &&
			    nodes[j] == NULL))
				mine[n++] = eps[i];
		}
		regen_node(ctx, nodes[j], mine, n);
		free(mine);
	}
	free(eps);
	free(nodes);
}
