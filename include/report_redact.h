/*
 * report_redact.h: pseudonyms for names and addresses in a finished report.
 *
 * `analyze --redact` rewrites every string of every finding (title,
 * message, remediation, subjects, affected objects, evidence paths and
 * excerpts, the cause), the not-evaluated reasons, the suppressions'
 * reasons and patterns and the report's header before any writer runs, so
 * every format is redacted at once.
 *
 * Names: the namespaces, pods, nodes and the cluster name the model knows
 * become "ns-N", "pod-N", "node-N" and "cluster-N".  A name is replaced
 * where it stands as a whole word (letters, digits, '-', '_'), as one
 * dot-separated part of a word (the namespace in a service's DNS name), and,
 * for pods and nodes, as a dash-separated part of a word (the pod in a
 * member path such as logs-cilium-r9vtb-cilium-agent-<ts>.log).  The
 * namespaces Kubernetes creates itself (default, kube-system, kube-public,
 * kube-node-lease) are kept, and so are dotted label keys owned by Cilium
 * or Kubernetes (io.cilium..., io.kubernetes..., *.cilium.io, *.k8s.io,
 * *.kubernetes.io), rule IDs (upper case) and everything else.  The numbers
 * are given in the order of a keyed hash, so they do not reveal the
 * names' order.
 *
 * Addresses: every IPv4 and IPv6 address in the text, with its /prefix
 * when it has one, is mapped by a prefix-preserving permutation in the
 * manner of Crypto-PAn: bit i of the result is bit i of the address XORed
 * with one bit of a keyed pseudo-random function (SipHash-2-4) of the
 * address's first i bits.  Two addresses that share their first k bits
 * map to two that share exactly their first k bits, so a pod IP still
 * lies in its pseudonymized CIDR; a CIDR's host bits are cleared after
 * mapping.  The mapping is only as secret as the key: 16 random bytes per
 * run, or, with --redact-seed, bytes derived from the seed, which anyone
 * who knows the seed can recompute (for reproducible tests, not for
 * secrecy).
 */
#ifndef CTRIAGE_REPORT_REDACT_H
#define CTRIAGE_REPORT_REDACT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "arena.h"
#include "model.h"
#include "report_view.h"

#define REDACT_KEY_LEN	16

struct redactor;

/* key_source says where the key came from ("random", "seed"). */
struct redactor *redactor_new(const uint8_t key[REDACT_KEY_LEN],
    const char *key_source);
void redactor_free(struct redactor *rd);

/* The key --redact-seed SEED stands for. */
void redact_key_from_seed(const char *seed, uint8_t key[REDACT_KEY_LEN]);

/* Learn the names to replace: the model's namespaces, pods, nodes, cluster. */
void redactor_add_model(struct redactor *rd, const struct model *m);

/* s with names and addresses replaced, in arena a (NULL stays NULL). */
const char *redact_string(struct redactor *rd, struct arena *a,
    const char *s);

/* Redact the whole report (and its suppressions, when it has any). */
void report_redact(struct report *r, struct redactor *rd);

/*
 * Write the mapping actually used, as JSON: {"key": source, "names":
 * [{kind, original, pseudonym}], "addresses": [{original, pseudonym}]}.
 * Returns 0, or -1 on a write error.
 */
int redactor_write_map(const struct redactor *rd, FILE *out);

#endif
