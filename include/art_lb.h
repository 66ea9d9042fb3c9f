/*
 * art_lb.h: the agent's load-balancing state: services and their backends.
 *
 * Three outputs land here (sysdump-layout.md 2.5, 3.4):
 *
 * - `cilium(-dbg) bpf lb list` (cmd/...-bpf-lb-list.md): a tabwriter table
 *   `SERVICE ADDRESS  BACKEND ADDRESS (REVNAT_ID) (SLOT)` printed from a Go
 *   map (cilium-dbg/cmd/bpf_lb_list.go, TablePrinter), so rows come in any
 *   order.  The service key is `10.96.0.10:53/UDP (1)` since 1.15 (one key
 *   per backend slot; `/i` marks the internal scope), `10.96.0.10:53` before
 *   (one key per service, further slots on continuation lines).  Slot 0
 *   reads `0.0.0.0:0 (<revnat>) (0) [ClusterIP, non-routable]`, other slots
 *   `10.0.1.184:53/UDP (<revnat>) (<slot>)` (no `/UDP` before 1.15), or
 *   `backend <id> not found`.  Rows are grouped back into services by
 *   frontend.  The --revnat, --frontends, --backends and --source-ranges
 *   listings are recognized and give no services.
 * - `cilium(-dbg) service list` (cmd/...-service-list.md): `ID  Frontend
 *   Service Type  Backend` (before 1.17; newer drop ID), one numbered
 *   backend per line: `1 => 10.217.0.107:80` (1.9 and before) or
 *   `1 => 10.0.1.5:80/TCP (active)`; the type may end in " (Remote)"
 *   (cilium-dbg/cmd/service_list.go).
 * - `cilium(-dbg) service list -o json` and the debuginfo `service-list`:
 *   `[]models.Service` `{spec{id, frontend-address{ip, port, protocol,
 *   scope}, backend-addresses[{ip, port, protocol, state, weight, nodeName,
 *   zone, preferred}], flags{type, name, namespace, trafficPolicy,
 *   extTrafficPolicy, intTrafficPolicy, natPolicy, cluster, ...}},
 *   status{realized{...}}}` (api/v1/models/service*.go).
 */
#ifndef CTRIAGE_ART_LB_H
#define CTRIAGE_ART_LB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "arena.h"
#include "diag.h"
#include "ingest.h"
#include "intern.h"

enum lb_format {
	LB_BPF_LIST,		/* bpf lb list */
	LB_SERVICE_LIST_TEXT,	/* service list */
	LB_SERVICE_LIST_JSON,	/* service list -o json, debuginfo */
};

struct lb_backend {
	unsigned long	 line;		/* 0 when not known (JSON) */
	const char	*ip;		/* interned, no brackets; NULL for a
					   missing backend */
	uint16_t	 port;
	const char	*protocol;	/* interned "TCP", or NULL */
	const char	*state;		/* interned "active", "terminating",
					   ..., or NULL when not shown */
	bool		 has_weight;
	uint16_t	 weight;
	const char	*node_name;	/* interned, or NULL */
	const char	*zone;
	bool		 preferred;
	uint16_t	 slot;		/* bpf lb list; else the 1-based
					   position */
	/* bpf lb list: "backend <id> not found" (a dangling slot). */
	bool		 missing;
	uint32_t	 missing_id;
};

struct lb_service {
	unsigned long	 line;		/* first row; 0 when not known */
	const char	*frontend;	/* interned, as printed without the
					   slot: "10.96.0.10:53/UDP" */
	const char	*ip;		/* interned, no brackets */
	uint16_t	 port;
	const char	*protocol;	/* interned "TCP", "ANY", or NULL */
	bool		 internal;	/* scope internal ("/i") */
	bool		 has_id;
	uint32_t	 id;		/* service id */
	bool		 has_revnat;
	uint32_t	 revnat_id;	/* bpf lb list */
	const char	*type;		/* interned "ClusterIP", "NodePort",
					   ..., or NULL */
	const char	*flags;		/* interned bpf flags text
					   ("ClusterIP, non-routable") */
	bool		 remote;	/* from a remote cluster */
	const char	*name;		/* JSON only, interned or NULL */
	const char	*namespace;
	const char	*ext_traffic_policy;
	const char	*int_traffic_policy;
	const char	*nat_policy;
	const char	*cluster;
	struct lb_backend *backends;
	size_t		 nbackends;
};

struct lb_result {
	const char		*path;		/* interned member path */
	enum lb_format		 format;
	struct lb_service	*services;
	size_t			 nservices;
	size_t			 nbackends;	/* over all services */
};

/*
 * Parse any of the three outputs (recognized by content).  Bad rows get a
 * diagnostic each and are skipped.  Returns 0 when the member parsed (an
 * empty listing included), -1 when nothing usable came out.
 */
int art_lb_parse(struct ingest_member *m, struct arena *a,
    struct strtab *st, struct diag_list *diags, struct lb_result *out);

/*
 * Convert a borrowed `[]models.Service` array (the debuginfo JSON's
 * "service-list") into out.  path names the member in out->path and in
 * diagnostics; lines are 0.  Returns 0, or -1 when arr is not an array.
 */
int art_lb_from_json(json_t *arr, const char *path, struct arena *a,
    struct strtab *st, struct diag_list *diags, struct lb_result *out);

/*
 * Split "10.0.0.1:80", "[fd00::1]:80/TCP", "10.0.0.1:80/TCP/i" into
 * address, port, protocol and scope.  *proto and *plen are NULL and 0 without a
 * protocol.  Returns false when it is none of these.
 */
bool lb_addr_parse(const char *s, size_t len, const char **ip, size_t *iplen,
    uint16_t *port, const char **proto, size_t *plen, bool *internal);

/* The service with this frontend address and port (and protocol, unless
 * NULL), or NULL. */
const struct lb_service *lb_find(const struct lb_result *r, const char *ip,
    uint16_t port, const char *protocol);

#endif
