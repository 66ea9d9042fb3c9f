/*
 * art_flow.h: Hubble flows from a sysdump.
 *
 * Parses `hubble-flows-<pod>-<ts>.json` (sysdump-layout.md section 3.5):
 * one `observer.GetFlowsResponse` per line, written by `hubble observe
 * -o jsonpb` with protojson names (`api/v1/observer/observer.proto`,
 * `api/v1/flow/flow.proto`): `{"flow":{...},"node_name":..,"time":..}`,
 * or a `node_status` or `lost_events` response instead of the flow.  The
 * same line format comes from the Hubble exporter and from older
 * collectors (Jul 2021 - May 2022, `hubble observe --follow`).  A bare
 * flow object per line is accepted too, as are the protojson default
 * lowerCamelCase names (`dropReasonDesc`) of other dumps, and a
 * `<file>.json:` prefix left by grep in pasted excerpts.
 *
 * What protojson does to values is undone here: 64-bit integers arrive
 * as strings, enums as names (or as a bare number when the writer did not
 * know the name), HTML-escaped `\u003c`, unset fields omitted.
 *
 * A collector keeps at most 10000 flows per node, so flows are stored: the
 * records live in the arena, repeated strings (labels, names, IPs, nodes)
 * are interned.  A line that does not parse gives one diagnostic with its
 * line number, and parsing goes on.
 */
#ifndef CTRIAGE_ART_FLOW_H
#define CTRIAGE_ART_FLOW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "diag.h"
#include "drop_reason.h"
#include "ingest.h"
#include "intern.h"

/* X(enum, protojson name); the order is the proto's numbering. */
#define FLOW_VERDICTS(X)				\
	X(FLOW_VERDICT_UNKNOWN,	"VERDICT_UNKNOWN")	\
	X(FLOW_FORWARDED,	"FORWARDED")		\
	X(FLOW_DROPPED,		"DROPPED")		\
	X(FLOW_ERROR,		"ERROR")		\
	X(FLOW_AUDIT,		"AUDIT")		\
	X(FLOW_REDIRECTED,	"REDIRECTED")		\
	X(FLOW_TRACED,		"TRACED")		\
	X(FLOW_TRANSLATED,	"TRANSLATED")

enum flow_verdict {
#define X(e, s) e,
	FLOW_VERDICTS(X)
#undef X
	FLOW_NVERDICTS
};

#define FLOW_DIRECTIONS(X)					\
	X(FLOW_DIR_UNKNOWN,	"TRAFFIC_DIRECTION_UNKNOWN")	\
	X(FLOW_DIR_INGRESS,	"INGRESS")			\
	X(FLOW_DIR_EGRESS,	"EGRESS")

enum flow_direction {
#define X(e, s) e,
	FLOW_DIRECTIONS(X)
#undef X
	FLOW_NDIRECTIONS
};

#define FLOW_TYPES(X)				\
	X(FLOW_TYPE_UNKNOWN,	"UNKNOWN_TYPE")	\
	X(FLOW_TYPE_L3_L4,	"L3_L4")	\
	X(FLOW_TYPE_L7,		"L7")		\
	X(FLOW_TYPE_SOCK,	"SOCK")

enum flow_type {
#define X(e, s) e,
	FLOW_TYPES(X)
#undef X
	FLOW_NTYPES
};

/* X(enum, the key of the Layer4 oneof) */
#define FLOW_L4_PROTOS(X)		\
	X(FLOW_L4_NONE,		"")	\
	X(FLOW_L4_TCP,		"TCP")	\
	X(FLOW_L4_UDP,		"UDP")	\
	X(FLOW_L4_SCTP,		"SCTP")	\
	X(FLOW_L4_ICMPV4,	"ICMPv4") \
	X(FLOW_L4_ICMPV6,	"ICMPv6") \
	X(FLOW_L4_VRRP,		"VRRP")	\
	X(FLOW_L4_IGMP,		"IGMP")

enum flow_l4_proto {
#define X(e, s) e,
	FLOW_L4_PROTOS(X)
#undef X
	FLOW_NL4_PROTOS
};

#define FLOW_L7_TYPES(X)				\
	X(FLOW_L7_TYPE_UNKNOWN,	"UNKNOWN_L7_TYPE")	\
	X(FLOW_L7_REQUEST,	"REQUEST")		\
	X(FLOW_L7_RESPONSE,	"RESPONSE")		\
	X(FLOW_L7_SAMPLE,	"SAMPLE")

enum flow_l7_type {
#define X(e, s) e,
	FLOW_L7_TYPES(X)
#undef X
	FLOW_NL7_TYPES
};

enum flow_l7_proto {
	FLOW_L7_NONE,
	FLOW_L7_DNS,
	FLOW_L7_HTTP,
	FLOW_L7_KAFKA,
};

/*
 * X(enum, protojson name, proto value, monitor trace sub_type or -1).
 * The monitor numbering (pkg/monitor/api/types.go) is what event_type
 * .sub_type holds for a trace event (type 4).
 */
#define FLOW_OBS_POINTS(X)					\
	X(FLOW_OBS_UNKNOWN,	 "UNKNOWN_POINT",	0,   -1)	\
	X(FLOW_OBS_TO_PROXY,	 "TO_PROXY",		1,   1)		\
	X(FLOW_OBS_TO_HOST,	 "TO_HOST",		2,   2)		\
	X(FLOW_OBS_TO_STACK,	 "TO_STACK",		3,   3)		\
	X(FLOW_OBS_TO_OVERLAY,	 "TO_OVERLAY",		4,   4)		\
	X(FLOW_OBS_TO_ENDPOINT,	 "TO_ENDPOINT",		101, 0)		\
	X(FLOW_OBS_FROM_ENDPOINT, "FROM_ENDPOINT",	5,   5)		\
	X(FLOW_OBS_FROM_PROXY,	 "FROM_PROXY",		6,   6)		\
	X(FLOW_OBS_FROM_HOST,	 "FROM_HOST",		7,   7)		\
	X(FLOW_OBS_FROM_STACK,	 "FROM_STACK",		8,   8)		\
	X(FLOW_OBS_FROM_OVERLAY, "FROM_OVERLAY",	9,   9)		\
	X(FLOW_OBS_FROM_NETWORK, "FROM_NETWORK",	10,  10)	\
	X(FLOW_OBS_TO_NETWORK,	 "TO_NETWORK",		11,  11)	\
	X(FLOW_OBS_FROM_CRYPTO,	 "FROM_CRYPTO",		12,  12)	\
	X(FLOW_OBS_TO_CRYPTO,	 "TO_CRYPTO",		13,  13)

enum flow_obs_point {
#define X(e, s, v, t) e,
	FLOW_OBS_POINTS(X)
#undef X
	FLOW_NOBS_POINTS
};

/* Monitor message types (pkg/monitor/api/types.go) that flows use. */
enum flow_event_type {
	FLOW_EVENT_DROP			= 1,
	FLOW_EVENT_POLICY_VERDICT	= 5,
};

/* A protobuf BoolValue: absent is not false. */
enum flow_bool {
	FLOW_BOOL_UNSET,
	FLOW_BOOL_FALSE,
	FLOW_BOOL_TRUE,
};

/* TCPFlags, as bits (the proto's field order). */
enum flow_tcp_flags {
	FLOW_TCP_FIN	= 1 << 0,
	FLOW_TCP_SYN	= 1 << 1,
	FLOW_TCP_RST	= 1 << 2,
	FLOW_TCP_PSH	= 1 << 3,
	FLOW_TCP_ACK	= 1 << 4,
	FLOW_TCP_URG	= 1 << 5,
	FLOW_TCP_ECE	= 1 << 6,
	FLOW_TCP_CWR	= 1 << 7,
	FLOW_TCP_NS	= 1 << 8,
};
#define FLOW_TCP_NFLAGS	9

/*
 * In the records below, strings are interned (or arena copies for unique
 * text: uuid, time) and NULL when absent; arrays are in the arena.
 */
struct flow_workload {
	const char	*name;
	const char	*kind;
};

struct flow_endpoint {
	uint32_t		 id;		/* endpoint ID, 0 if none */
	uint32_t		 identity;	/* security identity, 0 if none */
	const char		*cluster_name;
	const char		*namespace;
	const char		*pod_name;
	const char		**labels;	/* "k8s:app=web", as listed */
	size_t			 nlabels;
	struct flow_workload	*workloads;
	size_t			 nworkloads;
};

struct flow_service {
	const char	*name;
	const char	*namespace;
};

/* A policy that allowed or denied the flow (`ingress_allowed_by` ...). */
struct flow_policy {
	const char	*name;
	const char	*namespace;
	const char	*kind;		/* "CiliumNetworkPolicy", ... */
	const char	**labels;
	size_t		 nlabels;
	uint64_t	 revision;
};

struct flow_policies {
	struct flow_policy	*v;
	size_t			 n;
};

struct flow_l7 {
	enum flow_l7_type	 type;
	enum flow_l7_proto	 proto;
	uint64_t		 latency_ns;
	/* DNS */
	const char		*dns_query;
	uint32_t		 dns_rcode;	/* 0 NOERROR, 3 NXDOMAIN, ... */
	uint32_t		 dns_ttl;
	const char		**dns_ips;
	size_t			 ndns_ips;
	const char		**dns_cnames;
	size_t			 ndns_cnames;
	const char		**dns_qtypes;
	size_t			 ndns_qtypes;
	const char		*dns_source;	/* observation_source */
	/* HTTP */
	uint32_t		 http_code;
	const char		*http_method;
	const char		*http_url;
	const char		*http_protocol;
	/* Kafka */
	const char		*kafka_topic;
	const char		*kafka_api_key;
	int32_t			 kafka_error_code;
};

struct flow_record {
	unsigned long		 line;		/* 1-based line in the member */
	const char		*time;		/* RFC 3339 text, or NULL */
	int64_t			 time_sec;	/* UTC, 0 when absent */
	uint32_t		 time_nsec;
	const char		*uuid;
	const char		*node_name;	/* flow's, else the response's */

	enum flow_verdict	 verdict;
	/*
	 * The drop: code from `drop_reason`, or `event_type.sub_type` of a
	 * drop event (type 1), or the code of `drop_reason_desc`; name from
	 * `drop_reason_desc`, or the table's name for the code.  0 / NULL
	 * when the flow carries none.  `drop` is the table row, NULL for a
	 * code the table lacks.
	 */
	uint32_t		 drop_reason;
	const char		*drop_reason_name;
	const struct drop_reason *drop;

	enum flow_direction	 direction;
	enum flow_type		 type;
	enum flow_bool		 is_reply;
	unsigned		 ip_version;	/* 4, 6, or 0 */
	const char		*src_ip;
	const char		*dst_ip;
	const char		*src_ip_xlated;
	/* DNS names an end was printed as (hubble text), else NULL */
	const char		*src_name_text;
	const char		*dst_name_text;
	bool			 encrypted;
	struct flow_endpoint	 src;
	struct flow_endpoint	 dst;

	enum flow_l4_proto	 l4;
	uint32_t		 src_port;	/* TCP, UDP, SCTP */
	uint32_t		 dst_port;
	uint32_t		 icmp_type;	/* ICMPv4, ICMPv6 */
	uint32_t		 icmp_code;
	unsigned		 tcp_flags;	/* enum flow_tcp_flags bits */

	struct flow_l7		 l7;		/* proto FLOW_L7_NONE if none */

	const char		**src_names;	/* source_names (FQDNs) */
	size_t			 nsrc_names;
	const char		**dst_names;
	size_t			 ndst_names;
	struct flow_service	 src_service;
	struct flow_service	 dst_service;

	uint32_t		 policy_match_type;	/* see below */
	struct flow_policies	 ingress_allowed_by;
	struct flow_policies	 egress_allowed_by;
	struct flow_policies	 ingress_denied_by;
	struct flow_policies	 egress_denied_by;
	const char		*auth_type;

	bool			 has_event_type;
	int32_t			 event_type;	/* monitor message type */
	/*
	 * A policy-verdict event that stands for its dropped packet: its
	 * capture holds no drop events (flow_result_mark_lone_verdicts).
	 */
	bool			 verdict_is_drop;
	int32_t			 event_sub_type;
	/* From trace_observation_point, else a trace event's sub_type. */
	enum flow_obs_point	 obs_point;
	const char		*trace_reason;	/* "NEW", "ESTABLISHED", ... */
	const char		*file_name;	/* datapath source of a drop */
	uint32_t		 file_line;
	const char		*interface_name;
	uint32_t		 interface_index;
	uint32_t		 proxy_port;
	const char		*summary;	/* deprecated "TCP Flags: SYN" */
};

/* The most flows kept from one member; beyond it one warning. */
#define FLOW_MAX_RECORDS	200000
/* Longer lines are reported and skipped. */
#define FLOW_MAX_LINE		(1024 * 1024)
/* The longest line of a text capture (flow_text_parse); longer are cut. */
#define FLOW_TEXT_MAX_LINE	(64 * 1024)
/* Bad lines reported one by one; the rest in one summary diagnostic. */
#define FLOW_MAX_LINE_DIAGS	100

/* Where a member's flow records come from. */
#define FLOW_SOURCES(X)						\
	X(FLOW_SOURCE_HUBBLE,	 "hubble",    "Hubble")		\
	X(FLOW_SOURCE_MONITOR,	 "monitor",   "a cilium-dbg monitor capture") \
	X(FLOW_SOURCE_AGENT_LOG, "agent-log", "the agent log")	\
	X(FLOW_SOURCE_HUBBLE_TEXT, "hubble-text", "a hubble observe capture")

enum flow_source {
#define X(e, s, t) e,
	FLOW_SOURCES(X)
#undef X
	FLOW_NSOURCES
};

struct flow_result {
	const char		*path;		/* interned member path */
	enum flow_source	 source;
	struct flow_record	*flows;		/* in line order, in the arena */
	size_t			 nflows;
	unsigned long		 lines;		/* non-blank lines */
	unsigned long		 bad_lines;	/* lines that gave nothing */
	unsigned long		 node_status;	/* node_status lines */
	unsigned long		 lost_lines;	/* lost_events lines */
	uint64_t		 lost_events;	/* sum of num_events_lost */
	unsigned long		 verdicts[FLOW_NVERDICTS];
	bool			 capped;	/* FLOW_MAX_RECORDS reached */
};

/*
 * Parse the member into *out (zeroed first).  Returns 0 when the member
 * parsed, even with bad lines (each has a diagnostic) or no flows at all
 * (an empty file is a valid capture); -1 when it could not be read to its
 * end, or when it had lines and none of them was a flow, node_status or
 * lost_events response.
 */
int art_flow_parse(struct ingest_member *m, struct arena *a,
    struct strtab *st, struct diag_list *diags, struct flow_result *out);

const char *flow_verdict_name(enum flow_verdict v);
/* "hubble", "monitor", "agent-log" (API), and the words for a sentence. */
const char *flow_source_name(enum flow_source s);
const char *flow_source_text(enum flow_source s);
const char *flow_direction_name(enum flow_direction d);
const char *flow_type_name(enum flow_type t);
const char *flow_l4_name(enum flow_l4_proto p);	/* "" for none */
const char *flow_l7_type_name(enum flow_l7_type t);
const char *flow_obs_point_name(enum flow_obs_point o);

/*
 * policy_match_type (pkg/monitor/api/types.go PolicyMatch*): 0 "none",
 * 1 "L3-Only", 2 "L3-L4", 3 "L4-Only", 4 "all", 5 "L3-Proto",
 * 6 "Proto-Only"; "unknown" for anything else.
 */
const char *flow_policy_match_name(uint32_t t);

/* The name of one TCP flag bit ("SYN"), NULL for anything else. */
const char *flow_tcp_flag_name(unsigned bit);

/*
 * Write the TCP flags as Hubble's Summary does ("SYN, ACK") into dst
 * (always NUL-terminated when n > 0); returns dst.
 */
char *flow_tcp_flags_str(unsigned flags, char *dst, size_t n);

/*
 * A capture filtered to policy verdicts (`monitor -t policy-verdict`,
 * `hubble observe --type policy-verdict`) holds no drop event for the
 * packets its deny verdicts stand for.  When r holds policy drops only as
 * policy-verdict events, mark each of them as the dropped packet
 * (fr->verdict_is_drop), so that a dropped packet is counted once whether
 * the capture was filtered or not.
 */
void flow_result_mark_lone_verdicts(struct flow_result *r);

/*
 * What a text line is to flow_text_parse: a record (filled in *fr), a
 * line of the tool's output that gives none, or not the tool's output:
 * then *why is NULL for lines around a capture (prompts, notes) and says
 * what was wrong for a line that starts like a record.
 */
enum flow_text_line {
	FLOW_TEXT_RECORD,
	FLOW_TEXT_OTHER,
	FLOW_TEXT_NOT,
};

typedef enum flow_text_line flow_text_line_fn(const char *s, size_t n,
    struct strtab *st, struct flow_record *fr, const char **why);

/*
 * Parse a text capture line by line with fn into *out (zeroed first):
 * records in line order in the arena, the given source, `what` naming a
 * record in diagnostics ("monitor event").  A bad line gives a diagnostic
 * with its line number (FLOW_MAX_LINE_DIAGS, then a summary); past
 * FLOW_MAX_RECORDS one warning.  Returns 0 when the member was read to its
 * end, -1 when it could not be, or when it had lines and none was the
 * tool's output ("no <what> in N lines" unless bad lines said why).  With
 * fold_repeats, a record line identical to the one before (timestamped
 * captures print two events of one packet alike) is not a new record.
 */
int flow_text_parse(struct ingest_member *m, struct arena *a,
    struct strtab *st, struct diag_list *diags, enum flow_source source,
    const char *what, flow_text_line_fn *fn, bool fold_repeats,
    struct flow_result *out);

/* Is this a drop caused by policy (drop_reason_category == policy)? */
bool flow_is_policy_drop(const struct flow_record *f);

#endif
