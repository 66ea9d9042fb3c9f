/*
 * art_endpoint.c: `cilium(-dbg) endpoint list` tables and models.Endpoint
 * JSON (see art_endpoint.h), in the parse stage beside the other art_*
 * parsers.
 *
 * The member is streamed line by line.  Until a table header or a JSON
 * document is met, lines are preamble (markdown header, prompts, log
 * lines).  A line starting with '[' or '{' switches to JSON: it and every
 * later line are collected (earlier lines become empty lines, so jansson's
 * line numbers stay the member's), parsed once at the end, and, should the
 * JSON turn out to be a fragment, read again as text.
 *
 * Table rows are cut at the header's column offsets (tabwriter keeps them
 * aligned).  Rows that do not line up with their header (a paste that lost
 * a leading blank or a tab) are read by content instead: the endpoint id,
 * the policy words, the identity, one label, then addresses recognized by
 * their ':' or '.', and the state last.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "arena.h"
#include "art_endpoint.h"
#include "art_identity.h"
#include "buf.h"
#include "cmdtext.h"
#include "diag.h"
#include "ingest.h"
#include "intern.h"
#include "label.h"
#include "parse_json.h"
#include "xalloc.h"

/* Lines are cut beyond this; JSON documents are indented, so short. */
#define ENDPOINT_MAX_LINE	(1024 * 1024)
/* Tokens looked at in a row read by content. */
#define ENDPOINT_MAX_TOKENS	24

static const char *const policy_mode_names[] = {
#define X(e, s) s,
	ENDPOINT_POLICY_MODES(X)
#undef X
};

const char *
endpoint_policy_mode_name(enum endpoint_policy_mode p)
{
	if ((size_t)p >= sizeof(policy_mode_names) /
	    sizeof(policy_mode_names[0]))
		return "unknown";
	return policy_mode_names[p];
}

void
endpoint_policy_from_enabled(const char *pe, enum endpoint_policy_mode *in,
    enum endpoint_policy_mode *eg)
{
	static const struct {
		const char		*name;
		enum endpoint_policy_mode in, eg;
	} map[] = {
		{ "none", ENDPOINT_POLICY_DISABLED, ENDPOINT_POLICY_DISABLED },
		{ "both", ENDPOINT_POLICY_ENABLED, ENDPOINT_POLICY_ENABLED },
		{ "ingress", ENDPOINT_POLICY_ENABLED,
		    ENDPOINT_POLICY_DISABLED },
		{ "egress", ENDPOINT_POLICY_DISABLED,
		    ENDPOINT_POLICY_ENABLED },
		{ "audit-both", ENDPOINT_POLICY_AUDIT, ENDPOINT_POLICY_AUDIT },
		{ "audit-ingress", ENDPOINT_POLICY_AUDIT,
		    ENDPOINT_POLICY_DISABLED },
		{ "audit-egress", ENDPOINT_POLICY_DISABLED,
		    ENDPOINT_POLICY_AUDIT },
	};
	size_t i;

	*in = *eg = ENDPOINT_POLICY_UNKNOWN;
	if (pe == NULL)
		return;
	for (i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (strcmp(pe, map[i].name) == 0) {
			*in = map[i].in;
			*eg = map[i].eg;
			return;
		}
}

/* --- JSON ----------------------------------------------------------------- */

static const char *
istr(struct strtab *st, json_t *obj, const char *key)
{
	return intern(st, json_get_text(obj, key));
}

static const char *
astr(struct arena *a, json_t *obj, const char *key)
{
	const char *s = json_get_text(obj, key);

	return s != NULL ? arena_strdup(a, s) : NULL;
}

/* The strings of a JSON array, borrowed; *np gets their count. */
static const char **
jstrings(json_t *arr, size_t *np)
{
	const char **v;
	json_t *x;
	size_t i, n = 0;

	*np = 0;
	if (!json_is_array(arr) || json_array_size(arr) == 0)
		return NULL;
	v = xcalloc(json_array_size(arr), sizeof(*v));
	json_array_foreach(arr, i, x)
		if (json_is_string(x))
			v[n++] = json_string_value(x);
	*np = n;
	return v;
}

static void
ep_init(struct endpoint_record *r, unsigned long line)
{
	memset(r, 0, sizeof(*r));
	r->ingress = r->egress = ENDPOINT_POLICY_UNKNOWN;
	r->connected = -1;
	r->line = line;
}

static void
json_labels(struct endpoint_record *r, json_t *status, struct arena *a,
    struct strtab *st)
{
	json_t *ident = json_object_get(status, "identity");
	const char **v;
	size_t n;

	if (json_get_u32(ident, "id", &r->identity))
		r->has_identity = true;
	v = jstrings(json_object_get(ident, "labels"), &n);
	if (n == 0) {
		free(v);
		v = jstrings(json_object_get(json_object_get(status,
		    "labels"), "security-relevant"), &n);
	}
	art_identity_labels_build(a, st, v, n, &r->label_text,
	    &r->nlabel_text, &r->labels);
	free(v);
}

static void
json_pod(struct endpoint_record *r, json_t *status, struct strtab *st,
    struct arena *a)
{
	json_t *ext = json_object_get(status, "external-identifiers");
	const char *pn, *sep;

	r->pod_namespace = istr(st, ext, "k8s-namespace");
	r->pod_name = istr(st, ext, "k8s-pod-name");
	r->container_id = astr(a, ext, "container-id");
	pn = json_get_text(ext, "pod-name");
	if (pn == NULL || (r->pod_namespace != NULL && r->pod_name != NULL))
		return;
	/* "<namespace>/<pod>" (pkg/endpoint/api.go); ':' in old agents. */
	sep = strchr(pn, '/');
	if (sep == NULL)
		sep = strchr(pn, ':');
	if (sep == NULL || sep == pn || sep[1] == '\0')
		return;
	if (r->pod_namespace == NULL)
		r->pod_namespace = intern_n(st, pn, (size_t)(sep - pn));
	if (r->pod_name == NULL)
		r->pod_name = intern(st, sep + 1);
}

static void
json_networking(struct endpoint_record *r, json_t *status, json_t *obj,
    struct strtab *st)
{
	json_t *net = json_object_get(status, "networking"), *addr, *x;
	uint64_t ifindex;
	size_t i;

	addr = json_object_get(net, "addressing");
	if (addr == NULL)	/* pre-1.0 flat objects */
		addr = json_object_get(obj, "addressing");
	if (json_is_object(addr)) {
		r->ipv4 = istr(st, addr, "ipv4");
		r->ipv6 = istr(st, addr, "ipv6");
	}
	json_array_foreach(addr, i, x) {
		if (r->ipv4 == NULL)
			r->ipv4 = istr(st, x, "ipv4");
		if (r->ipv6 == NULL)
			r->ipv6 = istr(st, x, "ipv6");
	}
	r->ifname = istr(st, net, "interface-name");
	if (json_get_u64(net, "interface-index", &ifindex) &&
	    ifindex <= INT64_MAX)
		r->ifindex = (int64_t)ifindex;
}

static void
json_policy(struct endpoint_record *r, json_t *status, struct strtab *st)
{
	json_t *realized = json_object_get(json_object_get(status, "policy"),
	    "realized");

	/* Like endpoint_list.go: no realized policy, unknown modes. */
	if (!json_is_object(realized))
		return;
	r->policy_enabled = istr(st, realized, "policy-enabled");
	endpoint_policy_from_enabled(r->policy_enabled, &r->ingress,
	    &r->egress);
	if (json_get_u64(realized, "policy-revision", &r->policy_revision))
		r->has_policy_revision = true;
}

static void
json_health(struct endpoint_record *r, json_t *status, struct strtab *st)
{
	json_t *h = json_object_get(status, "health");
	json_t *c = json_object_get(h, "connected");

	r->health_overall = istr(st, h, "overallHealth");
	r->health_bpf = istr(st, h, "bpf");
	r->health_policy = istr(st, h, "policy");
	if (json_is_boolean(c))
		r->connected = json_is_true(c) ? 1 : 0;
}

static void
json_ports(struct endpoint_record *r, json_t *status, struct arena *a,
    struct strtab *st)
{
	json_t *arr = json_object_get(status, "namedPorts"), *x;
	size_t i, n = 0;

	if (!json_is_array(arr))
		arr = json_object_get(status, "named-ports");
	if (!json_is_array(arr) || json_array_size(arr) == 0)
		return;
	r->ports = arena_calloc(a, json_array_size(arr), sizeof(*r->ports));
	json_array_foreach(arr, i, x) {
		struct endpoint_named_port *p = &r->ports[n];

		if (!json_is_object(x))
			continue;
		p->name = istr(st, x, "name");
		(void)json_get_u32(x, "port", &p->port);
		p->protocol = istr(st, x, "protocol");
		n++;
	}
	r->nports = n;
}

static void
json_controllers(struct endpoint_record *r, json_t *status, struct arena *a,
    struct strtab *st)
{
	json_t *arr = json_object_get(status, "controllers"), *x, *cs;
	size_t i, n = 0;

	if (!json_is_array(arr) || json_array_size(arr) == 0)
		return;
	r->controllers = arena_calloc(a, json_array_size(arr),
	    sizeof(*r->controllers));
	json_array_foreach(arr, i, x) {
		struct endpoint_controller *c = &r->controllers[n];

		if (!json_is_object(x))
			continue;
		cs = json_object_get(x, "status");
		c->name = istr(st, x, "name");
		(void)json_get_u64(cs, "success-count", &c->success_count);
		(void)json_get_u64(cs, "failure-count", &c->failure_count);
		(void)json_get_u64(cs, "consecutive-failure-count",
		    &c->consecutive_failures);
		c->last_failure_msg = astr(a, cs, "last-failure-msg");
		if (c->failure_count > 0 || c->last_failure_msg != NULL)
			c->last_failure_time = astr(a, cs,
			    "last-failure-timestamp");
		n++;
	}
	r->ncontrollers = n;
}

static bool
log_failed(const char *code)
{
	/* EndpointStatusChange code "failed"; "Failure" as `endpoint log`. */
	return code != NULL && (strcasecmp(code, "failed") == 0 ||
	    strcasecmp(code, "failure") == 0);
}

static void
json_log(struct endpoint_record *r, json_t *status, struct arena *a,
    struct strtab *st)
{
	json_t *arr = json_object_get(status, "log"), *x;
	size_t i, n = 0;

	if (!json_is_array(arr))
		return;
	json_array_foreach(arr, i, x)
		if (log_failed(json_get_text(x, "code")))
			n++;
	if (n == 0)
		return;
	r->failed_log = arena_calloc(a, n, sizeof(*r->failed_log));
	n = 0;
	json_array_foreach(arr, i, x) {
		struct endpoint_log_entry *e;

		if (!log_failed(json_get_text(x, "code")))
			continue;
		e = &r->failed_log[n++];
		e->code = istr(st, x, "code");
		e->state = istr(st, x, "state");
		e->message = astr(a, x, "message");
		e->timestamp = astr(a, x, "timestamp");
	}
	r->nfailed_log = n;
}

int
art_endpoint_from_json(json_t *obj, unsigned long line, struct arena *a,
    struct strtab *st, struct endpoint_record *out)
{
	json_t *status;

	ep_init(out, line);
	if (!json_is_object(obj) || !json_get_u32(obj, "id", &out->id))
		return -1;
	/* Fields sit under "status" since 1.0; pre-1.0 objects are flat. */
	status = json_object_get(obj, "status");
	if (!json_is_object(status))
		status = obj;
	out->state = istr(st, status, "state");
	json_labels(out, status, a, st);
	json_pod(out, status, st, a);
	json_networking(out, status, obj, st);
	json_policy(out, status, st);
	json_health(out, status, st);
	json_ports(out, status, a, st);
	json_controllers(out, status, a, st);
	json_log(out, status, a, st);
	return 0;
}

/* --- parse state ---------------------------------------------------------- */

/* Column indexes of the current table's titles, -1 when absent. */
struct cols {
	int	id, pin, peg, pol, ident, labels, v6, v4, status;
};

struct ctx {
	struct arena		*a;
	struct strtab		*st;
	struct diag_list	*diags;
	const char		*path;
	struct cmdtext_stream	 in;		/* the lines, the JSON text */
	/* text */
	bool			 in_table;
	bool			 seen_header;
	struct cmdtext_header	 h;
	struct cols		 c;
	bool			 open;		/* cur is open */
	bool			 skip_cont;	/* drop label rows */
	struct endpoint_record	 cur;
	char			**lbl;		/* cur's labels */
	size_t			 nlbl;
	size_t			 lbl_cap;
	/* JSON */
	bool			 json_ok;
	size_t			 json_elems;	/* array size */
	/* results */
	struct endpoint_record	*v;
	size_t			 n;
	size_t			 cap;
};

static void
record_push(struct ctx *c, const struct endpoint_record *r)
{
	c->v = xgrow(c->v, &c->cap, c->n + 1, sizeof(*c->v));
	c->v[c->n++] = *r;
}

/* --- text ----------------------------------------------------------------- */

static bool
is_blank(char ch)
{
	return ch == ' ' || ch == '\t';
}

static bool
cell_is(const struct cmdtext_cell *x, const char *s)
{
	return x->len == strlen(s) && memcmp(x->s, s, x->len) == 0;
}

static const struct cmdtext_cell empty_cell = { "", 0 };

static void
lbl_add(struct ctx *c, const char *s, size_t len)
{
	c->lbl = xgrow(c->lbl, &c->lbl_cap, c->nlbl + 1, sizeof(*c->lbl));
	c->lbl[c->nlbl++] = xstrndup(s, len);
}

/* Close the endpoint being built and keep it. */
static void
flush(struct ctx *c)
{
	size_t i;

	if (c->open) {
		art_identity_labels_build(c->a, c->st,
		    (const char *const *)c->lbl, c->nlbl, &c->cur.label_text,
		    &c->cur.nlabel_text, &c->cur.labels);
		record_push(c, &c->cur);
	}
	for (i = 0; i < c->nlbl; i++)
		free(c->lbl[i]);
	c->nlbl = 0;
	c->open = false;
	c->skip_cont = false;
}

static void
end_table(struct ctx *c)
{
	flush(c);
	c->in_table = false;
}

static int
find_any(const struct cmdtext_header *h, const char *a, const char *b)
{
	int i = cmdtext_header_find(h, a);

	return i >= 0 || b == NULL ? i : cmdtext_header_find(h, b);
}

/* Is the line an endpoint table header?  Fills c->h and c->c if so. */
static bool
header_detect(struct ctx *c, const char *line, size_t len)
{
	struct cmdtext_header h;
	struct cols k;

	if (cmdtext_find(line, len, "ENDPOINT") == NULL ||
	    cmdtext_header_parse(line, len, &h) < 3)
		return false;
	k.id = find_any(&h, "ENDPOINT", "ENDPOINT ID");
	k.labels = find_any(&h, "LABELS (source:key[=value])", "LABELS");
	k.status = cmdtext_header_find(&h, "STATUS");
	if (k.id < 0 || k.labels < 0 || k.status < 0)
		return false;
	k.pin = cmdtext_header_find(&h, "POLICY (ingress)");
	k.peg = cmdtext_header_find(&h, "POLICY (egress)");
	k.pol = cmdtext_header_find(&h, "POLICY");
	k.ident = find_any(&h, "IDENTITY", "LABEL ID");
	k.v6 = cmdtext_header_find(&h, "IPv6");
	k.v4 = cmdtext_header_find(&h, "IPv4");
	c->h = h;
	c->c = k;
	return true;
}

/* The second header row: ENFORCEMENT under the policy titles. */
static bool
is_subheader(const char *s, size_t n)
{
	size_t i = 0, start;
	bool any = false;

	while (i < n) {
		while (i < n && is_blank(s[i]))
			i++;
		start = i;
		while (i < n && !is_blank(s[i]))
			i++;
		if (i == start)
			break;
		if (i - start != 11 ||
		    memcmp(s + start, "ENFORCEMENT", 11) != 0)
			return false;
		any = true;
	}
	return any;
}

static bool
policy_word(const struct cmdtext_cell *x, enum endpoint_policy_mode *p)
{
	if (cell_is(x, "Enabled"))
		*p = ENDPOINT_POLICY_ENABLED;
	else if (cell_is(x, "Disabled"))
		*p = ENDPOINT_POLICY_DISABLED;
	else if (cell_is(x, "Disabled (Audit)"))
		*p = ENDPOINT_POLICY_AUDIT;
	else if (cell_is(x, "Unknown"))
		*p = ENDPOINT_POLICY_UNKNOWN;
	else
		return false;
	return true;
}

/* An address cell with no address in it. */
static bool
no_address(const struct cmdtext_cell *x)
{
	return x->len == 0 || cell_is(x, "No address") ||
	    cell_is(x, "Unknown");
}

static bool
address_like(const struct cmdtext_cell *x)
{
	size_t i;

	if (cell_is(x, "No address"))
		return true;
	for (i = 0; i < x->len; i++)
		if (x->s[i] == ':' || (x->s[i] == '.' && i > 0 &&
		    isdigit((unsigned char)x->s[i - 1])))
			return true;
	return false;
}

/* The cells of one endpoint row, by meaning. */
struct row {
	struct cmdtext_cell	id, pin, peg, ident, label, v6, v4, status;
};

static const struct cmdtext_cell *
col(const struct cmdtext_cell *cells, int i)
{
	return i >= 0 ? &cells[i] : &empty_cell;
}

static void
row_from_cells(const struct ctx *c, const struct cmdtext_cell *cells,
    struct row *r)
{
	r->id = *col(cells, c->c.id);
	r->pin = *col(cells, c->c.pin >= 0 ? c->c.pin : c->c.pol);
	r->peg = *col(cells, c->c.peg);
	r->ident = *col(cells, c->c.ident);
	r->label = *col(cells, c->c.labels);
	r->v6 = *col(cells, c->c.v6);
	r->v4 = *col(cells, c->c.v4);
	r->status = *col(cells, c->c.status);
}

/*
 * Split a line into blank-separated tokens, joining the cell values that
 * hold a blank ("Disabled (Audit)", "<no label id>", "no labels", "No
 * address").  Returns the number of tokens (at most max).
 */
static size_t
tokenize(const char *s, size_t n, struct cmdtext_cell *t, size_t max)
{
	static const char *const joined[] = {
		"Disabled (Audit)", "<no label id>", "no labels", "No address",
	};
	size_t i = 0, k = 0, j, start, jl;

	while (i < n && k < max) {
		while (i < n && is_blank(s[i]))
			i++;
		if (i >= n)
			break;
		start = i;
		for (j = 0; j < sizeof(joined) / sizeof(joined[0]); j++) {
			jl = strlen(joined[j]);
			if (n - i >= jl && memcmp(s + i, joined[j], jl) == 0 &&
			    (n - i == jl || is_blank(s[i + jl])))
				break;
		}
		if (j < sizeof(joined) / sizeof(joined[0]))
			i += strlen(joined[j]);
		else
			while (i < n && !is_blank(s[i]))
				i++;
		t[k].s = s + start;
		t[k].len = i - start;
		k++;
	}
	return k;
}

/*
 * Read a row that is not aligned with its header by content.  Returns
 * false when the tokens do not make an endpoint row; *bad and *why then
 * name the offending cell when there is one.
 */
static bool
row_from_tokens(const struct ctx *c, const struct cmdtext_cell *t, size_t n,
    struct row *r, const struct cmdtext_cell **bad, const char **why)
{
	enum endpoint_policy_mode p;
	size_t k = 0, rest, i;

	memset(r, 0, sizeof(*r));
	r->pin = r->peg = r->ident = r->label = r->v6 = r->v4 = r->status =
	    empty_cell;
	*bad = NULL;
	*why = NULL;
	if (n == 0)
		return false;
	r->id = t[k++];
	if (c->c.pin >= 0 || c->c.pol >= 0) {
		if (k >= n || !policy_word(&t[k], &p)) {
			*why = c->c.pin >= 0 ? "POLICY (ingress)" : "POLICY";
			*bad = k < n ? &t[k] : NULL;
			return false;
		}
		r->pin = t[k++];
	}
	if (c->c.peg >= 0) {
		if (k >= n || !policy_word(&t[k], &p)) {
			*why = "POLICY (egress)";
			*bad = k < n ? &t[k] : NULL;
			return false;
		}
		r->peg = t[k++];
	}
	if (c->c.ident >= 0 && k < n)
		r->ident = t[k++];
	if (k < n)
		r->label = t[k++];
	rest = n - k;
	if (rest == 0)
		return true;
	/* Addresses, then the state (absent when the row was cut). */
	if (!address_like(&t[n - 1]) || rest == 3) {
		r->status = t[n - 1];
		rest--;
	}
	if (rest == 2 && c->c.v6 >= 0 && c->c.v4 >= 0) {
		r->v6 = t[k];
		r->v4 = t[k + 1];
		return true;
	}
	for (i = k; i < k + rest; i++) {
		if (memchr(t[i].s, ':', t[i].len) != NULL)
			r->v6 = t[i];
		else if (address_like(&t[i]))
			r->v4 = t[i];
		else
			return false;
	}
	return true;
}

static const char *
cell_intern(struct ctx *c, const struct cmdtext_cell *x)
{
	return x->len > 0 ? intern_n(c->st, x->s, x->len) : NULL;
}

/* Start an endpoint from a row; false (with a diagnostic) if invalid. */
static bool
row_open(struct ctx *c, const struct row *r, unsigned long lineno)
{
	struct endpoint_record e;
	const struct cmdtext_cell *bad = NULL;
	const char *why = NULL;

	ep_init(&e, lineno);
	if (!cmdtext_u32(r->id.s, r->id.len, &e.id)) {
		why = "ENDPOINT";
		bad = &r->id;
	} else if ((c->c.pin >= 0 || c->c.pol >= 0) &&
	    !policy_word(&r->pin, &e.ingress)) {
		why = c->c.pin >= 0 ? "POLICY (ingress)" : "POLICY";
		bad = &r->pin;
	} else if (c->c.peg >= 0 && !policy_word(&r->peg, &e.egress)) {
		why = "POLICY (egress)";
		bad = &r->peg;
	} else if (c->c.ident >= 0 && !cell_is(&r->ident, "<no label id>")) {
		e.has_identity = cmdtext_u32(r->ident.s, r->ident.len,
		    &e.identity);
		if (!e.has_identity) {
			why = "IDENTITY";
			bad = &r->ident;
		}
	}
	if (why != NULL) {
		cmdtext_row_error(&c->in.errs, c->diags, c->path, lineno,
		    "cannot parse endpoint row: bad %s cell '%.*s'", why,
		    (int)(bad->len > 40 ? 40 : bad->len), bad->s);
		c->skip_cont = true;
		return false;
	}
	if (!no_address(&r->v6))
		e.ipv6 = cell_intern(c, &r->v6);
	if (!no_address(&r->v4))
		e.ipv4 = cell_intern(c, &r->v4);
	if (r->status.len > 0 && !cell_is(&r->status, "Unknown"))
		e.state = cell_intern(c, &r->status);
	else if (r->status.len == 0)
		cmdtext_row_error(&c->in.errs, c->diags, c->path, lineno,
		    "cannot parse endpoint row: no STATUS cell (row cut "
		    "short?)");
	c->cur = e;
	c->open = true;
	if (r->label.len > 0 && !cell_is(&r->label, "no labels"))
		lbl_add(c, r->label.s, r->label.len);
	return true;
}

static void
label_cont(struct ctx *c, const struct cmdtext_cell *x, unsigned long lineno)
{
	if (c->skip_cont)
		return;
	if (!c->open) {
		cmdtext_row_error(&c->in.errs, c->diags, c->path, lineno,
		    "cannot parse endpoint row: label '%.*s' without an "
		    "endpoint", (int)(x->len > 40 ? 40 : x->len), x->s);
		return;
	}
	lbl_add(c, x->s, x->len);
}

static void
text_line(struct ctx *c, const char *line, size_t len, unsigned long lineno)
{
	struct cmdtext_cell cells[CMDTEXT_MAX_COLS];
	struct cmdtext_cell t[ENDPOINT_MAX_TOKENS];
	enum endpoint_policy_mode p;
	const char *s = line;
	size_t n = len, nt, i;
	bool misaligned, indented = is_blank(line[0]);
	struct row r;
	uint32_t id;
	const struct cmdtext_cell *bad = NULL;
	const char *why = NULL;

	if (header_detect(c, line, len)) {
		end_table(c);
		c->in_table = true;
		c->seen_header = true;
		return;
	}
	if (!c->in_table)
		return;
	cmdtext_trim(&s, &n);
	if (is_subheader(s, n) || (n == 3 && memcmp(s, "...", 3) == 0) ||
	    (n == 5 && memcmp(s, "[...]", 5) == 0))
		return;
	cmdtext_row_split(&c->h, line, len, cells, &misaligned);
	/* Text left of the first title: the row is shifted too. */
	for (i = 0; i < c->h.col[0] && i < len && !misaligned; i++)
		if (!is_blank(line[i]))
			misaligned = true;
	if (!misaligned) {
		row_from_cells(c, cells, &r);
		if (r.id.len == 0) {
			struct cmdtext_cell lab = r.label;

			/* A continuation row: the LABELS cell only. */
			r.label = empty_cell;
			if (lab.len > 0 && r.pin.len == 0 && r.peg.len == 0 &&
			    r.ident.len == 0 && r.v6.len == 0 &&
			    r.v4.len == 0 && r.status.len == 0) {
				label_cont(c, &lab, lineno);
				return;
			}
		} else if (cmdtext_u32(r.id.s, r.id.len, &id) ||
		    policy_word(&r.pin, &p)) {
			flush(c);
			(void)row_open(c, &r, lineno);
			return;
		}
	}
	/* Not aligned with the header, or not a row as cut: by content. */
	nt = tokenize(s, n, t, ENDPOINT_MAX_TOKENS);
	if (nt > 0 && cmdtext_u32(t[0].s, t[0].len, &id)) {
		flush(c);
		if (nt < ENDPOINT_MAX_TOKENS &&
		    row_from_tokens(c, t, nt, &r, &bad, &why))
			(void)row_open(c, &r, lineno);
		else {
			if (bad != NULL)
				cmdtext_row_error(&c->in.errs, c->diags,
				    c->path, lineno, "cannot parse endpoint "
				    "row: bad %s cell '%.*s'", why,
				    (int)(bad->len > 40 ? 40 : bad->len),
				    bad->s);
			else
				cmdtext_row_error(&c->in.errs, c->diags,
				    c->path, lineno, "cannot parse endpoint "
				    "row: '%.*s'", (int)(n > 60 ? 60 : n), s);
			c->skip_cont = true;
		}
		return;
	}
	if (nt == 1 && (indented || memchr(s, ':', n) != NULL)) {
		label_cont(c, &t[0], lineno);
		return;
	}
	if (!indented && !(nt > 1 && policy_word(&t[1], &p))) {
		/* Unindented text that is no row: the table is over. */
		end_table(c);
		return;
	}
	cmdtext_row_error(&c->in.errs, c->diags, c->path, lineno,
	    "cannot parse endpoint row: '%.*s'", (int)(n > 60 ? 60 : n), s);
}

/* --- JSON document -------------------------------------------------------- */

static void
json_elements(struct ctx *c, json_t *arr, const char *key)
{
	struct endpoint_record r;
	unsigned long *lines = NULL;
	size_t n = json_array_size(arr), i;
	json_t *x;

	c->json_elems += n;
	if (n == 0)
		return;
	lines = xcalloc(n, sizeof(*lines));
	cmdtext_json_array_lines(c->in.jbuf.ptr, c->in.jbuf.len, key, lines, n);
	json_array_foreach(arr, i, x) {
		if (art_endpoint_from_json(x, lines[i], c->a, c->st, &r) == 0)
			record_push(c, &r);
		else
			cmdtext_row_error(&c->in.errs, c->diags, c->path,
			    lines[i], "cannot parse endpoint: no numeric id");
	}
	free(lines);
}

/* Parse the collected JSON; false (diagnostic in *d) when it is not JSON. */
static bool
parse_json_doc(struct ctx *c, struct diag_list *d)
{
	struct endpoint_record r;
	unsigned long first;
	json_t *doc, *list;

	doc = json_parse_string(c->path, c->in.jbuf.ptr, c->in.jbuf.len,
	    JSON_PARSE_FIRST_VALUE, d);
	if (doc == NULL)
		return false;
	c->json_ok = true;
	first = cmdtext_first_object_line(c->in.jbuf.ptr, c->in.jbuf.len);
	if (json_is_array(doc)) {
		json_elements(c, doc, NULL);
	} else if (json_is_array(list = json_object_get(doc,
	    "endpoint-list"))) {
		/* A debuginfo document. */
		json_elements(c, list, "endpoint-list");
	} else if (art_endpoint_from_json(doc, first, c->a, c->st, &r) == 0) {
		record_push(c, &r);
	} else {
		c->json_ok = false;
		diag_add(d, DIAG_ERROR, c->path, first,
		    "cannot parse endpoint list: JSON is not an endpoint, an "
		    "array of endpoints or a debuginfo document");
	}
	json_decref(doc);
	return c->json_ok;
}

/* Read the collected JSON text again as text (a JSON fragment, say). */
static void
reread_as_text(struct ctx *c)
{
	char *s = c->in.jbuf.ptr, *nl;
	size_t pos = 0, len;
	unsigned long lineno = 0;

	while (pos < c->in.jbuf.len) {
		nl = memchr(s + pos, '\n', c->in.jbuf.len - pos);
		len = nl != NULL ? (size_t)(nl - (s + pos)) :
		    c->in.jbuf.len - pos;
		lineno++;
		s[pos + len] = '\0';
		switch (cmdtext_classify(&c->in.ct, s + pos, len)) {
		case CMDTEXT_BLANK:
		case CMDTEXT_MARKUP:
		case CMDTEXT_ERROR:
			end_table(c);
			break;
		case CMDTEXT_CONTENT:
			text_line(c, s + pos, len, lineno);
			break;
		}
		pos += len + 1;
	}
	end_table(c);
}

static void
finish_json(struct ctx *c)
{
	struct diag_list d;
	size_t i;

	diag_list_init(&d);
	if (!parse_json_doc(c, &d)) {
		/* Perhaps an endpoint table follows a JSON fragment. */
		reread_as_text(c);
		if (c->n > 0)
			c->in.json = false;
		else
			for (i = 0; i < d.n; i++)
				diag_add(c->diags, d.v[i].severity,
				    d.v[i].path, d.v[i].line, "%s",
				    d.v[i].text);
	}
	diag_list_release(&d);
}

/* How cmdtext_stream_read hands the lines of the text listing over. */
static void
stream_end(void *ctx, enum cmdtext_line what)
{
	(void)what;
	end_table(ctx);
}

static bool
stream_json_may_start(void *ctx)
{
	const struct ctx *c = ctx;

	return !c->seen_header;
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
art_endpoint_parse(struct ingest_member *m, struct arena *a,
    struct strtab *st, struct diag_list *diags, struct endpoint_result *out)
{
	struct ctx c;
	size_t i;
	int r = -1;

	memset(&c, 0, sizeof(c));
	memset(out, 0, sizeof(*out));
	c.a = a;
	c.st = st;
	c.diags = diags;
	c.path = intern(st, m->path);
	cmdtext_stream_init(&c.in, a, diags, c.path);
	out->path = c.path;

	cmdtext_stream_read(&c.in, m, ENDPOINT_MAX_LINE, "endpoint row",
	    &stream_ops, &c);
	end_table(&c);
	if (c.in.json)
		finish_json(&c);
	cmdtext_row_errors_end(&c.in.errs, diags, c.path, "endpoint rows");

	out->json = c.in.json;
	out->cmd_error = c.in.cmd_error;
	if (c.n > 0) {
		out->v = arena_memdup(a, c.v, c.n * sizeof(*c.v));
		out->n = c.n;
		r = 0;
	} else if (c.seen_header || (c.json_ok && c.json_elems == 0)) {
		/* An empty table or array is a valid listing. */
		r = 0;
	} else if (!c.in.json) {
		diag_add(diags, DIAG_ERROR, c.path, 0,
		    "cannot parse endpoint list: no endpoint table or JSON "
		    "document%s%s", c.in.cmd_error != NULL ?
		    ", command failed: " : "", c.in.cmd_error != NULL ?
		    c.in.cmd_error : "");
	}
	for (i = 0; i < c.nlbl; i++)
		free(c.lbl[i]);
	free(c.lbl);
	free(c.v);
	cmdtext_stream_release(&c.in);
	return r;
}
