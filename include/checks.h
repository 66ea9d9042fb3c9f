/*
 * checks.h: the built-in checks, as one list.
 *
 * X(name) declares `void check_<name>(struct eval_ctx *)`, defined in a
 * src/check_<area>.c file, and registers it under `name` for rule files'
 * `check: {builtin: name}`.  Adding a check is one function and one line.
 */
#ifndef CTRIAGE_CHECKS_H
#define CTRIAGE_CHECKS_H

#include "eval.h"

#define EVAL_CHECKS(X)				\
	X(pol_invalid_status)			\
	X(sysdump_incomplete)

#define X(name) void check_##name(struct eval_ctx *ctx);
EVAL_CHECKS(X)
#undef X

#endif
