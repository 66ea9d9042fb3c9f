/*
 * get.c: the items and columns of `ctriage get` (see get.h).
 *
 * A table of kinds maps each kind to the function that builds its JSON
 * items from the model and to its column lists.  Every item carries a
 * "source" ("<member>:<line>") so a person can go from any row to the
 * place in the sysdump it came from.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "buf.h"
#include "emit_yaml.h"
#include "get.h"
#include "label.h"
#include "model.h"
#include "policy.h"
#include "ptrmap.h"
#include "selector.h"
#include "xalloc.h"

struct column {
	const char	*header;
	const char	*path;		/* dotted path into the item */
	bool		 wide;		/* only with -o wide */
	bool		 right;		/* right-aligned (numbers) */
	size_t		 max;		/* cut longer cells (0: never) */
};

struct get_kind {
	const char		*name;
	const char		*aliases[3];
	/* -l matches these labels; NULL: -l does not apply */
	const char		*label_field;
	json_t			*(*items)(struct model *, const struct get_query *,
				    const struct selector *);
	const struct column	*columns;
};

static json_t *
jstr(const char *s)
{
	return s != NULL ? json_string(s) : json_null();
}

static json_t *
jsrc(const struct src *s)
{
	char buf[1024];

	if (s->path == NULL)
		return json_null();
	if (s->line)
		snprintf(buf, sizeof(buf), "%s:%lu", s->path, s->line);
	else
		snprintf(buf, sizeof(buf), "%s", s->path);
	return json_string(buf);
}

/* {key: value} for k8s labels (source shown unless k8s). */
static json_t *
jlabels_map(const struct labelset *ls)
{
	json_t *o = json_object();
	struct buf b = BUF_INIT;
	size_t i;

	for (i = 0; i < ls->n; i++) {
		buf_reset(&b);
		if (strcmp(ls->v[i].source, "k8s") != 0)
			buf_addf(&b, "%s:", ls->v[i].source);
		buf_addstr(&b, ls->v[i].key);
		json_object_set_new(o, b.ptr, json_string(ls->v[i].value));
	}
	buf_release(&b);
	return o;
}

/* ["k8s:app=web", ...] for identity labels. */
static json_t *
jlabels_list(const struct labelset *ls)
{
	json_t *a = json_array();
	struct buf b = BUF_INIT;
	size_t i;

	for (i = 0; i < ls->n; i++) {
		buf_reset(&b);
		label_format(&b, &ls->v[i]);
		json_array_append_new(a, json_string(b.ptr));
	}
	buf_release(&b);
	return a;
}

static json_t *
jstrings(const char *const *v, size_t n)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < n; i++)
		json_array_append_new(a, jstr(v[i]));
	return a;
}

static json_t *
jsources(unsigned bits)
{
	char buf[128];
	json_t *a = json_array();
	char *p, *save = NULL;

	model_sources_format(bits, buf, sizeof(buf));
	for (p = buf; *p != '\0'; p = save) {
		save = strchr(p, ',');
		if (save != NULL)
			*save++ = '\0';
		else
			save = p + strlen(p);
		json_array_append_new(a, json_string(p));
	}
	return a;
}

static bool
ns_match(const struct get_query *q, const char *ns)
{
	return q->ns == NULL || (ns != NULL && strcmp(q->ns, ns) == 0);
}

static bool
sel_match(const struct selector *s, const struct labelset *ls)
{
	return s == NULL || selector_matches(s, ls);
}

/* The agent (bugtool) of a node, or NULL. */
static const struct model_agent *
agent_of_node(const struct model *m, const char *node)
{
	size_t i;

	for (i = 0; node != NULL && i < m->nagents; i++)
		if (m->agents[i].node != NULL &&
		    strcmp(m->agents[i].node, node) == 0)
			return &m->agents[i];
	return NULL;
}

static json_t *
nodes_items(struct model *m, const struct get_query *q,
    const struct selector *s)
{
	json_t *arr = json_array(), *o;
	size_t i, j;

	(void)q;
	for (i = 0; i < m->nnodes; i++) {
		const struct k8s_node *n = &m->nodes[i];
		const char *agent = NULL;

		if (!sel_match(s, &n->labels))
			continue;
		for (j = 0; j < m->inv.npods; j++)
			if (m->inv.pods[j].agent && m->inv.pods[j].node != NULL &&
			    n->name != NULL &&
			    strcmp(m->inv.pods[j].node, n->name) == 0)
				agent = m->inv.pods[j].name;
		o = json_object();
		json_object_set_new(o, "name", jstr(n->name));
		json_object_set_new(o, "ready", n->ready < 0 ? json_null() :
		    json_boolean(n->ready));
		json_object_set_new(o, "internal_ips",
		    jstrings(n->internal_ips, n->ninternal_ips));
		json_object_set_new(o, "pod_cidrs", jstrings(n->pod_cidrs,
		    n->npod_cidrs));
		json_object_set_new(o, "kernel", jstr(n->kernel));
		json_object_set_new(o, "kubelet_version", jstr(n->kubelet));
		json_object_set_new(o, "os_image", jstr(n->os_image));
		json_object_set_new(o, "cilium_agent", jstr(agent));
		{
			const struct model_agent *ag = agent_of_node(m, n->name);
			const struct status_result *st = ag != NULL ?
			    model_agent_status(ag) : NULL;

			json_object_set_new(o, "bugtool", json_boolean(ag !=
			    NULL));
			json_object_set_new(o, "cilium_version", jstr(ag != NULL ?
			    ag->version : NULL));
			json_object_set_new(o, "cilium_status", st != NULL &&
			    st->cilium.present ? json_string(status_state_name(
			    st->cilium.state)) : json_null());
			json_object_set_new(o, "agent_kernel", jstr(ag != NULL ?
			    ag->kernel : NULL));
		}
		json_object_set_new(o, "labels", jlabels_map(&n->labels));
		json_object_set_new(o, "source", jsrc(&n->src));
		json_array_append_new(arr, o);
	}
	return arr;
}

static json_t *
namespaces_items(struct model *m, const struct get_query *q,
    const struct selector *s)
{
	json_t *arr = json_array(), *o;
	size_t i, j, pods, pols;

	for (i = 0; i < m->nnamespaces; i++) {
		const struct k8s_namespace *n = &m->namespaces[i];

		if (!ns_match(q, n->name) || !sel_match(s, &n->labels))
			continue;
		for (pods = 0, j = 0; j < m->npods; j++)
			pods += m->pods[j].ns != NULL && n->name != NULL &&
			    strcmp(m->pods[j].ns, n->name) == 0;
		for (pols = 0, j = 0; j < m->npolicies; j++)
			pols += n->name != NULL &&
			    strcmp(m->policies[j].ns, n->name) == 0;
		o = json_object();
		json_object_set_new(o, "name", jstr(n->name));
		json_object_set_new(o, "pods", json_integer((json_int_t)pods));
		json_object_set_new(o, "policies",
		    json_integer((json_int_t)pols));
		json_object_set_new(o, "labels", jlabels_map(&n->labels));
		json_object_set_new(o, "source", jsrc(&n->src));
		json_array_append_new(arr, o);
	}
	return arr;
}

/* Index the endpoints by the pod they belong to. */
static void
endpoints_by_pod(const struct model *m, struct ptrmap *out)
{
	size_t i;

	for (i = 0; i < m->nendpoints; i++)
		if (m->endpoints[i].k8s_pod != NULL)
			ptrmap_put(out, m->endpoints[i].k8s_pod, NULL, i);
}

static json_t *
pods_items(struct model *m, const struct get_query *q,
    const struct selector *s)
{
	json_t *arr = json_array(), *o, *ports, *x;
	struct ptrmap bypod = PTRMAP_INIT;
	size_t i, j, k;

	endpoints_by_pod(m, &bypod);
	for (i = 0; i < m->npods; i++) {
		const struct k8s_pod *p = &m->pods[i];
		const struct model_endpoint *e = ptrmap_get(&bypod, p, NULL, &k) ?
		    &m->endpoints[k] : NULL;
		const struct container_state *last = NULL;
		const char *waiting = NULL;

		if (!ns_match(q, p->ns) || !sel_match(s, &p->labels))
			continue;
		for (j = 0; j < p->ncontainers; j++) {
			if (p->containers[j].init)
				continue;
			if (waiting == NULL)
				waiting = p->containers[j].waiting_reason;
			if (last == NULL && p->containers[j].last_reason !=
			    NULL)
				last = &p->containers[j];
		}
		o = json_object();
		json_object_set_new(o, "namespace", jstr(p->ns));
		json_object_set_new(o, "name", jstr(p->name));
		json_object_set_new(o, "node", jstr(p->node));
		json_object_set_new(o, "ip", jstr(p->ip));
		json_object_set_new(o, "phase", jstr(p->phase));
		json_object_set_new(o, "status", jstr(waiting != NULL ?
		    waiting : p->phase));
		json_object_set_new(o, "ready", json_boolean(p->ready));
		json_object_set_new(o, "restarts",
		    json_integer((json_int_t)p->restarts));
		json_object_set_new(o, "host_network",
		    json_boolean(p->host_network));
		json_object_set_new(o, "service_account",
		    jstr(p->service_account));
		json_object_set_new(o, "labels", jlabels_map(&p->labels));
		ports = json_array();
		for (j = 0; j < p->nports; j++) {
			x = json_object();
			json_object_set_new(x, "container",
			    jstr(p->ports[j].container));
			json_object_set_new(x, "name", jstr(p->ports[j].name));
			json_object_set_new(x, "port",
			    json_integer(p->ports[j].port));
			json_object_set_new(x, "protocol",
			    jstr(p->ports[j].protocol));
			json_array_append_new(ports, x);
		}
		json_object_set_new(o, "ports", ports);
		if (last != NULL) {
			x = json_object();
			json_object_set_new(x, "reason", jstr(last->last_reason));
			json_object_set_new(x, "exit_code",
			    json_integer(last->last_exit_code));
			json_object_set_new(x, "finished",
			    jstr(last->last_finished));
			json_object_set_new(o, "last_terminated", x);
		} else
			json_object_set_new(o, "last_terminated", json_null());
		json_object_set_new(o, "endpoint_id", e != NULL && e->id ?
		    json_integer(e->id) : json_null());
		json_object_set_new(o, "identity", e != NULL && e->identity ?
		    json_integer(e->identity) : json_null());
		json_object_set_new(o, "source", jsrc(&p->src));
		json_array_append_new(arr, o);
	}
	ptrmap_release(&bypod);
	return arr;
}

static json_t *
services_items(struct model *m, const struct get_query *q,
    const struct selector *s)
{
	json_t *arr = json_array(), *o, *ports, *x;
	size_t i, j, k, ready, notready;

	for (i = 0; i < m->nservices; i++) {
		const struct k8s_service *sv = &m->services[i];

		if (!ns_match(q, sv->ns) || !sel_match(s, &sv->labels))
			continue;
		ready = notready = 0;
		for (j = 0; j < m->nk8s_endpoints; j++) {
			const struct k8s_endpoints *ep = &m->k8s_endpoints[j];

			if (ep->ns == NULL || ep->name == NULL ||
			    sv->ns == NULL || sv->name == NULL ||
			    strcmp(ep->ns, sv->ns) != 0 ||
			    strcmp(ep->name, sv->name) != 0)
				continue;
			/* Endpoints and EndpointSlices repeat each other. */
			if (ep->slice && ready + notready > 0)
				continue;
			for (k = 0; k < ep->naddrs; k++) {
				if (ep->addrs[k].ready)
					ready++;
				else
					notready++;
			}
		}
		o = json_object();
		json_object_set_new(o, "namespace", jstr(sv->ns));
		json_object_set_new(o, "name", jstr(sv->name));
		json_object_set_new(o, "type", jstr(sv->type));
		json_object_set_new(o, "cluster_ip", jstr(sv->cluster_ip));
		json_object_set_new(o, "selector", sv->has_selector ?
		    jlabels_map(&sv->selector) : json_null());
		ports = json_array();
		for (j = 0; j < sv->nports; j++) {
			x = json_object();
			json_object_set_new(x, "name", jstr(sv->ports[j].name));
			json_object_set_new(x, "port",
			    json_integer(sv->ports[j].port));
			json_object_set_new(x, "protocol",
			    jstr(sv->ports[j].protocol));
			if (sv->ports[j].target_port_name != NULL)
				json_object_set_new(x, "target_port",
				    json_string(sv->ports[j].target_port_name));
			else
				json_object_set_new(x, "target_port",
				    json_integer(sv->ports[j].target_port));
			if (sv->ports[j].node_port)
				json_object_set_new(x, "node_port",
				    json_integer(sv->ports[j].node_port));
			json_array_append_new(ports, x);
		}
		json_object_set_new(o, "ports", ports);
		json_object_set_new(o, "ready_endpoints",
		    json_integer((json_int_t)ready));
		json_object_set_new(o, "not_ready_endpoints",
		    json_integer((json_int_t)notready));
		json_object_set_new(o, "source", jsrc(&sv->src));
		json_array_append_new(arr, o);
	}
	return arr;
}

static json_t *
enforcement(int v)
{
	switch (v) {
	case ENFORCE_ENABLED:
		return json_string("enabled");
	case ENFORCE_DISABLED:
		return json_string("disabled");
	case ENFORCE_AUDIT:
		return json_string("audit");
	default:
		return json_null();
	}
}


static json_t *
endpoints_items(struct model *m, const struct get_query *q,
    const struct selector *s)
{
	json_t *arr = json_array(), *o;
	size_t i;

	for (i = 0; i < m->nendpoints; i++) {
		const struct model_endpoint *e = &m->endpoints[i];

		if (!ns_match(q, e->ns) || !sel_match(s, &e->labels))
			continue;
		o = json_object();
		json_object_set_new(o, "namespace", jstr(e->ns));
		json_object_set_new(o, "pod", jstr(e->pod));
		json_object_set_new(o, "node", jstr(e->node));
		json_object_set_new(o, "id", e->id ? json_integer(e->id) :
		    json_null());
		json_object_set_new(o, "identity", e->identity ?
		    json_integer(e->identity) : json_null());
		json_object_set_new(o, "ipv4", jstr(e->ipv4));
		json_object_set_new(o, "ipv6", jstr(e->ipv6));
		json_object_set_new(o, "state", jstr(e->state));
		json_object_set_new(o, "enforcement_ingress",
		    enforcement(e->enforce_ingress));
		json_object_set_new(o, "enforcement_egress",
		    enforcement(e->enforce_egress));
		json_object_set_new(o, "labels", jlabels_list(&e->labels));
		json_object_set_new(o, "sources", jsources(e->sources));
		json_object_set_new(o, "source", jsrc(&e->src));
		json_array_append_new(arr, o);
	}
	return arr;
}

static json_t *
identities_items(struct model *m, const struct get_query *q,
    const struct selector *s)
{
	json_t *arr = json_array(), *o;
	struct ptrmap counts = PTRMAP_INIT;
	size_t i, eps;
	const char *ns;

	/* Endpoints per identity, in one pass. */
	for (i = 0; i < m->nendpoints; i++) {
		const void *k = (void *)(uintptr_t)m->endpoints[i].identity;

		if (!ptrmap_get(&counts, k, NULL, &eps))
			eps = 0;
		ptrmap_put(&counts, k, NULL, eps + 1);
	}
	for (i = 0; i < m->nidentities; i++) {
		const struct model_identity *id = &m->identities[i];

		ns = labelset_get(&id->labels, "k8s",
		    "io.kubernetes.pod.namespace");
		if ((q->ns != NULL && !ns_match(q, ns)) ||
		    !sel_match(s, &id->labels))
			continue;
		if (!ptrmap_get(&counts, (void *)(uintptr_t)id->id, NULL, &eps))
			eps = 0;
		o = json_object();
		json_object_set_new(o, "id", json_integer(id->id));
		json_object_set_new(o, "labels", jlabels_list(&id->labels));
		json_object_set_new(o, "endpoints",
		    json_integer((json_int_t)eps));
		json_object_set_new(o, "sources", jsources(id->sources));
		json_object_set_new(o, "source", jsrc(&id->src));
		json_array_append_new(arr, o);
	}
	ptrmap_release(&counts);
	return arr;
}

static int
size_cmp(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;

	return x < y ? -1 : x > y;
}

static json_t *
policies_items(struct model *m, const struct get_query *q,
    const struct selector *s)
{
	json_t *arr = json_array(), *o, *subjects, *selects;
	size_t i, j, k, n, *picked = NULL, npicked, cap = 0;
	const size_t *idx;
	char buf[512];
	/* Which endpoints this policy selects: stamp[e] == i + 1. */
	size_t *stamp = xcalloc(m->nendpoints + 1, sizeof(*stamp));

	(void)s;
	for (i = 0; i < m->npolicies; i++) {
		const struct policy *p = &m->policies[i];

		if (q->ns != NULL && strcmp(p->ns, q->ns) != 0)
			continue;
		subjects = json_array();
		selects = json_array();
		npicked = 0;
		for (j = 0; j < p->nrules; j++) {
			json_array_append_new(subjects,
			    json_string(p->rules[j].subject.text));
			if (p->rules[j].node_selector)
				continue;
			idx = model_selector_endpoints(m, &p->rules[j].subject,
			    &n);
			for (k = 0; k < n; k++) {
				if (stamp[idx[k]] == i + 1)
					continue;
				stamp[idx[k]] = i + 1;
				picked = xgrow(picked, &cap, npicked + 1,
				    sizeof(*picked));
				picked[npicked++] = idx[k];
			}
		}
		if (npicked > 1)
			qsort(picked, npicked, sizeof(*picked), size_cmp);
		for (k = 0; k < npicked; k++) {
			const struct model_endpoint *e = &m->endpoints[picked[k]];

			snprintf(buf, sizeof(buf), "%s/%s", e->ns != NULL ?
			    e->ns : "-", e->pod != NULL ? e->pod : "-");
			json_array_append_new(selects, json_string(buf));
		}
		o = json_object();
		json_object_set_new(o, "kind",
		    json_string(policy_kind_name(p->kind)));
		json_object_set_new(o, "namespace", *p->ns != '\0' ?
		    json_string(p->ns) : json_null());
		json_object_set_new(o, "name", jstr(p->name));
		json_object_set_new(o, "rules",
		    json_integer((json_int_t)p->nrules));
		json_object_set_new(o, "subjects", subjects);
		json_object_set_new(o, "selects", selects);
		json_object_set_new(o, "error", jstr(p->error));
		json_object_set_new(o, "status_valid", p->status_valid < 0 ?
		    json_null() : json_boolean(p->status_valid));
		json_object_set_new(o, "status_message",
		    jstr(p->status_message));
		json_object_set_new(o, "source", jsrc(&p->src));
		json_array_append_new(arr, o);
	}
	free(stamp);
	free(picked);
	return arr;
}

/* "ns/pod", else the IP, else the identity, for a flow's table. */
static json_t *
flow_peer(const struct flow_endpoint *e, const char *ip)
{
	json_t *o = json_object();
	json_t *labels = json_array();
	size_t i;

	json_object_set_new(o, "namespace", jstr(e->namespace));
	json_object_set_new(o, "pod", jstr(e->pod_name));
	json_object_set_new(o, "identity", e->identity ?
	    json_integer(e->identity) : json_null());
	json_object_set_new(o, "ip", jstr(ip));
	for (i = 0; i < e->nlabels; i++)
		json_array_append_new(labels, jstr(e->labels[i]));
	json_object_set_new(o, "labels", labels);
	return o;
}

static json_t *
flow_peer_text(const struct flow_endpoint *e, const char *ip)
{
	char buf[512];

	if (e->pod_name != NULL)
		snprintf(buf, sizeof(buf), "%s/%s", e->namespace != NULL ?
		    e->namespace : "-", e->pod_name);
	else if (ip != NULL && e->identity)
		snprintf(buf, sizeof(buf), "%s (%u)", ip, e->identity);
	else if (ip != NULL)
		snprintf(buf, sizeof(buf), "%s", ip);
	else if (e->identity)
		snprintf(buf, sizeof(buf), "identity %u", e->identity);
	else
		snprintf(buf, sizeof(buf), "-");
	return json_string(buf);
}

/* Do the flow endpoint's labels satisfy the selector? */
static bool
flow_peer_matches(struct model *m, const struct selector *s,
    const struct flow_endpoint *e)
{
	struct label *v;
	struct labelset ls;
	size_t i;
	bool r;

	if (s == NULL)
		return true;
	v = xcalloc(e->nlabels + 1, sizeof(*v));
	for (i = 0; i < e->nlabels; i++)
		label_parse(m->st, e->labels[i], "unspec", &v[i]);
	labelset_build(m->a, v, e->nlabels, &ls);
	free(v);
	r = selector_matches(s, &ls);
	return r;
}

static json_t *
flow_policies(const struct flow_policies *fp)
{
	json_t *a = json_array();
	size_t i;
	char buf[512];

	for (i = 0; i < fp->n; i++) {
		snprintf(buf, sizeof(buf), "%s%s%s", fp->v[i].namespace != NULL ?
		    fp->v[i].namespace : "", fp->v[i].namespace != NULL ? "/" :
		    "", fp->v[i].name != NULL ? fp->v[i].name : "-");
		json_array_append_new(a, json_string(buf));
	}
	return a;
}

static json_t *
flows_items(struct model *m, const struct get_query *q,
    const struct selector *s)
{
	json_t *arr = json_array(), *o;
	size_t i, j;
	char buf[64];

	for (i = 0; i < m->nflow_files; i++) {
		const struct model_flows *mf = &m->flow_files[i];

		for (j = 0; j < mf->r.nflows; j++) {
			const struct flow_record *f = &mf->r.flows[j];
			struct src src = { mf->r.path, f->line };

			if (q->ns != NULL && !ns_match(q, f->src.namespace) &&
			    !ns_match(q, f->dst.namespace))
				continue;
			if (s != NULL && !flow_peer_matches(m, s, &f->src) &&
			    !flow_peer_matches(m, s, &f->dst))
				continue;
			o = json_object();
			json_object_set_new(o, "time", jstr(f->time));
			json_object_set_new(o, "node", jstr(f->node_name != NULL ?
			    f->node_name : mf->node));
			json_object_set_new(o, "verdict",
			    json_string(flow_verdict_name(f->verdict)));
			json_object_set_new(o, "drop_reason",
			    jstr(f->drop_reason_name));
			json_object_set_new(o, "direction",
			    json_string(flow_direction_name(f->direction)));
			json_object_set_new(o, "source", jsrc(&src));
			json_object_set_new(o, "capture",
			    json_string(flow_source_name(mf->r.source)));
			json_object_set_new(o, "src", flow_peer(&f->src,
			    f->src_ip));
			json_object_set_new(o, "dst", flow_peer(&f->dst,
			    f->dst_ip));
			json_object_set_new(o, "src_text",
			    flow_peer_text(&f->src, f->src_ip != NULL ?
			    f->src_ip : f->src_name_text));
			json_object_set_new(o, "dst_text",
			    flow_peer_text(&f->dst, f->dst_ip != NULL ?
			    f->dst_ip : f->dst_name_text));
			json_object_set_new(o, "protocol",
			    json_string(flow_l4_name(f->l4)));
			json_object_set_new(o, "src_port", f->src_port ?
			    json_integer(f->src_port) : json_null());
			json_object_set_new(o, "dst_port", f->dst_port ?
			    json_integer(f->dst_port) : json_null());
			if (f->dst_port)
				snprintf(buf, sizeof(buf), "%u/%s", f->dst_port,
				    flow_l4_name(f->l4));
			else
				snprintf(buf, sizeof(buf), "%s",
				    *flow_l4_name(f->l4) ? flow_l4_name(f->l4) :
				    "-");
			json_object_set_new(o, "port", json_string(buf));
			json_object_set_new(o, "type",
			    json_string(flow_type_name(f->type)));
			json_object_set_new(o, "ingress_allowed_by",
			    flow_policies(&f->ingress_allowed_by));
			json_object_set_new(o, "egress_allowed_by",
			    flow_policies(&f->egress_allowed_by));
			json_object_set_new(o, "ingress_denied_by",
			    flow_policies(&f->ingress_denied_by));
			json_object_set_new(o, "egress_denied_by",
			    flow_policies(&f->egress_denied_by));
			json_object_set_new(o, "summary", jstr(f->summary));
			json_array_append_new(arr, o);
		}
	}
	return arr;
}

static json_t *
events_items(struct model *m, const struct get_query *q,
    const struct selector *s)
{
	json_t *arr = json_array(), *o;
	size_t i;

	(void)s;
	for (i = 0; i < m->nlog_events; i++) {
		const struct model_log_event *e = &m->log_events[i];

		if (q->ns != NULL) {
			const struct k8s_pod *p = NULL;
			size_t j;

			for (j = 0; e->pod != NULL && j < m->npods; j++)
				if (m->pods[j].name != NULL &&
				    strcmp(m->pods[j].name, e->pod) == 0)
					p = &m->pods[j];
			if (p == NULL || !ns_match(q, p->ns))
				continue;
		}
		o = json_object();
		json_object_set_new(o, "time", jstr(e->time));
		json_object_set_new(o, "level",
		    json_string(log_level_name(e->level)));
		json_object_set_new(o, "node", jstr(e->node));
		json_object_set_new(o, "pod", jstr(e->pod));
		json_object_set_new(o, "container", jstr(e->container));
		json_object_set_new(o, "previous", json_boolean(e->previous));
		json_object_set_new(o, "subsys", jstr(e->subsys));
		json_object_set_new(o, "msg", jstr(e->msg));
		json_object_set_new(o, "error", jstr(e->error));
		json_object_set_new(o, "lines", json_integer(
		    (json_int_t)(e->nlines ? e->nlines : 1)));
		json_object_set_new(o, "source", jsrc(&e->src));
		json_array_append_new(arr, o);
	}
	return arr;
}

static const struct column node_cols[] = {
	{ "NAME", "name", false, false, 0 },
	{ "READY", "ready", false, false, 0 },
	{ "INTERNAL-IP", "internal_ips", false, false, 0 },
	{ "POD-CIDR", "pod_cidrs", false, false, 0 },
	{ "AGENT", "cilium_agent", false, false, 0 },
	{ "CILIUM", "cilium_version", false, false, 0 },
	{ "STATUS", "cilium_status", false, false, 0 },
	{ "KERNEL", "kernel", true, false, 0 },
	{ "KUBELET", "kubelet_version", true, false, 0 },
	{ "SOURCE", "source", true, false, 0 },
	{ NULL, NULL, false, false, 0 },
};

static const struct column namespace_cols[] = {
	{ "NAME", "name", false, false, 0 },
	{ "PODS", "pods", false, true, 0 },
	{ "POLICIES", "policies", false, true, 0 },
	{ "LABELS", "labels", true, false, 0 },
	{ NULL, NULL, false, false, 0 },
};

static const struct column pod_cols[] = {
	{ "NAMESPACE", "namespace", false, false, 0 },
	{ "NAME", "name", false, false, 0 },
	{ "READY", "ready", false, false, 0 },
	{ "STATUS", "status", false, false, 0 },
	{ "RESTARTS", "restarts", false, true, 0 },
	{ "IP", "ip", false, false, 0 },
	{ "NODE", "node", false, false, 0 },
	{ "IDENTITY", "identity", true, true, 0 },
	{ "ENDPOINT", "endpoint_id", true, true, 0 },
	{ "LABELS", "labels", true, false, 0 },
	{ NULL, NULL, false, false, 0 },
};

static const struct column service_cols[] = {
	{ "NAMESPACE", "namespace", false, false, 0 },
	{ "NAME", "name", false, false, 0 },
	{ "TYPE", "type", false, false, 0 },
	{ "CLUSTER-IP", "cluster_ip", false, false, 0 },
	{ "PORTS", "ports", false, false, 0 },
	{ "READY", "ready_endpoints", false, true, 0 },
	{ "SELECTOR", "selector", true, false, 0 },
	{ NULL, NULL, false, false, 0 },
};

static const struct column endpoint_cols[] = {
	{ "NAMESPACE", "namespace", false, false, 0 },
	{ "POD", "pod", false, false, 0 },
	{ "NODE", "node", false, false, 0 },
	{ "ENDPOINT", "id", false, true, 0 },
	{ "IDENTITY", "identity", false, true, 0 },
	{ "IPV4", "ipv4", false, false, 0 },
	{ "STATE", "state", false, false, 0 },
	{ "INGRESS", "enforcement_ingress", true, false, 0 },
	{ "EGRESS", "enforcement_egress", true, false, 0 },
	{ "SOURCES", "sources", true, false, 0 },
	{ "LABELS", "labels", true, false, 0 },
	{ NULL, NULL, false, false, 0 },
};

static const struct column identity_cols[] = {
	{ "ID", "id", false, true, 0 },
	{ "ENDPOINTS", "endpoints", false, true, 0 },
	{ "LABELS", "labels", false, false, 0 },
	{ "SOURCES", "sources", true, false, 0 },
	{ NULL, NULL, false, false, 0 },
};

static const struct column policy_cols[] = {
	{ "KIND", "kind", false, false, 0 },
	{ "NAMESPACE", "namespace", false, false, 0 },
	{ "NAME", "name", false, false, 0 },
	{ "RULES", "rules", false, true, 0 },
	{ "SELECTS", "selects", false, true, 0 },
	{ "VALID", "status_valid", false, false, 0 },
	{ "SUBJECTS", "subjects", true, false, 0 },
	{ "ERROR", "error", true, false, 0 },
	{ NULL, NULL, false, false, 0 },
};

static const struct column flow_cols[] = {
	{ "TIME", "time", false, false, 0 },
	{ "NODE", "node", false, false, 0 },
	{ "VERDICT", "verdict", false, false, 0 },
	{ "REASON", "drop_reason", false, false, 0 },
	{ "DIRECTION", "direction", false, false, 0 },
	{ "SRC", "src_text", false, false, 0 },
	{ "DST", "dst_text", false, false, 0 },
	{ "PORT", "port", false, false, 0 },
	{ "SOURCE", "source", true, false, 0 },
	{ NULL, NULL, false, false, 0 },
};

static const struct column event_cols[] = {
	{ "TIME", "time", false, false, 0 },
	{ "LEVEL", "level", false, false, 0 },
	{ "NODE", "node", false, false, 0 },
	{ "POD", "pod", false, false, 0 },
	{ "MSG", "msg", false, false, 100 },
	{ "ERROR", "error", true, false, 200 },
	{ "SOURCE", "source", true, false, 0 },
	{ NULL, NULL, false, false, 0 },
};

static const struct get_kind kinds[] = {
	{ "nodes", { "node", "no", NULL }, "labels", nodes_items, node_cols },
	{ "namespaces", { "namespace", "ns", NULL }, "labels",
	    namespaces_items, namespace_cols },
	{ "pods", { "pod", "po", NULL }, "labels", pods_items, pod_cols },
	{ "services", { "service", "svc", NULL }, "labels", services_items,
	    service_cols },
	{ "endpoints", { "endpoint", "ep", "cep" }, "labels", endpoints_items,
	    endpoint_cols },
	{ "identities", { "identity", "id", NULL }, "labels",
	    identities_items, identity_cols },
	{ "policies", { "policy", "pol", "netpol" }, NULL, policies_items,
	    policy_cols },
	{ "flows", { "flow", NULL, NULL }, "labels", flows_items, flow_cols },
	{ "events", { "event", "ev", "logs" }, NULL, events_items,
	    event_cols },
};

static const struct get_kind *
kind_find(const char *name)
{
	size_t i, j;

	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		if (strcmp(kinds[i].name, name) == 0)
			return &kinds[i];
		for (j = 0; j < 3 && kinds[i].aliases[j] != NULL; j++)
			if (strcmp(kinds[i].aliases[j], name) == 0)
				return &kinds[i];
	}
	return NULL;
}

const char *
get_kind_canonical(const char *name)
{
	const struct get_kind *k = kind_find(name);

	return k != NULL ? k->name : NULL;
}

const char *
get_kinds_list(void)
{
	return "nodes, namespaces, pods, services, endpoints, identities, "
	    "policies, flows, events";
}

json_t *
get_items(struct model *m, const struct get_query *q, const char **errp)
{
	const struct get_kind *k = kind_find(q->kind);
	struct selector sel;

	*errp = NULL;
	if (k == NULL) {
		*errp = "unknown kind";
		return NULL;
	}
	if (q->selector != NULL) {
		if (k->label_field == NULL) {
			*errp = arena_printf(m->a, "label selectors do not apply "
			    "to %s", k->name);
			return NULL;
		}
		if (selector_from_text(q->selector, "any", m->a, m->st, &sel,
		    errp) != 0)
			return NULL;
	}
	return k->items(m, q, q->selector != NULL ? &sel : NULL);
}

/* The text of one cell: the value at a dotted path, flattened. */
static void
cell_text(struct buf *b, json_t *v)
{
	size_t i;
	const char *k;
	json_t *x;

	switch (json_typeof(v)) {
	case JSON_STRING:
		buf_addstr(b, json_string_value(v));
		break;
	case JSON_INTEGER:
		buf_addf(b, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
		break;
	case JSON_REAL:
		buf_addf(b, "%g", json_real_value(v));
		break;
	case JSON_TRUE:
		buf_addstr(b, "true");
		break;
	case JSON_FALSE:
		buf_addstr(b, "false");
		break;
	case JSON_NULL:
		buf_addstr(b, "-");
		break;
	case JSON_ARRAY:
		if (json_array_size(v) == 0)
			buf_addstr(b, "-");
		json_array_foreach(v, i, x) {
			if (i)
				buf_addch(b, ',');
			if (json_is_object(x) && json_object_get(x, "port")) {
				/* a port: 80/TCP, or 80:http/TCP */
				cell_text(b, json_object_get(x, "port"));
				if (json_object_get(x, "target_port") != NULL) {
					buf_addch(b, ':');
					cell_text(b, json_object_get(x,
					    "target_port"));
				}
				buf_addch(b, '/');
				cell_text(b, json_object_get(x, "protocol"));
			} else
				cell_text(b, x);
		}
		break;
	case JSON_OBJECT:
		if (json_object_size(v) == 0)
			buf_addstr(b, "-");
		i = 0;
		json_object_foreach(v, k, x) {
			if (i++)
				buf_addch(b, ',');
			buf_addf(b, "%s=", k);
			cell_text(b, x);
		}
		break;
	}
}

int
get_write(FILE *out, const char *kind, json_t *items, enum get_format format)
{
	const struct get_kind *k = kind_find(kind);
	const struct column *c;
	json_t *doc, *it;
	struct buf b = BUF_INIT;
	size_t ncols = 0, i, j, n = json_array_size(items);
	size_t *width;
	char **cells;
	int r = 0;

	if (format == GET_JSON || format == GET_YAML) {
		doc = json_object();
		json_object_set(doc, "items", items);
		if (format == GET_JSON) {
			r = json_dumpf(doc, out, JSON_SORT_KEYS |
			    JSON_INDENT(2));
			fputc('\n', out);
		} else
			r = yaml_emit_json(out, doc);
		json_decref(doc);
		return r != 0 || ferror(out) ? -1 : 0;
	}
	if (k == NULL)
		return -1;
	for (c = k->columns; c->header != NULL; c++)
		if (!c->wide || format == GET_WIDE)
			ncols++;
	if (n == 0) {
		fputs("No resources found.\n", out);
		return ferror(out) ? -1 : 0;
	}
	width = xcalloc(ncols, sizeof(*width));
	cells = xcalloc((n + 1) * ncols, sizeof(*cells));
	for (i = 0; i <= n; i++) {
		it = i ? json_array_get(items, i - 1) : NULL;
		for (j = 0, c = k->columns; c->header != NULL; c++) {
			if (c->wide && format != GET_WIDE)
				continue;
			buf_reset(&b);
			if (it == NULL)
				buf_addstr(&b, c->header);
			else if (strcmp(c->header, "SELECTS") == 0)
				/* A count in the table; the list in JSON. */
				buf_addf(&b, "%zu", json_array_size(
				    json_object_get(it, c->path)));
			else
				cell_text(&b, json_object_get(it, c->path));
			if (it != NULL && c->max && b.len > c->max) {
				buf_truncate(&b, c->max - 3);
				buf_addstr(&b, "...");
			}
			cells[i * ncols + j] = xstrdup(b.ptr);
			if (b.len > width[j])
				width[j] = b.len;
			j++;
		}
	}
	for (i = 0; i <= n; i++) {
		for (j = 0, c = k->columns; c->header != NULL; c++) {
			const char *cell;

			if (c->wide && format != GET_WIDE)
				continue;
			cell = cells[i * ncols + j];
			if (j + 1 == ncols)
				fputs(cell, out);
			else if (c->right && i > 0)
				fprintf(out, "%*s   ", (int)width[j], cell);
			else
				fprintf(out, "%-*s   ", (int)width[j], cell);
			free(cells[i * ncols + j]);
			j++;
		}
		fputc('\n', out);
	}
	free(cells);
	free(width);
	buf_release(&b);
	return ferror(out) ? -1 : 0;
}
