/*
 * art_log.h: Cilium agent and operator log events, streamed.
 *
 * Parses the container logs a sysdump collects
 * (`logs-<pod>-<container>-<ts>.log`, `-prev.log`: cilium-agent,
 * cilium-operator, cilium-envoy, clustermesh-apiserver, hubble-relay) and
 * journald captures of older agents, following sysdump-layout.md section
 * 4.1 (`pkg/logging/logging.go`, `pkg/logging/slog.go`):
 *
 *   - the kubelet RFC3339Nano prefix `2025-01-15T07:03:24.013816054Z `
 *     that `kubectl logs --timestamps` puts on every sysdump line (and the
 *     CRI `stdout F ` tag when a pod log file is read directly);
 *   - logrus text, Cilium <= 1.15 without `time=` (`level=info msg="..."
 *     subsys=k8s`), 1.16+ with `time="..."` first;
 *   - Go log/slog TextHandler, 1.18+ (`time=2026-...Z level=warn
 *     msg="..." module=agent.infra.agent-healthz`), `source=` at debug;
 *   - JSON lines (`log-opt format=json|json-ts`);
 *   - the Go default logger before logging is set up
 *     (`2026/01/15 07:03:54 ERROR Start hook failed function=...`);
 *   - klog (`I0115 07:03:54.123456 1 file.go:12] msg`);
 *   - Envoy (`[2025-01-01 10:00:00.000][12][error][config] msg`);
 *   - journald/syslog prefixes (`Mar 01 10:00:00 host cilium-agent[123]: `)
 *     and a lone source tag (`cilium-agent level=...`, `[pod/x/c] ...`);
 *   - multi-line Go panics and `fatal error:` runtime crashes with their
 *     goroutine dumps, folded into one event.
 * Lines in none of these forms become `plain` events: nothing in a log is
 * an error.
 *
 * Logs can be gigabytes, so nothing is stored: each event is handed to a
 * callback and forgotten.  Memory is bounded by LOG_MAX_LINE (longer lines
 * are cut and flagged), LOG_MAX_FIELDS per event, and the panic limits.
 */
#ifndef CTRIAGE_ART_LOG_H
#define CTRIAGE_ART_LOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "ingest.h"
#include "intern.h"

/* Normalized levels: X(enum, name).  The order is the severity order. */
#define LOG_LEVELS(X)				\
	X(LOG_LEVEL_UNKNOWN,	"unknown")	\
	X(LOG_LEVEL_DEBUG,	"debug")	\
	X(LOG_LEVEL_INFO,	"info")		\
	X(LOG_LEVEL_WARNING,	"warning")	\
	X(LOG_LEVEL_ERROR,	"error")	\
	X(LOG_LEVEL_FATAL,	"fatal")	\
	X(LOG_LEVEL_PANIC,	"panic")

enum log_level {
#define X(e, s) e,
	LOG_LEVELS(X)
#undef X
	LOG_NLEVELS
};

/* Line grammars: X(enum, name). */
#define LOG_FORMATS(X)					\
	X(LOG_FMT_PLAIN,		"plain")	\
	X(LOG_FMT_LOGRUS_NOTIME,	"logrus-notime") \
	X(LOG_FMT_LOGRUS_TIME,		"logrus-time")	\
	X(LOG_FMT_SLOG,			"slog")		\
	X(LOG_FMT_JSON,			"json")		\
	X(LOG_FMT_GOLOG,		"go-log")	\
	X(LOG_FMT_KLOG,			"klog")		\
	X(LOG_FMT_ENVOY,		"envoy")	\
	X(LOG_FMT_PANIC,		"panic")

enum log_format {
#define X(e, s) e,
	LOG_FORMATS(X)
#undef X
	LOG_NFORMATS
};

/* Lines longer than this are cut (the event is flagged `truncated`). */
#define LOG_MAX_LINE		(64 * 1024)
/* Fields kept per event; the rest are dropped (`fields_cut`). */
#define LOG_MAX_FIELDS		64
/* Continuation lines of a panic kept in `frames` (by count and bytes). */
#define LOG_PANIC_MAX_FRAMES	48
#define LOG_PANIC_MAX_FRAME_BYTES 4096
/* Continuation lines folded into one panic event before it is ended. */
#define LOG_PANIC_MAX_LINES	1000000UL
/* subsys and module values up to this length are interned. */
#define LOG_MAX_INTERN		256

/*
 * One key=value pair.  key and value are NUL-terminated; value is unquoted
 * with Go %q (or JSON) escapes decoded, so it may hold a NUL: use
 * value_len.  A JSON value that is not a string is its compact JSON text.
 */
struct log_field {
	const char	*key;
	const char	*value;
	size_t		 key_len;
	size_t		 value_len;
};

/*
 * One log event.  Everything it points to is borrowed and valid only
 * during the callback, except `path`, `subsys` and `module`, which are
 * interned in the strtab given to art_log_parse (when one is given; a
 * subsys or module over LOG_MAX_INTERN bytes is not interned either).
 * Strings are NUL-terminated; absent ones are "" (never NULL), except
 * subsys and module, which are NULL when absent.
 */
struct log_event {
	const char		*path;		/* member path */
	unsigned long		 line;		/* 1-based line where it starts */
	unsigned long		 nlines;	/* lines covered (1, or more for
						   a panic) */
	enum log_format		 format;
	bool			 kubelet;	/* had the kubelet timestamp */
	bool			 journald;	/* had a syslog/journald prefix */
	bool			 tagged;	/* had a source tag prefix */
	bool			 truncated;	/* line cut at LOG_MAX_LINE */
	bool			 fields_cut;	/* fields beyond LOG_MAX_FIELDS
						   were dropped */
	/* The line (the first, for a panic) without the kubelet prefix. */
	const char		*raw;
	size_t			 raw_len;

	enum log_level		 level;
	const char		*level_text;	/* as written: "warn", "W" */
	/*
	 * The time as written and as UTC seconds + nanoseconds since the
	 * epoch (0/0 when absent or without a year).  Taken from the line's
	 * own `time` (logrus, slog, JSON), else the kubelet prefix, else the
	 * Go logger or Envoy date; klog and syslog stamps lack the year and
	 * give only the text.
	 */
	const char		*time_text;
	int64_t			 time_sec;
	uint32_t		 time_nsec;

	const char		*msg;
	size_t			 msg_len;
	/*
	 * Fields in line order, without the time, level and msg keys (they
	 * have their own members above).  Klog and Envoy events get `source`
	 * (file:line), Envoy `thread` and `logger`; panic events `kind`
	 * ("panic" or "fatal error") and `goroutine` (the first goroutine
	 * header, "1 [running]").
	 */
	const struct log_field	*fields;
	size_t			 nfields;
	const char		*subsys;	/* `subsys` field, or NULL */
	const char		*module;	/* `module` field, or NULL */

	/* Panic events (format LOG_FMT_PANIC): the lines after the first. */
	unsigned long		 cont_lines;
	const char		*frames;	/* the first continuation lines,
						   '\n'-separated, bounded */
	size_t			 frames_len;
	bool			 frames_cut;	/* more lines than kept */
};

/*
 * Called once per event, in line order.  Returning non-zero stops the
 * parse; art_log_parse then returns that value.
 */
typedef int (*art_log_fn)(void *ctx, const struct log_event *ev);

/*
 * Read the member line by line and call fn for every event.  Blank lines
 * are not events.  st may be NULL (then path, subsys and module point into
 * the member and the line and are valid during the callback only).
 * Returns 0 when the member was read through, the callback's value when it
 * stopped the parse, or -1 when the member could not be read to its end
 * (one diagnostic; the events before stand).  Lines cut at LOG_MAX_LINE
 * give one warning per member.
 */
int art_log_parse(struct ingest_member *m, struct strtab *st, art_log_fn fn,
    void *ctx, struct diag_list *diags);

/*
 * The value of the first field named key ("error", "subsys", "endpointID",
 * ...), or NULL.  *lenp, when not NULL, gets its length.
 */
const char *log_event_field(const struct log_event *ev, const char *key,
    size_t *lenp);

const char *log_level_name(enum log_level l);
const char *log_format_name(enum log_format f);

/*
 * A level as written in any of the formats above, case-insensitively:
 * "warn" and "warning" (and anything starting "warn") are warnings,
 * "err", "error" errors; "trace" is debug, "critical" fatal, slog's
 * "ERROR+2" error.  Anything else is LOG_LEVEL_UNKNOWN.
 */
enum log_level log_level_parse(const char *s, size_t n);

/*
 * Parse an RFC 3339 time at s ("2025-01-15T07:03:24.013816054Z", also with
 * a space for the T, '/' for the date dashes, a +hh:mm or +hhmm offset, or
 * no zone, which means UTC) into UTC seconds and nanoseconds since the
 * epoch.  Returns the number of bytes used, 0 when s does not start with
 * such a time.
 */
size_t log_time_parse(const char *s, size_t n, int64_t *sec,
    uint32_t *nsec);

#endif
