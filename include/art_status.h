/*
 * art_status.h: the agent's health summary from `cilium(-dbg) status`.
 *
 * Which files: the bugtool's cmd/cilium-dbg-status---verbose.md (>= 1.15)
 * or cmd/cilium-status---verbose.md (<= 1.14) and other `status` outputs,
 * `status -o json`, and the `cilium-status` member of the debuginfo JSON.
 *
 * Formats (sysdump-layout.md 2.5 and 3.3; pkg/client/client.go
 * FormatStatusResponse, pkg/health/client/client.go, cilium-dbg/cmd/
 * status.go, api/v1/models/status_response.go):
 *   - text: "Key:<tab-padded>value" lines written through one tabwriter,
 *     from 1.0 (KVStore, ContainerRuntime, "IPv4 address pool") to 1.18
 *     (Routing, Attach Mode, Device Mode, Modules Health); the verbose
 *     blocks follow their key as indented lines: the allocated addresses,
 *     the controller table `Name  Last success  Last error  Count
 *     Message`, KubeProxyReplacement Details, BPF Maps, the cluster-health
 *     node rows (`Name IP Reachable Endpoints reachable` before 1.9,
 *     `Name IP Node Endpoints` after, per-node connectivity blocks in the
 *     newest verbose output) and the module health tree;
 *   - JSON: models.StatusResponse.
 * Every key/value line is kept as text; the facts triage needs are also
 * extracted into typed fields.  The `cilium status` of cilium-cli (ASCII
 * logo, DaemonSet rows) is a different report and is refused.
 */
#ifndef CTRIAGE_ART_STATUS_H
#define CTRIAGE_ART_STATUS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "arena.h"
#include "diag.h"
#include "ingest.h"
#include "intern.h"

/* models.Status state (Ok, Warning, Failure, Disabled). */
#define STATUS_STATES(X)				\
	X(STATUS_STATE_UNKNOWN,		"unknown")	\
	X(STATUS_STATE_OK,		"ok")		\
	X(STATUS_STATE_WARNING,		"warning")	\
	X(STATUS_STATE_FAILURE,		"failure")	\
	X(STATUS_STATE_DISABLED,	"disabled")

enum status_state {
#define X(e, s) e,
	STATUS_STATES(X)
#undef X
};

/* "ok", "warning", ... */
const char *status_state_name(enum status_state s);

/* The state named by a word as the agent prints it ("Ok", "OK", ...). */
enum status_state status_state_parse(const char *s, size_t len);

/* An indented line under a key (verbose detail), trimmed. */
struct status_subline {
	const char	*text;
	unsigned long	 line;
};

/* One "Key: value" line, value trimmed ("" when none), and its detail. */
struct status_pair {
	const char		*key;		/* interned, without ':' */
	const char		*value;
	unsigned long		 line;
	struct status_subline	*sub;
	size_t			 nsub;
};

struct status_component {
	bool			 present;
	enum status_state	 state;
	const char		*msg;		/* "" when none */
	unsigned long		 line;		/* 0 from JSON */
};

struct status_ipam_family {
	bool		 present;
	uint64_t	 allocated;
	uint64_t	 total;		/* 0 when not printed */
	const char	*cidr;		/* interned, or NULL */
};

struct status_allocation {
	const char	*ip;		/* interned */
	const char	*owner;		/* interned: "ns/pod", router, health */
	unsigned long	 line;
};

struct status_controller {
	const char	*name;			/* interned */
	const char	*last_success;		/* "2m52s ago", "never"; JSON:
						   the timestamp */
	const char	*last_failure;
	uint64_t	 consecutive_failures;	/* the Count column */
	uint64_t	 failure_count;		/* JSON only */
	const char	*message;		/* "no error" or the error */
	bool		 failing;		/* consecutive_failures > 0 */
	unsigned long	 line;
};

/* A node that cilium-health reports as not (fully) reachable. */
struct status_node {
	const char	*name;		/* interned, " (localhost)" removed */
	const char	*ip;		/* interned, or NULL */
	bool		 localhost;
	const char	*detail;	/* the failing cells or probe result */
	unsigned long	 line;
};

struct status_result {
	const char		*path;		/* interned member path */
	bool			 json;		/* read from JSON output */
	struct status_pair	*pairs;		/* text only, output order */
	size_t			 npairs;

	struct status_component	 kvstore;
	struct status_component	 kubernetes;
	struct status_component	 cilium;
	struct status_component	 health;	/* Cilium health daemon */
	struct status_component	 container_runtime;	/* <= 1.12 */
	struct status_component	 hubble;

	/* "1.16.5" from `Cilium: Ok 1.16.5 (v1.16.5-...)` or version lines */
	const char		*version;	/* interned, or NULL */
	const char		*version_detail; /* "v1.16.5-...", or NULL */

	/* KubeProxyReplacement: True/False, Strict/Partial/Probe/Disabled */
	const char		*kpr_mode;	/* interned, or NULL */
	const char		*kpr_devices;	/* "[eth0 ...]", or NULL */
	const char		*encryption;	/* Disabled, Wireguard, IPsec */
	const char		*routing;	/* raw Routing / Host Routing */

	struct status_ipam_family ipv4;
	struct status_ipam_family ipv6;
	struct status_allocation *allocations;
	size_t			 nallocations;

	bool			 has_controllers;
	uint32_t		 controllers_total;
	uint32_t		 controllers_healthy;
	/* The rows listed (verbose text: all; JSON: all; plain: failing). */
	struct status_controller *controllers;
	size_t			 ncontrollers;
	size_t			 ncontrollers_failing;

	bool			 has_proxy;
	const char		*proxy_ip;	/* interned, or NULL */
	int64_t			 proxy_redirects;	/* -1 unknown */
	const char		*proxy_port_range;	/* "10000-20000" */
	const char		*proxy_envoy;	/* embedded, external, NULL */

	/* Cluster health: reachable/total and the nodes listed as failing. */
	struct status_component	 cluster_health;	/* state from text */
	int64_t			 nodes_reachable;	/* -1 unknown */
	int64_t			 nodes_total;		/* -1 unknown */
	struct status_node	*unreachable;
	size_t			 nunreachable;

	/* "<err>" of a bugtool "> Error while running" trailer, or NULL. */
	const char		*cmd_error;
	unsigned long		 line;		/* first status line */
};

/*
 * Parse one `status` output, text or JSON, deciding by content (a
 * debuginfo object is read through its "cilium-status").  Strings go to
 * a/st; *out is overwritten.  An unreadable detail row adds one
 * diagnostic for the member and is skipped.  Returns 0 when the member
 * parsed, -1 when it holds no agent status (with a diagnostic).
 */
int art_status_parse(struct ingest_member *m, struct arena *a,
    struct strtab *st, struct diag_list *diags, struct status_result *out);

/*
 * Fill the typed fields of *out from one StatusResponse object (borrowed);
 * out->pairs stays empty.  path is stored (interned) as out->path; line is
 * the object's line (0 when unknown).  Returns 0, or -1 when obj is not an
 * object.
 */
int art_status_from_json(json_t *obj, const char *path, unsigned long line,
    struct arena *a, struct strtab *st, struct status_result *out);

/* The value of the first pair with this key, or NULL. */
const char *status_result_get(const struct status_result *r,
    const char *key);

#endif
