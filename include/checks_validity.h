/*
 * checks_validity.h: the built-in checks of the validity rules, as a list
 * (see checks.h).  X(name) registers check_<name>, defined in
 * src/check_validity.c.
 */
#ifndef CTRIAGE_CHECKS_VALIDITY_H
#define CTRIAGE_CHECKS_VALIDITY_H

#define EVAL_CHECKS_VALIDITY(X)		\
	X(pol_l3_mixed)			\
	X(pol_toservices_toports_old)	\
	X(pol_l7_no_proxy)		\
	X(pol_empty_ruleset)

#endif
