/*
 * main.c: the ctriage command line.
 *
 * This is the only file that prints to the terminal, reads argv or exits.
 * It parses options into one struct opts, calls the core library, writes
 * the report to stdout or the -o file, and turns the outcome into one of
 * the documented exit codes.  Commands are a table, as in git.c.
 */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "diag.h"
#include "eval.h"
#include "get.h"
#include "ingest.h"
#include "inventory.h"
#include "model.h"
#include "report_analyze.h"
#include "report_html.h"
#include "report_inventory.h"
#include "report_junit.h"
#include "report_md.h"
#include "report_redact.h"
#include "report_sarif.h"
#include "report_view.h"
#include "rule.h"
#include "verdict.h"
#include "xalloc.h"

#include <jansson.h>

#ifndef CTRIAGE_VERSION
#define CTRIAGE_VERSION "0.0.0"
#endif

/* Exit codes: X(name, value, meaning).  Documented in ctriage(1). */
#define EXIT_CODES(X)						\
	X(EXIT_OK,	0, "the command ran")			\
	X(EXIT_FINDINGS, 1, "findings at or above --fail-on")	\
	X(EXIT_USAGE,	2, "usage error")			\
	X(EXIT_INPUT,	3, "the input cannot be read")		\
	X(EXIT_IO,	4, "internal or I/O error")

enum exit_code {
#define X(name, value, text) name = value,
	EXIT_CODES(X)
#undef X
};

/* Report formats: X(enum, name, writer); analyze offers them all. */
#define REPORT_FORMATS(X)				\
	X(FORMAT_TEXT,		"text",		report_analyze_text)	\
	X(FORMAT_JSON,		"json",		report_analyze_json)	\
	X(FORMAT_MARKDOWN,	"markdown",	report_md)		\
	X(FORMAT_HTML,		"html",		report_html)		\
	X(FORMAT_SARIF,		"sarif",	report_sarif)		\
	X(FORMAT_JUNIT,		"junit",	report_junit)

enum report_format {
#define X(e, name, fn) e,
	REPORT_FORMATS(X)
#undef X
};

static const struct {
	const char	*name;
	int		(*write)(const struct report *, FILE *);
} report_formats[] = {
#define X(e, name, fn) { name, fn },
	REPORT_FORMATS(X)
#undef X
};

struct opts {
	enum report_format	 format;
	const char		*output;	/* NULL: stdout */
	bool			 quiet;
	struct ingest_limits	 limits;
};

struct command {
	const char	*name;
	int		(*run)(int, char **);
	const char	*summary;
	const char	*usage;		/* its help; NULL: it takes no options */
};

static int cmd_inventory(int, char **);
static int cmd_get(int, char **);
static int cmd_analyze(int, char **);
static int cmd_rules(int, char **);
static int cmd_trace(int, char **);
static int cmd_help(int, char **);
static int cmd_version(int, char **);

static const char usage_main[] =
    "usage: ctriage [-h | --help] [-V | --version] COMMAND [ARGS]\n";

static const char usage_inventory[] =
    "usage: ctriage inventory [options] INPUT\n"
    "\n"
    "INPUT is a sysdump .zip, a .tar/.tar.gz/.tgz, an unpacked sysdump\n"
    "directory or a lone cilium-bugtool archive (recognized by content).\n"
    "\n"
    "  -f, --format FORMAT      text (default) or json\n"
    "  -o, --output FILE        write the report to FILE, not stdout\n"
    "  -q, --quiet              do not warn about skipped members\n"
    "      --max-member-size SIZE   largest member read (default 4G)\n"
    "      --max-total-size SIZE    most bytes read in all (default 32G)\n"
    "      --max-members N          most members read (default 200000)\n"
    "      --max-depth N            archives in archives (default 4)\n"
    "      --max-ratio N            compression ratio of a bomb (default 500)\n"
    "  -h, --help               show this help\n";

static const char usage_get[] =
    "usage: ctriage get [options] INPUT KIND\n"
    "\n"
    "KIND is one of nodes, namespaces, pods, services, endpoints,\n"
    "identities, policies, flows (Hubble), events (agent log warnings and\n"
    "errors), or kubectl's short names: no, ns, po, svc, ep, id, pol.\n"
    "\n"
    "  -n, --namespace NS       only objects of namespace NS\n"
    "  -A, --all-namespaces     every namespace (the default)\n"
    "  -l, --selector SELECTOR  label selector, kubectl syntax (app=web,tier!=db)\n"
    "  -o, --output FORMAT      table (default), wide, json or yaml\n"
    "  -q, --quiet              do not warn about skipped members\n"
    "      --max-member-size SIZE, --max-total-size SIZE, --max-members N,\n"
    "      --max-depth N, --max-ratio N   as for inventory\n"
    "  -h, --help               show this help\n";

static const char usage_analyze[] =
    "usage: ctriage analyze [options] INPUT\n"
    "\n"
    "Run every rule over the cluster model and print the ranked diagnosis:\n"
    "the most likely root causes first, with evidence, what they affect and\n"
    "the fix.\n"
    "\n"
    "  -f, --format FORMAT      text (default), json, markdown (md), html,\n"
    "                           sarif or junit\n"
    "  -o, --output FILE        write the report to FILE, not stdout\n"
    "      --rules PATH         also load the rule file(s) at PATH\n"
    "      --only LIST          run only these rules: IDs or categories,\n"
    "                           comma-separated, globs allowed; repeatable\n"
    "      --skip LIST          do not run these rules (same syntax)\n"
    "      --min-severity SEV   show findings at or above SEV (info, low,\n"
    "                           medium, high, critical); the others are counted\n"
    "      --fail-on SEV        exit 1 when a shown finding is at or above SEV\n"
    "                           (default: findings never fail the run)\n"
    "      --suppress FILE      YAML list of {rule, namespace, name, reason,\n"
    "                           expires: YYYY-MM-DD}; suppressed are counted\n"
    "      --baseline FILE      show only findings absent from this earlier\n"
    "                           JSON report (analyze --format json)\n"
    "      --redact             pseudonyms for namespaces, pods, nodes, the\n"
    "                           cluster and IP addresses, in every format\n"
    "      --redact-map FILE    write the pseudonym mapping to FILE (implies\n"
    "                           --redact)\n"
    "      --redact-seed SEED   key the pseudonyms from SEED, reproducibly\n"
    "                           (for tests: not secret; implies --redact)\n"
    "      --color WHEN         auto (default: on a terminal), always or never;\n"
    "                           a non-empty NO_COLOR turns colour off\n"
    "  -q, --quiet              no warnings about the input, no progress line\n"
    "      --max-member-size SIZE, --max-total-size SIZE, --max-members N,\n"
    "      --max-depth N, --max-ratio N   as for inventory\n"
    "  -h, --help               show this help\n"
    "\n"
    "exit status: 0 ran, 1 a finding at or above --fail-on, 2 usage,\n"
    "3 unreadable input, 4 internal or I/O error\n";

static const char usage_trace[] =
    "usage: ctriage trace [options] INPUT --from SRC --to DST --port PORT[/PROTO]\n"
    "\n"
    "Compute the policy verdict of one flow as Cilium would: egress at the\n"
    "source, ingress at the destination, from every CNP, CCNP and KNP that\n"
    "selects them.  For a deny, name the nearest rule, what stopped it and\n"
    "the change that would admit the flow.\n"
    "\n"
    "SRC and DST are ns/pod, a unique ns/pod-prefix, an entity (world, host,\n"
    "remote-node, kube-apiserver, health) or an IP address.  PROTO is tcp\n"
    "(default), udp or sctp.\n"
    "\n"
    "      --from SRC           the client\n"
    "      --to DST             the server\n"
    "      --port PORT[/PROTO]  the destination port, after Service translation\n"
    "  -f, --format FORMAT      text (default) or json\n"
    "  -q, --quiet              do not warn about skipped members\n"
    "      --max-member-size SIZE, --max-total-size SIZE, --max-members N,\n"
    "      --max-depth N, --max-ratio N   as for inventory\n"
    "  -h, --help               show this help\n"
    "\n"
    "exit status: 0 the trace ran (either verdict), 2 usage (unknown or\n"
    "ambiguous pod), 3 unreadable input\n";

static const char usage_rules[] =
    "usage: ctriage rules [list | show ID] [--rules PATH] [--format text|json]\n"
    "\n"
    "List the rule catalog with severities, or show one rule in full.\n";

static const struct command commands[] = {
	{ "analyze",	cmd_analyze,
	    "rank the likely root causes, with evidence and fixes",
	    usage_analyze },
	{ "inventory",	cmd_inventory,
	    "list what a sysdump or bugtool archive holds and lacks",
	    usage_inventory },
	{ "get",	cmd_get,
	    "list nodes, pods, endpoints, identities, policies ... kubectl-style",
	    usage_get },
	{ "trace",	cmd_trace,
	    "would policy allow SRC to reach DST on a port? and why",
	    usage_trace },
	{ "rules",	cmd_rules,	"list the rules, or show one", usage_rules },
	{ "help",	cmd_help,	"show help for a command", NULL },
	{ "version",	cmd_version,	"print the version", NULL },
};

static void
print_main_help(FILE *f)
{
	size_t i;

	fputs(usage_main, f);
	fputs("\nOffline triage of Cilium sysdumps.\n\ncommands:\n", f);
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(f, "  %-10s %s\n", commands[i].name,
		    commands[i].summary);
	fputs("\nRun 'ctriage help COMMAND' for a command's options.\n"
	    "exit status: 0 ran, 1 findings at or above analyze --fail-on, "
	    "2 usage,\n3 unreadable input, 4 internal or I/O error\n", f);
}

static void
warnx(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void
warnx(const char *fmt, ...)
{
	va_list ap;

	fputs("ctriage: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/*
 * Parse a size with an optional K, M, G or T suffix (powers of 1024) into
 * *out.  Returns false on anything else, overflow included.
 */
static bool
parse_size(const char *s, uint64_t *out)
{
	char *end;
	uintmax_t v;
	unsigned shift = 0;

	if (*s < '0' || *s > '9')
		return false;
	errno = 0;
	v = strtoumax(s, &end, 10);
	if (errno != 0)
		return false;
	switch (*end) {
	case '\0':
		break;
	case 'k': case 'K':
		shift = 10;
		break;
	case 'm': case 'M':
		shift = 20;
		break;
	case 'g': case 'G':
		shift = 30;
		break;
	case 't': case 'T':
		shift = 40;
		break;
	default:
		return false;
	}
	if (*end != '\0' && end[1] != '\0' &&
	    !((end[1] == 'i' || end[1] == 'B') && (end[2] == '\0' ||
	    (end[1] == 'i' && end[2] == 'B' && end[3] == '\0'))))
		return false;
	if (shift && v > (UINT64_MAX >> shift))
		return false;
	*out = (uint64_t)v << shift;
	return true;
}

static bool
parse_uint(const char *s, uint64_t max, uint64_t *out)
{
	char *end;
	uintmax_t v;

	if (*s < '0' || *s > '9')
		return false;
	errno = 0;
	v = strtoumax(s, &end, 10);
	if (errno != 0 || *end != '\0' || v > max)
		return false;
	*out = (uint64_t)v;
	return true;
}

enum long_only {
	OPT_MAX_MEMBER_SIZE = 256,
	OPT_MAX_TOTAL_SIZE,
	OPT_MAX_MEMBERS,
	OPT_MAX_DEPTH,
	OPT_MAX_RATIO,
	OPT_ONLY,
	OPT_SKIP,
	OPT_MIN_SEVERITY,
	OPT_FAIL_ON,
	OPT_SUPPRESS,
	OPT_BASELINE,
	OPT_REDACT,
	OPT_REDACT_MAP,
	OPT_REDACT_SEED,
	OPT_COLOR,
	OPT_FROM,
	OPT_TO,
	OPT_PORT,
	OPT_BAD_LIMIT,		/* next_option: a limit's value was refused */
};

#define LIMIT_OPTIONS							\
	{ "max-member-size",	required_argument, NULL, OPT_MAX_MEMBER_SIZE }, \
	{ "max-total-size",	required_argument, NULL, OPT_MAX_TOTAL_SIZE }, \
	{ "max-members",	required_argument, NULL, OPT_MAX_MEMBERS },	\
	{ "max-depth",		required_argument, NULL, OPT_MAX_DEPTH },	\
	{ "max-ratio",		required_argument, NULL, OPT_MAX_RATIO }

static const struct option inventory_options[] = {
	{ "format",		required_argument, NULL, 'f' },
	{ "output",		required_argument, NULL, 'o' },
	{ "quiet",		no_argument,	   NULL, 'q' },
	{ "help",		no_argument,	   NULL, 'h' },
	LIMIT_OPTIONS,
	{ NULL, 0, NULL, 0 },
};

static const struct option analyze_options[] = {
	{ "format",		required_argument, NULL, 'f' },
	{ "output",		required_argument, NULL, 'o' },
	{ "rules",		required_argument, NULL, 'r' },
	{ "only",		required_argument, NULL, OPT_ONLY },
	{ "skip",		required_argument, NULL, OPT_SKIP },
	{ "min-severity",	required_argument, NULL, OPT_MIN_SEVERITY },
	{ "fail-on",		required_argument, NULL, OPT_FAIL_ON },
	{ "suppress",		required_argument, NULL, OPT_SUPPRESS },
	{ "baseline",		required_argument, NULL, OPT_BASELINE },
	{ "redact",		no_argument,	   NULL, OPT_REDACT },
	{ "redact-map",		required_argument, NULL, OPT_REDACT_MAP },
	{ "redact-seed",	required_argument, NULL, OPT_REDACT_SEED },
	{ "color",		required_argument, NULL, OPT_COLOR },
	{ "quiet",		no_argument,	   NULL, 'q' },
	{ "help",		no_argument,	   NULL, 'h' },
	LIMIT_OPTIONS,
	{ NULL, 0, NULL, 0 },
};

static const struct option rules_options[] = {
	{ "format",		required_argument, NULL, 'f' },
	{ "rules",		required_argument, NULL, 'r' },
	{ "help",		no_argument,	   NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static const struct option trace_options[] = {
	{ "from",		required_argument, NULL, OPT_FROM },
	{ "to",			required_argument, NULL, OPT_TO },
	{ "port",		required_argument, NULL, OPT_PORT },
	{ "format",		required_argument, NULL, 'f' },
	{ "quiet",		no_argument,	   NULL, 'q' },
	{ "help",		no_argument,	   NULL, 'h' },
	LIMIT_OPTIONS,
	{ NULL, 0, NULL, 0 },
};

static const struct option get_options[] = {
	{ "namespace",		required_argument, NULL, 'n' },
	{ "all-namespaces",	no_argument,	   NULL, 'A' },
	{ "selector",		required_argument, NULL, 'l' },
	{ "output",		required_argument, NULL, 'o' },
	{ "quiet",		no_argument,	   NULL, 'q' },
	{ "help",		no_argument,	   NULL, 'h' },
	LIMIT_OPTIONS,
	{ NULL, 0, NULL, 0 },
};

/*
 * Handle one of the limit options shared by every input-reading command.
 * Returns -1 when c is no limit option, EXIT_OK when handled, or
 * EXIT_USAGE after saying what is wrong.
 */
static int
limit_option(int c, const char *arg, struct ingest_limits *lim)
{
	uint64_t v;

	switch (c) {
	case OPT_MAX_MEMBER_SIZE:
	case OPT_MAX_TOTAL_SIZE:
		if (!parse_size(arg, &v) || v == 0) {
			warnx("invalid size '%s' for --%s", arg,
			    c == OPT_MAX_MEMBER_SIZE ? "max-member-size" :
			    "max-total-size");
			return EXIT_USAGE;
		}
		if (c == OPT_MAX_MEMBER_SIZE)
			lim->max_member_bytes = v;
		else
			lim->max_total_bytes = v;
		return EXIT_OK;
	case OPT_MAX_MEMBERS:
		if (!parse_uint(arg, UINT64_MAX, &v) || v == 0) {
			warnx("invalid count '%s' for --max-members", arg);
			return EXIT_USAGE;
		}
		lim->max_members = v;
		return EXIT_OK;
	case OPT_MAX_DEPTH:
		if (!parse_uint(arg, 64, &v)) {
			warnx("invalid depth '%s' for --max-depth (0 to 64)",
			    arg);
			return EXIT_USAGE;
		}
		lim->max_depth = (unsigned)v;
		return EXIT_OK;
	case OPT_MAX_RATIO:
		if (!parse_uint(arg, 1000000, &v) || v == 0) {
			warnx("invalid ratio '%s' for --max-ratio", arg);
			return EXIT_USAGE;
		}
		lim->max_ratio = (unsigned)v;
		return EXIT_OK;
	default:
		return -1;
	}
}

/* Say what is wrong with the option getopt just refused. */
static int
bad_option(int c, char **argv, const char *usage)
{
	if (c == ':')
		warnx("option '%s' needs a value", argv[optind - 1]);
	else
		warnx("unknown option '%s'", argv[optind - 1]);
	fputs(usage, stderr);
	return EXIT_USAGE;
}

/*
 * The end of an input-reading command's option switch, for what it does
 * not handle itself: -h prints usage to stdout (EXIT_OK), a refused limit
 * (next_option said why) is EXIT_USAGE, anything else is bad_option's.
 */
static int
other_option(int c, char **argv, const char *usage)
{
	if (c == 'h') {
		fputs(usage, stdout);
		return EXIT_OK;
	}
	if (c == OPT_BAD_LIMIT)
		return EXIT_USAGE;
	return bad_option(c, argv, usage);
}

/*
 * Start parsing a command's options: the defaults in *o, getopt reset,
 * and getopt's own messages off (bad_option says what is wrong).
 */
static void
options_begin(struct opts *o)
{
	memset(o, 0, sizeof(*o));
	ingest_limits_default(&o->limits);
	optind = 1;
	opterr = 0;
}

/*
 * getopt_long for an input-reading command, with the limit options
 * handled here into o->limits.  Returns the next other option, -1 at the
 * end, or OPT_BAD_LIMIT when a limit's value was refused (and said so).
 */
static int
next_option(int argc, char **argv, const char *shortopts,
    const struct option *longopts, struct opts *o)
{
	int c, r;

	while ((c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
		if ((r = limit_option(c, optarg, &o->limits)) < 0)
			return c;
		if (r != EXIT_OK)
			return OPT_BAD_LIMIT;
	}
	return -1;
}

/* -f of the commands that write text or JSON only. */
static int
parse_text_json(const char *arg, enum report_format *out)
{
	if (strcmp(arg, "text") == 0)
		*out = FORMAT_TEXT;
	else if (strcmp(arg, "json") == 0)
		*out = FORMAT_JSON;
	else {
		warnx("unknown format '%s' (text or json)", arg);
		return EXIT_USAGE;
	}
	return EXIT_OK;
}

/*
 * Parse inventory's options.  Returns -1 to go on, or an exit code to stop
 * with (help printed, or a usage error).
 */
static int
parse_inventory_options(int argc, char **argv, struct opts *o)
{
	int c;

	options_begin(o);
	while ((c = next_option(argc, argv, ":f:o:qh", inventory_options,
	    o)) != -1) {
		switch (c) {
		case 'f':
			if (parse_text_json(optarg, &o->format) != EXIT_OK)
				return EXIT_USAGE;
			break;
		case 'o':
			o->output = optarg;
			break;
		case 'q':
			o->quiet = true;
			break;
		default:
			return other_option(c, argv, usage_inventory);
		}
	}
	return -1;
}

/* Open the report destination: stdout, or the -o file. */
static FILE *
output_open(const struct opts *o)
{
	FILE *f;

	if (o->output == NULL || strcmp(o->output, "-") == 0)
		return stdout;
	if ((f = fopen(o->output, "w")) == NULL)
		warnx("cannot write '%s': %s", o->output, strerror(errno));
	return f;
}

/* Flush and close the report; returns false on any write error. */
static bool
output_close(const struct opts *o, FILE *f)
{
	const char *name = f == stdout ? "standard output" : o->output;
	bool ok = true;

	if (fflush(f) != 0 || ferror(f))
		ok = false;
	if (f != stdout && fclose(f) != 0)
		ok = false;
	if (!ok)
		warnx("cannot write %s%s%s: %s", f == stdout ? "" : "'", name,
		    f == stdout ? "" : "'", strerror(errno ? errno : EIO));
	return ok;
}

/* One line per skipped member and content problem, unless quiet. */
static void
warn_input(const struct inventory *inv, const struct diag_list *problems,
    bool quiet)
{
	const struct diag_list *lists[2];
	size_t i, j;

	if (quiet)
		return;
	for (i = 0; i < inv->skipped.n; i++)
		warnx("skipped '%s': %s", inv->skipped.v[i].path,
		    inv->skipped.v[i].text);
	lists[0] = &inv->problems;
	lists[1] = problems;
	for (j = 0; j < 2; j++) {
		if (lists[j] == NULL)
			continue;
		for (i = 0; i < lists[j]->n; i++) {
			const struct diag *d = &lists[j]->v[i];

			if (d->line)
				warnx("'%s': line %lu: %s", d->path, d->line,
				    d->text);
			else
				warnx("'%s': %s", d->path, d->text);
		}
	}
}

/*
 * The progress line: on a terminal, when reading or evaluating takes more
 * than a second, "ctriage: reading INPUT ... Ns" on stderr, updated each
 * second by SIGALRM and erased when the step ends.  The handler only
 * write(2)s a line built beforehand, which is async-signal-safe.
 */
static char progress_line[512];
static size_t progress_len;
static volatile sig_atomic_t progress_secs;

/* A best-effort write: a progress line that fails to show is no error. */
static void
progress_write(const void *p, size_t n)
{
	ssize_t w = write(STDERR_FILENO, p, n);

	(void)w;
}

static void
progress_tick(int sig)
{
	char tail[32];
	int n = 0, secs, saved = errno;
	char digits[16];
	int nd = 0;

	(void)sig;
	secs = ++progress_secs;
	do {
		digits[nd++] = (char)('0' + secs % 10);
		secs /= 10;
	} while (secs > 0 && nd < (int)sizeof(digits));
	tail[n++] = ' ';
	while (nd > 0)
		tail[n++] = digits[--nd];
	tail[n++] = 's';
	progress_write("\r", 1);
	progress_write(progress_line, progress_len);
	progress_write(tail, (size_t)n);
	errno = saved;
}

static bool progress_enabled;

static void
progress_start(const char *what, const char *arg)
{
	struct sigaction sa;
	struct itimerval it;
	const char *slash;

	if (!progress_enabled)
		return;
	/* The last part of the path: the line must fit on one row. */
	if (arg != NULL && (slash = strrchr(arg, '/')) != NULL &&
	    slash[1] != '\0')
		arg = slash + 1;
	snprintf(progress_line, sizeof(progress_line), "ctriage: %s%s%s ...",
	    what, arg != NULL ? " " : "", arg != NULL ? arg : "");
	progress_len = strlen(progress_line);
	progress_secs = 0;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = progress_tick;
	sa.sa_flags = SA_RESTART;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGALRM, &sa, NULL);
	memset(&it, 0, sizeof(it));
	it.it_value.tv_sec = 1;
	it.it_interval.tv_sec = 1;
	setitimer(ITIMER_REAL, &it, NULL);
}

static void
progress_stop(void)
{
	struct itimerval it;

	if (!progress_enabled)
		return;
	memset(&it, 0, sizeof(it));
	setitimer(ITIMER_REAL, &it, NULL);
	signal(SIGALRM, SIG_DFL);
	if (progress_secs > 0)
		fputs("\r\033[K", stderr);
}

/*
 * Build the model of INPUT, under the progress line, and warn about the
 * input unless quiet.  Returns EXIT_OK, or EXIT_INPUT after saying why
 * (the model is then released already).
 */
static int
build_model(struct model *m, const char *input, const struct opts *o)
{
	char *err = NULL;
	int r;

	progress_start("reading", input);
	r = model_build(m, input, &o->limits, &err);
	progress_stop();
	if (r != 0) {
		warnx("%s", err);
		free(err);
		model_free(m);
		return EXIT_INPUT;
	}
	warn_input(&m->inv, &m->problems, o->quiet);
	return EXIT_OK;
}

/*
 * The end of a command that wrote to stdout: r is the writer's result.
 * Returns EXIT_OK, or EXIT_IO after saying the output failed.
 */
static int
stdout_done(int r)
{
	if (r != 0 || fflush(stdout) != 0 || ferror(stdout)) {
		warnx("cannot write standard output: %s",
		    strerror(errno ? errno : EIO));
		return EXIT_IO;
	}
	return EXIT_OK;
}

static int
cmd_inventory(int argc, char **argv)
{
	struct opts o;
	struct inventory inv;
	char *err = NULL;
	FILE *out;
	int rc, wrc;

	if ((rc = parse_inventory_options(argc, argv, &o)) >= 0)
		return rc;
	if (argc - optind != 1) {
		warnx(argc - optind == 0 ? "inventory needs an INPUT" :
		    "inventory takes one INPUT");
		fputs(usage_inventory, stderr);
		return EXIT_USAGE;
	}
	if (inventory_build(&inv, argv[optind], &o.limits, &err) != 0) {
		warnx("%s", err);
		free(err);
		inventory_release(&inv);
		return EXIT_INPUT;
	}
	warn_input(&inv, NULL, o.quiet);
	if ((out = output_open(&o)) == NULL) {
		inventory_release(&inv);
		return EXIT_IO;
	}
	wrc = o.format == FORMAT_JSON ? report_inventory_json(&inv, out) :
	    report_inventory_text(&inv, out);
	inventory_release(&inv);
	if (!output_close(&o, out) || wrc != 0)
		return EXIT_IO;
	return EXIT_OK;
}

static int
cmd_get(int argc, char **argv)
{
	struct opts o;
	struct get_query q;
	enum get_format fmt = GET_TABLE;
	struct model m;
	const char *kind, *gerr;
	json_t *items;
	int c, r;

	memset(&q, 0, sizeof(q));
	options_begin(&o);
	while ((c = next_option(argc, argv, ":n:Al:o:qh", get_options,
	    &o)) != -1) {
		switch (c) {
		case 'n':
			q.ns = optarg;
			break;
		case 'A':
			q.ns = NULL;
			break;
		case 'l':
			q.selector = optarg;
			break;
		case 'o':
			if (strcmp(optarg, "table") == 0)
				fmt = GET_TABLE;
			else if (strcmp(optarg, "wide") == 0)
				fmt = GET_WIDE;
			else if (strcmp(optarg, "json") == 0)
				fmt = GET_JSON;
			else if (strcmp(optarg, "yaml") == 0)
				fmt = GET_YAML;
			else {
				warnx("unknown output format '%s' (table, "
				    "wide, json or yaml)", optarg);
				return EXIT_USAGE;
			}
			break;
		case 'q':
			o.quiet = true;
			break;
		default:
			return other_option(c, argv, usage_get);
		}
	}
	if (argc - optind != 2) {
		warnx("get needs an INPUT and a KIND");
		fputs(usage_get, stderr);
		return EXIT_USAGE;
	}
	if ((kind = get_kind_canonical(argv[optind + 1])) == NULL) {
		warnx("unknown kind '%s' (%s)", argv[optind + 1],
		    get_kinds_list());
		return EXIT_USAGE;
	}
	q.kind = kind;
	if ((r = build_model(&m, argv[optind], &o)) != EXIT_OK)
		return r;
	if ((items = get_items(&m, &q, &gerr)) == NULL) {
		warnx("%s", gerr);
		model_free(&m);
		return EXIT_USAGE;
	}
	r = get_write(stdout, kind, items, fmt);
	json_decref(items);
	model_free(&m);
	return stdout_done(r);
}

/* "8080", "53/udp": port 1-65535 and TCP, UDP or SCTP. */
static bool
parse_port_proto(const char *s, uint32_t *port, const char **proto)
{
	char num[8], *end;
	const char *slash = strchr(s, '/');
	size_t n = slash != NULL ? (size_t)(slash - s) : strlen(s);
	unsigned long v;

	if (n == 0 || n >= sizeof(num))
		return false;
	memcpy(num, s, n);
	num[n] = '\0';
	v = strtoul(num, &end, 10);
	if (*end != '\0' || v == 0 || v > 65535)
		return false;
	*port = (uint32_t)v;
	*proto = "TCP";
	if (slash == NULL)
		return true;
	if (strcasecmp(slash + 1, "tcp") == 0)
		*proto = "TCP";
	else if (strcasecmp(slash + 1, "udp") == 0)
		*proto = "UDP";
	else if (strcasecmp(slash + 1, "sctp") == 0)
		*proto = "SCTP";
	else
		return false;
	return true;
}

static int
cmd_trace(int argc, char **argv)
{
	struct opts o;
	struct verdict_query q;
	struct verdict_result res;
	struct model m;
	const char *from = NULL, *to = NULL, *port = NULL, *verr;
	int c, r;

	memset(&q, 0, sizeof(q));
	options_begin(&o);
	while ((c = next_option(argc, argv, ":f:qh", trace_options,
	    &o)) != -1) {
		switch (c) {
		case OPT_FROM:
			from = optarg;
			break;
		case OPT_TO:
			to = optarg;
			break;
		case OPT_PORT:
			port = optarg;
			break;
		case 'f':
			if (parse_text_json(optarg, &o.format) != EXIT_OK)
				return EXIT_USAGE;
			break;
		case 'q':
			o.quiet = true;
			break;
		default:
			return other_option(c, argv, usage_trace);
		}
	}
	if (argc - optind != 1 || from == NULL || to == NULL || port == NULL) {
		warnx(argc - optind != 1 ? "trace needs one INPUT" :
		    "trace needs --from, --to and --port");
		fputs(usage_trace, stderr);
		return EXIT_USAGE;
	}
	if (!parse_port_proto(port, &q.port, &q.proto)) {
		warnx("invalid port '%s' (PORT or PORT/PROTO: 1-65535, tcp, "
		    "udp or sctp)", port);
		return EXIT_USAGE;
	}
	if ((r = build_model(&m, argv[optind], &o)) != EXIT_OK)
		return r;
	if (verdict_peer_resolve(&m, from, &q.src, &verr) != 0 ||
	    verdict_peer_resolve(&m, to, &q.dst, &verr) != 0) {
		warnx("%s", verr);
		model_free(&m);
		return EXIT_USAGE;
	}
	verdict_trace(&m, &q, &res);
	if (o.format == FORMAT_JSON) {
		json_t *doc = verdict_json(&m, &q, &res);

		r = json_dumpf(doc, stdout, JSON_INDENT(2) |
		    JSON_PRESERVE_ORDER);
		fputc('\n', stdout);
		json_decref(doc);
	} else {
		struct buf b = BUF_INIT;

		verdict_text(&m, &q, &res, &b);
		r = fwrite(b.ptr, 1, b.len, stdout) == b.len ? 0 : -1;
		buf_release(&b);
	}
	model_free(&m);
	return stdout_done(r);
}

static bool
is_dir(const char *path)
{
	struct stat sb;

	return stat(path, &sb) == 0 && S_ISDIR(sb.st_mode);
}

/*
 * The built-in rules: $CTRIAGE_RULES_DIR, else rules/ beside the binary
 * (a build tree), else the installed copy.
 */
static const char *
rules_dir(char *buf, size_t n)
{
	const char *env = getenv("CTRIAGE_RULES_DIR");
	char exe[PATH_MAX];
	ssize_t len;
	char *slash;

	if (env != NULL && *env != '\0')
		return env;
	len = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (len > 0) {
		exe[len] = '\0';
		if ((slash = strrchr(exe, '/')) != NULL &&
		    (size_t)(slash - exe) + sizeof("/rules") <= n) {
			memcpy(buf, exe, (size_t)(slash - exe));
			memcpy(buf + (slash - exe), "/rules", sizeof("/rules"));
			if (is_dir(buf))
				return buf;
		}
	}
	return CTRIAGE_RULES_DIR;
}

/* One line per error: "path:line: text", or "path: text". */
static void
warn_errors(const struct diag_list *errs)
{
	size_t i;

	for (i = 0; i < errs->n; i++) {
		if (errs->v[i].line)
			warnx("%s:%lu: %s", errs->v[i].path, errs->v[i].line,
			    errs->v[i].text);
		else
			warnx("%s: %s", errs->v[i].path, errs->v[i].text);
	}
}

/*
 * Load the built-in rules and any --rules PATH.  Rule errors are fatal:
 * a catalog with a broken rule must not pass for a complete one.
 * Returns EXIT_OK, or the exit code after printing file:line errors.
 */
static int
load_rules(struct ruleset *rs, const char *extra)
{
	struct diag_list errs;
	char buf[PATH_MAX];
	const char *dir = rules_dir(buf, sizeof(buf));
	int rc = EXIT_OK;

	diag_list_init(&errs);
	ruleset_init(rs);
	ruleset_load_dir(rs, dir, eval_builtin_known, &errs);
	if (extra != NULL) {
		if (is_dir(extra))
			ruleset_load_dir(rs, extra, eval_builtin_known, &errs);
		else
			ruleset_load_file(rs, extra, eval_builtin_known, &errs);
	}
	warn_errors(&errs);
	if (errs.n > 0)
		rc = EXIT_USAGE;
	else if (rs->nrules == 0) {
		warnx("no rules found in '%s'", dir);
		rc = EXIT_IO;
	}
	diag_list_release(&errs);
	return rc;
}

/* Today, UTC, as YYYY-MM-DD (for suppression expiry). */
static void
today_utc(char buf[16])
{
	time_t now = time(NULL);
	struct tm tm;

	if (gmtime_r(&now, &tm) == NULL ||
	    strftime(buf, 16, "%Y-%m-%d", &tm) == 0)
		snprintf(buf, 16, "9999-12-31");
}

/* The redaction key: random per run, or derived from --redact-seed. */
static bool
redact_key(const char *seed, uint8_t key[REDACT_KEY_LEN])
{
	ssize_t n;
	int fd;

	if (seed != NULL) {
		redact_key_from_seed(seed, key);
		return true;
	}
	if ((fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC)) < 0) {
		warnx("cannot open '/dev/urandom': %s", strerror(errno));
		return false;
	}
	n = read(fd, key, REDACT_KEY_LEN);
	close(fd);
	if (n != REDACT_KEY_LEN) {
		warnx("cannot read '/dev/urandom'");
		return false;
	}
	return true;
}

/* Everything analyze's options set, beyond struct opts. */
struct analyze_opts {
	const char		*extra;		/* --rules */
	const char		**only;
	size_t			 nonly;
	const char		**skip;
	size_t			 nskip;
	bool			 has_min;
	enum severity		 min;
	bool			 has_fail;
	enum severity		 fail_on;
	const char		*suppress;
	const char		*baseline;
	bool			 redact;
	const char		*redact_map;
	const char		*redact_seed;
	int			 color;		/* -1 never, 0 auto, 1 always */
};

static int
parse_severity_opt(const char *arg, const char *opt, enum severity *out)
{
	if (!severity_parse(arg, out)) {
		warnx("invalid severity '%s' for --%s (info, low, medium, high "
		    "or critical)", arg, opt);
		return EXIT_USAGE;
	}
	return EXIT_OK;
}

static int
parse_analyze_options(int argc, char **argv, struct opts *o,
    struct analyze_opts *ao)
{
	const char *fmt;
	size_t i;
	int c;

	options_begin(o);
	while ((c = next_option(argc, argv, ":f:o:qh", analyze_options,
	    o)) != -1) {
		switch (c) {
		case 'f':
			fmt = strcmp(optarg, "md") == 0 ? "markdown" : optarg;
			for (i = 0; i < sizeof(report_formats) /
			    sizeof(report_formats[0]); i++)
				if (strcmp(fmt, report_formats[i].name) == 0)
					break;
			if (i == sizeof(report_formats) /
			    sizeof(report_formats[0])) {
				warnx("unknown format '%s' (text, json, "
				    "markdown, html, sarif or junit)", optarg);
				return EXIT_USAGE;
			}
			o->format = (enum report_format)i;
			break;
		case 'o':
			o->output = optarg;
			break;
		case 'r':
			ao->extra = optarg;
			break;
		case OPT_ONLY:
			ao->only = xreallocarray(ao->only, ao->nonly + 1,
			    sizeof(*ao->only));
			ao->only[ao->nonly++] = optarg;
			break;
		case OPT_SKIP:
			ao->skip = xreallocarray(ao->skip, ao->nskip + 1,
			    sizeof(*ao->skip));
			ao->skip[ao->nskip++] = optarg;
			break;
		case OPT_MIN_SEVERITY:
			if (parse_severity_opt(optarg, "min-severity",
			    &ao->min) != EXIT_OK)
				return EXIT_USAGE;
			ao->has_min = true;
			break;
		case OPT_FAIL_ON:
			if (parse_severity_opt(optarg, "fail-on",
			    &ao->fail_on) != EXIT_OK)
				return EXIT_USAGE;
			ao->has_fail = true;
			break;
		case OPT_SUPPRESS:
			ao->suppress = optarg;
			break;
		case OPT_BASELINE:
			ao->baseline = optarg;
			break;
		case OPT_REDACT:
			ao->redact = true;
			break;
		case OPT_REDACT_MAP:
			ao->redact_map = optarg;
			ao->redact = true;
			break;
		case OPT_REDACT_SEED:
			ao->redact_seed = optarg;
			ao->redact = true;
			break;
		case OPT_COLOR:
			if (strcmp(optarg, "auto") == 0)
				ao->color = 0;
			else if (strcmp(optarg, "always") == 0)
				ao->color = 1;
			else if (strcmp(optarg, "never") == 0)
				ao->color = -1;
			else {
				warnx("invalid value '%s' for --color (auto, "
				    "always or never)", optarg);
				return EXIT_USAGE;
			}
			break;
		case 'q':
			o->quiet = true;
			break;
		default:
			return other_option(c, argv, usage_analyze);
		}
	}
	return -1;
}

/* Colour in the text report: asked for or on a terminal; never NO_COLOR. */
static bool
want_color(const struct opts *o, const struct analyze_opts *ao, FILE *out)
{
	const char *nc = getenv("NO_COLOR");

	if (o->format != FORMAT_TEXT || ao->color < 0 ||
	    (nc != NULL && *nc != '\0'))
		return false;
	return ao->color > 0 || (out == stdout && isatty(STDOUT_FILENO));
}

/* Load --suppress: file:line errors are usage errors. */
static int
load_suppressions(struct report_suppressions *s, const char *path)
{
	struct diag_list errs;
	int rc = EXIT_OK;

	diag_list_init(&errs);
	if (report_suppressions_load(s, path, &errs) < 0) {
		warn_errors(&errs);
		if (errs.n == 0)
			warnx("%s: cannot load suppressions", path);
		rc = EXIT_USAGE;
	}
	diag_list_release(&errs);
	return rc;
}

static int
cmd_analyze(int argc, char **argv)
{
	struct opts o;
	struct analyze_opts ao;
	struct ruleset rs;
	struct model m;
	struct findings f;
	struct report rep;
	struct report_suppressions sup;
	struct redactor *rd = NULL;
	uint8_t key[REDACT_KEY_LEN];
	char today[16];
	char *err = NULL;
	FILE *out, *mapf;
	size_t total, i;
	int r, wrc;
	bool have_rules = false, have_model = false, have_report = false;

	memset(&ao, 0, sizeof(ao));
	report_suppressions_init(&sup);
	if ((r = parse_analyze_options(argc, argv, &o, &ao)) >= 0)
		goto out;
	if (argc - optind != 1) {
		warnx(argc - optind == 0 ? "analyze needs an INPUT" :
		    "analyze takes one INPUT");
		fputs(usage_analyze, stderr);
		r = EXIT_USAGE;
		goto out;
	}
	if (ao.suppress != NULL &&
	    (r = load_suppressions(&sup, ao.suppress)) != EXIT_OK)
		goto out;
	have_rules = true;
	r = load_rules(&rs, ao.extra);
	total = rs.nrules;
	if (r != EXIT_OK)
		goto out;
	if (report_rules_select(&rs, ao.only, ao.nonly, ao.skip, ao.nskip,
	    &total, &err) != 0) {
		warnx("%s", err);
		free(err);
		r = EXIT_USAGE;
		goto out;
	}
	if (ao.redact && !redact_key(ao.redact_seed, key)) {
		r = EXIT_IO;
		goto out;
	}
	progress_enabled = !o.quiet && isatty(STDERR_FILENO);
	if ((r = build_model(&m, argv[optind], &o)) != EXIT_OK)
		goto out;
	have_model = true;
	findings_init(&f);
	progress_start("running the rules on", argv[optind]);
	eval_run(&m, &rs, &f);
	progress_stop();
	have_report = true;
	report_init(&rep, &m, &rs, &f);
	report_set_excluded(&rep, &rs, total);
	if (ao.suppress != NULL) {
		today_utc(today);
		report_suppress(&rep, &sup, today);
		for (i = 0; i < sup.n && !o.quiet; i++)
			if (sup.v[i].expired)
				warnx("%s:%lu: suppression of %s expired on %s; "
				    "it no longer applies", sup.v[i].path,
				    sup.v[i].line, sup.v[i].rule,
				    sup.v[i].expires);
	}
	if (ao.redact) {
		rd = redactor_new(key, ao.redact_seed != NULL ? "seed" :
		    "random");
		memset(key, 0, sizeof(key));
		redactor_add_model(rd, &m);
		report_redact(&rep, rd);
	}
	report_fingerprint(&rep);
	if (ao.baseline != NULL && report_baseline(&rep, ao.baseline,
	    &err) != 0) {
		warnx("%s", err);
		free(err);
		r = EXIT_USAGE;
		goto out;
	}
	if (ao.has_min)
		report_min_severity(&rep, ao.min);
	report_finish(&rep);
	if ((out = output_open(&o)) == NULL) {
		r = EXIT_IO;
		goto out;
	}
	rep.color = want_color(&o, &ao, out);
	wrc = report_formats[o.format].write(&rep, out);
	r = !output_close(&o, out) || wrc != 0 ? EXIT_IO : EXIT_OK;
	if (r == EXIT_OK && ao.redact_map != NULL) {
		if ((mapf = fopen(ao.redact_map, "w")) == NULL) {
			warnx("cannot write '%s': %s", ao.redact_map,
			    strerror(errno));
			r = EXIT_IO;
		} else if (redactor_write_map(rd, mapf) != 0 ||
		    fclose(mapf) != 0) {
			warnx("cannot write '%s': %s", ao.redact_map,
			    strerror(errno ? errno : EIO));
			r = EXIT_IO;
		}
	}
	if (r == EXIT_OK && ao.has_fail && report_fails(&rep, ao.fail_on))
		r = EXIT_FINDINGS;
out:
	redactor_free(rd);
	if (have_report) {
		report_release(&rep);
		findings_release(&f);
	}
	if (have_model)
		model_free(&m);
	if (have_rules) {
		report_rules_restore(&rs, total);
		ruleset_release(&rs);
	}
	report_suppressions_release(&sup);
	free(ao.only);
	free(ao.skip);
	return r;
}

static void
rule_show(const struct rule *r, FILE *out)
{
	size_t i;

	fprintf(out, "%s  %s  [%s]\n%s\n\n%s\n", r->id,
	    severity_name(r->severity), r->category, r->title, r->summary);
	fprintf(out, "\nWhy it bites:\n%s", r->explanation);
	fprintf(out, "\nFix:\n%s", r->remediation);
	if (r->nversions > 0) {
		fputs("\nApplies to Cilium:", out);
		for (i = 0; i < r->nversions; i++)
			fprintf(out, "%s %s", i ? " or" : "", r->versions[i].text);
		fputc('\n', out);
	}
	fputs("\nReferences:\n", out);
	for (i = 0; i < r->nreferences; i++)
		fprintf(out, "  %s\n", r->references[i]);
	fprintf(out, "\nCheck: %s%s%s\nDefined in: %s\n",
	    r->check == CHECK_BUILTIN ? "built-in " : r->check == CHECK_LOG ?
	    "log pattern " : r->check == CHECK_CONFIG ? "config " : "json ",
	    r->check == CHECK_BUILTIN ? r->builtin : r->check == CHECK_LOG ?
	    r->log.pattern : r->check == CHECK_CONFIG ? r->config.key :
	    r->json.path, "", r->path);
}

static int
cmd_rules(int argc, char **argv)
{
	struct ruleset rs;
	const struct rule *r;
	const char *extra = NULL, *verb = "list";
	bool json = false;
	size_t i;
	int c, rc;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":f:h", rules_options,
	    NULL)) != -1) {
		switch (c) {
		case 'f':
			if (strcmp(optarg, "json") == 0)
				json = true;
			else if (strcmp(optarg, "text") != 0) {
				warnx("unknown format '%s' (text or json)",
				    optarg);
				return EXIT_USAGE;
			}
			break;
		case 'r':
			extra = optarg;
			break;
		case 'h':
			fputs(usage_rules, stdout);
			return EXIT_OK;
		default:
			return bad_option(c, argv, usage_rules);
		}
	}
	if (optind < argc)
		verb = argv[optind];
	if (strcmp(verb, "list") != 0 && strcmp(verb, "show") != 0) {
		warnx("unknown rules verb '%s' (list or show)", verb);
		return EXIT_USAGE;
	}
	if (strcmp(verb, "show") == 0 && argc - optind != 2) {
		warnx("rules show needs one rule ID");
		return EXIT_USAGE;
	}
	if ((rc = load_rules(&rs, extra)) != EXIT_OK) {
		ruleset_release(&rs);
		return rc;
	}
	if (strcmp(verb, "show") == 0) {
		if ((r = ruleset_find(&rs, argv[optind + 1])) == NULL) {
			warnx("no rule '%s'", argv[optind + 1]);
			ruleset_release(&rs);
			return EXIT_USAGE;
		}
		rule_show(r, stdout);
	} else if (json) {
		json_t *arr = json_array(), *o;

		for (i = 0; i < rs.nrules; i++) {
			o = json_object();
			json_object_set_new(o, "id", json_string(rs.rules[i].id));
			json_object_set_new(o, "severity", json_string(
			    severity_name(rs.rules[i].severity)));
			json_object_set_new(o, "category",
			    json_string(rs.rules[i].category));
			json_object_set_new(o, "title",
			    json_string(rs.rules[i].title));
			json_array_append_new(arr, o);
		}
		json_dumpf(arr, stdout, JSON_SORT_KEYS | JSON_INDENT(2));
		fputc('\n', stdout);
		json_decref(arr);
	} else {
		printf("%-30s %-9s %-12s %s\n", "ID", "SEVERITY", "CATEGORY",
		    "TITLE");
		for (i = 0; i < rs.nrules; i++)
			printf("%-30s %-9s %-12s %s\n", rs.rules[i].id,
			    severity_name(rs.rules[i].severity),
			    rs.rules[i].category, rs.rules[i].title);
	}
	ruleset_release(&rs);
	return EXIT_OK;
}

static const struct command *
command_find(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

static int
cmd_help(int argc, char **argv)
{
	const struct command *cmd;

	if (argc < 2) {
		print_main_help(stdout);
		return EXIT_OK;
	}
	if ((cmd = command_find(argv[1])) == NULL) {
		warnx("unknown command '%s'", argv[1]);
		return EXIT_USAGE;
	}
	if (cmd->usage != NULL)
		fputs(cmd->usage, stdout);
	else
		printf("usage: ctriage %s\n", cmd->name);
	return EXIT_OK;
}

static int
cmd_version(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	printf("ctriage %s\n", CTRIAGE_VERSION);
	return EXIT_OK;
}

int
main(int argc, char **argv)
{
	const struct command *cmd;
	int rc;

	if (argc < 2) {
		fputs(usage_main, stderr);
		return EXIT_USAGE;
	}
	if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0) {
		print_main_help(stdout);
		return fflush(stdout) == 0 ? EXIT_OK : EXIT_IO;
	}
	if (strcmp(argv[1], "-V") == 0 || strcmp(argv[1], "--version") == 0)
		rc = cmd_version(0, NULL);
	else if ((cmd = command_find(argv[1])) == NULL) {
		warnx("unknown command '%s'", argv[1]);
		fputs(usage_main, stderr);
		return EXIT_USAGE;
	} else
		rc = cmd->run(argc - 1, argv + 1);
	if (fflush(stdout) != 0 && rc == EXIT_OK)
		rc = EXIT_IO;
	return rc;
}
