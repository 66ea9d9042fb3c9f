/*
 * art_debuginfo.h: the agent's debuginfo JSON (models.DebugInfo).
 *
 * Every bugtool since the earliest examined writes
 * cmd/cilium-debuginfo-<T>.json (sysdump-layout.md 2.5, 3.4): the agent's
 * version, kernel, full status, endpoint list, service list and policy in
 * one document, so it is the most stable machine-readable source per
 * node.  The pieces are converted with the same converters as their
 * stand-alone commands (art_status, art_endpoint, art_lb, art_policy).
 */
#ifndef CTRIAGE_ART_DEBUGINFO_H
#define CTRIAGE_ART_DEBUGINFO_H

#include <stdbool.h>

#include "arena.h"
#include "art_endpoint.h"
#include "art_lb.h"
#include "art_policy.h"
#include "art_status.h"
#include "diag.h"
#include "ingest.h"
#include "intern.h"

struct debuginfo_result {
	const char		*path;
	const char		*version;	/* "1.16.5", or NULL */
	const char		*version_text;	/* the whole cilium-version */
	const char		*kernel;	/* kernel-version */
	bool			 has_status;
	struct status_result	 status;
	struct endpoint_result	 endpoints;
	bool			 has_services;
	struct lb_result	 services;
	bool			 has_policy;
	struct agent_rules	 policy;
};

/*
 * Parse the member into *out (zeroed first).  Sections that are missing
 * or malformed are left empty with a diagnostic; returns -1 only when the
 * member is no JSON object at all.
 */
int art_debuginfo_parse(struct ingest_member *m, struct arena *a,
    struct strtab *st, struct diag_list *diags,
    struct debuginfo_result *out);

/*
 * The leading version of a `cilium version`-style text ("1.16.5 ad68 ..."
 * or "v1.16.5-rc1"): "1.16.5", interned, or NULL.
 */
const char *debuginfo_version(struct strtab *st, const char *text);

#endif
