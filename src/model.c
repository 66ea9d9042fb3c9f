/*
 * model.c: building the cluster model in one pass (see model.h).
 *
 * The visitor lets the inventory classify each member, then parses the
 * kinds the model understands.  Policies are kept as JSON (with a copy of
 * their line table) until the walk is over, because how their selectors
 * are normalized depends on the Cilium version and cilium-config, which
 * may come later in the archive.  The join happens in model_finish.
 *
 * Selector matching runs over distinct label sets, not endpoints: a
 * (key, value) index over the label sets narrows each selector to the
 * sets that can match, and results are cached by the selector's canonical
 * text, so 5k policies over 50k endpoints stay fast.
 */
#define PCRE2_CODE_UNIT_WIDTH 8

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <pcre2.h>

#include "arena.h"
#include "art_flow.h"
#include "art_k8s.h"
#include "art_hubble_text.h"
#include "art_log.h"
#include "art_monitor.h"
#include "buf.h"
#include "classify.h"
#include "diag.h"
#include "drop_reason.h"
#include "ingest.h"
#include "intern.h"
#include "inventory.h"
#include "label.h"
#include "model.h"
#include "model_bugtool.h"
#include "netaddr.h"
#include "parse_yaml.h"
#include "policy.h"
#include "ptrmap.h"
#include "selector.h"
#include "xalloc.h"

static const char *const model_source_names[] = {
#define X(e, s) s,
	MODEL_SOURCES(X)
#undef X
};

void
model_sources_format(unsigned bits, char *dst, size_t n)
{
	size_t i, k = 0;

	if (n == 0)
		return;
	dst[0] = '\0';
	for (i = 0; i < MSRC__COUNT; i++) {
		if (!(bits & (1u << i)))
			continue;
		k += (size_t)snprintf(dst + (k < n ? k : n - 1),
		    k < n ? n - k : 1, "%s%s", k ? "," : "",
		    model_source_names[i]);
	}
}

struct pending_policy {
	enum policy_kind	 kind;
	json_t			*obj;
	unsigned long		 line;
	struct json_lines	*lines;
	const char		*path;
};

/* A CiliumEndpoint as read, joined with pods after the walk. */
struct cep {
	const char	*ns;
	const char	*name;
	const char	*node;
	uint32_t	 id;
	uint32_t	 identity;
	struct labelset	 labels;
	const char	*ipv4;
	const char	*ipv6;
	const char	*state;
	int		 enforce_ingress;
	int		 enforce_egress;
	struct src	 src;
};

/* Cached selector results, keyed by the selector's interned text. */
struct match_entry {
	const char	*key;
	size_t		*idx;
	size_t		 n;
};

/* A distinct label set and the endpoints that carry it. */
struct group {
	const struct labelset	*labels;
	size_t			*eps;
	size_t			 neps;
	size_t			 eps_cap;
};

struct index_entry {
	const char	*key;
	const char	*value;
	size_t		*groups;
	size_t		 n;
	size_t		 cap;
};

struct model_private {
	struct inventory_walk	*iw;
	struct pending_policy	*pending;
	size_t			 npending;
	size_t			 pending_cap;
	struct cep		*ceps;
	size_t			 nceps;
	size_t			 ceps_cap;
	json_t			*helm;		/* Helm values, or NULL */
	struct json_lines	*helm_lines;	/* their line table */
	struct src		 helm_src;	/* their member and line */
	const char		*ds_image;	/* the agent DaemonSet's image */
	struct src		 ds_src;
	/* matching */
	struct match_entry	*cache;
	size_t			 cache_cap;
	size_t			 ncache;
	struct group		*groups;
	size_t			 ngroups;
	struct index_entry	*index;
	size_t			 index_cap;
	size_t			 nindex;
	bool			 indexed;
	struct ptrmap		 identity_ids;	/* id -> index */
	unsigned		*stamp;
	unsigned		 stamp_now;
	struct label_filter	*filter;	/* model_pod_identity_labels */
};

#define PUSH(m, name) \
	((m)->name = xgrow((m)->name, &(m)->name##_cap, (m)->n##name + 1, \
	    sizeof(*(m)->name)), &(m)->name[(m)->n##name++])

/* What an item callback needs. */
struct item_ctx {
	struct model		*m;
	struct k8s_ctx		 k;
	enum artifact_kind	 kind;
};

static const char *
jstr(struct model *m, json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	return json_is_string(v) ? intern(m->st, json_string_value(v)) : NULL;
}

/* Labels given as "source:key=value" strings (CEP, identity lists). */
static void
labels_from_strings(struct model *m, json_t *arr, struct labelset *out)
{
	struct label *v;
	size_t i, n = 0;
	json_t *e;

	out->v = NULL;
	out->n = 0;
	if (json_array_size(arr) == 0)
		return;
	v = xcalloc(json_array_size(arr), sizeof(*v));
	json_array_foreach(arr, i, e)
		if (json_is_string(e))
			label_parse(m->st, json_string_value(e), "unspec",
			    &v[n++]);
	labelset_build(m->a, v, n, out);
	free(v);
}

/* A CiliumIdentity's `security-labels` map ("k8s:app": "web"). */
static void
labels_from_security_map(struct model *m, json_t *map, struct labelset *out)
{
	struct label *v;
	size_t n = 0;
	const char *k;
	json_t *val;
	struct buf b = BUF_INIT;

	out->v = NULL;
	out->n = 0;
	if (json_object_size(map) == 0)
		return;
	v = xcalloc(json_object_size(map), sizeof(*v));
	json_object_foreach(map, k, val) {
		buf_reset(&b);
		buf_addstr(&b, k);
		if (json_is_string(val) && *json_string_value(val) != '\0')
			buf_addf(&b, "=%s", json_string_value(val));
		label_parse(m->st, b.ptr, "unspec", &v[n++]);
	}
	labelset_build(m->a, v, n, out);
	free(v);
	buf_release(&b);
}

static struct model_identity *
identity_get(struct model *m, uint32_t id)
{
	size_t i;

	return ptrmap_get(&m->priv->identity_ids, (void *)(uintptr_t)id, NULL,
	    &i) ? &m->identities[i] : NULL;
}

/* After the identities are reordered, map ids to their new places. */
static void
identity_reindex(struct model *m)
{
	size_t i;

	for (i = 0; i < m->nidentities; i++)
		ptrmap_put(&m->priv->identity_ids,
		    (void *)(uintptr_t)m->identities[i].id, NULL, i);
}

/* Record an identity seen somewhere; the first labels win. */
struct model_identity *
model_identity_add(struct model *m, uint32_t id,
    const struct labelset *labels, unsigned source, const struct src *src)
{
	struct model_identity *mi = identity_get(m, id);

	if (mi == NULL) {
		ptrmap_put(&m->priv->identity_ids, (void *)(uintptr_t)id, NULL,
		    m->nidentities);
		mi = PUSH(m, identities);
		memset(mi, 0, sizeof(*mi));
		mi->id = id;
		mi->src = *src;
	}
	if (mi->labels.n == 0 && labels != NULL)
		mi->labels = *labels;
	mi->sources |= source;
	return mi;
}

static uint32_t
parse_u32(const char *s)
{
	char *end;
	unsigned long v;

	if (s == NULL || *s < '0' || *s > '9')
		return 0;
	v = strtoul(s, &end, 10);
	return *end == '\0' && v <= UINT32_MAX ? (uint32_t)v : 0;
}

static int
enforcing(json_t *dir)
{
	json_t *e = json_object_get(dir, "enforcing");

	return json_is_boolean(e) ? json_is_true(e) : -1;
}

static void
cep_from_json(struct model *m, const struct k8s_ctx *k, json_t *o,
    unsigned long line)
{
	json_t *md = json_object_get(o, "metadata");
	json_t *st = json_object_get(o, "status");
	json_t *idn = json_object_get(st, "identity");
	json_t *net = json_object_get(st, "networking");
	json_t *addr = json_array_get(json_object_get(net, "addressing"), 0);
	json_t *pol = json_object_get(st, "policy");
	struct model_private *p = m->priv;
	struct cep *c = PUSH(p, ceps);

	memset(c, 0, sizeof(*c));
	c->src.path = k->path;
	c->src.line = line;
	c->ns = jstr(m, md, "namespace");
	c->name = jstr(m, md, "name");
	c->node = jstr(m, net, "node");
	c->id = (uint32_t)json_integer_value(json_object_get(st, "id"));
	c->identity = (uint32_t)json_integer_value(json_object_get(idn, "id"));
	labels_from_strings(m, json_object_get(idn, "labels"), &c->labels);
	c->ipv4 = jstr(m, addr, "ipv4");
	c->ipv6 = jstr(m, addr, "ipv6");
	c->state = jstr(m, st, "state");
	c->enforce_ingress = enforcing(json_object_get(pol, "ingress"));
	c->enforce_egress = enforcing(json_object_get(pol, "egress"));
	if (c->identity != 0)
		model_identity_add(m, c->identity, &c->labels, MSRC_CEP, &c->src);
}

static int
item_cb(void *ctx, json_t *o, unsigned long line,
    const struct json_lines *lines)
{
	struct item_ctx *ic = ctx;
	struct model *m = ic->m;
	struct model_private *p = m->priv;
	const char *app;

	switch (ic->kind) {
	case ART_K8S_NODES: {
		struct k8s_node *n = PUSH(m, nodes);

		k8s_node_from_json(&ic->k, o, line, n);
		inventory_walk_add_node(p->iw, n->name);
		break;
	}
	case ART_K8S_NAMESPACES:
		k8s_namespace_from_json(&ic->k, o, line, PUSH(m, namespaces));
		break;
	case ART_K8S_PODS: {
		struct k8s_pod *pod = PUSH(m, pods);

		k8s_pod_from_json(&ic->k, o, line, pod);
		app = labelset_get(&pod->labels, "k8s", "k8s-app");
		inventory_walk_add_pod(p->iw, pod->ns, pod->name, pod->node,
		    app != NULL && strcmp(app, "cilium") == 0);
		break;
	}
	case ART_K8S_SERVICES:
		k8s_service_from_json(&ic->k, o, line, PUSH(m, services));
		break;
	case ART_K8S_ENDPOINTS:
		k8s_endpoints_from_json(&ic->k, o, line,
		    PUSH(m, k8s_endpoints));
		break;
	case ART_K8S_ENDPOINTSLICES:
		k8s_endpointslice_from_json(&ic->k, o, line,
		    PUSH(m, k8s_endpoints));
		break;
	case ART_K8S_EVENTS:
		k8s_event_from_json(&ic->k, o, line, PUSH(m, events));
		break;
	case ART_CILIUM_CONFIGMAP:
		if (m->config == NULL) {
			m->config = arena_alloc(m->a, sizeof(*m->config));
			k8s_configmap_from_json(&ic->k, o, line, lines,
			    m->config);
		}
		break;
	case ART_CILIUM_DAEMONSET: {
		/* The agent DaemonSet: k8s-app=cilium, container cilium-agent. */
		json_t *cts = json_object_get(json_object_get(json_object_get(
		    json_object_get(o, "spec"), "template"), "spec"),
		    "containers"), *ct;
		size_t i;

		json_array_foreach(cts, i, ct) {
			const char *name = jstr(m, ct, "name");

			if (p->ds_image == NULL && name != NULL &&
			    strcmp(name, "cilium-agent") == 0) {
				p->ds_image = jstr(m, ct, "image");
				p->ds_src.path = ic->k.path;
				p->ds_src.line = line;
			}
		}
		break;
	}
	case ART_CILIUM_NETWORK_POLICIES:
	case ART_CILIUM_CLUSTERWIDE_NETWORK_POLICIES:
	case ART_K8S_NETWORK_POLICIES: {
		struct pending_policy *pp = PUSH(p, pending);

		pp->kind = ic->kind == ART_CILIUM_NETWORK_POLICIES ? POLICY_CNP :
		    ic->kind == ART_K8S_NETWORK_POLICIES ? POLICY_KNP :
		    POLICY_CCNP;
		pp->obj = json_incref(o);
		pp->line = line;
		pp->lines = json_lines_copy(lines);
		pp->path = ic->k.path;
		break;
	}
	case ART_CILIUM_ENDPOINTS:
		cep_from_json(m, &ic->k, o, line);
		break;
	case ART_CILIUM_IDENTITIES: {
		json_t *md = json_object_get(o, "metadata");
		uint32_t id = parse_u32(json_string_value(json_object_get(md,
		    "name")));
		struct labelset ls;
		struct src src = { ic->k.path, line };

		if (id == 0)
			break;
		labels_from_security_map(m, json_object_get(o,
		    "security-labels"), &ls);
		model_identity_add(m, id, &ls, MSRC_CRD, &src);
		break;
	}
	case ART_CILIUM_HELM_VALUES:
		if (p->helm == NULL && json_is_object(o)) {
			p->helm = json_incref(o);
			p->helm_lines = json_lines_copy(lines);
			p->helm_src.path = ic->k.path;
			p->helm_src.line = line;
		}
		break;
	case ART_CILIUM_CIDR_GROUPS: {
		struct model_cidr_group *g = PUSH(m, cidr_groups);
		json_t *v = json_object_get(json_object_get(o, "spec"),
		    "externalCIDRs"), *e;
		struct ip_prefix pf;
		size_t i, n = 0;

		memset(g, 0, sizeof(*g));
		g->src.path = ic->k.path;
		g->src.line = line;
		g->name = jstr(m, json_object_get(o, "metadata"), "name");
		g->cidrs = json_array_size(v) ? arena_calloc(m->a,
		    json_array_size(v), sizeof(char *)) : NULL;
		json_array_foreach(v, i, e)
			if (ip_prefix_parse(json_string_value(e), &pf))
				g->cidrs[n++] = intern(m->st,
				    json_string_value(e));
		g->ncidrs = n;
		break;
	}
	case ART_CILIUM_NODES: {
		struct model_cilium_node *cn = PUSH(m, cilium_nodes);
		json_t *spec = json_object_get(o, "spec");
		json_t *addrs = json_object_get(spec, "addresses"), *e;
		size_t i, n = 0;

		memset(cn, 0, sizeof(*cn));
		cn->src.path = ic->k.path;
		cn->src.line = line;
		cn->name = jstr(m, json_object_get(o, "metadata"), "name");
		e = json_object_get(json_object_get(spec, "ipam"), "podCIDRs");
		cn->npod_cidrs = json_array_size(e);
		cn->pod_cidrs = cn->npod_cidrs ? arena_calloc(m->a,
		    cn->npod_cidrs, sizeof(char *)) : NULL;
		for (i = 0; i < cn->npod_cidrs; i++)
			cn->pod_cidrs[i] = intern(m->st, json_string_value(
			    json_array_get(e, i)) != NULL ? json_string_value(
			    json_array_get(e, i)) : "");
		cn->addresses = json_array_size(addrs) ? arena_calloc(m->a,
		    json_array_size(addrs), sizeof(char *)) : NULL;
		json_array_foreach(addrs, i, e)
			if (jstr(m, e, "ip") != NULL)
				cn->addresses[n++] = jstr(m, e, "ip");
		cn->naddresses = n;
		break;
	}
	default:
		break;
	}
	return 0;
}

struct log_ctx {
	struct model		*m;
	const char		*pod;
	const char		*container;
	bool			 previous;
	/* Monitor events the agent logged (debug), gathered on the heap. */
	struct flow_record	*mon;
	size_t			 nmon;
	size_t			 capmon;
	unsigned long		 mon_capped;	/* first line past the cap */
};

static const char *
arena_text(struct model *m, const char *s, size_t n)
{
	if (s == NULL)
		return NULL;
	return arena_strndup(m->a, s, n < MODEL_LOG_TEXT_MAX ? n :
	    MODEL_LOG_TEXT_MAX);
}

/*
 * An agent run with debug may log monitor events ("Policy verdict log:
 * ...", "xx drop (...) ..."): keep them as flow records of the member.
 */
static void
log_monitor_event(struct log_ctx *lc, const struct log_event *ev)
{
	struct flow_record fr;

	if (art_monitor_line(ev->msg, ev->msg_len, lc->m->st, &fr, NULL) !=
	    MONITOR_EVENT)
		return;
	if (lc->nmon >= FLOW_MAX_RECORDS) {
		if (lc->mon_capped == 0)
			lc->mon_capped = ev->line;
		return;
	}
	fr.line = ev->line;
	fr.time = ev->time_text != NULL ? intern(lc->m->st, ev->time_text) :
	    NULL;
	fr.time_sec = ev->time_sec;
	lc->mon = xgrow(lc->mon, &lc->capmon, lc->nmon + 1, sizeof(*lc->mon));
	lc->mon[lc->nmon++] = fr;
}

static int
log_cb(void *ctx, const struct log_event *ev)
{
	struct log_ctx *lc = ctx;
	struct model *m = lc->m;
	struct model_log_event *e;
	const char *err;
	size_t elen;

	m->log_lines++;
	if (ev->msg != NULL && ev->msg_len > 9) {
		size_t k = 0;

		while (k < ev->msg_len && ev->msg[k] == ' ')
			k++;
		if (k < ev->msg_len && (ev->msg[k] == 'P' ||
		    ev->msg[k] == 'x'))
			log_monitor_event(lc, ev);
	}
	if (ev->level < LOG_LEVEL_WARNING)
		return 0;
	if (m->nlog_events >= MODEL_MAX_LOG_EVENTS) {
		m->log_events_dropped++;
		return 0;
	}
	e = PUSH(m, log_events);
	memset(e, 0, sizeof(*e));
	e->time = ev->time_text != NULL ? intern(m->st, ev->time_text) :
	    NULL;
	e->time_sec = ev->time_sec;
	e->level = ev->level;
	e->msg = arena_text(m, ev->msg != NULL ? ev->msg : ev->raw,
	    ev->msg != NULL ? ev->msg_len : ev->raw_len);
	err = log_event_field(ev, "error", &elen);
	e->error = arena_text(m, err, elen);
	e->subsys = ev->subsys != NULL ? ev->subsys : ev->module;
	if ((err = log_event_field(ev, "ciliumNetworkPolicyName", &elen)) !=
	    NULL)
		e->policy_name = intern_n(m->st, err, elen);
	if ((err = log_event_field(ev, "k8sNamespace", &elen)) != NULL)
		e->policy_ns = intern_n(m->st, err, elen);
	if ((err = log_event_field(ev, "k8sPodName", &elen)) != NULL &&
	    elen > 0)
		e->endpoint_pod = intern_n(m->st, err, elen);
	e->pod = lc->pod;
	e->container = lc->container;
	e->previous = lc->previous;
	e->nlines = ev->nlines;
	e->src.path = intern(m->st, ev->path);
	e->src.line = ev->line;
	return 0;
}

/* Read a whole small text member into b (bounded). */
static void
read_small(struct ingest_member *mb, struct buf *b, size_t max)
{
	char tmp[4096];
	ssize_t n;

	while (b->len < max && (n = ingest_member_read(mb, tmp,
	    sizeof(tmp))) > 0)
		buf_add(b, tmp, (size_t)n);
}

static int
visit_member(void *ctx, struct ingest_member *mb)
{
	struct model *m = ctx;
	struct model_private *p = m->priv;
	struct classification c;
	struct item_ctx ic;
	bool yaml;

	/* Pods and nodes are read here and reported to the inventory. */
	inventory_walk_member(p->iw, mb, false, &c);
	yaml = !mb->is_archive && strstr(mb->name, ".yaml") != NULL;
	if (!mb->is_archive && artifact_kind_is_bugtool(c.kind)) {
		model_bugtool_member(m, mb, &c);
		goto out;
	}
	if (mb->is_archive)
		goto out;
	memset(&ic, 0, sizeof(ic));
	ic.m = m;
	ic.kind = c.kind;
	ic.k.a = m->a;
	ic.k.st = m->st;
	ic.k.path = intern(m->st, mb->path);
	switch (c.kind) {
	case ART_K8S_NODES:
	case ART_K8S_NAMESPACES:
	case ART_K8S_PODS:
	case ART_K8S_SERVICES:
	case ART_K8S_ENDPOINTS:
	case ART_K8S_ENDPOINTSLICES:
	case ART_K8S_EVENTS:
	case ART_K8S_NETWORK_POLICIES:
	case ART_CILIUM_CONFIGMAP:
	case ART_CILIUM_DAEMONSET:
	case ART_CILIUM_NETWORK_POLICIES:
	case ART_CILIUM_CLUSTERWIDE_NETWORK_POLICIES:
	case ART_CILIUM_ENDPOINTS:
	case ART_CILIUM_IDENTITIES:
	case ART_CILIUM_NODES:
	case ART_CILIUM_CIDR_GROUPS:
	case ART_CILIUM_HELM_VALUES:
		if (yaml)
			yaml_parse_member(mb, NULL, item_cb, &ic, &m->problems);
		break;
	case ART_HUBBLE_FLOWS: {
		struct model_flows *mf = PUSH(m, flow_files);

		memset(mf, 0, sizeof(*mf));
		mf->pod = c.pod != NULL ? intern(m->st, c.pod) : NULL;
		art_flow_parse(mb, m->a, m->st, &m->problems, &mf->r);
		flow_result_mark_lone_verdicts(&mf->r);
		break;
	}
	case ART_MONITOR_OUTPUT:
	case ART_HUBBLE_TEXT: {
		struct model_flows *mf = PUSH(m, flow_files);
		int rc;

		memset(mf, 0, sizeof(*mf));
		rc = c.kind == ART_MONITOR_OUTPUT ? art_monitor_parse(mb, m->a,
		    m->st, &m->problems, &mf->r) : art_hubble_text_parse(mb,
		    m->a, m->st, &m->problems, &mf->r);
		/* A file that held no capture is no flow source (its
		 * diagnostic says why). */
		if (rc != 0 && mf->r.nflows == 0)
			m->nflow_files--;
		break;
	}
	case ART_AGENT_LOG:
	case ART_OPERATOR_LOG: {
		struct log_ctx lc = { m, NULL, NULL, c.previous, NULL, 0, 0,
		    0 };

		lc.pod = c.pod != NULL ? intern(m->st, c.pod) : NULL;
		lc.container = c.container != NULL ? intern(m->st,
		    c.container) : NULL;
		art_log_parse(mb, m->st, log_cb, &lc, &m->problems);
		if (lc.nmon > 0) {
			struct model_flows *mf = PUSH(m, flow_files);
			size_t i;

			memset(mf, 0, sizeof(*mf));
			mf->pod = lc.pod;
			mf->r.path = intern(m->st, mb->path);
			mf->r.source = FLOW_SOURCE_AGENT_LOG;
			mf->r.flows = arena_memdup(m->a, lc.mon, lc.nmon *
			    sizeof(*lc.mon));
			mf->r.nflows = mf->r.lines = lc.nmon;
			for (i = 0; i < lc.nmon; i++)
				mf->r.verdicts[lc.mon[i].verdict]++;
			flow_result_mark_lone_verdicts(&mf->r);
			if (lc.mon_capped != 0) {
				mf->r.capped = true;
				diag_add(&m->problems, DIAG_WARNING, mb->path,
				    lc.mon_capped, "too many monitor events: "
				    "kept the first %d", FLOW_MAX_RECORDS);
			}
		}
		free(lc.mon);
		break;
	}
	case ART_K8S_VERSION: {
		struct buf b = BUF_INIT;

		read_small(mb, &b, 64 * 1024);
		if (m->k8s_version == NULL)
			m->k8s_version = k8s_version_from_text(m->st, b.ptr);
		buf_release(&b);
		break;
	}
	default:
		break;
	}
out:
	classification_release(&c);
	return 0;
}

static void
visit_member_end(void *ctx, const struct ingest_member *mb, uint64_t bytes,
    const char *error)
{
	struct model *m = ctx;

	inventory_walk_member_end(m->priv->iw, mb, bytes, error);
}

static void
visit_skip(void *ctx, const char *path, const char *reason)
{
	struct model *m = ctx;

	inventory_walk_skip(m->priv->iw, path, reason);
}

/* "1.16.5" -> 1, 16 */
static void
version_split(const char *v, unsigned *major, unsigned *minor)
{
	char *end;

	*major = (unsigned)strtoul(v, &end, 10);
	*minor = *end == '.' ? (unsigned)strtoul(end + 1, NULL, 10) : 0;
}

bool
model_version_at_least(const struct model *m, unsigned major, unsigned minor)
{
	if (m->cilium_version == NULL)
		return true;
	return m->version_major > major || (m->version_major == major &&
	    m->version_minor >= minor);
}

bool
model_honors_default_deny_flag(const struct model *m)
{
	const char *v = model_config(m, "enable-non-default-deny-policies");

	return model_version_at_least(m, 1, 16) &&
	    (v == NULL || strcmp(v, "false") != 0);
}

const char *
model_config(const struct model *m, const char *key)
{
	return m->config != NULL ? k8s_configmap_get(m->config, key) : NULL;
}

static void
find_version(struct model *m)
{
	struct model_private *p = m->priv;
	const char *v = NULL, *src = NULL;
	size_t i;

	if (p->ds_image != NULL &&
	    (v = k8s_image_version(m->st, p->ds_image)) != NULL)
		src = arena_printf(m->a, "image %s (%s:%lu)", p->ds_image,
		    p->ds_src.path, p->ds_src.line);
	for (i = 0; v == NULL && i < m->npods; i++) {
		const char *app = labelset_get(&m->pods[i].labels, "k8s",
		    "k8s-app");

		if (app != NULL && strcmp(app, "cilium") == 0 &&
		    m->pods[i].image != NULL &&
		    (v = k8s_image_version(m->st, m->pods[i].image)) != NULL)
			src = arena_printf(m->a, "image %s of pod %s/%s",
			    m->pods[i].image, m->pods[i].ns, m->pods[i].name);
	}
	if (v == NULL)
		return;
	m->cilium_version = v;
	m->cilium_version_src = src;
	version_split(v, &m->version_major, &m->version_minor);
}

static int
policy_cmp(const void *a, const void *b)
{
	const struct policy *x = a, *y = b;
	int c;

	if (x->kind != y->kind)
		return (int)x->kind - (int)y->kind;
	if ((c = strcmp(x->ns, y->ns)) != 0)
		return c;
	return strcmp(x->name != NULL ? x->name : "",
	    y->name != NULL ? y->name : "");
}

static bool
config_true(const struct model *m, const char *key, bool def)
{
	const char *v = model_config(m, key);

	if (v == NULL)
		return def;
	return strcmp(v, "true") == 0;
}

/* Normalize the kept policy objects now that config is known. */
static void
normalize_policies(struct model *m)
{
	struct model_private *p = m->priv;
	struct policy_ctx c;
	size_t i;

	memset(&c, 0, sizeof(c));
	c.a = m->a;
	c.st = m->st;
	c.cluster = m->cluster;
	/* C.3: the option exists from 1.18 and is on by default from 1.19. */
	c.local_cluster = model_version_at_least(m, 1, 18) &&
	    config_true(m, "policy-default-local-cluster",
	    model_version_at_least(m, 1, 19));
	/* B.4 step 3: namespace-label peers cross namespaces from 1.16. */
	c.ns_label_peers = model_version_at_least(m, 1, 16);
	c.deny_l3_validated = model_version_at_least(m, 1, 17);
	for (i = 0; i < p->npending; i++) {
		struct pending_policy *pp = &p->pending[i];

		c.path = pp->path;
		policy_from_yaml(&c, pp->kind, pp->obj, pp->line, pp->lines,
		    PUSH(m, policies));
		json_decref(pp->obj);
		json_lines_free(pp->lines);
	}
	p->npending = 0;
	if (m->npolicies > 1)
		qsort(m->policies, m->npolicies, sizeof(*m->policies),
		    policy_cmp);
}

/*
 * The identity-relevant label filter (B.2, pkg/labelsfilter/filter.go):
 * a label counts unless an exclusion pattern matches its key, and an
 * inclusion pattern that matches with a longer pattern wins.  Patterns are
 * regular expressions anchored at the start of the key.
 */
struct label_filter {
	pcre2_code		*re[32];
	size_t			 len[32];
	bool			 ignore[32];
	size_t			 n;
	pcre2_match_data	*md;
};

static const char *const default_filter[] = {
	/* inclusions */
	"io\\.kubernetes\\.pod\\.namespace",
	"io\\.cilium\\.k8s\\.namespace\\.labels",
	"app\\.kubernetes\\.io",
	"io\\.cilium\\.k8s\\.policy",
	/* exclusions */
	"!io\\.kubernetes",
	"!kubernetes\\.io",
	"!statefulset\\.kubernetes\\.io/pod-name",
	"!apps\\.kubernetes\\.io/pod-index",
	"!batch\\.kubernetes\\.io/job-completion-index",
	"!batch\\.kubernetes\\.io/controller-uid",
	"!beta\\.kubernetes\\.io",
	"!k8s\\.io",
	"!pod-template-generation",
	"!pod-template-hash",
	"!controller-revision-hash",
	"!annotation.*",
	"!controller-uid",
	"!etcd_node",
};

static void
label_filter_init(struct label_filter *f)
{
	size_t i;
	int err;
	PCRE2_SIZE off;

	memset(f, 0, sizeof(*f));
	for (i = 0; i < sizeof(default_filter) / sizeof(default_filter[0]);
	    i++) {
		const char *pat = default_filter[i];
		bool ignore = pat[0] == '!';

		if (ignore)
			pat++;
		f->re[f->n] = pcre2_compile((PCRE2_SPTR)pat,
		    PCRE2_ZERO_TERMINATED, PCRE2_ANCHORED, &err, &off, NULL);
		if (f->re[f->n] == NULL)
			continue;
		f->len[f->n] = strlen(pat);
		f->ignore[f->n] = ignore;
		f->n++;
	}
	f->md = pcre2_match_data_create(4, NULL);
}

static void
label_filter_release(struct label_filter *f)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		pcre2_code_free(f->re[i]);
	pcre2_match_data_free(f->md);
}

static bool
label_filter_keep(struct label_filter *f, const char *key)
{
	size_t i, inc = 0, exc = 0;

	for (i = 0; i < f->n; i++) {
		if (pcre2_match(f->re[i], (PCRE2_SPTR)key, strlen(key), 0, 0,
		    f->md, NULL) < 0)
			continue;
		if (f->ignore[i]) {
			if (f->len[i] > exc)
				exc = f->len[i];
		} else if (f->len[i] > inc)
			inc = f->len[i];
	}
	return exc == 0 || inc > exc;
}

/* The identity labels Cilium derives for a pod (B.1), filtered (B.2). */
static void
pod_identity_labels(struct model *m, struct label_filter *f,
    const struct k8s_pod *pod, struct labelset *out)
{
	const struct k8s_namespace *ns = model_namespace_find(m, pod->ns);
	struct label *v;
	size_t n = 0, cap = pod->labels.n + 4 + (ns != NULL ? ns->labels.n : 0);
	size_t i;
	struct buf b = BUF_INIT;
	const char *k8s = intern(m->st, "k8s");

	v = xcalloc(cap, sizeof(*v));
	for (i = 0; i < pod->labels.n; i++) {
		/* Users may not set Cilium-owned labels (filterPodLabels). */
		if (strncmp(pod->labels.v[i].key, "io.cilium.k8s", 13) == 0)
			continue;
		if (!label_filter_keep(f, pod->labels.v[i].key))
			continue;
		v[n++] = pod->labels.v[i];
	}
	v[n].source = k8s;
	v[n].key = intern(m->st, "io.kubernetes.pod.namespace");
	v[n++].value = pod->ns != NULL ? pod->ns : intern(m->st, "");
	for (i = 0; ns != NULL && i < ns->labels.n; i++) {
		buf_reset(&b);
		buf_addf(&b, "io.cilium.k8s.namespace.labels.%s",
		    ns->labels.v[i].key);
		v[n].source = k8s;
		v[n].key = intern(m->st, b.ptr);
		v[n++].value = ns->labels.v[i].value;
	}
	if (pod->service_account != NULL && *pod->service_account != '\0') {
		v[n].source = k8s;
		v[n].key = intern(m->st, "io.cilium.k8s.policy.serviceaccount");
		v[n++].value = pod->service_account;
	}
	v[n].source = k8s;
	v[n].key = intern(m->st, "io.cilium.k8s.policy.cluster");
	v[n++].value = m->cluster;
	labelset_build(m->a, v, n, out);
	free(v);
	buf_release(&b);
}

void
model_pod_identity_labels(struct model *m, const struct k8s_pod *pod,
    struct labelset *out)
{
	struct model_private *p = m->priv;

	/* Compiled once per model: checks call this for every pod. */
	if (p->filter == NULL) {
		p->filter = xcalloc(1, sizeof(*p->filter));
		label_filter_init(p->filter);
	}
	pod_identity_labels(m, p->filter, pod, out);
}

static int
endpoint_cmp(const void *a, const void *b)
{
	const struct model_endpoint *x = a, *y = b;
	int c;

	if ((c = strcmp(x->ns != NULL ? x->ns : "",
	    y->ns != NULL ? y->ns : "")) != 0)
		return c;
	if ((c = strcmp(x->pod != NULL ? x->pod : "",
	    y->pod != NULL ? y->pod : "")) != 0)
		return c;
	if ((c = strcmp(x->node != NULL ? x->node : "",
	    y->node != NULL ? y->node : "")) != 0)
		return c;
	return x->id < y->id ? -1 : x->id > y->id;
}

/*
 * The node name for a CEP's status.networking.node, which is the node's
 * IP address (pkg/k8s/apis/cilium.io/v2 EndpointNetworking.NodeIP).
 */
static const char *
node_of_ip(const struct model *m, const char *ip)
{
	size_t i, j;

	if (ip == NULL)
		return NULL;
	for (i = 0; i < m->nnodes; i++)
		for (j = 0; j < m->nodes[i].ninternal_ips; j++)
			if (strcmp(m->nodes[i].internal_ips[j], ip) == 0)
				return m->nodes[i].name;
	for (i = 0; i < m->ncilium_nodes; i++)
		for (j = 0; j < m->cilium_nodes[i].naddresses; j++)
			if (strcmp(m->cilium_nodes[i].addresses[j], ip) == 0)
				return m->cilium_nodes[i].name;
	/* Older agents may have written the name itself. */
	for (i = 0; i < m->nnodes; i++)
		if (m->nodes[i].name != NULL &&
		    strcmp(m->nodes[i].name, ip) == 0)
			return m->nodes[i].name;
	return NULL;
}

static struct cep *
cep_find(struct model_private *p, const struct ptrmap *byname,
    const char *ns, const char *name)
{
	size_t i;

	return ptrmap_get(byname, ns, name, &i) ? &p->ceps[i] : NULL;
}

/* One endpoint per CEP, plus pods that have none (labels derived). */
static void
join_endpoints(struct model *m)
{
	struct model_private *p = m->priv;
	struct label_filter f;
	struct model_endpoint *e;
	struct ptrmap byname = PTRMAP_INIT;
	bool *used = xcalloc(p->nceps + 1, sizeof(*used));
	size_t i;

	label_filter_init(&f);
	for (i = 0; i < p->nceps; i++)
		ptrmap_put(&byname, p->ceps[i].ns, p->ceps[i].name, i);
	for (i = 0; i < m->npods; i++) {
		const struct k8s_pod *pod = &m->pods[i];
		struct cep *c = cep_find(p, &byname, pod->ns, pod->name);

		if (pod->host_network)
			continue;
		if (c == NULL && (pod->phase == NULL ||
		    (strcmp(pod->phase, "Succeeded") == 0 ||
		    strcmp(pod->phase, "Failed") == 0)))
			continue;
		e = PUSH(m, endpoints);
		memset(e, 0, sizeof(*e));
		e->ns = pod->ns;
		e->pod = pod->name;
		e->node = pod->node;
		e->k8s_pod = pod;
		e->ipv4 = pod->ip;
		e->sources = MSRC_POD;
		e->src = pod->src;
		e->enforce_ingress = e->enforce_egress = -1;
		if (c != NULL) {
			used[c - p->ceps] = true;
			e->id = c->id;
			e->identity = c->identity;
			e->labels = c->labels;
			e->state = c->state;
			if (e->node == NULL)
				e->node = node_of_ip(m, c->node);
			if (c->ipv4 != NULL)
				e->ipv4 = c->ipv4;
			e->ipv6 = c->ipv6;
			e->enforce_ingress = c->enforce_ingress;
			e->enforce_egress = c->enforce_egress;
			e->sources |= MSRC_CEP;
			e->src = c->src;
		}
		if (e->labels.n == 0) {
			const struct model_identity *mi = e->identity != 0 ?
			    model_identity_find(m, e->identity) : NULL;

			if (mi != NULL && mi->labels.n > 0)
				e->labels = mi->labels;
			else {
				pod_identity_labels(m, &f, pod, &e->labels);
				e->sources |= MSRC_DERIVED;
			}
		}
	}
	for (i = 0; i < p->nceps; i++) {
		struct cep *c = &p->ceps[i];

		if (used[i])
			continue;
		e = PUSH(m, endpoints);
		memset(e, 0, sizeof(*e));
		e->ns = c->ns;
		e->pod = c->name;
		e->node = node_of_ip(m, c->node);
		e->id = c->id;
		e->identity = c->identity;
		e->labels = c->labels;
		e->ipv4 = c->ipv4;
		e->ipv6 = c->ipv6;
		e->state = c->state;
		e->enforce_ingress = c->enforce_ingress;
		e->enforce_egress = c->enforce_egress;
		e->sources = MSRC_CEP;
		e->src = c->src;
	}
	free(used);
	ptrmap_release(&byname);
	label_filter_release(&f);
	if (m->nendpoints > 1)
		qsort(m->endpoints, m->nendpoints, sizeof(*m->endpoints),
		    endpoint_cmp);
}

/* Identities named by flows, with the labels Hubble printed. */
static void
identities_from_flows(struct model *m)
{
	size_t i, j, k;
	struct label *v = NULL;
	size_t cap = 0;

	for (i = 0; i < m->nflow_files; i++) {
		const struct model_flows *mf = &m->flow_files[i];

		if (mf->r.source != FLOW_SOURCE_HUBBLE)
			continue;	/* monitor events carry no labels */
		for (j = 0; j < mf->r.nflows; j++) {
			const struct flow_endpoint *ends[2] = {
				&mf->r.flows[j].src, &mf->r.flows[j].dst,
			};
			struct src src = { mf->r.path, mf->r.flows[j].line };

			for (k = 0; k < 2; k++) {
				const struct flow_endpoint *fe = ends[k];
				struct model_identity *mi;
				struct labelset ls;
				size_t n;

				if (fe->identity == 0)
					continue;
				if ((mi = identity_get(m, fe->identity)) != NULL &&
				    mi->labels.n > 0) {
					mi->sources |= MSRC_FLOW;
					continue;
				}
				v = xgrow(v, &cap, fe->nlabels + 1, sizeof(*v));
				for (n = 0; n < fe->nlabels; n++)
					label_parse(m->st, fe->labels[n], "unspec",
					    &v[n]);
				labelset_build(m->a, v, fe->nlabels, &ls);
				model_identity_add(m, fe->identity, &ls, MSRC_FLOW,
				    &src);
			}
		}
	}
	free(v);
}

/* Reserved identities (pkg/identity/numericidentity.go, C.2). */
static void
add_reserved_identities(struct model *m)
{
	static const struct {
		uint32_t	 id;
		const char	*label;
	} reserved[] = {
		{ 1, "reserved:host" }, { 2, "reserved:world" },
		{ 3, "reserved:unmanaged" }, { 4, "reserved:health" },
		{ 5, "reserved:init" }, { 6, "reserved:remote-node" },
		{ 7, "reserved:kube-apiserver" }, { 8, "reserved:ingress" },
		{ 9, "reserved:world-ipv4" }, { 10, "reserved:world-ipv6" },
	};
	struct src none = { NULL, 0 };
	struct label l[2];
	struct labelset ls;
	size_t i, n;

	for (i = 0; i < sizeof(reserved) / sizeof(reserved[0]); i++) {
		if (identity_get(m, reserved[i].id) != NULL)
			continue;
		n = 0;
		label_parse(m->st, reserved[i].label, "reserved", &l[n++]);
		/* kube-apiserver also carries remote-node (C.2). */
		if (reserved[i].id == 7)
			label_parse(m->st, "reserved:remote-node", "reserved",
			    &l[n++]);
		labelset_build(m->a, l, n, &ls);
		model_identity_add(m, reserved[i].id, &ls, MSRC_DERIVED, &none);
	}
}

static int
identity_cmp(const void *a, const void *b)
{
	const struct model_identity *x = a, *y = b;

	return x->id < y->id ? -1 : x->id > y->id;
}

static int
name_cmp_ns(const char *ans, const char *an, const char *bns,
    const char *bn)
{
	int c = strcmp(ans != NULL ? ans : "", bns != NULL ? bns : "");

	return c != 0 ? c : strcmp(an != NULL ? an : "", bn != NULL ? bn : "");
}

static int
pod_cmp(const void *a, const void *b)
{
	const struct k8s_pod *x = a, *y = b;

	return name_cmp_ns(x->ns, x->name, y->ns, y->name);
}

static int
service_cmp(const void *a, const void *b)
{
	const struct k8s_service *x = a, *y = b;

	return name_cmp_ns(x->ns, x->name, y->ns, y->name);
}

static int
node_cmp(const void *a, const void *b)
{
	const struct k8s_node *x = a, *y = b;

	return name_cmp_ns(NULL, x->name, NULL, y->name);
}

static int
namespace_cmp(const void *a, const void *b)
{
	const struct k8s_namespace *x = a, *y = b;

	return name_cmp_ns(NULL, x->name, NULL, y->name);
}

/* The node of an agent pod, from the pod listing. */
static const char *
node_of_pod(struct model *m, const char *pod)
{
	size_t i;

	for (i = 0; pod != NULL && i < m->inv.npods; i++)
		if (strcmp(m->inv.pods[i].name, pod) == 0)
			return m->inv.pods[i].node != NULL ?
			    intern(m->st, m->inv.pods[i].node) : NULL;
	return NULL;
}

/*
 * Per-pod files name the pod with its container glued on ("logs-<pod>-
 * <ctr>-<ts>.log"); now that the pod listing is known, take the split the
 * inventory made, and the node with it.
 */
static void
resolve_pod_nodes(struct model *m)
{
	size_t i, j;

	for (i = 0; i < m->nlog_events; i++) {
		struct model_log_event *e = &m->log_events[i];

		for (j = 0; j < m->inv.nartifacts; j++) {
			const struct inventory_artifact *a = &m->inv.artifacts[j];

			if (strcmp(a->path, e->src.path) != 0)
				continue;
			if (a->pod != NULL)
				e->pod = intern(m->st, a->pod);
			if (a->container != NULL)
				e->container = intern(m->st, a->container);
			if (a->node != NULL)
				e->node = intern(m->st, a->node);
			break;
		}
		/* Consecutive events mostly share a member: reuse it. */
		while (i + 1 < m->nlog_events &&
		    m->log_events[i + 1].src.path == e->src.path) {
			m->log_events[i + 1].pod = e->pod;
			m->log_events[i + 1].container = e->container;
			m->log_events[i + 1].node = e->node;
			i++;
		}
	}
	for (i = 0; i < m->nflow_files; i++)
		m->flow_files[i].node = node_of_pod(m, m->flow_files[i].pod);
}

/*
 * Monitor events name no pods: give each end the pod of the endpoint that
 * holds its address, when the event's identity (if any) agrees with the
 * endpoint's, and a drop delivered to that endpoint its direction.
 * `hubble observe` text names pods but may lack identities and addresses:
 * take them from the pod's endpoint.  Hubble's JSON flows carry all of it
 * and are left alone.
 */
static void
flows_join_endpoints(struct model *m)
{
	struct ptrmap by_ip, by_pod;
	size_t i, j, k, idx;

	ptrmap_init(&by_ip);
	ptrmap_init(&by_pod);
	for (i = 0; i < m->nendpoints; i++) {
		const struct model_endpoint *e = &m->endpoints[i];

		if (e->pod == NULL)
			continue;
		if (e->ns != NULL)
			ptrmap_put(&by_pod, intern(m->st, e->ns),
			    intern(m->st, e->pod), i);
		if (e->ipv4 != NULL)
			ptrmap_put(&by_ip, intern(m->st, e->ipv4), NULL, i);
		if (e->ipv6 != NULL)
			ptrmap_put(&by_ip, intern(m->st, e->ipv6), NULL, i);
	}
	for (i = 0; i < m->nflow_files; i++) {
		struct flow_result *r = &m->flow_files[i].r;

		if (r->source == FLOW_SOURCE_HUBBLE)
			continue;
		for (j = 0; j < r->nflows; j++) {
			struct flow_record *fr = &r->flows[j];
			struct flow_endpoint *ends[2] = { &fr->src, &fr->dst };
			const char **ipp[2] = { &fr->src_ip, &fr->dst_ip };
			const char *ips[2] = { fr->src_ip, fr->dst_ip };
			uint32_t to_ep = 0;

			/* Not the destination's ID: see below. */
			if (fr->has_event_type &&
			    fr->event_type == FLOW_EVENT_DROP) {
				to_ep = fr->dst.id;
				fr->dst.id = 0;
			}

			for (k = 0; k < 2; k++) {
				struct flow_endpoint *fe = ends[k];
				const struct model_endpoint *e;

				/* Hubble text names pods: add what it lacks. */
				if (fe->pod_name != NULL && fe->namespace != NULL &&
				    ptrmap_get(&by_pod, fe->namespace,
				    fe->pod_name, &idx)) {
					e = &m->endpoints[idx];
					if (fe->identity != 0 && e->identity != 0 &&
					    fe->identity != e->identity)
						continue;
					if (fe->identity == 0)
						fe->identity = e->identity;
					if (fe->id == 0)
						fe->id = e->id;
					if (*ipp[k] == NULL)
						*ipp[k] = e->ipv4 != NULL ?
						    e->ipv4 : e->ipv6;
					continue;
				}
				if (fe->pod_name != NULL || ips[k] == NULL ||
				    !ptrmap_get(&by_ip, ips[k], NULL, &idx))
					continue;
				e = &m->endpoints[idx];
				if (fe->identity != 0 && e->identity != 0 &&
				    fe->identity != e->identity)
					continue;	/* a reused address */
				if (fe->identity == 0)
					fe->identity = e->identity;
				if (fe->id == 0)
					fe->id = e->id;
				fe->namespace = e->ns;
				fe->pod_name = e->pod;
				/*
				 * A drop event's "to endpoint N" is the
				 * destination endpoint when its own program
				 * dropped the packet (LXC_ID in the ingress
				 * send_drop_notify calls of bpf/bpf_lxc.c);
				 * egress policy drops report 0.  Endpoint IDs
				 * are per node, so only the destination's
				 * own ID says ingress.
				 */
				if (k == 1 && to_ep != 0 && e->id == to_ep &&
				    fr->direction == FLOW_DIR_UNKNOWN &&
				    fr->verdict == FLOW_DROPPED)
					fr->direction = FLOW_DIR_INGRESS;
			}
			/*
			 * A policy drop from a pod to an address outside the
			 * cluster (world, or a node-local CIDR/FQDN identity)
			 * can only be the pod's egress: nothing enforces
			 * ingress there.
			 */
			if (fr->direction == FLOW_DIR_UNKNOWN &&
			    fr->verdict == FLOW_DROPPED &&
			    drop_reason_category(fr->drop_reason) ==
			    DROP_CAT_POLICY && fr->src.pod_name != NULL &&
			    fr->dst.pod_name == NULL &&
			    (fr->dst.identity == 2 || fr->dst.identity == 9 ||
			    fr->dst.identity == 10 ||
			    fr->dst.identity >= MODEL_LOCAL_IDENTITY_MIN))
				fr->direction = FLOW_DIR_EGRESS;
		}
	}
	ptrmap_release(&by_ip);
	ptrmap_release(&by_pod);
}

static void
model_finish(struct model *m)
{
	const char *cn;

	if (m->nnamespaces > 1)
		qsort(m->namespaces, m->nnamespaces, sizeof(*m->namespaces),
		    namespace_cmp);
	if (m->nnodes > 1)
		qsort(m->nodes, m->nnodes, sizeof(*m->nodes), node_cmp);
	if (m->npods > 1)
		qsort(m->pods, m->npods, sizeof(*m->pods), pod_cmp);
	if (m->nservices > 1)
		qsort(m->services, m->nservices, sizeof(*m->services),
		    service_cmp);
	find_version(m);
	model_bugtool_agents(m);
	if (m->cilium_version != NULL && m->version_major == 0)
		version_split(m->cilium_version, &m->version_major,
		    &m->version_minor);
	cn = model_config(m, "cluster-name");
	m->cluster = intern(m->st, cn != NULL && *cn != '\0' ? cn : "default");
	normalize_policies(m);
	identities_from_flows(m);
	add_reserved_identities(m);
	join_endpoints(m);
	/* The agents' word on endpoints and identities, then order. */
	model_bugtool_join(m);
	if (m->nidentities > 1)
		qsort(m->identities, m->nidentities, sizeof(*m->identities),
		    identity_cmp);
	identity_reindex(m);
	if (m->nendpoints > 1)
		qsort(m->endpoints, m->nendpoints, sizeof(*m->endpoints),
		    endpoint_cmp);
	resolve_pod_nodes(m);
	flows_join_endpoints(m);
	diag_list_sort(&m->problems);
}

int
model_build(struct model *m, const char *input,
    const struct ingest_limits *limits, char **errp)
{
	static const struct ingest_visitor v = {
		visit_member, visit_member_end, visit_skip,
	};
	struct ingest_input info;
	int rc;

	memset(m, 0, sizeof(*m));
	m->a = arena_new();
	m->st = strtab_new(m->a);
	m->priv = xcalloc(1, sizeof(*m->priv));
	diag_list_init(&m->problems);
	m->priv->iw = inventory_walk_new(&m->inv, input);
	rc = ingest_walk(input, limits, &v, m, &info, errp);
	inventory_walk_finish(m->priv->iw, &info, rc == 0);
	m->priv->iw = NULL;
	ingest_input_release(&info);
	if (rc != 0)
		return -1;
	model_finish(m);
	return 0;
}

void
model_free(struct model *m)
{
	struct model_private *p = m->priv;
	size_t i;

	if (p != NULL) {
		for (i = 0; i < p->npending; i++) {
			json_decref(p->pending[i].obj);
			json_lines_free(p->pending[i].lines);
		}
		free(p->pending);
		free(p->ceps);
		json_decref(p->helm);
		json_lines_free(p->helm_lines);
		for (i = 0; i < p->cache_cap; i++)
			free(p->cache[i].idx);
		free(p->cache);
		for (i = 0; i < p->ngroups; i++)
			free(p->groups[i].eps);
		free(p->groups);
		for (i = 0; i < p->index_cap; i++)
			free(p->index[i].groups);
		free(p->index);
		free(p->stamp);
		ptrmap_release(&p->identity_ids);
		if (p->filter != NULL) {
			label_filter_release(p->filter);
			free(p->filter);
		}
		free(p);
	}
	free(m->nodes);
	free(m->namespaces);
	free(m->pods);
	free(m->services);
	free(m->k8s_endpoints);
	free(m->events);
	free(m->policies);
	free(m->identities);
	free(m->endpoints);
	free(m->cilium_nodes);
	free(m->cidr_groups);
	free(m->flow_files);
	free(m->agents);
	free(m->log_events);
	diag_list_release(&m->problems);
	inventory_release(&m->inv);
	strtab_free(m->st);
	arena_free(m->a);
	memset(m, 0, sizeof(*m));
}

json_t *
model_helm_value(const struct model *m, const char *path)
{
	json_t *v = m->priv != NULL ? m->priv->helm : NULL;
	const char *p = path, *dot;
	char key[256];
	size_t n;

	while (v != NULL && *p != '\0') {
		dot = strchr(p, '.');
		n = dot != NULL ? (size_t)(dot - p) : strlen(p);
		if (n >= sizeof(key))
			return NULL;
		memcpy(key, p, n);
		key[n] = '\0';
		v = json_object_get(v, key);
		p += n + (dot != NULL);
	}
	return v;
}

const char *
model_helm_where(const struct model *m, const char *path,
    unsigned long *line)
{
	json_t *v = model_helm_value(m, path);
	const struct model_private *p = m->priv;

	*line = 0;
	if (p == NULL || p->helm == NULL)
		return NULL;
	if (v != NULL)
		*line = json_lines_get(p->helm_lines, v);
	if (*line == 0)
		*line = p->helm_src.line;
	return p->helm_src.path;
}

const struct model_cidr_group *
model_cidr_group_find(const struct model *m, const char *name)
{
	size_t i;

	for (i = 0; name != NULL && i < m->ncidr_groups; i++)
		if (m->cidr_groups[i].name != NULL &&
		    strcmp(m->cidr_groups[i].name, name) == 0)
			return &m->cidr_groups[i];
	return NULL;
}

const struct model_identity *
model_identity_find(const struct model *m, uint32_t id)
{
	size_t i;

	if (m->priv == NULL)
		return NULL;
	return ptrmap_get(&m->priv->identity_ids, (void *)(uintptr_t)id, NULL,
	    &i) ? &m->identities[i] : NULL;
}

const struct k8s_namespace *
model_namespace_find(const struct model *m, const char *name)
{
	size_t i;

	for (i = 0; name != NULL && i < m->nnamespaces; i++)
		if (m->namespaces[i].name != NULL &&
		    strcmp(m->namespaces[i].name, name) == 0)
			return &m->namespaces[i];
	return NULL;
}

const struct k8s_pod *
model_pod_find(const struct model *m, const char *ns, const char *name)
{
	size_t i;

	for (i = 0; i < m->npods; i++)
		if (m->pods[i].ns != NULL && m->pods[i].name != NULL &&
		    strcmp(m->pods[i].ns, ns) == 0 &&
		    strcmp(m->pods[i].name, name) == 0)
			return &m->pods[i];
	return NULL;
}

/* --- selector matching over distinct label sets ---------------------- */

static size_t
ptr2_hash(const void *a, const void *b, size_t cap)
{
	uintptr_t x = (uintptr_t)a * (uintptr_t)0x9e3779b97f4a7c15ULL ^
	    (uintptr_t)b;

	x ^= x >> 29;
	x *= (uintptr_t)0xbf58476d1ce4e5b9ULL;
	return (size_t)(x >> 11) & (cap - 1);
}

static struct index_entry *
index_slot(struct model_private *p, const char *key, const char *value)
{
	size_t i = ptr2_hash(key, value, p->index_cap);

	while (p->index[i].key != NULL && (p->index[i].key != key ||
	    p->index[i].value != value))
		i = (i + 1) & (p->index_cap - 1);
	return &p->index[i];
}

static bool
labelset_equal(const struct labelset *a, const struct labelset *b)
{
	return a->n == b->n && (a->n == 0 ||
	    memcmp(a->v, b->v, a->n * sizeof(*a->v)) == 0);
}

/* Group endpoints by label set and index the sets by (key, value). */
static void
build_index(struct model *m)
{
	struct model_private *p = m->priv;
	size_t i, j, g, cap = 0, nlabels = 0;

	p->indexed = true;
	for (i = 0; i < m->nendpoints; i++) {
		const struct labelset *ls = &m->endpoints[i].labels;

		/* Most endpoints share a set with a recent one: look back. */
		for (g = p->ngroups; g > 0; g--)
			if (labelset_equal(p->groups[g - 1].labels, ls))
				break;
		if (g == 0) {
			p->groups = xgrow(p->groups, &cap, p->ngroups + 1,
			    sizeof(*p->groups));
			memset(&p->groups[p->ngroups], 0, sizeof(*p->groups));
			p->groups[p->ngroups].labels = ls;
			nlabels += ls->n;
			g = ++p->ngroups;
		}
		p->groups[g - 1].eps = xgrow(p->groups[g - 1].eps,
		    &p->groups[g - 1].eps_cap, p->groups[g - 1].neps + 1,
		    sizeof(size_t));
		p->groups[g - 1].eps[p->groups[g - 1].neps++] = i;
	}
	for (p->index_cap = 64; p->index_cap < nlabels * 2 + 2;)
		p->index_cap *= 2;
	p->index = xcalloc(p->index_cap, sizeof(*p->index));
	for (g = 0; g < p->ngroups; g++) {
		const struct labelset *ls = p->groups[g].labels;

		for (j = 0; j < ls->n; j++) {
			struct index_entry *e = index_slot(p, ls->v[j].key,
			    ls->v[j].value);

			if (e->key == NULL) {
				e->key = ls->v[j].key;
				e->value = ls->v[j].value;
				p->nindex++;
			}
			if (e->n > 0 && e->groups[e->n - 1] == g)
				continue;
			e->groups = xgrow(e->groups, &e->cap, e->n + 1,
			    sizeof(size_t));
			e->groups[e->n++] = g;
		}
	}
	p->stamp = xcalloc(p->ngroups + 1, sizeof(*p->stamp));
}

static int
size_cmp(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;

	return x < y ? -1 : x > y;
}

static struct match_entry *
cache_slot(struct model_private *p, const char *key)
{
	size_t i;

	if ((p->ncache + 1) * 2 > p->cache_cap) {
		struct match_entry *old = p->cache;
		size_t oldcap = p->cache_cap, j;

		p->cache_cap = oldcap ? oldcap * 2 : 64;
		p->cache = xcalloc(p->cache_cap, sizeof(*p->cache));
		for (j = 0; j < oldcap; j++) {
			if (old[j].key == NULL)
				continue;
			i = ptr2_hash(old[j].key, NULL, p->cache_cap);
			while (p->cache[i].key != NULL)
				i = (i + 1) & (p->cache_cap - 1);
			p->cache[i] = old[j];
		}
		free(old);
	}
	i = ptr2_hash(key, NULL, p->cache_cap);
	while (p->cache[i].key != NULL && p->cache[i].key != key)
		i = (i + 1) & (p->cache_cap - 1);
	return &p->cache[i];
}

const size_t *
model_selector_endpoints(struct model *m, const struct selector *s,
    size_t *np)
{
	struct model_private *p = m->priv;
	struct match_entry *ce;
	size_t *out = NULL, nout = 0, cap = 0, g, i, j, best = (size_t)-1;
	size_t best_count = (size_t)-1;
	const char *key = intern(m->st, s->text);

	if (!p->indexed)
		build_index(m);
	ce = cache_slot(p, key);
	if (ce->key != NULL) {
		*np = ce->n;
		return ce->idx;
	}
	/*
	 * The In requirement with the fewest candidate sets narrows the
	 * search; a selector without one scans every set.
	 */
	for (i = 0; i < s->n; i++) {
		size_t count = 0;

		if (s->reqs[i].op != SEL_IN)
			continue;
		for (j = 0; j < s->reqs[i].nvalues; j++) {
			struct index_entry *e = index_slot(p, s->reqs[i].key,
			    s->reqs[i].values[j]);

			count += e->n;
		}
		if (count < best_count) {
			best_count = count;
			best = i;
		}
	}
	p->stamp_now++;
	if (best != (size_t)-1) {
		for (j = 0; j < s->reqs[best].nvalues; j++) {
			struct index_entry *e = index_slot(p,
			    s->reqs[best].key, s->reqs[best].values[j]);

			for (i = 0; i < e->n; i++) {
				g = e->groups[i];
				if (p->stamp[g] == p->stamp_now)
					continue;
				p->stamp[g] = p->stamp_now;
				if (!selector_matches(s, p->groups[g].labels))
					continue;
				out = xgrow(out, &cap, nout +
				    p->groups[g].neps, sizeof(*out));
				memcpy(out + nout, p->groups[g].eps,
				    p->groups[g].neps * sizeof(*out));
				nout += p->groups[g].neps;
			}
		}
	} else {
		for (g = 0; g < p->ngroups; g++) {
			if (!selector_matches(s, p->groups[g].labels))
				continue;
			out = xgrow(out, &cap, nout + p->groups[g].neps,
			    sizeof(*out));
			memcpy(out + nout, p->groups[g].eps,
			    p->groups[g].neps * sizeof(*out));
			nout += p->groups[g].neps;
		}
	}
	if (nout > 1)
		qsort(out, nout, sizeof(*out), size_cmp);
	p->ncache++;
	ce->key = key;
	ce->idx = out;
	ce->n = nout;
	*np = nout;
	return out;
}
