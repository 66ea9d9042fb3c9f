/*
 * art_health.c: cilium-health status (JSON or text) into per-node probes.
 *
 * Parse stage.  The member is read whole; a JSON document is converted
 * (HealthStatusResponse, api/v1/health/models), anything else is read as
 * the text report that pkg/health/client/client.go prints.  Formats are in
 * art_health.h.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "arena.h"
#include "art_health.h"
#include "buf.h"
#include "cmdtext.h"
#include "diag.h"
#include "ingest.h"
#include "intern.h"
#include "parse_json.h"
#include "xalloc.h"

struct ctx {
	struct arena		*a;
	struct strtab		*st;
	struct diag_list	*diags;
	const char		*path;
	struct cmdtext_errs	 errs;
	struct health_node	*v;
	size_t			 n, cap;
};

static const char *
jintern(struct strtab *st, json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	if (!json_is_string(v) || json_string_length(v) == 0)
		return NULL;
	return intern_n(st, json_string_value(v), json_string_length(v));
}

static void
json_probe(struct strtab *st, json_t *o, struct health_probe *p)
{
	json_t *lat;

	memset(p, 0, sizeof(*p));
	if (!json_is_object(o))
		return;
	p->present = true;
	p->error = jintern(st, o, "status");
	p->ok = p->error == NULL;
	lat = json_object_get(o, "latency");
	if (json_is_integer(lat))
		p->latency_ns = json_integer_value(lat);
	p->last_probed = jintern(st, o, "lastProbed");
}

static void
json_path(struct strtab *st, json_t *o, struct health_path *p)
{
	memset(p, 0, sizeof(*p));
	if (!json_is_object(o))
		return;
	p->present = true;
	p->ip = jintern(st, o, "ip");
	json_probe(st, json_object_get(o, "icmp"), &p->icmp);
	json_probe(st, json_object_get(o, "http"), &p->http);
}

static struct health_path *
json_paths(struct ctx *c, json_t *arr, size_t *np)
{
	struct health_path *v;
	size_t i, n = json_array_size(arr);
	json_t *o;

	*np = 0;
	if (n == 0)
		return NULL;
	v = arena_calloc(c->a, n, sizeof(*v));
	json_array_foreach(arr, i, o)
		json_path(c->st, o, &v[i]);
	*np = n;
	return v;
}

static bool
path_reachable(const struct health_path *p)
{
	if (!p->present || (!p->icmp.present && !p->http.present))
		return false;
	return (!p->icmp.present || p->icmp.ok) &&
	    (!p->http.present || p->http.ok);
}

static struct health_node *
new_node(struct ctx *c, unsigned long line)
{
	struct health_node *nd;

	c->v = xgrow(c->v, &c->cap, c->n + 1, sizeof(*c->v));
	nd = &c->v[c->n++];
	memset(nd, 0, sizeof(*nd));
	nd->line = line;
	return nd;
}

static void
from_json(struct ctx *c, json_t *doc, const char *text, size_t len,
    struct health_result *out)
{
	json_t *nodes = json_object_get(doc, "nodes"), *o;
	size_t n = json_array_size(nodes), i;
	unsigned long *lines = xcalloc(n + 1, sizeof(*lines));

	out->json = true;
	out->local_name = jintern(c->st, json_object_get(doc, "local"),
	    "name");
	out->timestamp = jintern(c->st, doc, "timestamp");
	out->probe_interval = jintern(c->st, doc, "probeInterval");
	cmdtext_json_array_lines(text, len, "nodes", lines, n);
	json_array_foreach(nodes, i, o) {
		struct health_node *nd;
		json_t *host, *hep;

		if (!json_is_object(o)) {
			cmdtext_row_error(&c->errs, c->diags, c->path,
			    lines[i], "cannot parse health node %zu: not an "
			    "object", i);
			continue;
		}
		nd = new_node(c, lines[i]);
		nd->name = jintern(c->st, o, "name");
		host = json_object_get(o, "host");
		json_path(c->st, json_object_get(host, "primary-address"),
		    &nd->host);
		nd->host_secondary = json_paths(c, json_object_get(host,
		    "secondary-addresses"), &nd->nhost_secondary);
		hep = json_object_get(o, "health-endpoint");
		if (json_is_object(hep)) {
			json_path(c->st, json_object_get(hep,
			    "primary-address"), &nd->endpoint);
			nd->endpoint_secondary = json_paths(c,
			    json_object_get(hep, "secondary-addresses"),
			    &nd->nendpoint_secondary);
		} else {
			/* Before 1.11: the deprecated "endpoint" path. */
			json_path(c->st, json_object_get(o, "endpoint"),
			    &nd->endpoint);
		}
	}
	free(lines);
}

/*
 * A Go duration ("315.254µs", "1.009679ms", "2s", "1m2.5s") in
 * nanoseconds; false when it is none.
 */
static bool
go_duration(const char *s, size_t len, int64_t *out)
{
	double total = 0;
	size_t i = 0;

	if (len == 0)
		return false;
	while (i < len) {
		double v = 0, scale = 1, mult;
		bool digits = false;

		while (i < len && s[i] >= '0' && s[i] <= '9') {
			v = v * 10 + (s[i++] - '0');
			digits = true;
		}
		if (i < len && s[i] == '.') {
			i++;
			while (i < len && s[i] >= '0' && s[i] <= '9') {
				scale /= 10;
				v += (s[i++] - '0') * scale;
				digits = true;
			}
		}
		if (!digits)
			return false;
		if (cmdtext_has_prefix(s + i, len - i, "ns")) {
			mult = 1;
			i += 2;
		} else if (cmdtext_has_prefix(s + i, len - i, "\xc2\xb5s") ||
		    cmdtext_has_prefix(s + i, len - i, "\xce\xbcs")) {
			mult = 1e3;
			i += 3;
		} else if (cmdtext_has_prefix(s + i, len - i, "us")) {
			mult = 1e3;
			i += 2;
		} else if (cmdtext_has_prefix(s + i, len - i, "ms")) {
			mult = 1e6;
			i += 2;
		} else if (i < len && s[i] == 's') {
			mult = 1e9;
			i++;
		} else if (i < len && s[i] == 'm') {
			mult = 60e9;
			i++;
		} else if (i < len && s[i] == 'h') {
			mult = 3600e9;
			i++;
		} else {
			return false;
		}
		total += v * mult;
		if (total > 9e18)
			return false;
	}
	*out = (int64_t)(total + 0.5);
	return true;
}

/* "OK, RTT=315.254µs" or an error text. */
static void
text_probe(struct ctx *c, const char *s, size_t len, struct health_probe *p)
{
	const char *rtt;

	memset(p, 0, sizeof(*p));
	p->present = true;
	cmdtext_trim(&s, &len);
	if (cmdtext_has_prefix(s, len, "OK")) {
		p->ok = true;
		rtt = cmdtext_find(s, len, "RTT=");
		if (rtt != NULL) {
			size_t rl = len - (size_t)(rtt + 4 - s);

			if (!go_duration(rtt + 4, rl, &p->latency_ns))
				p->latency_ns = 0;
		}
		return;
	}
	p->error = intern_n(c->st, s, len);
}

static void
from_text(struct ctx *c, struct cmdtext *ct, const char *text, size_t len,
    struct health_result *out, bool *any)
{
	struct health_node *nd = NULL;
	struct health_path *cur = NULL;
	size_t pos = 0;
	unsigned long lineno = 0;

	while (pos < len) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t end = nl != NULL ? (size_t)(nl - text) : len;
		const char *line = text + pos, *s;
		size_t ll = end - pos, n, indent = 0;

		pos = end + 1;
		lineno++;
		switch (cmdtext_classify(ct, line, ll)) {
		case CMDTEXT_BLANK:
		case CMDTEXT_MARKUP:
			continue;
		case CMDTEXT_ERROR:
			cmdtext_error_note(ct, c->diags, c->path, lineno,
			    line, ll);
			continue;
		case CMDTEXT_CONTENT:
			break;
		}
		while (indent < ll && line[indent] == ' ')
			indent++;
		s = line;
		n = ll;
		cmdtext_trim(&s, &n);
		if (cmdtext_has_prefix(s, n, "Probe time:")) {
			const char *v = s + 11;
			size_t vl = n - 11;

			cmdtext_trim(&v, &vl);
			out->timestamp = intern_n(c->st, v, vl);
			*any = true;
		} else if (n == 6 && memcmp(s, "Nodes:", 6) == 0) {
			*any = true;
		} else if (cmdtext_find(s, n, "connectivity to ") != NULL &&
		    s[n - 1] == ':' && nd != NULL) {
			const char *ip = cmdtext_find(s, n, "connectivity to ")
			    + 16;
			size_t il = (size_t)(s + n - 1 - ip);

			if (cmdtext_has_prefix(s, n, "Host"))
				cur = &nd->host;
			else if (cmdtext_has_prefix(s, n, "Endpoint"))
				cur = &nd->endpoint;
			else
				cur = NULL;	/* secondary addresses */
			if (cur != NULL) {
				cur->present = true;
				cur->ip = intern_n(c->st, ip, il);
			}
		} else if (cmdtext_has_prefix(s, n, "ICMP to stack:") ||
		    cmdtext_has_prefix(s, n, "HTTP to agent:")) {
			if (cur != NULL)
				text_probe(c, s + 14, n - 14, s[0] == 'I' ?
				    &cur->icmp : &cur->http);
		} else if (indent >= 1 && indent <= 3 && s[n - 1] == ':') {
			const char *name = s;
			size_t nl2 = n - 1;

			nd = new_node(c, lineno);
			cur = NULL;
			if (nl2 > 12 && memcmp(name + nl2 - 12, " (localhost)",
			    12) == 0) {
				nl2 -= 12;
				nd->local = true;
				out->local_name = intern_n(c->st, name, nl2);
			}
			nd->name = intern_n(c->st, name, nl2);
			*any = true;
		} else if (cmdtext_find(s, n, "reachable") != NULL) {
			/* "Cluster health: 3/3 reachable": a summary. */
			*any = true;
		} else {
			cmdtext_row_error(&c->errs, c->diags, c->path, lineno,
			    "cannot parse health status line '%.*s'",
			    (int)(n > 80 ? 80 : n), s);
		}
	}
	if (!*any && !ct->seen_error)
		diag_add(c->diags, DIAG_ERROR, c->path, 0,
		    "cannot parse health status: no JSON document or report");
}

int
art_health_parse(struct ingest_member *m, struct arena *a,
    struct strtab *st, struct diag_list *diags, struct health_result *out)
{
	struct ctx c;
	struct buf b = BUF_INIT, copy = BUF_INIT;
	struct cmdtext ct = { false, false };
	json_t *doc = NULL;
	size_t i;
	long off;
	int r = -1;

	memset(out, 0, sizeof(*out));
	memset(&c, 0, sizeof(c));
	c.a = a;
	c.st = st;
	c.diags = diags;
	c.path = intern(st, m->path);
	out->path = c.path;
	if (cmdtext_slurp(m, 0, &b, diags) != 0)
		goto out;
	buf_add(&copy, b.ptr, b.len);
	off = cmdtext_json_prepare(b.ptr, b.len, &ct, diags, m->path);
	if (off >= 0) {
		doc = json_parse_string(m->path, b.ptr, b.len,
		    JSON_PARSE_FIRST_VALUE, diags);
		if (doc == NULL)
			goto out;
		if (!json_is_object(doc)) {
			diag_add(diags, DIAG_ERROR, m->path, 0,
			    "cannot parse health status: not a JSON object");
			goto out;
		}
		from_json(&c, doc, b.ptr, b.len, out);
		r = 0;
	} else {
		bool any = false;

		/* ct.seen_content is stale after the JSON scan: reset it. */
		ct.seen_content = false;
		from_text(&c, &ct, copy.ptr, copy.len, out, &any);
		if (any)
			r = 0;
	}
out:
	cmdtext_row_errors_end(&c.errs, diags, c.path, "health lines");
	for (i = 0; i < c.n; i++) {
		struct health_node *nd = &c.v[i];

		if (out->local_name != NULL && nd->name == out->local_name)
			nd->local = true;
		nd->host_reachable = path_reachable(&nd->host);
		nd->endpoint_reachable = path_reachable(&nd->endpoint);
		out->hosts_reachable += nd->host_reachable;
		out->endpoints_reachable += nd->endpoint_reachable;
	}
	if (c.n > 0)
		out->nodes = arena_memdup(a, c.v, c.n * sizeof(*c.v));
	out->nnodes = c.n;
	free(c.v);
	json_decref(doc);
	buf_release(&copy);
	buf_release(&b);
	return r;
}

const struct health_node *
health_find(const struct health_result *r, const char *name)
{
	size_t i;

	for (i = 0; i < r->nnodes; i++)
		if (r->nodes[i].name != NULL &&
		    strcmp(r->nodes[i].name, name) == 0)
			return &r->nodes[i];
	return NULL;
}
