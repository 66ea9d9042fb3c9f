/*
 * art_monitor.c: `cilium-dbg monitor` text lines into flow records (see
 * art_monitor.h for the formats and where they come from).
 *
 * The parser walks a line left to right through the fixed words of the
 * DumpInfo format strings; each field is optional where one release or
 * another lacked it.  Nothing is allocated per line: strings are interned.
 */
#include <ctype.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "art_monitor.h"
#include "cmdtext.h"
#include "drop_reason.h"
#include "netaddr.h"
#include "xalloc.h"

#define MONITOR_SNIFF_LINES	20

/* A cursor over one line. */
struct cur {
	const char	*p;
	const char	*end;
};

static bool
eat(struct cur *c, const char *lit)
{
	size_t n = strlen(lit);

	if ((size_t)(c->end - c->p) < n || memcmp(c->p, lit, n) != 0)
		return false;
	c->p += n;
	return true;
}

static bool
at(const struct cur *c, const char *lit)
{
	size_t n = strlen(lit);

	return (size_t)(c->end - c->p) >= n && memcmp(c->p, lit, n) == 0;
}

/* A decimal number (at most 32 bits). */
static bool
number(struct cur *c, uint32_t *out)
{
	uint64_t v = 0;
	const char *s = c->p;

	while (c->p < c->end && isdigit((unsigned char)*c->p)) {
		v = v * 10 + (uint64_t)(*c->p - '0');
		if (v > UINT32_MAX)
			return false;
		c->p++;
	}
	*out = (uint32_t)v;
	return c->p > s;
}

/* "0x1a2b" (the flow hash: skipped). */
static bool
hex(struct cur *c)
{
	const char *s;

	if (!eat(c, "0x"))
		return false;
	s = c->p;
	while (c->p < c->end && isxdigit((unsigned char)*c->p))
		c->p++;
	return c->p > s;
}

/* A word up to a space, comma, colon-space or end. */
static size_t
word_len(const struct cur *c, const char *stops)
{
	const char *q = c->p;

	while (q < c->end && strchr(stops, *q) == NULL)
		q++;
	return (size_t)(q - c->p);
}

/* An identity: a number, or a reserved name (NumericIdentity.String). */
static bool
identity(struct cur *c, uint32_t *out)
{
	size_t n;
	long r;

	if (number(c, out))
		return true;
	/*
	 * The longest name first: "world-ipv4", "remote-node" and
	 * "kube-apiserver" hold a '-', and "a->b" ends the first at '-'.
	 */
	n = word_len(c, " ,:>");
	while (n > 0 && c->p[n - 1] == '-')
		n--;
	r = cmdtext_reserved_identity(c->p, n);
	if (r < 0) {
		n = word_len(c, " ,:-");
		r = n > 0 ? cmdtext_reserved_identity(c->p, n) : -1;
	}
	if (r < 0)
		return false;
	c->p += n;
	*out = (uint32_t)r;
	return true;
}

/* An address (and port) of the summary: "a:p", "[v6]:p", "a". */
static bool
address(struct cur *c, struct strtab *st, const char **ip, uint32_t *port,
    bool *has_port, unsigned *version)
{
	char tmp[64];
	size_t n = word_len(c, " ");
	const char *colon, *ipend;
	struct ip_prefix pf;
	struct cur pc;

	*has_port = false;
	if (n == 0 || n >= sizeof(tmp))
		return false;
	if (c->p[0] == '[') {
		ipend = memchr(c->p, ']', n);
		if (ipend == NULL || ipend + 1 >= c->p + n || ipend[1] != ':')
			return false;
		memcpy(tmp, c->p + 1, (size_t)(ipend - c->p - 1));
		tmp[ipend - c->p - 1] = '\0';
		colon = ipend + 1;
	} else {
		colon = memchr(c->p, ':', n);
		/* two colons: a bare IPv6 address (ICMPv6, no port) */
		if (colon != NULL && memchr(colon + 1, ':', (size_t)(c->p + n -
		    colon - 1)) != NULL)
			colon = NULL;
		ipend = colon != NULL ? colon : c->p + n;
		memcpy(tmp, c->p, (size_t)(ipend - c->p));
		tmp[ipend - c->p] = '\0';
	}
	if (!ip_prefix_parse(tmp, &pf) || strchr(tmp, '/') != NULL)
		return false;
	if (colon != NULL) {
		pc.p = colon + 1;
		pc.end = c->p + n;
		if (!number(&pc, port) || pc.p != pc.end || *port > 65535)
			return false;
		*has_port = true;
	}
	*ip = intern(st, tmp);
	*version = pf.af == AF_INET6 ? 6 : 4;
	c->p += n;
	return true;
}

/* TCP flags as the summary prints them: "SYN", "SYN, ACK", "ACK, FIN". */
static unsigned
tcp_flags(struct cur *c)
{
	unsigned bits = 0, k;
	const char *name;
	size_t n;

	for (;;) {
		n = word_len(c, " ,");
		for (k = 0; k < FLOW_TCP_NFLAGS; k++) {
			name = flow_tcp_flag_name(1u << k);
			if (strlen(name) == n && memcmp(name, c->p, n) == 0) {
				bits |= 1u << k;
				break;
			}
		}
		c->p += n;
		if (!eat(c, ", ") && !eat(c, " "))
			return bits;
	}
}

/* "02:42:ac:11:00:02": the summary of a packet without IP. */
static bool
is_mac(const struct cur *c)
{
	size_t n = word_len(c, " "), i;

	if (n != 17)
		return false;
	for (i = 0; i < n; i++)
		if (i % 3 == 2 ? c->p[i] != ':' :
		    !isxdigit((unsigned char)c->p[i]))
			return false;
	return true;
}

/*
 * GetConnectionSummary (pkg/monitor/dissect.go): "src -> dst[ proto[
 * flags]]", "src -> dst <icmp type>", "a:0 -> b:0 IPsecESP", or, without
 * an IP header, "<mac> -> <mac> <ethertype>" and "[unknown]" (kept as an
 * event without addresses).  Fills addresses, ports, l4 and TCP flags.
 */
static bool
summary(struct cur *c, struct strtab *st, struct flow_record *fr)
{
	bool sp, dp;
	unsigned v1, v2;
	size_t n;

	if (at(c, "[unknown]") || is_mac(c))
		return true;
	if (!address(c, st, &fr->src_ip, &fr->src_port, &sp, &v1) ||
	    !eat(c, " -> ") ||
	    !address(c, st, &fr->dst_ip, &fr->dst_port, &dp, &v2) ||
	    sp != dp || v1 != v2)
		return false;
	fr->ip_version = v1;
	(void)eat(c, " ");
	n = word_len(c, " ");
	if (sp) {
		if (n == 3 && memcmp(c->p, "tcp", 3) == 0) {
			fr->l4 = FLOW_L4_TCP;
			c->p += n;
			(void)eat(c, " ");
			fr->tcp_flags = tcp_flags(c);
		} else if (n == 3 && memcmp(c->p, "udp", 3) == 0)
			fr->l4 = FLOW_L4_UDP;
		else if (n == 4 && memcmp(c->p, "sctp", 4) == 0)
			fr->l4 = FLOW_L4_SCTP;
		else if (n == 0)
			return false;
		else	/* "IPsecAH", "IPsecESP": no ports of its own */
			fr->src_port = fr->dst_port = 0;
	} else {
		fr->src_port = fr->dst_port = 0;
		/* an ICMP type name, or nothing for another protocol */
		if (n > 0)
			fr->l4 = v1 == 6 ? FLOW_L4_ICMPV6 : FLOW_L4_ICMPV4;
	}
	return true;
}

/* Fill the drop fields from a reason code. */
static void
set_drop(struct flow_record *fr, uint32_t code)
{
	fr->verdict = FLOW_DROPPED;
	fr->drop_reason = code;
	fr->drop = drop_reason_by_code(code);
	fr->drop_reason_name = fr->drop != NULL ? fr->drop->name : NULL;
}

/*
 * "xx drop (<reason>) [flow 0x..] to endpoint N, [ifindex N, ][file F:L,
 * ][, ]identity A->B: <summary>"; c is past "xx drop (".
 */
static bool
drop_line(struct cur *c, struct strtab *st, struct flow_record *fr,
    const char **why)
{
	const char *close = NULL, *q;
	const struct drop_reason *dr;
	char reason[160];
	uint32_t v;
	size_t n;

	/* The reason may hold parentheses: "Policy denied (L3)". */
	for (q = c->p; q < c->end; q++) {
		struct cur t = { q + 1, c->end };

		if (*q == ')' && (at(&t, " flow ") ||
		    at(&t, " to endpoint "))) {
			close = q;
			break;
		}
	}
	n = close != NULL ? (size_t)(close - c->p) : 0;
	if (close == NULL || n >= sizeof(reason)) {
		*why = "no drop reason in parentheses";
		return false;
	}
	memcpy(reason, c->p, n);
	reason[n] = '\0';
	c->p = close + 1;
	dr = drop_reason_by_text(reason);
	if (dr == NULL) {
		*why = "unknown drop reason";
		return false;
	}
	set_drop(fr, dr->code);
	fr->has_event_type = true;
	fr->event_type = FLOW_EVENT_DROP;
	fr->event_sub_type = (int32_t)dr->code;
	if (eat(c, " flow ") && !hex(c)) {
		*why = "bad flow hash";
		return false;
	}
	if (eat(c, " to endpoint ")) {
		if (!number(c, &v)) {
			*why = "bad endpoint ID";
			return false;
		}
		/* the endpoint that dropped it: model.c sorts it out */
		fr->dst.id = v;
	}
	/* Fields up to "identity": ifindex, file, and an empty one. */
	while (eat(c, ", ")) {
		if (eat(c, "ifindex ")) {
			if (!number(c, &fr->interface_index)) {
				*why = "bad ifindex";
				return false;
			}
		} else if (eat(c, "file ")) {
			n = word_len(c, ":,");
			fr->file_name = intern_n(st, c->p, n);
			c->p += n;
			if (eat(c, ":") && !number(c, &fr->file_line)) {
				*why = "bad file line";
				return false;
			}
		} else if (at(c, "identity "))
			break;
		else if (!at(c, ", ")) {
			*why = "unexpected field before the identities";
			return false;
		}
	}
	if (!eat(c, "identity ") || !identity(c, &fr->src.identity) ||
	    !eat(c, "->") || !identity(c, &fr->dst.identity) ||
	    !eat(c, ": ")) {
		*why = "no \"identity A->B: \"";
		return false;
	}
	if (!summary(c, st, fr)) {
		*why = "cannot read the packet summary";
		return false;
	}
	return true;
}

static enum flow_l4_proto
ip_proto(uint32_t p, unsigned version)
{
	switch (p) {
	case 6:
		return FLOW_L4_TCP;
	case 17:
		return FLOW_L4_UDP;
	case 132:
		return FLOW_L4_SCTP;
	case 1:
	case 58:
		return version == 6 ? FLOW_L4_ICMPV6 : FLOW_L4_ICMPV4;
	default:
		return FLOW_L4_NONE;
	}
}

/*
 * "Policy verdict log: flow 0x.. local EP ID N, remote ID X, [dst port P,
 * ][proto N, ]<dir>, action A, [auth: T, ]match M, <summary>"; c is past
 * "Policy verdict log: ".
 */
static bool
verdict_line(struct cur *c, struct strtab *st, struct flow_record *fr,
    const char **why)
{
	uint32_t local_ep, remote, port = 0, proto = 0, v;
	bool has_port = false, has_proto = false, ingress, auth = false;
	const char *action;
	size_t n;
	struct flow_endpoint *loc, *rem;

	if (!eat(c, "flow ") || !hex(c) || !eat(c, " local EP ID ") ||
	    !number(c, &local_ep) || !eat(c, ", remote ID ") ||
	    !identity(c, &remote) || !eat(c, ", ")) {
		*why = "no \"flow 0x.. local EP ID N, remote ID X\"";
		return false;
	}
	if (eat(c, "dst port ")) {
		if (!number(c, &port) || !eat(c, ", ")) {
			*why = "bad dst port";
			return false;
		}
		has_port = true;
	}
	if (eat(c, "proto ")) {
		if (!number(c, &proto) || !eat(c, ", ")) {
			*why = "bad proto";
			return false;
		}
		has_proto = true;
	}
	if (eat(c, "ingress true"))
		ingress = true;
	else if (eat(c, "ingress false"))
		ingress = false;
	else if (eat(c, "ingress"))
		ingress = true;
	else if (eat(c, "egress"))
		ingress = false;
	else {
		*why = "no direction";
		return false;
	}
	if (!eat(c, ", action ")) {
		*why = "no action";
		return false;
	}
	n = word_len(c, ",");
	action = c->p;
	c->p += n;
	if (eat(c, ", auth: ")) {
		size_t an = word_len(c, ",");

		auth = !(an == 8 && memcmp(c->p, "disabled", 8) == 0) &&
		    !(an == 4 && memcmp(c->p, "none", 4) == 0);
		c->p += an;
	}
	if (!eat(c, ", match ")) {
		*why = "no match type";
		return false;
	}
	for (v = 0; v <= 6; v++)
		if (eat(c, flow_policy_match_name(v)))
			break;
	if (v > 6) {
		*why = "unknown match type";
		return false;
	}
	fr->policy_match_type = v;
	if (!eat(c, ", ") || !summary(c, st, fr)) {
		*why = "cannot read the packet summary";
		return false;
	}
	if (has_port && fr->dst_port == 0)
		fr->dst_port = port;
	if (has_proto && fr->l4 == FLOW_L4_NONE)
		fr->l4 = ip_proto(proto, fr->ip_version);

	fr->has_event_type = true;
	fr->event_type = FLOW_EVENT_POLICY_VERDICT;
	fr->direction = ingress ? FLOW_DIR_INGRESS : FLOW_DIR_EGRESS;
	loc = ingress ? &fr->dst : &fr->src;
	rem = ingress ? &fr->src : &fr->dst;
	loc->id = local_ep;
	rem->identity = remote;
	/*
	 * Before the audit action (PR 14785), audit mode reported a would-be
	 * deny as "action allow, match none" (cilium issue 11778): an allow
	 * needs a matching entry otherwise.
	 */
	if (n == 5 && memcmp(action, "allow", 5) == 0)
		fr->verdict = fr->policy_match_type == 0 ? FLOW_AUDIT :
		    FLOW_FORWARDED;
	else if (n == 8 && memcmp(action, "redirect", 8) == 0)
		fr->verdict = FLOW_REDIRECTED;
	else if (n == 5 && memcmp(action, "audit", 5) == 0)
		fr->verdict = FLOW_AUDIT;
	else if (n == 4 && memcmp(action, "deny", 4) == 0) {
		/* bpf/lib/policy.h: no entry, an auth entry, a deny entry */
		v = fr->policy_match_type == 0 ? 133 : auth ? 189 : 181;
		set_drop(fr, v);
		fr->event_sub_type = (int32_t)v;
	} else {
		*why = "unknown action";
		return false;
	}
	return true;
}

/*
 * Trace and capture events (pkg/monitor/datapath_trace.go and friends):
 * "-> endpoint 3459 flow 0x.. identity 323->15194 state new ...".
 */
static const char *const trace_prefixes[] = {
	"-> ", "<- ", ">> ",
};

/* Other monitor output: debug events, per-CPU prefixes, banners. */
static const char *const other_prefixes[] = {
	"** ", "CPU ", "Listening for events on ", "Press Ctrl-C to quit",
};

/* Does the span hold the literal? */
static bool
span_has(const char *s, size_t n, const char *lit)
{
	size_t k = strlen(lit), i;

	for (i = 0; i + k <= n; i++)
		if (memcmp(s + i, lit, k) == 0)
			return true;
	return false;
}

static bool
is_trace(const struct cur *c)
{
	size_t i;

	for (i = 0; i < sizeof(trace_prefixes) / sizeof(trace_prefixes[0]);
	    i++)
		if (at(c, trace_prefixes[i]) && span_has(c->p,
		    (size_t)(c->end - c->p), " identity "))
			return true;
	return false;
}

enum monitor_line
art_monitor_line(const char *s, size_t n, struct strtab *st,
    struct flow_record *fr, const char **why)
{
	struct cur c = { s, s + n };
	const char *dummy;
	size_t i;
	bool ok;

	if (why == NULL)
		why = &dummy;
	*why = NULL;
	memset(fr, 0, sizeof(*fr));
	while (c.p < c.end && isspace((unsigned char)*c.p))
		c.p++;
	while (c.end > c.p && isspace((unsigned char)c.end[-1]))
		c.end--;
	if (eat(&c, "xx drop ("))
		ok = drop_line(&c, st, fr, why);
	else if (eat(&c, "Policy verdict log: "))
		ok = verdict_line(&c, st, fr, why);
	else {
		if (is_trace(&c))
			return MONITOR_OTHER;
		for (i = 0; i < sizeof(other_prefixes) /
		    sizeof(other_prefixes[0]); i++)
			if (at(&c, other_prefixes[i]))
				return MONITOR_OTHER;
		return MONITOR_NOT;
	}
	if (!ok) {
		memset(fr, 0, sizeof(*fr));
		return MONITOR_NOT;
	}
	fr->type = FLOW_TYPE_L3_L4;
	return MONITOR_EVENT;
}

bool
art_monitor_sniff(const unsigned char *head, size_t n)
{
	const char *p = (const char *)head, *end = p + n, *nl;
	struct cur c;
	unsigned lines = 0;

	while (p < end && lines < MONITOR_SNIFF_LINES) {
		nl = memchr(p, '\n', (size_t)(end - p));
		c.p = p;
		c.end = nl != NULL ? nl : end;
		p = nl != NULL ? nl + 1 : end;
		while (c.p < c.end && isspace((unsigned char)*c.p))
			c.p++;
		if (c.p == c.end)
			continue;
		lines++;
		if (at(&c, "xx drop (") || at(&c, "Policy verdict log: ") ||
		    at(&c, "Listening for events on "))
			return true;
		if (is_trace(&c))
			return true;
	}
	return false;
}

/* art_monitor_line as a flow_text_line_fn. */
static enum flow_text_line
monitor_text_line(const char *s, size_t n, struct strtab *st,
    struct flow_record *fr, const char **why)
{
	switch (art_monitor_line(s, n, st, fr, why)) {
	case MONITOR_EVENT:
		return FLOW_TEXT_RECORD;
	case MONITOR_OTHER:
		return FLOW_TEXT_OTHER;
	case MONITOR_NOT:
		break;
	}
	return FLOW_TEXT_NOT;
}

int
art_monitor_parse(struct ingest_member *m, struct arena *a,
    struct strtab *st, struct diag_list *diags, struct flow_result *out)
{
	return flow_text_parse(m, a, st, diags, FLOW_SOURCE_MONITOR,
	    "monitor event", monitor_text_line, false, out);
}
