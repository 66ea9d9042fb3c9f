/*
 * corpus_netpol.c: the verdict engine against an outside oracle, the
 * np-guard/netpol-analyzer test cases (corpus policies/netpol-analyzer,
 * SOURCES.md).
 *
 * Each case is a directory of plain manifests (Namespaces, Pods and
 * workloads, NetworkPolicies) with the analyzer's expected connectivity
 * list, expected/<case>_connlist_output.txt: one line per connected pair,
 * "ns/name[Kind] => ns/name[Kind] : All Connections" or ": TCP 80,UDP 53".
 * A pair that is not listed has no connection.
 *
 * The manifests are not a sysdump, and the model reads sysdumps by file
 * name (classify.c), so each case is rewritten the way a sysdump holds it:
 * one representative pod per workload (named ns/name[Kind] the way the
 * analyzer names peers: a Pod by its owner, else itself), the namespaces
 * (with the kubernetes.io/metadata.name label the API server adds) and the
 * policies, as k8s-pods/k8s-namespaces/k8s-networkpolicies-<ts>.yaml in a
 * temporary directory.  The model is built from that, and for every
 * ordered pair of distinct workloads, each protocol and a set of probe
 * ports (every port the case names, its neighbours, 1 and 65535), the
 * engine's verdict is compared with the analyzer's.  Only cases whose
 * policies are all plain NetworkPolicies are used.
 *
 * Cilium and the Kubernetes reference semantics differ in known ways
 * (policy-semantics.md D, F); each disagreement is printed with the
 * engine's reason, and a disagreement of a documented kind counts as
 * explained.  Prints the agreement figure, then "netpol: N passed, N
 * failed", where failures are the unexplained disagreements.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <jansson.h>

#include "buf.h"
#include "corpus_cmdout.h"
#include "diag.h"
#include "ingest.h"
#include "model.h"
#include "parse_yaml.h"
#include "support_archive.h"
#include "verdict.h"
#include "xalloc.h"

#define TS	"20250601-101500"

struct wl {
	char	*peer;		/* "ns/name[Kind]" */
	char	*ns;
	char	*pod;		/* the pod name written for it */
	json_t	*labels;	/* borrowed from the case's objects */
	json_t	*containers;
	bool	 host_network;
};

struct kase {
	json_t		*objs;		/* every object of the case */
	struct wl	*w;
	size_t		 nw, wcap;
	json_t		*nss;		/* name -> labels */
	json_t		*knps;
	bool		 other_policy;	/* AdminNetworkPolicy & co */
};

static int
collect(void *ctx, json_t *obj, unsigned long line,
    const struct json_lines *lines)
{
	struct kase *k = ctx;

	(void)line;
	(void)lines;
	if (json_is_object(obj))
		json_array_append(k->objs, obj);
	return 0;
}

static void
read_tree(struct kase *k, const char *dir)
{
	char **v;
	size_t n, i, len;

	v = cc_list(dir, &n);
	for (i = 0; i < n; i++) {
		const char *b = cc_base(v[i]);
		size_t bl = strlen(b);
		struct diag_list d;
		char *data;

		if (!((bl > 5 && strcmp(b + bl - 5, ".yaml") == 0) ||
		    (bl > 4 && strcmp(b + bl - 4, ".yml") == 0) ||
		    (bl > 5 && strcmp(b + bl - 5, ".json") == 0)))
			continue;
		if ((data = cc_read(v[i], &len)) == NULL)
			continue;
		diag_list_init(&d);
		if (yaml_parse_string(v[i], data, len, NULL, collect, k,
		    &d) != 0 && d.n > 0)
			printf("netpol: %s: not read: %s\n", cc_base(v[i]),
			    d.v[0].text);
		diag_list_release(&d);
		free(data);
	}
	cc_list_free(v, n);
	v = cc_list_dirs(dir, &n);
	for (i = 0; i < n; i++)
		if (strcmp(cc_base(v[i]), "expected") != 0)
			read_tree(k, v[i]);
	cc_list_free(v, n);
}

static const char *
str(json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

static void
ns_add(struct kase *k, const char *ns, json_t *labels)
{
	json_t *l;

	if (json_object_get(k->nss, ns) != NULL && labels == NULL)
		return;
	l = json_is_object(labels) ? json_deep_copy(labels) : json_object();
	/* The API server labels every namespace with its name (1.21+). */
	json_object_set_new(l, "kubernetes.io/metadata.name", json_string(ns));
	json_object_set_new(k->nss, ns, l);
}

static void
wl_add(struct kase *k, const char *ns, const char *name, const char *kind,
    json_t *tmpl)
{
	json_t *md = json_object_get(tmpl, "metadata");
	json_t *spec = json_object_get(tmpl, "spec");
	char *peer = xasprintf("%s/%s[%s]", ns, name, kind);
	struct wl *w;
	size_t i;

	for (i = 0; i < k->nw; i++)
		if (strcmp(k->w[i].peer, peer) == 0) {
			free(peer);
			return;
		}
	k->w = xgrow(k->w, &k->wcap, k->nw + 1, sizeof(*k->w));
	w = &k->w[k->nw];
	w->peer = peer;
	w->ns = xstrdup(ns);
	w->pod = xasprintf("wl-%zu", k->nw);
	w->labels = json_object_get(md, "labels");
	w->containers = json_object_get(spec, "containers");
	w->host_network = json_is_true(json_object_get(spec, "hostNetwork"));
	k->nw++;
	ns_add(k, ns, NULL);
}

static void
classify_objs(struct kase *k)
{
	size_t i;
	json_t *o;

	json_array_foreach(k->objs, i, o) {
		const char *kind = str(o, "kind");
		json_t *md = json_object_get(o, "metadata");
		json_t *spec = json_object_get(o, "spec");
		const char *ns = str(md, "namespace");
		const char *name = str(md, "name");

		/* Items of a PodList carry no kind of their own. */
		if (kind == NULL && json_is_array(json_object_get(spec,
		    "containers")))
			kind = "Pod";
		if (kind == NULL || name == NULL)
			continue;
		if (ns == NULL || *ns == '\0')
			ns = "default";
		if (strcmp(kind, "Namespace") == 0)
			ns_add(k, name, json_object_get(md, "labels"));
		else if (strcmp(kind, "NetworkPolicy") == 0) {
			json_array_append(k->knps, o);
			ns_add(k, ns, NULL);
		} else if (strstr(kind, "NetworkPolicy") != NULL)
			k->other_policy = true;
		else if (strcmp(kind, "Pod") == 0) {
			json_t *own = json_array_get(json_object_get(md,
			    "ownerReferences"), 0);

			/* An owner without a kind: the analyzer says Pod. */
			if (own != NULL && str(own, "name") != NULL)
				wl_add(k, ns, str(own, "name"), str(own, "kind") !=
				    NULL ? str(own, "kind") : "Pod", o);
			else
				wl_add(k, ns, name, "Pod", o);
		} else if (strcmp(kind, "Deployment") == 0 ||
		    strcmp(kind, "ReplicaSet") == 0 ||
		    strcmp(kind, "StatefulSet") == 0 ||
		    strcmp(kind, "DaemonSet") == 0 ||
		    strcmp(kind, "ReplicationController") == 0 ||
		    strcmp(kind, "Job") == 0)
			wl_add(k, ns, name, kind, json_object_get(spec,
			    "template"));
		else if (strcmp(kind, "CronJob") == 0)
			wl_add(k, ns, name, kind, json_object_get(json_object_get(
			    json_object_get(spec, "jobTemplate"), "spec"),
			    "template"));
	}
}

static void
write_json(const char *dir, const char *name, json_t *items)
{
	json_t *list = json_pack("{s:s, s:s, s:O}", "apiVersion", "v1",
	    "kind", "List", "items", items);
	char *s = json_dumps(list, JSON_SORT_KEYS);

	free(sa_write(dir, name, s, strlen(s)));
	free(s);
	json_decref(list);
}

/* Write the case as a sysdump tree; returns its root (malloc'd). */
static char *
write_case(struct kase *k, const char *tmp, const char *cname)
{
	char *root = xasprintf("%s/%s/cilium-sysdump-" TS, tmp, cname);
	json_t *pods = json_array(), *nss = json_array(), *v;
	const char *key;
	size_t i;

	{
		char *d = xasprintf("%s/%s", tmp, cname);

		mkdir(d, 0700);
		mkdir(root, 0700);
		free(d);
	}
	for (i = 0; i < k->nw; i++) {
		const struct wl *w = &k->w[i];
		char ip[32];

		snprintf(ip, sizeof(ip), "10.%zu.%zu.%zu", 100 + i / 65536,
		    (i / 256) % 256, i % 256 + (i % 256 == 0));
		json_array_append_new(pods, json_pack(
		    "{s:{s:s, s:s, s:O}, s:{s:s, s:O, s:b}, s:{s:s, s:s}}",
		    "metadata", "name", w->pod, "namespace", w->ns, "labels",
		    w->labels != NULL ? w->labels : json_object(),
		    "spec", "nodeName", "n1", "containers",
		    w->containers != NULL ? w->containers : json_array(),
		    "hostNetwork", w->host_network,
		    "status", "phase", "Running", "podIP", ip));
	}
	json_object_foreach(k->nss, key, v)
		json_array_append_new(nss, json_pack("{s:{s:s, s:O}}",
		    "metadata", "name", key, "labels", v));
	write_json(root, "k8s-pods-" TS ".yaml", pods);
	write_json(root, "k8s-namespaces-" TS ".yaml", nss);
	write_json(root, "k8s-networkpolicies-" TS ".yaml", k->knps);
	json_decref(pods);
	json_decref(nss);
	return root;
}

/* ---- expected connectivity ---------------------------------------- */

struct conn {
	char	*src, *dst;
	char	*conns;		/* "All Connections", "TCP 80,UDP 53" */
};

/* Does the analyzer's connection string allow proto/port? */
static bool
conns_allow(const char *c, const char *proto, uint32_t port)
{
	char buf[512], *tok, *save = NULL, cur[8] = "";

	if (c == NULL)
		return false;
	if (strcmp(c, "All Connections") == 0)
		return true;
	snprintf(buf, sizeof(buf), "%s", c);
	for (tok = strtok_r(buf, ", ", &save); tok != NULL;
	    tok = strtok_r(NULL, ", ", &save)) {
		unsigned long a, b;
		char *end;

		if (tok[0] >= 'A' && tok[0] <= 'Z') {
			snprintf(cur, sizeof(cur), "%s", tok);
			continue;
		}
		a = strtoul(tok, &end, 10);
		b = *end == '-' ? strtoul(end + 1, NULL, 10) : a;
		if (strcmp(cur, proto) == 0 && port >= a && port <= b)
			return true;
	}
	return false;
}

static void
probe_add(uint32_t **v, size_t *n, size_t *cap, long p)
{
	size_t i;

	if (p < 1 || p > 65535)
		return;
	for (i = 0; i < *n; i++)
		if ((*v)[i] == (uint32_t)p)
			return;
	*v = xgrow(*v, cap, *n + 1, sizeof(**v));
	(*v)[(*n)++] = (uint32_t)p;
}

static void
probes_from_text(uint32_t **v, size_t *n, size_t *cap, const char *s)
{
	while (s != NULL && *s != '\0') {
		if (*s >= '0' && *s <= '9') {
			char *end;
			long p = strtol(s, &end, 10);

			probe_add(v, n, cap, p);
			probe_add(v, n, cap, p - 1);
			probe_add(v, n, cap, p + 1);
			s = end;
		} else
			s++;
	}
}

/* ---- explanations --------------------------------------------------- */

/*
 * A disagreement of a documented kind: which, and why Cilium differs.
 * Returns NULL for an unexplained one.
 */
static const char *
explain(const struct verdict_query *q, const struct verdict_result *r,
    bool ours, bool theirs)
{
	size_t d, i;

	if (q->src.kind == VPEER_NODE || q->dst.kind == VPEER_NODE)
		return "a hostNetwork pod has no Cilium endpoint: no policy "
		    "selects it and pod selectors never match it, it is the "
		    "host or remote-node identity (policy-semantics.md G.5)";
	for (d = 0; d < 2; d++) {
		const struct verdict_dir *vd = &r->dir[d];

		if (vd->has_near && (vd->near.why & VMISS_CIDR) && !ours &&
		    theirs)
			return "ipBlock covering a pod's IP: Cilium never "
			    "matches CIDR rules against managed pods "
			    "(policy-semantics.md D, caveats.rst)";
		for (i = 0; i < vd->nallows; i++) {
			const struct policy_elem *e = vd->allows[i].elem;

			if (ours && !theirs && e->ncidrs == 0 &&
			    e->nendpoints == 1 && e->nentities == 1)
				return "an empty peer list: Cilium's wildcard "
				    "selector also covers reserved identities";
		}
	}
	return NULL;
}

/* ---- one case --------------------------------------------------------- */

struct totals {
	unsigned long	 cases, skipped, pairs, agree, explained, unexplained;
};

static void
run_case(const char *dir, const char *tmp, struct totals *t)
{
	const char *cname = cc_base(dir);
	char *exp_path = xasprintf("%s/expected/%s_connlist_output.txt", dir,
	    cname);
	struct kase k;
	struct conn *cs = NULL;
	size_t ncs = 0, ccap = 0, i, j, pi, np = 0, pcap = 0;
	uint32_t *probes = NULL;
	struct model m;
	struct ingest_limits lim;
	char *text, *line, *save = NULL, *root, *err = NULL;
	size_t len;
	unsigned long agree = 0, pairs = 0, dis = 0;
	static const char *const protos[] = { "TCP", "UDP", "SCTP" };

	if ((text = cc_read(exp_path, &len)) == NULL) {
		free(exp_path);
		return;
	}
	free(exp_path);
	memset(&k, 0, sizeof(k));
	k.objs = json_array();
	k.nss = json_object();
	k.knps = json_array();
	read_tree(&k, dir);
	classify_objs(&k);
	if (k.other_policy || k.nw < 2) {
		printf("netpol: %s: skipped (%s)\n", cname, k.other_policy ?
		    "not only NetworkPolicies" : "fewer than two workloads");
		t->skipped++;
		goto out;
	}
	for (line = strtok_r(text, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		char *arrow = strstr(line, " => "), *colon;

		if (arrow == NULL || (colon = strstr(arrow, " : ")) == NULL ||
		    strstr(line, "[External]") != NULL)
			continue;
		cs = xgrow(cs, &ccap, ncs + 1, sizeof(*cs));
		cs[ncs].src = xstrndup(line, (size_t)(arrow - line));
		cs[ncs].dst = xstrndup(arrow + 4, (size_t)(colon - arrow - 4));
		cs[ncs].conns = xstrdup(colon + 3);
		probes_from_text(&probes, &np, &pcap, cs[ncs].conns);
		ncs++;
	}
	root = write_case(&k, tmp, cname);
	ingest_limits_default(&lim);
	if (model_build(&m, root, &lim, &err) != 0) {
		printf("netpol: %s: FAIL: model: %s\n", cname, err);
		free(err);
		t->unexplained++;
		model_free(&m);
		free(root);
		goto out;
	}
	free(root);
	/* Probe ports: every port the case names, its neighbours, the ends. */
	probe_add(&probes, &np, &pcap, 1);
	probe_add(&probes, &np, &pcap, 65535);
	for (i = 0; i < m.npolicies; i++)
		for (j = 0; j < m.policies[i].nrules; j++) {
			const struct policy_rule *r = &m.policies[i].rules[j];
			size_t e, x, y;

			for (e = 0; e < r->nelems; e++)
				for (x = 0; x < r->elems[e].nto_ports; x++)
					for (y = 0; y < r->elems[e].to_ports[x].nports;
					    y++) {
						const struct policy_port *pp =
						    &r->elems[e].to_ports[x].ports[y];

						probe_add(&probes, &np, &pcap,
						    (long)pp->port);
						probe_add(&probes, &np, &pcap,
						    (long)pp->port - 1);
						probe_add(&probes, &np, &pcap,
						    (long)pp->port + 1);
						probe_add(&probes, &np, &pcap,
						    (long)pp->end_port);
						probe_add(&probes, &np, &pcap,
						    (long)pp->end_port + 1);
					}
		}
	for (i = 0; i < m.npods; i++)
		for (j = 0; j < m.pods[i].nports; j++)
			probe_add(&probes, &np, &pcap,
			    (long)m.pods[i].ports[j].port);
	for (i = 0; i < k.nw; i++)
		for (j = 0; j < k.nw; j++) {
			struct verdict_query q;
			const char *conns = NULL, *why = NULL, *e1;
			char *s1, *s2;
			size_t c;
			bool ok = true;

			if (i == j)
				continue;
			for (c = 0; c < ncs; c++)
				if (strcmp(cs[c].src, k.w[i].peer) == 0 &&
				    strcmp(cs[c].dst, k.w[j].peer) == 0)
					conns = cs[c].conns;
			memset(&q, 0, sizeof(q));
			s1 = xasprintf("%s/%s", k.w[i].ns, k.w[i].pod);
			s2 = xasprintf("%s/%s", k.w[j].ns, k.w[j].pod);
			if (verdict_peer_resolve(&m, s1, &q.src, &e1) != 0 ||
			    verdict_peer_resolve(&m, s2, &q.dst, &e1) != 0) {
				printf("netpol: %s: FAIL: %s\n", cname, e1);
				t->unexplained++;
				free(s1);
				free(s2);
				continue;
			}
			free(s1);
			free(s2);
			pairs++;
			for (pi = 0; ok && pi < 3; pi++)
				for (c = 0; ok && c < np; c++) {
					struct verdict_result r;
					bool theirs = conns_allow(conns, protos[pi],
					    probes[c]);

					q.port = probes[c];
					q.proto = protos[pi];
					verdict_trace(&m, &q, &r);
					if (r.allowed == theirs)
						continue;
					ok = false;
					why = explain(&q, &r, r.allowed, theirs);
					dis++;
					printf("netpol: %s: %s => %s %u/%s: "
					    "analyzer %s, ctriage %s (%s%s%s)%s%s\n",
					    cname, k.w[i].peer, k.w[j].peer,
					    probes[c], protos[pi], theirs ?
					    "allowed" : "denied", r.allowed ?
					    "allowed" : "denied",
					    verdict_reason_name(r.dir[DIR_EGRESS].reason),
					    "/", verdict_reason_name(
					    r.dir[DIR_INGRESS].reason),
					    why != NULL ? ": explained: " :
					    ": UNEXPLAINED", why != NULL ? why : "");
					if (why != NULL)
						t->explained++;
					else
						t->unexplained++;
				}
			if (ok)
				agree++;
		}
	printf("netpol: %s: %lu/%lu pairs agree (%zu workloads, %zu "
	    "policies, %zu probe ports x 3 protocols)\n", cname, agree, pairs,
	    k.nw, m.npolicies, np);
	t->cases++;
	t->pairs += pairs;
	t->agree += agree;
	(void)dis;
	model_free(&m);
out:
	for (i = 0; i < ncs; i++) {
		free(cs[i].src);
		free(cs[i].dst);
		free(cs[i].conns);
	}
	free(cs);
	free(probes);
	for (i = 0; i < k.nw; i++) {
		free(k.w[i].peer);
		free(k.w[i].ns);
		free(k.w[i].pod);
	}
	free(k.w);
	json_decref(k.objs);
	json_decref(k.nss);
	json_decref(k.knps);
	free(text);
}

int
main(int argc, char **argv)
{
	struct totals t;
	char *base, *tmp, **dirs;
	size_t n, i;

	base = argc > 1 ? xasprintf("%s/policies/netpol-analyzer", argv[1]) :
	    NULL;
	if (base == NULL || !cc_is_dir(base)) {
		printf("netpol: corpus %s is absent; skipping\n",
		    base != NULL ? base : "(none)");
		printf("netpol: 0 passed, 0 failed\n");
		free(base);
		return 0;
	}
	memset(&t, 0, sizeof(t));
	tmp = sa_tmpdir();
	dirs = cc_list_dirs(base, &n);
	for (i = 0; i < n; i++)
		run_case(dirs[i], tmp, &t);
	cc_list_free(dirs, n);
	sa_rmtree(tmp);
	free(tmp);
	free(base);
	printf("netpol: %lu cases (%lu skipped): %lu/%lu workload pairs agree "
	    "with netpol-analyzer (%.1f%%); %lu disagreements explained, %lu "
	    "unexplained\n", t.cases, t.skipped, t.agree, t.pairs,
	    t.pairs ? 100.0 * (double)t.agree / (double)t.pairs : 100.0,
	    t.explained, t.unexplained);
	printf("netpol: %lu passed, %lu failed\n", t.agree + t.explained,
	    t.unexplained);
	return t.unexplained ? 1 : 0;
}
