/*
 * art_hubble_text.c: `hubble observe` compact lines into flow records (see
 * art_hubble_text.h).  A line is cut into its space-separated words; the
 * verdict word ends the fixed part and the summary follows it in
 * parentheses.  Nothing is allocated per line: strings are interned.
 */
#include <ctype.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "art_hubble_text.h"
#include "cmdtext.h"
#include "drop_reason.h"
#include "netaddr.h"
#include "xalloc.h"

#define HT_MAX_WORDS	16
#define HT_SNIFF_LINES	20

struct word {
	const char	*s;
	size_t		 n;
};

static bool
word_is(const struct word *w, const char *lit)
{
	return strlen(lit) == w->n && memcmp(w->s, lit, w->n) == 0;
}

static bool
word_has_prefix(const struct word *w, const char *lit)
{
	size_t n = strlen(lit);

	return w->n >= n && memcmp(w->s, lit, n) == 0;
}

/*
 * "Jun 10 12:50:15.556" (time.StampMilli), then an optional " [node]",
 * then ": ".  Returns the length up to and with ": ", or 0.
 */
static size_t
time_prefix(const char *s, size_t n, const char **node, size_t *node_len)
{
	static const char shape[] = "Aaa 99 99:99:99.999";
	size_t i, k;
	const char *close;

	*node = NULL;
	*node_len = 0;
	if (n < sizeof(shape) + 1)
		return 0;
	for (i = 0; i < sizeof(shape) - 1; i++) {
		unsigned char c = (unsigned char)s[i];

		switch (shape[i]) {
		case 'A':
			if (!isupper(c))
				return 0;
			break;
		case 'a':
			if (!islower(c))
				return 0;
			break;
		case '9':
			/* the day is space padded: "Jun  3" */
			if (!isdigit(c) && !(i == 4 && c == ' '))
				return 0;
			break;
		default:
			if (c != (unsigned char)shape[i])
				return 0;
			break;
		}
	}
	k = i;
	if (k + 2 < n && s[k] == ' ' && s[k + 1] == '[') {
		close = memchr(s + k + 2, ']', n - k - 2);
		if (close == NULL)
			return 0;
		*node = s + k + 2;
		*node_len = (size_t)(close - *node);
		k = (size_t)(close - s) + 1;
	}
	if (k + 2 > n || s[k] != ':' || s[k + 1] != ' ')
		return 0;
	return k + 2;
}

static const char *const verdicts[] = {
	"FORWARDED", "DROPPED", "ERROR", "AUDIT", "REDIRECTED", "TRACED",
	"TRANSLATED", "ALLOWED", "DENIED", "AUDITED",
};

static bool
is_verdict(const struct word *w)
{
	size_t i;

	for (i = 0; i < sizeof(verdicts) / sizeof(verdicts[0]); i++)
		if (word_is(w, verdicts[i]))
			return true;
	return false;
}

/* "(ID:123)" or a reserved name "(world)"; false for anything else. */
static bool
identity_word(const struct word *w, uint32_t *id)
{
	long r;

	if (w->n < 3 || w->s[0] != '(' || w->s[w->n - 1] != ')')
		return false;
	if (w->n > 5 && memcmp(w->s, "(ID:", 4) == 0)
		return cmdtext_u32(w->s + 4, w->n - 5, id);
	r = cmdtext_reserved_identity(w->s + 1, w->n - 2);
	if (r < 0)
		return false;
	*id = (uint32_t)r;
	return true;
}

/*
 * An end: "ns/pod:port", "ip:port", "[v6]:port", "name:port", with or
 * without the port.  A pod or service name goes to namespace/pod_name
 * (the model tells them apart), an address to *ip.
 */
static bool
end_word(const struct word *w, struct strtab *st, struct flow_endpoint *e,
    const char **ip, const char **names, uint32_t *port, unsigned *version)
{
	char host[1024];
	const char *colon = NULL, *slash;
	size_t hn = w->n, i;
	struct ip_prefix pf;
	uint32_t p = 0;

	if (w->n == 0 || w->n >= sizeof(host))
		return false;
	if (w->s[0] == '[') {
		const char *rb = memchr(w->s, ']', w->n);

		if (rb == NULL || rb + 1 >= w->s + w->n || rb[1] != ':')
			return false;
		memcpy(host, w->s + 1, (size_t)(rb - w->s - 1));
		host[rb - w->s - 1] = '\0';
		colon = rb + 1;
	} else {
		for (i = w->n; i > 0; i--)
			if (w->s[i - 1] == ':') {
				colon = w->s + i - 1;
				break;
			}
		/* several colons and no brackets: a bare IPv6 address */
		if (colon != NULL && memchr(w->s, ':', (size_t)(colon -
		    w->s)) != NULL)
			colon = NULL;
		hn = colon != NULL ? (size_t)(colon - w->s) : w->n;
		memcpy(host, w->s, hn);
		host[hn] = '\0';
	}
	if (colon != NULL && (!cmdtext_u32(colon + 1, (size_t)(w->s + w->n -
	    colon - 1), &p) || p > 65535))
		return false;
	*port = p;
	if (ip_prefix_parse(host, &pf) && strchr(host, '/') == NULL) {
		*ip = intern(st, host);
		*version = pf.af == AF_INET6 ? 6 : 4;
		return true;
	}
	slash = strchr(host, '/');
	if (slash != NULL) {
		if (slash == host || slash[1] == '\0' ||
		    strchr(slash + 1, '/') != NULL)
			return false;
		e->namespace = intern_n(st, host, (size_t)(slash - host));
		e->pod_name = intern(st, slash + 1);
		return true;
	}
	if (host[0] == '\0')
		return false;
	*names = intern(st, host);	/* DNS names, comma separated */
	return true;
}

/* The L4 protocol and TCP flags from the summary. */
static void
summary_l4(const char *s, size_t n, struct flow_record *fr)
{
	struct word w = { s, n };
	const char *p;
	size_t k, len;
	unsigned b;

	/* a newer printer puts "IP Trace ID: N; " first */
	if (word_has_prefix(&w, "IP Trace ID: ")) {
		p = memchr(s, ';', n);
		if (p == NULL)
			return;
		n -= (size_t)(p + 1 - s);
		s = p + 1;
		while (n > 0 && *s == ' ') {
			s++;
			n--;
		}
		w.s = s;
		w.n = n;
	}

	if (word_has_prefix(&w, "TCP Flags:")) {
		fr->l4 = FLOW_L4_TCP;
		p = s + 10;
		while (p < s + n && *p != ';') {
			while (p < s + n && (*p == ' ' || *p == ','))
				p++;
			len = 0;
			while (p + len < s + n && isalpha((unsigned char)
			    p[len]))
				len++;
			if (len == 0)
				break;
			for (k = 0; k < FLOW_TCP_NFLAGS; k++) {
				const char *name = flow_tcp_flag_name(1u << k);

				b = 1u << k;
				if (strlen(name) == len &&
				    memcmp(name, p, len) == 0)
					fr->tcp_flags |= b;
			}
			p += len;
		}
	} else if (word_has_prefix(&w, "UDP"))
		fr->l4 = FLOW_L4_UDP;
	else if (word_has_prefix(&w, "SCTP"))
		fr->l4 = FLOW_L4_SCTP;
	else if (word_has_prefix(&w, "ICMPv4"))
		fr->l4 = FLOW_L4_ICMPV4;
	else if (word_has_prefix(&w, "ICMPv6"))
		fr->l4 = FLOW_L4_ICMPV6;
}

static bool
set_verdict(const struct word *v, const struct word *type, size_t ntype,
    bool auth, struct flow_record *fr, const char **why)
{
	char reason[128];
	const struct drop_reason *dr;
	size_t i, len = 0;
	bool pv = ntype > 0 && word_has_prefix(&type[0], "policy-verdict:");
	bool l7 = ntype > 0 && (word_has_prefix(&type[0], "http-") ||
	    word_has_prefix(&type[0], "dns-") || word_has_prefix(&type[0],
	    "kafka-") || word_has_prefix(&type[0], "l7-"));
	uint32_t code;

	/* GetFlowType of an L7 record: "http-request", "dns-response proxy" */
	if (l7)
		fr->type = FLOW_TYPE_L7;

	if (pv) {
		fr->has_event_type = true;
		fr->event_type = FLOW_EVENT_POLICY_VERDICT;
		for (code = 0; code <= 6; code++)
			if (type[0].n == 15 + strlen(flow_policy_match_name(
			    code)) && memcmp(type[0].s + 15,
			    flow_policy_match_name(code), type[0].n - 15) == 0)
				break;
		fr->policy_match_type = code <= 6 ? code : 0;
		if (ntype > 1 && word_is(&type[1], "INGRESS"))
			fr->direction = FLOW_DIR_INGRESS;
		else if (ntype > 1 && word_is(&type[1], "EGRESS"))
			fr->direction = FLOW_DIR_EGRESS;
	}
	if (word_is(v, "FORWARDED") || word_is(v, "ALLOWED"))
		fr->verdict = FLOW_FORWARDED;
	else if (word_is(v, "REDIRECTED"))
		fr->verdict = FLOW_REDIRECTED;
	else if (word_is(v, "AUDIT") || word_is(v, "AUDITED"))
		fr->verdict = FLOW_AUDIT;
	else if (word_is(v, "TRACED"))
		fr->verdict = FLOW_TRACED;
	else if (word_is(v, "TRANSLATED"))
		fr->verdict = FLOW_TRANSLATED;
	else if (word_is(v, "DENIED") && pv) {
		code = fr->policy_match_type == 0 ? 133 : auth ? 189 : 181;
		fr->verdict = FLOW_DROPPED;
		fr->drop_reason = code;
	} else if ((word_is(v, "DROPPED") || word_is(v, "ERROR")) && l7) {
		/* refused by the proxy: no datapath drop reason */
		fr->verdict = word_is(v, "DROPPED") ? FLOW_DROPPED : FLOW_ERROR;
	} else if (word_is(v, "DROPPED") || word_is(v, "ERROR")) {
		fr->verdict = word_is(v, "DROPPED") ? FLOW_DROPPED : FLOW_ERROR;
		/* the type words are the drop reason's text */
		for (i = 0; i < ntype; i++) {
			if (len + type[i].n + 2 > sizeof(reason))
				break;
			if (i > 0)
				reason[len++] = ' ';
			memcpy(reason + len, type[i].s, type[i].n);
			len += type[i].n;
		}
		reason[len] = '\0';
		dr = drop_reason_by_text(reason);
		/* api.DropReason prints the number of a code it lacks */
		if (dr == NULL && len > 0 && strspn(reason, "0123456789") == len &&
		    cmdtext_u32(reason, len, &code))
			dr = drop_reason_by_code(code);
		if (dr == NULL) {
			*why = "unknown drop reason";
			return false;
		}
		fr->has_event_type = true;
		fr->event_type = FLOW_EVENT_DROP;
		fr->event_sub_type = (int32_t)dr->code;
		fr->drop_reason = dr->code;
	} else {
		*why = "unknown verdict";
		return false;
	}
	if (fr->drop_reason != 0) {
		fr->drop = drop_reason_by_code(fr->drop_reason);
		fr->drop_reason_name = fr->drop != NULL ? fr->drop->name :
		    NULL;
	}
	return true;
}

bool
art_hubble_text_line(const char *s, size_t n, struct strtab *st,
    struct flow_record *fr, const char **why)
{
	struct word w[HT_MAX_WORDS];
	const char *dummy, *node, *p, *end, *sum;
	size_t node_len, k, nw = 0, i, vi, ai;
	uint32_t sport = 0, dport = 0;
	unsigned v1 = 0, v2 = 0;
	bool auth, swap;

	if (why == NULL)
		why = &dummy;
	*why = NULL;
	memset(fr, 0, sizeof(*fr));
	while (n > 0 && isspace((unsigned char)s[n - 1]))
		n--;
	if ((k = time_prefix(s, n, &node, &node_len)) == 0)
		return false;
	fr->time = intern_n(st, s, k - 2 - (node != NULL ? node_len + 3 :
	    0));
	if (node != NULL)
		fr->node_name = intern_n(st, node, node_len);
	/* Words up to the verdict; the summary follows it in parentheses. */
	p = s + k;
	end = s + n;
	vi = HT_MAX_WORDS;
	while (p < end && nw < HT_MAX_WORDS) {
		while (p < end && *p == ' ')
			p++;
		w[nw].s = p;
		while (p < end && *p != ' ')
			p++;
		w[nw].n = (size_t)(p - w[nw].s);
		if (w[nw].n == 0)
			break;
		if (nw >= 3 && is_verdict(&w[nw])) {
			vi = nw++;
			break;
		}
		nw++;
	}
	/* no verdict word: a node status or other line, not a flow */
	if (vi == HT_MAX_WORDS)
		return false;
	*why = "not a flow line";
	if (p + 2 > end || p[0] != ' ' || p[1] != '(' || end[-1] != ')')
		return false;
	sum = p + 2;
	/* src [id] arrow dst [id] type... */
	i = 0;
	if (!end_word(&w[i++], st, &fr->src, &fr->src_ip, &fr->src_name_text,
	    &sport, &v1))
		return false;
	if (i < vi && identity_word(&w[i], &fr->src.identity))
		i++;
	ai = i++;
	if (ai >= vi || !(word_is(&w[ai], "->") || word_is(&w[ai], "<-") ||
	    word_is(&w[ai], "<>")))
		return false;
	if (i >= vi || !end_word(&w[i++], st, &fr->dst, &fr->dst_ip,
	    &fr->dst_name_text, &dport, &v2))
		return false;
	if (i < vi && identity_word(&w[i], &fr->dst.identity))
		i++;
	auth = (size_t)(end - 1 - sum) > 7 && cmdtext_find(sum,
	    (size_t)(end - 1 - sum), "; Auth: ") != NULL;
	*why = NULL;
	if (!set_verdict(&w[vi], &w[i], vi - i, auth, fr, why)) {
		memset(fr, 0, sizeof(*fr));
		return false;
	}
	fr->src_port = sport;
	fr->dst_port = dport;
	fr->ip_version = v1 != 0 ? v1 : v2;
	summary_l4(sum, (size_t)(end - 1 - sum), fr);
	fr->summary = intern_n(st, sum, (size_t)(end - 1 - sum));
	if (fr->type == FLOW_TYPE_UNKNOWN)
		fr->type = FLOW_TYPE_L3_L4;
	/* A reply was printed with its ends swapped: put them back. */
	swap = word_is(&w[ai], "<-");
	fr->is_reply = word_is(&w[ai], "<>") ? FLOW_BOOL_UNSET : swap ?
	    FLOW_BOOL_TRUE : FLOW_BOOL_FALSE;
	if (swap) {
		struct flow_endpoint t = fr->src;
		const char *tip = fr->src_ip;
		uint32_t tp = fr->src_port;

		fr->src = fr->dst;
		fr->dst = t;
		fr->src_ip = fr->dst_ip;
		fr->dst_ip = tip;
		tip = fr->src_name_text;
		fr->src_name_text = fr->dst_name_text;
		fr->dst_name_text = tip;
		fr->src_port = fr->dst_port;
		fr->dst_port = tp;
	}
	return true;
}

bool
art_hubble_text_sniff(const unsigned char *head, size_t n)
{
	const char *p = (const char *)head, *end = p + n, *nl;
	struct flow_record fr;
	struct strtab *st;
	struct arena *a;
	unsigned lines = 0;
	bool hit = false;

	a = arena_new();
	st = strtab_new(a);
	while (p < end && lines < HT_SNIFF_LINES && !hit) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (nl == NULL)
			break;	/* a cut last line says nothing */
		if (nl > p)
			lines++;
		hit = art_hubble_text_line(p, (size_t)(nl - p), st, &fr,
		    NULL);
		p = nl + 1;
	}
	strtab_free(st);
	arena_free(a);
	return hit;
}

/* art_hubble_text_line as a flow_text_line_fn. */
static enum flow_text_line
hubble_text_line(const char *s, size_t n, struct strtab *st,
    struct flow_record *fr, const char **why)
{
	return art_hubble_text_line(s, n, st, fr, why) ? FLOW_TEXT_RECORD :
	    FLOW_TEXT_NOT;
}

int
art_hubble_text_parse(struct ingest_member *m, struct arena *a,
    struct strtab *st, struct diag_list *diags, struct flow_result *out)
{
	return flow_text_parse(m, a, st, diags, FLOW_SOURCE_HUBBLE_TEXT,
	    "hubble flow", hubble_text_line, true, out);
}
