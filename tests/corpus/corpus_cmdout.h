/*
 * corpus_cmdout.h: the shared scaffolding of the corpus programs of the
 * agent command-output parsers (corpus_endpoint, corpus_identity,
 * corpus_status, corpus_bpf_policy, corpus_ipcache, corpus_lb,
 * corpus_metrics, corpus_host, corpus_health, corpus_art_policy; the file
 * helpers serve corpus_flow and corpus_log too), defined in
 * support_cmdout.c, which the Makefile links into every corpus program.
 *
 * The shared corpus holds whole command outputs (issues/<command>/ files) and
 * documents that quote several commands (docs/ text files: "### <doc> (block at
 * line N)" sections whose commands start with "$ "; the debuginfo markdown:
 * "#### <title>" sections with fenced bodies).  These helpers read files,
 * cut such documents into the pieces one parser should see, and run each
 * piece through the program's parser, counting what passed.
 *
 * A program fills a struct cc_corpus through cc_begin, names the files and
 * pieces to read (cc_run_dir, cc_run_docs), and ends with cc_end, which
 * prints the "<name>: N passed, N failed" line that check-corpus adds up.
 */
#ifndef CTRIAGE_CORPUS_CMDOUT_H
#define CTRIAGE_CORPUS_CMDOUT_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "diag.h"
#include "ingest.h"
#include "intern.h"

/* Read a whole file, NUL-terminated; NULL when it cannot be read. */
char *cc_read(const char *path, size_t *lenp);

bool cc_is_dir(const char *path);

/* strcmp for qsort over an array of strings. */
int cc_strcmp(const void *a, const void *b);

/*
 * The files (cc_list) or the subdirectories (cc_list_dirs) of a directory,
 * as paths, sorted, dot names left out; *np gets the count.  Free with
 * cc_list_free.
 */
char **cc_list(const char *dir, size_t *np);
char **cc_list_dirs(const char *dir, size_t *np);
void cc_list_free(char **v, size_t n);

/* The last component of a path. */
const char *cc_base(const char *path);

/* One piece of a document: [start, start + len), from line `line`. */
struct cc_piece {
	const char	*start;
	size_t		 len;
	unsigned long	 line;
};

/*
 * The commands quoted in a docs/ text file whose prompt line ("$ ...")
 * contains `needle`: each piece runs from the line after the prompt to the
 * next prompt or section header.  Returns the count (at most
 * max).
 */
size_t cc_doc_commands(const char *text, size_t len, const char *needle,
    struct cc_piece *out, size_t max);

/*
 * The fenced bodies of the debuginfo markdown sections whose "#### " title
 * starts with `title`.  Returns the count (at most max).
 */
size_t cc_md_sections(const char *text, size_t len, const char *title,
    struct cc_piece *out, size_t max);

/* Print the first diagnostics of a parse (three at most), or nothing. */
void cc_print_diags(const char *name, const struct diag_list *d);

/*
 * Parse one file or piece (the member m, named name) with the program's
 * parser into the fresh arena a, strtab st and diagnostics d, and print
 * its line ("<name>: N rows ..." or "<name>: FAILED").  Returns true when
 * it passed.  The caller prints the diagnostics after that line and frees
 * everything.
 */
typedef bool cc_check_fn(const char *name, struct ingest_member *m,
    struct arena *a, struct strtab *st, struct diag_list *d);

enum cc_flags {
	/* cc_run_dir passes over files whose name holds ".md". */
	CC_SKIP_MD		= 1 << 0,
	/* cc_run_docs passes over `-o jsonpath=...` commands (ids only). */
	CC_SKIP_JSONPATH	= 1 << 1,
	/* cc_run_dir passes over unreadable files instead of failing them. */
	CC_SKIP_UNREADABLE	= 1 << 2,
};

struct cc_corpus {
	const char	*name;		/* "endpoint": the summary's prefix */
	const char	*root;		/* the corpus directory */
	cc_check_fn	*check;
	enum cc_flags	 flags;
	unsigned	 pass;
	unsigned	 fail;
};

/*
 * Start a corpus program: argv[1] is the corpus directory.  When it is
 * missing or not a directory, print "corpus_<name>: no corpus at ...;
 * skipping" and "<name>: 0 passed, 0 failed", and return false: main then
 * returns 0.
 */
bool cc_begin(struct cc_corpus *c, int argc, char **argv, const char *name,
    cc_check_fn *check, enum cc_flags flags);

/* Run one file or piece through c->check and count it. */
void cc_run(struct cc_corpus *c, const char *name, const char *data,
    size_t len);

/*
 * Run every regular file of <root>/<sub>, sorted by name.  A file that
 * cannot be read fails with "<file>: cannot read" (see CC_SKIP_UNREADABLE).
 * A missing directory runs nothing.
 */
void cc_run_dir(struct cc_corpus *c, const char *sub);

/*
 * Run the pieces of every file of <root>/<sub>: with markdown, the fenced
 * bodies of the "#### <needle>" sections (cc_md_sections), else the
 * commands whose prompt holds needle (cc_doc_commands).  A piece is named
 * "<file>:<line of its first line>".  Unreadable files are passed over.
 */
void cc_run_docs(struct cc_corpus *c, const char *sub, const char *needle,
    bool markdown);

/*
 * Print "<name>: N passed, N failed"; returns main's exit status (0 when
 * nothing failed, else 1).
 */
int cc_end(const struct cc_corpus *c);

#endif
