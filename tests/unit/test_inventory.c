/*
 * test_inventory.c: the inventory of small sysdumps built at test time:
 * node resolution, the missing list and the collector's reasons, broken
 * nested bugtools, a lone bugtool, and zip/directory equivalence.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "inventory.h"
#include "report_inventory.h"
#include "support_archive.h"
#include "xalloc.h"

#define TS	"20250601-101500"
#define TOP	"cilium-sysdump-" TS "/"

static const char pods_yaml[] =
    "apiVersion: v1\n"
    "items:\n"
    "- metadata:\n"
    "    labels:\n"
    "      k8s-app: cilium\n"
    "    name: cilium-aaaaa\n"
    "    namespace: kube-system\n"
    "  spec:\n"
    "    nodeName: kind-control-plane\n"
    "- metadata:\n"
    "    labels:\n"
    "      k8s-app: cilium\n"
    "    name: cilium-bbbbb\n"
    "    namespace: kube-system\n"
    "  spec:\n"
    "    nodeName: kind-worker\n"
    "- metadata:\n"
    "    labels:\n"
    "      k8s-app: cilium\n"
    "    name: cilium-ccccc\n"
    "    namespace: kube-system\n"
    "  spec:\n"
    "    nodeName: kind-worker2\n"
    "- metadata:\n"
    "    name: cilium-operator-5d9c7b-xk2lp\n"
    "    namespace: kube-system\n"
    "  spec:\n"
    "    nodeName: kind-worker\n"
    "kind: List\n"
    "metadata:\n"
    "  resourceVersion: \"\"\n";

static const char nodes_yaml[] =
    "apiVersion: v1\nitems:\n"
    "- metadata:\n    name: kind-control-plane\n"
    "- metadata:\n    name: kind-worker\n"
    "- metadata:\n    name: kind-worker2\n"
    "kind: List\nmetadata:\n  resourceVersion: \"\"\n";

static const char collector_log[] =
    "🔍 Collecting Kubernetes nodes\n"
    "🔍 Collecting Cilium identities\n"
    "⚠️ The following tasks failed, the sysdump may be incomplete:\n"
    "⚠️ [14] Collecting Cilium identities: failed to collect Cilium "
    "identities: the server could not find the requested resource\n"
    "⚠️ cilium-bugtool-cilium-ccccc: failed to collect 'cilium-bugtool' "
    "output for \"cilium-ccccc\" in namespace \"kube-system\": command "
    "terminated with exit code 1\n"
    "⚠️ Please note that depending on your Cilium version and "
    "installation options, this may be expected\n"
    "🗳 Compiling sysdump\n";

/* The members of a small sysdump (relative to its parent directory). */
static const struct sa_entry sysdump[] = {
	{ TOP "cilium-sysdump.log", collector_log, 0, SA_FILE },
	{ TOP "k8s-pods-" TS ".yaml", pods_yaml, 0, SA_FILE },
	{ TOP "k8s-nodes-" TS ".yaml", nodes_yaml, 0, SA_FILE },
	{ TOP "k8s-version-" TS ".txt", "version.Info{Major:\"1\"}\n", 0,
	    SA_FILE },
	{ TOP "k8s-events-" TS ".yaml", "items: []\n", 0, SA_FILE },
	{ TOP "k8s-namespaces-" TS ".yaml", "items: []\n", 0, SA_FILE },
	{ TOP "k8s-services-" TS ".yaml", "items: []\n", 0, SA_FILE },
	{ TOP "k8s-networkpolicies-" TS ".yaml", "items: []\n", 0, SA_FILE },
	{ TOP "cilium-configmap-" TS ".yaml", "data: {}\n", 0, SA_FILE },
	{ TOP "cilium-daemonset-" TS ".yaml", "items: []\n", 0, SA_FILE },
	{ TOP "ciliumnetworkpolicies-" TS ".yaml", "items: []\n", 0, SA_FILE },
	{ TOP "ciliumclusterwidenetworkpolicies-" TS ".yaml", "items: []\n", 0,
	    SA_FILE },
	{ TOP "ciliumendpoints-" TS ".yaml", "items: []\n", 0, SA_FILE },
	{ TOP "ciliumnodes-" TS ".yaml", "items: []\n", 0, SA_FILE },
	{ TOP "logs-cilium-aaaaa-cilium-agent-" TS ".log", "level=info\n", 0,
	    SA_FILE },
	{ TOP "logs-cilium-bbbbb-cilium-agent-" TS ".log", "level=info\n", 0,
	    SA_FILE },
	{ TOP "logs-cilium-bbbbb-cilium-agent-" TS "-prev.log", "panic:\n", 0,
	    SA_FILE },
	{ TOP "logs-cilium-operator-5d9c7b-xk2lp-cilium-operator-" TS ".log",
	    "level=info\n", 0, SA_FILE },
	{ TOP "hubble-flows-cilium-aaaaa-" TS ".json", "{}\n", 0, SA_FILE },
	{ TOP "hubble-flows-cilium-bbbbb-" TS ".json", "{}\n", 0, SA_FILE },
	{ TOP "hubble-flows-cilium-ccccc-" TS ".json", "{}\n", 0, SA_FILE },
	{ TOP "cilium-bugtool-cilium-aaaaa-" TS "/cmd/cilium-dbg-status---"
	    "verbose.md", "KVStore: Ok\n", 0, SA_FILE },
	{ TOP "cilium-bugtool-cilium-aaaaa-" TS "/cmd/hostname.md",
	    "kind-control-plane\n", 0, SA_FILE },
	{ TOP "README.unexpected", "what is this\n", 0, SA_FILE },
};
#define NSYSDUMP (sizeof(sysdump) / sizeof(sysdump[0]))

static const struct inventory_artifact *
find(const struct inventory *inv, const char *suffix)
{
	size_t i, n = strlen(suffix), k;

	for (i = 0; i < inv->nartifacts; i++) {
		k = strlen(inv->artifacts[i].path);
		if (k >= n && strcmp(inv->artifacts[i].path + k - n,
		    suffix) == 0)
			return &inv->artifacts[i];
	}
	return NULL;
}

static const struct inventory_missing *
missing(const struct inventory *inv, enum artifact_kind k, const char *pod)
{
	size_t i;

	for (i = 0; i < inv->nmissing; i++)
		if (inv->missing[i].kind == k && ((pod == NULL &&
		    inv->missing[i].pod == NULL) || (pod != NULL &&
		    inv->missing[i].pod != NULL &&
		    strcmp(pod, inv->missing[i].pod) == 0)))
			return &inv->missing[i];
	return NULL;
}

static void
check_sysdump(const struct inventory *inv)
{
	const struct inventory_artifact *a;
	const struct inventory_missing *m;

	assert_true(inv->is_sysdump);
	assert_false(inv->is_bugtool);
	assert_string_equal(inv->sysdump_time, "2025-06-01 10:15:00");
	assert_int_equal(inv->nnodes, 3);
	assert_string_equal(inv->nodes[0], "kind-control-plane");
	assert_string_equal(inv->nodes[2], "kind-worker2");
	assert_int_equal(inv->nartifacts, NSYSDUMP);

	a = find(inv, "logs-cilium-bbbbb-cilium-agent-" TS "-prev.log");
	assert_non_null(a);
	assert_int_equal(a->kind, ART_AGENT_LOG);
	assert_true(a->previous);
	assert_string_equal(a->pod, "cilium-bbbbb");
	assert_string_equal(a->node, "kind-worker");
	/* The operator's pod name has dashes: the pod listing splits it. */
	a = find(inv, "logs-cilium-operator-5d9c7b-xk2lp-cilium-operator-" TS
	    ".log");
	assert_non_null(a);
	assert_string_equal(a->pod, "cilium-operator-5d9c7b-xk2lp");
	assert_string_equal(a->container, "cilium-operator");
	assert_string_equal(a->node, "kind-worker");
	a = find(inv, "/cmd/cilium-dbg-status---verbose.md");
	assert_non_null(a);
	assert_int_equal(a->kind, ART_BUGTOOL_STATUS);
	assert_string_equal(a->node, "kind-control-plane");
	a = find(inv, "hubble-flows-cilium-ccccc-" TS ".json");
	assert_string_equal(a->node, "kind-worker2");
	assert_int_equal(find(inv, "README.unexpected")->kind, ART_UNKNOWN);
	assert_null(find(inv, "README.unexpected")->node);

	/* The collector's own reasons explain what is missing. */
	assert_int_equal(inv->nfailed, 2);
	m = missing(inv, ART_CILIUM_IDENTITIES, NULL);
	assert_non_null(m);
	assert_string_equal(m->reason, "collection failed: Collecting Cilium "
	    "identities: failed to collect Cilium identities: the server could "
	    "not find the requested resource");
	m = missing(inv, ART_BUGTOOL_ARCHIVE, "cilium-ccccc");
	assert_non_null(m);
	assert_string_equal(m->node, "kind-worker2");
	assert_non_null(strstr(m->reason, "collection failed: cilium-bugtool-"
	    "cilium-ccccc: failed to collect 'cilium-bugtool' output"));
	m = missing(inv, ART_BUGTOOL_ARCHIVE, "cilium-bbbbb");
	assert_non_null(m);
	assert_string_equal(m->reason, "not collected; the collector log lists "
	    "no failed task for it");
	m = missing(inv, ART_AGENT_LOG, "cilium-ccccc");
	assert_non_null(m);
	assert_string_equal(m->node, "kind-worker2");
	/* Present things are not missing; only agents are expected. */
	assert_null(missing(inv, ART_AGENT_LOG, "cilium-bbbbb"));
	assert_null(missing(inv, ART_BUGTOOL_ARCHIVE, "cilium-aaaaa"));
	assert_null(missing(inv, ART_BUGTOOL_ARCHIVE,
	    "cilium-operator-5d9c7b-xk2lp"));
	assert_null(missing(inv, ART_K8S_PODS, NULL));
	assert_int_equal(inv->nmissing, 4);
	assert_int_equal(inv->skipped.n, 0);
}

static void
test_directory_and_zip_agree(void **state)
{
	struct ingest_limits lim;
	struct inventory dir, zip;
	char *err = NULL, *zpath, *dpath;
	size_t i;

	(void)state;
	for (i = 0; i < NSYSDUMP; i++)
		free(sa_write(sa_tmp, sysdump[i].name, sysdump[i].data,
		    strlen(sysdump[i].data)));
	dpath = xasprintf("%s/cilium-sysdump-" TS, sa_tmp);
	zpath = sa_write_archive("cilium-sysdump-" TS ".zip", "zip", sysdump, NSYSDUMP);
	ingest_limits_default(&lim);

	assert_int_equal(inventory_build(&dir, dpath, &lim, &err), 0);
	assert_string_equal(dir.format, "directory");
	check_sysdump(&dir);
	assert_int_equal(inventory_build(&zip, zpath, &lim, &err), 0);
	assert_string_equal(zip.format, "zip");
	check_sysdump(&zip);
	/* The same sysdump, zipped or unpacked, reads the same. */
	for (i = 0; i < zip.nartifacts; i++) {
		assert_string_equal(dir.artifacts[i].path,
		    zip.artifacts[i].path);
		assert_int_equal(dir.artifacts[i].kind, zip.artifacts[i].kind);
		assert_int_equal(dir.artifacts[i].bytes,
		    zip.artifacts[i].bytes);
	}
	inventory_release(&dir);
	inventory_release(&zip);
	free(dpath);
	free(zpath);
}

static void
test_broken_nested_bugtool(void **state)
{
	static const struct sa_entry bt[] = {
		{ "cilium-bugtool-20250601-101502-4711/cmd/"
		    "cilium-dbg-endpoint-list.md", "ENDPOINT\n", 0, SA_FILE },
	};
	struct sa_entry e[NSYSDUMP + 2];
	struct ingest_limits lim;
	struct inventory inv;
	char *err = NULL, *path;
	size_t blen;
	void *b = sa_build("tar.gz", bt, 1, &blen);

	(void)state;
	memcpy(e, sysdump, sizeof(sysdump));
	/* A good nested bugtool, and a truncated one. */
	e[NSYSDUMP] = (struct sa_entry){ TOP "cilium-bugtool-cilium-bbbbb-" TS
	    ".tar.gz", b, blen, SA_FILE };
	e[NSYSDUMP + 1] = (struct sa_entry){ TOP "cilium-bugtool-cilium-ccccc-"
	    TS ".tar.gz", b, blen / 3, SA_FILE };
	path = sa_write_archive("nested.zip", "zip", e, NSYSDUMP + 2);
	ingest_limits_default(&lim);
	assert_int_equal(inventory_build(&inv, path, &lim, &err), 0);
	assert_int_equal(inv.skipped.n, 1);
	assert_string_equal(inv.skipped.v[0].path, TOP "cilium-bugtool-cilium-"
	    "ccccc-" TS ".tar.gz");
	assert_non_null(find(&inv, "cilium-bugtool-cilium-bbbbb-" TS ".tar.gz/"
	    "cilium-bugtool-20250601-101502-4711/cmd/"
	    "cilium-dbg-endpoint-list.md"));
	assert_string_equal(find(&inv, "/cmd/cilium-dbg-endpoint-list.md")->node,
	    "kind-worker");
	assert_int_equal(find(&inv, "cilium-bugtool-cilium-bbbbb-" TS
	    ".tar.gz")->kind, ART_BUGTOOL_ARCHIVE);
	assert_null(find(&inv, "cilium-bugtool-cilium-ccccc-" TS ".tar.gz"));
	/* All other members are still there; bbbbb has its bugtool now. */
	assert_int_equal(inv.nartifacts, NSYSDUMP + 2);
	assert_null(missing(&inv, ART_BUGTOOL_ARCHIVE, "cilium-bbbbb"));
	assert_non_null(missing(&inv, ART_BUGTOOL_ARCHIVE, "cilium-ccccc"));
	inventory_release(&inv);
	free(b);
	free(path);
}

static void
test_lone_bugtool(void **state)
{
	static const struct sa_entry bt[] = {
		{ "cilium-bugtool-20211224-072047.092+0000-UTC-123/cmd/"
		    "cilium-status---verbose.md", "KVStore: Ok\n", 0, SA_FILE },
		{ "cilium-bugtool-20211224-072047.092+0000-UTC-123/cmd/"
		    "hostname.md", "worker-7\n", 0, SA_FILE },
	};
	struct ingest_limits lim;
	struct inventory inv;
	char *err = NULL, *path;
	size_t len;
	void *data = sa_build("tar", bt, 2, &len);

	(void)state;
	/* Named like nothing in particular: content decides. */
	path = sa_write(sa_tmp, "upload.bin", data, len);
	free(data);
	ingest_limits_default(&lim);
	assert_int_equal(inventory_build(&inv, path, &lim, &err), 0);
	assert_string_equal(inv.format, "tar");
	assert_true(inv.is_bugtool);
	assert_false(inv.is_sysdump);
	assert_int_equal(inv.nmissing, 0);
	assert_int_equal(inv.nnodes, 1);
	assert_string_equal(inv.nodes[0], "worker-7");
	assert_int_equal(inv.artifacts[0].kind, ART_BUGTOOL_STATUS);
	assert_string_equal(inv.artifacts[0].node, "worker-7");
	inventory_release(&inv);
	free(path);
}

static void
test_json_report(void **state)
{
	struct ingest_limits lim;
	struct inventory inv;
	char *err = NULL, *path, *text = NULL, *text2 = NULL;
	size_t len;
	FILE *f;
	json_t *root, *a;
	json_error_t je;

	(void)state;
	path = sa_write_archive("report.zip", "zip", sysdump, NSYSDUMP);
	ingest_limits_default(&lim);
	assert_int_equal(inventory_build(&inv, path, &lim, &err), 0);
	f = open_memstream(&text, &len);
	assert_int_equal(report_inventory_json(&inv, f), 0);
	fclose(f);
	f = open_memstream(&text2, &len);
	assert_int_equal(report_inventory_json(&inv, f), 0);
	fclose(f);
	assert_string_equal(text, text2);	/* deterministic */
	root = json_loads(text, 0, &je);
	assert_non_null(root);
	assert_string_equal(json_string_value(json_object_get(root, "schema")),
	    INVENTORY_JSON_SCHEMA);
	assert_string_equal(json_string_value(json_object_get(
	    json_object_get(root, "input"), "type")), "sysdump");
	assert_int_equal(json_array_size(json_object_get(json_object_get(root,
	    "input"), "nodes")), 3);
	a = json_object_get(root, "artifacts");
	assert_int_equal(json_array_size(a), NSYSDUMP);
	a = json_array_get(a, 0);
	assert_non_null(json_object_get(a, "path"));
	assert_non_null(json_object_get(a, "kind"));
	assert_non_null(json_object_get(a, "node"));
	assert_true(json_is_integer(json_object_get(a, "bytes")));
	assert_int_equal(json_array_size(json_object_get(root, "missing")), 4);
	assert_string_equal(json_string_value(json_object_get(json_array_get(
	    json_object_get(root, "missing"), 0), "kind")), "agent-log");
	assert_true(json_is_array(json_object_get(root, "skipped")));
	json_decref(root);
	free(text);
	free(text2);
	inventory_release(&inv);
	free(path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_directory_and_zip_agree),
		cmocka_unit_test(test_broken_nested_bugtool),
		cmocka_unit_test(test_lone_bugtool),
		cmocka_unit_test(test_json_report),
	};

	return cmocka_run_group_tests_name("inventory", tests,
	    sa_group_setup, sa_group_teardown);
}
