/*
 * checks_drops.h: the built-in checks of the drop-correlation rules, as a
 * list (see checks.h).  X(name) registers check_<name>, defined in
 * src/check_drops.c.  eval.c runs them after the root-cause rules, so that
 * they see which drops those explain.
 */
#ifndef CTRIAGE_CHECKS_DROPS_H
#define CTRIAGE_CHECKS_DROPS_H

#define EVAL_CHECKS_DROPS(X)			\
	X(drop_policy_denied)			\
	X(drop_policy_denylist)

#endif
