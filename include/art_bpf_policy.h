/*
 * art_bpf_policy.h: the datapath policy maps as `bpf policy get` prints them.
 *
 * Parses `cilium(-dbg) bpf policy get --all [--numeric|-n]` (bugtool
 * cmd/cilium[-dbg]-bpf-policy-get---all---numeric.md) and the single-map
 * `bpf policy get [-n] <id>` that issues paste.  Per map, the newest agents
 * print `Endpoint ID: <id>` and `Path: .../cilium_policy_v2_<id5>`, older
 * ones a bare `/sys/fs/bpf/tc/globals/cilium_policy_<id5>:` line, then a
 * tabwriter table in one of these layouts (cilium-dbg/cmd/bpf_policy_get.go,
 * sysdump-layout.md 2.5):
 *
 *   POLICY DIRECTION IDENTITY PORT/PROTO PROXY PORT AUTH TYPE BYTES PACKETS
 *       PREFIX COOKIE                                         (1.17 and later)
 *   POLICY DIRECTION IDENTITY ... AUTH TYPE BYTES PACKETS PREFIX  (1.15-1.16)
 *   DIRECTION IDENTITY PORT/PROTO PROXY PORT BYTES PACKETS      (up to 1.13)
 *
 * or, without --numeric, LABELS (source:key[=value]) in place of IDENTITY,
 * one label per line with continuation lines for the rest.  PORT/PROTO is
 * `ANY`, a protocol alone (`TCP`), `80/TCP`, a range `80-95/TCP`, the
 * 1.14-era masked form `0x50/12/TCP`, or a number for an unnamed protocol.
 * PROXY PORT is `NONE` or a number; BYTES and PACKETS are `-` when the
 * agent could not read the stats.  "Policy stats empty. Perhaps the policy
 * enforcement is disabled?" marks an empty map.
 */
#ifndef CTRIAGE_ART_BPF_POLICY_H
#define CTRIAGE_ART_BPF_POLICY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "diag.h"
#include "ingest.h"
#include "intern.h"

/* BYTES/PACKETS printed as "-" (or the column is absent). */
#define BPF_POLICY_STAT_NONE	UINT64_MAX

/* Which columns the map's table had. */
enum bpf_policy_columns {
	BPF_POLICY_COL_POLICY	= 1 << 0,	/* POLICY (Allow/Deny) */
	BPF_POLICY_COL_LABELS	= 1 << 1,	/* LABELS instead of IDENTITY */
	BPF_POLICY_COL_AUTH	= 1 << 2,	/* AUTH TYPE */
	BPF_POLICY_COL_PREFIX	= 1 << 3,	/* PREFIX */
	BPF_POLICY_COL_COOKIE	= 1 << 4,	/* COOKIE */
};

struct bpf_policy_entry {
	unsigned long	 line;
	bool		 deny;		/* POLICY Deny; Allow (or no column) */
	bool		 egress;	/* DIRECTION Egress, else Ingress */
	/*
	 * The peer identity.  With --numeric it is the number (0 is any
	 * peer).  In the label layout has_identity is set only when the
	 * labels name a reserved identity ("reserved:unknown" and "ANY" give
	 * 0, "reserved:host" 1 and so on); the labels are always kept.
	 */
	bool		 has_identity;
	uint32_t	 identity;
	const char	**labels;	/* interned "source:key=value"; label
					   layout only */
	size_t		 nlabels;
	/* Ports: 0/0 for any port; port == end_port for a single port. */
	uint16_t	 port;
	uint16_t	 end_port;
	uint8_t		 proto;		/* IP protocol number, 0 = any */
	const char	*proto_name;	/* interned as printed: "TCP", "ANY" */
	const char	*port_proto;	/* interned cell text: "80-95/TCP" */
	uint16_t	 proxy_port;	/* 0 for NONE */
	const char	*auth_type;	/* interned ("disabled", "spire"), or
					   NULL without the column */
	uint64_t	 bytes;		/* BPF_POLICY_STAT_NONE: not known */
	uint64_t	 packets;
	bool		 has_prefix;
	uint8_t		 prefix_len;	/* LPM prefix bits of proto+port */
	bool		 has_cookie;
	uint32_t	 cookie;	/* policy log cookie */
};

struct bpf_policy_map {
	unsigned long		 line;		/* first line of the map */
	bool			 has_endpoint_id;
	uint32_t		 endpoint_id;
	const char		*map_path;	/* interned, or NULL */
	unsigned		 columns;	/* enum bpf_policy_columns */
	bool			 empty_notice;	/* "Policy stats empty..." */
	struct bpf_policy_entry	*entries;
	size_t			 nentries;
};

struct bpf_policy_result {
	const char		*path;		/* interned member path */
	struct bpf_policy_map	*maps;
	size_t			 nmaps;
	size_t			 nentries;	/* over all maps */
};

/*
 * Parse a `bpf policy get` output.  Rows that cannot be read get one
 * diagnostic each (with their line) and are skipped.  Returns 0 when a
 * table or an empty-map notice was found (even with skipped rows), -1 when
 * nothing usable came out (out is then empty but valid).
 */
int art_bpf_policy_parse(struct ingest_member *m, struct arena *a,
    struct strtab *st, struct diag_list *diags,
    struct bpf_policy_result *out);

/*
 * Parse a PORT/PROTO cell ("ANY", "TCP", "80/TCP", "80-95/TCP",
 * "0x50/12/TCP", "53/17").  Returns false when it is none of these.
 */
bool bpf_policy_port_proto_parse(const char *s, size_t len, uint16_t *port,
    uint16_t *end_port, uint8_t *proto);

/* The protocol number for a u8proto name ("TCP" 6, "ANY" 0), or -1. */
int bpf_policy_proto_number(const char *name, size_t len);

/* The map for an endpoint id, or NULL. */
const struct bpf_policy_map *bpf_policy_find_map(
    const struct bpf_policy_result *r, uint32_t endpoint_id);

#endif
