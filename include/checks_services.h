/*
 * checks_services.h: the built-in checks of the services rules, as a list
 * (see checks.h).  X(name) registers check_<name>, defined in
 * src/check_services.c.
 */
#ifndef CTRIAGE_CHECKS_SERVICES_H
#define CTRIAGE_CHECKS_SERVICES_H

#define EVAL_CHECKS_SERVICES(X)

#endif
