/*
 * checks_combine.h: the built-in checks of the combine rules, as a list
 * (see checks.h).  X(name) registers check_<name>, defined in
 * src/check_combine.c.
 */
#ifndef CTRIAGE_CHECKS_COMBINE_H
#define CTRIAGE_CHECKS_COMBINE_H

#define EVAL_CHECKS_COMBINE(X)			\
	X(first_policy_locks_direction)		\
	X(deny_only_defaultdeny)		\
	X(deny_overrides_allow)

#endif
