/*
 * test_art_policy.c: `policy get` (label objects, old string labels,
 * deny and host rules, Revision, markdown, empty repositories, truncated
 * JSON, the debuginfo string form) and `policy selectors` (JSON with label
 * arrays, the table with identity continuation lines).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "art_policy.h"
#include "diag.h"
#include "ingest.h"
#include "intern.h"

#include "support_member.h"

/* What the last parse() and parse_sel() gave. */
static struct agent_rules rules;
static struct agent_selectors sels;

static int
parse(struct sm_fx *f, const char *path, const char *text)
{
	return art_policy_parse(sm_member(f, path, text), f->a, f->st,
	    &f->d, &rules);
}

static int
parse_sel(struct sm_fx *f, const char *path, const char *text)
{
	return art_policy_selectors_parse(sm_member(f, path, text), f->a, f->st,
	    &f->d, &sels);
}

static const char policy_get[] =
    "[\n"
    "  {\n"
    "    \"endpointSelector\": {\n"
    "      \"matchLabels\": {\n"
    "        \"any:class\": \"deathstar\",\n"
    "        \"k8s:io.kubernetes.pod.namespace\": \"default\"\n"
    "      }\n"
    "    },\n"
    "    \"ingress\": [\n"
    "      {\n"
    "        \"fromEndpoints\": [\n"
    "          {\"matchLabels\": {\"any:org\": \"empire\"}}\n"
    "        ],\n"
    "        \"toPorts\": [{\"ports\": [{\"port\": \"80\", \"protocol\": \"TCP\"}]}]\n"
    "      }\n"
    "    ],\n"
    "    \"labels\": [\n"
    "      {\n"
    "        \"key\": \"io.cilium.k8s.policy.derived-from\",\n"
    "        \"value\": \"CiliumNetworkPolicy\",\n"
    "        \"source\": \"k8s\"\n"
    "      },\n"
    "      {\"key\": \"io.cilium.k8s.policy.name\", \"value\": \"rule1\", \"source\": \"k8s\"},\n"
    "      {\"key\": \"io.cilium.k8s.policy.namespace\", \"value\": \"default\", \"source\": \"k8s\"},\n"
    "      {\"key\": \"io.cilium.k8s.policy.uid\", \"value\": \"eb3a688b-b3aa-495c-b20a-d4f79e7c088d\", \"source\": \"k8s\"}\n"
    "    ],\n"
    "    \"description\": \"L7 policy\"\n"
    "  },\n"
    "  {\n"
    "    \"nodeSelector\": {\"matchLabels\": {\"any:node-access\": \"ssh\"}},\n"
    "    \"ingressDeny\": [{\"fromEntities\": [\"world\"]}],\n"
    "    \"egress\": [{}, {}],\n"
    "    \"egressDeny\": [{}],\n"
    "    \"labels\": [\n"
    "      {\"key\": \"io.cilium.k8s.policy.derived-from\", \"value\": \"CiliumClusterwideNetworkPolicy\", \"source\": \"k8s\"},\n"
    "      {\"key\": \"io.cilium.k8s.policy.name\", \"value\": \"host-fw\", \"source\": \"k8s\"},\n"
    "      {\"key\": \"unlabelled\", \"source\": \"unspec\"}\n"
    "    ]\n"
    "  },\n"
    "  \"oops\"\n"
    "]\n"
    "Revision: 57\n";

static void
test_policy_get(void **state)
{
	struct sm_fx *f = *state;
	const struct agent_rule *r;

	assert_int_equal(parse(f, "cmd/cilium-dbg-policy-get.md", policy_get),
	    0);
	assert_string_equal(rules.path, "cmd/cilium-dbg-policy-get.md");
	assert_true(rules.has_revision);
	assert_int_equal(rules.revision, 57);
	assert_int_equal(rules.revision_line, 42);
	assert_int_equal(rules.nrules, 2);
	r = &rules.rules[0];
	assert_int_equal(r->line, 2);
	assert_int_equal(r->index, 0);
	assert_string_equal(r->name, "rule1");
	assert_string_equal(r->namespace, "default");
	assert_string_equal(r->kind, "CiliumNetworkPolicy");
	assert_string_equal(r->uid, "eb3a688b-b3aa-495c-b20a-d4f79e7c088d");
	assert_int_equal(r->nlabels, 4);
	assert_string_equal(r->labels[1], "k8s:io.cilium.k8s.policy.name=rule1");
	assert_string_equal(r->description, "L7 policy");
	assert_false(r->node_selector);
	assert_int_equal(r->ningress, 1);
	assert_int_equal(r->negress, 0);
	assert_non_null(r->json);
	assert_non_null(strstr(r->json, "\"endpointSelector\":{\"matchLabels\":"
	    "{\"any:class\":\"deathstar\","));
	/* Sorted keys: description before endpointSelector. */
	assert_true(strstr(r->json, "\"description\"") <
	    strstr(r->json, "\"endpointSelector\""));
	r = &rules.rules[1];
	assert_int_equal(r->line, 29);
	assert_int_equal(r->index, 1);
	assert_string_equal(r->name, "host-fw");
	assert_null(r->namespace);
	assert_string_equal(r->kind, "CiliumClusterwideNetworkPolicy");
	assert_true(r->node_selector);
	assert_int_equal(r->ningress_deny, 1);
	assert_int_equal(r->negress, 2);
	assert_int_equal(r->negress_deny, 1);
	assert_string_equal(r->labels[2], "unspec:unlabelled");
	assert_int_equal(f->d.n, 1);
	assert_int_equal(f->d.v[0].line, 40);
	assert_string_equal(f->d.v[0].text,
	    "cannot parse policy rule 2: not an object");
}

/* Markdown wrapping, string labels (some old agents), error trailer. */
static void
test_markdown_string_labels(void **state)
{
	static const char text[] =
	    "# cilium policy get\n"
	    "\n"
	    "```\n"
	    "[\n"
	    "  {\n"
	    "    \"endpointSelector\": {\"matchLabels\": {\"any:app\": \"web\"}},\n"
	    "    \"labels\": [\"k8s:io.cilium.k8s.policy.name=web\", "
	    "\"k8s:io.cilium.k8s.policy.namespace=shop\", "
	    "\"k8s:io.cilium.k8s.policy.derived-from=NetworkPolicy\", "
	    "\"k8s:io.cilium.k8s.policy.uid=u-1\"]\n"
	    "  }\n"
	    "]\n"
	    "Revision: 3\n"
	    "```\n"
	    "> Error while running 'cilium policy get':  signal: killed\n";
	struct sm_fx *f = *state;
	const struct agent_rule *r;

	assert_int_equal(parse(f, "md.md", text), 0);
	assert_int_equal(rules.revision, 3);
	assert_int_equal(rules.revision_line, 10);
	assert_int_equal(rules.nrules, 1);
	r = &rules.rules[0];
	assert_int_equal(r->line, 5);
	assert_string_equal(r->name, "web");
	assert_string_equal(r->namespace, "shop");
	assert_string_equal(r->kind, "NetworkPolicy");
	assert_string_equal(r->uid, "u-1");
	assert_int_equal(f->d.n, 1);
	assert_int_equal(f->d.v[0].line, 12);
	assert_string_equal(f->d.v[0].text, "command failed: signal: killed");
}

static void
test_empty_and_broken(void **state)
{
	struct sm_fx *f = *state;

	assert_int_equal(parse(f, "a.md", "[]\nRevision: 1\n"), 0);
	assert_int_equal(rules.nrules, 0);
	assert_int_equal(rules.revision, 1);
	assert_int_equal(parse(f, "b.md", "Revision: 9\n"), 0);
	assert_int_equal(rules.revision, 9);
	assert_int_equal(parse(f, "c.md", "null\nRevision: 2\n"), 0);
	assert_int_equal(f->d.n, 0);

	assert_int_equal(parse(f, "cut.md", "[\n  {\n    \"labels\": [\n"), -1);
	assert_int_equal(f->d.n, 1);
	assert_string_equal(f->d.v[0].path, "cut.md");
	assert_int_equal(f->d.v[0].severity, DIAG_ERROR);
	assert_non_null(strstr(f->d.v[0].text, "cannot parse JSON: "));
	assert_int_equal(parse(f, "obj.md", "{\"a\": 1}\n"), -1);
	assert_string_equal(f->d.v[1].text,
	    "cannot parse policy get output: not a JSON array");
	assert_int_equal(parse(f, "txt.md", "Error: connection refused\n"), -1);
	assert_string_equal(f->d.v[2].text,
	    "cannot parse policy get output: no JSON document");
	assert_int_equal(parse(f, "fail.md", "> Error while running 'cilium "
	    "policy get':  exit status 1\n"), -1);
	assert_string_equal(f->d.v[3].text, "command failed: exit status 1");
	assert_int_equal(f->d.n, 4);
}

static void
test_parse_text(void **state)
{
	static const char text[] = "[{\"labels\": [{\"key\": "
	    "\"io.cilium.k8s.policy.name\", \"value\": \"p\", \"source\": "
	    "\"k8s\"}], \"egress\": [{}]}]";
	struct sm_fx *f = *state;

	assert_int_equal(art_policy_parse_text("debuginfo.json:policy", text,
	    strlen(text), f->a, f->st, &f->d, &rules), 0);
	assert_int_equal(rules.nrules, 1);
	assert_string_equal(rules.rules[0].name, "p");
	assert_int_equal(rules.rules[0].negress, 1);
	assert_int_equal(rules.rules[0].line, 1);
	assert_false(rules.has_revision);
	assert_string_equal(rules.path, "debuginfo.json:policy");
}

static void
test_selectors_json(void **state)
{
	static const char text[] =
	    "[\n"
	    "  {\n"
	    "    \"identities\": [\n"
	    "      16777217\n"
	    "    ],\n"
	    "    \"labels\": [\n"
	    "      {\"key\": \"io.cilium.k8s.policy.name\", \"source\": \"k8s\", \"value\": \"fqdn\"},\n"
	    "      {\"key\": \"io.cilium.k8s.policy.namespace\", \"source\": \"k8s\", \"value\": \"default\"}\n"
	    "    ],\n"
	    "    \"selector\": \"MatchName: , MatchPattern: *\",\n"
	    "    \"users\": 1\n"
	    "  },\n"
	    "  {\n"
	    "    \"identities\": [1, 2, 323],\n"
	    "    \"labels\": [[\"k8s:io.cilium.k8s.policy.name=a\"], [\"k8s:io.cilium.k8s.policy.name=b\"]],\n"
	    "    \"selector\": \"&LabelSelector{MatchLabels:map[string]string{},MatchExpressions:[]LabelSelectorRequirement{},}\",\n"
	    "    \"usage\": \"ingress\",\n"
	    "    \"users\": 2\n"
	    "  },\n"
	    "  {\"selector\": \"&LabelSelector{MatchLabels:map[string]string{reserved.none: ,},}\", \"identities\": null},\n"
	    "  5\n"
	    "]\n";
	struct sm_fx *f = *state;
	const struct agent_selector *s;

	assert_int_equal(parse_sel(f, "cmd/cilium-dbg-policy-selectors--o-"
	    "json.md", text), 0);
	assert_int_equal(sels.nselectors, 3);
	s = &sels.selectors[0];
	assert_int_equal(s->line, 2);
	assert_string_equal(s->selector, "MatchName: , MatchPattern: *");
	assert_int_equal(s->nidentities, 1);
	assert_int_equal(s->identities[0], 16777217);
	assert_true(s->has_users);
	assert_int_equal(s->users, 1);
	assert_int_equal(s->nlabels, 2);
	assert_string_equal(s->labels[0], "k8s:io.cilium.k8s.policy.name=fqdn");
	s = &sels.selectors[1];
	assert_int_equal(s->line, 13);
	assert_int_equal(s->nidentities, 3);
	assert_int_equal(s->identities[2], 323);
	assert_int_equal(s->nlabels, 2);
	assert_string_equal(s->labels[1], "k8s:io.cilium.k8s.policy.name=b");
	assert_string_equal(s->usage, "ingress");
	s = &sels.selectors[2];
	assert_int_equal(s->nidentities, 0);
	assert_false(s->has_users);
	assert_ptr_equal(agent_selector_find(&sels,
	    "MatchName: , MatchPattern: *"), &sels.selectors[0]);
	assert_null(agent_selector_find(&sels, "x"));
	assert_int_equal(f->d.n, 1);
	assert_int_equal(f->d.v[0].line, 21);
}

static void
test_selectors_text(void **state)
{
	static const char text[] =
	    "SELECTOR                                                                                                         USERS   IDENTITIES\n"
	    "MatchName: , MatchPattern: *                                                                                     1       16777217\n"
	    "&LabelSelector{MatchLabels:map[string]string{},MatchExpressions:[]LabelSelectorRequirement{},}                   2       1\n"
	    "                                                                                                                         2\n"
	    "                                                                                                                         323\n"
	    "                                                                                                                         x9\n"
	    "&LabelSelector{MatchLabels:map[string]string{reserved.none: ,},MatchExpressions:[]LabelSelectorRequirement{},}   1\n";
	struct sm_fx *f = *state;
	const struct agent_selector *s;

	assert_int_equal(parse_sel(f, "sel.md", text), 0);
	assert_int_equal(sels.nselectors, 3);
	s = &sels.selectors[1];
	assert_int_equal(s->line, 3);
	assert_int_equal(s->users, 2);
	assert_int_equal(s->nidentities, 3);
	assert_int_equal(s->identities[2], 323);
	s = &sels.selectors[2];
	assert_int_equal(s->nidentities, 0);
	assert_int_equal(s->users, 1);
	assert_int_equal(f->d.n, 1);
	assert_int_equal(f->d.v[0].line, 6);
	assert_string_equal(f->d.v[0].text,
	    "cannot parse selector identity 'x9'");

	assert_int_equal(parse_sel(f, "none.md", "junk\n"), -1);
	assert_int_equal(parse_sel(f, "null.md", "null\n"), 0);
	assert_int_equal(parse_sel(f, "empty.md", "[]\n"), 0);
	assert_int_equal(sels.nselectors, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_policy_get, sm_setup,
		    sm_teardown),
		cmocka_unit_test_setup_teardown(test_markdown_string_labels,
		    sm_setup, sm_teardown),
		cmocka_unit_test_setup_teardown(test_empty_and_broken, sm_setup,
		    sm_teardown),
		cmocka_unit_test_setup_teardown(test_parse_text, sm_setup,
		    sm_teardown),
		cmocka_unit_test_setup_teardown(test_selectors_json, sm_setup,
		    sm_teardown),
		cmocka_unit_test_setup_teardown(test_selectors_text, sm_setup,
		    sm_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
