/*
 * check_mesh.c: built-in checks on policies in a Cluster Mesh.
 *
 * Both checks first gather what says this cluster is meshed (mesh_collect):
 * a non-zero `cluster-id`, Helm's clustermesh settings, the
 * clustermesh-apiserver objects, the agents' `ClusterMesh: N/M remote
 * clusters ready` status line, and, strongest, identities and flows of
 * pods whose `io.cilium.k8s.policy.cluster` label names another cluster.
 * A cluster with none of that is not meshed and gets no finding.
 *
 * check_cluster_entity_mesh (CLUSTER-ENTITY-MESH): the `cluster` entity is
 * built at runtime by InitEntities(clusterName) as the reserved
 * identities plus `k8s:io.cilium.k8s.policy.cluster=<local cluster>`
 * (pkg/policy/api/entity.go; policy-semantics.md C.1, C.3).  Pods of the
 * other clusters of the mesh are not in it (their nodes are, through
 * remote-node), so `fromEntities/toEntities: [cluster]` never admits
 * them.  How sure the finding is depends on the evidence: drops of
 * remote-cluster pods at the policy's endpoints (medium), remote clusters
 * connected but no such drop (low), a mesh only configured (info).
 *
 * check_mesh_local_default_119 (MESH-LOCAL-DEFAULT-119): with
 * `policy-default-local-cluster` in force (on by default from 1.19, an
 * option from 1.18), the agent adds `io.cilium.k8s.policy.cluster=<local>`
 * to every peer selector that names no cluster key (addClusterFilterByDefault
 * in pkg/k8s/apis/cilium.io/utils/utils.go; isPodSelectorSelectingCluster
 * in pkg/k8s/network_policy.go for NetworkPolicies; C.3).  The model's
 * policy normalization already applies that filter (model.c, policy.c):
 * a selector whose normalized form has the cluster key while its written
 * form has none got it.  The finding is about such selectors that would
 * otherwise match identities of pods in other clusters: cross-cluster
 * allows (or denies) that silently stopped applying.  A selector that
 * picks pods by namespace only matches remote pods incidentally and is
 * reported only with drops of them; the option does not exist before
 * 1.18, and an unknown version leaves the rule not evaluated.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "check_util.h"
#include "checks.h"
#include "eval.h"
#include "eval_flow.h"
#include "model.h"
#include "policy.h"
#include "xalloc.h"

#define CLUSTER_KEY	"io.cilium.k8s.policy.cluster"
#define NS_KEY		"io.kubernetes.pod.namespace"
/* Evidence lines the mesh facts add to a finding at most. */
#define MESH_EVIDENCE	4
/* Names listed in a message before "and N more". */
#define LIST_MAX	5

/* One fact saying the cluster is meshed. */
struct mesh_fact {
	const char	*path;		/* archive member, or NULL */
	unsigned long	 line;
	const char	*excerpt;	/* for the evidence */
	const char	*what;		/* for the message */
};

/* What the sysdump says about the mesh (see mesh_collect). */
struct mesh {
	bool			 configured;	/* set up for a mesh */
	bool			 remote;	/* other clusters known */
	struct mesh_fact	*facts;
	size_t			 nfacts;
	size_t			 facts_cap;
	const char		**names;	/* remote clusters, sorted */
	size_t			 nnames;
	size_t			 names_cap;
	uint32_t		*ids;		/* remote pod identities */
	size_t			 nids;
	size_t			 ids_cap;
};

static void
mesh_release(struct mesh *x)
{
	free(x->facts);
	free(x->names);
	free(x->ids);
	memset(x, 0, sizeof(*x));
}

static void
mesh_fact(struct eval_ctx *ctx, struct mesh *x, const char *path,
    unsigned long line, const char *excerpt, const char *what)
{
	struct mesh_fact *f;

	x->facts = xgrow(x->facts, &x->facts_cap, x->nfacts + 1,
	    sizeof(*x->facts));
	f = &x->facts[x->nfacts++];
	f->path = path;
	f->line = line;
	f->excerpt = arena_strdup(ctx->out->a, excerpt);
	f->what = arena_strdup(ctx->out->a, what);
}

/* Record a remote cluster's name (not the local one), sorted, unique. */
static void
mesh_name(struct eval_ctx *ctx, struct mesh *x, const char *name)
{
	size_t i;
	int c = 1;

	if (name == NULL || *name == '\0' || strcmp(name, ctx->m->cluster) == 0)
		return;
	for (i = 0; i < x->nnames; i++)
		if ((c = strcmp(x->names[i], name)) >= 0)
			break;
	if (i < x->nnames && c == 0)
		return;
	x->names = xgrow(x->names, &x->names_cap, x->nnames + 1,
	    sizeof(*x->names));
	memmove(x->names + i + 1, x->names + i,
	    (x->nnames - i) * sizeof(*x->names));
	x->names[i] = arena_strdup(ctx->out->a, name);
	x->nnames++;
	x->remote = true;
}

/* The first member of a kind whose path holds `part` (or any), or NULL. */
static const char *
artifact_path(const struct model *m, enum artifact_kind kind,
    const char *part)
{
	size_t i;

	for (i = 0; i < m->inv.nartifacts; i++) {
		const struct inventory_artifact *a = &m->inv.artifacts[i];

		if (a->kind == kind && (part == NULL ||
		    strstr(a->path, part) != NULL))
			return a->path;
	}
	return NULL;
}

/* "k8s:app=x, k8s:io.kubernetes.pod.namespace=y": the labels, shortened. */
static const char *
labels_text(struct eval_ctx *ctx, const struct labelset *ls)
{
	struct buf b = BUF_INIT;
	const char *r;
	size_t i, n = 0;

	for (i = 0; i < ls->n; i++) {
		const struct label *l = &ls->v[i];

		/* Namespace labels repeat what the namespace says. */
		if (strncmp(l->key, "io.cilium.k8s.namespace.labels.",
		    strlen("io.cilium.k8s.namespace.labels.")) == 0)
			continue;
		if (n++ > 0)
			buf_addstr(&b, ", ");
		label_format(&b, l);
	}
	r = arena_strdup(ctx->out->a, b.ptr != NULL ? b.ptr : "");
	buf_release(&b);
	return r;
}

/* The agents' `ClusterMesh: R/T remote clusters ready` lines. */
static void
mesh_from_status(struct eval_ctx *ctx, struct mesh *x)
{
	struct model *m = ctx->m;
	size_t i, j, k, cited = 0;

	for (i = 0; i < m->nagents; i++) {
		const struct status_result *st = model_agent_status(&m->agents[i]);

		if (st == NULL)
			continue;
		for (j = 0; j < st->npairs; j++) {
			const struct status_pair *p = &st->pairs[j];
			unsigned long ready, total;
			char *end;

			if (strcmp(p->key, "ClusterMesh") != 0)
				continue;
			ready = strtoul(p->value, &end, 10);
			if (*end != '/')
				continue;
			total = strtoul(end + 1, &end, 10);
			/* 0/0: the agent runs the mesh code, no peer. */
			if (total == 0 || strncmp(end, " remote cluster", 15) != 0)
				continue;
			x->configured = x->remote = true;
			if (cited++ < 2) {
				char *w = arena_printf(ctx->out->a, "the agent "
				    "on %s reports %lu/%lu remote clusters ready",
				    m->agents[i].node != NULL ? m->agents[i].node :
				    "?", ready, total);

				mesh_fact(ctx, x, st->path, p->line, arena_printf(
				    ctx->out->a, "ClusterMesh: %s", p->value), w);
			}
			/* "   c2: ready, 3 nodes, ..." per remote cluster. */
			for (k = 0; k < p->nsub; k++) {
				const char *t = p->sub[k].text, *c = strchr(t, ':');
				char *name;

				if (c == NULL || c == t || (strncmp(c, ": ready",
				    7) != 0 && strncmp(c, ": not-ready", 11) != 0))
					continue;
				name = arena_strndup(ctx->out->a, t,
				    (size_t)(c - t));
				if (strchr(name, ' ') == NULL)
					mesh_name(ctx, x, name);
			}
		}
	}
}

/* Helm's clustermesh settings. */
static void
mesh_from_helm(struct eval_ctx *ctx, struct mesh *x)
{
	struct model *m = ctx->m;
	const char *path = artifact_path(m, ART_CILIUM_HELM_VALUES, NULL);
	json_t *v, *e;
	struct buf b = BUF_INIT;
	size_t i, before = x->nnames;

	v = model_helm_value(m, "clustermesh.useAPIServer");
	if (json_is_true(v)) {
		x->configured = true;
		mesh_fact(ctx, x, path, 0, "clustermesh.useAPIServer: true",
		    "Helm deploys the clustermesh-apiserver");
	}
	if (!json_is_true(model_helm_value(m, "clustermesh.config.enabled")))
		return;
	v = model_helm_value(m, "clustermesh.config.clusters");
	json_array_foreach(v, i, e) {
		const char *name = json_string_value(json_object_get(e,
		    "name"));

		if (name == NULL)
			continue;
		buf_addf(&b, "%s%s", b.len > 0 ? ", " : "", name);
		mesh_name(ctx, x, name);
	}
	if (x->nnames > before) {
		x->configured = true;
		mesh_fact(ctx, x, path, 0, arena_printf(ctx->out->a,
		    "clustermesh.config.clusters: [%s]", b.ptr),
		    arena_printf(ctx->out->a, "Helm connects it to %s",
		    b.ptr));
	}
	buf_release(&b);
}

/* Identities of pods of another cluster, and flows from or to them. */
static void
mesh_from_identities(struct eval_ctx *ctx, struct mesh *x)
{
	struct model *m = ctx->m;
	size_t i, j, cited = 0;
	int k;

	for (i = 0; i < m->nidentities; i++) {
		const struct model_identity *mi = &m->identities[i];
		const char *c = labelset_get(&mi->labels, "k8s", CLUSTER_KEY);

		if (c == NULL || strcmp(c, m->cluster) == 0 ||
		    !labelset_has(&mi->labels, "k8s", NS_KEY))
			continue;
		x->ids = xgrow(x->ids, &x->ids_cap, x->nids + 1,
		    sizeof(*x->ids));
		x->ids[x->nids++] = mi->id;
		mesh_name(ctx, x, c);
		if (cited++ < 2 && mi->src.path != NULL)
			mesh_fact(ctx, x, mi->src.path, mi->src.line,
			    arena_printf(ctx->out->a, "identity %lu: %s",
			    (unsigned long)mi->id, labels_text(ctx,
			    &mi->labels)), arena_printf(ctx->out->a,
			    "identity %lu belongs to a pod of cluster %s",
			    (unsigned long)mi->id, c));
	}
	cited = 0;
	for (i = 0; i < m->nflow_files; i++) {
		const struct flow_result *r = &m->flow_files[i].r;

		for (j = 0; j < r->nflows; j++) {
			const struct flow_endpoint *ends[2] = {
				&r->flows[j].src, &r->flows[j].dst,
			};

			for (k = 0; k < 2; k++) {
				const char *c = ends[k]->cluster_name;

				if (c == NULL || *c == '\0' ||
				    strcmp(c, m->cluster) == 0)
					continue;
				mesh_name(ctx, x, c);
				if (cited++ == 0)
					mesh_fact(ctx, x, r->path,
					    r->flows[j].line,
					    eval_flow_text(ctx, &r->flows[j]),
					    arena_printf(ctx->out->a, "Hubble "
					    "saw traffic of cluster %s", c));
			}
		}
	}
}

/*
 * Gather what says the cluster is meshed into *x (zeroed first):
 * x->configured when it is set up for it, x->remote when other clusters
 * are known by name (status, Helm, identities, flows).
 */
static void
mesh_collect(struct eval_ctx *ctx, struct mesh *x)
{
	struct model *m = ctx->m;
	const struct kv *kv;
	const char *path;

	memset(x, 0, sizeof(*x));
	kv = check_config_kv(m, "cluster-id");
	if (kv != NULL && strtoul(kv->value, NULL, 10) != 0) {
		x->configured = true;
		mesh_fact(ctx, x, m->config->src.path, kv->line,
		    arena_printf(ctx->out->a, "cluster-id: \"%s\"", kv->value),
		    arena_printf(ctx->out->a, "cilium-config sets cluster-id "
		    "%s (cluster %s)", kv->value, m->cluster));
	}
	path = artifact_path(m, ART_CLUSTERMESH_OBJECTS,
	    "clustermesh-apiserver-deployment");
	if (path == NULL)
		path = artifact_path(m, ART_CLUSTERMESH_LOG, NULL);
	if (path != NULL) {
		x->configured = true;
		mesh_fact(ctx, x, path, 0, "the clustermesh-apiserver is "
		    "deployed", "the clustermesh-apiserver is deployed");
	}
	mesh_from_helm(ctx, x);
	mesh_from_status(ctx, x);
	mesh_from_identities(ctx, x);
}

/* "c2, c3": the remote clusters' names, or `none` when unknown. */
static const char *
mesh_names_text(struct eval_ctx *ctx, const struct mesh *x,
    const char *none)
{
	struct buf b = BUF_INIT;
	const char *r;
	size_t i;

	for (i = 0; i < x->nnames; i++)
		buf_addf(&b, "%s%s", i ? ", " : "", x->names[i]);
	r = x->nnames > 0 ? arena_strdup(ctx->out->a, b.ptr) : none;
	buf_release(&b);
	return r;
}

/* "cilium-config sets ...; the agent on n1 reports ...". */
static const char *
mesh_summary(struct eval_ctx *ctx, const struct mesh *x)
{
	struct buf b = BUF_INIT;
	const char *r;
	size_t i;

	for (i = 0; i < x->nfacts; i++)
		buf_addf(&b, "%s%s", i ? "; " : "", x->facts[i].what);
	r = arena_strdup(ctx->out->a, b.ptr != NULL ? b.ptr : "");
	buf_release(&b);
	return r;
}

/* The mesh facts as evidence, the strongest (last gathered) first. */
static void
mesh_evidence(struct eval_ctx *ctx, struct finding *f, const struct mesh *x)
{
	size_t i, n = 0;

	for (i = x->nfacts; i-- > 0 && n < MESH_EVIDENCE;) {
		size_t before = f->nevidence;

		if (x->facts[i].path == NULL)
			continue;
		/* A place already cited (a drop's flow line) is not repeated. */
		finding_evidence(ctx, f, x->facts[i].path, x->facts[i].line,
		    "%s", x->facts[i].excerpt);
		n += f->nevidence > before;
	}
}

/* "ingress[1]" (with "specs[k]." when the policy has specs). */
static const char *
elem_place(struct eval_ctx *ctx, const struct policy *p, size_t ri,
    const struct policy_elem *e)
{
	const struct policy_rule *r = &p->rules[ri];
	size_t i, n = 0;

	for (i = 0; &r->elems[i] != e; i++)
		if (r->elems[i].dir == e->dir && r->elems[i].deny == e->deny)
			n++;
	if (p->has_specs)
		return arena_printf(ctx->out->a, "specs[%zu].%s%s[%zu]", ri,
		    e->dir == DIR_INGRESS ? "ingress" : "egress",
		    e->deny ? "Deny" : "", n);
	return arena_printf(ctx->out->a, "%s%s[%zu]", e->dir == DIR_INGRESS ?
	    "ingress" : "egress", e->deny ? "Deny" : "", n);
}

/* "toPorts: [{ports: [{port: \"8080\", protocol: TCP}]}]", or "". */
static const char *
ports_yaml(struct eval_ctx *ctx, const struct policy_elem *e,
    const char *indent)
{
	struct buf b = BUF_INIT;
	const char *r;
	size_t i, j, n = 0;

	for (i = 0; i < e->nto_ports; i++)
		for (j = 0; j < e->to_ports[i].nports; j++) {
			const struct policy_port *pp = &e->to_ports[i].ports[j];

			buf_addstr(&b, n++ ? ", " : "");
			if (pp->name != NULL)
				buf_addf(&b, "{port: \"%s\"", pp->name);
			else
				buf_addf(&b, "{port: \"%lu\"",
				    (unsigned long)pp->port);
			if (pp->end_port != 0)
				buf_addf(&b, ", endPort: %lu",
				    (unsigned long)pp->end_port);
			buf_addf(&b, ", protocol: %s}", pp->protocol != NULL ?
			    pp->protocol : "ANY");
		}
	r = n > 0 ? arena_printf(ctx->out->a, "%stoPorts: [{ports: [%s]}]\n",
	    indent, b.ptr) : "";
	buf_release(&b);
	return r;
}

/* Does the flow's destination port fall under the element's ports? */
static bool
ports_match(const struct policy_elem *e, const struct flow_record *fr)
{
	size_t i, j;

	if (e->nto_ports == 0)
		return true;
	for (i = 0; i < e->nto_ports; i++) {
		if (e->to_ports[i].nports == 0)
			return true;
		for (j = 0; j < e->to_ports[i].nports; j++) {
			const struct policy_port *pp = &e->to_ports[i].ports[j];
			uint32_t hi = pp->end_port ? pp->end_port : pp->port;

			if (pp->protocol != NULL &&
			    strcmp(pp->protocol, "ANY") != 0 &&
			    strcmp(pp->protocol, flow_l4_name(fr->l4)) != 0)
				continue;
			/* A named port cannot be resolved here: count it. */
			if (pp->port == 0 || (fr->dst_port >= pp->port &&
			    fr->dst_port <= hi))
				return true;
		}
	}
	return false;
}

/* The flow test of both checks: the element's ports, a remote peer. */
struct flow_arg {
	const struct policy_elem	*e;
	const struct mesh		*x;
	const char			*local;		/* local cluster */
	bool				 remote_peer;	/* test the peer */
};

static bool
flow_pred(const struct flow_record *fr, void *arg)
{
	const struct flow_arg *a = arg;
	const struct flow_endpoint *peer = fr->direction == FLOW_DIR_EGRESS ?
	    &fr->dst : &fr->src;

	if (!ports_match(a->e, fr))
		return false;
	if (!a->remote_peer)
		return true;
	if (peer->cluster_name != NULL && *peer->cluster_name != '\0')
		return strcmp(peer->cluster_name, a->local) != 0;
	return check_id_in(peer->identity, a->x->ids, a->x->nids);
}

/*
 * The identities of the endpoints a rule selects (heap, *np of them) and,
 * with f, those endpoints as affected.
 */
static uint32_t *
subject_ids(struct eval_ctx *ctx, struct finding *f,
    const struct policy_rule *r, size_t *np)
{
	struct model *m = ctx->m;
	const size_t *idx;
	uint32_t *ids = NULL;
	size_t n, i, k = 0, cap = 0;

	*np = 0;
	idx = check_rule_endpoints(m, r, &n);
	for (i = 0; i < n; i++) {
		const struct model_endpoint *ep = &m->endpoints[idx[i]];

		if (f != NULL && ep->pod != NULL)
			finding_affected(ctx, f, ep->ns, ep->pod);
		if (ep->identity == 0 || check_id_in(ep->identity, ids, k))
			continue;
		ids = xgrow(ids, &cap, k + 1, sizeof(*ids));
		ids[k++] = ep->identity;
	}
	*np = k;
	return ids;
}

/* The affected list as "a, b, c and N more". */
static const char *
affected_text(struct eval_ctx *ctx, const struct finding *f)
{
	struct buf b = BUF_INIT;
	const char *r;
	size_t i;

	for (i = 0; i < f->naffected && i < LIST_MAX; i++)
		buf_addf(&b, "%s%s", i ? ", " : "", f->affected[i]);
	if (f->naffected > LIST_MAX)
		buf_addf(&b, " and %zu more", f->naffected - LIST_MAX);
	r = arena_strdup(ctx->out->a, f->naffected > 0 ? b.ptr : "no endpoint "
	    "in this snapshot");
	buf_release(&b);
	return r;
}

/* --- CLUSTER-ENTITY-MESH --------------------------------------------- */

/*
 * Does the policy already reach other clusters in this direction: the
 * `all` entity, or a peer selector that names the cluster key?
 */
static bool
reaches_clusters(const struct policy *p, enum policy_dir dir)
{
	size_t i, j, k;

	for (i = 0; i < p->nrules; i++)
		for (j = 0; j < p->rules[i].nelems; j++) {
			const struct policy_elem *e = &p->rules[i].elems[j];

			if (e->dir != dir || e->deny)
				continue;
			if (check_elem_has_entity(e, "all"))
				return true;
			for (k = 0; k < e->nendpoints; k++)
				if (selector_has_key(&e->endpoints_raw[k],
				    CLUSTER_KEY, "k8s"))
					return true;
		}
	return false;
}

/* One policy's `cluster` entity elements: a finding, or none. */
static void
entity_policy(struct eval_ctx *ctx, const struct mesh *x,
    const struct policy *p)
{
	struct model *m = ctx->m;
	struct finding *f = NULL;
	struct buf places = BUF_INIT, fix = BUF_INIT;
	unsigned long drops = 0;
	size_t i, j;
	bool dirs[2] = { false, false };
	const char *remote = mesh_names_text(ctx, x, "the other clusters");
	const char *values = mesh_names_text(ctx, x, "<remote-cluster>");

	for (i = 0; i < p->nrules; i++) {
		const struct policy_rule *r = &p->rules[i];

		for (j = 0; j < r->nelems; j++) {
			const struct policy_elem *e = &r->elems[j];
			struct flow_arg fa = { e, x, m->cluster, true };
			struct eval_flow_query q;
			const char *place, *field;
			uint32_t *ids;
			size_t nids;

			if (e->deny || !check_elem_has_entity(e, "cluster") ||
			    check_elem_has_entity(e, "all") ||
			    reaches_clusters(p, e->dir))
				continue;
			if (f == NULL) {
				f = eval_finding_new(ctx);
				f->cause = eval_policy_cause(ctx, p);
				check_policy_subject(ctx, f, p);
			}
			dirs[e->dir] = true;
			place = elem_place(ctx, p, i, e);
			field = e->dir == DIR_INGRESS ? "fromEntities" :
			    "toEntities";
			buf_addf(&places, "%s%s %s: [cluster] on %s",
			    places.len > 0 ? "; " : "", place, field,
			    check_ports_str(ctx, e, "all ports", "any port",
			    CHECK_PORT_RANGE_SET));
			finding_evidence(ctx, f, p->src.path, e->line,
			    "%s: %s: [cluster] (%s)", place, field,
			    check_ports_str(ctx, e, "all ports", "any port",
			    CHECK_PORT_RANGE_SET));
			ids = subject_ids(ctx, f, r, &nids);
			if (nids > 0 && eval_flow_total(m) > 0) {
				memset(&q, 0, sizeof(q));
				q.dir = e->dir == DIR_INGRESS ?
				    FLOW_DIR_INGRESS : FLOW_DIR_EGRESS;
				q.local_ids = ids;
				q.nlocal_ids = nids;
				q.pred = flow_pred;
				q.arg = &fa;
				drops += eval_flow_drops(ctx, f, &q,
				    EVAL_FLOW_EVIDENCE);
				eval_flow_forwarded(ctx, f, &q, 2);
			}
			free(ids);
			buf_addf(&fix, "  %s:\n  - %s: [cluster]\n%s"
			    "  - %s:\n"
			    "    - matchExpressions:\n"
			    "      - {key: %s, operator: In, values: [%s]}\n"
			    "      - {key: %s, operator: Exists}\n%s",
			    e->dir == DIR_INGRESS ? "ingress" : "egress", field,
			    ports_yaml(ctx, e, "    "), e->dir == DIR_INGRESS ?
			    "fromEndpoints" : "toEndpoints", CLUSTER_KEY, values,
			    NS_KEY, ports_yaml(ctx, e, "    "));
		}
	}
	if (f == NULL)
		goto out;
	mesh_evidence(ctx, f, x);
	if (drops > 0) {
		f->confidence = 0.85;
	} else if (x->remote) {
		f->severity = SEV_LOW;
		f->confidence = 0.5;
	} else {
		f->severity = SEV_INFO;
		f->confidence = 0.3;
	}
	finding_title(ctx, f, "%s relies on the cluster entity, which admits "
	    "no pod of %s", check_policy_ref(ctx, p), x->nnames > 0 ? remote :
	    "the other meshed clusters");
	finding_message(ctx, f, "%s uses the cluster entity (%s) for %s. "
	    "Cilium builds that entity from the local cluster's name only: "
	    "the reserved host, remote-node, init, health, unmanaged, ingress "
	    "and kube-apiserver identities plus the pods labelled "
	    "k8s:%s=%s. Pods of the other clusters of the mesh (%s) are not "
	    "in it, although their nodes are (remote-node), so this rule "
	    "never %s them. The cluster is meshed: %s.%s",
	    check_policy_ref(ctx, p), places.ptr, affected_text(ctx, f),
	    CLUSTER_KEY, m->cluster, remote, dirs[DIR_INGRESS] &&
	    dirs[DIR_EGRESS] ? "admits or reaches" : dirs[DIR_INGRESS] ?
	    "admits" : "reaches", mesh_summary(ctx, x),
	    drops > 0 ? arena_printf(ctx->out->a, " %s shows %lu "
	    "packet%s from or to pods of another cluster dropped by policy "
	    "at these endpoints on the rule's ports.",
	    eval_flow_recorded_by(ctx, f->drop_sources), drops,
	    drops == 1 ? "" : "s") : x->remote ? " No dropped flow of a "
	    "remote-cluster pod was seen at these endpoints, so the rule may "
	    "only be meant for the local cluster." : " No remote cluster "
	    "is connected in this snapshot; this matters once one is.");
	finding_remediation(ctx, f, "If %s must admit pods of %s, keep the "
	    "cluster entity for the local cluster and the nodes, and add a "
	    "rule element that selects the remote pods by their cluster "
	    "label, with the same ports (narrow the namespace and labels to "
	    "the intended peers):\n\n%s\nThe `all` entity would also work but "
	    "admits the world as well.", check_policy_ref(ctx, p), remote,
	    fix.ptr);
out:
	buf_release(&places);
	buf_release(&fix);
}

void
check_cluster_entity_mesh(struct eval_ctx *ctx)
{
	struct model *m = ctx->m;
	struct mesh x;
	size_t i;

	if (m->npolicies == 0)
		return;
	mesh_collect(ctx, &x);
	/* A single cluster: the entity means what it says. */
	if (x.configured || x.remote)
		for (i = 0; i < m->npolicies; i++)
			if (m->policies[i].kind != POLICY_KNP)
				entity_policy(ctx, &x, &m->policies[i]);
	mesh_release(&x);
}

/* --- MESH-LOCAL-DEFAULT-119 ------------------------------------------ */

/* One peer selector that lost its remote peers. */
struct lost {
	size_t			 rule;
	const struct policy_elem *e;
	const struct selector	*raw;
	uint32_t		*ids;		/* remote identities it matched */
	size_t			 nids;
	size_t			 nlocal;	/* local endpoints it matches */
};

/*
 * The remote pod identities that the selector would match without the
 * local-cluster filter: the normalized selector with its cluster
 * requirement widened to `Exists` (heap, *np of them).
 */
static uint32_t *
lost_ids(struct eval_ctx *ctx, const struct mesh *x,
    const struct selector *norm, size_t *np)
{
	struct model *m = ctx->m;
	struct selector wide;
	const struct model_identity *mi;
	uint32_t *ids = NULL;
	size_t i, k = 0, cap = 0;

	*np = 0;
	selector_with_req(m->a, m->st, norm, "k8s", CLUSTER_KEY, SEL_EXISTS,
	    NULL, true, &wide);
	for (i = 0; i < x->nids; i++) {
		if ((mi = model_identity_find(m, x->ids[i])) == NULL ||
		    !selector_matches(&wide, &mi->labels))
			continue;
		ids = xgrow(ids, &cap, k + 1, sizeof(*ids));
		ids[k++] = x->ids[i];
	}
	*np = k;
	return ids;
}

/*
 * The written selector as YAML lines at `indent`, plus the cluster key
 * with `values`: matchLabels as written, then matchExpressions.  Keys keep
 * a source prefix other than any: (a NetworkPolicy has none).
 */
static void
selector_yaml(struct buf *b, const struct selector *raw, bool knp,
    const char *values, const char *indent)
{
	size_t i, j, nl = 0;

	for (i = 0; i < raw->n; i++) {
		const struct sel_req *q = &raw->reqs[i];
		bool bare = knp || label_source_is_any(q->source);

		if (!q->from_match_labels || q->nvalues != 1)
			continue;
		if (nl++ == 0)
			buf_addf(b, "%smatchLabels:\n", indent);
		buf_addf(b, "%s  %s%s%s: %s\n", indent, bare ? "" : q->source,
		    bare ? "" : ":", q->key, q->values[0]);
	}
	buf_addf(b, "%smatchExpressions:\n", indent);
	for (i = 0; i < raw->n; i++) {
		const struct sel_req *q = &raw->reqs[i];
		bool bare = knp || label_source_is_any(q->source);

		if (q->from_match_labels && q->nvalues == 1)
			continue;
		buf_addf(b, "%s- {key: %s%s%s, operator: %s", indent,
		    bare ? "" : q->source, bare ? "" : ":", q->key,
		    sel_op_name(q->op));
		for (j = 0; j < q->nvalues; j++)
			buf_addf(b, "%s%s", j ? ", " : ", values: [",
			    q->values[j]);
		buf_addstr(b, q->nvalues ? "]}\n" : "}\n");
	}
	buf_addf(b, "%s- {key: %s, operator: In, values: [%s]}\n", indent,
	    CLUSTER_KEY, values);
}

/*
 * Does the written selector pick pods by their own labels, beyond the
 * namespace (`{}`, a namespace or namespace labels match every pod there,
 * in every cluster alike, so a remote match says nothing of intent)?
 */
static bool
selector_specific(const struct selector *raw)
{
	size_t i;

	for (i = 0; i < raw->n; i++)
		if (strcmp(raw->reqs[i].key, NS_KEY) != 0 &&
		    strncmp(raw->reqs[i].key, "io.cilium.k8s.namespace.labels.",
		    strlen("io.cilium.k8s.namespace.labels.")) != 0)
			return true;
	return false;
}

/*
 * Count (f NULL) or add to f the selector's lost flows: drops of the
 * remote identities at the rule's endpoints on its ports, and forwarded
 * ones against it.
 */
static unsigned long
lost_flows(struct eval_ctx *ctx, struct finding *f, const struct mesh *x,
    const struct policy *p, const struct lost *l)
{
	struct flow_arg fa = { l->e, x, ctx->m->cluster, false };
	struct eval_flow_query q;
	unsigned long n = 0;
	uint32_t *ids;
	size_t nids;

	ids = subject_ids(ctx, NULL, &p->rules[l->rule], &nids);
	if (nids > 0 && !l->e->deny && eval_flow_total(ctx->m) > 0) {
		memset(&q, 0, sizeof(q));
		q.dir = l->e->dir == DIR_INGRESS ? FLOW_DIR_INGRESS :
		    FLOW_DIR_EGRESS;
		q.local_ids = ids;
		q.nlocal_ids = nids;
		q.peer_ids = l->ids;
		q.npeer_ids = l->nids;
		q.pred = flow_pred;
		q.arg = &fa;
		n = eval_flow_drops(ctx, f, &q, f != NULL ?
		    EVAL_FLOW_EVIDENCE : 0);
		if (f != NULL)
			eval_flow_forwarded(ctx, f, &q, 2);
	}
	free(ids);
	return n;
}

/* "131172 (c2: k8s:app=client, ...)" for the first few identities. */
static const char *
ids_text(struct eval_ctx *ctx, const struct lost *v, size_t n)
{
	struct buf b = BUF_INIT;
	const struct model_identity *mi;
	const char *r;
	size_t i, j, k = 0, total = 0;

	for (i = 0; i < n; i++)
		for (j = 0; j < v[i].nids; j++, total++) {
			if (k >= 3 || (mi = model_identity_find(ctx->m,
			    v[i].ids[j])) == NULL)
				continue;
			buf_addf(&b, "%s%lu (%s)", k++ ? ", " : "",
			    (unsigned long)mi->id, labels_text(ctx,
			    &mi->labels));
		}
	if (total > k)
		buf_addf(&b, " and %zu more", total - k);
	r = arena_strdup(ctx->out->a, b.ptr != NULL ? b.ptr : "");
	buf_release(&b);
	return r;
}

/* One policy's selectors that lost their remote peers: a finding. */
static void
local_default_policy(struct eval_ctx *ctx, const struct mesh *x,
    const struct policy *p, const struct kv *kv, const char *why)
{
	struct model *m = ctx->m;
	struct lost *v = NULL;
	size_t nv = 0, cap = 0, i, j, k, remote_only = 0;
	struct finding *f;
	struct buf list = BUF_INIT, fix = BUF_INIT;
	unsigned long drops = 0;
	bool deny = false, allow = false;
	const char *values, *remote = mesh_names_text(ctx, x,
	    "other clusters");

	for (i = 0; i < p->nrules; i++)
		for (j = 0; j < p->rules[i].nelems; j++) {
			const struct policy_elem *e = &p->rules[i].elems[j];

			for (k = 0; k < e->nendpoints; k++) {
				const struct selector *raw = &e->endpoints_raw[k];
				const struct selector *norm = &e->endpoints[k];
				struct lost l;

				/* Only selectors the agent filters (C.3). */
				if (selector_has_source(raw, "reserved") ||
				    selector_has_key(raw, CLUSTER_KEY, "k8s") ||
				    !selector_has_key(norm, CLUSTER_KEY, "k8s"))
					continue;
				memset(&l, 0, sizeof(l));
				l.ids = lost_ids(ctx, x, norm, &l.nids);
				if (l.nids == 0) {
					free(l.ids);
					continue;
				}
				l.rule = i;
				l.e = e;
				l.raw = raw;
				/* A broad selector needs drops to show intent. */
				if (!selector_specific(raw) &&
				    lost_flows(ctx, NULL, x, p, &l) == 0) {
					free(l.ids);
					continue;
				}
				model_selector_endpoints(m, norm, &l.nlocal);
				v = xgrow(v, &cap, nv + 1, sizeof(*v));
				v[nv++] = l;
			}
		}
	if (nv == 0)
		return;
	values = arena_printf(ctx->out->a, "%s, %s", m->cluster,
	    mesh_names_text(ctx, x, "<remote-cluster>"));
	f = eval_finding_new(ctx);
	f->cause = eval_policy_cause(ctx, p);
	check_policy_subject(ctx, f, p);
	for (i = 0; i < nv; i++) {
		const struct lost *l = &v[i];
		const char *place = elem_place(ctx, p, l->rule, l->e);
		const char *field = p->kind == POLICY_KNP ? (l->e->dir ==
		    DIR_INGRESS ? "from.podSelector" : "to.podSelector") :
		    l->e->dir == DIR_INGRESS ? "fromEndpoints" : "toEndpoints";
		struct src s = { p->src.path, l->raw->line ? l->raw->line :
		    l->e->line };

		deny = deny || l->e->deny;
		allow = allow || !l->e->deny;
		remote_only += l->nlocal == 0;
		free(subject_ids(ctx, f, &p->rules[l->rule], &j));
		buf_addf(&list, "%s%s %s %s (%zu remote identit%s, %zu local "
		    "endpoint%s)", i ? "; " : "", place, field, l->raw->text,
		    l->nids, l->nids == 1 ? "y" : "ies", l->nlocal,
		    l->nlocal == 1 ? "" : "s");
		finding_evidence_src(ctx, f, &s, "%s: %s %s", place, field,
		    l->raw->text);
		drops += lost_flows(ctx, f, x, p, l);
		buf_addf(&fix, "  # %s, line %lu\n", place, s.line);
		if (p->kind == POLICY_KNP) {
			buf_addstr(&fix, "  - podSelector:\n");
			selector_yaml(&fix, l->raw, true, values, "      ");
		} else {
			/* "    - " opens the selector's list item. */
			size_t at;

			buf_addf(&fix, "  - %s:\n", field);
			at = fix.len;
			selector_yaml(&fix, l->raw, false, values, "      ");
			memcpy(fix.ptr + at, "    - ", 6);
		}
	}
	/*
	 * The option as set (the ConfigMap keeps no line per key, so it goes
	 * before the cluster-id fact that would share its place), the
	 * identities seen, then how the cluster is meshed.
	 */
	if (kv != NULL)
		finding_evidence(ctx, f, m->config->src.path, kv->line,
		    "policy-default-local-cluster: \"%s\"", kv->value);
	for (i = 0; i < nv && f->nevidence < 12; i++) {
		const struct model_identity *mi = model_identity_find(m,
		    v[i].ids[0]);

		if (mi != NULL && mi->src.path != NULL)
			finding_evidence(ctx, f, mi->src.path, mi->src.line,
			    "identity %lu: %s", (unsigned long)mi->id,
			    labels_text(ctx, &mi->labels));
	}
	mesh_evidence(ctx, f, x);
	if (drops > 0)
		f->confidence = 0.9;
	else if (remote_only > 0)
		f->confidence = 0.75;
	else {
		f->severity = SEV_MEDIUM;
		f->confidence = 0.5;
	}
	finding_title(ctx, f, "%s: %zu peer selector%s now match%s only "
	    "cluster %s, not the pods of %s", check_policy_ref(ctx, p), nv,
	    nv == 1 ? "" : "s", nv == 1 ? "es" : "", m->cluster, remote);
	finding_message(ctx, f, "%s. The agent therefore adds "
	    "k8s:%s=%s to every peer selector that names no cluster key. "
	    "These peer selectors of %s now match only the local cluster: "
	    "%s. Before, they also matched these identities of %s: %s. The "
	    "%s of %s for %s no longer apply to pods of the other "
	    "clusters%s.%s%s", why, CLUSTER_KEY, m->cluster,
	    check_policy_ref(ctx, p), list.ptr, remote, ids_text(ctx, v, nv),
	    allow && deny ? "allows and denies" : deny ? "denies" : "allows",
	    check_policy_ref(ctx, p), affected_text(ctx, f), deny ? " (traffic "
	    "it denied from them is allowed again wherever another rule "
	    "allows it)" : "", drops > 0 ? arena_printf(ctx->out->a, " %s "
	    "shows %lu packet%s of those remote identities dropped by policy "
	    "at these endpoints on the rule's ports.",
	    eval_flow_recorded_by(ctx, f->drop_sources), drops, drops == 1 ?
	    "" : "s") : eval_flow_total(m) > 0 ? " No drop of those "
	    "identities was captured." : " The sysdump has no Hubble flows "
	    "to confirm drops.", remote_only > 0 ? " At least one of these "
	    "selectors matches no local endpoint at all: its peers exist only "
	    "in the other clusters." : " The selectors also match local "
	    "endpoints; if the remote pods were never meant to match, no "
	    "change is needed.");
	finding_remediation(ctx, f, "Name the clusters each peer selector "
	    "must match, as the upgrade guide describes (an `In` list of "
	    "cluster names, or `operator: Exists` for every cluster):\n\n%s\n"
	    "To find every affected policy run `cilium clustermesh "
	    "inspect-policy-default-local-cluster --all-namespaces`. As a "
	    "stop-gap, policy-default-local-cluster: \"false\" in cilium-config "
	    "(Helm clustermesh.policyDefaultLocalCluster=false) restores the "
	    "old behaviour; it is meant to be removed in a later release.",
	    fix.ptr);
	for (i = 0; i < nv; i++)
		free(v[i].ids);
	free(v);
	buf_release(&list);
	buf_release(&fix);
}

void
check_mesh_local_default_119(struct eval_ctx *ctx)
{
	struct model *m = ctx->m;
	const struct version *ver = ctx->version;
	const struct kv *kv = check_config_kv(m,
	    "policy-default-local-cluster");
	const char *why;
	struct mesh x;
	bool on;
	size_t i;

	if (m->npolicies == 0)
		return;
	mesh_collect(ctx, &x);
	if (!x.configured && !x.remote)
		goto out;
	if (ver == NULL) {
		eval_not_evaluated(ctx, "the Cilium version is unknown: "
		    "policy-default-local-cluster is on by default only from "
		    "1.19");
		goto out;
	}
	/* The option exists from 1.18; its default is true from 1.19. */
	if (kv != NULL)
		on = strcmp(kv->value, "true") == 0 && (ver->major > 1 ||
		    ver->minor >= 18);
	else
		on = ver->major > 1 || ver->minor >= 19;
	if (!on)
		goto out;
	why = kv != NULL ? arena_printf(ctx->out->a, "cilium-config sets "
	    "policy-default-local-cluster: \"%s\" on Cilium %u.%u.%u", kv->value,
	    ver->major, ver->minor, ver->patch) : arena_printf(ctx->out->a,
	    "This cluster runs Cilium %u.%u.%u, where "
	    "policy-default-local-cluster is on by default (since 1.19) and "
	    "cilium-config does not set it", ver->major, ver->minor,
	    ver->patch);
	for (i = 0; i < m->npolicies; i++)
		local_default_policy(ctx, &x, &m->policies[i], kv, why);
out:
	mesh_release(&x);
}
