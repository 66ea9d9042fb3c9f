/*
 * checks_selectors.h: the built-in checks of the selectors rules, as a list
 * (see checks.h).  X(name) registers check_<name>, defined in
 * src/check_selectors.c.
 */
#ifndef CTRIAGE_CHECKS_SELECTORS_H
#define CTRIAGE_CHECKS_SELECTORS_H

#define EVAL_CHECKS_SELECTORS(X)		\
	X(sel_no_match)				\
	X(ns_peer_implicit)			\
	X(ns_subject_other_ns)			\
	X(knp_cnp_overlap)

#endif
