/*
 * art_k8s.h: Kubernetes objects from a sysdump, as plain structs.
 *
 * The collector writes one YAML List per resource type (k8s-pods-<ts>.yaml
 * and so on, sysdump-layout.md 1.3).  Each item arrives here as a jansson
 * object (parse_yaml streams them) and becomes one struct in the model
 * arena, with interned strings and the member:line it came from.  Missing
 * fields stay NULL or 0: objects in real sysdumps are often partial.
 */
#ifndef CTRIAGE_ART_K8S_H
#define CTRIAGE_ART_K8S_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "arena.h"
#include "intern.h"
#include "label.h"

/* Where a fact came from: an archive member and a 1-based line. */
struct src {
	const char	*path;
	unsigned long	 line;
};

struct k8s_node {
	const char	*name;
	struct labelset	 labels;		/* source k8s */
	const char	**internal_ips;
	size_t		 ninternal_ips;
	const char	**pod_cidrs;
	size_t		 npod_cidrs;
	const char	*kernel;		/* status.nodeInfo.kernelVersion */
	const char	*os_image;
	const char	*kubelet;		/* kubeletVersion */
	int		 ready;			/* 1, 0, -1 unknown */
	struct src	 src;
};

struct k8s_namespace {
	const char	*name;
	struct labelset	 labels;
	struct src	 src;
};

struct container_port {
	const char	*container;
	const char	*name;		/* named port, or NULL */
	uint32_t	 port;
	const char	*protocol;	/* "TCP" default */
};

struct container_state {
	const char	*name;
	bool		 init;
	uint32_t	 restarts;
	bool		 ready;
	const char	*waiting_reason;	/* CrashLoopBackOff ... */
	const char	*last_reason;		/* lastState.terminated.reason */
	int		 last_exit_code;
	const char	*last_finished;
};

struct k8s_pod {
	const char		*ns;
	const char		*name;
	const char		*node;
	const char		*ip;		/* status.podIP */
	const char		**ips;
	size_t			 nips;
	bool			 host_network;
	const char		*service_account;
	struct labelset		 labels;	/* source k8s */
	struct container_port	*ports;
	size_t			 nports;
	struct container_state	*containers;
	size_t			 ncontainers;
	const char		*phase;
	bool			 ready;
	uint32_t		 restarts;	/* sum over containers */
	const char		*owner_kind;
	const char		*owner_name;
	const char		*image;		/* first container's */
	struct src		 src;
};

struct svc_port {
	const char	*name;
	uint32_t	 port;
	const char	*protocol;
	uint32_t	 target_port;		/* 0 when named */
	const char	*target_port_name;	/* NULL when numeric */
	uint32_t	 node_port;
};

struct k8s_service {
	const char	*ns;
	const char	*name;
	struct labelset	 labels;		/* metadata.labels */
	const char	*type;			/* ClusterIP, NodePort ... */
	const char	*cluster_ip;
	struct labelset	 selector;		/* source k8s; n == 0: none */
	bool		 has_selector;
	struct svc_port	*ports;
	size_t		 nports;
	struct src	 src;
};

struct ep_address {
	const char	*ip;
	const char	*pod_ns;
	const char	*pod_name;
	const char	*node;
	bool		 ready;
};

struct ep_port {
	const char	*name;
	uint32_t	 port;
	const char	*protocol;
};

/* core/v1 Endpoints or one discovery.k8s.io EndpointSlice. */
struct k8s_endpoints {
	const char		*ns;
	const char		*name;		/* the Service's name */
	bool			 slice;
	struct ep_address	*addrs;
	size_t			 naddrs;
	struct ep_port		*ports;
	size_t			 nports;
	struct src		 src;
};

struct k8s_event {
	const char	*ns;
	const char	*type;		/* Normal, Warning */
	const char	*reason;
	const char	*message;
	const char	*object_kind;
	const char	*object_ns;
	const char	*object_name;
	uint32_t	 count;
	const char	*last_time;
	struct src	 src;
};

struct kv {
	const char	*key;
	const char	*value;
	unsigned long	 line;
};

/* A ConfigMap's data, sorted by key. */
struct k8s_configmap {
	const char	*ns;
	const char	*name;
	struct kv	*data;
	size_t		 ndata;
	struct src	 src;
};

struct json_lines;

/* Context for the converters: where strings go, and the member path. */
struct k8s_ctx {
	struct arena	*a;
	struct strtab	*st;
	const char	*path;		/* interned member path */
};

/* Each converter fills *out from a borrowed object that starts at line. */
void k8s_node_from_json(const struct k8s_ctx *c, json_t *o,
    unsigned long line, struct k8s_node *out);
void k8s_namespace_from_json(const struct k8s_ctx *c, json_t *o,
    unsigned long line, struct k8s_namespace *out);
void k8s_pod_from_json(const struct k8s_ctx *c, json_t *o,
    unsigned long line, struct k8s_pod *out);
void k8s_service_from_json(const struct k8s_ctx *c, json_t *o,
    unsigned long line, struct k8s_service *out);
void k8s_endpoints_from_json(const struct k8s_ctx *c, json_t *o,
    unsigned long line, struct k8s_endpoints *out);
void k8s_endpointslice_from_json(const struct k8s_ctx *c, json_t *o,
    unsigned long line, struct k8s_endpoints *out);
void k8s_event_from_json(const struct k8s_ctx *c, json_t *o,
    unsigned long line, struct k8s_event *out);
/*
 * A ConfigMap; each key gets the line of its value from lines (the YAML
 * parser's table, may be NULL), else the object's line.
 */
void k8s_configmap_from_json(const struct k8s_ctx *c, json_t *o,
    unsigned long line, const struct json_lines *lines,
    struct k8s_configmap *out);

/* The value of a ConfigMap key, or NULL. */
const char *k8s_configmap_get(const struct k8s_configmap *cm,
    const char *key);

/*
 * The Kubernetes server version from k8s-version-<ts>.txt, which is Go's
 * %#v of version.Info: `version.Info{Major:"1", Minor:"29",
 * GitVersion:"v1.29.2", ...}`.  Returns the GitVersion (interned) or NULL.
 */
const char *k8s_version_from_text(struct strtab *st, const char *text);

/*
 * The image tag's version of a Cilium image reference such as
 * "quay.io/cilium/cilium:v1.16.5@sha256:..." -> "1.16.5" (interned), or
 * NULL when the tag is no version.
 */
const char *k8s_image_version(struct strtab *st, const char *image);

#endif
