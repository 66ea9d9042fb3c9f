/*
 * art_identity.h: security identities from `cilium(-dbg) identity list`.
 *
 * Which files: the bugtool's cmd/cilium-dbg-identity-list.md (>= 1.15) or
 * cmd/cilium-identity-list.md (<= 1.14), the `identity get <id>` tables
 * inside cilium-debuginfo-*.md, and `identity list -o json` output.
 *
 * Formats (sysdump-layout.md 2.5 and 3.2; cilium-dbg/cmd/identity_get.go,
 * pkg/identity/cache in the newest releases):
 *   - text, every release since 1.0: a tabwriter table with the header
 *     `ID  LABELS`, one label per row, continuation rows with an empty ID
 *     cell;
 *   - text, the 0.x releases: one row per identity with all labels in Go's
 *     slice notation, `4       [reserved:health]`,
 *     `263     [k8s:id=app1 k8s:io.kubernetes.pod.namespace=default]`;
 *   - JSON: an array of models.Identity `{id, labels[], labelsSHA256}`.
 * Markdown wrapping, shell prompts around the table, tables cut short in
 * pasted outputs and the bugtool error trailer are tolerated.
 *
 * The helpers at the end classify numeric identities the way
 * pkg/identity/numericidentity.go does.
 */
#ifndef CTRIAGE_ART_IDENTITY_H
#define CTRIAGE_ART_IDENTITY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "arena.h"
#include "diag.h"
#include "ingest.h"
#include "intern.h"
#include "label.h"

struct identity_record {
	uint32_t		 id;
	/*
	 * The labels as printed, "source:key=value", interned, in the order
	 * of the output; labels.v holds the same labels parsed (sorted by
	 * key, exact duplicates dropped).
	 */
	const char		**label_text;
	size_t			 nlabel_text;
	struct labelset		 labels;
	const char		*labels_sha256;	/* JSON only, else NULL */
	unsigned long		 line;		/* 1-based, where it starts */
};

struct identity_result {
	const char		*path;		/* interned member path */
	bool			 json;		/* read from JSON output */
	struct identity_record	*v;		/* in output order */
	size_t			 n;
	/* "<err>" of a bugtool "> Error while running" trailer, or NULL. */
	const char		*cmd_error;
};

/*
 * Parse one `identity list` (or `identity get`) output, text or JSON,
 * deciding by content.  Every table with the header `ID  LABELS` in the
 * member is read (debuginfo markdown holds several).  Records and strings
 * go to a/st; *out is overwritten.  A row that cannot be read adds one
 * diagnostic (for all such rows of the member) and is skipped.  Returns 0
 * when the member parsed, -1 when nothing usable came out (with a
 * diagnostic).
 */
int art_identity_parse(struct ingest_member *m, struct arena *a,
    struct strtab *st, struct diag_list *diags, struct identity_result *out);

/*
 * Fill *out from one models.Identity JSON object (borrowed), for callers
 * that parsed the JSON themselves.  line is stored as is.  Returns 0, or
 * -1 when obj is not an object with a usable numeric "id" (or is an
 * Endpoint, which has "status" or "spec" beside its id).
 */
int art_identity_from_json(json_t *obj, unsigned long line, struct arena *a,
    struct strtab *st, struct identity_record *out);

/*
 * Labels from their printed forms: fills *text (interned copies) and the
 * parsed label set.  Used for endpoint identities too.  n may be 0.
 */
void art_identity_labels_build(struct arena *a, struct strtab *st,
    const char *const *v, size_t n, const char ***text, size_t *ntext,
    struct labelset *labels);

/*
 * Numeric identity classes (pkg/identity/numericidentity.go): ids below
 * 128 are reserved by Cilium (named below), 128-255 are reserved for
 * fixed user identities, cluster-wide identities start at 256
 * (MinimalNumericIdentity; in ClusterMesh the cluster id sits in bits
 * 16-23), and the scope byte (bits 24-31) marks node-local identities:
 * 1 << 24 for CIDR/FQDN identities, 2 << 24 for remote-node ones in the
 * newest releases.
 */
#define IDENTITY_CLASSES(X)						\
	X(IDENTITY_CLASS_RESERVED,	"reserved")			\
	X(IDENTITY_CLASS_USER_RESERVED,	"user-reserved")		\
	X(IDENTITY_CLASS_CLUSTER,	"cluster")			\
	X(IDENTITY_CLASS_LOCAL,		"local")			\
	X(IDENTITY_CLASS_REMOTE_NODE,	"remote-node")			\
	X(IDENTITY_CLASS_OTHER,		"other")

enum identity_class {
#define X(e, s) e,
	IDENTITY_CLASSES(X)
#undef X
};

#define IDENTITY_SCOPE_MASK		UINT32_C(0xff000000)
#define IDENTITY_SCOPE_LOCAL		UINT32_C(0x01000000)
#define IDENTITY_SCOPE_REMOTE_NODE	UINT32_C(0x02000000)
#define IDENTITY_MIN_CLUSTER		UINT32_C(256)
#define IDENTITY_MIN_USER_RESERVED	UINT32_C(128)

enum identity_class identity_classify(uint32_t id);
/* "reserved", "cluster", ... */
const char *identity_class_name(enum identity_class c);

/*
 * The name of a reserved identity: 0 "unknown", 1 "host", 2 "world",
 * 3 "unmanaged", 4 "health", 5 "init", 6 "remote-node", 7
 * "kube-apiserver", 8 "ingress", 9 "world-ipv4", 10 "world-ipv6"; NULL for
 * any other id.
 */
const char *identity_reserved_name(uint32_t id);

/* True for ids below 256 (Cilium- and user-reserved). */
bool identity_is_reserved(uint32_t id);

/* True for cluster-wide identities allocated by the agents or operator. */
bool identity_is_cluster_scoped(uint32_t id);

/* True for node-local CIDR/FQDN identities (bit 24, scope "local"). */
bool identity_is_local(uint32_t id);

/* The ClusterMesh cluster id of a cluster-scoped identity (bits 16-23). */
uint32_t identity_cluster_id(uint32_t id);

#endif
