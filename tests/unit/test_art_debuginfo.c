/*
 * test_art_debuginfo.c: the debuginfo JSON and its sections, each read
 * by the converter of its stand-alone command; broken sections and
 * broken documents.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "arena.h"
#include "art_debuginfo.h"
#include "diag.h"
#include "ingest.h"
#include "intern.h"

#include "support_member.h"

/* Parse doc into r and d; d is initialized here, the caller releases it. */
static int
parse(struct sm_fx *f, const char *doc, struct debuginfo_result *r,
    struct diag_list *d)
{
	diag_list_init(d);
	return art_debuginfo_parse(sm_member(f,
	    "cmd/cilium-debuginfo-20250601-101502.117+0000-UTC.json", doc),
	    f->a, f->st, d, r);
}

static void
test_sections(void **state)
{
	struct sm_fx *f = *state;
	static const char doc[] =
	    "{\n"
	    "  \"cilium-version\": \"1.16.5 ad688277 2024-12-12T20:40:31+00:00 "
	    "go version go1.22.10 linux/amd64\",\n"
	    "  \"kernel-version\": \"6.8.0\",\n"
	    "  \"cilium-status\": {\"cilium\": {\"state\": \"Ok\", \"msg\": "
	    "\"Ok\"}, \"kube-proxy-replacement\": {\"mode\": \"True\"}},\n"
	    "  \"endpoint-list\": [\n"
	    "    {\"id\": 1931, \"status\": {\"state\": \"ready\", \"identity\": "
	    "{\"id\": 50541, \"labels\": [\"k8s:app=backend\"]}, "
	    "\"external-identifiers\": {\"k8s-namespace\": \"shop\", "
	    "\"k8s-pod-name\": \"backend-1\"}, \"networking\": {\"addressing\": "
	    "[{\"ipv4\": \"10.244.1.87\"}]}, \"policy\": {\"realized\": "
	    "{\"policy-enabled\": \"ingress\"}}}},\n"
	    "    17\n"
	    "  ],\n"
	    "  \"service-list\": [{\"spec\": {\"id\": 7, \"frontend-address\": "
	    "{\"ip\": \"10.96.52.181\", \"port\": 8080, \"protocol\": \"TCP\"}, "
	    "\"backend-addresses\": [{\"ip\": \"10.244.1.87\", \"port\": 8080}], "
	    "\"flags\": {\"type\": \"ClusterIP\", \"name\": \"backend\", "
	    "\"namespace\": \"shop\"}}}],\n"
	    "  \"policy\": {\"revision\": 11, \"policy\": \"[{\\\"endpointSelector\\\""
	    ": {\\\"matchLabels\\\": {\\\"any:app\\\": \\\"backend\\\"}}, "
	    "\\\"labels\\\": [{\\\"key\\\": \\\"io.cilium.k8s.policy.name\\\", "
	    "\\\"value\\\": \\\"backend-ingress\\\", \\\"source\\\": \\\"k8s\\\"}]}]\"}\n"
	    "}\n";
	struct debuginfo_result r;
	struct diag_list d;

	assert_int_equal(parse(f, doc, &r, &d), 0);
	assert_string_equal(r.version, "1.16.5");
	assert_non_null(strstr(r.version_text, "go1.22.10"));
	assert_string_equal(r.kernel, "6.8.0");
	assert_true(r.has_status);
	assert_int_equal(r.status.cilium.state, STATUS_STATE_OK);
	/* One good endpoint; the bad element is reported, not fatal. */
	assert_int_equal(r.endpoints.n, 1);
	assert_int_equal(r.endpoints.v[0].id, 1931);
	assert_int_equal(r.endpoints.v[0].identity, 50541);
	assert_string_equal(r.endpoints.v[0].pod_name, "backend-1");
	assert_int_equal(r.endpoints.v[0].ingress, ENDPOINT_POLICY_ENABLED);
	assert_int_equal(d.n, 1);
	assert_non_null(strstr(d.v[0].text, "endpoint-list[1]"));
	assert_true(r.has_services);
	assert_int_equal(r.services.nservices, 1);
	assert_true(r.has_policy);
	assert_int_equal(r.policy.nrules, 1);
	assert_string_equal(r.policy.rules[0].name, "backend-ingress");
	diag_list_release(&d);
}

static void
test_broken(void **state)
{
	struct sm_fx *f = *state;
	struct debuginfo_result r;
	struct diag_list d;

	assert_int_equal(parse(f, "{\"cilium-version\": \"1.1", &r, &d), -1);
	assert_int_equal(d.n, 1);
	assert_non_null(strstr(d.v[0].text, "cannot parse JSON"));
	diag_list_release(&d);
	assert_int_equal(parse(f, "[1, 2]", &r, &d), -1);
	assert_non_null(strstr(d.v[0].text, "not a JSON object"));
	diag_list_release(&d);
	/* Missing sections are simply absent. */
	assert_int_equal(parse(f, "{}", &r, &d), 0);
	assert_null(r.version);
	assert_false(r.has_status);
	assert_int_equal(r.endpoints.n, 0);
	diag_list_release(&d);
}

static void
test_version_text(void **state)
{
	struct sm_fx *f = *state;

	assert_string_equal(debuginfo_version(f->st, "v1.17.0-rc.1 abc"),
	    "1.17.0");
	assert_string_equal(debuginfo_version(f->st, "1.13.4 (v1.13.4-x)"),
	    "1.13.4");
	assert_null(debuginfo_version(f->st, "unknown"));
	assert_null(debuginfo_version(f->st, NULL));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sections),
		cmocka_unit_test(test_broken),
		cmocka_unit_test(test_version_text),
	};

	return cmocka_run_group_tests_name("art_debuginfo", tests, sm_setup,
	    sm_teardown);
}
