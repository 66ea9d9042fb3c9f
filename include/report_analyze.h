/*
 * report_analyze.h: the ranked diagnosis, for people and for machines.
 *
 * Text opens with one screen: the cluster, its Cilium version, nodes,
 * counts by severity and the top findings; the details follow, each with
 * its evidence, what it affects and the fix.  JSON follows the versioned
 * schema "ctriage/report/v1" (keys sorted, same input, same bytes).
 * Writers only format: the findings are already ranked.
 */
#ifndef CTRIAGE_REPORT_ANALYZE_H
#define CTRIAGE_REPORT_ANALYZE_H

#include <stdio.h>

#include "eval.h"
#include "model.h"
#include "rule.h"

#define REPORT_JSON_SCHEMA	"ctriage/report/v1"

int report_analyze_text(const struct model *m, const struct ruleset *rs,
    const struct findings *f, FILE *out);
int report_analyze_json(const struct model *m, const struct ruleset *rs,
    const struct findings *f, FILE *out);

#endif
