/*
 * test_eval_flow.c: the flows a finding explains or that contradict it,
 * on the demo sysdump, whose drops testdata/README.md lists line by line.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "eval.h"
#include "eval_flow.h"
#include "model.h"

struct fx {
	struct model	 m;
	struct findings	 f;
	struct rule	 r;
	struct eval_ctx	 ctx;
};

static int
setup(void **state)
{
	struct fx *x = calloc(1, sizeof(*x));
	struct ingest_limits lim;
	char *err = NULL;

	ingest_limits_default(&lim);
	if (model_build(&x->m, "testdata/sysdump/cilium-sysdump-20250601-101500",
	    &lim, &err) != 0)
		return -1;
	findings_init(&x->f);
	x->r.id = "TEST";
	x->r.title = "t";
	x->r.summary = "s";
	x->r.remediation = "r";
	x->r.severity = SEV_HIGH;
	x->ctx.m = &x->m;
	x->ctx.rule = &x->r;
	x->ctx.out = &x->f;
	*state = x;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *x = *state;

	findings_release(&x->f);
	model_free(&x->m);
	free(x);
	return 0;
}

#define M4ZQD "cilium-sysdump-20250601-101500/hubble-flows-cilium-m4zqd-" \
	"20250601-101500.json"
#define R9VTB "cilium-sysdump-20250601-101500/hubble-flows-cilium-r9vtb-" \
	"20250601-101500.json"

/* Problem 1: frontend (21093) to backend (50541) :8080, ingress. */
static void
test_drops_of_problem_1(void **state)
{
	struct fx *x = *state;
	static const uint32_t frontend[] = { 21093 }, backend[] = { 50541 };
	struct eval_flow_query q = {
		.dir = FLOW_DIR_INGRESS, .local_ids = backend, .nlocal_ids = 1,
		.peer_ids = frontend, .npeer_ids = 1, .port = 8080,
		.l4 = FLOW_L4_TCP,
	};
	struct finding *f = eval_finding_new(&x->ctx);

	/* README 1.2: 8 drops on kind-worker, 6 on kind-worker2. */
	assert_int_equal(eval_flow_drops(&x->ctx, f, &q, 3), 14);
	assert_int_equal(f->drops, 14);
	assert_int_equal(f->nevidence, 3);
	assert_string_equal(f->evidence[0].path, M4ZQD);
	assert_int_equal(f->evidence[0].line, 13);
	assert_int_equal(f->evidence[1].line, 14);
	assert_string_equal(f->evidence[2].path, R9VTB);
	assert_int_equal(f->evidence[2].line, 104);
	assert_non_null(strstr(f->evidence[0].excerpt, "DROPPED INGRESS "
	    "shop/frontend-7c9d8b5f6-p7rlm (21093) -> "
	    "shop/backend-5b6d7c8f9-tx8vw (50541) 8080/TCP POLICY_DENIED"));
	/* Both backends are affected; nothing contradicts. */
	assert_int_equal(f->naffected, 2);
	assert_int_equal(eval_flow_forwarded(&x->ctx, f, &q, 2), 0);
	assert_int_equal(f->contradicting, 0);
	/* By pod name instead of identity: only backend-tx8vw's 8. */
	q.local_ids = NULL;
	q.ns = "shop";
	q.pod = "backend-5b6d7c8f9-tx8vw";
	assert_int_equal(eval_flow_drops(&x->ctx, NULL, &q, 0), 8);
	/* The wrong port or direction matches nothing. */
	q.port = 80;
	assert_int_equal(eval_flow_drops(&x->ctx, NULL, &q, 0), 0);
	q.port = 8080;
	q.dir = FLOW_DIR_EGRESS;
	assert_int_equal(eval_flow_drops(&x->ctx, NULL, &q, 0), 0);
}

/* The frontend's egress to the backend is FORWARDED on its side. */
static void
test_forwarded_contradicts(void **state)
{
	struct fx *x = *state;
	static const uint32_t frontend[] = { 21093 }, backend[] = { 50541 };
	struct eval_flow_query q = {
		.dir = FLOW_DIR_EGRESS, .local_ids = frontend, .nlocal_ids = 1,
		.peer_ids = backend, .npeer_ids = 1, .port = 8080,
	};
	struct finding *f = eval_finding_new(&x->ctx);
	unsigned long n = eval_flow_forwarded(&x->ctx, f, &q, 2);

	assert_true(n > 0);
	assert_int_equal(f->contradicting, n);
	assert_int_equal(f->nevidence, 2);
	assert_non_null(strstr(f->evidence[0].excerpt, "FORWARDED EGRESS"));
	assert_int_equal(eval_flow_drops(&x->ctx, NULL, &q, 0), 0);
	assert_true(eval_flow_total(&x->m) >= 3 * 127);
	eval_finding_discard(&x->ctx, f);
	assert_int_equal(x->f.n, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_drops_of_problem_1, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_forwarded_contradicts,
		    setup, teardown),
	};

	return cmocka_run_group_tests_name("eval_flow", tests, NULL, NULL);
}
