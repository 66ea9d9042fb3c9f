/*
 * model_bugtool.h: the bugtool part of the model builder.
 *
 * Each bugtool tree is one agent's view of its node.  During the walk,
 * model_bugtool_member parses the cmd/ outputs the model uses into that
 * agent's record; after the walk, model_bugtool_join ties the agents to
 * their nodes and merges what they say into the cluster-wide endpoints,
 * identities, version and kernel facts.  Internal to model.c.
 */
#ifndef CTRIAGE_MODEL_BUGTOOL_H
#define CTRIAGE_MODEL_BUGTOOL_H

#include "classify.h"
#include "ingest.h"
#include "model.h"

/* Parse a bugtool member classified as c, if the model uses its kind. */
void model_bugtool_member(struct model *m, struct ingest_member *mb,
    const struct classification *c);

/*
 * After the inventory is finished: each agent's node, version and kernel,
 * and the cluster's Cilium version from the agents when nothing else
 * said it.
 */
void model_bugtool_agents(struct model *m);

/*
 * After the CEP/pod endpoints are joined: merge the agents' endpoints
 * and identities into the model's.
 */
void model_bugtool_join(struct model *m);

#endif
