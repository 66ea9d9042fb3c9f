/*
 * report_sarif.h: the diagnosis as SARIF 2.1.0, for code-scanning UIs.
 *
 * One run; tool.driver carries ctriage's name, version, informationUri
 * and one reportingDescriptor per rule of the catalog (id, name,
 * shortDescription = title, fullDescription = explanation, help = fix,
 * helpUri = the first doc URL, defaultConfiguration.level from the rule's
 * severity, properties: category, severity, tags).  Each shown finding is
 * a result: ruleId and ruleIndex, level (critical/high: error, medium:
 * warning, low/info: note), message.text (title, then message), a
 * location at the first evidence (artifactLocation.uri = the archive
 * member, region.startLine when known) and relatedLocations for the rest,
 * partialFingerprints."ctriage/v1" = the finding's fingerprint.
 * Suppressed findings are results too, with a `suppressions` entry (kind
 * external, the reason as justification), which SARIF viewers hide.  Rules
 * not evaluated become tool execution notifications of the invocation.
 */
#ifndef CTRIAGE_REPORT_SARIF_H
#define CTRIAGE_REPORT_SARIF_H

#include <stdio.h>

#include "report_view.h"

#define SARIF_SCHEMA	"https://json.schemastore.org/sarif-2.1.0.json"
#define SARIF_VERSION	"2.1.0"

/* Returns 0, or -1 on a write error. */
int report_sarif(const struct report *r, FILE *out);

#endif
