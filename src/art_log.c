/*
 * art_log.c: Cilium agent and operator logs as a stream of events.
 *
 * Sits next to the other art_* parsers, after classification: the caller
 * hands over a log member (`logs-<pod>-<container>-<ts>.log`) and a
 * callback, and gets one event per log line, or per multi-line Go panic.
 * The line grammars are those of sysdump-layout.md section 4.1 (Cilium
 * `pkg/logging/logging.go` for logrus, `pkg/logging/slog.go` for slog);
 * see art_log.h for the list.
 *
 * Each line is read with the member's line reader (at most LOG_MAX_LINE
 * bytes), its prefixes are peeled off (kubelet timestamp, CRI stream tag,
 * syslog/journald header, source tag), and what is left is tried against
 * each grammar in turn, most specific first.  Decoded strings go into one
 * scratch buffer that is reused for every line, so parsing a 2 GB log
 * takes the memory of its longest line.  A panic is the one event that
 * spans lines: its first line is copied aside and its continuation lines
 * are counted, the first few kept, until a line that is not part of a Go
 * crash dump ends it.
 */
#include <ctype.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "art_log.h"
#include "buf.h"
#include "diag.h"
#include "ingest.h"
#include "intern.h"

#define NOOFF	((size_t)-1)

static const char *const level_names[] = {
#define X(e, s) s,
	LOG_LEVELS(X)
#undef X
};

static const char *const format_names[] = {
#define X(e, s) s,
	LOG_FORMATS(X)
#undef X
};

/* A field while the line is parsed: offsets into the scratch buffer. */
struct lfield {
	size_t	koff, klen, voff, vlen;
};

/* A decoded string in the scratch buffer, or absent (off == NOOFF). */
struct span {
	size_t	off, len;
};

/* A candidate time: its text (in scratch) and, when it parsed, its value. */
struct ltime {
	struct span	text;
	bool		ok;
	int64_t		sec;
	uint32_t	nsec;
};

/* What the prefixes of a line said. */
struct prefix {
	const char	*raw;		/* after the kubelet prefix */
	size_t		 raw_len;
	const char	*inner;		/* after every prefix */
	size_t		 inner_len;
	bool		 kubelet;
	const char	*ktext;
	size_t		 ktext_len;
	bool		 kok;
	int64_t		 ksec;
	uint32_t	 knsec;
	bool		 journald;
	const char	*jtext;
	size_t		 jtext_len;
	bool		 tagged;
};

/* A panic being collected. */
struct panic {
	bool		 active;
	unsigned long	 line;
	unsigned long	 cont;
	bool		 kubelet, journald, tagged, truncated, frames_cut;
	bool		 fatal_error;	/* "fatal error:" rather than "panic:" */
	struct buf	 raw;
	size_t		 msg_off;
	char		 time_text[64];
	bool		 time_ok;
	int64_t		 sec;
	uint32_t	 nsec;
	struct buf	 frames;
	unsigned	 nframes;
	struct buf	 goroutine;
};

struct lp {
	const char	*path;
	struct strtab	*st;
	art_log_fn	 fn;
	void		*ctx;

	struct buf	 sc;		/* scratch, reset per line */
	struct lfield	 f[LOG_MAX_FIELDS];
	size_t		 nf;
	bool		 fields_cut;
	struct span	 level, msg;
	struct ltime	 own;		/* the line's own time field */
	bool		 own_quoted;
	struct ltime	 date;		/* a date of the grammar (Go log,
					   Envoy, klog) */
	enum log_level	 fixed_level;	/* a level the grammar spells in
					   its own way (klog's letter) */
	struct log_field out[LOG_MAX_FIELDS];

	struct panic	 pn;
	unsigned long	 ncut;
	unsigned long	 first_cut;
};

const char *
log_level_name(enum log_level l)
{
	if ((unsigned)l >= LOG_NLEVELS)
		return "unknown";
	return level_names[l];
}

const char *
log_format_name(enum log_format f)
{
	if ((unsigned)f >= LOG_NFORMATS)
		return "plain";
	return format_names[f];
}

enum log_level
log_level_parse(const char *s, size_t n)
{
	char w[16];
	size_t i, k = 0;

	/* The word, lowercased, up to a slog "+2"/"-4" offset. */
	for (i = 0; i < n && k < sizeof(w) - 1; i++) {
		unsigned char c = (unsigned char)s[i];

		if (!isalpha(c))
			break;
		w[k++] = (char)tolower(c);
	}
	if (i < n && isalpha((unsigned char)s[i]))
		return LOG_LEVEL_UNKNOWN;
	if (i < n && s[i] != '+' && s[i] != '-')
		return LOG_LEVEL_UNKNOWN;
	w[k] = '\0';
	if (k == 0)
		return LOG_LEVEL_UNKNOWN;
	if (strcmp(w, "debug") == 0 || strcmp(w, "trace") == 0 ||
	    strcmp(w, "dbg") == 0)
		return LOG_LEVEL_DEBUG;
	if (strcmp(w, "info") == 0 || strcmp(w, "notice") == 0 ||
	    strcmp(w, "information") == 0)
		return LOG_LEVEL_INFO;
	if (strncmp(w, "warn", 4) == 0)
		return LOG_LEVEL_WARNING;
	if (strncmp(w, "err", 3) == 0)
		return LOG_LEVEL_ERROR;
	if (strcmp(w, "fatal") == 0 || strncmp(w, "crit", 4) == 0 ||
	    strcmp(w, "emerg") == 0 || strcmp(w, "alert") == 0)
		return LOG_LEVEL_FATAL;
	if (strcmp(w, "panic") == 0 || strcmp(w, "dpanic") == 0)
		return LOG_LEVEL_PANIC;
	return LOG_LEVEL_UNKNOWN;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant). */
static int64_t
days_from_civil(int64_t y, unsigned m, unsigned d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static bool
num(const char *s, size_t n, size_t at, size_t cnt, unsigned *out)
{
	unsigned v = 0;
	size_t i;

	if (at + cnt > n)
		return false;
	for (i = at; i < at + cnt; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (unsigned)(s[i] - '0');
	}
	*out = v;
	return true;
}

enum {
	TIME_HAS_T	= 1 << 0,	/* 'T' between date and time */
	TIME_HAS_ZONE	= 1 << 1,	/* Z or an offset */
	TIME_SLASHES	= 1 << 2,	/* YYYY/MM/DD */
};

/* The parser behind log_time_parse; *flags says what the text had. */
static size_t
time_parse(const char *s, size_t n, int64_t *secp, uint32_t *nsecp,
    unsigned *flags)
{
	unsigned Y, M, D, h, mi, se, oh, om, nsec = 0;
	size_t i;
	int64_t sec;
	char sep;

	*flags = 0;
	if (n < 19 || !num(s, n, 0, 4, &Y))
		return 0;
	sep = s[4];
	if ((sep != '-' && sep != '/') || s[7] != sep)
		return 0;
	if (sep == '/')
		*flags |= TIME_SLASHES;
	if (!num(s, n, 5, 2, &M) || !num(s, n, 8, 2, &D))
		return 0;
	if (s[10] == 'T' || s[10] == 't')
		*flags |= TIME_HAS_T;
	else if (s[10] != ' ')
		return 0;
	if (!num(s, n, 11, 2, &h) || s[13] != ':' || !num(s, n, 14, 2, &mi) ||
	    s[16] != ':' || !num(s, n, 17, 2, &se))
		return 0;
	if (M < 1 || M > 12 || D < 1 || D > 31 || h > 24 || mi > 59 ||
	    se > 60)
		return 0;
	i = 19;
	if (i < n && (s[i] == '.' || s[i] == ',')) {
		unsigned digits = 0;

		i++;
		if (i >= n || s[i] < '0' || s[i] > '9')
			return 0;
		while (i < n && s[i] >= '0' && s[i] <= '9') {
			if (digits < 9) {
				nsec = nsec * 10 + (unsigned)(s[i] - '0');
				digits++;
			}
			i++;
		}
		while (digits++ < 9)
			nsec *= 10;
	}
	sec = days_from_civil(Y, M, D) * 86400 + (int64_t)h * 3600 +
	    (int64_t)mi * 60 + se;
	if (i < n && (s[i] == 'Z' || s[i] == 'z')) {
		*flags |= TIME_HAS_ZONE;
		i++;
	} else if (i < n && (s[i] == '+' || s[i] == '-') &&
	    num(s, n, i + 1, 2, &oh)) {
		int sign = s[i] == '-' ? -1 : 1;
		size_t j = i + 3;

		if (j < n && s[j] == ':')
			j++;
		if (num(s, n, j, 2, &om) && oh < 24 && om < 60) {
			*flags |= TIME_HAS_ZONE;
			sec -= sign * ((int64_t)oh * 3600 + (int64_t)om * 60);
			i = j + 2;
		}
	}
	*secp = sec;
	*nsecp = nsec;
	return i;
}

size_t
log_time_parse(const char *s, size_t n, int64_t *sec, uint32_t *nsec)
{
	unsigned flags;

	return time_parse(s, n, sec, nsec, &flags);
}

/*
 * Scratch buffer.  Offsets, not pointers, are kept while a line is parsed
 * because the buffer may move as it grows.
 */
static size_t
sc_put(struct lp *p, const char *s, size_t n)
{
	size_t off = p->sc.len;

	buf_add(&p->sc, s, n);
	buf_addch(&p->sc, '\0');
	return off;
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static bool
hexnum(const char *s, size_t n, size_t at, size_t cnt, uint32_t *out)
{
	uint32_t v = 0;
	size_t i;

	if (at + cnt > n)
		return false;
	for (i = at; i < at + cnt; i++) {
		int h = hexval((unsigned char)s[i]);

		if (h < 0)
			return false;
		v = (v << 4) | (uint32_t)h;
	}
	*out = v;
	return true;
}

static void
add_utf8(struct buf *b, uint32_t cp)
{
	char u[4];

	if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		cp = 0xFFFD;
	if (cp < 0x80) {
		buf_addch(b, (int)cp);
	} else if (cp < 0x800) {
		u[0] = (char)(0xC0 | (cp >> 6));
		u[1] = (char)(0x80 | (cp & 0x3F));
		buf_add(b, u, 2);
	} else if (cp < 0x10000) {
		u[0] = (char)(0xE0 | (cp >> 12));
		u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		u[2] = (char)(0x80 | (cp & 0x3F));
		buf_add(b, u, 3);
	} else {
		u[0] = (char)(0xF0 | (cp >> 18));
		u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		u[3] = (char)(0x80 | (cp & 0x3F));
		buf_add(b, u, 4);
	}
}

/*
 * Decode the Go %q string whose opening quote is at s[i] into b (without
 * a terminator).  Returns the index after the closing quote, or n when the
 * string is not closed (a cut line): what was there is kept.
 */
static size_t
unquote(struct buf *b, const char *s, size_t n, size_t i)
{
	i++;
	while (i < n) {
		size_t run = i;
		uint32_t v;
		char e;

		while (run < n && s[run] != '"' && s[run] != '\\')
			run++;
		buf_add(b, s + i, run - i);
		i = run;
		if (i >= n)
			break;
		if (s[i] == '"')
			return i + 1;
		if (i + 1 >= n) {
			buf_addch(b, '\\');
			return n;
		}
		e = s[i + 1];
		switch (e) {
		case 'a': buf_addch(b, '\a'); i += 2; break;
		case 'b': buf_addch(b, '\b'); i += 2; break;
		case 'f': buf_addch(b, '\f'); i += 2; break;
		case 'n': buf_addch(b, '\n'); i += 2; break;
		case 'r': buf_addch(b, '\r'); i += 2; break;
		case 't': buf_addch(b, '\t'); i += 2; break;
		case 'v': buf_addch(b, '\v'); i += 2; break;
		case 'x':
			if (hexnum(s, n, i + 2, 2, &v)) {
				buf_addch(b, (int)v);
				i += 4;
			} else {
				buf_addch(b, '\\');
				i++;
			}
			break;
		case 'u':
			if (hexnum(s, n, i + 2, 4, &v)) {
				add_utf8(b, v);
				i += 6;
			} else {
				buf_addch(b, '\\');
				i++;
			}
			break;
		case 'U':
			if (hexnum(s, n, i + 2, 8, &v)) {
				add_utf8(b, v);
				i += 10;
			} else {
				buf_addch(b, '\\');
				i++;
			}
			break;
		case '0': case '1': case '2': case '3':
			if (i + 3 < n && s[i + 2] >= '0' && s[i + 2] <= '7' &&
			    s[i + 3] >= '0' && s[i + 3] <= '7') {
				buf_addch(b, ((e - '0') << 6) |
				    ((s[i + 2] - '0') << 3) | (s[i + 3] - '0'));
				i += 4;
			} else {
				buf_addch(b, '\\');
				i++;
			}
			break;
		default:
			/* \" \\ \' and anything unknown: the character. */
			buf_addch(b, e);
			i += 2;
			break;
		}
	}
	return n;
}

/* The index after the quoted string opening at s[i] (n if unclosed). */
static size_t
skip_quoted(const char *s, size_t n, size_t i)
{
	for (i++; i < n; i++) {
		if (s[i] == '\\')
			i++;
		else if (s[i] == '"')
			return i + 1;
	}
	return n;
}

static bool
is_keychar(int c)
{
	return isalnum(c) || c == '_' || c == '.' || c == '-' || c == '/' ||
	    c == '@' || c == ':' || c == '[' || c == ']';
}

static bool
is_space(int c)
{
	return c == ' ' || c == '\t';
}

static void
add_field(struct lp *p, const char *k, size_t kl, struct span v)
{
	struct lfield *f;

	if (p->nf >= LOG_MAX_FIELDS) {
		p->fields_cut = true;
		return;
	}
	f = &p->f[p->nf++];
	f->koff = sc_put(p, k, kl);
	f->klen = kl;
	f->voff = v.off;
	f->vlen = v.len;
}

static void
add_field_str(struct lp *p, const char *k, const char *v, size_t vl)
{
	struct span s;

	s.off = sc_put(p, v, vl);
	s.len = vl;
	add_field(p, k, strlen(k), s);
}

static bool
key_is(const char *k, size_t kl, const char *want)
{
	return kl == strlen(want) && memcmp(k, want, kl) == 0;
}

/*
 * Parse `key=value` pairs (values bare or Go-quoted) from s.  With
 * `special`, the first time, level and msg go to their own slots.  Tokens
 * that are not pairs are skipped.
 */
static void
parse_pairs(struct lp *p, const char *s, size_t n, bool special)
{
	size_t i = 0;

	while (i < n) {
		size_t ks, ke;
		struct span v;
		bool quoted;

		while (i < n && is_space((unsigned char)s[i]))
			i++;
		if (i >= n)
			break;
		ks = i;
		while (i < n && s[i] != '=' && !is_space((unsigned char)s[i]) &&
		    s[i] != '"' && s[i] != '\0')
			i++;
		ke = i;
		if (i >= n || s[i] != '=' || ke == ks) {
			/* Not a pair: skip the token (a quoted one whole). */
			if (i < n && s[i] == '"')
				i = skip_quoted(s, n, i);
			while (i < n && !is_space((unsigned char)s[i]))
				i++;
			continue;
		}
		i++;
		v.off = p->sc.len;
		quoted = i < n && s[i] == '"';
		if (quoted) {
			i = unquote(&p->sc, s, n, i);
			v.len = p->sc.len - v.off;
			buf_addch(&p->sc, '\0');
		} else {
			size_t vs = i;

			while (i < n && !is_space((unsigned char)s[i]))
				i++;
			buf_add(&p->sc, s + vs, i - vs);
			v.len = i - vs;
			buf_addch(&p->sc, '\0');
		}
		if (special && p->own.text.off == NOOFF &&
		    key_is(s + ks, ke - ks, "time")) {
			p->own.text = v;
			p->own_quoted = quoted;
			continue;
		}
		if (special && p->level.off == NOOFF &&
		    key_is(s + ks, ke - ks, "level")) {
			p->level = v;
			continue;
		}
		if (special && p->msg.off == NOOFF &&
		    key_is(s + ks, ke - ks, "msg")) {
			p->msg = v;
			continue;
		}
		add_field(p, s + ks, ke - ks, v);
	}
}

/*
 * Where a message followed by `k=v` pairs ends (Go default logger, klog):
 * after the last token that is not a pair.
 */
static size_t
message_end(const char *s, size_t n)
{
	size_t i = 0, end = 0;

	while (i < n) {
		size_t k;

		while (i < n && is_space((unsigned char)s[i]))
			i++;
		if (i >= n)
			break;
		k = i;
		while (k < n && is_keychar((unsigned char)s[k]) && s[k] != '[')
			k++;
		if (k > i && k < n && s[k] == '=') {
			i = k + 1;
			if (i < n && s[i] == '"')
				i = skip_quoted(s, n, i);
			while (i < n && !is_space((unsigned char)s[i]))
				i++;
			continue;
		}
		if (s[i] == '"')
			i = skip_quoted(s, n, i);
		while (i < n && !is_space((unsigned char)s[i]))
			i++;
		end = i;
	}
	return end;
}

static void
set_msg(struct lp *p, const char *s, size_t n)
{
	while (n > 0 && is_space((unsigned char)s[n - 1]))
		n--;
	p->msg.off = sc_put(p, s, n);
	p->msg.len = n;
}

static void
lp_reset(struct lp *p)
{
	buf_reset(&p->sc);
	p->nf = 0;
	p->fields_cut = false;
	p->level.off = p->msg.off = NOOFF;
	p->level.len = p->msg.len = 0;
	memset(&p->own, 0, sizeof(p->own));
	memset(&p->date, 0, sizeof(p->date));
	p->own.text.off = p->date.text.off = NOOFF;
	p->own_quoted = false;
	p->fixed_level = LOG_LEVEL_UNKNOWN;
}

/* Match the words of s against a literal prefix. */
static bool
starts(const char *s, size_t n, const char *lit)
{
	size_t l = strlen(lit);

	return n >= l && memcmp(s, lit, l) == 0;
}

static const char *const months[] = {
	"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
	"Nov", "Dec",
};

/*
 * A syslog/journald header: "Mar 01 10:00:00 host ident[pid]: ".  Returns
 * its length (the message follows), 0 when s does not start with one.
 */
static size_t
journald_prefix(const char *s, size_t n, size_t *tlen)
{
	size_t i, t, host;
	unsigned v;
	bool month = false;

	if (n < 16)
		return 0;
	for (i = 0; i < 12; i++)
		if (memcmp(s, months[i], 3) == 0)
			month = true;
	if (!month || s[3] != ' ')
		return 0;
	if (!((s[4] == ' ' || (s[4] >= '0' && s[4] <= '3')) &&
	    s[5] >= '0' && s[5] <= '9' && s[6] == ' '))
		return 0;
	if (!num(s, n, 7, 2, &v) || s[9] != ':' || !num(s, n, 10, 2, &v) ||
	    s[12] != ':' || !num(s, n, 13, 2, &v))
		return 0;
	t = 15;
	if (t < n && s[t] == '.') {
		t++;
		while (t < n && s[t] >= '0' && s[t] <= '9')
			t++;
	}
	*tlen = t;
	if (t >= n || s[t] != ' ')
		return 0;
	i = t + 1;
	host = i;
	while (i < n && !is_space((unsigned char)s[i]))
		i++;
	if (i == host || i >= n)
		return 0;
	i++;
	/* The tag: up to a ':' that ends a word, no spaces. */
	t = i;
	while (i < n && !is_space((unsigned char)s[i]))
		i++;
	if (i == t || s[i - 1] != ':')
		return 0;
	if (i < n)
		i++;
	return i;
}

/* Peel the prefixes off a line. */
static void
strip_prefixes(const char *line, size_t len, struct prefix *pr)
{
	const char *s = line;
	size_t n = len, used, sp, tl;
	unsigned flags;

	memset(pr, 0, sizeof(*pr));
	used = time_parse(s, n, &pr->ksec, &pr->knsec, &flags);
	if (used > 0 && (flags & TIME_HAS_T) && (flags & TIME_HAS_ZONE) &&
	    !(flags & TIME_SLASHES) && (used == n || s[used] == ' ')) {
		pr->kubelet = true;
		pr->kok = true;
		pr->ktext = s;
		pr->ktext_len = used;
		s += used;
		n -= used;
		if (n > 0) {
			s++;
			n--;
		}
		/* CRI log files: "stdout F " / "stderr P ". */
		if ((starts(s, n, "stdout ") || starts(s, n, "stderr ")) &&
		    n >= 9 && (s[7] == 'F' || s[7] == 'P') && s[8] == ' ') {
			s += 9;
			n -= 9;
		}
	}
	pr->raw = s;
	pr->raw_len = n;
	used = journald_prefix(s, n, &tl);
	if (used > 0) {
		pr->journald = true;
		pr->jtext = s;
		pr->jtext_len = tl;
		s += used;
		n -= used;
	}
	/* A source tag before a logrus/slog line: "cilium-agent time=...". */
	for (sp = 0; sp < n && sp < 128; sp++)
		if (!isgraph((unsigned char)s[sp]) || s[sp] == '=' ||
		    s[sp] == '"')
			break;
	if (sp > 0 && sp < n && s[sp] == ' ' &&
	    (starts(s + sp + 1, n - sp - 1, "time=") ||
	    starts(s + sp + 1, n - sp - 1, "level="))) {
		pr->tagged = true;
		s += sp + 1;
		n -= sp + 1;
	}
	pr->inner = s;
	pr->inner_len = n;
}

static const char *
sc_str(const struct lp *p, struct span sp)
{
	return sp.off == NOOFF ? "" : p->sc.ptr + sp.off;
}

static const char *
intern_value(struct lp *p, const char *v, size_t n)
{
	if (p->st == NULL || n > LOG_MAX_INTERN)
		return v;
	return intern_n(p->st, v, n);
}

/* Choose the event's time: own field, kubelet, the grammar's date. */
static void
pick_time(struct lp *p, const struct prefix *pr, struct log_event *ev)
{
	struct ltime kt;

	memset(&kt, 0, sizeof(kt));
	kt.text.off = NOOFF;
	if (pr->kubelet) {
		kt.text.off = sc_put(p, pr->ktext, pr->ktext_len);
		kt.text.len = pr->ktext_len;
		kt.ok = pr->kok;
		kt.sec = pr->ksec;
		kt.nsec = pr->knsec;
	}
	if (p->own.text.off != NOOFF && !p->own.ok)
		p->own.ok = log_time_parse(sc_str(p, p->own.text),
		    p->own.text.len, &p->own.sec, &p->own.nsec) ==
		    p->own.text.len;
	if (p->date.text.off == NOOFF && pr->journald) {
		p->date.text.off = sc_put(p, pr->jtext, pr->jtext_len);
		p->date.text.len = pr->jtext_len;
	}
	/* sc_put may have moved the buffer: resolve texts only now. */
	if (p->own.ok) {
		ev->time_text = sc_str(p, p->own.text);
		ev->time_sec = p->own.sec;
		ev->time_nsec = p->own.nsec;
	} else if (kt.ok) {
		ev->time_text = sc_str(p, kt.text);
		ev->time_sec = kt.sec;
		ev->time_nsec = kt.nsec;
	} else if (p->date.ok) {
		ev->time_text = sc_str(p, p->date.text);
		ev->time_sec = p->date.sec;
		ev->time_nsec = p->date.nsec;
	} else if (p->own.text.off != NOOFF) {
		ev->time_text = sc_str(p, p->own.text);
	} else {
		ev->time_text = sc_str(p, p->date.text);
	}
}

/* Build the event from the parser state and hand it over. */
static int
emit(struct lp *p, const struct prefix *pr, enum log_format fmt,
    unsigned long lineno, bool truncated)
{
	struct log_event ev;
	size_t i;

	memset(&ev, 0, sizeof(ev));
	pick_time(p, pr, &ev);
	ev.path = p->path;
	ev.line = lineno;
	ev.nlines = 1;
	ev.format = fmt;
	ev.kubelet = pr->kubelet;
	ev.journald = pr->journald;
	ev.tagged = pr->tagged;
	ev.truncated = truncated;
	ev.fields_cut = p->fields_cut;
	ev.raw = pr->raw;
	ev.raw_len = pr->raw_len;
	ev.level_text = sc_str(p, p->level);
	ev.level = p->fixed_level != LOG_LEVEL_UNKNOWN ? p->fixed_level :
	    log_level_parse(ev.level_text, p->level.len);
	if (p->msg.off != NOOFF) {
		ev.msg = sc_str(p, p->msg);
		ev.msg_len = p->msg.len;
	} else if (fmt == LOG_FMT_PLAIN) {
		ev.msg = pr->inner;
		ev.msg_len = pr->inner_len;
	} else {
		ev.msg = "";
	}
	for (i = 0; i < p->nf; i++) {
		struct log_field *o = &p->out[i];

		o->key = p->sc.ptr + p->f[i].koff;
		o->key_len = p->f[i].klen;
		o->value = p->sc.ptr + p->f[i].voff;
		o->value_len = p->f[i].vlen;
		if (ev.subsys == NULL && key_is(o->key, o->key_len, "subsys"))
			ev.subsys = intern_value(p, o->value, o->value_len);
		if (ev.module == NULL && key_is(o->key, o->key_len, "module"))
			ev.module = intern_value(p, o->value, o->value_len);
	}
	ev.fields = p->out;
	ev.nfields = p->nf;
	ev.frames = "";
	return p->fn(p->ctx, &ev);
}

/* logrus text or slog text: the line starts with time= or level=. */
static enum log_format
parse_logfmt(struct lp *p, const char *s, size_t n)
{
	size_t i;

	parse_pairs(p, s, n, true);
	if (p->own.text.off != NOOFF)
		return p->own_quoted ? LOG_FMT_LOGRUS_TIME : LOG_FMT_SLOG;
	/*
	 * No time: logrus without timestamps, unless slog gives itself away
	 * (its "warn", a source= or module= attribute).
	 */
	if (p->level.off != NOOFF && p->level.len == 4 &&
	    memcmp(sc_str(p, p->level), "warn", 4) == 0)
		return LOG_FMT_SLOG;
	for (i = 0; i < p->nf; i++) {
		const char *k = p->sc.ptr + p->f[i].koff;

		if (key_is(k, p->f[i].klen, "module") ||
		    (i == 0 && key_is(k, p->f[i].klen, "source")))
			return LOG_FMT_SLOG;
	}
	return LOG_FMT_LOGRUS_NOTIME;
}

/* A JSON value as a field value: strings as they are, others as JSON. */
static struct span
json_span(struct lp *p, json_t *v)
{
	struct span sp;

	if (json_is_string(v)) {
		sp.len = json_string_length(v);
		sp.off = sc_put(p, json_string_value(v), sp.len);
	} else {
		char *t = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);

		sp.len = t != NULL ? strlen(t) : 0;
		sp.off = sc_put(p, t != NULL ? t : "", sp.len);
		free(t);
	}
	return sp;
}

/* A JSON line; false when it is not a JSON object. */
static bool
parse_json_line(struct lp *p, const char *s, size_t n)
{
	json_error_t e;
	json_t *o, *v;
	const char *k;

	o = json_loadb(s, n, 0, &e);
	if (o == NULL)
		return false;
	if (!json_is_object(o)) {
		json_decref(o);
		return false;
	}
	json_object_foreach(o, k, v) {
		size_t kl = strlen(k);

		if (p->level.off == NOOFF && json_is_string(v) &&
		    (strcmp(k, "level") == 0 || strcmp(k, "lvl") == 0 ||
		    strcmp(k, "severity") == 0)) {
			p->level = json_span(p, v);
		} else if (p->msg.off == NOOFF && json_is_string(v) &&
		    (strcmp(k, "msg") == 0 || strcmp(k, "message") == 0)) {
			p->msg = json_span(p, v);
		} else if (p->own.text.off == NOOFF &&
		    (strcmp(k, "time") == 0 || strcmp(k, "ts") == 0 ||
		    strcmp(k, "timestamp") == 0) &&
		    (json_is_string(v) || json_is_number(v))) {
			p->own.text = json_span(p, v);
			if (json_is_number(v)) {
				/* Epoch seconds (zap), or milliseconds. */
				double d = json_number_value(v);

				if (d > 1e11)
					d /= 1000;
				if (d >= 0 && d < 1e11) {
					p->own.ok = true;
					p->own.sec = (int64_t)d;
					p->own.nsec = (uint32_t)((d -
					    (double)p->own.sec) * 1e9);
				}
			}
		} else {
			add_field(p, k, kl, json_span(p, v));
		}
	}
	json_decref(o);
	return true;
}

/* "2026/01/15 07:03:54 ERROR Start hook failed function=..." */
static bool
parse_golog(struct lp *p, const char *s, size_t n)
{
	size_t used, i, w, end;
	unsigned flags;
	enum log_level l;

	used = time_parse(s, n, &p->date.sec, &p->date.nsec, &flags);
	if (used == 0 || !(flags & TIME_SLASHES) || (flags & TIME_HAS_T) ||
	    used >= n || s[used] != ' ')
		return false;
	p->date.ok = true;
	p->date.text.off = sc_put(p, s, used);
	p->date.text.len = used;
	i = used + 1;
	w = i;
	while (w < n && !is_space((unsigned char)s[w]))
		w++;
	l = log_level_parse(s + i, w - i);
	if (l != LOG_LEVEL_UNKNOWN && w > i &&
	    isupper((unsigned char)s[i])) {
		p->level.off = sc_put(p, s + i, w - i);
		p->level.len = w - i;
		i = w < n ? w + 1 : w;
	}
	end = message_end(s + i, n - i);
	set_msg(p, s + i, end);
	parse_pairs(p, s + i + end, n - i - end, false);
	return true;
}

/* "I0115 07:03:54.123456       1 file.go:12] msg" */
static bool
parse_klog(struct lp *p, const char *s, size_t n)
{
	unsigned v;
	size_t i, t, src;

	if (n < 22 || s[0] == '\0' || strchr("IWEF", s[0]) == NULL)
		return false;
	if (!num(s, n, 1, 4, &v) || s[5] != ' ' || !num(s, n, 6, 2, &v) ||
	    s[8] != ':' || !num(s, n, 9, 2, &v) || s[11] != ':' ||
	    !num(s, n, 12, 2, &v))
		return false;
	i = 14;
	if (i < n && s[i] == '.') {
		i++;
		while (i < n && s[i] >= '0' && s[i] <= '9')
			i++;
	}
	t = i;
	while (i < n && s[i] == ' ')
		i++;
	if (i == t || i >= n || s[i] < '0' || s[i] > '9')
		return false;
	while (i < n && s[i] >= '0' && s[i] <= '9')
		i++;
	if (i >= n || s[i] != ' ')
		return false;
	src = ++i;
	while (i < n && s[i] != ']' && !is_space((unsigned char)s[i]))
		i++;
	if (i >= n || s[i] != ']' || i == src)
		return false;
	switch (s[0]) {
	case 'I': p->fixed_level = LOG_LEVEL_INFO; break;
	case 'W': p->fixed_level = LOG_LEVEL_WARNING; break;
	case 'E': p->fixed_level = LOG_LEVEL_ERROR; break;
	default: p->fixed_level = LOG_LEVEL_FATAL; break;
	}
	p->level.off = sc_put(p, s, 1);
	p->level.len = 1;
	p->date.text.off = sc_put(p, s + 1, t - 1);
	p->date.text.len = t - 1;
	add_field_str(p, "source", s + src, i - src);
	i++;
	if (i < n && s[i] == ' ')
		i++;
	if (i < n && s[i] == '"') {
		/* Structured klog: a quoted message, then pairs. */
		size_t e;

		p->msg.off = p->sc.len;
		e = unquote(&p->sc, s, n, i);
		p->msg.len = p->sc.len - p->msg.off;
		buf_addch(&p->sc, '\0');
		parse_pairs(p, s + e, n - e, false);
	} else {
		set_msg(p, s + i, n - i);
	}
	return true;
}

/* "[2025-01-01 10:00:00.000][12][error][config] [file.cc:73] msg" */
static bool
parse_envoy(struct lp *p, const char *s, size_t n)
{
	size_t used, i, a, b, c, d;
	unsigned flags;
	int64_t sec;
	uint32_t nsec;

	if (n < 2 || s[0] != '[')
		return false;
	used = time_parse(s + 1, n - 1, &sec, &nsec, &flags);
	if (used == 0 || (flags & TIME_SLASHES) || 1 + used >= n ||
	    s[1 + used] != ']')
		return false;
	i = used + 2;
	/* [thread][level][logger] */
	if (i >= n || s[i] != '[')
		return false;
	a = ++i;
	while (i < n && s[i] >= '0' && s[i] <= '9')
		i++;
	if (i == a || i + 1 >= n || s[i] != ']' || s[i + 1] != '[')
		return false;
	b = i + 2;
	i = b;
	while (i < n && isalpha((unsigned char)s[i]))
		i++;
	if (i == b || i + 1 >= n || s[i] != ']' || s[i + 1] != '[')
		return false;
	c = i + 2;
	i = c;
	while (i < n && s[i] != ']' && !is_space((unsigned char)s[i]))
		i++;
	if (i >= n || s[i] != ']')
		return false;
	d = i;
	p->date.ok = true;
	p->date.sec = sec;
	p->date.nsec = nsec;
	p->date.text.off = sc_put(p, s + 1, used);
	p->date.text.len = used;
	p->level.off = sc_put(p, s + b, (c - 2) - b);
	p->level.len = (c - 2) - b;
	add_field_str(p, "thread", s + a, (b - 2) - a);
	add_field_str(p, "logger", s + c, d - c);
	i = d + 1;
	if (i < n && s[i] == ' ')
		i++;
	if (i < n && s[i] == '[') {
		size_t e = i + 1;

		while (e < n && s[e] != ']' && !is_space((unsigned char)s[e]))
			e++;
		if (e < n && s[e] == ']' && memchr(s + i, ':', e - i)) {
			add_field_str(p, "source", s + i + 1, e - i - 1);
			i = e + 1;
			if (i < n && s[i] == ' ')
				i++;
		}
	}
	set_msg(p, s + i, n - i);
	return true;
}

/*
 * Is this line (prefixes removed) part of a Go crash dump that follows a
 * "panic:" or "fatal error:" line?
 */
static bool
is_panic_cont(const char *s, size_t n)
{
	size_t i;

	if (n == 0 || is_space((unsigned char)s[0]))
		return true;
	if (starts(s, n, "goroutine ") || starts(s, n, "[signal ") ||
	    starts(s, n, "created by ") || starts(s, n, "runtime stack:") ||
	    starts(s, n, "exit status ") || starts(s, n, "panic: ") ||
	    starts(s, n, "fatal error: ") || starts(s, n, "PC=") ||
	    starts(s, n, "...") || starts(s, n, "SIG") ||
	    starts(s, n, "[recovered]") || starts(s, n, "runtime: "))
		return true;
	/* A frame: "pkg/path.(*T).Func(0x1, {0x2, 0x3})". */
	for (i = 0; i < n && !is_space((unsigned char)s[i]); i++)
		if (s[i] == '(')
			break;
	if (i < n && s[i] == '(' && i > 0 && s[n - 1] == ')')
		return true;
	/* A register dump: "rax    0x0". */
	for (i = 0; i < n && i < 8 && isalnum((unsigned char)s[i]); i++)
		;
	if (i >= 2 && i < n && is_space((unsigned char)s[i])) {
		while (i < n && is_space((unsigned char)s[i]))
			i++;
		if (starts(s + i, n - i, "0x"))
			return true;
	}
	return false;
}

static void
panic_start(struct lp *p, const struct prefix *pr, unsigned long lineno,
    bool truncated)
{
	struct panic *pn = &p->pn;
	size_t tl;

	pn->active = true;
	pn->line = lineno;
	pn->cont = 0;
	pn->kubelet = pr->kubelet;
	pn->journald = pr->journald;
	pn->tagged = pr->tagged;
	pn->truncated = truncated;
	pn->frames_cut = false;
	pn->nframes = 0;
	pn->fatal_error = starts(pr->inner, pr->inner_len, "fatal error: ");
	buf_reset(&pn->raw);
	buf_reset(&pn->frames);
	buf_reset(&pn->goroutine);
	buf_add(&pn->raw, pr->raw, pr->raw_len);
	pn->msg_off = (size_t)(pr->inner - pr->raw) +
	    (pn->fatal_error ? strlen("fatal error: ") : strlen("panic: "));
	pn->time_ok = false;
	pn->sec = 0;
	pn->nsec = 0;
	pn->time_text[0] = '\0';
	if (pr->kubelet || pr->journald) {
		const char *t = pr->kubelet ? pr->ktext : pr->jtext;

		tl = pr->kubelet ? pr->ktext_len : pr->jtext_len;
		if (tl >= sizeof(pn->time_text))
			tl = sizeof(pn->time_text) - 1;
		memcpy(pn->time_text, t, tl);
		pn->time_text[tl] = '\0';
		if (pr->kubelet) {
			pn->time_ok = pr->kok;
			pn->sec = pr->ksec;
			pn->nsec = pr->knsec;
		}
	}
}

static void
panic_add(struct lp *p, const struct prefix *pr, bool truncated)
{
	struct panic *pn = &p->pn;
	const char *s = pr->inner;
	size_t n = pr->inner_len;

	pn->cont++;
	if (truncated)
		pn->truncated = true;
	if (pn->goroutine.len == 0 && starts(s, n, "goroutine ")) {
		size_t e = n;

		if (e > 0 && s[e - 1] == ':')
			e--;
		buf_add(&pn->goroutine, s + 10, e > 10 ? e - 10 : 0);
	}
	if (n == 0)
		return;
	if (pn->nframes >= LOG_PANIC_MAX_FRAMES ||
	    pn->frames.len + n + 1 > LOG_PANIC_MAX_FRAME_BYTES) {
		pn->frames_cut = true;
		return;
	}
	if (pn->frames.len > 0)
		buf_addch(&pn->frames, '\n');
	buf_add(&pn->frames, s, n);
	pn->nframes++;
}

static int
panic_flush(struct lp *p)
{
	struct panic *pn = &p->pn;
	struct log_event ev;
	size_t nf = 0;

	if (!pn->active)
		return 0;
	pn->active = false;
	memset(&ev, 0, sizeof(ev));
	ev.path = p->path;
	ev.line = pn->line;
	ev.nlines = 1 + pn->cont;
	ev.format = LOG_FMT_PANIC;
	ev.kubelet = pn->kubelet;
	ev.journald = pn->journald;
	ev.tagged = pn->tagged;
	ev.truncated = pn->truncated;
	ev.raw = pn->raw.ptr;
	ev.raw_len = pn->raw.len;
	ev.level = LOG_LEVEL_PANIC;
	ev.level_text = "";
	ev.time_text = pn->time_text;
	ev.time_sec = pn->sec;
	ev.time_nsec = pn->nsec;
	if (pn->msg_off <= pn->raw.len) {
		ev.msg = pn->raw.ptr + pn->msg_off;
		ev.msg_len = pn->raw.len - pn->msg_off;
	} else {
		ev.msg = "";
	}
	p->out[nf].key = "kind";
	p->out[nf].key_len = 4;
	p->out[nf].value = pn->fatal_error ? "fatal error" : "panic";
	p->out[nf].value_len = strlen(p->out[nf].value);
	nf++;
	if (pn->goroutine.len > 0) {
		p->out[nf].key = "goroutine";
		p->out[nf].key_len = 9;
		p->out[nf].value = pn->goroutine.ptr;
		p->out[nf].value_len = pn->goroutine.len;
		nf++;
	}
	ev.fields = p->out;
	ev.nfields = nf;
	ev.cont_lines = pn->cont;
	ev.frames = pn->frames.ptr;
	ev.frames_len = pn->frames.len;
	ev.frames_cut = pn->frames_cut;
	return p->fn(p->ctx, &ev);
}

/* One line: fold it into a panic, or parse it and emit its event. */
static int
lp_line(struct lp *p, const char *line, size_t len, unsigned long lineno,
    bool truncated)
{
	struct prefix pr;
	const char *s;
	size_t n;
	enum log_format fmt = LOG_FMT_PLAIN;
	int r;

	strip_prefixes(line, len, &pr);
	s = pr.inner;
	n = pr.inner_len;
	if (p->pn.active) {
		if (p->pn.cont < LOG_PANIC_MAX_LINES && is_panic_cont(s, n)) {
			panic_add(p, &pr, truncated);
			return 0;
		}
		if ((r = panic_flush(p)) != 0)
			return r;
	}
	while (n > 0 && is_space((unsigned char)s[n - 1]))
		n--;
	pr.inner_len = n;
	if (n == 0)
		return 0;
	if (starts(s, n, "panic: ") || starts(s, n, "fatal error: ")) {
		panic_start(p, &pr, lineno, truncated);
		return 0;
	}
	/* Most specific grammar first; each attempt starts afresh. */
	lp_reset(p);
	if (s[0] == '{' && parse_json_line(p, s, n)) {
		fmt = LOG_FMT_JSON;
		goto done;
	}
	lp_reset(p);
	if (starts(s, n, "time=") || starts(s, n, "level=")) {
		fmt = parse_logfmt(p, s, n);
		goto done;
	}
	lp_reset(p);
	if (parse_klog(p, s, n)) {
		fmt = LOG_FMT_KLOG;
		goto done;
	}
	lp_reset(p);
	if (parse_envoy(p, s, n)) {
		fmt = LOG_FMT_ENVOY;
		goto done;
	}
	lp_reset(p);
	if (parse_golog(p, s, n)) {
		fmt = LOG_FMT_GOLOG;
		goto done;
	}
	lp_reset(p);
done:
	return emit(p, &pr, fmt, lineno, truncated);
}

int
art_log_parse(struct ingest_member *m, struct strtab *st, art_log_fn fn,
    void *ctx, struct diag_list *diags)
{
	struct ingest_lines lr;
	struct lp p;
	char *line;
	size_t len;
	int r = 0;

	memset(&p, 0, sizeof(p));
	p.path = st != NULL ? intern(st, m->path) : m->path;
	p.st = st;
	p.fn = fn;
	p.ctx = ctx;
	buf_init(&p.sc);
	buf_init(&p.pn.raw);
	buf_init(&p.pn.frames);
	buf_init(&p.pn.goroutine);
	ingest_lines_init(&lr, m, LOG_MAX_LINE);
	while ((line = ingest_lines_next(&lr, &len)) != NULL) {
		if (lr.truncated && p.ncut++ == 0)
			p.first_cut = lr.lineno;
		if ((r = lp_line(&p, line, len, lr.lineno, lr.truncated)) != 0)
			goto out;
	}
	if ((r = panic_flush(&p)) != 0)
		goto out;
	if (lr.error) {
		diag_add(diags, DIAG_ERROR, m->path, lr.lineno,
		    "cannot read log: read error after line %lu", lr.lineno);
		r = -1;
	}
out:
	if (p.ncut > 0)
		diag_add(diags, DIAG_WARNING, m->path, p.first_cut,
		    "log line longer than %d bytes was cut (%lu such lines)",
		    LOG_MAX_LINE, p.ncut);
	ingest_lines_release(&lr);
	buf_release(&p.sc);
	buf_release(&p.pn.raw);
	buf_release(&p.pn.frames);
	buf_release(&p.pn.goroutine);
	return r;
}

const char *
log_event_field(const struct log_event *ev, const char *key, size_t *lenp)
{
	size_t i, kl = strlen(key);

	for (i = 0; i < ev->nfields; i++) {
		const struct log_field *f = &ev->fields[i];

		if (f->key_len == kl && memcmp(f->key, key, kl) == 0) {
			if (lenp != NULL)
				*lenp = f->value_len;
			return f->value;
		}
	}
	return NULL;
}
