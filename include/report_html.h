/*
 * report_html.h: the diagnosis as one self-contained HTML page.
 *
 * No external resources and no script: inline CSS only, so the file can
 * be attached to a ticket or a post-incident review and opened anywhere.
 * It has a table of contents, severity colours, evidence in <details>
 * (collapsible; print CSS shows it) and a print-friendly layout.  All text
 * is escaped as HTML (report_esc.h).
 */
#ifndef CTRIAGE_REPORT_HTML_H
#define CTRIAGE_REPORT_HTML_H

#include <stdio.h>

#include "report_view.h"

/* Returns 0, or -1 on a write error. */
int report_html(const struct report *r, FILE *out);

#endif
