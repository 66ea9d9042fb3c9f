/*
 * checks.h: the built-in checks, as one list.
 *
 * X(name) declares `void check_<name>(struct eval_ctx *)`, defined in a
 * src/check_<area>.c file, and registers it under `name` for rule files'
 * `check: {builtin: name}`.  Adding a check is one function and one line
 * in its area's list (include/checks_<area>.h).
 */
#ifndef CTRIAGE_CHECKS_H
#define CTRIAGE_CHECKS_H

#include "checks_agent.h"
#include "checks_combine.h"
#include "checks_datapath.h"
#include "checks_drops.h"
#include "checks_endpoints.h"
#include "checks_mesh.h"
#include "checks_selectors.h"
#include "checks_services.h"
#include "checks_validity.h"
#include "eval.h"

/*
 * One list per rule area, each in its own header, so that areas grow
 * without touching each other.
 */
#define EVAL_CHECKS(X)				\
	X(pol_invalid_status)			\
	X(sysdump_incomplete)			\
	EVAL_CHECKS_VALIDITY(X)			\
	EVAL_CHECKS_SELECTORS(X)		\
	EVAL_CHECKS_ENDPOINTS(X)		\
	EVAL_CHECKS_SERVICES(X)			\
	EVAL_CHECKS_COMBINE(X)			\
	EVAL_CHECKS_MESH(X)			\
	EVAL_CHECKS_AGENT(X)			\
	EVAL_CHECKS_DATAPATH(X)			\
	EVAL_CHECKS_DROPS(X)

#define X(name) void check_##name(struct eval_ctx *ctx);
EVAL_CHECKS(X)
#undef X

#endif
