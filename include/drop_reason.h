/*
 * drop_reason.h: Cilium datapath drop reasons, by code and by name.
 *
 * One table (sysdump-layout.md section 5) joins the three spellings of a
 * drop: the numeric code the datapath reports (`drop_reason`, the monitor's
 * `event_type.sub_type` when type is 1, `cilium-dbg bpf metrics list`), the
 * agent's text for it (`pkg/monitor/api/drop.go`, map `errors`, as printed
 * by `cilium monitor` and in metrics), and the Hubble enum name
 * (`api/v1/flow/flow.proto`, enum DropReason, the `drop_reason_desc` of a
 * flow).  Codes below 130 (DropMin) are generic datapath return codes, not
 * drops, and have no Hubble enum; code 206 has none either.
 *
 * The texts of 130 and 131 ("(unused)" added once the datapath stopped
 * using them; the docs' troubleshooting capture has the old text), 133
 * ("Policy denied (L3)" in early releases: drop.go at 6d14ec4d, and the
 * capture of cilium issue 2907), 136 and 161 changed across releases
 * while the enum names kept their first meaning, so both texts are kept
 * and lookups by text accept either.  Match on the code whenever one is available.
 *
 * Each reason carries a category: `policy` for drops that network policy
 * caused (133 POLICY_DENIED, 181 POLICY_DENY, 189 AUTH_REQUIRED: mutual
 * authentication required by a policy), `datapath` for every other drop
 * (>= 130), `none` for the non-drop return codes.
 *
 * Everything here is constant data; lookups never allocate.
 */
#ifndef CTRIAGE_DROP_REASON_H
#define CTRIAGE_DROP_REASON_H

#include <stddef.h>
#include <stdint.h>

#define DROP_CATEGORIES(X)			\
	X(DROP_CAT_NONE,	"none")		\
	X(DROP_CAT_POLICY,	"policy")	\
	X(DROP_CAT_DATAPATH,	"datapath")

enum drop_category {
#define X(e, s) e,
	DROP_CATEGORIES(X)
#undef X
};

/*
 * X(code, Hubble enum name or NULL, newest agent text, older text or NULL,
 *   category suffix).  Sorted by code.
 */
#define DROP_REASONS(X)							\
	X(0, "DROP_REASON_UNKNOWN", "Success", NULL, NONE)		\
	X(2, NULL, "Invalid packet", NULL, NONE)				\
	X(3, NULL, "Interface", NULL, NONE)				\
	X(4, NULL, "Interface Decrypted", NULL, NONE)			\
	X(5, NULL, "LB, sock cgroup: No backend slot entry found", NULL,	\
	    NONE)							\
	X(6, NULL, "LB, sock cgroup: No backend entry found", NULL, NONE)	\
	X(7, NULL, "LB, sock cgroup: Reverse entry update failed", NULL,	\
	    NONE)							\
	X(8, NULL, "LB, sock cgroup: Reverse entry stale", NULL, NONE)	\
	X(9, NULL, "Fragmented packet", NULL, NONE)			\
	X(10, NULL, "Fragmented packet entry update failed", NULL, NONE)	\
	X(11, NULL, "Missed tail call to custom program (unused)", NULL,	\
	    NONE)							\
	X(12, NULL, "Interface Decrypting", NULL, NONE)			\
	X(13, NULL, "Interface Encrypting", NULL, NONE)			\
	X(14, NULL, "LB: sock cgroup: Reverse entry delete succeeded",	\
	    NULL, NONE)							\
	X(15, NULL, "MTU error message", NULL, NONE)			\
	X(130, "INVALID_SOURCE_MAC", "Invalid source mac (unused)",	\
	    "Invalid source mac", DATAPATH)				\
	X(131, "INVALID_DESTINATION_MAC", "Invalid destination mac (unused)",	\
	    "Invalid destination mac", DATAPATH)			\
	X(132, "INVALID_SOURCE_IP", "Invalid source ip", NULL, DATAPATH)	\
	X(133, "POLICY_DENIED", "Policy denied", "Policy denied (L3)",	\
	    POLICY)							\
	X(134, "INVALID_PACKET_DROPPED", "Invalid packet", NULL, DATAPATH)	\
	X(135, "CT_TRUNCATED_OR_INVALID_HEADER",				\
	    "CT: Truncated or invalid header", NULL, DATAPATH)		\
	X(136, "CT_MISSING_TCP_ACK_FLAG", "Fragmentation needed",		\
	    "CT: Missing TCP ACK flag", DATAPATH)			\
	X(137, "CT_UNKNOWN_L4_PROTOCOL", "CT: Unknown L4 protocol", NULL,	\
	    DATAPATH)							\
	X(138, "CT_CANNOT_CREATE_ENTRY_FROM_PACKET",			\
	    "CT: Can't create entry from packet (unused)", NULL, DATAPATH)	\
	X(139, "UNSUPPORTED_L3_PROTOCOL", "Unsupported L3 protocol", NULL,	\
	    DATAPATH)							\
	X(140, "MISSED_TAIL_CALL", "Missed tail call", NULL, DATAPATH)	\
	X(141, "ERROR_WRITING_TO_PACKET", "Error writing to packet", NULL,	\
	    DATAPATH)							\
	X(142, "UNKNOWN_L4_PROTOCOL", "Unknown L4 protocol", NULL, DATAPATH)	\
	X(143, "UNKNOWN_ICMPV4_CODE", "Unknown ICMPv4 code", NULL, DATAPATH)	\
	X(144, "UNKNOWN_ICMPV4_TYPE", "Unknown ICMPv4 type", NULL, DATAPATH)	\
	X(145, "UNKNOWN_ICMPV6_CODE", "Unknown ICMPv6 code", NULL, DATAPATH)	\
	X(146, "UNKNOWN_ICMPV6_TYPE", "Unknown ICMPv6 type", NULL, DATAPATH)	\
	X(147, "ERROR_RETRIEVING_TUNNEL_KEY", "Error retrieving tunnel key",	\
	    NULL, DATAPATH)						\
	X(148, "ERROR_RETRIEVING_TUNNEL_OPTIONS",				\
	    "Error retrieving tunnel options (unused)", NULL, DATAPATH)	\
	X(149, "INVALID_GENEVE_OPTION", "Invalid Geneve option (unused)",	\
	    NULL, DATAPATH)						\
	X(150, "UNKNOWN_L3_TARGET_ADDRESS", "Unknown L3 target address",	\
	    NULL, DATAPATH)						\
	X(151, "STALE_OR_UNROUTABLE_IP", "Stale or unroutable IP", NULL,	\
	    DATAPATH)							\
	X(152, "NO_MATCHING_LOCAL_CONTAINER_FOUND",			\
	    "No matching local container found (unused)", NULL, DATAPATH)	\
	X(153, "ERROR_WHILE_CORRECTING_L3_CHECKSUM",			\
	    "Error while correcting L3 checksum", NULL, DATAPATH)		\
	X(154, "ERROR_WHILE_CORRECTING_L4_CHECKSUM",			\
	    "Error while correcting L4 checksum", NULL, DATAPATH)		\
	X(155, "CT_MAP_INSERTION_FAILED", "CT: Map insertion failed", NULL,	\
	    DATAPATH)							\
	X(156, "INVALID_IPV6_EXTENSION_HEADER",				\
	    "Invalid IPv6 extension header", NULL, DATAPATH)		\
	X(157, "IP_FRAGMENTATION_NOT_SUPPORTED",				\
	    "IP fragmentation not supported", NULL, DATAPATH)		\
	X(158, "SERVICE_BACKEND_NOT_FOUND", "Service backend not found",	\
	    NULL, DATAPATH)						\
	X(160, "NO_TUNNEL_OR_ENCAPSULATION_ENDPOINT",			\
	    "No tunnel/encapsulation endpoint (datapath BUG!)", NULL,	\
	    DATAPATH)							\
	X(161, "FAILED_TO_INSERT_INTO_PROXYMAP", "NAT 46/64 not enabled",	\
	    "Failed to insert into proxymap", DATAPATH)			\
	X(162, "REACHED_EDT_RATE_LIMITING_DROP_HORIZON",			\
	    "Reached EDT rate-limiting drop horizon", NULL, DATAPATH)	\
	X(163, "UNKNOWN_CONNECTION_TRACKING_STATE",			\
	    "Unknown connection tracking state", NULL, DATAPATH)		\
	X(164, "LOCAL_HOST_IS_UNREACHABLE", "Local host is unreachable",	\
	    NULL, DATAPATH)						\
	X(165, "NO_CONFIGURATION_AVAILABLE_TO_PERFORM_POLICY_DECISION",	\
	    "No configuration available to perform policy decision (unused)", \
	    NULL, DATAPATH)						\
	X(166, "UNSUPPORTED_L2_PROTOCOL", "Unsupported L2 protocol", NULL,	\
	    DATAPATH)							\
	X(167, "NO_MAPPING_FOR_NAT_MASQUERADE",				\
	    "No mapping for NAT masquerade", NULL, DATAPATH)		\
	X(168, "UNSUPPORTED_PROTOCOL_FOR_NAT_MASQUERADE",			\
	    "Unsupported protocol for NAT masquerade", NULL, DATAPATH)	\
	X(169, "FIB_LOOKUP_FAILED", "FIB lookup failed", NULL, DATAPATH)	\
	X(170, "ENCAPSULATION_TRAFFIC_IS_PROHIBITED",			\
	    "Encapsulation traffic is prohibited", NULL, DATAPATH)		\
	X(171, "INVALID_IDENTITY", "Invalid identity", NULL, DATAPATH)	\
	X(172, "UNKNOWN_SENDER", "Unknown sender", NULL, DATAPATH)		\
	X(173, "NAT_NOT_NEEDED", "NAT not needed", NULL, DATAPATH)		\
	X(174, "IS_A_CLUSTERIP", "Is a ClusterIP", NULL, DATAPATH)		\
	X(175, "FIRST_LOGICAL_DATAGRAM_FRAGMENT_NOT_FOUND",		\
	    "First logical datagram fragment not found", NULL, DATAPATH)	\
	X(176, "FORBIDDEN_ICMPV6_MESSAGE", "Forbidden ICMPv6 message", NULL,	\
	    DATAPATH)							\
	X(177, "DENIED_BY_LB_SRC_RANGE_CHECK",				\
	    "Denied by LB src range check", NULL, DATAPATH)		\
	X(178, "SOCKET_LOOKUP_FAILED", "Socket lookup failed", NULL,	\
	    DATAPATH)							\
	X(179, "SOCKET_ASSIGN_FAILED", "Socket assign failed", NULL,	\
	    DATAPATH)							\
	X(180, "PROXY_REDIRECTION_NOT_SUPPORTED_FOR_PROTOCOL",		\
	    "Proxy redirection not supported for protocol", NULL, DATAPATH)	\
	X(181, "POLICY_DENY", "Policy denied by denylist", NULL, POLICY)	\
	X(182, "VLAN_FILTERED", "VLAN traffic disallowed by VLAN filter",	\
	    NULL, DATAPATH)						\
	X(183, "INVALID_VNI", "Incorrect VNI from VTEP", NULL, DATAPATH)	\
	X(184, "INVALID_TC_BUFFER", "Failed to update or lookup TC buffer",	\
	    NULL, DATAPATH)						\
	X(185, "NO_SID", "No SID was found for the IP address", NULL,	\
	    DATAPATH)							\
	X(186, "MISSING_SRV6_STATE",					\
	    "SRv6 state was removed during tail call", NULL, DATAPATH)	\
	X(187, "NAT46", "L3 translation from IPv4 to IPv6 failed (NAT46)",	\
	    NULL, DATAPATH)						\
	X(188, "NAT64", "L3 translation from IPv6 to IPv4 failed (NAT64)",	\
	    NULL, DATAPATH)						\
	X(189, "AUTH_REQUIRED", "Authentication required", NULL, POLICY)	\
	X(190, "CT_NO_MAP_FOUND", "No conntrack map found", NULL, DATAPATH)	\
	X(191, "SNAT_NO_MAP_FOUND", "No nat map found", NULL, DATAPATH)	\
	X(192, "INVALID_CLUSTER_ID", "Invalid ClusterID", NULL, DATAPATH)	\
	X(193, "UNSUPPORTED_PROTOCOL_FOR_DSR_ENCAP",			\
	    "Unsupported packet protocol for DSR encapsulation", NULL,	\
	    DATAPATH)							\
	X(194, "NO_EGRESS_GATEWAY", "No egress gateway found", NULL,	\
	    DATAPATH)							\
	X(195, "UNENCRYPTED_TRAFFIC", "Traffic is unencrypted", NULL,	\
	    DATAPATH)							\
	X(196, "TTL_EXCEEDED", "TTL exceeded", NULL, DATAPATH)		\
	X(197, "NO_NODE_ID", "No node ID found", NULL, DATAPATH)		\
	X(198, "DROP_RATE_LIMITED", "Rate limited", NULL, DATAPATH)	\
	X(199, "IGMP_HANDLED", "IGMP handled", NULL, DATAPATH)		\
	X(200, "IGMP_SUBSCRIBED", "IGMP subscribed", NULL, DATAPATH)	\
	X(201, "MULTICAST_HANDLED", "Multicast handled", NULL, DATAPATH)	\
	X(202, "DROP_HOST_NOT_READY", "Host datapath not ready", NULL,	\
	    DATAPATH)							\
	X(203, "DROP_EP_NOT_READY", "Endpoint policy program not available", \
	    NULL, DATAPATH)						\
	X(204, "DROP_NO_EGRESS_IP", "No Egress IP configured", NULL,	\
	    DATAPATH)							\
	X(205, "DROP_PUNT_PROXY", "Punt to proxy", NULL, DATAPATH)		\
	X(206, NULL, "No device", NULL, DATAPATH)			\
	X(207, "DROP_FRAG_NOT_FOUND_WORLD",				\
	    "First logical datagram fragment not found from world", NULL,	\
	    DATAPATH)

/* The first code that is a drop (pkg/monitor/api/drop.go DropMin). */
#define DROP_REASON_MIN	130

struct drop_reason {
	uint32_t		 code;
	const char		*name;		/* Hubble enum name, or NULL */
	const char		*text;		/* newest agent text */
	const char		*old_text;	/* older agent text, or NULL */
	enum drop_category	 category;
};

const char *drop_category_name(enum drop_category c);

/* The reason with this code, or NULL for an unassigned code. */
const struct drop_reason *drop_reason_by_code(uint32_t code);

/*
 * The reason with this Hubble enum name (exact, e.g. "POLICY_DENIED"), or
 * NULL.  A name that is all digits (protojson writes an enum value it does
 * not know as a bare number) is looked up as a code.
 */
const struct drop_reason *drop_reason_by_name(const char *name);

/*
 * The reason whose agent text, newest or older, is exactly `text`
 * ("Policy denied", "CT: Missing TCP ACK flag"), or NULL.  The extended
 * form "<text>, <ext>" of DropReasonExt is accepted too.
 */
const struct drop_reason *drop_reason_by_text(const char *text);

/*
 * The category of a code: the table's, DROP_CAT_DATAPATH for an unknown
 * code >= 130 (a newer datapath), DROP_CAT_NONE below.
 */
enum drop_category drop_reason_category(uint32_t code);

/* The table itself, in code order, for listings and tests. */
const struct drop_reason *drop_reason_table(size_t *np);

#endif
