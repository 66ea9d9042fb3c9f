/*
 * art_ipcache.h: the agent's IP cache, from the datapath map or the API.
 *
 * Three outputs land here (sysdump-layout.md 2.5):
 *
 * - `cilium(-dbg) bpf ipcache list` (cmd/...-bpf-ipcache-list.md): a
 *   tabwriter table `IP PREFIX/ADDRESS  IDENTITY` (cilium-dbg/cmd/
 *   bpf_ipcache_list.go, TablePrinter) whose value cell is the map value's
 *   String() (pkg/maps/ipcache/ipcache.go): `identity=<n> encryptkey=<k>
 *   tunnelendpoint=<ip> flags=<f>` (1.14 and later; flags is "<none>" or a
 *   comma list such as "hastunnel,remotecluster"), `... nodeid=<n>` (1.12-
 *   1.13), `identity=<n> encryptkey=<k> tunnelendpoint=<ip>` (1.6-1.11), or
 *   the bare `<n> <k> <ip>` of the first releases.  A prefix may carry a
 *   ClusterMesh cluster id as "10.0.0.0/24@3".  `-o json` prints the same as
 *   an object of prefix to value lists; both are read.
 * - `cilium(-dbg) ip list -n -o json` (cmd/...-ip-list--n--o-json.md):
 *   `[]models.IPListEntry` `{cidr, identity, hostIP, encryptKey,
 *   metadata{source, namespace, name}}`.
 * - the `ip list` text table `IP  IDENTITY  SOURCE` (with `-v` also `HOST
 *   ENCRYPT_KEY`): without `-n` the identity cell holds the identity's name
 *   ("world", "host") or its labels, one per line with continuation lines
 *   (cilium-dbg/cmd/ip_list.go).
 */
#ifndef CTRIAGE_ART_IPCACHE_H
#define CTRIAGE_ART_IPCACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "diag.h"
#include "ingest.h"
#include "intern.h"

enum ipcache_format {
	IPCACHE_BPF_LIST,	/* bpf ipcache list (text or -o json) */
	IPCACHE_IP_LIST_JSON,	/* ip list -o json */
	IPCACHE_IP_LIST_TEXT,	/* ip list table */
};

struct ipcache_entry {
	unsigned long	 line;
	const char	*prefix;	/* interned, as printed ("10.0.0.1/32") */
	/* The prefix parsed: family 4 or 6 (0 when it did not parse). */
	int		 family;
	uint8_t		 addr[16];	/* network order; IPv4 in addr[0..3] */
	uint8_t		 prefix_len;
	uint16_t	 cluster_id;	/* from an "@<id>" suffix, else 0 */
	/*
	 * The identity.  The ip list table without -n names it instead:
	 * reserved names ("world") give their number, and other identities
	 * only their labels (has_identity false).
	 */
	bool		 has_identity;
	uint32_t	 identity;
	const char	**labels;	/* interned; ip list table only */
	size_t		 nlabels;
	/* NULL when absent or unspecified ("0.0.0.0", "::"). */
	const char	*tunnel_endpoint;	/* interned */
	const char	*host_ip;		/* interned (ip list hostIP) */
	bool		 has_encrypt_key;
	uint8_t		 encrypt_key;
	const char	*flags;		/* interned ("<none>", "hastunnel"), or
					   NULL for older values */
	bool		 has_node_id;
	uint16_t	 node_id;
	/* ip list metadata, interned or NULL. */
	const char	*source;	/* "k8s", "kvstore", "custom-resource" */
	const char	*namespace;
	const char	*pod_name;
};

struct ipcache_result {
	const char		*path;		/* interned member path */
	enum ipcache_format	 format;
	struct ipcache_entry	*entries;
	size_t			 nentries;
};

/*
 * Parse any of the three outputs (the format is recognized by content).
 * Bad rows get a diagnostic each and are skipped.  Returns 0 when the
 * member parsed (an empty listing included), -1 when nothing usable came
 * out.
 */
int art_ipcache_parse(struct ingest_member *m, struct arena *a,
    struct strtab *st, struct diag_list *diags, struct ipcache_result *out);

/*
 * Parse a prefix "10.0.0.0/8", "fd00::1/128", "10.0.0.1" (a host prefix)
 * or "10.1.0.0/16@2" into e's family, addr, prefix_len and cluster_id.
 * Returns false when it is none of these.
 */
bool ipcache_prefix_parse(const char *s, size_t len,
    struct ipcache_entry *e);

/*
 * Parse a bpf ipcache value ("identity=... encryptkey=... ...", or the
 * oldest "<n> <k> <ip>") into e.  Returns false when it is neither.
 */
bool ipcache_value_parse(struct strtab *st, const char *s, size_t len,
    struct ipcache_entry *e);

/*
 * The entry with the longest prefix containing the address (text, IPv4 or
 * IPv6), or NULL.  Linear in the number of entries.
 */
const struct ipcache_entry *ipcache_lookup(const struct ipcache_result *r,
    const char *ip);

#endif
