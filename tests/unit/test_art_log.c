/*
 * test_art_log.c: agent log events in every era's line grammar, with and
 * without the kubelet prefix; Go-quoted values, multi-line panics, CRLF,
 * cut lines and garbage.  Fixtures imitate the lines in
 * ../shared/corpus/logs and sysdump-layout.md section 4.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "art_log.h"
#include "buf.h"
#include "diag.h"
#include "ingest.h"
#include "intern.h"
#include "xalloc.h"

#include "support_member.h"

/* A copy of one event, kept after the callback. */
struct rec {
	unsigned long	 line, nlines, cont;
	enum log_format	 fmt;
	enum log_level	 level;
	bool		 kubelet, journald, tagged, truncated, fields_cut;
	bool		 frames_cut;
	char		*time_text;
	int64_t		 sec;
	uint32_t	 nsec;
	char		*level_text;
	char		*msg;
	size_t		 msg_len;
	char		*raw;
	char		*frames;
	const char	*subsys;	/* interned */
	const char	*module;
	const char	*path;
	size_t		 nfields;
	char		**keys;
	char		**values;
};

struct coll {
	struct rec	*v;
	size_t		 n, cap;
	size_t		 stop_after;	/* 0: never stop */
};

static char *
dupn(const char *s, size_t n)
{
	char *d = xmalloc(n + 1);

	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

static int
collect(void *ctx, const struct log_event *ev)
{
	struct coll *c = ctx;
	struct rec *r;
	size_t i;

	c->v = xgrow(c->v, &c->cap, c->n + 1, sizeof(*c->v));
	r = &c->v[c->n++];
	memset(r, 0, sizeof(*r));
	r->line = ev->line;
	r->nlines = ev->nlines;
	r->cont = ev->cont_lines;
	r->fmt = ev->format;
	r->level = ev->level;
	r->kubelet = ev->kubelet;
	r->journald = ev->journald;
	r->tagged = ev->tagged;
	r->truncated = ev->truncated;
	r->fields_cut = ev->fields_cut;
	r->frames_cut = ev->frames_cut;
	r->time_text = xstrdup(ev->time_text);
	r->sec = ev->time_sec;
	r->nsec = ev->time_nsec;
	r->level_text = xstrdup(ev->level_text);
	r->msg = dupn(ev->msg, ev->msg_len);
	r->msg_len = ev->msg_len;
	r->raw = dupn(ev->raw, ev->raw_len);
	r->frames = dupn(ev->frames, ev->frames_len);
	r->subsys = ev->subsys;
	r->module = ev->module;
	r->path = ev->path;
	r->nfields = ev->nfields;
	r->keys = xcalloc(ev->nfields + 1, sizeof(char *));
	r->values = xcalloc(ev->nfields + 1, sizeof(char *));
	for (i = 0; i < ev->nfields; i++) {
		r->keys[i] = dupn(ev->fields[i].key, ev->fields[i].key_len);
		r->values[i] = dupn(ev->fields[i].value,
		    ev->fields[i].value_len);
	}
	/* The lookup helper agrees with the array. */
	if (ev->nfields > 0) {
		size_t l;
		const char *v = log_event_field(ev, r->keys[0], &l);

		if (v == NULL || l != ev->fields[0].value_len)
			return 99;
	}
	if (log_event_field(ev, "no-such-key", NULL) != NULL)
		return 98;
	return c->stop_after != 0 && c->n >= c->stop_after ? 7 : 0;
}

static void
coll_free(struct coll *c)
{
	size_t i, j;

	for (i = 0; i < c->n; i++) {
		struct rec *r = &c->v[i];

		free(r->time_text);
		free(r->level_text);
		free(r->msg);
		free(r->raw);
		free(r->frames);
		for (j = 0; j < r->nfields; j++) {
			free(r->keys[j]);
			free(r->values[j]);
		}
		free(r->keys);
		free(r->values);
	}
	free(c->v);
	memset(c, 0, sizeof(*c));
}

/* The value of field key in r, or NULL. */
static const char *
rf(const struct rec *r, const char *key)
{
	size_t i;

	for (i = 0; i < r->nfields; i++)
		if (strcmp(r->keys[i], key) == 0)
			return r->values[i];
	return NULL;
}

/* The events of the last run(), freed by teardown. */
static struct coll coll;

static int
teardown(void **state)
{
	coll_free(&coll);
	return sm_teardown(state);
}

static int
run_len(struct sm_fx *f, const char *path, const char *text, size_t len)
{
	size_t stop = coll.stop_after;

	coll_free(&coll);
	coll.stop_after = stop;
	return art_log_parse(sm_member_len(f, path, text, len), f->st, collect,
	    &coll, &f->d);
}

static int
run(struct sm_fx *f, const char *text)
{
	return run_len(f, "logs-cilium-x-cilium-agent-20250115-070400.log",
	    text, strlen(text));
}

#define KUB	"2025-01-15T07:03:24.013816054Z "
#define KUB_SEC	INT64_C(1736924604)

#define ERR_API	"Get \\\"https://10.96.0.1:443/api/v1/namespaces/kube-system\\\": dial tcp 10.96.0.1:443: i/o timeout"
#define ERR_API_DEC	"Get \"https://10.96.0.1:443/api/v1/namespaces/kube-system\": dial tcp 10.96.0.1:443: i/o timeout"
#define ERR_CNP	"Invalid CiliumNetworkPolicy spec: Combining ToServices and ToPorts is not supported yet"
#define ERR_REGEN	"Error while configuring proxy redirects: proxy state changes failed: context deadline exceeded"

/* The three events every era test checks. */
static void
check_three(const struct coll *c, size_t at, enum log_format fmt,
    bool kubelet)
{
	const struct rec *r;

	assert_true(c->n >= at + 3);
	r = &c->v[at];
	assert_int_equal(r->fmt, fmt);
	assert_int_equal(r->kubelet, kubelet);
	assert_int_equal(r->level, LOG_LEVEL_WARNING);
	assert_string_equal(r->msg, "Regeneration of endpoint failed");
	assert_string_equal(rf(r, "endpointID"), "3663");
	assert_string_equal(rf(r, "error"), ERR_REGEN);
	assert_string_equal(rf(r, "k8sPodName"), "kube-system/coredns-76f75df574-qzhn6");
	assert_null(rf(r, "msg"));
	assert_null(rf(r, "level"));
	assert_null(rf(r, "time"));

	r = &c->v[at + 1];
	assert_int_equal(r->fmt, fmt);
	assert_int_equal(r->level, LOG_LEVEL_ERROR);
	assert_string_equal(r->msg, "Unable to contact k8s api-server");
	assert_string_equal(rf(r, "error"), ERR_API_DEC);
	assert_string_equal(rf(r, "ipAddr"), "https://10.96.0.1:443");

	r = &c->v[at + 2];
	assert_int_equal(r->fmt, fmt);
	assert_int_equal(r->level, LOG_LEVEL_WARNING);
	assert_string_equal(r->msg, "Unable to add CiliumNetworkPolicy");
	assert_string_equal(rf(r, "error"), ERR_CNP);
	assert_string_equal(rf(r, "ciliumNetworkPolicyName"), "to-svc-and-ports");
	assert_string_equal(rf(r, "k8sNamespace"), "default");
	assert_string_equal(rf(r, "k8sApiVersion"), "");
}

/* Cilium <= 1.15: logrus text without time=. */
static const char logrus_notime[] =
    "level=warning msg=\"Regeneration of endpoint failed\" bpfCompilation=12.999279349s containerID=2eb18558c7 endpointID=3663 error=\"" ERR_REGEN "\" identity=102 k8sPodName=kube-system/coredns-76f75df574-qzhn6 subsys=endpoint\n"
    "level=error msg=\"Unable to contact k8s api-server\" error=\"" ERR_API "\" ipAddr=\"https://10.96.0.1:443\" subsys=k8s-client\n"
    "level=warning msg=\"Unable to add CiliumNetworkPolicy\" ciliumNetworkPolicyName=to-svc-and-ports error=\"" ERR_CNP "\" k8sApiVersion= k8sNamespace=default subsys=k8s-watcher\n";

static void
test_logrus_notime(void **state)
{
	struct sm_fx *f = *state;
	const struct rec *r;

	assert_int_equal(run(f, logrus_notime), 0);
	assert_int_equal(coll.n, 3);
	check_three(&coll, 0, LOG_FMT_LOGRUS_NOTIME, false);
	r = &coll.v[0];
	assert_int_equal(r->line, 1);
	assert_int_equal(r->nlines, 1);
	assert_string_equal(r->level_text, "warning");
	assert_string_equal(r->time_text, "");
	assert_int_equal(r->sec, 0);
	assert_string_equal(r->subsys, "endpoint");
	assert_null(r->module);
	assert_int_equal(r->nfields, 7);
	assert_string_equal(r->keys[0], "bpfCompilation");
	assert_string_equal(r->keys[6], "subsys");
	assert_string_equal(r->path,
	    "logs-cilium-x-cilium-agent-20250115-070400.log");
	assert_ptr_equal(r->path, intern_lookup(f->st, r->path));
	assert_ptr_equal(r->subsys, intern_lookup(f->st, "endpoint"));
	assert_string_equal(coll.v[1].subsys, "k8s-client");
	assert_int_equal(coll.v[2].line, 3);
	assert_int_equal(f->d.n, 0);
}

/* The same lines as a sysdump holds them: kubelet prefix on each. */
static void
test_logrus_notime_kubelet(void **state)
{
	struct sm_fx *f = *state;
	const struct rec *r;
	static const char text[] =
	    KUB "level=warning msg=\"Regeneration of endpoint failed\" containerID=2eb18558c7 endpointID=3663 error=\"" ERR_REGEN "\" k8sPodName=kube-system/coredns-76f75df574-qzhn6 subsys=endpoint\n"
	    "2025-01-15T07:03:25.5Z level=error msg=\"Unable to contact k8s api-server\" error=\"" ERR_API "\" ipAddr=\"https://10.96.0.1:443\" subsys=k8s-client\n"
	    "2025-01-15T09:03:26+02:00 level=warning msg=\"Unable to add CiliumNetworkPolicy\" ciliumNetworkPolicyName=to-svc-and-ports error=\"" ERR_CNP "\" k8sApiVersion= k8sNamespace=default subsys=k8s-watcher\n";

	assert_int_equal(run(f, text), 0);
	assert_int_equal(coll.n, 3);
	check_three(&coll, 0, LOG_FMT_LOGRUS_NOTIME, true);
	r = &coll.v[0];
	assert_string_equal(r->time_text, "2025-01-15T07:03:24.013816054Z");
	assert_int_equal(r->sec, KUB_SEC);
	assert_int_equal(r->nsec, 13816054);
	assert_string_equal(r->raw, "level=warning msg=\"Regeneration of "
	    "endpoint failed\" containerID=2eb18558c7 endpointID=3663 "
	    "error=\"" ERR_REGEN "\" k8sPodName=kube-system/coredns-"
	    "76f75df574-qzhn6 subsys=endpoint");
	assert_int_equal(coll.v[1].sec, KUB_SEC + 1);
	assert_int_equal(coll.v[1].nsec, 500000000);
	/* +02:00 is converted to UTC. */
	assert_int_equal(coll.v[2].sec, KUB_SEC + 2);
	assert_string_equal(coll.v[2].time_text, "2025-01-15T09:03:26+02:00");
}

/* 1.16 (RFC3339) and 1.17 (RFC3339Nano) logrus with time="...". */
static void
test_logrus_time(void **state)
{
	struct sm_fx *f = *state;
	const struct rec *r;
	static const char text[] =
	    "time=\"2024-11-30T01:50:25Z\" level=warning msg=\"Regeneration of endpoint failed\" endpointID=3663 error=\"" ERR_REGEN "\" k8sPodName=kube-system/coredns-76f75df574-qzhn6 subsys=endpoint\n"
	    KUB "time=\"2025-01-15T07:03:24.013816054Z\" level=error msg=\"Unable to contact k8s api-server\" error=\"" ERR_API "\" ipAddr=\"https://10.96.0.1:443\" subsys=k8s-client\n"
	    "2025-01-15T07:03:29.000000001Z time=\"2025-01-15T07:03:28Z\" level=warning msg=\"Unable to add CiliumNetworkPolicy\" ciliumNetworkPolicyName=to-svc-and-ports error=\"" ERR_CNP "\" k8sApiVersion= k8sNamespace=default subsys=k8s-watcher\n";

	assert_int_equal(run(f, text), 0);
	assert_int_equal(coll.n, 3);
	check_three(&coll, 0, LOG_FMT_LOGRUS_TIME, false);
	r = &coll.v[0];
	assert_string_equal(r->time_text, "2024-11-30T01:50:25Z");
	assert_int_equal(r->sec, INT64_C(1732931425));
	assert_int_equal(r->nsec, 0);
	assert_true(coll.v[1].kubelet);
	assert_int_equal(coll.v[1].sec, KUB_SEC);
	assert_int_equal(coll.v[1].nsec, 13816054);
	/* The line's own time wins over the kubelet prefix. */
	assert_true(coll.v[2].kubelet);
	assert_string_equal(coll.v[2].time_text, "2025-01-15T07:03:28Z");
	assert_int_equal(coll.v[2].sec, KUB_SEC + 4);
	assert_int_equal(coll.v[2].nsec, 0);
}

/* 1.18+: slog TextHandler, `warn`, module=, source= at debug. */
static void
test_slog(void **state)
{
	struct sm_fx *f = *state;
	const struct rec *r;
	static const char text[] =
	    KUB "time=2026-01-03T23:17:26.850125515Z level=warn msg=\"Regeneration of endpoint failed\" module=agent.controlplane.endpoint-manager endpointID=3663 k8sPodName=kube-system/coredns-76f75df574-qzhn6 error=\"" ERR_REGEN "\"\n"
	    "time=2026-01-03T23:17:26.850125515Z level=error msg=\"Unable to contact k8s api-server\" subsys=cilium-dbg module=k8s-client ipAddr=https://10.96.0.1:443 error=\"" ERR_API "\"\n"
	    "time=2026-01-03T23:17:27Z level=warn msg=\"Unable to add CiliumNetworkPolicy\" module=agent.controlplane.policy-k8s ciliumNetworkPolicyName=to-svc-and-ports k8sNamespace=default k8sApiVersion=\"\" error=\"" ERR_CNP "\"\n"
	    "time=2026-01-03T23:17:28Z level=debug source=/go/src/github.com/cilium/cilium/pkg/endpoint/policy.go:611 msg=\"Regenerating endpoint\" module=agent.controlplane.endpoint-manager endpointID=3663 reason=\"policy rules added\"\n"
	    "time=2026-01-03T23:17:48.232653954Z level=info msg=\"/healthz returning unhealthy\" module=agent.infra.agent-healthz state=Failure error=\"not ready\"\n";

	assert_int_equal(run(f, text), 0);
	assert_int_equal(coll.n, 5);
	check_three(&coll, 0, LOG_FMT_SLOG, true);
	r = &coll.v[0];
	assert_true(r->kubelet);
	assert_string_equal(r->level_text, "warn");
	assert_string_equal(r->time_text, "2026-01-03T23:17:26.850125515Z");
	assert_int_equal(r->sec, INT64_C(1767482246));
	assert_int_equal(r->nsec, 850125515);
	assert_null(r->subsys);
	assert_string_equal(r->module, "agent.controlplane.endpoint-manager");
	r = &coll.v[1];
	assert_false(r->kubelet);
	assert_string_equal(r->subsys, "cilium-dbg");
	assert_string_equal(r->module, "k8s-client");
	assert_string_equal(r->keys[0], "subsys");
	assert_string_equal(r->keys[1], "module");
	r = &coll.v[3];
	assert_int_equal(r->fmt, LOG_FMT_SLOG);
	assert_int_equal(r->level, LOG_LEVEL_DEBUG);
	assert_string_equal(r->msg, "Regenerating endpoint");
	assert_string_equal(r->keys[0], "source");
	assert_string_equal(rf(r, "source"),
	    "/go/src/github.com/cilium/cilium/pkg/endpoint/policy.go:611");
	assert_string_equal(rf(r, "reason"), "policy rules added");
	assert_ptr_equal(r->module, coll.v[0].module);
	r = &coll.v[4];
	assert_int_equal(r->level, LOG_LEVEL_INFO);
	assert_string_equal(rf(r, "state"), "Failure");
}

/* JSON lines (log-opt format=json-ts), and slog's JSON spelling. */
static void
test_json(void **state)
{
	struct sm_fx *f = *state;
	const struct rec *r;
	static const char text[] =
	    "{\"level\":\"warning\",\"msg\":\"Regeneration of endpoint failed\",\"time\":\"2025-01-15T07:03:24.013816054Z\",\"endpointID\":3663,\"error\":\"" ERR_REGEN "\",\"k8sPodName\":\"kube-system/coredns-76f75df574-qzhn6\",\"subsys\":\"endpoint\"}\n"
	    KUB "{\"level\":\"error\",\"msg\":\"Unable to contact k8s api-server\",\"error\":\"" ERR_API "\",\"ipAddr\":\"https://10.96.0.1:443\",\"subsys\":\"k8s-client\"}\n"
	    "{\"time\":\"2025-01-15T07:03:25Z\",\"level\":\"WARN\",\"msg\":\"Unable to add CiliumNetworkPolicy\",\"ciliumNetworkPolicyName\":\"to-svc-and-ports\",\"error\":\"" ERR_CNP "\",\"k8sApiVersion\":\"\",\"k8sNamespace\":\"default\",\"labels\":[\"a\",\"b\\u003cc\"],\"ok\":true}\n"
	    "{\"msg\": \"not closed\"\n"
	    "[1,2,3]\n";

	assert_int_equal(run(f, text), 0);
	assert_int_equal(coll.n, 5);
	check_three(&coll, 0, LOG_FMT_JSON, false);
	r = &coll.v[0];
	assert_int_equal(r->sec, KUB_SEC);
	assert_int_equal(r->nsec, 13816054);
	assert_string_equal(rf(r, "endpointID"), "3663");
	assert_string_equal(r->keys[0], "endpointID");
	assert_string_equal(r->subsys, "endpoint");
	/* No time field: the kubelet prefix gives it. */
	assert_true(coll.v[1].kubelet);
	assert_int_equal(coll.v[1].sec, KUB_SEC);
	r = &coll.v[2];
	assert_string_equal(r->level_text, "WARN");
	assert_string_equal(rf(r, "labels"), "[\"a\",\"b<c\"]");
	assert_string_equal(rf(r, "ok"), "true");
	/* A broken object and an array are plain lines. */
	assert_int_equal(coll.v[3].fmt, LOG_FMT_PLAIN);
	assert_string_equal(coll.v[3].msg, "{\"msg\": \"not closed\"");
	assert_int_equal(coll.v[4].fmt, LOG_FMT_PLAIN);
	assert_int_equal(coll.v[4].level, LOG_LEVEL_UNKNOWN);
}

/* 2018: journald export of an agent running under systemd. */
static void
test_journald(void **state)
{
	struct sm_fx *f = *state;
	const struct rec *r;
	static const char text[] =
	    "Jan 02 10:28:33 runtime cilium-agent[3449]: time=\"2018-01-02T10:28:33Z\" level=warning msg=\"Regeneration of endpoint failed\" endpointID=3663 error=\"" ERR_REGEN "\" k8sPodName=kube-system/coredns-76f75df574-qzhn6\n"
	    "Jan 02 10:28:34 runtime cilium-agent[3449]: time=\"2018-01-02T10:28:34Z\" level=error msg=\"Unable to contact k8s api-server\" error=\"" ERR_API "\" ipAddr=\"https://10.96.0.1:443\"\n"
	    "Jan 02 10:28:35 runtime cilium-agent[3449]: time=\"2018-01-02T10:28:35Z\" level=warning msg=\"Unable to add CiliumNetworkPolicy\" ciliumNetworkPolicyName=to-svc-and-ports error=\"" ERR_CNP "\" k8sApiVersion= k8sNamespace=default\n";

	assert_int_equal(run(f, text), 0);
	assert_int_equal(coll.n, 3);
	check_three(&coll, 0, LOG_FMT_LOGRUS_TIME, false);
	r = &coll.v[0];
	assert_true(r->journald);
	assert_string_equal(r->time_text, "2018-01-02T10:28:33Z");
	assert_int_equal(r->sec, INT64_C(1514888913));
	assert_int_equal(coll.v[2].sec, INT64_C(1514888915));
	assert_null(r->subsys);
}

static void
test_journald_formats(void **state)
{
	struct sm_fx *f = *state;
	const struct rec *r;
	static const char text[] =
	    "May  9 00:38:24 runtime cilium-agent[15939]: level=error msg=\"Unable to contact k8s api-server\" error=\"" ERR_API "\"\n"
	    "Jan 02 10:28:33 runtime systemd[1]: cilium.service: Main process exited, code=exited, status=1/FAILURE\n";

	assert_int_equal(run(f, text), 0);
	assert_int_equal(coll.n, 2);
	r = &coll.v[0];
	assert_true(r->journald);
	assert_int_equal(r->fmt, LOG_FMT_LOGRUS_NOTIME);
	/* A syslog stamp has no year: text only. */
	assert_string_equal(r->time_text, "May  9 00:38:24");
	assert_int_equal(r->sec, 0);
	assert_string_equal(r->raw, "May  9 00:38:24 runtime "
	    "cilium-agent[15939]: level=error msg=\"Unable to contact k8s "
	    "api-server\" error=\"" ERR_API "\"");
	r = &coll.v[1];
	assert_true(r->journald);
	assert_int_equal(r->fmt, LOG_FMT_PLAIN);
	assert_string_equal(r->msg, "cilium.service: Main process exited, "
	    "code=exited, status=1/FAILURE");
}

/* Go default logger, klog, Envoy, and a source tag. */
static void
test_other_grammars(void **state)
{
	struct sm_fx *f = *state;
	const struct rec *r;
	static const char text[] =
	    "2026/01/15 07:03:54 ERROR Start hook failed function=\"cmd.newDaemonPromise.func1 (daemon_main.go:1694)\" error=\"" ERR_API "\"\n"
	    KUB "I0115 07:03:54.123456       1 leaderelection.go:250] attempting to acquire leader lease kube-system/cilium-operator-resource-lock...\n"
	    "E0115 07:03:55.000001 1 leaderelection.go:332] \"Failed to update lock\" err=\"context deadline exceeded\" lock=\"kube-system/cilium-operator-resource-lock\"\n"
	    "[2025-01-01 10:00:00.000][12][error][config] [external/envoy/source/extensions/config_subscription/grpc/grpc_stream.h:152] DeltaAggregatedResources gRPC config stream to xds-grpc-cilium closed: 14, upstream connect error\n"
	    "[2025-01-01 10:00:01.250][7][critical][main] error initializing configuration\n"
	    "cilium-agent time=2025-05-22T00:01:14Z level=info msg=\"Directory policy watcher started\" module=agent.controlplane.policy-directory-watcher\n"
	    "2026/01/15 07:03:56 http: TLS handshake error from 10.0.0.1:4242: EOF\n";

	assert_int_equal(run(f, text), 0);
	assert_int_equal(coll.n, 7);

	r = &coll.v[0];
	assert_int_equal(r->fmt, LOG_FMT_GOLOG);
	assert_int_equal(r->level, LOG_LEVEL_ERROR);
	assert_string_equal(r->msg, "Start hook failed");
	assert_string_equal(rf(r, "function"),
	    "cmd.newDaemonPromise.func1 (daemon_main.go:1694)");
	assert_string_equal(rf(r, "error"), ERR_API_DEC);
	assert_string_equal(r->time_text, "2026/01/15 07:03:54");
	assert_int_equal(r->sec, INT64_C(1768460634));

	r = &coll.v[1];
	assert_int_equal(r->fmt, LOG_FMT_KLOG);
	assert_int_equal(r->level, LOG_LEVEL_INFO);
	assert_string_equal(r->msg, "attempting to acquire leader lease "
	    "kube-system/cilium-operator-resource-lock...");
	assert_string_equal(rf(r, "source"), "leaderelection.go:250");
	/* The kubelet prefix beats klog's year-less stamp. */
	assert_int_equal(r->sec, KUB_SEC);

	r = &coll.v[2];
	assert_int_equal(r->fmt, LOG_FMT_KLOG);
	assert_int_equal(r->level, LOG_LEVEL_ERROR);
	assert_string_equal(r->msg, "Failed to update lock");
	assert_string_equal(rf(r, "err"), "context deadline exceeded");
	assert_string_equal(rf(r, "lock"),
	    "kube-system/cilium-operator-resource-lock");
	assert_string_equal(r->time_text, "0115 07:03:55.000001");
	assert_int_equal(r->sec, 0);

	r = &coll.v[3];
	assert_int_equal(r->fmt, LOG_FMT_ENVOY);
	assert_int_equal(r->level, LOG_LEVEL_ERROR);
	assert_string_equal(r->level_text, "error");
	assert_string_equal(rf(r, "logger"), "config");
	assert_string_equal(rf(r, "thread"), "12");
	assert_string_equal(rf(r, "source"), "external/envoy/source/"
	    "extensions/config_subscription/grpc/grpc_stream.h:152");
	assert_string_equal(r->msg, "DeltaAggregatedResources gRPC config "
	    "stream to xds-grpc-cilium closed: 14, upstream connect error");
	assert_int_equal(r->sec, INT64_C(1735725600));

	r = &coll.v[4];
	assert_int_equal(r->fmt, LOG_FMT_ENVOY);
	assert_int_equal(r->level, LOG_LEVEL_FATAL);
	assert_int_equal(r->sec, INT64_C(1735725601));
	assert_int_equal(r->nsec, 250000000);
	assert_null(rf(r, "source"));
	assert_string_equal(r->msg, "error initializing configuration");

	r = &coll.v[5];
	assert_true(r->tagged);
	assert_int_equal(r->fmt, LOG_FMT_SLOG);
	assert_string_equal(r->msg, "Directory policy watcher started");
	assert_string_equal(r->module,
	    "agent.controlplane.policy-directory-watcher");

	r = &coll.v[6];
	assert_int_equal(r->fmt, LOG_FMT_GOLOG);
	assert_int_equal(r->level, LOG_LEVEL_UNKNOWN);
	assert_string_equal(r->msg,
	    "http: TLS handshake error from 10.0.0.1:4242: EOF");
	assert_int_equal(r->nfields, 0);
}

/* Pod log files read directly (CRI), and an operator log line. */
static void
test_cri_operator(void **state)
{
	struct sm_fx *f = *state;
	const struct rec *r;
	static const char text[] =
	    KUB "stderr F level=info msg=\"Establishing connection to apiserver\" host=\"https://10.96.0.1:443\" subsys=k8s\n"
	    KUB "stdout F time=\"2025-01-15T07:03:30Z\" level=info msg=\"Leader re-election complete\" newLeader=cilium-operator-5d9f8-abcde operatorID=node-a-xyz subsys=cilium-operator-generic\n"
	    KUB "stdout X not a cri tag\n";

	assert_int_equal(run(f, text), 0);
	assert_int_equal(coll.n, 3);
	r = &coll.v[0];
	assert_true(r->kubelet);
	assert_int_equal(r->fmt, LOG_FMT_LOGRUS_NOTIME);
	assert_string_equal(r->msg, "Establishing connection to apiserver");
	assert_string_equal(rf(r, "host"), "https://10.96.0.1:443");
	assert_int_equal(r->sec, KUB_SEC);
	r = &coll.v[1];
	assert_int_equal(r->fmt, LOG_FMT_LOGRUS_TIME);
	assert_string_equal(r->subsys, "cilium-operator-generic");
	assert_int_equal(r->sec, KUB_SEC + 6);
	r = &coll.v[2];
	assert_int_equal(r->fmt, LOG_FMT_PLAIN);
	assert_string_equal(r->msg, "stdout X not a cri tag");
}

/* Go %q escapes in values; = inside quotes; empty and odd values. */
static void
test_quoting(void **state)
{
	struct sm_fx *f = *state;
	const struct rec *r;
	static const char text[] =
	    "level=info msg=\"say \\\"hi\\\"\\n\\tto \\\\ caf\\u00e9 \\x41\\101 \\U0001F600\" a=b=c empty= q=\"\" k8sPodName=\":\" labels=\"[k8s:app=web k8s:io.kubernetes.pod.namespace=shop]\" stray \"quoted stray\" last=1\n";

	assert_int_equal(run(f, text), 0);
	assert_int_equal(coll.n, 1);
	r = &coll.v[0];
	assert_int_equal(r->fmt, LOG_FMT_LOGRUS_NOTIME);
	assert_string_equal(r->msg, "say \"hi\"\n\tto \\ caf\xc3\xa9 AA "
	    "\xf0\x9f\x98\x80");
	assert_string_equal(rf(r, "a"), "b=c");
	assert_string_equal(rf(r, "empty"), "");
	assert_string_equal(rf(r, "q"), "");
	assert_string_equal(rf(r, "k8sPodName"), ":");
	assert_string_equal(rf(r, "labels"),
	    "[k8s:app=web k8s:io.kubernetes.pod.namespace=shop]");
	assert_string_equal(rf(r, "last"), "1");
	assert_int_equal(r->nfields, 6);
}

#define PANIC_BODY(P)							\
	P "panic: runtime error: invalid memory address or nil pointer dereference\n" \
	P "[signal SIGSEGV: segmentation violation code=0x1 addr=0x28 pc=0x2a1b3c4]\n" \
	P "\n"								\
	P "goroutine 1234 [running]:\n"					\
	P "github.com/cilium/cilium/pkg/endpoint.(*Endpoint).regeneratePolicy(0xc001a2b000, {0x3c5e2a0, 0xc00012c000})\n" \
	P "\t/go/src/github.com/cilium/cilium/pkg/endpoint/policy.go:221 +0x1d4\n" \
	P "created by github.com/cilium/cilium/pkg/endpoint.(*Endpoint).Regenerate in goroutine 1\n" \
	P "\t/go/src/github.com/cilium/cilium/pkg/endpoint/policy.go:600 +0x2a5\n"

static void
test_panic(void **state)
{
	struct sm_fx *f = *state;
	const struct rec *r;
	static const char plain[] =
	    "level=info msg=\"Regenerating endpoint\" subsys=endpoint\n"
	    PANIC_BODY("")
	    "level=info msg=\"Cilium starting\" subsys=daemon\n";
	static const char prefixed[] =
	    KUB "level=info msg=\"Regenerating endpoint\" subsys=endpoint\n"
	    PANIC_BODY(KUB)
	    KUB "level=info msg=\"Cilium starting\" subsys=daemon\n";
	static const char fatal[] =
	    "fatal error: concurrent map writes\n"
	    "\n"
	    "goroutine 77 [running]:\n"
	    "runtime.throw({0x2d1e0c1?, 0x0?})\n"
	    "\t/usr/local/go/src/runtime/panic.go:1077 +0x5c fp=0xc0 sp=0xc0 pc=0x43\n"
	    "rax    0x0\n"
	    "a plain line ends it\n";
	const char *texts[] = { plain, prefixed };
	size_t i;

	for (i = 0; i < 2; i++) {
		assert_int_equal(run(f, texts[i]), 0);
		assert_int_equal(coll.n, 3);
		r = &coll.v[1];
		assert_int_equal(r->fmt, LOG_FMT_PANIC);
		assert_int_equal(r->level, LOG_LEVEL_PANIC);
		assert_int_equal(r->kubelet, i == 1);
		assert_int_equal(r->line, 2);
		assert_int_equal(r->nlines, 8);
		assert_int_equal(r->cont, 7);
		assert_string_equal(r->msg, "runtime error: invalid memory "
		    "address or nil pointer dereference");
		assert_string_equal(r->raw, "panic: runtime error: invalid "
		    "memory address or nil pointer dereference");
		assert_string_equal(rf(r, "kind"), "panic");
		assert_string_equal(rf(r, "goroutine"), "1234 [running]");
		assert_non_null(strstr(r->frames, "[signal SIGSEGV"));
		assert_non_null(strstr(r->frames, "\n\t/go/src/github.com/"
		    "cilium/cilium/pkg/endpoint/policy.go:221 +0x1d4\n"));
		assert_false(r->frames_cut);
		if (i == 1) {
			assert_int_equal(r->sec, KUB_SEC);
			assert_null(strstr(r->frames, "2025-01-15T"));
		}
		assert_int_equal(coll.v[2].line, 10);
		assert_string_equal(coll.v[2].msg, "Cilium starting");
	}

	assert_int_equal(run(f, fatal), 0);
	assert_int_equal(coll.n, 2);
	r = &coll.v[0];
	assert_int_equal(r->fmt, LOG_FMT_PANIC);
	assert_int_equal(r->level, LOG_LEVEL_PANIC);
	assert_string_equal(r->msg, "concurrent map writes");
	assert_string_equal(rf(r, "kind"), "fatal error");
	assert_string_equal(rf(r, "goroutine"), "77 [running]");
	assert_int_equal(r->cont, 5);
	assert_int_equal(coll.v[1].fmt, LOG_FMT_PLAIN);
	assert_int_equal(coll.v[1].line, 7);

	/* A panic at the end of the member is flushed. */
	assert_int_equal(run(f, "panic: boom\ngoroutine 1 [running]:\n"
	    "main.main()"), 0);
	assert_int_equal(coll.n, 1);
	assert_int_equal(coll.v[0].cont, 2);
	assert_string_equal(coll.v[0].frames,
	    "goroutine 1 [running]:\nmain.main()");
}

/* A goroutine dump far over the frame limits stays one bounded event. */
static void
test_panic_bounded(void **state)
{
	struct sm_fx *f = *state;
	struct buf b = BUF_INIT;
	const struct rec *r;
	int i;

	buf_addstr(&b, "panic: deadlock\n");
	for (i = 0; i < 5000; i++)
		buf_addf(&b, "goroutine %d [chan receive, 5 minutes]:\n"
		    "main.worker(0xc000%d)\n\t/src/main.go:%d +0x20\n\n", i,
		    i, i);
	buf_addstr(&b, "level=info msg=after\n");
	assert_int_equal(run_len(f, "x.log", b.ptr, b.len), 0);
	assert_int_equal(coll.n, 2);
	r = &coll.v[0];
	assert_int_equal(r->cont, 20000);
	assert_true(r->frames_cut);
	assert_true(strlen(r->frames) <= LOG_PANIC_MAX_FRAME_BYTES);
	assert_string_equal(rf(r, "goroutine"),
	    "0 [chan receive, 5 minutes]");
	assert_int_equal(coll.v[1].line, 20002);
	buf_release(&b);
}

/* CRLF endings, blank lines, a cut final line, a line over the cap. */
static void
test_crlf_truncated(void **state)
{
	struct sm_fx *f = *state;
	struct buf b = BUF_INIT;
	const struct rec *r;
	static const char text[] =
	    KUB "level=info msg=\"one\" subsys=daemon\r\n"
	    "\r\n"
	    "   \n"
	    KUB "\r\n"
	    "level=warning msg=\"Unable to add CiliumNetworkPolicy\" error=\"Invalid CiliumNetwork";

	assert_int_equal(run(f, text), 0);
	assert_int_equal(coll.n, 2);
	assert_string_equal(coll.v[0].subsys, "daemon");
	assert_string_equal(coll.v[0].raw,
	    "level=info msg=\"one\" subsys=daemon");
	r = &coll.v[1];
	assert_int_equal(r->line, 5);
	assert_int_equal(r->level, LOG_LEVEL_WARNING);
	assert_string_equal(rf(r, "error"), "Invalid CiliumNetwork");

	/* 70000 bytes on one line: cut, flagged, one warning. */
	buf_addstr(&b, "level=error msg=\"Regeneration of endpoint failed\" "
	    "error=\"");
	while (b.len < 70000)
		buf_addstr(&b, "xxxxxxxxxx");
	buf_addstr(&b, "\" subsys=endpoint\nlevel=info msg=next\n");
	assert_int_equal(run_len(f, "big.log", b.ptr, b.len), 0);
	assert_int_equal(coll.n, 2);
	r = &coll.v[0];
	assert_true(r->truncated);
	assert_int_equal(r->level, LOG_LEVEL_ERROR);
	assert_string_equal(r->msg, "Regeneration of endpoint failed");
	assert_null(rf(r, "subsys"));
	assert_true(strlen(rf(r, "error")) > 60000);
	assert_false(coll.v[1].truncated);
	assert_int_equal(coll.v[1].line, 2);
	assert_int_equal(f->d.n, 1);
	assert_int_equal(f->d.v[0].severity, DIAG_WARNING);
	sm_diag_at(&f->d.v[0], "big.log", 1);
	assert_non_null(strstr(f->d.v[0].text, "longer than 65536 bytes"));
	buf_release(&b);
}

/* Garbage is plain events, never an error; NUL bytes are survived. */
static void
test_garbage(void **state)
{
	struct sm_fx *f = *state;
	const struct rec *r;
	static const char text[] =
	    "# agent log lines for the IP / node:\n"
	    "10.12.0.1/32        5139 0 10.168.0.25    \n"
	    "level=\n"
	    "level=info msg=\"unterminated \\\n"
	    "time=notatime level=bogus msg=x\n"
	    "\xff\xfe\x01garbage\x7f\n"
	    "2025-13-45T99:99:99Z not a kubelet stamp\n"
	    "[2025-01-01 10:00:00.000][x][error][config] not envoy\n"
	    "I0115 07:03:54.123456 not klog\n"
	    "nul\0byte level=info\n";
	size_t i;

	assert_int_equal(run_len(f, "g.log", text, sizeof(text) - 1), 0);
	assert_int_equal(coll.n, 10);
	assert_int_equal(coll.v[0].fmt, LOG_FMT_PLAIN);
	assert_string_equal(coll.v[0].msg,
	    "# agent log lines for the IP / node:");
	assert_string_equal(coll.v[1].msg,
	    "10.12.0.1/32        5139 0 10.168.0.25");
	r = &coll.v[2];
	assert_int_equal(r->fmt, LOG_FMT_LOGRUS_NOTIME);
	assert_int_equal(r->level, LOG_LEVEL_UNKNOWN);
	assert_string_equal(r->msg, "");
	r = &coll.v[3];
	assert_string_equal(r->msg, "unterminated \\");
	r = &coll.v[4];
	assert_int_equal(r->fmt, LOG_FMT_SLOG);
	assert_string_equal(r->time_text, "notatime");
	assert_int_equal(r->sec, 0);
	assert_int_equal(r->level, LOG_LEVEL_UNKNOWN);
	assert_string_equal(r->level_text, "bogus");
	for (i = 5; i < 10; i++) {
		assert_int_equal(coll.v[i].fmt, LOG_FMT_PLAIN);
		assert_false(coll.v[i].kubelet);
		assert_int_equal(coll.v[i].line, i + 1);
	}
	assert_int_equal(coll.v[9].msg_len, 19);
	assert_int_equal(f->d.n, 0);
}

/* More fields than LOG_MAX_FIELDS: the first are kept. */
static void
test_fields_cap(void **state)
{
	struct sm_fx *f = *state;
	struct buf b = BUF_INIT;
	int i;

	buf_addstr(&b, "level=info msg=many");
	for (i = 0; i < 100; i++)
		buf_addf(&b, " k%d=v%d", i, i);
	buf_addstr(&b, "\n");
	assert_int_equal(run_len(f, "f.log", b.ptr, b.len), 0);
	assert_int_equal(coll.n, 1);
	assert_true(coll.v[0].fields_cut);
	assert_int_equal(coll.v[0].nfields, LOG_MAX_FIELDS);
	assert_string_equal(rf(&coll.v[0], "k63"), "v63");
	assert_null(rf(&coll.v[0], "k64"));
	buf_release(&b);
}

/* The callback can stop the parse; st may be NULL. */
static void
test_stop_and_no_strtab(void **state)
{
	struct sm_fx *f = *state;
	static const char text[] = "level=info msg=a subsys=x\n"
	    "level=info msg=b\nlevel=info msg=c\n";

	coll_free(&coll);
	coll.stop_after = 2;
	assert_int_equal(art_log_parse(sm_member(f, "s.log", text), NULL,
	    collect, &coll, &f->d), 7);
	assert_int_equal(coll.n, 2);
	assert_string_equal(coll.v[1].msg, "b");
	/* Stopping in the middle of a panic. */
	coll_free(&coll);
	coll.stop_after = 1;
	assert_int_equal(run(f, "panic: x\n\tframe\nlevel=info msg=y\n"), 7);
	assert_int_equal(coll.n, 1);
	assert_int_equal(coll.v[0].fmt, LOG_FMT_PANIC);
}

static void
test_levels_and_times(void **state)
{
	int64_t sec;
	uint32_t nsec;

	(void)state;
	assert_int_equal(log_level_parse("warning", 7), LOG_LEVEL_WARNING);
	assert_int_equal(log_level_parse("warn", 4), LOG_LEVEL_WARNING);
	assert_int_equal(log_level_parse("WARN", 4), LOG_LEVEL_WARNING);
	assert_int_equal(log_level_parse("err", 3), LOG_LEVEL_ERROR);
	assert_int_equal(log_level_parse("ERROR+2", 7), LOG_LEVEL_ERROR);
	assert_int_equal(log_level_parse("fatal", 5), LOG_LEVEL_FATAL);
	assert_int_equal(log_level_parse("panic", 5), LOG_LEVEL_PANIC);
	assert_int_equal(log_level_parse("debug", 5), LOG_LEVEL_DEBUG);
	assert_int_equal(log_level_parse("trace", 5), LOG_LEVEL_DEBUG);
	assert_int_equal(log_level_parse("critical", 8), LOG_LEVEL_FATAL);
	assert_int_equal(log_level_parse("information", 11), LOG_LEVEL_INFO);
	assert_int_equal(log_level_parse("bogus", 5), LOG_LEVEL_UNKNOWN);
	assert_int_equal(log_level_parse("info2", 5), LOG_LEVEL_UNKNOWN);
	assert_int_equal(log_level_parse("", 0), LOG_LEVEL_UNKNOWN);
	assert_string_equal(log_level_name(LOG_LEVEL_WARNING), "warning");
	assert_string_equal(log_format_name(LOG_FMT_LOGRUS_NOTIME),
	    "logrus-notime");
	assert_string_equal(log_format_name(LOG_FMT_GOLOG), "go-log");

	assert_int_equal(log_time_parse("2025-01-15T07:03:24.013816054Z", 30,
	    &sec, &nsec), 30);
	assert_int_equal(sec, KUB_SEC);
	assert_int_equal(nsec, 13816054);
	assert_int_equal(log_time_parse("1969-12-31T23:59:59Z", 20, &sec,
	    &nsec), 20);
	assert_int_equal(sec, -1);
	assert_int_equal(log_time_parse("2024-02-29T00:00:00-0130", 24, &sec,
	    &nsec), 24);
	assert_int_equal(sec, INT64_C(1709164800) + 5400);
	assert_int_equal(log_time_parse("2024-02-29", 10, &sec, &nsec), 0);
	assert_int_equal(log_time_parse("2024-13-01T00:00:00Z", 20, &sec,
	    &nsec), 0);
	assert_int_equal(log_time_parse("2024-01-01T00:00:00.Z", 21, &sec,
	    &nsec), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_logrus_notime, sm_setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_logrus_notime_kubelet,
		    sm_setup, teardown),
		cmocka_unit_test_setup_teardown(test_logrus_time, sm_setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_slog, sm_setup, teardown),
		cmocka_unit_test_setup_teardown(test_json, sm_setup, teardown),
		cmocka_unit_test_setup_teardown(test_journald, sm_setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_journald_formats, sm_setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_other_grammars, sm_setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_cri_operator, sm_setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_quoting, sm_setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_panic, sm_setup, teardown),
		cmocka_unit_test_setup_teardown(test_panic_bounded, sm_setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_crlf_truncated, sm_setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_garbage, sm_setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_fields_cap, sm_setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_stop_and_no_strtab,
		    sm_setup, teardown),
		cmocka_unit_test(test_levels_and_times),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
