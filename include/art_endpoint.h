/*
 * art_endpoint.h: agent endpoints from `cilium(-dbg) endpoint list` and
 * the Endpoint JSON model.
 *
 * Which files: the bugtool's cmd/cilium-dbg-endpoint-list.md (>= 1.15) or
 * cmd/cilium-endpoint-list.md (<= 1.14), the "Endpoint list" table and the
 * "Endpoint Get <id>" JSON inside cilium-debuginfo-*.md, `endpoint list -o
 * json` and `endpoint get <id>` output (an array of models.Endpoint), and
 * the `endpoint-list` member of the debuginfo JSON.
 *
 * Formats (sysdump-layout.md 2.5 and 3.1; cilium-dbg/cmd/endpoint_list.go,
 * api/v1/models/endpoint*.go):
 *   - text, 1.0 and later: a tabwriter table
 *       ENDPOINT  POLICY (ingress)  POLICY (egress)  IDENTITY  LABELS
 *       (source:key[=value])  IPv6  IPv4  STATUS
 *     with a second header row `ENFORCEMENT  ENFORCEMENT`, one row per
 *     endpoint holding its first label and continuation rows holding the
 *     others; policy cells Enabled, Disabled, "Disabled (Audit)", Unknown;
 *     `no labels`; `<no label id>`; empty, "No address" or Unknown
 *     address cells;
 *   - text, 0.x: a single `POLICY` (ENFORCEMENT) column, read as the
 *     ingress mode; titles are matched by name, so columns may move;
 *   - JSON: models.Endpoint, whose fields sit under "status" since 1.0
 *     (older flat objects are read too).
 * Markdown wrapping, shell prompts and log lines around the table, tables
 * cut short and the bugtool error trailer are tolerated.
 */
#ifndef CTRIAGE_ART_ENDPOINT_H
#define CTRIAGE_ART_ENDPOINT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "arena.h"
#include "diag.h"
#include "ingest.h"
#include "intern.h"
#include "label.h"

/* Policy enforcement in one direction, as `endpoint list` shows it. */
#define ENDPOINT_POLICY_MODES(X)				\
	X(ENDPOINT_POLICY_UNKNOWN,	"unknown")		\
	X(ENDPOINT_POLICY_DISABLED,	"disabled")		\
	X(ENDPOINT_POLICY_ENABLED,	"enabled")		\
	X(ENDPOINT_POLICY_AUDIT,	"audit")

enum endpoint_policy_mode {
#define X(e, s) e,
	ENDPOINT_POLICY_MODES(X)
#undef X
};

/* "enabled", "disabled", "audit", "unknown". */
const char *endpoint_policy_mode_name(enum endpoint_policy_mode p);

/*
 * The two directions from a realized `policy-enabled` value (none,
 * ingress, egress, both, audit-ingress, audit-egress, audit-both); NULL or
 * anything else gives unknown/unknown, as endpoint_list.go prints it.
 */
void endpoint_policy_from_enabled(const char *policy_enabled,
    enum endpoint_policy_mode *ingress, enum endpoint_policy_mode *egress);

struct endpoint_controller {
	const char	*name;			/* interned */
	uint64_t	 success_count;
	uint64_t	 failure_count;
	uint64_t	 consecutive_failures;
	const char	*last_failure_msg;	/* NULL when none */
	const char	*last_failure_time;	/* as printed; NULL when none */
};

/* A failed entry of the endpoint's status log. */
struct endpoint_log_entry {
	const char	*code;		/* interned, "failed" (or "Failure") */
	const char	*state;		/* interned, or NULL */
	const char	*message;
	const char	*timestamp;	/* as printed, or NULL */
};

struct endpoint_named_port {
	const char	*name;		/* interned */
	uint32_t	 port;
	const char	*protocol;	/* interned, or NULL */
};

struct endpoint_record {
	uint32_t		 id;
	const char		*state;		/* interned "ready"...; NULL */
	bool			 has_identity;
	uint32_t		 identity;
	/*
	 * Identity labels as printed ("k8s:app=web", interned, output
	 * order) and parsed.  From JSON: status.identity.labels, else
	 * status.labels.security-relevant.  From text: the LABELS cells.
	 */
	const char		**label_text;
	size_t			 nlabel_text;
	struct labelset		 labels;
	const char		*pod_namespace;	/* interned, or NULL */
	const char		*pod_name;	/* interned, or NULL */
	const char		*container_id;	/* or NULL */
	const char		*ipv4;		/* interned, or NULL */
	const char		*ipv6;		/* interned, or NULL */
	const char		*ifname;	/* host side lxc..., or NULL */
	int64_t			 ifindex;	/* 0 when unknown */
	enum endpoint_policy_mode ingress;
	enum endpoint_policy_mode egress;
	/* The raw policy-enabled value (JSON only), interned, or NULL. */
	const char		*policy_enabled;
	bool			 has_policy_revision;
	uint64_t		 policy_revision;
	/* health: OK, Bootstrap, Pending, Warning, Failure, Disabled */
	const char		*health_overall;	/* interned, or NULL */
	const char		*health_bpf;
	const char		*health_policy;
	int			 connected;	/* 1, 0, -1 unknown */
	struct endpoint_named_port *ports;
	size_t			 nports;
	struct endpoint_controller *controllers;
	size_t			 ncontrollers;
	struct endpoint_log_entry *failed_log;
	size_t			 nfailed_log;
	unsigned long		 line;		/* 1-based, where it starts */
};

struct endpoint_result {
	const char		*path;		/* interned member path */
	bool			 json;		/* read from JSON output */
	struct endpoint_record	*v;		/* in output order */
	size_t			 n;
	/* "<err>" of a bugtool "> Error while running" trailer, or NULL. */
	const char		*cmd_error;
};

/*
 * Parse one endpoint listing, text or JSON, deciding by content: a JSON
 * array of endpoints, one endpoint object, or a debuginfo object (its
 * "endpoint-list" is read); otherwise every endpoint table in the member.
 * Records and strings go to a/st; *out is overwritten.  Rows that cannot
 * be read add one diagnostic for the member and are skipped.  Returns 0
 * when the member parsed, -1 when nothing usable came out (with a
 * diagnostic).
 */
int art_endpoint_parse(struct ingest_member *m, struct arena *a,
    struct strtab *st, struct diag_list *diags, struct endpoint_result *out);

/*
 * Fill *out from one models.Endpoint JSON object (borrowed), as found in
 * an `endpoint list -o json` array or the debuginfo `endpoint-list`.  line
 * is stored as is (0 when unknown).  Missing fields stay NULL/0/unknown.
 * Returns 0, or -1 when obj is not an object with a numeric "id".
 */
int art_endpoint_from_json(json_t *obj, unsigned long line, struct arena *a,
    struct strtab *st, struct endpoint_record *out);

#endif
