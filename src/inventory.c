/*
 * inventory.c: one pass over the input that says what it holds.
 *
 * The visitor classifies every member as ingest streams it, and reads the
 * handful of members that carry ownership: k8s-pods (pod -> node, which
 * pods are Cilium agents), k8s-nodes, each bugtool's hostname.md, and the
 * collector's cilium-sysdump.log (failed tasks).  Those may come in any
 * order in the archive, so node resolution and the "missing" list are
 * computed after the walk.  See inventory.h.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "buf.h"
#include "classify.h"
#include "diag.h"
#include "ingest.h"
#include "inventory.h"
#include "parse_json.h"
#include "parse_yaml.h"
#include "xalloc.h"

/* Lines longer than this in the collector log are cut. */
#define COLLECTOR_LOG_MAX_LINE	8192

struct hostname {
	char	*bugtool;	/* bugtool component, as classified */
	char	*hostname;
};

static void node_add(struct inventory *, const char *);

struct inventory_walk {
	struct inventory	*inv;
	size_t			 cur;		/* artifact of the open member */
	size_t			*archives;	/* stack of open nested archives */
	size_t			 narchives;
	size_t			 archives_cap;
	bool			*broken;	/* per artifact */
	size_t			 broken_cap;
	struct hostname		*hostnames;
	size_t			 nhostnames;
	size_t			 hostnames_cap;
	char			*first_ts;
};

static void
str_set(char **dst, const char *src)
{
	free(*dst);
	*dst = src != NULL ? xstrdup(src) : NULL;
}

void
inventory_walk_add_pod(struct inventory_walk *w, const char *ns,
    const char *name, const char *node, bool agent)
{
	struct inventory *inv = w->inv;
	struct inventory_pod *p;

	inv->have_pods = true;
	if (name == NULL)
		return;
	inv->pods = xgrow(inv->pods, &inv->pods_cap, inv->npods + 1,
	    sizeof(*inv->pods));
	p = &inv->pods[inv->npods++];
	p->name = xstrdup(name);
	p->namespace = xstrdup(ns != NULL ? ns : "");
	p->node = node != NULL ? xstrdup(node) : NULL;
	p->agent = agent;
}

static int
pods_item(void *ctx, json_t *item, unsigned long line,
    const struct json_lines *lines)
{
	json_t *md = json_object_get(item, "metadata");
	json_t *spec = json_object_get(item, "spec");
	const char *app = json_get_str(json_object_get(md, "labels"),
	    "k8s-app");

	(void)line;
	(void)lines;
	inventory_walk_add_pod(ctx, json_get_str(md, "namespace"),
	    json_get_str(md, "name"), json_get_str(spec, "nodeName"),
	    app != NULL && strcmp(app, "cilium") == 0);
	return 0;
}

void
inventory_walk_add_node(struct inventory_walk *w, const char *name)
{
	if (name != NULL)
		node_add(w->inv, name);
}

static void
node_add(struct inventory *inv, const char *name)
{
	size_t i;

	for (i = 0; i < inv->nnodes; i++)
		if (strcmp(inv->nodes[i], name) == 0)
			return;
	inv->nodes = xgrow(inv->nodes, &inv->nodes_cap, inv->nnodes + 1,
	    sizeof(*inv->nodes));
	inv->nodes[inv->nnodes++] = xstrdup(name);
}

static int
nodes_item(void *ctx, json_t *item, unsigned long line,
    const struct json_lines *lines)
{
	(void)line;
	(void)lines;
	inventory_walk_add_node(ctx,
	    json_get_str(json_object_get(item, "metadata"), "name"));
	return 0;
}

/* Skip the emoji and spaces the collector puts in front of its lines. */
static const char *
collector_text(const char *s)
{
	while (*s != '\0' && ((unsigned char)*s >= 0x80 || *s == ' ' ||
	    *s == '\t'))
		s++;
	return s;
}

static void
failed_add(struct inventory *inv, const char *task, size_t tlen,
    const char *error, unsigned long line)
{
	struct inventory_failed_task *f;

	inv->failed = xgrow(inv->failed, &inv->failed_cap, inv->nfailed + 1,
	    sizeof(*inv->failed));
	size_t n = strlen(error);

	f = &inv->failed[inv->nfailed++];
	f->task = xstrndup(task, tlen);
	/* "...: %w: %s" with an empty stderr leaves a dangling ": ". */
	while (n > 0 && (error[n - 1] == ' ' || error[n - 1] == ':'))
		n--;
	f->error = xstrndup(error, n);
	f->line = line;
}

/*
 * Read the collector's log for its list of failed tasks.  Newer collectors
 * (cilium-cli sysdump.go) print
 *   ⚠️ The following tasks failed, the sysdump may be incomplete:
 *   ⚠️ [12] Collecting Cilium egress NAT policies: failed to collect ...
 *   ⚠️ Please note that depending on your Cilium version ...
 * older ones one line "The sysdump may be incomplete — <errors>" followed
 * by the multierror's "\t* <error>" lines.
 */
static void
read_collector_log(struct inventory *inv, struct ingest_member *m)
{
	struct ingest_lines lr;
	const char *t, *colon, *p;
	char *line;
	size_t len;
	enum { NONE, LIST, MULTI } state = NONE;

	inv->have_collector_log = true;
	ingest_lines_init(&lr, m, COLLECTOR_LOG_MAX_LINE);
	while ((line = ingest_lines_next(&lr, &len)) != NULL) {
		t = collector_text(line);
		if (strstr(t, "The following tasks failed, the sysdump may be "
		    "incomplete") != NULL) {
			state = LIST;
			continue;
		}
		if ((p = strstr(t, "The sysdump may be incomplete")) != NULL) {
			state = MULTI;
			/* "— 1 error occurred:" carries no task itself. */
			continue;
		}
		if (strstr(t, "Please note that depending on your Cilium "
		    "version") != NULL) {
			state = NONE;
			continue;
		}
		if (state == LIST && *t != '\0') {
			/*
			 * Top-level tasks print "[N] <description>: <err>";
			 * per-pod subtasks print "<id>: <err>" with ids such
			 * as cilium-bugtool-<pod> or logs-<pod>-<container>.
			 */
			p = t;
			if (*p == '[') {
				p++;
				while (isdigit((unsigned char)*p))
					p++;
				p = *p == ']' ? collector_text(p + 1) : t;
			}
			colon = strstr(p, ": ");
			if (colon != NULL)
				failed_add(inv, p, (size_t)(colon - p),
				    colon + 2, lr.lineno);
			else
				failed_add(inv, p, strlen(p), "", lr.lineno);
		} else if (state == MULTI) {
			if (t[0] == '*' && t[1] == ' ')
				failed_add(inv, "", 0, t + 2, lr.lineno);
			else if (*t != '\0' && strstr(t, "error") == NULL)
				state = NONE;
		}
	}
	ingest_lines_release(&lr);
}

/*
 * Record the host a bugtool ran on: the first line of hostname.md, or the
 * second word of uname -a ("Linux <nodename> <release> ...") when word is
 * 1.  A hostname.md seen before or after wins over uname.  Both are read
 * from the member's head, not its stream, so that the model's parsers
 * still get the whole member.
 */
static void
hostname_add(struct inventory_walk *w, const char *bugtool,
    const struct ingest_member *m, int word)
{
	char buf[256], *p = buf;
	size_t n = m->head_len < sizeof(buf) - 1 ? m->head_len :
	    sizeof(buf) - 1;
	size_t len, i;
	struct hostname *h;

	if (n == 0 || bugtool == NULL)
		return;
	memcpy(buf, m->head, n);
	buf[n] = '\0';
	for (; word > 0; word--) {
		p += strcspn(p, " \t\r\n");
		p += strspn(p, " \t");
	}
	/* hostname.md: the whole first line; uname: just the word. */
	len = strcspn(p, p == buf ? "\r\n" : " \t\r\n");
	while (len > 0 && isspace((unsigned char)p[len - 1]))
		len--;
	p[len] = '\0';
	if (len == 0)
		return;
	for (i = 0; i < w->nhostnames; i++)
		if (strcmp(w->hostnames[i].bugtool, bugtool) == 0) {
			if (p == buf) {	/* hostname.md beats uname */
				free(w->hostnames[i].hostname);
				w->hostnames[i].hostname = xstrdup(p);
			}
			return;
		}
	w->hostnames = xgrow(w->hostnames, &w->hostnames_cap,
	    w->nhostnames + 1, sizeof(*w->hostnames));
	h = &w->hostnames[w->nhostnames++];
	h->bugtool = xstrdup(bugtool);
	h->hostname = xstrdup(p);
}

static bool
has_suffix(const char *s, const char *sfx)
{
	size_t n = strlen(s), k = strlen(sfx);

	return n >= k && strcmp(s + n - k, sfx) == 0;
}

void
inventory_walk_member(struct inventory_walk *w, struct ingest_member *m,
    bool read_k8s, struct classification *cp)
{
	struct inventory *inv = w->inv;
	struct inventory_artifact *a;
	struct classification local, *cl = cp != NULL ? cp : &local;
	const char *slash;
	char ts[16], *first;

	classify_member(m->path, m->head, m->head_len, NULL, cl);
	inv->artifacts = xgrow(inv->artifacts, &inv->artifacts_cap,
	    inv->nartifacts + 1, sizeof(*inv->artifacts));
	w->broken = xgrow(w->broken, &w->broken_cap, inv->nartifacts + 1,
	    sizeof(*w->broken));
	a = &inv->artifacts[inv->nartifacts];
	memset(a, 0, sizeof(*a));
	w->broken[inv->nartifacts] = false;
	a->path = xstrdup(m->path);
	a->kind = cl->kind;
	a->pod = cl->pod != NULL ? xstrdup(cl->pod) : NULL;
	a->container = cl->container != NULL ? xstrdup(cl->container) : NULL;
	a->bugtool = cl->bugtool != NULL ? xstrdup(cl->bugtool) : NULL;
	a->depth = m->depth;
	a->previous = cl->previous;
	a->archive = m->is_archive;
	if (m->is_archive) {
		w->archives = xgrow(w->archives, &w->archives_cap,
		    w->narchives + 1, sizeof(*w->archives));
		w->archives[w->narchives++] = inv->nartifacts;
	} else
		w->cur = inv->nartifacts;
	inv->nartifacts++;

	/* The sysdump time: the top directory's name says it best. */
	slash = strchr(m->path, '/');
	first = xstrndup(m->path, slash != NULL ?
	    (size_t)(slash - m->path) : strlen(m->path));
	if (inv->sysdump_ts == NULL && classify_sysdump_dir(first, ts)) {
		inv->sysdump_ts = xstrdup(ts);
		inv->is_sysdump = true;
	}
	free(first);
	if (w->first_ts == NULL && cl->timestamp != NULL)
		w->first_ts = xstrdup(cl->timestamp);

	if (!m->is_archive) {
		switch (cl->kind) {
		case ART_K8S_PODS:
			if (read_k8s && !has_suffix(m->path, ".txt")) {
				inv->have_pods = true;
				yaml_parse_member(m, NULL, pods_item, w,
				    &inv->problems);
			}
			break;
		case ART_K8S_NODES:
			if (read_k8s)
				yaml_parse_member(m, NULL, nodes_item, w,
				    &inv->problems);
			break;
		case ART_SYSDUMP_LOG:
			read_collector_log(inv, m);
			break;
		case ART_BUGTOOL_HOST:
			if (cl->command != NULL &&
			    strcmp(cl->command, "hostname.md") == 0)
				hostname_add(w, cl->bugtool, m, 0);
			break;
		case ART_BUGTOOL_UNAME:
			hostname_add(w, cl->bugtool, m, 1);
			break;
		default:
			break;
		}
	}
	if (cp == NULL)
		classification_release(&local);
}

void
inventory_walk_member_end(struct inventory_walk *w,
    const struct ingest_member *m, uint64_t bytes, const char *error)
{
	size_t i;

	if (m->is_archive) {
		if (w->narchives == 0)
			return;
		i = w->archives[--w->narchives];
	} else
		i = w->cur;
	w->inv->artifacts[i].bytes = bytes;
	if (error != NULL) {
		w->broken[i] = true;
		diag_add(&w->inv->skipped, DIAG_WARNING, m->path, 0, "%s",
		    error);
	}
}

void
inventory_walk_skip(struct inventory_walk *w, const char *path,
    const char *reason)
{
	diag_add(&w->inv->skipped, DIAG_WARNING, path, 0, "%s", reason);
}

static int
visit_member(void *ctx, struct ingest_member *m)
{
	inventory_walk_member(ctx, m, true, NULL);
	return 0;
}

static void
visit_member_end(void *ctx, const struct ingest_member *m, uint64_t bytes,
    const char *error)
{
	inventory_walk_member_end(ctx, m, bytes, error);
}

static void
visit_skip(void *ctx, const char *path, const char *reason)
{
	inventory_walk_skip(ctx, path, reason);
}

static int
artifact_cmp(const void *a, const void *b)
{
	const struct inventory_artifact *x = a, *y = b;

	return strcmp(x->path, y->path);
}

static int
str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static const struct inventory_pod *
pod_find(const struct inventory *inv, const char *name)
{
	size_t i;

	for (i = 0; i < inv->npods; i++)
		if (strcmp(inv->pods[i].name, name) == 0)
			return &inv->pods[i];
	return NULL;
}

/* Split pod and container exactly, now that the pod names are known. */
static void
resolve_owners(struct inventory *inv, const struct inventory_walk *w)
{
	struct classify_hints hints;
	struct classification c;
	const struct inventory_pod *p;
	const char **names;
	size_t i, j, n = 0;

	names = xcalloc(inv->npods + 1, sizeof(*names));
	for (i = 0; i < inv->npods; i++)
		names[n++] = inv->pods[i].name;
	qsort(names, n, sizeof(*names), str_cmp);
	hints.pods = names;
	hints.npods = n;
	for (i = 0; i < inv->nartifacts; i++) {
		struct inventory_artifact *a = &inv->artifacts[i];

		if (n > 0 && artifact_kind_scope(a->kind) == SCOPE_POD &&
		    a->pod != NULL) {
			classify_member(a->path, NULL, 0, &hints, &c);
			if (c.pod != NULL) {
				str_set(&a->pod, c.pod);
				str_set(&a->container, c.container);
			}
			classification_release(&c);
		}
		if (a->pod != NULL && (p = pod_find(inv, a->pod)) != NULL &&
		    p->node != NULL)
			str_set(&a->node, p->node);
		if (a->node == NULL && a->bugtool != NULL) {
			for (j = 0; j < w->nhostnames; j++) {
				if (strcmp(w->hostnames[j].bugtool,
				    a->bugtool) == 0) {
					str_set(&a->node,
					    w->hostnames[j].hostname);
					break;
				}
			}
		}
		if (a->node != NULL)
			node_add(inv, a->node);
	}
	free(names);
}

/* Drop artifacts whose member turned out broken (they are in skipped). */
static void
drop_broken(struct inventory *inv, const bool *broken)
{
	size_t i, k = 0;

	for (i = 0; i < inv->nartifacts; i++) {
		struct inventory_artifact *a = &inv->artifacts[i];

		if (broken[i]) {
			free(a->path);
			free(a->pod);
			free(a->container);
			free(a->node);
			free(a->bugtool);
			continue;
		}
		inv->artifacts[k++] = *a;
	}
	inv->nartifacts = k;
}

size_t
inventory_count_kind(const struct inventory *inv, enum artifact_kind k)
{
	size_t i, n = 0;

	for (i = 0; i < inv->nartifacts; i++)
		if (inv->artifacts[i].kind == k)
			n++;
	return n;
}

/*
 * How the collector names the task that writes each kind, from cilium-cli
 * sysdump.go: the top-level task's Description (matched case-insensitively
 * anywhere in "<task>: <error>", which also covers old collectors whose
 * multierror lines only carry "failed to collect <what>: ..."), words that
 * rule a match out, and for per-pod artifacts the subtask id prefix that
 * precedes the pod name ("cilium-bugtool-<pod>: <error>").
 */
struct task_match {
	enum artifact_kind	 kind;
	const char		*desc;
	const char		*exclude;
	const char		*id_prefix;
	const char		*keyword;	/* per pod, old collectors */
};

static const struct task_match task_matches[] = {
	{ ART_K8S_NODES,	"Kubernetes nodes", NULL, NULL, NULL },
	{ ART_K8S_VERSION,	"Kubernetes version", NULL, NULL, NULL },
	{ ART_K8S_EVENTS,	"Kubernetes events", NULL, NULL, NULL },
	{ ART_K8S_NAMESPACES,	"Kubernetes namespaces", NULL, NULL, NULL },
	{ ART_K8S_PODS,		"Kubernetes pods", "summary", NULL, NULL },
	{ ART_K8S_SERVICES,	"Kubernetes services", NULL, NULL, NULL },
	{ ART_K8S_ENDPOINTS,	"Kubernetes endpoints", "endpointslices", NULL,
	    NULL },
	{ ART_K8S_NETWORK_POLICIES, "Kubernetes network policies", NULL, NULL,
	    NULL },
	{ ART_CILIUM_CONFIGMAP,	"the Cilium configuration", NULL, NULL, NULL },
	{ ART_CILIUM_DAEMONSET,	"the Cilium daemonset", NULL, NULL, NULL },
	{ ART_CILIUM_NETWORK_POLICIES, "Cilium network policies", NULL, NULL,
	    NULL },
	{ ART_CILIUM_CLUSTERWIDE_NETWORK_POLICIES,
	    "Cilium cluster-wide network policies", NULL, NULL, NULL },
	{ ART_CILIUM_ENDPOINTS,	"Cilium endpoints", NULL, NULL, NULL },
	{ ART_CILIUM_IDENTITIES, "Cilium identities", NULL, NULL, NULL },
	{ ART_CILIUM_NODES,	"Cilium nodes", NULL, NULL, NULL },
	{ ART_BUGTOOL_ARCHIVE,	"bugtool output from Cilium pods", NULL,
	    "cilium-bugtool-", "cilium-bugtool" },
	{ ART_AGENT_LOG,	"logs from Cilium pods", NULL, "logs-", "logs" },
	{ ART_HUBBLE_FLOWS,	"Hubble flows from Cilium pods", NULL,
	    "hubble-flows-", "flows" },
};

/* Does `hay` contain `needle`, ignoring ASCII case? */
static bool
contains_nocase(const char *hay, const char *needle)
{
	size_t n = strlen(needle), i;

	for (; *hay != '\0'; hay++) {
		for (i = 0; i < n && hay[i] != '\0'; i++)
			if (tolower((unsigned char)hay[i]) !=
			    tolower((unsigned char)needle[i]))
				break;
		if (i == n)
			return true;
	}
	return false;
}

/* Is `task` the per-pod subtask id "<prefix><pod>" (or "<...>-<more>")? */
static bool
task_is_pod_subtask(const char *task, const char *prefix, const char *pod)
{
	size_t lp = strlen(prefix), ln = strlen(pod);

	return strncmp(task, prefix, lp) == 0 &&
	    strncmp(task + lp, pod, ln) == 0 &&
	    (task[lp + ln] == '\0' || task[lp + ln] == '-');
}

static bool
task_explains(const struct task_match *t, const struct inventory_failed_task *f,
    const char *pod)
{
	char *text = xasprintf("%s: %s", f->task, f->error);
	bool hit = false;

	if (pod == NULL)
		hit = contains_nocase(text, t->desc) &&
		    (t->exclude == NULL || !contains_nocase(text, t->exclude));
	else if (t->id_prefix != NULL &&
	    task_is_pod_subtask(f->task, t->id_prefix, pod))
		hit = true;
	else
		/* A top-level task, or an old multierror line, naming it. */
		hit = strstr(text, pod) != NULL &&
		    (contains_nocase(text, t->desc) ||
		    (*f->task == '\0' && t->keyword != NULL &&
		    contains_nocase(text, t->keyword)));
	free(text);
	return hit;
}

/* The failed task that explains a missing kind (for a pod), or NULL. */
static const struct inventory_failed_task *
failed_task_for(const struct inventory *inv, enum artifact_kind kind,
    const char *pod)
{
	size_t i, j;

	for (j = 0; j < sizeof(task_matches) / sizeof(task_matches[0]); j++) {
		if (task_matches[j].kind != kind)
			continue;
		for (i = 0; i < inv->nfailed; i++)
			if (task_explains(&task_matches[j], &inv->failed[i],
			    pod))
				return &inv->failed[i];
	}
	return NULL;
}

static void
missing_add(struct inventory *inv, enum artifact_kind kind, const char *pod,
    const char *node)
{
	const struct inventory_failed_task *f = failed_task_for(inv, kind, pod);
	struct inventory_missing *m;

	inv->missing = xgrow(inv->missing, &inv->missing_cap,
	    inv->nmissing + 1, sizeof(*inv->missing));
	m = &inv->missing[inv->nmissing++];
	m->kind = kind;
	m->pod = pod != NULL ? xstrdup(pod) : NULL;
	m->node = node != NULL ? xstrdup(node) : NULL;
	if (f != NULL)
		m->reason = xasprintf("collection failed: %s%s%s",
		    f->task, *f->task && *f->error ? ": " : "", f->error);
	else if (inv->have_collector_log)
		m->reason = xstrdup("not collected; the collector log lists "
		    "no failed task for it");
	else
		m->reason = xstrdup("not in the sysdump, and there is no "
		    "collector log to say why");
}

/* Kinds every sysdump of every era holds, cluster-wide. */
static const enum artifact_kind expected_cluster[] = {
	ART_SYSDUMP_LOG,
	ART_K8S_NODES,
	ART_K8S_VERSION,
	ART_K8S_EVENTS,
	ART_K8S_NAMESPACES,
	ART_K8S_PODS,
	ART_K8S_SERVICES,
	ART_K8S_NETWORK_POLICIES,
	ART_CILIUM_CONFIGMAP,
	ART_CILIUM_DAEMONSET,
	ART_CILIUM_NETWORK_POLICIES,
	ART_CILIUM_CLUSTERWIDE_NETWORK_POLICIES,
	ART_CILIUM_ENDPOINTS,
	ART_CILIUM_IDENTITIES,
	ART_CILIUM_NODES,
};

static bool
pod_has(const struct inventory *inv, const char *pod, enum artifact_kind k)
{
	size_t i;

	for (i = 0; i < inv->nartifacts; i++) {
		const struct inventory_artifact *a = &inv->artifacts[i];

		if (a->pod == NULL || strcmp(a->pod, pod) != 0)
			continue;
		if (k == ART_BUGTOOL_ARCHIVE ? (artifact_kind_is_bugtool(a->kind)
		    || a->kind == ART_BUGTOOL_ARCHIVE) :
		    (a->kind == k && !a->previous))
			return true;
	}
	return false;
}

static void
compute_missing(struct inventory *inv)
{
	static const enum artifact_kind per_agent[] = {
		ART_BUGTOOL_ARCHIVE, ART_AGENT_LOG, ART_HUBBLE_FLOWS,
	};
	size_t i, j;

	if (!inv->is_sysdump)
		return;
	for (i = 0; i < sizeof(expected_cluster) / sizeof(expected_cluster[0]);
	    i++)
		if (inventory_count_kind(inv, expected_cluster[i]) == 0)
			missing_add(inv, expected_cluster[i], NULL, NULL);
	for (i = 0; i < inv->npods; i++) {
		const struct inventory_pod *p = &inv->pods[i];

		if (!p->agent)
			continue;
		for (j = 0; j < sizeof(per_agent) / sizeof(per_agent[0]); j++)
			if (!pod_has(inv, p->name, per_agent[j]))
				missing_add(inv, per_agent[j], p->name,
				    p->node);
	}
}

static int
missing_cmp(const void *a, const void *b)
{
	const struct inventory_missing *x = a, *y = b;
	int c;

	if ((c = strcmp(artifact_kind_name(x->kind),
	    artifact_kind_name(y->kind))) != 0)
		return c;
	return strcmp(x->pod != NULL ? x->pod : "", y->pod != NULL ? y->pod :
	    "");
}

/* "20250601-101500" -> "2025-06-01 10:15:00" */
static char *
ts_human(const char *ts)
{
	return xasprintf("%.4s-%.2s-%.2s %.2s:%.2s:%.2s", ts, ts + 4, ts + 6,
	    ts + 9, ts + 11, ts + 13);
}

struct inventory_walk *
inventory_walk_new(struct inventory *inv, const char *input)
{
	struct inventory_walk *w = xcalloc(1, sizeof(*w));

	memset(inv, 0, sizeof(*inv));
	diag_list_init(&inv->skipped);
	diag_list_init(&inv->problems);
	inv->input = xstrdup(input);
	w->inv = inv;
	return w;
}

void
inventory_walk_finish(struct inventory_walk *w,
    const struct ingest_input *info, bool walked)
{
	struct inventory *inv = w->inv;
	size_t i, cluster = 0, bugtool = 0;
	const char *base;
	char ts[16];

	inv->format = info->format != NULL ? xstrdup(info->format) : NULL;
	inv->members = info->members;
	inv->bytes = info->bytes;
	if (!walked)
		goto out;

	/* A zip named cilium-sysdump-<ts>.zip says the time as well. */
	base = strrchr(inv->input, '/');
	base = base != NULL ? base + 1 : inv->input;
	if (inv->sysdump_ts == NULL && classify_sysdump_dir(base, ts)) {
		inv->sysdump_ts = xstrdup(ts);
		inv->is_sysdump = true;
	}
	for (i = 0; i < inv->nartifacts; i++) {
		enum artifact_kind k = inv->artifacts[i].kind;

		if (k == ART_UNKNOWN)
			continue;
		if (artifact_kind_is_bugtool(k))
			bugtool++;
		else if (artifact_kind_scope(k) == SCOPE_CLUSTER ||
		    k == ART_AGENT_LOG || k == ART_HUBBLE_FLOWS)
			cluster++;
	}
	if (cluster > 0)
		inv->is_sysdump = true;
	inv->is_bugtool = !inv->is_sysdump && bugtool > 0;
	if (inv->sysdump_ts == NULL && inv->is_sysdump && w->first_ts != NULL)
		inv->sysdump_ts = xstrdup(w->first_ts);
	if (inv->sysdump_ts != NULL)
		inv->sysdump_time = ts_human(inv->sysdump_ts);

	drop_broken(inv, w->broken);
	resolve_owners(inv, w);
	qsort(inv->artifacts, inv->nartifacts, sizeof(*inv->artifacts),
	    artifact_cmp);
	if (inv->nnodes > 1)
		qsort(inv->nodes, inv->nnodes, sizeof(*inv->nodes), str_cmp);
	compute_missing(inv);
	if (inv->nmissing > 1)
		qsort(inv->missing, inv->nmissing, sizeof(*inv->missing),
		    missing_cmp);
	diag_list_sort(&inv->skipped);
	diag_list_sort(&inv->problems);
out:
	for (i = 0; i < w->nhostnames; i++) {
		free(w->hostnames[i].bugtool);
		free(w->hostnames[i].hostname);
	}
	free(w->hostnames);
	free(w->archives);
	free(w->broken);
	free(w->first_ts);
	free(w);
}

int
inventory_build(struct inventory *inv, const char *input,
    const struct ingest_limits *limits, char **errp)
{
	static const struct ingest_visitor v = {
		visit_member, visit_member_end, visit_skip,
	};
	struct inventory_walk *w = inventory_walk_new(inv, input);
	struct ingest_input info;
	int rc;

	rc = ingest_walk(input, limits, &v, w, &info, errp);
	inventory_walk_finish(w, &info, rc == 0);
	ingest_input_release(&info);
	return rc == 0 ? 0 : -1;
}

void
inventory_release(struct inventory *inv)
{
	size_t i;

	for (i = 0; i < inv->nartifacts; i++) {
		free(inv->artifacts[i].path);
		free(inv->artifacts[i].pod);
		free(inv->artifacts[i].container);
		free(inv->artifacts[i].node);
		free(inv->artifacts[i].bugtool);
	}
	free(inv->artifacts);
	for (i = 0; i < inv->nmissing; i++) {
		free(inv->missing[i].pod);
		free(inv->missing[i].node);
		free(inv->missing[i].reason);
	}
	free(inv->missing);
	for (i = 0; i < inv->nfailed; i++) {
		free(inv->failed[i].task);
		free(inv->failed[i].error);
	}
	free(inv->failed);
	for (i = 0; i < inv->npods; i++) {
		free(inv->pods[i].namespace);
		free(inv->pods[i].name);
		free(inv->pods[i].node);
	}
	free(inv->pods);
	for (i = 0; i < inv->nnodes; i++)
		free(inv->nodes[i]);
	free(inv->nodes);
	diag_list_release(&inv->skipped);
	diag_list_release(&inv->problems);
	free(inv->input);
	free(inv->format);
	free(inv->sysdump_ts);
	free(inv->sysdump_time);
	memset(inv, 0, sizeof(*inv));
}
