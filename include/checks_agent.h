/*
 * checks_agent.h: the built-in checks of the agent and node health rules,
 * as a list (see checks.h).  X(name) registers check_<name>, defined in
 * src/check_agent.c.
 */
#ifndef CTRIAGE_CHECKS_AGENT_H
#define CTRIAGE_CHECKS_AGENT_H

#define EVAL_CHECKS_AGENT(X)			\
	X(agent_crashloop)			\
	X(agent_unhealthy)			\
	X(health_unreachable)			\
	X(kernel_too_old)			\
	X(l7_proxy_inactive)

#endif
