/*
 * report_analyze.h: the ranked diagnosis, for people and for machines.
 *
 * Text opens with one screen: the cluster, its Cilium version, nodes,
 * counts by severity and the top findings; the details follow, each with
 * its evidence, what it affects and the fix.  JSON follows the versioned
 * schema "ctriage/report/v1" (keys sorted, same input, same bytes).
 * Writers only format: the findings are already selected and ranked
 * (report_view.h).  Each returns 0, or -1 on a write error.
 */
#ifndef CTRIAGE_REPORT_ANALYZE_H
#define CTRIAGE_REPORT_ANALYZE_H

#include <stdio.h>

#include "report_view.h"

#define REPORT_JSON_SCHEMA	"ctriage/report/v1"

/* r->color: severities in ANSI colours (the caller decides: TTY, NO_COLOR). */
int report_analyze_text(const struct report *r, FILE *out);
int report_analyze_json(const struct report *r, FILE *out);

#endif
