/*
 * report_esc.h: escaping for the report writers, one function per context.
 *
 * Findings quote customer files (policy names, log lines, YAML), so every
 * string a writer puts into HTML, XML, Markdown or a URI goes through one
 * of these.  Each appends to a struct buf and never fails.  Input is the
 * engine's printable UTF-8 (escape.h); control bytes that slip through
 * anyway are written as "\xNN" text, never raw.
 */
#ifndef CTRIAGE_REPORT_ESC_H
#define CTRIAGE_REPORT_ESC_H

#include <stddef.h>
#include <stdio.h>

#include <jansson.h>

#include "buf.h"

/*
 * HTML and XML text and attribute values: & < > " ' become entities.
 * attr: tab, newline and carriage return become character references,
 * so an attribute value keeps them (XML normalizes raw ones to spaces).
 */
void esc_xml(struct buf *b, const char *s, int attr);

/*
 * Markdown inline text (CommonMark, GitHub): the characters that make
 * emphasis, code, links, HTML, tables and entities get a backslash, and so
 * do the ones that would open a heading, quote, list or rule at the start
 * of a line.  table: newlines become "<br>" (a table cell is one line).
 */
void esc_md(struct buf *b, const char *s, int table);

/* A backtick fence longer than any run of backticks in s (at least 3). */
void md_fence(struct buf *b, const char *s);

/* An archive member path as a URI reference: RFC 3986 percent-encoding. */
void esc_uri(struct buf *b, const char *s);

/* Write b to out and reset it (writers build text in one buffer). */
void esc_flush(struct buf *b, FILE *out);

/*
 * Write a JSON report: keys sorted, two-space indent, reals to six digits,
 * then a newline, so the same findings give byte-identical files.  Takes
 * the reference to root.  Returns 0, or -1 on a write error.
 */
int report_json_write(json_t *root, FILE *out);

#endif
