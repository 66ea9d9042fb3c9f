/*
 * test_report_redact.c: --redact.  Names become consistent pseudonyms in
 * every field; addresses keep their prefix relationships (checked over
 * many pairs, IPv4 and IPv6) and CIDRs their host bits cleared; rule IDs,
 * Cilium and Kubernetes label keys, versions and times stay; a seed gives
 * the same mapping, another seed another one.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "report_analyze.h"
#include "report_redact.h"
#include "report_view.h"
#include "test_report_fixture.h"

static struct redactor *
seeded(const char *seed)
{
	uint8_t key[REDACT_KEY_LEN];

	redact_key_from_seed(seed, key);
	return redactor_new(key, "seed");
}

/* Leading bits two addresses share. */
static unsigned
common_prefix(const uint8_t *a, const uint8_t *b, size_t len)
{
	unsigned i;

	for (i = 0; i < len * 8; i++)
		if (((a[i / 8] ^ b[i / 8]) & (0x80u >> (i % 8))) != 0)
			break;
	return i;
}

static void
test_prefix_preserving(void **state)
{
	struct redactor *rd = seeded("t");
	struct arena *a = arena_new();
	char ta[64], tb[64];
	uint8_t x[16], y[16], mx[16], my[16];
	unsigned i, k;
	int fam;

	(void)state;
	srand(7);
	for (i = 0; i < 400; i++) {
		fam = i % 2 ? AF_INET6 : AF_INET;
		for (k = 0; k < 16; k++)
			x[k] = (uint8_t)rand();
		memcpy(y, x, 16);
		/* Share exactly k leading bits. */
		k = (unsigned)rand() % (fam == AF_INET ? 32 : 128);
		y[k / 8] ^= (uint8_t)(0x80u >> (k % 8));
		for (k = k + 1; k < (fam == AF_INET ? 32u : 128u); k++)
			if (rand() % 2)
				y[k / 8] ^= (uint8_t)(0x80u >> (k % 8));
		inet_ntop(fam, x, ta, sizeof(ta));
		inet_ntop(fam, y, tb, sizeof(tb));
		assert_int_equal(inet_pton(fam, redact_string(rd, a, ta), mx),
		    1);
		assert_int_equal(inet_pton(fam, redact_string(rd, a, tb), my),
		    1);
		assert_int_equal(common_prefix(mx, my, fam == AF_INET ? 4 : 16),
		    common_prefix(x, y, fam == AF_INET ? 4 : 16));
	}
	redactor_free(rd);
	arena_free(a);
}

static void
test_strings(void **state)
{
	struct redactor *rd = seeded("t"), *rd2;
	struct arena *a = arena_new();
	const char *s, *ip, *cidr;
	char want[128];

	(void)state;
	/* A CIDR and an address in it stay coherent; host bits cleared. */
	ip = redact_string(rd, a, "10.0.0.5");
	cidr = redact_string(rd, a, "10.0.0.0/24");
	assert_string_not_equal(ip, "10.0.0.5");
	assert_non_null(strstr(cidr, "/24"));
	assert_int_equal(strncmp(ip, cidr, (size_t)(strrchr(ip, '.') - ip)),
	    0);
	assert_string_equal(strrchr(cidr, '.'), ".0/24");
	/* Same address, same pseudonym, wherever it stands. */
	s = redact_string(rd, a, "dst=10.0.0.5:8080 (10.0.0.5)");
	snprintf(want, sizeof(want), "dst=%s:8080 (%s)", ip, ip);
	assert_string_equal(s, want);
	/* Not addresses: versions, times, identities, MAC-like words. */
	s = "Cilium 1.16.5 at 2025-06-01T10:00:00Z 12:30:45 id 16777217 "
	    "aa:bb:cc:dd:ee:ff";
	assert_string_equal(redact_string(rd, a, s), s);
	/* IPv6, and an IPv6 CIDR. */
	s = redact_string(rd, a, "fd00::5 fd00::/64");
	assert_null(strstr(s, "fd00::5"));
	assert_non_null(strstr(s, "::/64"));
	assert_null(redact_string(rd, a, NULL));
	rd2 = seeded("other");
	assert_string_not_equal(redact_string(rd2, a, "10.0.0.5"), ip);
	redactor_free(rd2);
	rd2 = seeded("t");
	assert_string_equal(redact_string(rd2, a, "10.0.0.5"), ip);
	redactor_free(rd2);
	redactor_free(rd);
	arena_free(a);
}

static void
test_report(void **state)
{
	struct fixture fx;
	struct redactor *rd;
	struct arena *a = arena_new();
	char *txt, *json, *map = NULL;
	size_t maplen = 0;
	FILE *mf;
	const char *s;
	int i;

	(void)state;
	fx_setup(&fx);
	rd = seeded("t");
	redactor_add_model(rd, &fx.m);
	/* Words: whole, dot parts, and pods inside member names. */
	s = redact_string(rd, a, "shop/web-1 on n1 in web.shop.svc and "
	    "logs-web-1-agent.log; k8s:io.kubernetes.pod.namespace=shop "
	    "io.cilium.k8s.policy.cluster=c1 POL-INVALID-STATUS "
	    "kube-system/cilium-a shopping web-10");
	assert_null(strstr(s, "shop/"));
	assert_null(strstr(s, "web-1 "));
	assert_non_null(strstr(s, "k8s:io.kubernetes.pod.namespace=ns-"));
	assert_non_null(strstr(s, "io.cilium.k8s.policy.cluster=cluster-1 "));
	assert_non_null(strstr(s, "POL-INVALID-STATUS"));
	assert_non_null(strstr(s, "kube-system/pod-"));
	assert_non_null(strstr(s, " on node-1 in web.ns-"));
	assert_non_null(strstr(s, "logs-pod-"));
	assert_non_null(strstr(s, "shopping web-10"));

	report_redact(&fx.r, rd);
	report_finish(&fx.r);
	txt = fx_render(report_analyze_text, &fx.r);
	json = fx_render(report_analyze_json, &fx.r);
	assert_null(strstr(txt, "shop"));
	assert_null(strstr(txt, "web-1"));
	assert_null(strstr(txt, "10.0.0."));
	assert_null(strstr(json, "shop"));
	assert_null(strstr(json, "10.0.0."));
	assert_non_null(strstr(txt, "ctriage analyze: (redacted)\n"));
	assert_non_null(strstr(txt, "cluster:  cluster-1, Cilium 1.16.5"));
	assert_non_null(strstr(txt, "POL-INVALID-STATUS"));
	assert_non_null(strstr(json, "\"redacted\": true"));
	assert_non_null(strstr(json, "\"key\": \"seed\""));
	i = fx_find(&fx.r, "POL-INVALID-STATUS");
	/* Subject and affected name the namespace by the same pseudonym. */
	assert_int_equal(strncmp(fx.r.v[i].f.affected[0],
	    fx.r.v[i].f.subjects[0].ns, strlen(fx.r.v[i].f.subjects[0].ns)),
	    0);
	assert_int_equal(strncmp(fx.r.v[i].f.subjects[0].ns, "ns-", 3), 0);
	assert_string_equal(fx.r.v[i].f.subjects[0].name, "marked");
	/* The map names what was replaced, and only that. */
	mf = open_memstream(&map, &maplen);
	assert_int_equal(redactor_write_map(rd, mf), 0);
	fclose(mf);
	assert_non_null(strstr(map, "\"original\": \"shop\""));
	assert_non_null(strstr(map, "\"original\": \"web-1\""));
	assert_non_null(strstr(map, "\"original\": \"10.0.0.5\""));
	assert_null(strstr(map, "kube-system"));
	free(map);
	free(txt);
	free(json);
	redactor_free(rd);
	arena_free(a);
	fx_teardown(&fx);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_prefix_preserving),
		cmocka_unit_test(test_strings),
		cmocka_unit_test(test_report),
	};

	return cmocka_run_group_tests_name("report_redact", tests,
	    sa_group_setup, sa_group_teardown);
}
