/*
 * art_flow.c: Hubble flow JSON lines into flow records (see art_flow.h).
 *
 * One of the art_* parsers after classification.  Each line of a
 * `hubble-flows-*.json` member is loaded with jansson on its own (a bad
 * line costs one diagnostic, not the file), the response is told apart
 * (flow, node_status, lost_events), and the flow's protojson object
 * (sysdump-layout.md section 3.5, `api/v1/flow/flow.proto`) is copied
 * into a struct whose strings are interned and whose arrays live in the
 * arena.  The records are gathered on the heap and moved into the arena
 * at the end, so nothing of jansson survives the parse.
 */
#include <ctype.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "arena.h"
#include "art_flow.h"
#include "art_log.h"
#include "buf.h"
#include "diag.h"
#include "drop_reason.h"
#include "ingest.h"
#include "intern.h"
#include "xalloc.h"

static const char *const verdict_names[] = {
#define X(e, s) s,
	FLOW_VERDICTS(X)
#undef X
};

static const char *const source_names[] = {
#define X(e, s, t) s,
	FLOW_SOURCES(X)
#undef X
};

static const char *const source_texts[] = {
#define X(e, s, t) t,
	FLOW_SOURCES(X)
#undef X
};

static const char *const direction_names[] = {
#define X(e, s) s,
	FLOW_DIRECTIONS(X)
#undef X
};

static const char *const type_names[] = {
#define X(e, s) s,
	FLOW_TYPES(X)
#undef X
};

static const char *const l4_names[] = {
#define X(e, s) s,
	FLOW_L4_PROTOS(X)
#undef X
};

static const char *const l7_type_names[] = {
#define X(e, s) s,
	FLOW_L7_TYPES(X)
#undef X
};

static const struct {
	const char	*name;
	int		 value;
	int		 trace;
} obs_points[] = {
#define X(e, s, v, t) { s, v, t },
	FLOW_OBS_POINTS(X)
#undef X
};

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

const char *
flow_verdict_name(enum flow_verdict v)
{
	return (unsigned)v < NELEM(verdict_names) ? verdict_names[v] :
	    verdict_names[0];
}

const char *
flow_source_name(enum flow_source s)
{
	return (unsigned)s < NELEM(source_names) ? source_names[s] :
	    source_names[0];
}

const char *
flow_source_text(enum flow_source s)
{
	return (unsigned)s < NELEM(source_texts) ? source_texts[s] :
	    source_texts[0];
}

const char *
flow_direction_name(enum flow_direction d)
{
	return (unsigned)d < NELEM(direction_names) ? direction_names[d] :
	    direction_names[0];
}

const char *
flow_type_name(enum flow_type t)
{
	return (unsigned)t < NELEM(type_names) ? type_names[t] :
	    type_names[0];
}

const char *
flow_l4_name(enum flow_l4_proto p)
{
	return (unsigned)p < NELEM(l4_names) ? l4_names[p] : "";
}

const char *
flow_l7_type_name(enum flow_l7_type t)
{
	return (unsigned)t < NELEM(l7_type_names) ? l7_type_names[t] :
	    l7_type_names[0];
}

const char *
flow_obs_point_name(enum flow_obs_point o)
{
	return (unsigned)o < NELEM(obs_points) ? obs_points[o].name :
	    obs_points[0].name;
}

const char *
flow_policy_match_name(uint32_t t)
{
	static const char *const names[] = {
		"none", "L3-Only", "L3-L4", "L4-Only", "all", "L3-Proto",
		"Proto-Only",
	};

	return t < NELEM(names) ? names[t] : "unknown";
}

const char *
flow_tcp_flag_name(unsigned bit)
{
	/* enum flow_tcp_flags order: the proto's TCPFlags fields */
	static const char *const names[FLOW_TCP_NFLAGS] = {
		"FIN", "SYN", "RST", "PSH", "ACK", "URG", "ECE", "CWR", "NS",
	};
	size_t i;

	for (i = 0; i < FLOW_TCP_NFLAGS; i++)
		if (bit == 1u << i)
			return names[i];
	return NULL;
}

char *
flow_tcp_flags_str(unsigned flags, char *dst, size_t n)
{
	/* Hubble's order (pkg/hubble/parser/threefour). */
	static const unsigned order[] = {
		FLOW_TCP_SYN, FLOW_TCP_ACK, FLOW_TCP_RST, FLOW_TCP_FIN,
		FLOW_TCP_PSH, FLOW_TCP_URG, FLOW_TCP_ECE, FLOW_TCP_CWR,
		FLOW_TCP_NS,
	};
	size_t i, len = 0;

	if (n == 0)
		return dst;
	dst[0] = '\0';
	for (i = 0; i < NELEM(order); i++) {
		int w;

		if (!(flags & order[i]))
			continue;
		w = snprintf(dst + len, n - len, "%s%s", len > 0 ? ", " : "",
		    flow_tcp_flag_name(order[i]));
		if (w < 0 || (size_t)w >= n - len) {
			dst[len] = '\0';	/* no half flag */
			break;
		}
		len += (size_t)w;
	}
	return dst;
}

void
flow_result_mark_lone_verdicts(struct flow_result *r)
{
	size_t i;

	for (i = 0; i < r->nflows; i++) {
		const struct flow_record *fr = &r->flows[i];

		if (fr->verdict == FLOW_DROPPED && fr->has_event_type &&
		    fr->event_type == FLOW_EVENT_DROP &&
		    drop_reason_category(fr->drop_reason) == DROP_CAT_POLICY)
			return;
	}
	for (i = 0; i < r->nflows; i++) {
		struct flow_record *fr = &r->flows[i];

		if (fr->verdict == FLOW_DROPPED && fr->has_event_type &&
		    fr->event_type == FLOW_EVENT_POLICY_VERDICT)
			fr->verdict_is_drop = true;
	}
}

int
flow_text_parse(struct ingest_member *m, struct arena *a, struct strtab *st,
    struct diag_list *diags, enum flow_source source, const char *what,
    flow_text_line_fn *fn, bool fold_repeats, struct flow_result *out)
{
	struct ingest_lines lr;
	struct flow_record *v = NULL, rec;
	struct buf prev = BUF_INIT;
	size_t nv = 0, cap = 0;
	unsigned long ndiags = 0, first_quiet = 0, known = 0;
	const char *why;
	char *line;
	size_t len;
	int r = -1;

	memset(out, 0, sizeof(*out));
	out->path = intern(st, m->path);
	out->source = source;
	ingest_lines_init(&lr, m, FLOW_TEXT_MAX_LINE);
	while ((line = ingest_lines_next(&lr, &len)) != NULL) {
		while (len > 0 && isspace((unsigned char)line[len - 1]))
			len--;
		if (len == 0)
			continue;
		out->lines++;
		switch (fn(line, len, st, &rec, &why)) {
		case FLOW_TEXT_OTHER:
			known++;
			continue;
		case FLOW_TEXT_NOT:
			if (why == NULL)
				continue;	/* around the capture */
			out->bad_lines++;
			if (ndiags++ < FLOW_MAX_LINE_DIAGS)
				diag_add(diags, DIAG_ERROR, m->path, lr.lineno,
				    "cannot parse %s: %s", what, why);
			else if (first_quiet == 0)
				first_quiet = lr.lineno;
			continue;
		case FLOW_TEXT_RECORD:
			break;
		}
		known++;
		if (fold_repeats) {
			if (prev.len == len && memcmp(prev.ptr, line, len) == 0)
				continue;
			buf_reset(&prev);
			buf_add(&prev, line, len);
		}
		if (nv >= FLOW_MAX_RECORDS) {
			if (!out->capped)
				diag_add(diags, DIAG_WARNING, m->path,
				    lr.lineno, "too many %ss: kept the first %d",
				    what, FLOW_MAX_RECORDS);
			out->capped = true;
			continue;
		}
		rec.line = lr.lineno;
		v = xgrow(v, &cap, nv + 1, sizeof(*v));
		v[nv++] = rec;
		out->verdicts[rec.verdict]++;
	}
	if (ndiags > FLOW_MAX_LINE_DIAGS)
		diag_add(diags, DIAG_ERROR, m->path, first_quiet,
		    "cannot parse %s: %lu more bad lines", what,
		    ndiags - FLOW_MAX_LINE_DIAGS);
	if (nv > 0) {
		out->flows = arena_memdup(a, v, nv * sizeof(*v));
		out->nflows = nv;
	}
	flow_result_mark_lone_verdicts(out);
	if (lr.error)
		diag_add(diags, DIAG_ERROR, m->path, lr.lineno,
		    "cannot read %ss: read error after line %lu", what,
		    lr.lineno);
	else if (out->lines > 0 && known == 0) {
		if (out->bad_lines == 0)
			diag_add(diags, DIAG_ERROR, m->path, 0, "no %s in %lu "
			    "lines", what, out->lines);
	} else
		r = 0;
	free(v);
	buf_release(&prev);
	ingest_lines_release(&lr);
	return r;
}

bool
flow_is_policy_drop(const struct flow_record *f)
{
	if (f->verdict != FLOW_DROPPED || f->drop_reason == 0)
		return false;
	return drop_reason_category(f->drop_reason) == DROP_CAT_POLICY;
}

struct fp {
	struct arena	*a;
	struct strtab	*st;
};

/*
 * A member of a protojson object by its proto name, or by the lowerCamel
 * JSON name that protojson uses without UseProtoNames ("drop_reason_desc"
 * or "dropReasonDesc").
 */
static json_t *
jget(const json_t *o, const char *key)
{
	json_t *v;
	char camel[64];
	size_t i, k = 0;
	bool up = false;

	if (!json_is_object(o))
		return NULL;
	if ((v = json_object_get(o, key)) != NULL || strchr(key, '_') == NULL)
		return v;
	for (i = 0; key[i] != '\0' && k < sizeof(camel) - 1; i++) {
		if (key[i] == '_') {
			up = true;
			continue;
		}
		camel[k++] = up ? (char)toupper((unsigned char)key[i]) :
		    key[i];
		up = false;
	}
	camel[k] = '\0';
	return json_object_get(o, camel);
}

static const char *
jstr(const json_t *o, const char *key)
{
	json_t *v = jget(o, key);

	return json_is_string(v) ? json_string_value(v) : NULL;
}

/* An unsigned integer, written as a number or (64-bit) as a string. */
static bool
jnum(const json_t *v, uint64_t max, uint64_t *out)
{
	if (json_is_integer(v)) {
		json_int_t i = json_integer_value(v);

		if (i < 0 || (uint64_t)i > max)
			return false;
		*out = (uint64_t)i;
		return true;
	}
	if (json_is_string(v)) {
		const char *s = json_string_value(v);
		char *end;
		unsigned long long u;

		if (*s < '0' || *s > '9')
			return false;
		u = strtoull(s, &end, 10);
		if (*end != '\0' || u > max)
			return false;
		*out = u;
		return true;
	}
	return false;
}

static uint32_t
ju32(const json_t *o, const char *key)
{
	uint64_t v;

	return jnum(jget(o, key), UINT32_MAX, &v) ? (uint32_t)v : 0;
}

static uint64_t
ju64(const json_t *o, const char *key)
{
	uint64_t v;

	return jnum(jget(o, key), UINT64_MAX, &v) ? v : 0;
}

/* A signed 32-bit integer (event_type), number or string. */
static bool
ji32(const json_t *o, const char *key, int32_t *out)
{
	json_t *v = jget(o, key);
	json_int_t i;

	if (json_is_string(v)) {
		char *end;
		long l = strtol(json_string_value(v), &end, 10);

		if (*json_string_value(v) == '\0' || *end != '\0' ||
		    l < INT32_MIN || l > INT32_MAX)
			return false;
		*out = (int32_t)l;
		return true;
	}
	if (!json_is_integer(v))
		return false;
	i = json_integer_value(v);
	if (i < INT32_MIN || i > INT32_MAX)
		return false;
	*out = (int32_t)i;
	return true;
}

/* A bool, or a BoolValue wrapper ({"value": true}); -1 when absent. */
static int
jbool(const json_t *o, const char *key)
{
	json_t *v = jget(o, key);

	if (json_is_object(v))
		v = json_object_get(v, "value");
	if (json_is_boolean(v))
		return json_is_true(v);
	return -1;
}

/*
 * An enum: its name from names[0..n), or its number; 0 (the proto's
 * UNKNOWN) for a name this build does not know.
 */
static unsigned
jenum(const json_t *o, const char *key, const char *const *names, size_t n)
{
	json_t *v = jget(o, key);
	size_t i;

	if (json_is_string(v)) {
		for (i = 0; i < n; i++)
			if (strcmp(json_string_value(v), names[i]) == 0)
				return (unsigned)i;
		return 0;
	}
	if (json_is_integer(v) && json_integer_value(v) >= 0 &&
	    (size_t)json_integer_value(v) < n)
		return (unsigned)json_integer_value(v);
	return 0;
}

static const char *
istr(struct fp *p, const char *s)
{
	return s != NULL ? intern(p->st, s) : NULL;
}

static const char *
jistr(struct fp *p, const json_t *o, const char *key)
{
	return istr(p, jstr(o, key));
}

/* A string array, interned, in the arena; non-strings are skipped. */
static const char **
jstrings(struct fp *p, const json_t *o, const char *key, size_t *np)
{
	json_t *arr = jget(o, key), *v;
	const char **out;
	size_t i, n = 0;

	*np = 0;
	if (!json_is_array(arr) || json_array_size(arr) == 0)
		return NULL;
	out = arena_calloc(p->a, json_array_size(arr), sizeof(*out));
	json_array_foreach(arr, i, v)
		if (json_is_string(v))
			out[n++] = intern(p->st, json_string_value(v));
	*np = n;
	return out;
}

static void
parse_endpoint(struct fp *p, const json_t *o, struct flow_endpoint *ep)
{
	json_t *arr, *v;
	size_t i, n = 0;

	if (!json_is_object(o))
		return;
	ep->id = ju32(o, "ID");
	ep->identity = ju32(o, "identity");
	ep->cluster_name = jistr(p, o, "cluster_name");
	ep->namespace = jistr(p, o, "namespace");
	ep->pod_name = jistr(p, o, "pod_name");
	ep->labels = jstrings(p, o, "labels", &ep->nlabels);
	arr = jget(o, "workloads");
	if (json_is_array(arr) && json_array_size(arr) > 0) {
		ep->workloads = arena_calloc(p->a, json_array_size(arr),
		    sizeof(*ep->workloads));
		json_array_foreach(arr, i, v) {
			if (!json_is_object(v))
				continue;
			ep->workloads[n].name = jistr(p, v, "name");
			ep->workloads[n].kind = jistr(p, v, "kind");
			n++;
		}
		ep->nworkloads = n;
	}
}

static void
parse_policies(struct fp *p, const json_t *o, const char *key,
    struct flow_policies *out)
{
	json_t *arr = jget(o, key), *v;
	size_t i, n = 0;

	if (!json_is_array(arr) || json_array_size(arr) == 0)
		return;
	out->v = arena_calloc(p->a, json_array_size(arr), sizeof(*out->v));
	json_array_foreach(arr, i, v) {
		struct flow_policy *pol = &out->v[n];

		if (!json_is_object(v))
			continue;
		pol->name = jistr(p, v, "name");
		pol->namespace = jistr(p, v, "namespace");
		pol->kind = jistr(p, v, "kind");
		pol->labels = jstrings(p, v, "labels", &pol->nlabels);
		pol->revision = ju64(v, "revision");
		n++;
	}
	out->n = n;
}

static void
parse_service(struct fp *p, const json_t *o, struct flow_service *s)
{
	if (!json_is_object(o))
		return;
	s->name = jistr(p, o, "name");
	s->namespace = jistr(p, o, "namespace");
}

static void
parse_l4(const json_t *l4, struct flow_record *f)
{
	static const struct {
		const char		*key;
		enum flow_l4_proto	 proto;
	} protos[] = {
		{ "TCP", FLOW_L4_TCP }, { "UDP", FLOW_L4_UDP },
		{ "SCTP", FLOW_L4_SCTP }, { "ICMPv4", FLOW_L4_ICMPV4 },
		{ "ICMPv6", FLOW_L4_ICMPV6 }, { "VRRP", FLOW_L4_VRRP },
		{ "IGMP", FLOW_L4_IGMP },
	};
	json_t *v = NULL, *fl;
	size_t i;

	if (!json_is_object(l4))
		return;
	for (i = 0; i < NELEM(protos); i++)
		if ((v = json_object_get(l4, protos[i].key)) != NULL &&
		    json_is_object(v)) {
			f->l4 = protos[i].proto;
			break;
		}
	if (f->l4 == FLOW_L4_NONE)
		return;
	switch (f->l4) {
	case FLOW_L4_TCP:
	case FLOW_L4_UDP:
	case FLOW_L4_SCTP:
		f->src_port = ju32(v, "source_port");
		f->dst_port = ju32(v, "destination_port");
		break;
	case FLOW_L4_ICMPV4:
	case FLOW_L4_ICMPV6:
		f->icmp_type = ju32(v, "type");
		f->icmp_code = ju32(v, "code");
		break;
	default:
		break;
	}
	fl = json_object_get(v, "flags");
	if (f->l4 == FLOW_L4_TCP && json_is_object(fl))
		for (i = 0; i < FLOW_TCP_NFLAGS; i++)
			if (json_is_true(json_object_get(fl,
			    flow_tcp_flag_name(1u << i))))
				f->tcp_flags |= 1u << i;
}

static void
parse_l7(struct fp *p, const json_t *o, struct flow_l7 *l7)
{
	json_t *d, *h, *k;

	if (!json_is_object(o))
		return;
	l7->type = jenum(o, "type", l7_type_names, NELEM(l7_type_names));
	l7->latency_ns = ju64(o, "latency_ns");
	if ((d = jget(o, "dns")) != NULL && json_is_object(d)) {
		l7->proto = FLOW_L7_DNS;
		l7->dns_query = jistr(p, d, "query");
		l7->dns_rcode = ju32(d, "rcode");
		l7->dns_ttl = ju32(d, "ttl");
		l7->dns_ips = jstrings(p, d, "ips", &l7->ndns_ips);
		l7->dns_cnames = jstrings(p, d, "cnames", &l7->ndns_cnames);
		l7->dns_qtypes = jstrings(p, d, "qtypes", &l7->ndns_qtypes);
		l7->dns_source = jistr(p, d, "observation_source");
	} else if ((h = jget(o, "http")) != NULL && json_is_object(h)) {
		l7->proto = FLOW_L7_HTTP;
		l7->http_code = ju32(h, "code");
		l7->http_method = jistr(p, h, "method");
		l7->http_url = jistr(p, h, "url");
		l7->http_protocol = jistr(p, h, "protocol");
	} else if ((k = jget(o, "kafka")) != NULL && json_is_object(k)) {
		int32_t ec = 0;

		l7->proto = FLOW_L7_KAFKA;
		l7->kafka_topic = jistr(p, k, "topic");
		l7->kafka_api_key = jistr(p, k, "api_key");
		if (ji32(k, "error_code", &ec))
			l7->kafka_error_code = ec;
	}
}

static enum flow_obs_point
obs_by_value(const json_t *v)
{
	size_t i;

	if (json_is_string(v)) {
		for (i = 0; i < NELEM(obs_points); i++)
			if (strcmp(json_string_value(v), obs_points[i].name) ==
			    0)
				return (enum flow_obs_point)i;
	} else if (json_is_integer(v)) {
		for (i = 0; i < NELEM(obs_points); i++)
			if (json_integer_value(v) == obs_points[i].value)
				return (enum flow_obs_point)i;
	}
	return FLOW_OBS_UNKNOWN;
}

static enum flow_obs_point
obs_by_trace(int32_t sub)
{
	size_t i;

	for (i = 0; i < NELEM(obs_points); i++)
		if (obs_points[i].trace == sub)
			return (enum flow_obs_point)i;
	return FLOW_OBS_UNKNOWN;
}

/* Drop reason code and name, from the three places a flow has them. */
static void
parse_drop(struct fp *p, const json_t *o, struct flow_record *f)
{
	const struct drop_reason *r;
	json_t *desc = jget(o, "drop_reason_desc");
	uint64_t code = 0;

	f->drop_reason = ju32(o, "drop_reason");
	if (f->drop_reason == 0 && f->has_event_type &&
	    f->event_type == FLOW_EVENT_DROP &&
	    f->event_sub_type > 0)
		f->drop_reason = (uint32_t)f->event_sub_type;
	if (json_is_string(desc)) {
		const char *name = json_string_value(desc);

		r = drop_reason_by_name(name);
		if (*name != '\0' && strspn(name, "0123456789") ==
		    strlen(name)) {
			/* A bare number: a code the writer had no name for. */
			char *end;
			unsigned long u = strtoul(name, &end, 10);

			if (f->drop_reason == 0 && *end == '\0' &&
			    u <= UINT32_MAX && strlen(name) <= 10)
				f->drop_reason = (uint32_t)u;
		} else {
			f->drop_reason_name = intern(p->st, name);
			if (f->drop_reason == 0 && r != NULL)
				f->drop_reason = r->code;
		}
	} else if (jnum(desc, UINT32_MAX, &code) && f->drop_reason == 0) {
		f->drop_reason = (uint32_t)code;
	}
	f->drop = f->drop_reason != 0 ? drop_reason_by_code(f->drop_reason) :
	    NULL;
	if (f->drop_reason_name == NULL && f->drop_reason != 0 &&
	    f->drop != NULL && f->drop->name != NULL)
		f->drop_reason_name = intern(p->st, f->drop->name);
}

/* Fill f from a Flow object; outer is the response (for fallbacks). */
static void
parse_flow(struct fp *p, const json_t *o, const json_t *outer,
    struct flow_record *f)
{
	json_t *ip, *et, *v;
	const char *s;
	int b;
	int32_t t;

	s = jstr(o, "time");
	if (s == NULL && outer != NULL)
		s = jstr(outer, "time");
	if (s != NULL) {
		f->time = arena_strdup(p->a, s);
		if (log_time_parse(s, strlen(s), &f->time_sec,
		    &f->time_nsec) != strlen(s))
			f->time_sec = f->time_nsec = 0;
	}
	if ((s = jstr(o, "uuid")) != NULL)
		f->uuid = arena_strdup(p->a, s);
	f->node_name = jistr(p, o, "node_name");
	if (f->node_name == NULL && outer != NULL)
		f->node_name = jistr(p, outer, "node_name");
	f->verdict = jenum(o, "verdict", verdict_names, NELEM(verdict_names));
	f->direction = jenum(o, "traffic_direction", direction_names,
	    NELEM(direction_names));
	f->type = jenum(o, "Type", type_names, NELEM(type_names));

	if ((et = jget(o, "event_type")) != NULL && json_is_object(et)) {
		f->has_event_type = true;
		if (ji32(et, "type", &t))
			f->event_type = t;
		if (ji32(et, "sub_type", &t))
			f->event_sub_type = t;
	}
	parse_drop(p, o, f);

	if ((ip = jget(o, "IP")) != NULL && json_is_object(ip)) {
		static const char *const ipv[] = { "IP_NOT_USED", "IPv4",
		    "IPv6" };
		unsigned ver = jenum(ip, "ipVersion", ipv, NELEM(ipv));

		f->ip_version = ver == 1 ? 4 : ver == 2 ? 6 : 0;
		f->src_ip = jistr(p, ip, "source");
		f->dst_ip = jistr(p, ip, "destination");
		f->src_ip_xlated = jistr(p, ip, "source_xlated");
		f->encrypted = jbool(ip, "encrypted") == 1;
	}
	parse_l4(jget(o, "l4"), f);
	parse_endpoint(p, jget(o, "source"), &f->src);
	parse_endpoint(p, jget(o, "destination"), &f->dst);
	parse_l7(p, jget(o, "l7"), &f->l7);

	b = jbool(o, "is_reply");
	if (b < 0 && jbool(o, "reply") == 1)
		b = 1;	/* deprecated `reply`: only true is informative */
	f->is_reply = b < 0 ? FLOW_BOOL_UNSET : b ? FLOW_BOOL_TRUE :
	    FLOW_BOOL_FALSE;

	f->src_names = jstrings(p, o, "source_names", &f->nsrc_names);
	f->dst_names = jstrings(p, o, "destination_names", &f->ndst_names);
	parse_service(p, jget(o, "source_service"), &f->src_service);
	parse_service(p, jget(o, "destination_service"), &f->dst_service);
	f->policy_match_type = ju32(o, "policy_match_type");
	parse_policies(p, o, "ingress_allowed_by", &f->ingress_allowed_by);
	parse_policies(p, o, "egress_allowed_by", &f->egress_allowed_by);
	parse_policies(p, o, "ingress_denied_by", &f->ingress_denied_by);
	parse_policies(p, o, "egress_denied_by", &f->egress_denied_by);
	if ((v = jget(o, "auth_type")) != NULL && json_is_string(v))
		f->auth_type = istr(p, json_string_value(v));

	if ((v = jget(o, "trace_observation_point")) != NULL)
		f->obs_point = obs_by_value(v);
	if (f->obs_point == FLOW_OBS_UNKNOWN && f->has_event_type &&
	    f->event_type == 4)
		f->obs_point = obs_by_trace(f->event_sub_type);
	f->trace_reason = jistr(p, o, "trace_reason");
	if ((v = jget(o, "file")) != NULL && json_is_object(v)) {
		f->file_name = jistr(p, v, "name");
		f->file_line = ju32(v, "line");
	}
	if ((v = jget(o, "interface")) != NULL && json_is_object(v)) {
		f->interface_name = jistr(p, v, "name");
		f->interface_index = ju32(v, "index");
	}
	f->proxy_port = ju32(o, "proxy_port");
	f->summary = jistr(p, o, "Summary");
}

/* Does a response-less object look like a Flow? */
static bool
looks_like_flow(const json_t *o)
{
	static const char *const keys[] = {
		"verdict", "IP", "l4", "event_type", "Type", "eventType",
	};
	size_t i;

	for (i = 0; i < NELEM(keys); i++)
		if (json_object_get(o, keys[i]) != NULL)
			return true;
	return false;
}

/*
 * Skip a grep prefix "hubble-flows-x.json:" (pasted excerpts) before the
 * object; returns the offset of the '{'.
 */
static size_t
skip_file_prefix(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n && i < 512; i++) {
		if (s[i] == ' ' || s[i] == '"' || s[i] == '{')
			break;
		if (s[i] == ':' && i + 1 < n && s[i + 1] == '{' && i >= 5 &&
		    memcmp(s + i - 5, ".json", 5) == 0)
			return i + 1;
	}
	return 0;
}

struct parse_state {
	struct flow_record	*v;
	size_t			 n, cap;
	unsigned long		 ndiags;
	unsigned long		 first_quiet;
};

static void
bad_line(struct parse_state *ps, struct flow_result *out,
    struct diag_list *diags, const char *path, unsigned long line,
    const char *why)
{
	out->bad_lines++;
	if (ps->ndiags++ < FLOW_MAX_LINE_DIAGS)
		diag_add(diags, DIAG_ERROR, path, line, "cannot parse flow: %s",
		    why);
	else if (ps->first_quiet == 0)
		ps->first_quiet = line;
}

int
art_flow_parse(struct ingest_member *m, struct arena *a, struct strtab *st,
    struct diag_list *diags, struct flow_result *out)
{
	struct fp p = { a, st };
	struct parse_state ps;
	struct ingest_lines lr;
	char *line;
	size_t len;
	int r = -1;

	memset(out, 0, sizeof(*out));
	memset(&ps, 0, sizeof(ps));
	out->path = intern(st, m->path);
	ingest_lines_init(&lr, m, FLOW_MAX_LINE);
	while ((line = ingest_lines_next(&lr, &len)) != NULL) {
		json_error_t e;
		json_t *o, *flow, *lost;
		size_t off;

		while (len > 0 && isspace((unsigned char)line[len - 1]))
			len--;
		while (len > 0 && isspace((unsigned char)*line)) {
			line++;
			len--;
		}
		if (len == 0)
			continue;
		/* Markdown fences around a pasted capture. */
		if (len >= 3 && memcmp(line, "```", 3) == 0)
			continue;
		out->lines++;
		if (lr.truncated) {
			bad_line(&ps, out, diags, m->path, lr.lineno,
			    "line longer than 1048576 bytes");
			continue;
		}
		off = skip_file_prefix(line, len);
		o = json_loadb(line + off, len - off, 0, &e);
		if (o == NULL) {
			char why[JSON_ERROR_TEXT_LENGTH + 32];

			snprintf(why, sizeof(why), "%s at column %d", e.text,
			    e.column + (int)off);
			bad_line(&ps, out, diags, m->path, lr.lineno, why);
			continue;
		}
		if (!json_is_object(o)) {
			bad_line(&ps, out, diags, m->path, lr.lineno,
			    "not a JSON object");
			json_decref(o);
			continue;
		}
		flow = json_object_get(o, "flow");
		if (json_is_object(flow) || (flow == NULL &&
		    json_object_get(o, "node_status") == NULL &&
		    json_object_get(o, "lost_events") == NULL &&
		    looks_like_flow(o))) {
			struct flow_record *f;

			if (ps.n >= FLOW_MAX_RECORDS) {
				if (!out->capped)
					diag_add(diags, DIAG_WARNING, m->path,
					    lr.lineno, "too many flows: kept "
					    "the first %d", FLOW_MAX_RECORDS);
				out->capped = true;
				json_decref(o);
				continue;
			}
			ps.v = xgrow(ps.v, &ps.cap, ps.n + 1, sizeof(*ps.v));
			f = &ps.v[ps.n++];
			memset(f, 0, sizeof(*f));
			f->line = lr.lineno;
			if (flow != NULL)
				parse_flow(&p, flow, o, f);
			else
				parse_flow(&p, o, NULL, f);
			out->verdicts[f->verdict]++;
		} else if (json_object_get(o, "node_status") != NULL) {
			out->node_status++;
		} else if ((lost = json_object_get(o, "lost_events")) !=
		    NULL) {
			out->lost_lines++;
			out->lost_events += ju64(lost, "num_events_lost");
		} else {
			bad_line(&ps, out, diags, m->path, lr.lineno,
			    "no flow, node_status or lost_events");
		}
		json_decref(o);
	}
	if (ps.ndiags > FLOW_MAX_LINE_DIAGS)
		diag_add(diags, DIAG_ERROR, m->path, ps.first_quiet,
		    "cannot parse flow: %lu more bad lines",
		    ps.ndiags - FLOW_MAX_LINE_DIAGS);
	if (ps.n > 0) {
		out->flows = arena_memdup(a, ps.v, ps.n * sizeof(*ps.v));
		out->nflows = ps.n;
	}
	if (lr.error) {
		diag_add(diags, DIAG_ERROR, m->path, lr.lineno,
		    "cannot read flows: read error after line %lu", lr.lineno);
		goto out;
	}
	if (out->lines > 0 && out->bad_lines == out->lines)
		goto out;
	r = 0;
out:
	free(ps.v);
	ingest_lines_release(&lr);
	return r;
}
