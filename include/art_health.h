/*
 * art_health.h: node-to-node connectivity as cilium-health reports it.
 *
 * - `cilium-health status -o json` (cmd/cilium-health-status--o-json.md):
 *   `HealthStatusResponse` `{local{name}, nodes[{name, host{primary-address
 *   {ip, icmp{status, latency, lastProbed}, http{...}}, secondary-addresses
 *   [...]}, health-endpoint{primary-address{...}, secondary-addresses[...]},
 *   endpoint{...}}], probeInterval, timestamp}` (api/v1/health/models,
 *   sysdump-layout.md 2.5).  A probe's status is empty when it succeeded
 *   and holds the error text otherwise; latency is in nanoseconds.  Agents
 *   before 1.11 report the health endpoint as the deprecated `endpoint`
 *   path.
 * - `cilium-health status [--verbose]` text (cmd/cilium-health-status---
 *   verbose.md): "Probe time:", "Nodes:", then per node "  <name>
 *   [(localhost)]:", "    Host connectivity to <ip>:", "      ICMP to stack:
 *   OK, RTT=315.254µs", "      HTTP to agent: <error>", "    Endpoint
 *   connectivity to <ip>:" (pkg/health/client/client.go).
 */
#ifndef CTRIAGE_ART_HEALTH_H
#define CTRIAGE_ART_HEALTH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "diag.h"
#include "ingest.h"
#include "intern.h"

struct health_probe {
	bool		 present;	/* the probe was reported */
	bool		 ok;		/* no error */
	const char	*error;		/* interned error text, or NULL */
	int64_t		 latency_ns;	/* 0 when unknown */
	const char	*last_probed;	/* interned, or NULL */
};

struct health_path {
	bool			 present;
	const char		*ip;	/* interned, or NULL */
	struct health_probe	 icmp;
	struct health_probe	 http;
};

struct health_node {
	unsigned long		 line;	/* where the node starts */
	const char		*name;	/* interned "kind/node-a" */
	bool			 local;	/* the node that ran the probes */
	struct health_path	 host;	/* host primary address */
	struct health_path	 endpoint;	/* health endpoint primary */
	struct health_path	*host_secondary;
	size_t			 nhost_secondary;
	struct health_path	*endpoint_secondary;
	size_t			 nendpoint_secondary;
	/*
	 * Reachable: every reported probe of the primary address is ok and
	 * at least one was reported.  Secondary addresses do not count.
	 */
	bool			 host_reachable;
	bool			 endpoint_reachable;
};

struct health_result {
	const char		*path;		/* interned member path */
	bool			 json;		/* from -o json */
	const char		*local_name;	/* interned, or NULL */
	const char		*timestamp;	/* "Probe time" / timestamp */
	const char		*probe_interval;
	struct health_node	*nodes;
	size_t			 nnodes;
	size_t			 hosts_reachable;
	size_t			 endpoints_reachable;
};

/*
 * Parse either form (recognized by content).  Returns 0 when the member
 * parsed (no nodes included), -1 when nothing usable came out.
 */
int art_health_parse(struct ingest_member *m, struct arena *a,
    struct strtab *st, struct diag_list *diags, struct health_result *out);

/* The node with that name, or NULL. */
const struct health_node *health_find(const struct health_result *r,
    const char *name);

#endif
