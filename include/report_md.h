/*
 * report_md.h: the diagnosis as Markdown, for a GitHub or Jira comment.
 *
 * A heading with the cluster, a summary table (rank, severity, rule,
 * title) and counts, then one section per finding: its message, subjects,
 * affected objects, evidence in fenced code blocks (member:line, then the
 * excerpt) and the fix.  Suppressed, not-evaluated and skipped inputs
 * close it.  Every string is escaped (report_esc.h), so a policy name or
 * log line cannot break the table or inject markup.
 */
#ifndef CTRIAGE_REPORT_MD_H
#define CTRIAGE_REPORT_MD_H

#include <stdio.h>

#include "report_view.h"

/* Returns 0, or -1 on a write error. */
int report_md(const struct report *r, FILE *out);

#endif
