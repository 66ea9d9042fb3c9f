/*
 * art_k8s.c: Kubernetes objects from sysdump YAML lists into structs.
 *
 * The converters read only the fields the rules need and tolerate every
 * field being absent.  Strings are interned in the model's strtab; arrays
 * are copied into the model arena.  See art_k8s.h.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "arena.h"
#include "art_k8s.h"
#include "intern.h"
#include "label.h"
#include "parse_yaml.h"
#include "xalloc.h"

/* A string field, interned, or NULL. */
static const char *
jstr(const struct k8s_ctx *c, json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	return json_is_string(v) ? intern(c->st, json_string_value(v)) : NULL;
}

/* An object path a.b.c, or NULL. */
static json_t *
jpath(json_t *o, const char *a, const char *b)
{
	json_t *v = json_object_get(o, a);

	return b != NULL ? json_object_get(v, b) : v;
}

static uint32_t
ju32(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	json_int_t i;

	if (json_is_integer(v)) {
		i = json_integer_value(v);
		return i < 0 ? 0 : i > UINT32_MAX ? UINT32_MAX : (uint32_t)i;
	}
	if (json_is_string(v)) {
		char *end;
		unsigned long u = strtoul(json_string_value(v), &end, 10);

		if (*end == '\0' && end != json_string_value(v) &&
		    u <= UINT32_MAX)
			return (uint32_t)u;
	}
	return 0;
}

static bool
jbool(json_t *o, const char *key)
{
	return json_is_true(json_object_get(o, key));
}

/* A map of string labels -> label set with the given source. */
static void
labels_from_map(const struct k8s_ctx *c, json_t *m, const char *source,
    struct labelset *out)
{
	struct label *v = NULL;
	size_t n = 0, cap = 0;
	const char *k;
	json_t *val;
	char num[32];

	json_object_foreach(m, k, val) {
		const char *s;

		if (json_is_string(val))
			s = json_string_value(val);
		else if (json_is_integer(val)) {
			snprintf(num, sizeof(num), "%" JSON_INTEGER_FORMAT,
			    json_integer_value(val));
			s = num;
		} else if (json_is_boolean(val))
			s = json_is_true(val) ? "true" : "false";
		else
			continue;
		v = xgrow(v, &cap, n + 1, sizeof(*v));
		v[n].source = intern(c->st, source);
		v[n].key = intern(c->st, k);
		v[n].value = intern(c->st, s);
		n++;
	}
	labelset_build(c->a, v, n, out);
	free(v);
}

/* An array of strings (or of objects' `field`) into an arena array. */
static const char **
str_array(const struct k8s_ctx *c, json_t *arr, const char *field,
    size_t *np)
{
	const char **v;
	size_t i, n = 0;
	json_t *e;

	*np = 0;
	if (!json_is_array(arr) || json_array_size(arr) == 0)
		return NULL;
	v = arena_calloc(c->a, json_array_size(arr), sizeof(*v));
	json_array_foreach(arr, i, e) {
		json_t *s = field != NULL ? json_object_get(e, field) : e;

		if (json_is_string(s))
			v[n++] = intern(c->st, json_string_value(s));
	}
	*np = n;
	return v;
}

void
k8s_node_from_json(const struct k8s_ctx *c, json_t *o, unsigned long line,
    struct k8s_node *out)
{
	json_t *md = json_object_get(o, "metadata");
	json_t *spec = json_object_get(o, "spec");
	json_t *status = json_object_get(o, "status");
	json_t *addrs = json_object_get(status, "addresses");
	json_t *conds = json_object_get(status, "conditions");
	json_t *e;
	const char **ips;
	size_t i, n = 0;

	memset(out, 0, sizeof(*out));
	out->src.path = c->path;
	out->src.line = line;
	out->name = jstr(c, md, "name");
	labels_from_map(c, json_object_get(md, "labels"), "k8s", &out->labels);
	ips = json_array_size(addrs) ? arena_calloc(c->a,
	    json_array_size(addrs), sizeof(*ips)) : NULL;
	json_array_foreach(addrs, i, e) {
		const char *t = json_string_value(json_object_get(e, "type"));

		if (t != NULL && strcmp(t, "InternalIP") == 0 &&
		    json_is_string(json_object_get(e, "address")))
			ips[n++] = jstr(c, e, "address");
	}
	out->internal_ips = ips;
	out->ninternal_ips = n;
	out->pod_cidrs = str_array(c, json_object_get(spec, "podCIDRs"), NULL,
	    &out->npod_cidrs);
	if (out->npod_cidrs == 0 && jstr(c, spec, "podCIDR") != NULL) {
		out->pod_cidrs = arena_alloc(c->a, sizeof(char *));
		out->pod_cidrs[0] = jstr(c, spec, "podCIDR");
		out->npod_cidrs = 1;
	}
	out->kernel = jstr(c, jpath(status, "nodeInfo", NULL), "kernelVersion");
	out->os_image = jstr(c, jpath(status, "nodeInfo", NULL), "osImage");
	out->kubelet = jstr(c, jpath(status, "nodeInfo", NULL),
	    "kubeletVersion");
	out->ready = -1;
	json_array_foreach(conds, i, e) {
		const char *t = json_string_value(json_object_get(e, "type"));
		const char *s = json_string_value(json_object_get(e, "status"));

		if (t != NULL && s != NULL && strcmp(t, "Ready") == 0)
			out->ready = strcmp(s, "True") == 0;
	}
}

void
k8s_namespace_from_json(const struct k8s_ctx *c, json_t *o,
    unsigned long line, struct k8s_namespace *out)
{
	json_t *md = json_object_get(o, "metadata");

	memset(out, 0, sizeof(*out));
	out->src.path = c->path;
	out->src.line = line;
	out->name = jstr(c, md, "name");
	labels_from_map(c, json_object_get(md, "labels"), "k8s", &out->labels);
}

static const char *
protocol_or_tcp(const struct k8s_ctx *c, json_t *o)
{
	const char *p = jstr(c, o, "protocol");

	return p != NULL ? p : intern(c->st, "TCP");
}

/* Container ports and states of one list (containers or initContainers). */
static void
pod_containers(const struct k8s_ctx *c, json_t *spec_list, json_t *stat_list,
    bool init, struct container_port **ports, size_t *nports,
    size_t *pcap, struct container_state **cs, size_t *ncs, size_t *ccap)
{
	json_t *ct, *p, *s;
	size_t i, j;

	json_array_foreach(spec_list, i, ct) {
		const char *cname = jstr(c, ct, "name");

		json_array_foreach(json_object_get(ct, "ports"), j, p) {
			*ports = xgrow(*ports, pcap, *nports + 1,
			    sizeof(**ports));
			(*ports)[*nports].container = cname;
			(*ports)[*nports].name = jstr(c, p, "name");
			(*ports)[*nports].port = ju32(p, "containerPort");
			(*ports)[*nports].protocol = protocol_or_tcp(c, p);
			(*nports)++;
		}
	}
	json_array_foreach(stat_list, i, s) {
		struct container_state *x;
		json_t *last = jpath(json_object_get(s, "lastState"),
		    "terminated", NULL);

		*cs = xgrow(*cs, ccap, *ncs + 1, sizeof(**cs));
		x = &(*cs)[(*ncs)++];
		memset(x, 0, sizeof(*x));
		x->name = jstr(c, s, "name");
		x->init = init;
		x->restarts = ju32(s, "restartCount");
		x->ready = jbool(s, "ready");
		x->waiting_reason = jstr(c, jpath(json_object_get(s, "state"),
		    "waiting", NULL), "reason");
		x->last_reason = jstr(c, last, "reason");
		x->last_exit_code = (int)json_integer_value(
		    json_object_get(last, "exitCode"));
		x->last_finished = jstr(c, last, "finishedAt");
	}
}

void
k8s_pod_from_json(const struct k8s_ctx *c, json_t *o, unsigned long line,
    struct k8s_pod *out)
{
	json_t *md = json_object_get(o, "metadata");
	json_t *spec = json_object_get(o, "spec");
	json_t *status = json_object_get(o, "status");
	json_t *conds = json_object_get(status, "conditions");
	json_t *owners = json_object_get(md, "ownerReferences");
	json_t *e;
	struct container_port *ports = NULL;
	struct container_state *cs = NULL;
	size_t np = 0, pcap = 0, ncs = 0, ccap = 0, i;

	memset(out, 0, sizeof(*out));
	out->src.path = c->path;
	out->src.line = line;
	out->ns = jstr(c, md, "namespace");
	out->name = jstr(c, md, "name");
	out->node = jstr(c, spec, "nodeName");
	out->host_network = jbool(spec, "hostNetwork");
	out->service_account = jstr(c, spec, "serviceAccountName");
	if (out->service_account == NULL)
		out->service_account = jstr(c, spec, "serviceAccount");
	labels_from_map(c, json_object_get(md, "labels"), "k8s", &out->labels);
	out->ip = jstr(c, status, "podIP");
	out->ips = str_array(c, json_object_get(status, "podIPs"), "ip",
	    &out->nips);
	out->phase = jstr(c, status, "phase");
	json_array_foreach(conds, i, e) {
		const char *t = json_string_value(json_object_get(e, "type"));
		const char *s = json_string_value(json_object_get(e, "status"));

		if (t != NULL && s != NULL && strcmp(t, "Ready") == 0)
			out->ready = strcmp(s, "True") == 0;
	}
	e = json_array_get(owners, 0);
	out->owner_kind = jstr(c, e, "kind");
	out->owner_name = jstr(c, e, "name");
	out->image = jstr(c, json_array_get(json_object_get(spec,
	    "containers"), 0), "image");
	pod_containers(c, json_object_get(spec, "initContainers"),
	    json_object_get(status, "initContainerStatuses"), true, &ports,
	    &np, &pcap, &cs, &ncs, &ccap);
	pod_containers(c, json_object_get(spec, "containers"),
	    json_object_get(status, "containerStatuses"), false, &ports, &np,
	    &pcap, &cs, &ncs, &ccap);
	for (i = 0; i < ncs; i++)
		if (!cs[i].init)
			out->restarts += cs[i].restarts;
	out->ports = np ? arena_memdup(c->a, ports, np * sizeof(*ports)) : NULL;
	out->nports = np;
	out->containers = ncs ? arena_memdup(c->a, cs, ncs * sizeof(*cs)) :
	    NULL;
	out->ncontainers = ncs;
	free(ports);
	free(cs);
}

void
k8s_service_from_json(const struct k8s_ctx *c, json_t *o, unsigned long line,
    struct k8s_service *out)
{
	json_t *md = json_object_get(o, "metadata");
	json_t *spec = json_object_get(o, "spec");
	json_t *ports = json_object_get(spec, "ports");
	json_t *sel = json_object_get(spec, "selector");
	json_t *p, *tp;
	size_t i;

	memset(out, 0, sizeof(*out));
	out->src.path = c->path;
	out->src.line = line;
	out->ns = jstr(c, md, "namespace");
	out->name = jstr(c, md, "name");
	labels_from_map(c, json_object_get(md, "labels"), "k8s", &out->labels);
	out->type = jstr(c, spec, "type");
	if (out->type == NULL)
		out->type = intern(c->st, "ClusterIP");
	out->cluster_ip = jstr(c, spec, "clusterIP");
	out->has_selector = json_is_object(sel) && json_object_size(sel) > 0;
	labels_from_map(c, sel, "k8s", &out->selector);
	out->nports = json_array_size(ports);
	out->ports = out->nports ? arena_calloc(c->a, out->nports,
	    sizeof(*out->ports)) : NULL;
	json_array_foreach(ports, i, p) {
		struct svc_port *sp = &out->ports[i];

		sp->name = jstr(c, p, "name");
		sp->port = ju32(p, "port");
		sp->protocol = protocol_or_tcp(c, p);
		sp->node_port = ju32(p, "nodePort");
		tp = json_object_get(p, "targetPort");
		/* targetPort defaults to port; a string may be a number. */
		if (tp == NULL || json_is_null(tp))
			sp->target_port = sp->port;
		else if (json_is_integer(tp) || (json_is_string(tp) &&
		    ju32(p, "targetPort") != 0))
			sp->target_port = ju32(p, "targetPort");
		else if (json_is_string(tp))
			sp->target_port_name = intern(c->st,
			    json_string_value(tp));
	}
}

static void
ep_address(const struct k8s_ctx *c, json_t *a, bool ready,
    struct ep_address *out)
{
	json_t *ref = json_object_get(a, "targetRef");
	const char *kind = json_string_value(json_object_get(ref, "kind"));

	memset(out, 0, sizeof(*out));
	out->ip = jstr(c, a, "ip");
	out->node = jstr(c, a, "nodeName");
	out->ready = ready;
	if (kind != NULL && strcmp(kind, "Pod") == 0) {
		out->pod_ns = jstr(c, ref, "namespace");
		out->pod_name = jstr(c, ref, "name");
	}
}

void
k8s_endpoints_from_json(const struct k8s_ctx *c, json_t *o,
    unsigned long line, struct k8s_endpoints *out)
{
	json_t *md = json_object_get(o, "metadata");
	json_t *subsets = json_object_get(o, "subsets"), *ss, *a, *p;
	struct ep_address *addrs = NULL;
	struct ep_port *ports = NULL;
	size_t na = 0, acap = 0, np = 0, pcap = 0, i, j;

	memset(out, 0, sizeof(*out));
	out->src.path = c->path;
	out->src.line = line;
	out->ns = jstr(c, md, "namespace");
	out->name = jstr(c, md, "name");
	json_array_foreach(subsets, i, ss) {
		json_array_foreach(json_object_get(ss, "addresses"), j, a) {
			addrs = xgrow(addrs, &acap, na + 1, sizeof(*addrs));
			ep_address(c, a, true, &addrs[na++]);
		}
		json_array_foreach(json_object_get(ss, "notReadyAddresses"), j,
		    a) {
			addrs = xgrow(addrs, &acap, na + 1, sizeof(*addrs));
			ep_address(c, a, false, &addrs[na++]);
		}
		json_array_foreach(json_object_get(ss, "ports"), j, p) {
			ports = xgrow(ports, &pcap, np + 1, sizeof(*ports));
			ports[np].name = jstr(c, p, "name");
			ports[np].port = ju32(p, "port");
			ports[np].protocol = protocol_or_tcp(c, p);
			np++;
		}
	}
	out->addrs = na ? arena_memdup(c->a, addrs, na * sizeof(*addrs)) :
	    NULL;
	out->naddrs = na;
	out->ports = np ? arena_memdup(c->a, ports, np * sizeof(*ports)) : NULL;
	out->nports = np;
	free(addrs);
	free(ports);
}

void
k8s_endpointslice_from_json(const struct k8s_ctx *c, json_t *o,
    unsigned long line, struct k8s_endpoints *out)
{
	json_t *md = json_object_get(o, "metadata");
	json_t *eps = json_object_get(o, "endpoints"), *e, *p, *ip;
	struct ep_address *addrs = NULL;
	size_t na = 0, acap = 0, i, j;
	const char *svc = jstr(c, json_object_get(md, "labels"),
	    "kubernetes.io/service-name");

	memset(out, 0, sizeof(*out));
	out->src.path = c->path;
	out->src.line = line;
	out->slice = true;
	out->ns = jstr(c, md, "namespace");
	out->name = svc != NULL ? svc : jstr(c, md, "name");
	json_array_foreach(eps, i, e) {
		json_t *cond = json_object_get(e, "conditions");
		json_t *ready = json_object_get(cond, "ready");

		json_array_foreach(json_object_get(e, "addresses"), j, ip) {
			if (!json_is_string(ip))
				continue;
			addrs = xgrow(addrs, &acap, na + 1, sizeof(*addrs));
			ep_address(c, e, ready == NULL || json_is_true(ready),
			    &addrs[na]);
			addrs[na].ip = intern(c->st, json_string_value(ip));
			na++;
		}
	}
	out->addrs = na ? arena_memdup(c->a, addrs, na * sizeof(*addrs)) :
	    NULL;
	out->naddrs = na;
	out->nports = json_array_size(json_object_get(o, "ports"));
	out->ports = out->nports ? arena_calloc(c->a, out->nports,
	    sizeof(*out->ports)) : NULL;
	json_array_foreach(json_object_get(o, "ports"), i, p) {
		out->ports[i].name = jstr(c, p, "name");
		out->ports[i].port = ju32(p, "port");
		out->ports[i].protocol = protocol_or_tcp(c, p);
	}
	free(addrs);
}

void
k8s_event_from_json(const struct k8s_ctx *c, json_t *o, unsigned long line,
    struct k8s_event *out)
{
	json_t *md = json_object_get(o, "metadata");
	json_t *obj = json_object_get(o, "involvedObject");

	memset(out, 0, sizeof(*out));
	out->src.path = c->path;
	out->src.line = line;
	out->ns = jstr(c, md, "namespace");
	out->type = jstr(c, o, "type");
	out->reason = jstr(c, o, "reason");
	out->message = jstr(c, o, "message");
	out->object_kind = jstr(c, obj, "kind");
	out->object_ns = jstr(c, obj, "namespace");
	out->object_name = jstr(c, obj, "name");
	out->count = ju32(o, "count");
	if (out->count == 0)
		out->count = 1;
	out->last_time = jstr(c, o, "lastTimestamp");
	if (out->last_time == NULL)
		out->last_time = jstr(c, o, "eventTime");
}

static int
kv_cmp(const void *a, const void *b)
{
	return strcmp(((const struct kv *)a)->key, ((const struct kv *)b)->key);
}

void
k8s_configmap_from_json(const struct k8s_ctx *c, json_t *o,
    unsigned long line, const struct json_lines *lines,
    struct k8s_configmap *out)
{
	json_t *md = json_object_get(o, "metadata");
	json_t *data = json_object_get(o, "data"), *v;
	const char *k;
	size_t n = 0;
	char num[32];

	memset(out, 0, sizeof(*out));
	out->src.path = c->path;
	out->src.line = line;
	out->ns = jstr(c, md, "namespace");
	out->name = jstr(c, md, "name");
	out->data = json_object_size(data) ? arena_calloc(c->a,
	    json_object_size(data), sizeof(*out->data)) : NULL;
	json_object_foreach(data, k, v) {
		const char *s = json_string_value(v);

		if (json_is_integer(v)) {
			snprintf(num, sizeof(num), "%" JSON_INTEGER_FORMAT,
			    json_integer_value(v));
			s = num;
		} else if (json_is_boolean(v))
			s = json_is_true(v) ? "true" : "false";
		if (s == NULL)
			continue;
		out->data[n].key = intern(c->st, k);
		out->data[n].value = arena_strdup(c->a, s);
		out->data[n].line = json_lines_get(lines, v);
		if (out->data[n].line == 0)
			out->data[n].line = line;
		n++;
	}
	out->ndata = n;
	if (n > 1)
		qsort(out->data, n, sizeof(*out->data), kv_cmp);
}

const char *
k8s_configmap_get(const struct k8s_configmap *cm, const char *key)
{
	size_t lo = 0, hi = cm->ndata, mid;
	int r;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		r = strcmp(cm->data[mid].key, key);
		if (r == 0)
			return cm->data[mid].value;
		if (r < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

const char *
k8s_version_from_text(struct strtab *st, const char *text)
{
	const char *p = strstr(text, "GitVersion:\""), *q;

	if (p == NULL)
		return NULL;
	p += strlen("GitVersion:\"");
	if ((q = strchr(p, '"')) == NULL || q == p || q - p > 64)
		return NULL;
	return intern_n(st, p, (size_t)(q - p));
}

const char *
k8s_image_version(struct strtab *st, const char *image)
{
	const char *colon, *end, *p;
	const char *at = strchr(image, '@');
	size_t n;

	end = at != NULL ? at : image + strlen(image);
	/* The tag is after the last ':' that follows the last '/'. */
	p = strrchr(image, '/');
	colon = NULL;
	for (p = p != NULL ? p : image; p < end; p++)
		if (*p == ':')
			colon = p;
	if (colon == NULL)
		return NULL;
	p = colon + 1;
	if (*p == 'v')
		p++;
	if (!isdigit((unsigned char)*p))
		return NULL;
	n = (size_t)(end - p);
	return n > 0 && n < 64 ? intern_n(st, p, n) : NULL;
}
