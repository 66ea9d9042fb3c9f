/*
 * checks_endpoints.h: the built-in checks of the endpoints rules, as a list
 * (see checks.h).  X(name) registers check_<name>, defined in
 * src/check_endpoints.c.
 */
#ifndef CTRIAGE_CHECKS_ENDPOINTS_H
#define CTRIAGE_CHECKS_ENDPOINTS_H

#define EVAL_CHECKS_ENDPOINTS(X)		\
	X(ep_stuck_identity)			\
	X(ep_missing)				\
	X(ep_identity_stale)			\
	X(ep_stuck_regen)

#endif
