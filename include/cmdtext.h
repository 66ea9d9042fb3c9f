/*
 * cmdtext.h: reading the text that agent commands print.
 *
 * Bugtool stores each command's combined stdout and stderr raw in cmd/
 * (sysdump-layout.md 2.3): with `--enable-markdown` it is wrapped in a
 * `# <cmd>` header and ``` fences, and a failed command ends with the
 * trailer `> Error while running '<cmd>':  <err>`.  Outputs pasted into
 * issues add shell prompts before the table and are often cut short.  The
 * tables themselves come from Go's text/tabwriter (min width 5, padding 3,
 * space padded), so every column starts at the same character offset in
 * every line of one table, and titles hold at most single spaces.
 *
 * These helpers are shared by the art_* parsers of agent command outputs:
 * line classification, error trailers, tabwriter column splitting,
 * numbers, reserved identities, the start of a JSON document in a streamed
 * output, whole-member reads for JSON outputs with their preamble blanked
 * out, and the source lines of JSON array elements (jansson does not keep
 * them).
 */
#ifndef CTRIAGE_CMDTEXT_H
#define CTRIAGE_CMDTEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "ingest.h"

/* The longest line the text parsers keep (longer lines are cut). */
#define CMDTEXT_MAX_LINE	(64 * 1024)

enum cmdtext_line {
	CMDTEXT_CONTENT,	/* part of the command's output */
	CMDTEXT_BLANK,		/* empty or only white space */
	CMDTEXT_MARKUP,		/* a ``` fence, or the "# <cmd>" header */
	CMDTEXT_ERROR,		/* "> Error while running '<cmd>': <err>" */
};

/* Per-member state for cmdtext_classify; zero it before the first line. */
struct cmdtext {
	bool	seen_content;
	bool	seen_error;
};

/*
 * Classify one line of a command output.  A line starting with "# " is
 * the markdown header only while no content has been seen (a Prometheus
 * "# HELP" comment is the caller's business: check it first).
 */
enum cmdtext_line cmdtext_classify(struct cmdtext *ct, const char *line,
    size_t len);

/*
 * Add the warning "command failed: <err>" for an error trailer line, once
 * per member (ct->seen_error tracks it).
 */
void cmdtext_error_note(struct cmdtext *ct, struct diag_list *diags,
    const char *path, unsigned long line, const char *s, size_t len);

/* True when the line is an error trailer "> Error while running '...". */
bool cmdtext_is_error(const char *line, size_t len);

/*
 * For an error trailer line: keep its <err> (trimmed, copied into a) in
 * *cmd_error unless an earlier trailer already set it, and add the warning
 * of cmdtext_error_note.  This is how the art_* parsers fill their
 * results' cmd_error.
 */
void cmdtext_error_keep(struct cmdtext *ct, struct arena *a,
    const char **cmd_error, struct diag_list *diags, const char *path,
    unsigned long line, const char *s, size_t len);

/* True when s (len bytes) starts with the string p. */
bool cmdtext_has_prefix(const char *s, size_t len, const char *p);

/* The first occurrence of the string needle in s (len bytes), or NULL. */
const char *cmdtext_find(const char *s, size_t len, const char *needle);

/* Trim white space from both ends of [*s, *s + *len). */
void cmdtext_trim(const char **s, size_t *len);

/*
 * Unsigned decimal numbers over exactly len bytes (no sign, no space, no
 * empty string); false on anything else or on overflow of the type.
 */
bool cmdtext_u64(const char *s, size_t len, uint64_t *out);
bool cmdtext_u32(const char *s, size_t len, uint32_t *out);
bool cmdtext_u16(const char *s, size_t len, uint16_t *out);

/*
 * The reserved identity a name stands for: "host", "reserved:host" -> 1,
 * "unknown" 0, "world" 2, "unmanaged" 3, "health" 4, "init" 5,
 * "remote-node" 6, "kube-apiserver" 7, "ingress" 8, "world-ipv4" 9,
 * "world-ipv6" 10 (pkg/identity/numericidentity.go).  -1 for anything else.
 */
long cmdtext_reserved_identity(const char *s, size_t len);

/*
 * The other way round: the name of reserved identity id, without the
 * "reserved:" source ("host" for 1), or NULL when id has no name.
 */
const char *cmdtext_reserved_identity_name(uint32_t id);

/*
 * Row diagnostics with a cap: the first CMDTEXT_MAX_ROW_DIAGS bad rows of a
 * member get a diagnostic each, the rest are counted and summed up by
 * cmdtext_row_errors_end ("cannot parse N more <what>").
 */
#define CMDTEXT_MAX_ROW_DIAGS	5

struct cmdtext_errs {
	unsigned long	n;		/* bad rows seen */
	unsigned long	first_dropped;	/* line of the first uncounted one */
};

void cmdtext_row_error(struct cmdtext_errs *e, struct diag_list *diags,
    const char *path, unsigned long line, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
void cmdtext_row_errors_end(struct cmdtext_errs *e, struct diag_list *diags,
    const char *path, const char *what);

/* A table header: where each title starts, in characters. */
#define CMDTEXT_MAX_COLS	16
#define CMDTEXT_MAX_TITLE	48

struct cmdtext_header {
	size_t	n;
	size_t	col[CMDTEXT_MAX_COLS];
	char	title[CMDTEXT_MAX_COLS][CMDTEXT_MAX_TITLE];
};

/*
 * Split a header line into titles: runs of two or more blanks (or a tab)
 * separate titles.  Returns the number of titles (0 for a blank line);
 * titles past CMDTEXT_MAX_COLS are dropped, long titles are cut.
 */
size_t cmdtext_header_parse(const char *line, size_t len,
    struct cmdtext_header *h);

/* The index of the title (exact match), or -1. */
int cmdtext_header_find(const struct cmdtext_header *h, const char *title);

struct cmdtext_cell {
	const char	*s;	/* into the row; not NUL-terminated */
	size_t		 len;	/* trimmed */
};

/*
 * Split a row into h->n cells by the header's column offsets (in UTF-8
 * characters, as tabwriter counts).  A short row leaves the last cells
 * empty.  When a column boundary falls inside a word, the row is not
 * tabwriter-aligned with the header (hand edited, or from another table):
 * *misaligned is set and the row is split at runs of two or more blanks
 * instead, filling cells from the left.  Returns h->n.
 */
size_t cmdtext_row_split(const struct cmdtext_header *h, const char *line,
    size_t len, struct cmdtext_cell *cells, bool *misaligned);

/*
 * Read the whole member into b (which is reset first; the text is always
 * NUL-terminated).  max caps the size (0: 1 GiB).  Returns 0, or -1 with
 * a diagnostic when the member is broken or too large; what was read stays
 * in b either way.
 */
int cmdtext_slurp(struct ingest_member *m, size_t max, struct buf *b,
    struct diag_list *diags);

/*
 * Does a JSON document start on this line of a streamed output?  Its first
 * non-blank character is '[' or '{', followed by what JSON allows there
 * (end of line, a blank, a value or a closing bracket), so that "[...]"
 * elisions and "[INFO]" log lines are not taken for JSON.
 */
bool cmdtext_starts_json(const char *line, size_t len);

/*
 * Append line number lineno (1-based) of a member to the JSON text b, and
 * a newline.  The first line added is preceded by empty lines, so that
 * jansson's line numbers in b are the member's: add every line from the
 * one where cmdtext_starts_json said the document starts.
 */
void cmdtext_json_add_line(struct buf *b, unsigned long lineno,
    const char *line, size_t len);

/* The 1-based line of the first '{' in text (len bytes). */
unsigned long cmdtext_first_object_line(const char *text, size_t len);

/*
 * A command output read line by line that holds text (a table, key-value
 * pairs) and perhaps a JSON document: `endpoint list`, `identity list`,
 * `status`, and the text forms of `bpf ipcache list`, `ip list`,
 * `service list`, `bpf lb list`, `bpf policy get` and the host files.
 * cmdtext_stream_read hands the text lines to the caller's ops until a
 * JSON document starts; from that line on, every line is collected in jbuf
 * (see cmdtext_json_add_line) for the caller to parse at the end.  Error
 * trailers are reported, and the first one's <err> kept in cmd_error,
 * wherever they are.  errs is there for the caller's row errors too, so
 * that one cap covers the member.
 */
struct cmdtext_stream {
	struct arena		*a;
	struct diag_list	*diags;
	const char		*path;
	struct cmdtext		 ct;
	struct cmdtext_errs	 errs;
	bool			 json;		/* a JSON document started */
	struct buf		 jbuf;		/* its text, from member line 1 */
	const char		*cmd_error;	/* copied into a, or NULL */
};

struct cmdtext_stream_ops {
	/*
	 * A blank line, markup or an error trailer (what: CMDTEXT_BLANK,
	 * _MARKUP, _ERROR) before the JSON document: a table may end here.
	 * For a trailer this comes before its warning.  NULL: nothing to do.
	 */
	void	(*end)(void *ctx, enum cmdtext_line what);
	/*
	 * May a JSON document start on the next content line?  NULL: never,
	 * every content line goes to line.
	 */
	bool	(*json_may_start)(void *ctx);
	/* A content line before the JSON document, NUL-terminated. */
	void	(*line)(void *ctx, char *line, size_t len, unsigned long lineno);
};

/* path is the member's path, kept as given (intern it first). */
void cmdtext_stream_init(struct cmdtext_stream *s, struct arena *a,
    struct diag_list *diags, const char *path);
void cmdtext_stream_release(struct cmdtext_stream *s);

/*
 * Read member m through ops (ctx is theirs).  Lines are cut at max_line
 * bytes; a cut line is reported as the row error "cannot parse <row>:
 * line longer than N bytes", or passed over silently when row is NULL.
 * A member broken midway is reported and what came before is kept.
 */
void cmdtext_stream_read(struct cmdtext_stream *s, struct ingest_member *m,
    size_t max_line, const char *row, const struct cmdtext_stream_ops *ops,
    void *ctx);

/*
 * Find the JSON document in a command output held in text (len bytes).
 * Every line before the first line whose first non-blank character is '['
 * or '{' (markdown header and fence, shell prompts, kubectl notices) is
 * overwritten with spaces, newlines kept, so that jansson's line numbers
 * stay those of the member.  Returns the offset of the document's first
 * character, or -1 when there is none.  An error trailer anywhere in the
 * text is reported through ct and diags.
 */
long cmdtext_json_prepare(char *text, size_t len, struct cmdtext *ct,
    struct diag_list *diags, const char *path);

/*
 * The 1-based source lines of the elements of a JSON array in text: the
 * top-level array when key is NULL, else the array that is the value of the
 * top-level object's member `key`.  Fills lines[0..max) and returns the
 * number of elements seen (which may exceed max).  The scan follows JSON
 * strings and nesting only; it never fails, and on malformed text the
 * lines are merely best effort.
 */
size_t cmdtext_json_array_lines(const char *text, size_t len,
    const char *key, unsigned long *lines, size_t max);

#endif
