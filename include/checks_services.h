/*
 * checks_services.h: the built-in checks of the services rules, as a list
 * (see checks.h).  X(name) registers check_<name>, defined in
 * src/check_services.c.
 */
#ifndef CTRIAGE_CHECKS_SERVICES_H
#define CTRIAGE_CHECKS_SERVICES_H

#define EVAL_CHECKS_SERVICES(X)			\
	X(cidr_selects_pods)			\
	X(cidr_selects_nodes)			\
	X(svc_port_vs_targetport)		\
	X(svc_no_endpoints)			\
	X(fqdn_no_dns_rule)

#endif
