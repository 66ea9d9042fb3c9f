/*
 * diag.h: diagnostics about the input, collected instead of printed.
 *
 * Bad input is normal input for ctriage.  Every stage that meets something
 * it cannot use (a truncated member, a YAML error, a member skipped by a
 * limit) adds a diagnostic here and carries on.  The list ends up in the
 * report ("skipped" / "inputs_skipped"), and main.c decides what to print.
 */
#ifndef CTRIAGE_DIAG_H
#define CTRIAGE_DIAG_H

#include <stddef.h>

#define DIAG_SEVERITIES(X)		\
	X(DIAG_NOTE,	"note")		\
	X(DIAG_WARNING,	"warning")	\
	X(DIAG_ERROR,	"error")

enum diag_severity {
#define X(e, s) e,
	DIAG_SEVERITIES(X)
#undef X
};

struct diag {
	char			*path;	/* member path, printable; never NULL */
	unsigned long		 line;	/* 1-based line, 0 when not known */
	enum diag_severity	 severity;
	char			*text;	/* the reason, lowercase, no period */
};

struct diag_list {
	struct diag	*v;
	size_t		 n;
	size_t		 cap;
};

const char *diag_severity_name(enum diag_severity s);

void diag_list_init(struct diag_list *l);
void diag_list_release(struct diag_list *l);

/* Append a diagnostic; path is copied, the text is formatted. */
void diag_add(struct diag_list *l, enum diag_severity s, const char *path,
    unsigned long line, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* Sort by path, then line, then text, so reports are deterministic. */
void diag_list_sort(struct diag_list *l);

#endif
