/*
 * policy.c: CNP, CCNP and KNP objects into one normalized rule form.
 *
 * The transformations are Cilium's (policy-semantics.md):
 *   - CNP subject: k8s:io.kubernetes.pod.namespace=<ns> forced into the
 *     endpointSelector, replacing a k8s: namespace match (B.3,
 *     pkg/k8s/apis/cilium.io/utils/utils.go);
 *   - peers: getEndpointSelector's steps (B.4): reserved: selectors are
 *     left alone, a namespace key stops injection, namespace-label keys
 *     stop it from 1.16 on, CNPs get their namespace, CCNPs get
 *     `namespace Exists`, then the local-cluster filter (C.3);
 *   - KNP: pkg/k8s/network_policy.go (section F): k8s: keys, the policy
 *     namespace on the subject and pod-only peers, namespaceSelector keys
 *     prefixed io.cilium.k8s.namespace.labels., `{}` namespaces as Exists,
 *     ipBlock as a CIDR rule, TCP by default, policyTypes deny-alls.
 * Validation mirrors pkg/policy/api/rule_validation.go for the checks every
 * release makes; the first failure is kept, in the agent's words, because
 * the agent rejects the whole object on the first failing rule (A.1).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "arena.h"
#include "intern.h"
#include "netaddr.h"
#include "parse_yaml.h"
#include "policy.h"
#include "selector.h"
#include "xalloc.h"

#define NS_KEY		"io.kubernetes.pod.namespace"
#define NS_LABELS	"io.cilium.k8s.namespace.labels."
#define CLUSTER_KEY	"io.cilium.k8s.policy.cluster"
/* pkg/policy/api/l4.go maxPorts */
#define MAX_PORTS	40

static const char *const policy_kind_names[] = {
#define X(e, kind, short) kind,
	POLICY_KINDS(X)
#undef X
};
static const char *const policy_kind_shorts[] = {
#define X(e, kind, short) short,
	POLICY_KINDS(X)
#undef X
};

const char *
policy_kind_name(enum policy_kind k)
{
	return policy_kind_names[k];
}

const char *
policy_kind_short(enum policy_kind k)
{
	return policy_kind_shorts[k];
}

static const char *const peer_fields[PEER__COUNT][2] = {
#define X(e, in, eg) { in, eg },
	PEER_KINDS(X)
#undef X
};

const char *
peer_kind_field(unsigned bit, enum policy_dir dir)
{
	size_t i;

	for (i = 0; i < PEER__COUNT; i++)
		if (bit == (1u << i))
			return peer_fields[i][dir];
	return NULL;
}

/* What one normalization needs: the context, the policy, lines. */
struct norm {
	const struct policy_ctx	*c;
	struct policy		*p;
	const struct json_lines	*lines;
	unsigned long		 line;		/* the item's line */
	unsigned long		 cur_line;	/* of the rule/element being read */
	const struct selector	*subject;	/* of the rule being read */
};

static unsigned long
line_of(const struct norm *n, const json_t *v)
{
	unsigned long l = json_lines_get(n->lines, v);

	/* Scalars have no line: say where their element starts. */
	if (l == 0)
		l = n->cur_line;
	return l ? l : n->line;
}

/* Keep the first error only: the agent stops at the first one too. */
static void
fail(struct norm *n, const json_t *where, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
fail(struct norm *n, const json_t *where, const char *fmt, ...)
{
	va_list ap;
	char buf[512];

	if (n->p->error != NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	n->p->error = arena_strdup(n->c->a, buf);
	n->p->error_line = line_of(n, where);
}

/*
 * "Invalid CiliumNetworkPolicy spec: " or "... specs: ", the agent's
 * wrapper; for a KNP, whose checks are the API server's, say so.
 */
static const char *
invalid_prefix(const struct norm *n)
{
	if (n->p->kind == POLICY_KNP)
		return "NetworkPolicy is invalid (the API server rejects it): ";
	return arena_printf(n->c->a, "Invalid %s %s: ",
	    n->p->kind == POLICY_CCNP ? "CiliumClusterwideNetworkPolicy" :
	    "CiliumNetworkPolicy", n->p->has_specs ? "specs" : "spec");
}

static const char *
jstr(const struct norm *n, json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	return json_is_string(v) ? intern(n->c->st, json_string_value(v)) :
	    NULL;
}

static bool
read_selector(struct norm *n, json_t *obj, const char *defsource,
    struct selector *out)
{
	const char *err;

	if (selector_from_json(obj, defsource, line_of(n, obj), n->c->a,
	    n->c->st, out, &err) != 0) {
		fail(n, obj, "%s%s", invalid_prefix(n), err);
		return false;
	}
	return true;
}

/*
 * The selector Cilium matches for a peer of a CNP or CCNP
 * (getEndpointSelector, B.4).
 */
static void
peer_selector(struct norm *n, const struct selector *raw,
    struct selector *out, bool *ns_label)
{
	struct selector tmp;
	static const char *const none[] = { NULL };

	*out = *raw;
	/* 1. reserved: selectors are taken as they are. */
	if (selector_has_source(raw, "reserved"))
		return;
	/* 2. A namespace key (k8s: or any:) stops namespace injection. */
	if (!selector_has_key(raw, NS_KEY, "k8s")) {
		if (n->p->kind == POLICY_CNP) {
			/* 3. Namespace-label keys: cross-namespace on 1.16+. */
			*ns_label = *ns_label ||
			    selector_has_key_prefix(raw, NS_LABELS);
			if (!(selector_has_key_prefix(raw, NS_LABELS) &&
			    n->c->ns_label_peers)) {
				const char *v[] = { n->p->ns, NULL };

				selector_with_req(n->c->a, n->c->st, out, "k8s",
				    NS_KEY, SEL_IN, v, false, &tmp);
				*out = tmp;
			}
		} else if (n->p->kind == POLICY_CCNP &&
		    !(n->subject != NULL && selector_has_key(n->subject,
		    "init", "reserved"))) {
			/* 4. CCNP: every namespace, i.e. every pod. */
			selector_with_req(n->c->a, n->c->st, out, "k8s",
			    NS_KEY, SEL_EXISTS, none, false, &tmp);
			*out = tmp;
		}
	}
	/* 5. The local-cluster filter (policy-default-local-cluster). */
	if (n->c->local_cluster && !selector_has_key(raw, CLUSTER_KEY,
	    "k8s")) {
		const char *v[] = { n->c->cluster, NULL };

		selector_with_req(n->c->a, n->c->st, out, "k8s", CLUSTER_KEY,
		    SEL_IN, v, false, &tmp);
		*out = tmp;
	}
}

/* An array of selectors (fromEndpoints and the like). */
static struct selector *
read_selectors(struct norm *n, json_t *arr, size_t *np, bool normalize,
    struct selector **rawp, bool *ns_label)
{
	struct selector *raw, *norm;
	size_t i, k = 0;
	json_t *e;

	*np = 0;
	*rawp = NULL;
	if (!json_is_array(arr) || json_array_size(arr) == 0)
		return NULL;
	raw = arena_calloc(n->c->a, json_array_size(arr), sizeof(*raw));
	norm = arena_calloc(n->c->a, json_array_size(arr), sizeof(*norm));
	json_array_foreach(arr, i, e) {
		if (!read_selector(n, e, "any", &raw[k]))
			continue;
		if (normalize)
			peer_selector(n, &raw[k], &norm[k], ns_label);
		else
			norm[k] = raw[k];
		k++;
	}
	*np = k;
	*rawp = raw;
	return norm;
}

/* Parse a port string: a number, or a name (IANA service / named port). */
static bool
parse_port(struct norm *n, json_t *where, const char *s,
    struct policy_port *out)
{
	char *end;
	unsigned long v;
	size_t i;

	if (*s == '\0') {
		fail(n, where, "%sPort must be specified", invalid_prefix(n));
		return false;
	}
	if (isdigit((unsigned char)*s)) {
		v = strtoul(s, &end, 10);
		if (*end != '\0' || v > 65535) {
			fail(n, where, "%sUnable to parse port: invalid port "
			    "\"%s\"", invalid_prefix(n), s);
			return false;
		}
		out->port = (uint32_t)v;
		return true;
	}
	/* A name: IANA service names are [a-z0-9-], at most 15 chars. */
	for (i = 0; s[i] != '\0'; i++)
		if (!(islower((unsigned char)s[i]) ||
		    isdigit((unsigned char)s[i]) || s[i] == '-'))
			break;
	if (s[i] != '\0' || i > 15) {
		fail(n, where, "%sUnable to parse port: \"%s\" is not a port "
		    "number or a port name", invalid_prefix(n), s);
		return false;
	}
	out->name = intern(n->c->st, s);
	return true;
}

static const char *
read_protocol(struct norm *n, json_t *where, json_t *v)
{
	const char *p;
	char up[16];
	size_t i;

	if (!json_is_string(v) || *json_string_value(v) == '\0')
		return intern(n->c->st, n->p->kind == POLICY_KNP ? "TCP" :
		    "ANY");
	p = json_string_value(v);
	for (i = 0; p[i] != '\0' && i < sizeof(up) - 1; i++)
		up[i] = (char)toupper((unsigned char)p[i]);
	up[i] = '\0';
	if (strcmp(up, "TCP") != 0 && strcmp(up, "UDP") != 0 &&
	    strcmp(up, "SCTP") != 0 && strcmp(up, "ANY") != 0) {
		fail(n, where, "%sinvalid protocol \"%s\", must be { tcp | udp "
		    "| sctp | any }", invalid_prefix(n), p);
		return intern(n->c->st, up);
	}
	return intern(n->c->st, up);
}

/* One toPorts entry of a CNP/CCNP element. */
static void
read_to_ports(struct norm *n, json_t *tp, enum policy_dir dir,
    struct policy_ports *out)
{
	json_t *ports = json_object_get(tp, "ports");
	json_t *rules = json_object_get(tp, "rules"), *e, *dns;
	size_t i, types = 0;
	const char **names = NULL;
	size_t nnames = 0, ncap = 0;

	memset(out, 0, sizeof(*out));
	out->line = line_of(n, tp);
	if (json_array_size(ports) > MAX_PORTS)
		fail(n, tp, "%stoo many ports, the max is %d",
		    invalid_prefix(n), MAX_PORTS);
	out->nports = json_array_size(ports);
	out->ports = out->nports ? arena_calloc(n->c->a, out->nports,
	    sizeof(*out->ports)) : NULL;
	json_array_foreach(ports, i, e) {
		json_t *pv = json_object_get(e, "port");
		json_t *ev = json_object_get(e, "endPort");
		char num[16];

		if (json_is_integer(pv)) {
			snprintf(num, sizeof(num), "%" JSON_INTEGER_FORMAT,
			    json_integer_value(pv));
			parse_port(n, e, num, &out->ports[i]);
		} else
			parse_port(n, e, json_is_string(pv) ?
			    json_string_value(pv) : "", &out->ports[i]);
		if (json_is_integer(ev) && json_integer_value(ev) > 0)
			out->ports[i].end_port =
			    (uint32_t)json_integer_value(ev);
		out->ports[i].protocol = read_protocol(n, e,
		    json_object_get(e, "protocol"));
	}
	if (json_is_array(json_object_get(tp, "serverNames")) &&
	    json_array_size(json_object_get(tp, "serverNames")) > 0)
		out->server_names = true;
	out->listener = jstr(n, json_object_get(tp, "listener"), "name");
	if (!json_is_object(rules))
		return;
	if (json_array_size(json_object_get(rules, "http")) > 0) {
		out->l7 = L7_HTTP;
		out->nl7 = json_array_size(json_object_get(rules, "http"));
		types++;
	}
	if (json_is_array(dns = json_object_get(rules, "dns"))) {
		out->l7 = L7_DNS;
		out->nl7 = json_array_size(dns);
		types++;
		json_array_foreach(dns, i, e) {
			const char *nm = jstr(n, e, "matchName");
			const char *pt = jstr(n, e, "matchPattern");

			names = xgrow(names, &ncap, nnames + 2, sizeof(*names));
			if (nm != NULL)
				names[nnames++] = nm;
			if (pt != NULL)
				names[nnames++] = pt;
		}
	}
	if (json_array_size(json_object_get(rules, "kafka")) > 0) {
		out->l7 = L7_KAFKA;
		out->nl7 = json_array_size(json_object_get(rules, "kafka"));
		types++;
	}
	if (json_object_get(rules, "l7proto") != NULL) {
		out->l7 = L7_OTHER;
		out->nl7 = json_array_size(json_object_get(rules, "l7"));
		types++;
	}
	out->dns_names = nnames ? arena_memdup(n->c->a, names,
	    nnames * sizeof(*names)) : NULL;
	out->ndns_names = nnames;
	free(names);
	if (types > 1)
		fail(n, rules, "%smultiple L7 protocol rule types specified "
		    "in single rule", invalid_prefix(n));
	if (out->l7 == L7_DNS && dir == DIR_INGRESS)
		fail(n, rules, "%sDNS rules are not allowed on ingress",
		    invalid_prefix(n));
	if (out->l7 == L7_DNS && out->nports == 0)
		fail(n, rules, "%sPort 53 must be specified for DNS rules",
		    invalid_prefix(n));
	for (i = 0; i < out->nports; i++) {
		if (out->l7 == L7_HTTP && strcmp(out->ports[i].protocol,
		    "TCP") != 0)
			fail(n, rules, "%sL7 rules can only apply to TCP (not "
			    "%s) except for DNS rules", invalid_prefix(n),
			    out->ports[i].protocol);
		if (out->l7 != L7_NONE && out->ports[i].port == 0 &&
		    out->ports[i].name == NULL)
			fail(n, rules, "%sL7 rules can not be used when a port "
			    "is 0", invalid_prefix(n));
		if (out->l7 == L7_DNS && out->ports[i].end_port != 0)
			fail(n, rules, "%sDNS rules do not support port ranges",
			    invalid_prefix(n));
	}
}

/* Check a CIDR (a bare IP is allowed when bare_ok) into *p. */
static bool
cidr_ok(const char *s, bool bare_ok, struct ip_prefix *p)
{
	return (bare_ok || strchr(s, '/') != NULL) && ip_prefix_parse(s, p);
}

static void
read_cidr_rule(struct norm *n, json_t *e, bool set, struct policy_cidr *out)
{
	struct ip_prefix a, b;
	size_t i;
	json_t *x;

	memset(out, 0, sizeof(*out));
	if (!set) {
		out->cidr = json_is_string(e) ? intern(n->c->st,
		    json_string_value(e)) : NULL;
		if (out->cidr == NULL || *out->cidr == '\0')
			fail(n, e, "%sIP must be specified", invalid_prefix(n));
		else if (!cidr_ok(out->cidr, true, &a))
			fail(n, e, "%sunable to parse CIDR: %s",
			    invalid_prefix(n), out->cidr);
		return;
	}
	out->cidr = jstr(n, e, "cidr");
	out->group = jstr(n, e, "cidrGroupRef");
	if (out->cidr == NULL) {
		if (out->group == NULL &&
		    json_object_get(e, "cidrGroupSelector") == NULL)
			fail(n, e, "%sone of cidr, cidrGroupRef, or "
			    "cidrGroupSelector is required", invalid_prefix(n));
		return;
	}
	if (!cidr_ok(out->cidr, n->p->kind == POLICY_KNP, &a)) {
		fail(n, e, "%sUnable to parse CIDRRule \"%s\": invalid prefix",
		    invalid_prefix(n), out->cidr);
		return;
	}
	x = json_object_get(e, "except");
	out->nexcept = json_array_size(x);
	out->except = out->nexcept ? arena_calloc(n->c->a, out->nexcept,
	    sizeof(char *)) : NULL;
	for (i = 0; i < out->nexcept; i++) {
		const char *ex = json_string_value(json_array_get(x, i));

		out->except[i] = intern(n->c->st, ex != NULL ? ex : "");
		if (ex == NULL || !cidr_ok(ex, false, &b)) {
			fail(n, e, "%sunable to parse except prefix \"%s\"",
			    invalid_prefix(n), ex != NULL ? ex : "");
			continue;
		}
		if (!ip_prefix_contains(&a, &b))
			fail(n, e, "%sallow CIDR prefix %s does not contain "
			    "exclude CIDR prefix %s", invalid_prefix(n),
			    out->cidr, ex);
	}
}

/* The entity names Cilium knows (pkg/policy/api/entity.go). */
static bool
entity_known(const char *e)
{
	static const char *const known[] = {
		"all", "world", "world-ipv4", "world-ipv6", "cluster", "host",
		"init", "ingress", "unmanaged", "remote-node", "health", "none",
		"kube-apiserver",
	};
	size_t i;

	for (i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		if (strcmp(e, known[i]) == 0)
			return true;
	return false;
}

/* Which JSON keys name which peer kinds, per direction. */
struct peer_key {
	unsigned	 bit;
	const char	*key[2];	/* ingress, egress */
	bool		 set;		/* a CIDRSet-shaped list */
};

static const struct peer_key peer_keys[] = {
	{ PEER_ENDPOINTS, { "fromEndpoints", "toEndpoints" }, false },
	{ PEER_CIDR,	{ "fromCIDR", "toCIDR" }, false },
	{ PEER_CIDRSET,	{ "fromCIDRSet", "toCIDRSet" }, true },
	{ PEER_ENTITIES, { "fromEntities", "toEntities" }, false },
	{ PEER_SERVICES, { NULL, "toServices" }, false },
	{ PEER_FQDNS,	{ NULL, "toFQDNs" }, false },
	{ PEER_NODES,	{ "fromNodes", "toNodes" }, false },
	{ PEER_GROUPS,	{ "fromGroups", "toGroups" }, false },
	{ PEER_REQUIRES, { "fromRequires", "toRequires" }, false },
};

/* One element of a CNP/CCNP section. */
static void
read_elem(struct norm *n, json_t *e, enum policy_dir dir, bool deny,
    struct policy_elem *out)
{
	struct policy_cidr *cidrs = NULL;
	size_t ncidrs = 0, ccap = 0, i, j, kinds = 0;
	const char *first = NULL, *second = NULL, *mode;
	json_t *v, *x;

	memset(out, 0, sizeof(*out));
	out->dir = dir;
	out->deny = deny;
	out->line = line_of(n, e);
	n->cur_line = out->line;
	if (!json_is_object(e)) {
		fail(n, e, "%srule element is not an object",
		    invalid_prefix(n));
		return;
	}
	for (i = 0; i < sizeof(peer_keys) / sizeof(peer_keys[0]); i++) {
		const char *k = peer_keys[i].key[dir];

		if (k == NULL || (v = json_object_get(e, k)) == NULL ||
		    json_is_null(v))
			continue;
		out->peers |= peer_keys[i].bit;
		/* Requires does not count as an L3 peer kind of its own. */
		if (peer_keys[i].bit == PEER_REQUIRES)
			continue;
		/* The agent counts len(): an empty list is no peer kind. */
		if (!json_is_array(v) || json_array_size(v) == 0)
			continue;
		out->l3_peers |= peer_keys[i].bit;
		/* CIDR and CIDRSet both count, as in the agent. */
		if (kinds++ == 0)
			first = peer_kind_field(peer_keys[i].bit, dir);
		else if (second == NULL)
			second = peer_kind_field(peer_keys[i].bit, dir);
	}
	if (kinds > 1 && (!deny || n->c->deny_l3_validated))
		fail(n, e, "%sCombining %s and %s is not supported yet",
		    invalid_prefix(n), first, second);

	out->endpoints = read_selectors(n, json_object_get(e,
	    dir == DIR_INGRESS ? "fromEndpoints" : "toEndpoints"),
	    &out->nendpoints, true, &out->endpoints_raw, &out->ns_label_peer);
	{
		struct selector *raw;
		bool unused = false;

		/* fromNodes/toNodes are matched against node labels as is. */
		out->nodes = read_selectors(n, json_object_get(e,
		    dir == DIR_INGRESS ? "fromNodes" : "toNodes"),
		    &out->nnodes, false, &raw, &unused);
	}
	v = json_object_get(e, dir == DIR_INGRESS ? "fromEntities" :
	    "toEntities");
	out->nentities = json_array_size(v);
	out->entities = out->nentities ? arena_calloc(n->c->a, out->nentities,
	    sizeof(char *)) : NULL;
	json_array_foreach(v, i, x) {
		const char *name = json_string_value(x);

		out->entities[i] = intern(n->c->st, name != NULL ? name : "");
		if (name == NULL || !entity_known(name))
			fail(n, x, "%sunsupported entity: %s",
			    invalid_prefix(n), name != NULL ? name : "");
	}
	for (j = 0; j < 2; j++) {
		v = json_object_get(e, dir == DIR_INGRESS ?
		    (j ? "fromCIDRSet" : "fromCIDR") :
		    (j ? "toCIDRSet" : "toCIDR"));
		json_array_foreach(v, i, x) {
			cidrs = xgrow(cidrs, &ccap, ncidrs + 1,
			    sizeof(*cidrs));
			read_cidr_rule(n, x, j == 1, &cidrs[ncidrs++]);
		}
	}
	out->cidrs = ncidrs ? arena_memdup(n->c->a, cidrs,
	    ncidrs * sizeof(*cidrs)) : NULL;
	out->ncidrs = ncidrs;
	free(cidrs);

	v = json_object_get(e, "toServices");
	if (dir == DIR_EGRESS && json_is_array(v)) {
		out->nservices = json_array_size(v);
		out->services = out->nservices ? arena_calloc(n->c->a,
		    out->nservices, sizeof(*out->services)) : NULL;
		json_array_foreach(v, i, x) {
			json_t *ks = json_object_get(x, "k8sService");
			json_t *kss = json_object_get(x, "k8sServiceSelector");

			out->services[i].name = jstr(n, ks, "serviceName");
			out->services[i].ns = jstr(n, ks, "namespace");
			if (kss != NULL) {
				struct selector *s = arena_alloc(n->c->a,
				    sizeof(*s));

				read_selector(n, json_object_get(kss,
				    "selector"), "any", s);
				out->services[i].selector = s;
				out->services[i].ns = jstr(n, kss,
				    "namespace");
			}
		}
	}
	v = json_object_get(e, "toFQDNs");
	if (dir == DIR_EGRESS && json_is_array(v)) {
		out->nfqdns = json_array_size(v);
		out->fqdns = out->nfqdns ? arena_calloc(n->c->a, out->nfqdns,
		    sizeof(*out->fqdns)) : NULL;
		json_array_foreach(v, i, x) {
			out->fqdns[i].match_name = jstr(n, x, "matchName");
			out->fqdns[i].match_pattern = jstr(n, x,
			    "matchPattern");
			if (out->fqdns[i].match_name != NULL &&
			    out->fqdns[i].match_pattern != NULL)
				fail(n, x, "%sonly one of MatchName or "
				    "MatchPattern is allowed in an FQDNSelector",
				    invalid_prefix(n));
		}
	}
	v = json_object_get(e, "toPorts");
	out->nto_ports = json_array_size(v);
	out->to_ports = out->nto_ports ? arena_calloc(n->c->a, out->nto_ports,
	    sizeof(*out->to_ports)) : NULL;
	json_array_foreach(v, i, x)
		read_to_ports(n, x, dir, &out->to_ports[i]);
	out->nicmps = json_array_size(json_object_get(e, "icmps"));
	if (out->nicmps > 0 && out->nto_ports > 0)
		fail(n, e, "%sThe ICMPs block may only be present without "
		    "ToPorts. Define a separate rule to use ToPorts.",
		    invalid_prefix(n));
	/* AuthenticationMode: "disabled", "required" (or a test mode). */
	mode = json_string_value(json_object_get(json_object_get(e,
	    "authentication"), "mode"));
	out->auth = mode != NULL && strcmp(mode, "disabled") != 0;
}

static const char *const section_keys[2][2] = {
	{ "ingress", "ingressDeny" },
	{ "egress", "egressDeny" },
};

/* One rule of a CNP/CCNP (spec, or an element of specs). */
static void
read_cilium_rule(struct norm *n, json_t *r, struct policy_rule *out)
{
	json_t *es = json_object_get(r, "endpointSelector");
	json_t *ns = json_object_get(r, "nodeSelector");
	json_t *dd = json_object_get(r, "enableDefaultDeny"), *sec, *e;
	struct policy_elem *elems = NULL;
	size_t nelems = 0, ecap = 0, i;
	int dir, deny;

	memset(out, 0, sizeof(*out));
	n->cur_line = 0;
	out->line = line_of(n, r);
	n->cur_line = out->line;
	out->default_deny_set[0] = out->default_deny_set[1] = -1;
	out->description = jstr(n, r, "description");
	if (!json_is_object(r)) {
		fail(n, r, "%srule is not an object", invalid_prefix(n));
		return;
	}
	if (es == NULL && ns == NULL)
		fail(n, r, "%srule must have one of EndpointSelector or "
		    "NodeSelector", invalid_prefix(n));
	else if (es != NULL && ns != NULL)
		fail(n, r, "%srule cannot have both EndpointSelector and "
		    "NodeSelector", invalid_prefix(n));
	else if (ns != NULL && n->p->kind == POLICY_CNP)
		fail(n, r, "%srule cannot have NodeSelector",
		    invalid_prefix(n));
	out->node_selector = ns != NULL && es == NULL;
	read_selector(n, out->node_selector ? ns : es, "any",
	    &out->subject_raw);
	out->subject = out->subject_raw;
	if (n->p->kind == POLICY_CNP && !out->node_selector) {
		/* B.3: the policy namespace is forced into the subject. */
		const char *v[] = { n->p->ns, NULL };

		selector_with_req(n->c->a, n->c->st, &out->subject_raw, "k8s",
		    NS_KEY, SEL_IN, v, true, &out->subject);
	}
	n->subject = &out->subject;
	if (json_is_object(dd)) {
		if (json_is_boolean(json_object_get(dd, "ingress")))
			out->default_deny_set[DIR_INGRESS] =
			    json_is_true(json_object_get(dd, "ingress"));
		if (json_is_boolean(json_object_get(dd, "egress")))
			out->default_deny_set[DIR_EGRESS] =
			    json_is_true(json_object_get(dd, "egress"));
	}
	for (dir = 0; dir < 2; dir++) {
		for (deny = 0; deny < 2; deny++) {
			sec = json_object_get(r, section_keys[dir][deny]);
			if (sec == NULL || json_is_null(sec))
				continue;
			out->key[dir][deny] = true;
			if (!json_is_array(sec)) {
				fail(n, sec, "%s%s is not a list",
				    invalid_prefix(n), section_keys[dir][deny]);
				continue;
			}
			out->has[dir][deny] = json_array_size(sec) > 0;
			json_array_foreach(sec, i, e) {
				elems = xgrow(elems, &ecap, nelems + 1,
				    sizeof(*elems));
				read_elem(n, e, (enum policy_dir)dir, deny != 0,
				    &elems[nelems++]);
			}
		}
	}
	out->elems = nelems ? arena_memdup(n->c->a, elems,
	    nelems * sizeof(*elems)) : NULL;
	out->nelems = nelems;
	free(elems);
	n->subject = NULL;
}

static void
read_status(struct norm *n, json_t *obj)
{
	json_t *conds = json_object_get(json_object_get(obj, "status"),
	    "conditions"), *c;
	size_t i;

	json_array_foreach(conds, i, c) {
		const char *t = json_string_value(json_object_get(c, "type"));
		const char *s = json_string_value(json_object_get(c, "status"));

		if (t == NULL || strcmp(t, "Valid") != 0 || s == NULL)
			continue;
		n->p->status_valid = strcmp(s, "True") == 0;
		n->p->status_message = jstr(n, c, "message");
	}
}

static void
read_cilium(struct norm *n, json_t *obj)
{
	json_t *spec = json_object_get(obj, "spec");
	json_t *specs = json_object_get(obj, "specs"), *r;
	struct policy_rule *rules;
	size_t i, k = 0, total;

	n->p->has_specs = spec == NULL && specs != NULL;
	total = (spec != NULL && !json_is_null(spec) ? 1 : 0) +
	    json_array_size(specs);
	if (n->p->name == NULL)
		fail(n, obj, "%s must have name",
		    policy_kind_name(n->p->kind));
	if (total == 0) {
		fail(n, obj, "Invalid %s spec(s): empty policy",
		    policy_kind_name(n->p->kind));
		return;
	}
	rules = arena_calloc(n->c->a, total, sizeof(*rules));
	if (spec != NULL && !json_is_null(spec)) {
		n->p->has_specs = false;
		read_cilium_rule(n, spec, &rules[k++]);
	}
	json_array_foreach(specs, i, r) {
		n->p->has_specs = true;
		read_cilium_rule(n, r, &rules[k++]);
	}
	n->p->rules = rules;
	n->p->nrules = k;
}

/*
 * A KNP peer (pkg/k8s/network_policy.go): pod labels are k8s:, the
 * namespace selector's keys get the namespace-labels prefix, and without
 * a namespace selector the policy's namespace is added.
 */
static bool
knp_peer(struct norm *n, json_t *peer, struct selector *raw,
    struct selector *out)
{
	json_t *ps = json_object_get(peer, "podSelector");
	json_t *nss = json_object_get(peer, "namespaceSelector");
	struct selector nsel, tmp;
	static const char *const none[] = { NULL };
	size_t i, j;

	if (!read_selector(n, ps, "k8s", raw))
		return false;
	*out = *raw;
	if (nss == NULL || json_is_null(nss)) {
		const char *v[] = { n->p->ns, NULL };

		selector_with_req(n->c->a, n->c->st, raw, "k8s", NS_KEY,
		    SEL_IN, v, false, out);
	} else {
		if (!read_selector(n, nss, "k8s", &nsel))
			return false;
		if (nsel.n == 0) {
			selector_with_req(n->c->a, n->c->st, out, "k8s",
			    NS_KEY, SEL_EXISTS, none, false, &tmp);
			*out = tmp;
		}
		for (i = 0; i < nsel.n; i++) {
			const struct sel_req *q = &nsel.reqs[i];
			const char **vals = arena_calloc(n->c->a,
			    q->nvalues + 1, sizeof(char *));
			char *key = arena_printf(n->c->a, "%s%s", NS_LABELS,
			    q->key);

			for (j = 0; j < q->nvalues; j++)
				vals[j] = q->values[j];
			selector_with_req(n->c->a, n->c->st, out, "k8s", key,
			    q->op, vals, false, &tmp);
			*out = tmp;
		}
	}
	if (n->c->local_cluster && !selector_has_key(raw, CLUSTER_KEY, "k8s")) {
		const char *v[] = { n->c->cluster, NULL };

		selector_with_req(n->c->a, n->c->st, out, "k8s", CLUSTER_KEY,
		    SEL_IN, v, false, &tmp);
		*out = tmp;
	}
	return true;
}

static void
knp_elem(struct norm *n, json_t *e, enum policy_dir dir,
    struct policy_elem *out)
{
	json_t *peers = json_object_get(e, dir == DIR_INGRESS ? "from" : "to");
	json_t *ports = json_object_get(e, "ports"), *p, *pv;
	struct selector *raw, *norm;
	struct policy_cidr *cidrs;
	size_t i, np = 0, nc = 0, n_peers = json_array_size(peers);
	char num[16];

	memset(out, 0, sizeof(*out));
	out->dir = dir;
	out->line = line_of(n, e);
	n->cur_line = out->line;
	raw = n_peers ? arena_calloc(n->c->a, n_peers, sizeof(*raw)) : NULL;
	norm = n_peers ? arena_calloc(n->c->a, n_peers, sizeof(*norm)) : NULL;
	cidrs = n_peers ? arena_calloc(n->c->a, n_peers, sizeof(*cidrs)) :
	    NULL;
	json_array_foreach(peers, i, p) {
		json_t *ipb = json_object_get(p, "ipBlock");
		bool sel = json_object_get(p, "podSelector") != NULL ||
		    json_object_get(p, "namespaceSelector") != NULL;

		/* ValidateNetworkPolicyPeer, k8s.io/kubernetes validation. */
		if (ipb != NULL && sel)
			fail(n, p, "%s%s[%zu]: may not specify both ipBlock and "
			    "another peer", invalid_prefix(n),
			    dir == DIR_INGRESS ? "from" : "to", i);
		else if (ipb == NULL && !sel)
			fail(n, p, "%s%s[%zu]: must specify a peer",
			    invalid_prefix(n), dir == DIR_INGRESS ? "from" :
			    "to", i);
		if (ipb != NULL) {
			read_cidr_rule(n, ipb, true, &cidrs[nc++]);
			out->peers |= PEER_CIDRSET;
			continue;
		}
		if (knp_peer(n, p, &raw[np], &norm[np]))
			np++;
		out->peers |= PEER_ENDPOINTS;
	}
	out->endpoints = norm;
	out->endpoints_raw = raw;
	out->nendpoints = np;
	out->cidrs = cidrs;
	out->ncidrs = nc;
	/*
	 * No `from`/`to` (or an empty one) means every peer, world and
	 * host included: the wildcard endpoint selector (section F).
	 */
	if (n_peers == 0) {
		out->endpoints = arena_calloc(n->c->a, 1, sizeof(*norm));
		out->endpoints_raw = arena_calloc(n->c->a, 1, sizeof(*raw));
		out->endpoints[0].text = intern(n->c->st, "{}");
		out->endpoints_raw[0].text = out->endpoints[0].text;
		out->nendpoints = 1;
		out->peers |= PEER_ENDPOINTS;
		out->entities = arena_alloc(n->c->a, sizeof(char *));
		out->entities[0] = intern(n->c->st, "all");
		out->nentities = 1;
	}
	if (json_array_size(ports) > 0) {
		out->nto_ports = 1;
		out->to_ports = arena_calloc(n->c->a, 1, sizeof(*out->to_ports));
		out->to_ports[0].line = line_of(n, ports);
		out->to_ports[0].nports = json_array_size(ports);
		out->to_ports[0].ports = arena_calloc(n->c->a,
		    json_array_size(ports), sizeof(struct policy_port));
		json_array_foreach(ports, i, p) {
			struct policy_port *pp = &out->to_ports[0].ports[i];

			pv = json_object_get(p, "port");
			if (json_is_integer(pv)) {
				snprintf(num, sizeof(num), "%"
				    JSON_INTEGER_FORMAT, json_integer_value(pv));
				parse_port(n, p, num, pp);
			} else if (json_is_string(pv))
				parse_port(n, p, json_string_value(pv), pp);
			pv = json_object_get(p, "endPort");
			if (json_is_integer(pv) && json_integer_value(pv) > 0)
				pp->end_port = (uint32_t)json_integer_value(pv);
			if (pp->end_port && pp->name != NULL)
				fail(n, p, "%sports[%zu].endPort: may not be "
				    "specified when `port` is non-numeric",
				    invalid_prefix(n), i);
			else if (pp->end_port && pp->end_port < pp->port)
				fail(n, p, "%sports[%zu].endPort: must be greater "
				    "than or equal to `port` (%u-%u)",
				    invalid_prefix(n), i, pp->port,
				    pp->end_port);
			pp->protocol = read_protocol(n, p,
			    json_object_get(p, "protocol"));
		}
	}
}

static void
read_knp(struct norm *n, json_t *obj)
{
	json_t *spec = json_object_get(obj, "spec");
	json_t *types = json_object_get(spec, "policyTypes"), *t, *sec, *e;
	struct policy_rule *r;
	struct policy_elem *elems = NULL;
	size_t nelems = 0, ecap = 0, i;
	bool t_in = false, t_eg = false;
	int dir;

	r = arena_calloc(n->c->a, 1, sizeof(*r));
	n->p->rules = r;
	n->p->nrules = 1;
	r->knp = true;
	r->line = line_of(n, spec);
	r->default_deny_set[0] = r->default_deny_set[1] = -1;
	json_array_foreach(types, i, t) {
		const char *s = json_string_value(t);

		if (s != NULL && strcmp(s, "Ingress") == 0)
			t_in = true;
		if (s != NULL && strcmp(s, "Egress") == 0)
			t_eg = true;
	}
	n->p->policy_types_set = json_array_size(types) > 0;
	n->p->policy_types[DIR_INGRESS] = t_in;
	n->p->policy_types[DIR_EGRESS] = t_eg;
	read_selector(n, json_object_get(spec, "podSelector"), "k8s",
	    &r->subject_raw);
	{
		const char *v[] = { n->p->ns, NULL };

		selector_with_req(n->c->a, n->c->st, &r->subject_raw, "k8s",
		    NS_KEY, SEL_IN, v, true, &r->subject);
	}
	for (dir = 0; dir < 2; dir++) {
		sec = json_object_get(spec, dir == DIR_INGRESS ? "ingress" :
		    "egress");
		r->key[dir][0] = sec != NULL && !json_is_null(sec);
		r->has[dir][0] = json_array_size(sec) > 0;
		json_array_foreach(sec, i, e) {
			elems = xgrow(elems, &ecap, nelems + 1, sizeof(*elems));
			knp_elem(n, e, (enum policy_dir)dir, &elems[nelems++]);
		}
	}
	/*
	 * policyTypes: an ingress deny-all when there are no ingress rules
	 * and (Ingress is listed or Egress is not); an egress deny-all when
	 * there are no egress rules and Egress is listed.  Every KNP entry
	 * is default-deny for its direction (section F).
	 */
	r->default_deny_set[DIR_INGRESS] = (r->has[DIR_INGRESS][0] ||
	    t_in || !t_eg) ? 1 : 0;
	r->default_deny_set[DIR_EGRESS] = (r->has[DIR_EGRESS][0] || t_eg) ?
	    1 : 0;
	r->elems = nelems ? arena_memdup(n->c->a, elems,
	    nelems * sizeof(*elems)) : NULL;
	r->nelems = nelems;
	free(elems);
}

void
policy_from_yaml(const struct policy_ctx *c, enum policy_kind kind,
    json_t *obj, unsigned long line, const struct json_lines *lines,
    struct policy *out)
{
	struct norm n;
	json_t *md = json_object_get(obj, "metadata");

	memset(out, 0, sizeof(*out));
	memset(&n, 0, sizeof(n));
	n.c = c;
	n.p = out;
	n.line = line;
	n.lines = lines;
	out->kind = kind;
	out->src.path = c->path;
	out->src.line = line;
	out->status_valid = -1;
	out->name = jstr(&n, md, "name");
	out->ns = kind == POLICY_CCNP ? intern(c->st, "") : jstr(&n, md,
	    "namespace");
	if (out->ns == NULL)
		out->ns = intern(c->st, "default");
	read_status(&n, obj);
	if (kind == POLICY_KNP)
		read_knp(&n, obj);
	else
		read_cilium(&n, obj);
}

void
policy_from_json(const struct policy_ctx *c, enum policy_kind kind,
    json_t *obj, unsigned long line, struct policy *out)
{
	policy_from_yaml(c, kind, obj, line, NULL, out);
}

bool
policy_rule_default_deny(const struct policy_rule *r, enum policy_dir dir,
    bool honor_flag)
{
	/* KNP: computed from policyTypes when it was read (section F). */
	if (r->knp)
		return r->default_deny_set[dir] == 1;
	if (honor_flag && r->default_deny_set[dir] >= 0)
		return r->default_deny_set[dir] != 0;
	/* Any element, allow or deny, switches the direction (E.1). */
	return r->has[dir][0] || r->has[dir][1];
}
