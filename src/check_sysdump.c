/*
 * check_sysdump.c: SYSDUMP-INCOMPLETE, what the snapshot itself lacks.
 *
 * The inventory knows which artifacts a sysdump normally holds and which
 * this one lacks (with the collector's own failed-task line as reason:
 * the collector, cilium-cli/sysdump/sysdump.go, ends cilium-sysdump.log
 * with "The following tasks failed, the sysdump may be incomplete:" and
 * one line per failed task; sysdump-layout.md 1), and which members were
 * skipped as broken.  This check turns that into one finding, and says
 * which rules could therefore not run: it runs after every other rule
 * (eval.c) so the list is complete.
 */
#include <string.h>

#include "buf.h"
#include "checks.h"
#include "classify.h"
#include "eval.h"
#include "inventory.h"
#include "model.h"

/*
 * What is missing, for the title: a lone missing bugtool by its node
 * ("no bugtool from node kind-worker2"), else counts; unreadable members
 * only when there are some.
 */
static void
what(const struct inventory *inv, struct buf *t)
{
	const struct inventory_missing *mi = inv->missing;

	if (inv->nmissing == 1 && mi->kind == ART_BUGTOOL_ARCHIVE &&
	    mi->node != NULL)
		buf_addf(t, "no bugtool from node %s", mi->node);
	else if (inv->nmissing == 1)
		buf_addf(t, "no %s%s%s", mi->kind == ART_BUGTOOL_ARCHIVE ?
		    "bugtool" : artifact_kind_name(mi->kind),
		    mi->node != NULL ? " from node " : "",
		    mi->node != NULL ? mi->node : "");
	else if (inv->nmissing > 1)
		buf_addf(t, "%zu artifacts missing", inv->nmissing);
	if (inv->skipped.n > 0)
		buf_addf(t, "%s%zu member%s unreadable", t->len ? ", " : "",
		    inv->skipped.n, inv->skipped.n == 1 ? "" : "s");
}

void
check_sysdump_incomplete(struct eval_ctx *ctx)
{
	const struct inventory *inv = &ctx->m->inv;
	struct finding *f;
	struct buf b = BUF_INIT, t = BUF_INIT;
	const char *log = "cilium-sysdump.log";
	size_t i, nodes = 0;

	if (inv->nmissing == 0 && inv->skipped.n == 0 &&
	    ctx->out->nskipped == 0)
		return;
	f = eval_finding_new(ctx);
	for (i = 0; i < inv->nmissing; i++) {
		const struct inventory_missing *mi = &inv->missing[i];
		const char *kind = mi->kind == ART_BUGTOOL_ARCHIVE ? "bugtool" :
		    artifact_kind_name(mi->kind);

		if (mi->node != NULL) {
			finding_subject(ctx, f, "Node", NULL, mi->node);
			nodes++;
		}
		finding_evidence(ctx, f, inv->input, 0, "missing %s%s%s%s: %s",
		    kind, mi->pod != NULL ? " of " : "", mi->pod != NULL ?
		    mi->pod : "", mi->node != NULL ? arena_printf(ctx->out->a,
		    " (node %s)", mi->node) : "", mi->reason);
	}
	for (i = 0; i < inv->nartifacts; i++)
		if (inv->artifacts[i].kind == ART_SYSDUMP_LOG)
			log = inv->artifacts[i].path;
	for (i = 0; i < inv->nfailed; i++)
		finding_evidence(ctx, f, log, inv->failed[i].line,
		    "%s%s%s", inv->failed[i].task, *inv->failed[i].task &&
		    *inv->failed[i].error ? ": " : "", inv->failed[i].error);
	for (i = 0; i < inv->skipped.n; i++)
		finding_evidence(ctx, f, inv->skipped.v[i].path, 0,
		    "skipped: %s", inv->skipped.v[i].text);
	for (i = 0; i < ctx->out->nskipped; i++)
		buf_addf(&b, "%s%s", i ? ", " : "",
		    ctx->out->skipped[i].rule->id);
	what(inv, &t);
	if (ctx->out->nskipped > 0)
		buf_addf(&t, "%s%zu rule%s not evaluated", t.len ? ", " : "",
		    ctx->out->nskipped, ctx->out->nskipped == 1 ? "" : "s");
	finding_title(ctx, f, "The sysdump is incomplete: %s", t.ptr);
	finding_message(ctx, f, "%zu artifact%s a sysdump normally holds "
	    "%s missing and %zu member%s could not be read%s.%s%s",
	    inv->nmissing, inv->nmissing == 1 ? "" : "s",
	    inv->nmissing == 1 ? "is" : "are", inv->skipped.n,
	    inv->skipped.n == 1 ? "" : "s", nodes ? "; affected nodes are "
	    "analyzed from cluster-wide objects only" : "",
	    b.len ? " Rules not evaluated: " : "", b.ptr);
	finding_remediation(ctx, f, "Collect again for what is missing, e.g. "
	    "`cilium sysdump --node-list <node>` for a node without a "
	    "bugtool, after fixing what the collector log names (often an "
	    "agent container that is not running).");
	buf_release(&b);
	buf_release(&t);
}
