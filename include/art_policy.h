/*
 * art_policy.h: the agent's policy repository and selector cache.
 *
 * - `cilium(-dbg) policy get` (cmd/...-policy-get.md): the JSON array of
 *   the agent's rules (pkg/policy/api Rule: endpointSelector or
 *   nodeSelector with matchLabels keys like "any:app" or
 *   "k8s:io.kubernetes.pod.namespace", ingress, ingressDeny, egress,
 *   egressDeny, labels, description) followed by "Revision: <n>"
 *   (cilium-dbg/cmd/policy_get.go, sysdump-layout.md 2.5).  The rule
 *   labels say where a rule came from: k8s:io.cilium.k8s.policy.name,
 *   .namespace, .derived-from (CiliumNetworkPolicy, NetworkPolicy,
 *   CiliumClusterwideNetworkPolicy, ...) and .uid.  The debuginfo JSON
 *   holds the same array as one string (`policy.policy`); see
 *   art_policy_parse_text.
 * - `cilium(-dbg) policy selectors -o json` (cmd/...-policy-selectors--o-
 *   json.md): `[]models.SelectorIdentityMapping` `{selector, identities[],
 *   users, labels, usage}` (api/v1/models/selector_identity_mapping.go),
 *   and the text table `SELECTOR [LABELS] USERS IDENTITIES` with one
 *   identity per line (cilium-dbg/cmd/policy_selectors.go).
 *
 * Rules are not converted field by field here: each keeps its provenance,
 * a few counts, and its JSON text (compact, keys sorted) for the model to
 * normalize.
 */
#ifndef CTRIAGE_ART_POLICY_H
#define CTRIAGE_ART_POLICY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "diag.h"
#include "ingest.h"
#include "intern.h"

struct agent_rule {
	unsigned long	 line;		/* where the rule's object starts */
	size_t		 index;		/* position in the array */
	/* From the rule's labels, interned, or NULL. */
	const char	*name;		/* io.cilium.k8s.policy.name */
	const char	*namespace;	/* io.cilium.k8s.policy.namespace */
	const char	*kind;		/* io.cilium.k8s.policy.derived-from */
	const char	*uid;		/* io.cilium.k8s.policy.uid */
	const char	**labels;	/* all, interned "source:key=value" */
	size_t		 nlabels;
	const char	*description;	/* interned, or NULL */
	bool		 node_selector;	/* a host policy (nodeSelector) */
	size_t		 ningress, ningress_deny, negress, negress_deny;
	const char	*json;		/* the rule, compact, sorted keys */
};

struct agent_rules {
	const char		*path;		/* interned member path */
	struct agent_rule	*rules;
	size_t			 nrules;
	bool			 has_revision;
	uint64_t		 revision;
	unsigned long		 revision_line;
};

/*
 * Parse a `policy get` output.  Rules that are not objects get a
 * diagnostic and are skipped.  Returns 0 when the member parsed (no rules
 * included), -1 when nothing usable came out.
 */
int art_policy_parse(struct ingest_member *m, struct arena *a,
    struct strtab *st, struct diag_list *diags, struct agent_rules *out);

/*
 * The same over text in memory (the debuginfo `policy.policy` string);
 * name is used as the path.  Lines count from the start of text.
 */
int art_policy_parse_text(const char *name, const char *text, size_t len,
    struct arena *a, struct strtab *st, struct diag_list *diags,
    struct agent_rules *out);

struct agent_selector {
	unsigned long	 line;
	const char	*selector;	/* interned selector string */
	uint32_t	*identities;	/* in the arena */
	size_t		 nidentities;
	bool		 has_users;
	uint32_t	 users;
	const char	**labels;	/* interned "source:key=value": the
					   policy labels that own it */
	size_t		 nlabels;
	const char	*usage;		/* interned, or NULL */
};

struct agent_selectors {
	const char		*path;
	struct agent_selector	*selectors;
	size_t			 nselectors;
};

/*
 * Parse `policy selectors` (JSON or the table).  Returns 0 when the member
 * parsed (no selectors included), -1 when nothing usable came out.
 */
int art_policy_selectors_parse(struct ingest_member *m, struct arena *a,
    struct strtab *st, struct diag_list *diags,
    struct agent_selectors *out);

/* The selector with exactly this text, or NULL. */
const struct agent_selector *agent_selector_find(
    const struct agent_selectors *r, const char *selector);

#endif
