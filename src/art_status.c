/*
 * art_status.c: `cilium(-dbg) status` text and StatusResponse JSON (see
 * art_status.h), in the parse stage beside the other art_* parsers.
 *
 * The text is streamed line by line.  Lines before the first known key
 * ("KVStore:", "Kubernetes:", ...) are preamble (markdown header, prompts,
 * kubectl notices).  From there on, a line at column 0 of the form
 * "Key:<blanks>value" starts a pair, and every other non-blank line
 * (indented detail, the cluster-health table header that the newest agents
 * print at column 0, a message continued on the next line) belongs to the
 * pair before it.  A shell prompt or a fence ends the block.  Typed facts
 * are taken from the pairs and their detail lines as they are read.
 *
 * A line starting with '[' or '{' before any key switches to JSON: the
 * rest of the member is collected and parsed once as a StatusResponse (or
 * a debuginfo document holding one).
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "arena.h"
#include "art_status.h"
#include "buf.h"
#include "cmdtext.h"
#include "diag.h"
#include "ingest.h"
#include "intern.h"
#include "parse_json.h"
#include "xalloc.h"

/* Lines are cut beyond this. */
#define STATUS_MAX_LINE		(1024 * 1024)
/* Fields looked at in a detail row. */
#define STATUS_MAX_FIELDS	12
/* Keys are short titles. */
#define STATUS_MAX_KEY		40

static const char *const state_names[] = {
#define X(e, s) s,
	STATUS_STATES(X)
#undef X
};

const char *
status_state_name(enum status_state s)
{
	if ((size_t)s >= sizeof(state_names) / sizeof(state_names[0]))
		return "unknown";
	return state_names[s];
}

static bool
word_is(const char *s, size_t len, const char *w)
{
	return len == strlen(w) && strncasecmp(s, w, len) == 0;
}

enum status_state
status_state_parse(const char *s, size_t len)
{
	if (word_is(s, len, "ok"))
		return STATUS_STATE_OK;
	if (word_is(s, len, "warning"))
		return STATUS_STATE_WARNING;
	if (word_is(s, len, "failure"))
		return STATUS_STATE_FAILURE;
	if (word_is(s, len, "disabled"))
		return STATUS_STATE_DISABLED;
	return STATUS_STATE_UNKNOWN;
}

const char *
status_result_get(const struct status_result *r, const char *key)
{
	size_t i;

	for (i = 0; i < r->npairs; i++)
		if (strcmp(r->pairs[i].key, key) == 0)
			return r->pairs[i].value;
	return NULL;
}

/* --- keys ----------------------------------------------------------------- */

enum key_id {
	K_OTHER,		/* a known key without typed facts */
	K_KVSTORE,
	K_CONTAINER_RUNTIME,
	K_KUBERNETES,
	K_KPR,
	K_KPR_DETAILS,
	K_CILIUM,
	K_HEALTH_DAEMON,
	K_IPAM,
	K_POOL_V4,
	K_POOL_V6,
	K_ALLOCATED,
	K_CONTROLLERS,
	K_PROXY,
	K_HUBBLE,
	K_ENCRYPTION,
	K_CLUSTER_HEALTH,
	K_ROUTING,
	K_HOST_ROUTING,
	K_CLIENT,		/* `cilium version` */
	K_DAEMON,
	K_UNKNOWN,		/* not in the table */
};

/* Every key FormatStatusResponse and the health client print, 1.0-1.18. */
static const struct {
	const char	*name;
	enum key_id	 id;
} keys[] = {
	{ "KVStore", K_KVSTORE },
	{ "ContainerRuntime", K_CONTAINER_RUNTIME },
	{ "Kubernetes", K_KUBERNETES },
	{ "Kubernetes APIs", K_OTHER },
	{ "KubeProxyReplacement", K_KPR },
	{ "KubeProxyReplacement Details", K_KPR_DETAILS },
	{ "Host firewall", K_OTHER },
	{ "SRv6", K_OTHER },
	{ "CNI Chaining", K_OTHER },
	{ "CNI Config file", K_OTHER },
	{ "Cilium", K_CILIUM },
	{ "Stale status", K_OTHER },
	{ "NodeMonitor", K_OTHER },
	{ "Cilium health daemon", K_HEALTH_DAEMON },
	{ "IPAM", K_IPAM },
	{ "IPv4 address pool", K_POOL_V4 },
	{ "IPv6 address pool", K_POOL_V6 },
	{ "Allocated addresses", K_ALLOCATED },
	{ "ClusterMesh", K_OTHER },
	{ "IPv4 BIG TCP", K_OTHER },
	{ "IPv6 BIG TCP", K_OTHER },
	{ "BandwidthManager", K_OTHER },
	{ "Host Routing", K_HOST_ROUTING },
	{ "Routing", K_ROUTING },
	{ "Attach Mode", K_OTHER },
	{ "Device Mode", K_OTHER },
	{ "Masquerading", K_OTHER },
	{ "Clock Source for BPF", K_OTHER },
	{ "Controller Status", K_CONTROLLERS },
	{ "Proxy Status", K_PROXY },
	{ "Global Identity Range", K_OTHER },
	{ "Hubble", K_HUBBLE },
	{ "BPF Maps", K_OTHER },
	{ "Encryption", K_ENCRYPTION },
	{ "Cluster health", K_CLUSTER_HEALTH },
	{ "Modules Health", K_OTHER },
	{ "Auth certificate provider", K_OTHER },
	{ "Client", K_CLIENT },
	{ "Daemon", K_DAEMON },
};

static enum key_id
key_lookup(const char *k, size_t len)
{
	size_t i;

	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (strlen(keys[i].name) == len &&
		    memcmp(keys[i].name, k, len) == 0)
			return keys[i].id;
	return K_UNKNOWN;
}

static bool
is_blank(char ch)
{
	return ch == ' ' || ch == '\t';
}

/*
 * Split "Key:<blanks>value" at column 0.  The key is a short title: a
 * letter first, then letters, digits, single blanks and a few marks.
 */
static bool
key_split(const char *line, size_t len, const char **val, size_t *vlen,
    size_t *klen)
{
	size_t i;

	if (len == 0 || !isalpha((unsigned char)line[0]))
		return false;
	for (i = 1; i < len && i <= STATUS_MAX_KEY; i++) {
		char ch = line[i];

		if (ch == ':') {
			if (i + 1 < len && !is_blank(line[i + 1]))
				return false;
			*klen = i;
			*val = line + i + 1;
			*vlen = len - i - 1;
			cmdtext_trim(val, vlen);
			return true;
		}
		if (ch == ' ' && line[i - 1] == ' ')
			return false;
		if (!isalnum((unsigned char)ch) && ch != ' ' && ch != '/' &&
		    ch != '(' && ch != ')' && ch != '-' && ch != '_' &&
		    ch != '.')
			return false;
	}
	return false;
}

/* --- parse state ---------------------------------------------------------- */

enum health_layout {
	HL_UNKNOWN,
	HL_REACHABLE,		/* Name IP Reachable Endpoints reachable */
	HL_COUNTS,		/* Name IP Node Endpoints */
};

struct ctx {
	struct arena		*a;
	struct strtab		*st;
	struct diag_list	*diags;
	const char		*path;
	struct status_result	*out;
	struct cmdtext_stream	 in;		/* the lines, the JSON text */
	bool			 in_status;	/* in a status block */
	bool			 seen_key;
	bool			 cli_status;	/* cilium-cli's report */
	/* the pair being read */
	bool			 open;
	struct status_pair	 cur;
	enum key_id		 cur_id;
	struct status_subline	*sub;
	size_t			 nsub;
	size_t			 sub_cap;
	/* cluster health details */
	enum health_layout	 hl;
	const char		*vnode;		/* verbose block's node */
	const char		*vnode_ip;	/* its host address */
	unsigned long		 vnode_line;
	bool			 vnode_bad;
	/* results on the heap */
	struct status_pair	*pairs;
	size_t			 npairs, pairs_cap;
	struct status_allocation *allocs;
	size_t			 nallocs, allocs_cap;
	struct status_controller *ctrls;
	size_t			 nctrls, ctrls_cap;
	struct status_node	*nodes;
	size_t			 nnodes, nodes_cap;
	bool			 version_from_daemon;
};

static const char *
dup_n(struct ctx *c, const char *s, size_t n)
{
	return arena_strndup(c->a, s, n);
}

static const char *
intern_cell(struct ctx *c, const struct cmdtext_cell *x)
{
	return intern_n(c->st, x->s, x->len);
}

/* Split at runs of two or more blanks (or tabs); returns the count. */
static size_t
split2(const char *s, size_t n, struct cmdtext_cell *f, size_t max)
{
	size_t i = 0, k = 0, start;

	while (i < n && k < max) {
		while (i < n && is_blank(s[i]))
			i++;
		if (i >= n)
			break;
		start = i;
		while (i < n && s[i] != '\t' && !(s[i] == ' ' && i + 1 < n &&
		    is_blank(s[i + 1])))
			i++;
		f[k].s = s + start;
		f[k].len = i - start;
		cmdtext_trim(&f[k].s, &f[k].len);
		k++;
	}
	return k;
}

/* The first blank-separated word of [s, s + n) and the trimmed rest. */
static void
first_word(const char *s, size_t n, struct cmdtext_cell *w,
    struct cmdtext_cell *rest)
{
	size_t i = 0;

	while (i < n && !is_blank(s[i]))
		i++;
	w->s = s;
	w->len = i;
	rest->s = s + i;
	rest->len = n - i;
	cmdtext_trim(&rest->s, &rest->len);
}

static void
component_set(struct ctx *c, struct status_component *comp, const char *v,
    size_t n, unsigned long line)
{
	struct cmdtext_cell w, rest;

	first_word(v, n, &w, &rest);
	comp->present = true;
	comp->line = line;
	comp->state = status_state_parse(w.s, w.len);
	if (comp->state == STATUS_STATE_UNKNOWN) {
		rest.s = v;
		rest.len = n;
	}
	comp->msg = dup_n(c, rest.s, rest.len);
}

/* "1.16.5 (v1.16.5-abc)": the version and the parenthesized detail. */
static void
version_set(struct ctx *c, const char *s, size_t n)
{
	struct cmdtext_cell w, rest;
	const char *rp;

	first_word(s, n, &w, &rest);
	if (w.len == 0 || !isdigit((unsigned char)w.s[0]) ||
	    memchr(w.s, '.', w.len) == NULL)
		return;
	c->out->version = intern_n(c->st, w.s, w.len);
	c->out->version_detail = NULL;
	if (rest.len > 2 && rest.s[0] == '(' &&
	    (rp = memchr(rest.s, ')', rest.len)) != NULL)
		c->out->version_detail = intern_n(c->st, rest.s + 1,
		    (size_t)(rp - rest.s - 1));
}

/* Parse "A/B" (B optional) at s; returns the bytes used, 0 if none. */
static size_t
parse_ratio(const char *s, size_t n, uint64_t *a, uint64_t *b, bool *has_b)
{
	size_t i = 0, j;

	while (i < n && isdigit((unsigned char)s[i]))
		i++;
	if (i == 0 || !cmdtext_u64(s, i, a))
		return 0;
	*has_b = false;
	if (i < n && s[i] == '/') {
		for (j = i + 1; j < n && isdigit((unsigned char)s[j]); j++)
			;
		if (j > i + 1 && cmdtext_u64(s + i + 1, j - i - 1, b)) {
			*has_b = true;
			return j;
		}
	}
	return i;
}

/*
 * "5/254 allocated from 10.0.1.0/24" (the part after "IPv4: "), or the
 * pre-1.6 "261/65535 allocated".
 */
static void
ipam_family(struct ctx *c, struct status_ipam_family *f, const char *s,
    size_t n)
{
	const char *from, *end;
	uint64_t a, b = 0;
	bool has_b;
	size_t used;

	cmdtext_trim(&s, &n);
	used = parse_ratio(s, n, &a, &b, &has_b);
	if (used == 0)
		return;
	f->present = true;
	f->allocated = a;
	f->total = has_b ? b : 0;
	from = cmdtext_find(s + used, n - used, " from ");
	if (from == NULL)
		return;
	from += 6;
	for (end = from; end < s + n && !is_blank(*end) && *end != ','; end++)
		;
	if (end > from)
		f->cidr = intern_n(c->st, from, (size_t)(end - from));
}

static void
ipam_set(struct ctx *c, const char *v, size_t n)
{
	const char *p4 = cmdtext_find(v, n, "IPv4:");
	const char *p6 = cmdtext_find(v, n, "IPv6:");

	struct status_ipam_family f;

	if (p4 != NULL)
		ipam_family(c, &c->out->ipv4, p4 + 5, (size_t)(v + n - p4 - 5));
	if (p6 != NULL)
		ipam_family(c, &c->out->ipv6, p6 + 5, (size_t)(v + n - p6 - 5));
	if (p4 != NULL || p6 != NULL)
		return;
	/* No family named: "12/254 allocated from <cidr>" says which. */
	memset(&f, 0, sizeof(f));
	ipam_family(c, &f, v, n);
	if (!f.present)
		return;
	if (f.cidr != NULL && strchr(f.cidr, ':') != NULL)
		c->out->ipv6 = f;
	else
		c->out->ipv4 = f;
}

static void
controllers_set(struct ctx *c, const char *v, size_t n, unsigned long line)
{
	uint64_t ok, total = 0;
	bool has_total;

	if (parse_ratio(v, n, &ok, &total, &has_total) == 0 || !has_total ||
	    ok > UINT32_MAX || total > UINT32_MAX) {
		cmdtext_row_error(&c->in.errs, c->diags, c->path, line,
		    "cannot parse controller status '%.*s'",
		    (int)(n > 60 ? 60 : n), v);
		return;
	}
	c->out->has_controllers = true;
	c->out->controllers_healthy = (uint32_t)ok;
	c->out->controllers_total = (uint32_t)total;
}

/*
 * "OK, ip 10.0.0.1, 3 redirects active on ports 10000-20000, Envoy:
 * embedded", older "OK, ip X, port-range A-B" and "OK, ip X, 0 redirects,
 * port-range A-B", or "No managed proxy redirect".
 */
static void
proxy_set(struct ctx *c, const char *v, size_t n)
{
	struct status_result *o = c->out;
	const char *p = v, *end = v + n, *comma, *x;
	size_t len;
	uint64_t num, unused;
	bool has_b;

	o->has_proxy = true;
	o->proxy_redirects = -1;
	while (p < end) {
		comma = memchr(p, ',', (size_t)(end - p));
		len = comma != NULL ? (size_t)(comma - p) : (size_t)(end - p);
		cmdtext_trim(&p, &len);
		if (cmdtext_has_prefix(p, len, "ip "))
			o->proxy_ip = intern_n(c->st, p + 3, len - 3);
		else if (cmdtext_has_prefix(p, len, "port-range "))
			o->proxy_port_range = intern_n(c->st, p + 11,
			    len - 11);
		else if (cmdtext_has_prefix(p, len, "Envoy: "))
			o->proxy_envoy = intern_n(c->st, p + 7, len - 7);
		else if (parse_ratio(p, len, &num, &unused, &has_b) > 0 &&
		    cmdtext_find(p, len, " redirect") != NULL) {
			o->proxy_redirects = num > INT64_MAX ? -1 :
			    (int64_t)num;
			x = cmdtext_find(p, len, " on ports ");
			if (x != NULL)
				o->proxy_port_range = intern_n(c->st, x + 10,
				    len - (size_t)(x + 10 - p));
		}
		p = comma != NULL ? comma + 1 : end;
	}
}

static void
cluster_health_set(struct ctx *c, const char *v, size_t n,
    unsigned long line)
{
	struct status_result *o = c->out;
	uint64_t a, b = 0;
	bool has_b;

	o->cluster_health.present = true;
	o->cluster_health.line = line;
	o->cluster_health.msg = dup_n(c, v, n);
	c->hl = HL_UNKNOWN;
	c->vnode = NULL;
	if (parse_ratio(v, n, &a, &b, &has_b) > 0 && has_b &&
	    cmdtext_find(v, n, "reachable") != NULL && a <= INT64_MAX &&
	    b <= INT64_MAX) {
		o->nodes_reachable = (int64_t)a;
		o->nodes_total = (int64_t)b;
		o->cluster_health.state = a >= b ? STATUS_STATE_OK :
		    STATUS_STATE_WARNING;
	} else if (cmdtext_find(v, n, "Probe disabled") != NULL) {
		o->cluster_health.state = STATUS_STATE_DISABLED;
	} else if (cmdtext_has_prefix(v, n, "Warning")) {
		o->cluster_health.state = STATUS_STATE_WARNING;
	} else if (cmdtext_find(v, n, "error") != NULL) {
		o->cluster_health.state = STATUS_STATE_FAILURE;
	}
}

/* Typed facts from a key line. */
static void
key_facts(struct ctx *c, enum key_id id, const char *v, size_t n,
    unsigned long line)
{
	struct status_result *o = c->out;
	struct cmdtext_cell w, rest;

	switch (id) {
	case K_KVSTORE:
		component_set(c, &o->kvstore, v, n, line);
		break;
	case K_CONTAINER_RUNTIME:
		component_set(c, &o->container_runtime, v, n, line);
		break;
	case K_KUBERNETES:
		component_set(c, &o->kubernetes, v, n, line);
		break;
	case K_CILIUM:
		component_set(c, &o->cilium, v, n, line);
		if (!c->version_from_daemon)
			version_set(c, o->cilium.msg, strlen(o->cilium.msg));
		break;
	case K_HEALTH_DAEMON:
		component_set(c, &o->health, v, n, line);
		break;
	case K_HUBBLE:
		component_set(c, &o->hubble, v, n, line);
		break;
	case K_KPR:
		first_word(v, n, &w, &rest);
		if (w.len > 0)
			o->kpr_mode = intern_cell(c, &w);
		if (rest.len > 0 && rest.s[0] == '[')
			o->kpr_devices = dup_n(c, rest.s, rest.len);
		break;
	case K_ENCRYPTION:
		first_word(v, n, &w, &rest);
		if (w.len > 0)
			o->encryption = intern_cell(c, &w);
		break;
	case K_ROUTING:
		o->routing = dup_n(c, v, n);
		break;
	case K_HOST_ROUTING:
		if (o->routing == NULL)
			o->routing = dup_n(c, v, n);
		break;
	case K_IPAM:
		ipam_set(c, v, n);
		break;
	case K_POOL_V4:
		ipam_family(c, &o->ipv4, v, n);
		break;
	case K_POOL_V6:
		ipam_family(c, &o->ipv6, v, n);
		break;
	case K_CONTROLLERS:
		controllers_set(c, v, n, line);
		break;
	case K_PROXY:
		proxy_set(c, v, n);
		break;
	case K_CLUSTER_HEALTH:
		cluster_health_set(c, v, n, line);
		break;
	case K_DAEMON:
		version_set(c, v, n);
		c->version_from_daemon = o->version != NULL;
		break;
	case K_CLIENT:
		if (o->version == NULL)
			version_set(c, v, n);
		break;
	case K_OTHER:
	case K_KPR_DETAILS:
	case K_ALLOCATED:
	case K_UNKNOWN:
		break;
	}
}

/* --- detail lines --------------------------------------------------------- */

static void
allocation_line(struct ctx *c, const char *s, size_t n, unsigned long line)
{
	struct status_allocation *al;
	struct cmdtext_cell ip, rest;

	first_word(s, n, &ip, &rest);
	if (ip.len == 0)
		return;
	c->allocs = xgrow(c->allocs, &c->allocs_cap, c->nallocs + 1,
	    sizeof(*c->allocs));
	al = &c->allocs[c->nallocs++];
	al->ip = intern_cell(c, &ip);
	al->owner = NULL;
	al->line = line;
	if (rest.len >= 2 && rest.s[0] == '(' && rest.s[rest.len - 1] == ')')
		al->owner = intern_n(c->st, rest.s + 1, rest.len - 2);
	else if (rest.len > 0)
		al->owner = intern_cell(c, &rest);
}

static void
controller_line(struct ctx *c, const char *s, size_t n, unsigned long line)
{
	struct cmdtext_cell f[STATUS_MAX_FIELDS];
	struct status_controller *k;
	size_t nf = split2(s, n, f, STATUS_MAX_FIELDS);
	uint64_t count;
	const char *msg;
	size_t mlen;

	if (nf >= 2 && cmdtext_has_prefix(f[0].s, f[0].len, "Name") &&
	    cmdtext_has_prefix(f[1].s, f[1].len, "Last success"))
		return;		/* the table header */
	if (nf < 4 || !cmdtext_u64(f[3].s, f[3].len, &count)) {
		cmdtext_row_error(&c->in.errs, c->diags, c->path, line,
		    "cannot parse controller row '%.*s'",
		    (int)(n > 60 ? 60 : n), s);
		return;
	}
	c->ctrls = xgrow(c->ctrls, &c->ctrls_cap, c->nctrls + 1,
	    sizeof(*c->ctrls));
	k = &c->ctrls[c->nctrls++];
	memset(k, 0, sizeof(*k));
	k->name = intern_cell(c, &f[0]);
	k->last_success = intern_cell(c, &f[1]);
	k->last_failure = intern_cell(c, &f[2]);
	k->consecutive_failures = count;
	k->failing = count > 0;
	k->line = line;
	/* The message is the rest of the line: it may hold double blanks. */
	if (nf > 4) {
		msg = f[4].s;
		mlen = (size_t)(s + n - msg);
		cmdtext_trim(&msg, &mlen);
		k->message = dup_n(c, msg, mlen);
	}
}

static void
node_add(struct ctx *c, const char *name, size_t nlen, const char *ip,
    size_t iplen, const char *detail, unsigned long line)
{
	struct status_node *nd;
	static const char lh[] = " (localhost)";
	bool localhost = false;

	if (nlen >= sizeof(lh) - 1 &&
	    memcmp(name + nlen - (sizeof(lh) - 1), lh, sizeof(lh) - 1) == 0) {
		nlen -= sizeof(lh) - 1;
		localhost = true;
	}
	c->nodes = xgrow(c->nodes, &c->nodes_cap, c->nnodes + 1,
	    sizeof(*c->nodes));
	nd = &c->nodes[c->nnodes++];
	nd->name = intern_n(c->st, name, nlen);
	nd->ip = iplen > 0 ? intern_n(c->st, ip, iplen) : NULL;
	nd->localhost = localhost;
	nd->detail = detail;
	nd->line = line;
}

/*
 * A `Name IP Node Endpoints` cell: are all paths reachable or unknown?
 * Releases from about 1.12 print the summary as a word, "reachable",
 * "unreachable" or "unknown" (ConnectivityStatusType.String in
 * pkg/health/client/client.go; unknown means not probed yet, which
 * nodeIsHealthy counts as healthy); the newest print counts, "1/1",
 * "0/1", "1/2 (1 unknown)".
 */
static bool
paths_ok(const struct cmdtext_cell *x, bool *valid)
{
	uint64_t a, b = 0, u = 0, unused;
	bool has_b, hu;
	size_t used;
	const char *p;

	*valid = true;
	if (word_is(x->s, x->len, "reachable") ||
	    word_is(x->s, x->len, "unknown"))
		return true;
	if (word_is(x->s, x->len, "unreachable"))
		return false;
	used = parse_ratio(x->s, x->len, &a, &b, &has_b);
	*valid = used > 0 && has_b;
	if (!*valid)
		return true;
	p = x->s + used;
	if (p < x->s + x->len && *p == ' ' && p + 2 < x->s + x->len &&
	    p[1] == '(')
		(void)parse_ratio(p + 2, (size_t)(x->s + x->len - p - 2), &u,
		    &unused, &hu);
	return a + u >= b;
}

static bool
cell_bool(const struct cmdtext_cell *x, bool *valid)
{
	*valid = true;
	if (word_is(x->s, x->len, "true"))
		return true;
	if (word_is(x->s, x->len, "false"))
		return false;
	*valid = false;
	return true;
}

static void
vnode_end(struct ctx *c)
{
	c->vnode = NULL;
	c->vnode_ip = NULL;
	c->vnode_bad = false;
}

static void
health_line(struct ctx *c, const char *s, size_t n, unsigned long line)
{
	struct cmdtext_cell f[STATUS_MAX_FIELDS];
	size_t nf = split2(s, n, f, STATUS_MAX_FIELDS);
	bool v1, v2, ok1, ok2, is_bool;
	const char *colon;

	if (nf == 0 || (n == 3 && memcmp(s, "...", 3) == 0))
		return;
	if (cmdtext_has_prefix(f[0].s, f[0].len, "Name") && nf >= 3) {
		c->hl = cmdtext_find(s, n, "Reachable") != NULL ?
		    HL_REACHABLE : HL_COUNTS;
		return;
	}
	/* Verbose blocks: "node:", "Host connectivity to ip:", probes. */
	if (s[n - 1] == ':' && nf == 1 &&
	    cmdtext_find(s, n, "connectivity") == NULL) {
		vnode_end(c);
		c->vnode = dup_n(c, s, n - 1);
		c->vnode_line = line;
		return;
	}
	if (c->vnode != NULL) {
		if (cmdtext_has_prefix(s, n, "Host connectivity to ") &&
		    c->vnode_ip == NULL && s[n - 1] == ':')
			c->vnode_ip = dup_n(c, s + 21, n - 22);
		if (cmdtext_find(s, n, "connectivity to ") != NULL)
			return;
		colon = memchr(s, ':', n);
		if (colon != NULL && !c->vnode_bad) {
			const char *v = colon + 1;
			size_t vl = (size_t)(s + n - v);

			cmdtext_trim(&v, &vl);
			if (!cmdtext_has_prefix(v, vl, "OK")) {
				const char *ip = c->vnode_ip != NULL ?
				    c->vnode_ip : "";

				c->vnode_bad = true;
				node_add(c, c->vnode, strlen(c->vnode), ip,
				    strlen(ip), dup_n(c, s, n), c->vnode_line);
			}
		}
		return;
	}
	/* A node row: name, IP(s), then two reachability cells. */
	if (nf < 4) {
		cmdtext_row_error(&c->in.errs, c->diags, c->path, line,
		    "cannot parse cluster health row '%.*s'",
		    (int)(n > 60 ? 60 : n), s);
		return;
	}
	/* Without a header, "true"/"false" cells tell the old layout. */
	(void)cell_bool(&f[2], &is_bool);
	if (c->hl == HL_REACHABLE || (c->hl == HL_UNKNOWN && is_bool)) {
		v1 = cell_bool(&f[2], &ok1);
		v2 = cell_bool(&f[3], &ok2);
	} else {
		v1 = paths_ok(&f[2], &ok1);
		v2 = paths_ok(&f[3], &ok2);
	}
	if (!ok1 || !ok2) {
		cmdtext_row_error(&c->in.errs, c->diags, c->path, line,
		    "cannot parse cluster health row '%.*s'",
		    (int)(n > 60 ? 60 : n), s);
		return;
	}
	if (!v1 || !v2)
		node_add(c, f[0].s, f[0].len, f[1].s, f[1].len,
		    arena_printf(c->a, "host %.*s, endpoints %.*s",
		    (int)f[2].len, f[2].s, (int)f[3].len, f[3].s), line);
}

static void
kpr_details_line(struct ctx *c, const char *s, size_t n)
{
	struct cmdtext_cell f[2];

	if (split2(s, n, f, 2) == 2 && word_is(f[0].s, f[0].len, "Status:") &&
	    c->out->kpr_mode == NULL)
		c->out->kpr_mode = intern_cell(c, &f[1]);
}

/* A detail line (trimmed) under the current pair. */
static void
sub_line(struct ctx *c, const char *s, size_t n, unsigned long line)
{
	struct status_subline *sl;

	c->sub = xgrow(c->sub, &c->sub_cap, c->nsub + 1, sizeof(*c->sub));
	sl = &c->sub[c->nsub++];
	sl->text = dup_n(c, s, n);
	sl->line = line;
	switch (c->cur_id) {
	case K_ALLOCATED:
		allocation_line(c, s, n, line);
		break;
	case K_CONTROLLERS:
		controller_line(c, s, n, line);
		break;
	case K_CLUSTER_HEALTH:
		health_line(c, s, n, line);
		break;
	case K_KPR_DETAILS:
		kpr_details_line(c, s, n);
		break;
	default:
		break;
	}
}

static void
pair_close(struct ctx *c)
{
	if (!c->open)
		return;
	if (c->nsub > 0) {
		c->cur.sub = arena_memdup(c->a, c->sub,
		    c->nsub * sizeof(*c->sub));
		c->cur.nsub = c->nsub;
	}
	c->pairs = xgrow(c->pairs, &c->pairs_cap, c->npairs + 1,
	    sizeof(*c->pairs));
	c->pairs[c->npairs++] = c->cur;
	c->nsub = 0;
	c->open = false;
	vnode_end(c);
}

static void
pair_open(struct ctx *c, enum key_id id, const char *k, size_t klen,
    const char *v, size_t vlen, unsigned long line)
{
	pair_close(c);
	memset(&c->cur, 0, sizeof(c->cur));
	c->cur.key = intern_n(c->st, k, klen);
	c->cur.value = dup_n(c, v, vlen);
	c->cur.line = line;
	c->cur_id = id;
	c->open = true;
	if (c->out->line == 0)
		c->out->line = line;
	key_facts(c, id, v, vlen, line);
}

static bool
cli_status_line(const char *s, size_t n)
{
	/* cilium-cli's logo and its summary rows. */
	return cmdtext_find(s, n, "/\xc2\xaf\xc2\xaf\\") != NULL ||
	    cmdtext_has_prefix(s, n, "Cluster Pods:") ||
	    cmdtext_has_prefix(s, n, "Helm chart version:");
}

static void
text_line(struct ctx *c, const char *line, size_t len, unsigned long lineno)
{
	const char *v, *s = line;
	size_t vlen, klen, n = len;
	enum key_id id;

	if (cli_status_line(line, len))
		c->cli_status = true;
	if (key_split(line, len, &v, &vlen, &klen)) {
		id = key_lookup(line, klen);
		if (id != K_UNKNOWN || c->in_status) {
			c->in_status = true;
			c->seen_key = true;
			pair_open(c, id, line, klen, v, vlen, lineno);
			return;
		}
	}
	if (!c->in_status)
		return;
	/* A new prompt or a document heading ends the block. */
	if (cmdtext_has_prefix(line, len, "$ ") || (len == 1 &&
	    line[0] == '$') || cmdtext_has_prefix(line, len, "### ")) {
		pair_close(c);
		c->in_status = false;
		return;
	}
	if (!c->open)
		return;
	cmdtext_trim(&s, &n);
	sub_line(c, s, n, lineno);
}

/* --- JSON ----------------------------------------------------------------- */

static void
jcomponent(struct arena *a, struct status_component *comp, json_t *obj,
    const char *state_key)
{
	const char *state, *msg;

	if (!json_is_object(obj))
		return;
	state = json_get_text(obj, state_key);
	msg = json_get_text(obj, "msg");
	comp->present = true;
	comp->state = state != NULL ? status_state_parse(state,
	    strlen(state)) : STATUS_STATE_UNKNOWN;
	comp->msg = arena_strdup(a, msg != NULL ? msg : "");
}

static int
alloc_cmp(const void *x, const void *y)
{
	const struct status_allocation *p = x, *q = y;

	return strcmp(p->ip, q->ip);
}

static void
jipam(struct ctx *c, json_t *ipam)
{
	json_t *allocs = json_object_get(ipam, "allocations"), *v;
	const char *s = json_get_text(ipam, "status"), *ip;
	struct status_allocation *al;

	if (s != NULL)
		ipam_set(c, s, strlen(s));
	json_object_foreach(allocs, ip, v) {
		c->allocs = xgrow(c->allocs, &c->allocs_cap, c->nallocs + 1,
		    sizeof(*c->allocs));
		al = &c->allocs[c->nallocs++];
		al->ip = intern(c->st, ip);
		al->owner = json_is_string(v) ? intern(c->st,
		    json_string_value(v)) : NULL;
		al->line = 0;
	}
	if (c->nallocs > 1)
		qsort(c->allocs, c->nallocs, sizeof(*c->allocs), alloc_cmp);
}

static void
jkpr(struct ctx *c, json_t *kpr)
{
	json_t *list = json_object_get(kpr, "deviceList"), *x;
	struct buf b = BUF_INIT;
	size_t i;

	c->out->kpr_mode = intern(c->st, json_get_text(kpr, "mode"));
	if (!json_is_array(list) || json_array_size(list) == 0)
		list = json_object_get(kpr, "devices");
	json_array_foreach(list, i, x) {
		const char *name = json_is_string(x) ? json_string_value(x) :
		    json_get_text(x, "name");

		if (name == NULL)
			continue;
		buf_addstr(&b, b.len == 0 ? "[" : ", ");
		buf_addstr(&b, name);
	}
	if (b.len > 0) {
		buf_addch(&b, ']');
		c->out->kpr_devices = arena_strdup(c->a, b.ptr);
	}
	buf_release(&b);
}

static void
jcontrollers(struct ctx *c, json_t *arr)
{
	struct status_controller *k;
	json_t *x, *cs;
	size_t i;

	if (!json_is_array(arr))
		return;
	c->out->has_controllers = true;
	json_array_foreach(arr, i, x) {
		if (!json_is_object(x))
			continue;
		cs = json_object_get(x, "status");
		c->ctrls = xgrow(c->ctrls, &c->ctrls_cap, c->nctrls + 1,
		    sizeof(*c->ctrls));
		k = &c->ctrls[c->nctrls++];
		memset(k, 0, sizeof(*k));
		k->name = intern(c->st, json_get_text(x, "name"));
		k->last_success = intern(c->st, json_get_text(cs,
		    "last-success-timestamp"));
		k->last_failure = intern(c->st, json_get_text(cs,
		    "last-failure-timestamp"));
		(void)json_get_u64(cs, "consecutive-failure-count",
		    &k->consecutive_failures);
		(void)json_get_u64(cs, "failure-count", &k->failure_count);
		if (json_get_text(cs, "last-failure-msg") != NULL)
			k->message = arena_strdup(c->a, json_get_text(cs,
			    "last-failure-msg"));
		k->failing = k->consecutive_failures > 0;
	}
	c->out->controllers_total = (uint32_t)c->nctrls;
}

static void
json_fill(struct ctx *c, json_t *obj)
{
	struct status_result *o = c->out;
	json_t *x;
	uint64_t n;
	const char *s, *t;

	jcomponent(c->a, &o->kvstore, json_object_get(obj, "kvstore"), "state");
	jcomponent(c->a, &o->container_runtime, json_object_get(obj,
	    "container-runtime"), "state");
	jcomponent(c->a, &o->kubernetes, json_object_get(obj, "kubernetes"),
	    "state");
	jcomponent(c->a, &o->cilium, json_object_get(obj, "cilium"), "state");
	jcomponent(c->a, &o->health, json_object_get(json_object_get(obj,
	    "cluster"), "ciliumHealth"), "state");
	jcomponent(c->a, &o->hubble, json_object_get(obj, "hubble"), "state");
	if (o->cilium.present)
		version_set(c, o->cilium.msg, strlen(o->cilium.msg));
	if (json_is_object(x = json_object_get(obj, "kube-proxy-replacement")))
		jkpr(c, x);
	x = json_object_get(obj, "encryption");
	o->encryption = intern(c->st, json_get_text(x, "mode"));
	x = json_object_get(obj, "routing");
	if ((s = json_get_text(x, "inter-host-routing-mode")) != NULL) {
		t = json_get_text(x, "intra-host-routing-mode");
		o->routing = arena_printf(c->a, "Network: %s Host: %s", s,
		    t != NULL ? t : "?");
	} else if ((s = json_get_text(json_object_get(obj, "host-routing"),
	    "mode")) != NULL) {
		o->routing = arena_strdup(c->a, s);
	}
	if (json_is_object(x = json_object_get(obj, "ipam")))
		jipam(c, x);
	jcontrollers(c, json_object_get(obj, "controllers"));
	if (json_is_object(x = json_object_get(obj, "proxy"))) {
		o->has_proxy = true;
		o->proxy_ip = intern(c->st, json_get_text(x, "ip"));
		o->proxy_port_range = intern(c->st, json_get_text(x,
		    "port-range"));
		o->proxy_envoy = intern(c->st, json_get_text(x,
		    "envoy-deployment-mode"));
		o->proxy_redirects = json_get_u64(x, "total-redirects", &n) &&
		    n <= INT64_MAX ? (int64_t)n : -1;
	}
}

static void
results_move(struct ctx *c)
{
	struct status_result *o = c->out;
	size_t i;

	if (c->npairs > 0) {
		o->pairs = arena_memdup(c->a, c->pairs,
		    c->npairs * sizeof(*c->pairs));
		o->npairs = c->npairs;
	}
	if (c->nallocs > 0) {
		o->allocations = arena_memdup(c->a, c->allocs,
		    c->nallocs * sizeof(*c->allocs));
		o->nallocations = c->nallocs;
	}
	if (c->nctrls > 0) {
		o->controllers = arena_memdup(c->a, c->ctrls,
		    c->nctrls * sizeof(*c->ctrls));
		o->ncontrollers = c->nctrls;
		for (i = 0; i < c->nctrls; i++)
			if (c->ctrls[i].failing)
				o->ncontrollers_failing++;
	}
	if (c->nnodes > 0) {
		o->unreachable = arena_memdup(c->a, c->nodes,
		    c->nnodes * sizeof(*c->nodes));
		o->nunreachable = c->nnodes;
	}
}

static void
ctx_init(struct ctx *c, struct arena *a, struct strtab *st,
    struct diag_list *diags, const char *path, unsigned long line,
    struct status_result *out)
{
	memset(c, 0, sizeof(*c));
	memset(out, 0, sizeof(*out));
	c->a = a;
	c->st = st;
	c->diags = diags;
	c->path = intern(st, path);
	c->out = out;
	cmdtext_stream_init(&c->in, a, diags, c->path);
	out->path = c->path;
	out->line = line;
	out->proxy_redirects = -1;
	out->nodes_reachable = -1;
	out->nodes_total = -1;
}

static void
ctx_release(struct ctx *c)
{
	free(c->sub);
	free(c->pairs);
	free(c->allocs);
	free(c->ctrls);
	free(c->nodes);
	cmdtext_stream_release(&c->in);
}

int
art_status_from_json(json_t *obj, const char *path, unsigned long line,
    struct arena *a, struct strtab *st, struct status_result *out)
{
	struct ctx c;

	ctx_init(&c, a, st, NULL, path != NULL ? path : "", line, out);
	if (!json_is_object(obj)) {
		ctx_release(&c);
		return -1;
	}
	out->json = true;
	json_fill(&c, obj);
	results_move(&c);
	if (out->has_controllers)
		out->controllers_healthy = out->controllers_total -
		    (uint32_t)out->ncontrollers_failing;
	ctx_release(&c);
	return 0;
}

/* Is it a StatusResponse?  One of its always-present members. */
static bool
looks_like_status(json_t *obj)
{
	static const char *const k[] = {
		"cilium", "kvstore", "kubernetes", "controllers", "ipam",
		"nodeMonitor", "proxy", "cluster",
	};
	size_t i;

	for (i = 0; i < sizeof(k) / sizeof(k[0]); i++)
		if (json_object_get(obj, k[i]) != NULL)
			return true;
	return false;
}

static int
parse_json_doc(struct ctx *c)
{
	unsigned long first;
	json_t *doc, *obj;
	int r = -1;

	doc = json_parse_string(c->path, c->in.jbuf.ptr, c->in.jbuf.len,
	    JSON_PARSE_FIRST_VALUE, c->diags);
	if (doc == NULL)
		return -1;
	first = cmdtext_first_object_line(c->in.jbuf.ptr, c->in.jbuf.len);
	obj = json_object_get(doc, "cilium-status");	/* debuginfo */
	if (!json_is_object(obj))
		obj = doc;
	if (json_is_object(obj) && looks_like_status(obj)) {
		if (art_status_from_json(obj, c->path, first, c->a, c->st,
		    c->out) == 0)
			r = 0;
	} else {
		diag_add(c->diags, DIAG_ERROR, c->path, first,
		    "cannot parse status: JSON is not a StatusResponse or a "
		    "debuginfo document");
	}
	json_decref(doc);
	return r;
}

/* How cmdtext_stream_read hands the lines of the text output over. */
static void
stream_end(void *ctx, enum cmdtext_line what)
{
	struct ctx *c = ctx;

	/* Blank lines separate nothing; markup and trailers end the block. */
	if (what == CMDTEXT_BLANK)
		return;
	pair_close(c);
	c->in_status = false;
}

static bool
stream_json_may_start(void *ctx)
{
	const struct ctx *c = ctx;

	return !c->seen_key;
}

static void
stream_line(void *ctx, char *line, size_t len, unsigned long lineno)
{
	text_line(ctx, line, len, lineno);
}

static const struct cmdtext_stream_ops stream_ops = {
	stream_end, stream_json_may_start, stream_line,
};

int
art_status_parse(struct ingest_member *m, struct arena *a,
    struct strtab *st, struct diag_list *diags, struct status_result *out)
{
	struct ctx c;
	int r = -1;

	ctx_init(&c, a, st, diags, m->path, 0, out);
	/* A cut line is passed over: a status line is never that long. */
	cmdtext_stream_read(&c.in, m, STATUS_MAX_LINE, NULL, &stream_ops, &c);
	pair_close(&c);
	cmdtext_row_errors_end(&c.in.errs, diags, c.path, "status detail rows");

	if (c.in.json) {
		r = parse_json_doc(&c);
	} else if (c.seen_key) {
		results_move(&c);
		r = 0;
	} else if (c.cli_status) {
		diag_add(diags, DIAG_ERROR, c.path, 0,
		    "cannot parse status: this is cilium-cli's 'cilium status' "
		    "report, not the agent's");
	} else {
		diag_add(diags, DIAG_ERROR, c.path, 0,
		    "cannot parse status: no agent status keys%s%s",
		    c.in.cmd_error != NULL ? ", command failed: " : "",
		    c.in.cmd_error != NULL ? c.in.cmd_error : "");
	}
	/* After parse_json_doc, which fills *out afresh. */
	out->cmd_error = c.in.cmd_error;
	ctx_release(&c);
	return r;
}
