/*
 * inventory.h: what an input holds, and what it lacks.
 *
 * inventory_build() walks the input once (ingest), classifies every member
 * (classify), and reads the few members that say who owns what: the pod
 * listing (pod -> node), the node listing, each bugtool's hostname, and the
 * collector's own log (which tasks failed).  It then resolves each member's
 * node, and lists the artifacts a sysdump normally holds but this one
 * lacks, with the collector's reason where its log gives one.
 *
 * Everything is sorted (artifacts and skipped members by path, missing
 * artifacts by kind then pod) so that reports are deterministic.
 */
#ifndef CTRIAGE_INVENTORY_H
#define CTRIAGE_INVENTORY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "classify.h"
#include "diag.h"
#include "ingest.h"

struct inventory_artifact {
	char			*path;
	enum artifact_kind	 kind;
	char			*pod;		/* owning pod, or NULL */
	char			*container;	/* container, or NULL */
	char			*node;		/* resolved node, or NULL */
	char			*bugtool;	/* bugtool dir/archive, or NULL */
	uint64_t		 bytes;		/* uncompressed size */
	unsigned		 depth;		/* 0, or inside a nested archive */
	bool			 previous;	/* -prev.log */
	bool			 archive;	/* a nested archive that was walked */
};

struct inventory_missing {
	enum artifact_kind	 kind;
	char			*pod;		/* for per-pod artifacts */
	char			*node;
	char			*reason;
};

/* A task the collector reports as failed in cilium-sysdump.log. */
struct inventory_failed_task {
	char		*task;		/* "Collecting Cilium network policies" */
	char		*error;		/* what the collector said, or "" */
	unsigned long	 line;
};

struct inventory_pod {
	char	*namespace;
	char	*name;
	char	*node;		/* spec.nodeName, or NULL */
	bool	 agent;		/* a Cilium agent pod (k8s-app=cilium) */
};

struct inventory {
	char				*input;		/* the path given */
	char				*format;	/* "zip", "directory", ... */
	bool				 is_sysdump;	/* looks like a sysdump */
	bool				 is_bugtool;	/* a lone bugtool */
	char				*sysdump_ts;	/* YYYYMMDD-HHMMSS, or NULL */
	char				*sysdump_time;	/* "2025-06-01 10:15:00" */
	uint64_t			 members;
	uint64_t			 bytes;

	char				**nodes;	/* sorted, unique */
	size_t				 nnodes;
	size_t				 nodes_cap;
	struct inventory_artifact	*artifacts;
	size_t				 nartifacts;
	size_t				 artifacts_cap;
	struct inventory_missing	*missing;
	size_t				 nmissing;
	size_t				 missing_cap;
	struct inventory_failed_task	*failed;
	size_t				 nfailed;
	size_t				 failed_cap;
	struct inventory_pod		*pods;
	size_t				 npods;
	size_t				 pods_cap;
	bool				 have_pods;	/* a pod listing was read */
	bool				 have_collector_log;
	/* Members not used, and why (path, reason). */
	struct diag_list		 skipped;
	/* Members used, but with problems in their content. */
	struct diag_list		 problems;
};

/*
 * Build the inventory of `input` under `limits`.  Returns 0 on success
 * (whatever was skipped), or -1 when the input cannot be read at all, with
 * a one-line malloc'd message in *errp.  Release with inventory_release
 * either way.
 */
int inventory_build(struct inventory *inv, const char *input,
    const struct ingest_limits *limits, char **errp);

void inventory_release(struct inventory *inv);

/*
 * For a caller that walks the input itself and reads members for its own
 * purposes (the model builder), the inventory's part of the walk:
 *   inventory_walk_new      starts an inventory (inv is initialized);
 *   inventory_walk_member   classifies and records a member; *c gets the
 *                           classification when c is not NULL (release it).
 *                           A member's stream can be read only once: the
 *                           inventory consumes the collector log's stream
 *                           (nothing else parses it), reads hostname.md and
 *                           uname -a from the member's head only, and the
 *                           pod and node
 *                           listings when read_k8s is true; a caller that
 *                           parses those passes false and reports them with
 *                           inventory_walk_add_pod / _add_node;
 *   inventory_walk_member_end, inventory_walk_skip  as ingest reports them;
 *   inventory_walk_finish   resolves nodes and missing artifacts (when
 *                           walked is true) and frees the walk.
 */
struct inventory_walk;
struct classification;

struct inventory_walk *inventory_walk_new(struct inventory *inv,
    const char *input);
void inventory_walk_member(struct inventory_walk *w, struct ingest_member *m,
    bool read_k8s, struct classification *c);
void inventory_walk_member_end(struct inventory_walk *w,
    const struct ingest_member *m, uint64_t bytes, const char *error);
void inventory_walk_skip(struct inventory_walk *w, const char *path,
    const char *reason);
void inventory_walk_add_pod(struct inventory_walk *w, const char *ns,
    const char *name, const char *node, bool agent);
void inventory_walk_add_node(struct inventory_walk *w, const char *name);
void inventory_walk_finish(struct inventory_walk *w,
    const struct ingest_input *info, bool walked);

/* Number of artifacts of kind k. */
size_t inventory_count_kind(const struct inventory *inv,
    enum artifact_kind k);

#endif
