/*
 * test_art_status.c: `status` text of every era, from 1.0 (ContainerRuntime,
 * address pools, "Reachable" health rows) through 1.10-1.14 `cilium status
 * --verbose` (IPAM, Host Routing, "Node Endpoints" health rows) to the
 * 1.16+ `cilium-dbg status --verbose` (Routing, Attach Mode, per-node
 * connectivity blocks, Modules Health), markdown wrapping, a failed run's
 * trailer, cilium-cli's report refused, malformed detail rows with their
 * diagnostics, and the StatusResponse JSON.
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

#include "arena.h"
#include "art_status.h"
#include "diag.h"
#include "ingest.h"
#include "intern.h"

#include "support_member.h"

static int
parse(struct sm_fx *f, const char *path, const char *text,
    struct status_result *r)
{
	return art_status_parse(sm_member(f, path, text), f->a, f->st, &f->d,
	    r);
}

/*
 * cilium status --all-controllers --all-health, 1.0 era: ContainerRuntime,
 * address pools, a message continued on the next line, and the
 * "Reachable / Endpoints reachable" health table.
 */
static const char era_1_0[] =
    "$ cilium status --all-controllers --all-health\n"
    "KVStore:                Ok         Etcd: 172.17.0.3:4001\n"
    "ContainerRuntime:       Ok\n"
    "Kubernetes:             Disabled\n"
    "Cilium:                 Ok         OK\n"
    "NodeMonitor:            Listening for events on 2 CPUs with 64x409"
    "6 of shared memory\n"
    "Cilium health daemon:   Warning   Get http:///var/run/cilium/healt"
    "h.sock/v1beta/hello: dial unix /var/run/cilium/health.sock:\n"
    " connect: no such file or directory\n"
    "IPv4 address pool:      261/65535 allocated\n"
    "IPv6 address pool:      4/4294967295 allocated\n"
    "Controller Status:      5/6 healthy\n"
    "  Name                                 Last success   Last error  "
    " Count   Message\n"
    "  kvstore-lease-keepalive              2m52s ago      never       "
    " 0       no error\n"
    "  sync-identity-to-k8s-pod (29898)     50s ago        3s ago      "
    " 4       unable to update CiliumEndpoint:  the server could not fi"
    "nd the requested resource\n"
    "Proxy Status:           OK, ip 10.15.28.238, 0 redirects, port-ran"
    "ge 10000-20000\n"
    "Cluster health:         1/2 reachable   (2018-04-11T07:32:09Z)\n"
    "  Name                  IP              Reachable   Endpoints reac"
    "hable\n"
    "  runtime (localhost)   10.0.2.15       true        true\n"
    "  k8s2                  192.168.36.12   false       false\n"
    "$\n";

static void
test_era_1_0(void **state)
{
	struct sm_fx *f = *state;
	struct status_result r;

	assert_int_equal(parse(f, "issue.txt", era_1_0, &r), 0);
	assert_int_equal(f->d.n, 0);
	assert_false(r.json);
	assert_int_equal(r.npairs, 11);
	assert_int_equal(r.line, 2);
	assert_string_equal(r.pairs[0].key, "KVStore");
	assert_string_equal(r.pairs[0].value,
	    "Ok         Etcd: 172.17.0.3:4001");
	assert_int_equal(r.pairs[0].line, 2);
	assert_int_equal(r.kvstore.state, STATUS_STATE_OK);
	assert_string_equal(r.kvstore.msg, "Etcd: 172.17.0.3:4001");
	assert_int_equal(r.container_runtime.state, STATUS_STATE_OK);
	assert_true(r.kubernetes.present);
	assert_int_equal(r.kubernetes.state, STATUS_STATE_DISABLED);
	assert_string_equal(r.kubernetes.msg, "");
	assert_int_equal(r.cilium.state, STATUS_STATE_OK);
	assert_string_equal(r.cilium.msg, "OK");
	assert_null(r.version);
	assert_int_equal(r.health.state, STATUS_STATE_WARNING);
	assert_int_equal(r.health.line, 7);
	/* The continuation line stays with its key. */
	assert_int_equal(r.pairs[5].nsub, 1);
	assert_string_equal(r.pairs[5].sub[0].text,
	    "connect: no such file or directory");
	assert_int_equal(r.pairs[5].sub[0].line, 8);
	assert_true(r.ipv4.present);
	assert_int_equal(r.ipv4.allocated, 261);
	assert_int_equal(r.ipv4.total, 65535);
	assert_null(r.ipv4.cidr);
	assert_int_equal(r.ipv6.total, 4294967295u);
	assert_true(r.has_controllers);
	assert_int_equal(r.controllers_healthy, 5);
	assert_int_equal(r.controllers_total, 6);
	assert_int_equal(r.ncontrollers, 2);
	assert_int_equal(r.ncontrollers_failing, 1);
	assert_string_equal(r.controllers[1].name,
	    "sync-identity-to-k8s-pod (29898)");
	assert_string_equal(r.controllers[1].last_success, "50s ago");
	assert_string_equal(r.controllers[1].last_failure, "3s ago");
	assert_int_equal(r.controllers[1].consecutive_failures, 4);
	assert_true(r.controllers[1].failing);
	/* The message keeps its own double blank. */
	assert_string_equal(r.controllers[1].message, "unable to update "
	    "CiliumEndpoint:  the server could not find the requested "
	    "resource");
	assert_int_equal(r.controllers[1].line, 14);
	assert_false(r.controllers[0].failing);
	assert_string_equal(r.controllers[0].message, "no error");
	assert_true(r.has_proxy);
	assert_string_equal(r.proxy_ip, "10.15.28.238");
	assert_int_equal(r.proxy_redirects, 0);
	assert_string_equal(r.proxy_port_range, "10000-20000");
	assert_null(r.proxy_envoy);
	assert_int_equal(r.cluster_health.state, STATUS_STATE_WARNING);
	assert_int_equal(r.nodes_reachable, 1);
	assert_int_equal(r.nodes_total, 2);
	assert_int_equal(r.nunreachable, 1);
	assert_string_equal(r.unreachable[0].name, "k8s2");
	assert_string_equal(r.unreachable[0].ip, "192.168.36.12");
	assert_false(r.unreachable[0].localhost);
	assert_string_equal(r.unreachable[0].detail,
	    "host false, endpoints false");
	assert_int_equal(r.unreachable[0].line, 19);
	assert_string_equal(status_result_get(&r, "Proxy Status"),
	    "OK, ip 10.15.28.238, 0 redirects, port-range 10000-20000");
	assert_null(status_result_get(&r, "Hubble"));
}

/* cilium status --verbose, 1.11 (issue 18347 style, health rows added). */
static const char era_1_11[] =
    "KVStore:                Ok   Disabled\n"
    "Kubernetes:             Ok   1.23 (v1.23.0) [linux/amd64]\n"
    "Kubernetes APIs:        [\"cilium/v2::CiliumClusterwideNetworkPoli"
    "cy\", \"core/v1::Service\"]\n"
    "KubeProxyReplacement:   Strict    [eth1 192.168.33.20 (Direct Rout"
    "ing)]\n"
    "Host firewall:          Enabled   [eth1]\n"
    "Cilium:                 Ok   1.11.0 (v1.11.0-27e0848)\n"
    "NodeMonitor:            Listening for events on 2 CPUs with 64x409"
    "6 of shared memory\n"
    "Cilium health daemon:   Ok   \n"
    "IPAM:                   IPv4: 3/254 allocated from 172.16.1.0/24, "
    "IPv6: 2/65534 allocated from fd00::/112\n"
    "Allocated addresses:\n"
    "  172.16.1.134 (router)\n"
    "  172.16.1.196 (ingress-nginx/ingress-nginx-controller-njn5d)\n"
    "  fd00::1a (health)\n"
    "BandwidthManager:       EDT with BPF   [eth1]\n"
    "Host Routing:           Legacy\n"
    "Masquerading:           IPTables [IPv4: Enabled, IPv6: Disabled]\n"
    "Clock Source for BPF:   ktime\n"
    "Controller Status:      24/24 healthy\n"
    "  Name                                  Last success   Last error "
    "    Count   Message\n"
    "  cilium-health-ep                      16s ago        never      "
    "    0       no error   \n"
    "Proxy Status:           OK, ip 172.16.1.134, 0 redirects active on"
    " ports 10000-20000\n"
    "Hubble:                 Ok   Current/Max Flows: 4095/4095 (100.00%"
    "), Flows/s: 21.86   Metrics: Disabled\n"
    "Encryption:             Disabled\n"
    "Cluster health:         2/3 reachable   (2021-12-21T10:00:00Z)\n"
    "  Name                IP              Node        Endpoints\n"
    "  k8s1 (localhost)    192.168.33.20   1/1         1/1\n"
    "  k8s2                192.168.33.21   0/1         1/1\n"
    "  k8s3                192.168.33.22   1/1         0/1 (1 unknown)"
    "\n"
    "  ...\n";

static void
test_era_1_11(void **state)
{
	struct sm_fx *f = *state;
	struct status_result r;

	assert_int_equal(parse(f, "cmd/cilium-status---verbose.md", era_1_11,
	    &r), 0);
	assert_int_equal(f->d.n, 0);
	assert_int_equal(r.npairs, 19);
	assert_string_equal(r.version, "1.11.0");
	assert_string_equal(r.version_detail, "v1.11.0-27e0848");
	assert_int_equal(r.cilium.state, STATUS_STATE_OK);
	assert_string_equal(r.kubernetes.msg, "1.23 (v1.23.0) [linux/amd64]");
	assert_string_equal(r.kpr_mode, "Strict");
	assert_string_equal(r.kpr_devices,
	    "[eth1 192.168.33.20 (Direct Routing)]");
	assert_string_equal(status_result_get(&r, "Host firewall"),
	    "Enabled   [eth1]");
	assert_int_equal(r.health.state, STATUS_STATE_OK);
	assert_string_equal(r.health.msg, "");
	assert_int_equal(r.ipv4.allocated, 3);
	assert_int_equal(r.ipv4.total, 254);
	assert_string_equal(r.ipv4.cidr, "172.16.1.0/24");
	assert_int_equal(r.ipv6.allocated, 2);
	assert_int_equal(r.ipv6.total, 65534);
	assert_string_equal(r.ipv6.cidr, "fd00::/112");
	assert_int_equal(r.nallocations, 3);
	assert_string_equal(r.allocations[1].ip, "172.16.1.196");
	assert_string_equal(r.allocations[1].owner,
	    "ingress-nginx/ingress-nginx-controller-njn5d");
	assert_int_equal(r.allocations[1].line, 12);
	assert_string_equal(r.allocations[2].owner, "health");
	assert_string_equal(r.routing, "Legacy");
	assert_int_equal(r.controllers_total, 24);
	assert_int_equal(r.ncontrollers, 1);
	assert_int_equal(r.ncontrollers_failing, 0);
	assert_string_equal(r.controllers[0].message, "no error");
	assert_int_equal(r.proxy_redirects, 0);
	assert_string_equal(r.proxy_port_range, "10000-20000");
	assert_int_equal(r.hubble.state, STATUS_STATE_OK);
	assert_string_equal(r.encryption, "Disabled");
	/* k8s3 has an unknown path, which is not a failure. */
	assert_int_equal(r.nunreachable, 1);
	assert_string_equal(r.unreachable[0].name, "k8s2");
	assert_string_equal(r.unreachable[0].detail, "host 0/1, endpoints 1/1");
	assert_int_equal(r.unreachable[0].line, 27);
}

/* cilium-dbg status --verbose, 1.16 and later, bugtool with markdown. */
static const char era_1_16[] =
    "# cilium-dbg status --verbose\n"
    "\n"
    "```\n"
    "KVStore:                Ok   Disabled\n"
    "Kubernetes:             Ok   1.30 (v1.30.4) [linux/amd64]\n"
    "Kubernetes APIs:        [\"EndpointSliceOrEndpoint\", \"cilium/v2:"
    ":CiliumNode\", \"core/v1::Pods\"]\n"
    "KubeProxyReplacement:   True   [eth0   172.18.0.3 fc00:c111::3 (Di"
    "rect Routing)]\n"
    "Host firewall:          Disabled\n"
    "SRv6:                   Disabled\n"
    "CNI Chaining:           none\n"
    "CNI Config file:        successfully wrote CNI configuration file "
    "to /host/etc/cni/net.d/05-cilium.conflist\n"
    "Cilium:                 Ok   1.16.5 (v1.16.5-ad688277)\n"
    "NodeMonitor:            Listening for events on 8 CPUs with 64x409"
    "6 of shared memory\n"
    "Cilium health daemon:   Ok   \n"
    "IPAM:                   IPv4: 5/254 allocated from 10.244.1.0/24, "
    "\n"
    "Allocated addresses:\n"
    "  10.244.1.10 (kube-system/coredns-7db6d8ff4d-2xk8q)\n"
    "  10.244.1.153 (router)\n"
    "  10.244.1.78 (health)\n"
    "IPv4 BIG TCP:           Disabled\n"
    "IPv6 BIG TCP:           Disabled\n"
    "BandwidthManager:       Disabled\n"
    "Routing:                Network: Tunnel [vxlan]   Host: Legacy\n"
    "Attach Mode:            TCX\n"
    "Device Mode:            veth\n"
    "Masquerading:           IPTables [IPv4: Enabled, IPv6: Disabled]\n"
    "Clock Source for BPF:   ktime\n"
    "Controller Status:      40/41 healthy\n"
    "  Name                                  Last success   Last error "
    "  Count   Message\n"
    "  cilium-health-ep                      41s ago        never      "
    "  0       no error   \n"
    "  sync-policymap-1834                   5m2s ago       12s ago    "
    "  3       failed to update policy map: update:  no space left on d"
    "evice   \n"
    "Proxy Status:           OK, ip 10.244.1.153, 2 redirects active on"
    " ports 10000-20000, Envoy: external\n"
    "  Protocol            Redirect             Proxy Port\n"
    "  cilium-dns-egress   1834:egress:UDP:53   35963\n"
    "Global Identity Range:  min 256, max 65535\n"
    "Hubble:                 Ok              Current/Max Flows: 4095/40"
    "95 (100.00%), Flows/s: 12.31   Metrics: Ok\n"
    "KubeProxyReplacement Details:\n"
    "  Status:                 True\n"
    "  Socket LB:              Enabled\n"
    "  Socket LB Tracing:      Enabled\n"
    "  Socket LB Coverage:     Full\n"
    "  Devices:                eth0   172.18.0.3 fc00:c111::3 (Direct R"
    "outing)\n"
    "  Mode:                   SNAT\n"
    "  Backend Selection:      Random\n"
    "  Session Affinity:       Enabled\n"
    "  Graceful Termination:   Enabled\n"
    "  NAT46/64 Support:       Disabled\n"
    "  XDP Acceleration:       Disabled\n"
    "  Services:\n"
    "  - ClusterIP:      Enabled\n"
    "  - NodePort:       Enabled (Range: 30000-32767) \n"
    "  - LoadBalancer:   Enabled \n"
    "  - externalIPs:    Enabled \n"
    "  - HostPort:       Enabled\n"
    "BPF Maps:   dynamic sizing: on (ratio: 0.002500)\n"
    "  Name                          Size\n"
    "  Auth                          524288\n"
    "  Non-TCP connection tracking   65536\n"
    "Encryption:   Wireguard   [NodeEncryption: Disabled, cilium_wg0 (P"
    "ubkey: abc=, Port: 51871, Peers: 2)]\n"
    "Cluster health:   2/3 reachable   (2025-01-10T09:12:44Z)   (Probe "
    "interval: 1m52s)\n"
    "Name              IP              Node   Endpoints\n"
    "  kind-worker (localhost):\n"
    "    Host connectivity to 172.18.0.3:\n"
    "      ICMP to stack:   OK, RTT=121.3µs\n"
    "      HTTP to agent:   OK, RTT=402.1µs\n"
    "    Endpoint connectivity to 10.244.1.78:\n"
    "      ICMP to stack:   OK, RTT=98µs\n"
    "      HTTP to agent:   OK, RTT=331µs\n"
    "  kind-worker2:\n"
    "    Host connectivity to 172.18.0.4:\n"
    "      ICMP to stack:   Connection timed out   (Last probed: 2025-0"
    "1-10T09:12:40Z)\n"
    "      HTTP to agent:   Get \"http://172.18.0.4:4240/hello\": conte"
    "xt deadline exceeded   (Last probed: 2025-01-10T09:12:40Z)\n"
    "    Endpoint connectivity to 10.244.2.5:\n"
    "      ICMP to stack:   OK, RTT=1ms\n"
    "      HTTP to agent:   OK, RTT=2ms\n"
    "Modules Health:   Stopped(0) Degraded(1) OK(89)\n"
    "  agent\n"
    "  ├── controlplane\n"
    "  │   └── endpoint-manager\n"
    "  │       └── cilium-endpoint-1834 (/)   [DEGRADED] regeneration f"
    "ailed (3m, x2)\n"
    "```\n";

static void
test_era_1_16_dbg(void **state)
{
	struct sm_fx *f = *state;
	struct status_result r;
	const struct status_pair *p;

	assert_int_equal(parse(f, "cmd/cilium-dbg-status---verbose.md",
	    era_1_16, &r), 0);
	assert_int_equal(f->d.n, 0);
	assert_int_equal(r.npairs, 30);
	assert_int_equal(r.line, 4);
	assert_string_equal(r.version, "1.16.5");
	assert_string_equal(r.version_detail, "v1.16.5-ad688277");
	assert_string_equal(r.kpr_mode, "True");
	assert_string_equal(r.routing,
	    "Network: Tunnel [vxlan]   Host: Legacy");
	assert_string_equal(status_result_get(&r, "Attach Mode"), "TCX");
	assert_string_equal(status_result_get(&r, "Device Mode"), "veth");
	assert_string_equal(status_result_get(&r, "Global Identity Range"),
	    "min 256, max 65535");
	assert_string_equal(status_result_get(&r, "CNI Chaining"), "none");
	assert_int_equal(r.ipv4.allocated, 5);
	assert_string_equal(r.ipv4.cidr, "10.244.1.0/24");
	assert_false(r.ipv6.present);
	assert_int_equal(r.nallocations, 3);
	assert_int_equal(r.controllers_healthy, 40);
	assert_int_equal(r.controllers_total, 41);
	assert_int_equal(r.ncontrollers, 2);
	assert_int_equal(r.ncontrollers_failing, 1);
	assert_string_equal(r.controllers[1].name, "sync-policymap-1834");
	assert_int_equal(r.controllers[1].consecutive_failures, 3);
	assert_string_equal(r.controllers[1].message, "failed to update "
	    "policy map: update:  no space left on device");
	assert_int_equal(r.proxy_redirects, 2);
	assert_string_equal(r.proxy_envoy, "external");
	assert_string_equal(r.proxy_ip, "10.244.1.153");
	assert_int_equal(r.hubble.state, STATUS_STATE_OK);
	assert_string_equal(r.encryption, "Wireguard");
	p = &r.pairs[25];
	assert_string_equal(p->key, "KubeProxyReplacement Details");
	assert_int_equal(p->nsub, 17);
	assert_string_equal(p->sub[5].text, "Mode:                   SNAT");
	assert_int_equal(r.cluster_health.state, STATUS_STATE_WARNING);
	assert_int_equal(r.nodes_reachable, 2);
	assert_int_equal(r.nodes_total, 3);
	assert_int_equal(r.nunreachable, 1);
	assert_string_equal(r.unreachable[0].name, "kind-worker2");
	assert_string_equal(r.unreachable[0].ip, "172.18.0.4");
	assert_int_equal(r.unreachable[0].line, 69);
	assert_non_null(strstr(r.unreachable[0].detail,
	    "Connection timed out"));
	p = &r.pairs[29];
	assert_string_equal(p->key, "Modules Health");
	assert_string_equal(p->value, "Stopped(0) Degraded(1) OK(89)");
	assert_int_equal(p->nsub, 4);
	assert_null(r.cmd_error);
}

/* An unhealthy agent: status stops early and bugtool adds its trailer. */
static const char failing[] =
    "KVStore:                 Ok   Disabled\n"
    "Kubernetes:              Failure   Get \"https://10.96.0.1:443/ver"
    "sion\": dial tcp 10.96.0.1:443: i/o timeout\n"
    "Kubernetes APIs:         [\"cilium/v2::CiliumNetworkPolicy\"]\n"
    "KubeProxyReplacement:    False   \n"
    "Cilium:                  Failure   Kubernetes: Get \"https://10.96"
    ".0.1:443/version\": dial tcp 10.96.0.1:443: i/o timeout\n"
    "NodeMonitor:             Disabled\n"
    "Cilium health daemon:    Ok   \n"
    "IPAM:                    IPv4: 0/254 allocated from 10.0.2.0/24, "
    "\n"
    "Controller Status:       10/12 healthy\n"
    "  Name                       Last success   Last error   Count   M"
    "essage\n"
    "  k8s-heartbeat              never          2s ago       31      G"
    "et \"https://10.96.0.1:443/healthz\": i/o timeout\n"
    "  sync-to-k8s-ciliumnode     never          5s ago       12      "
    "\n"
    "Proxy Status:            No managed proxy redirect\n"
    "Global Identity Range:   Unknown\n"
    "> Error while running 'cilium-dbg status --verbose':  exit status "
    "1\n";

static void
test_failing_agent(void **state)
{
	struct sm_fx *f = *state;
	struct status_result r;
	const struct diag *x;

	assert_int_equal(parse(f, "cmd/cilium-dbg-status---verbose.md", failing,
	    &r), 0);
	assert_int_equal(r.cilium.state, STATUS_STATE_FAILURE);
	assert_string_equal(r.cilium.msg, "Kubernetes: Get "
	    "\"https://10.96.0.1:443/version\": dial tcp 10.96.0.1:443: i/o "
	    "timeout");
	assert_int_equal(r.cilium.line, 5);
	assert_int_equal(r.kubernetes.state, STATUS_STATE_FAILURE);
	assert_string_equal(r.kpr_mode, "False");
	assert_null(r.kpr_devices);
	assert_int_equal(r.ipv4.allocated, 0);
	assert_int_equal(r.controllers_healthy, 10);
	assert_int_equal(r.ncontrollers_failing, 2);
	assert_int_equal(r.controllers[0].consecutive_failures, 31);
	assert_null(r.controllers[1].message);
	assert_true(r.has_proxy);
	assert_null(r.proxy_ip);
	assert_int_equal(r.proxy_redirects, -1);
	assert_false(r.cluster_health.present);
	assert_int_equal(r.nodes_total, -1);
	assert_string_equal(r.cmd_error, "exit status 1");
	x = sm_diag_find(&f->d, "command failed: exit status 1");
	assert_int_equal(x->line, 15);
	assert_int_equal(f->d.n, 1);
}

/* Cluster health lines other than a count. */
static void
test_cluster_health_states(void **state)
{
	struct sm_fx *f = *state;
	struct status_result r;

	assert_int_equal(parse(f, "s.md", "Cilium:   Ok   1.9.1 (v1.9.1-abc)\n"
	    "Cluster health:   Probe disabled\n", &r), 0);
	assert_int_equal(r.cluster_health.state, STATUS_STATE_DISABLED);
	assert_string_equal(r.version, "1.9.1");
	assert_int_equal(parse(f, "s.md", "Cilium:   Ok   OK\n"
	    "Cluster health:            Warning   cilium-health daemon "
	    "unreachable\n", &r), 0);
	assert_int_equal(r.cluster_health.state, STATUS_STATE_WARNING);
	assert_string_equal(r.cluster_health.msg,
	    "Warning   cilium-health daemon unreachable");
	assert_int_equal(parse(f, "s.md",
	    "Cluster health:      3/3 reachable   "
	    "(2020-02-05T14:02:54+01:00)\n", &r), 0);
	assert_int_equal(r.cluster_health.state, STATUS_STATE_OK);
	assert_int_equal(r.nodes_reachable, 3);
	assert_int_equal(r.nunreachable, 0);
	/* Rows without their header line (cut when pasted). */
	assert_int_equal(parse(f, "s.md", "Cluster health:   1/3 reachable\n"
	    "    ceuse (localhost)   10.5.57.1       true        false\n"
	    "    k8s2                10.5.57.2       0/1         1/1\n", &r), 0);
	assert_int_equal(r.nunreachable, 2);
	assert_string_equal(r.unreachable[0].name, "ceuse");
	assert_true(r.unreachable[0].localhost);
	assert_string_equal(r.unreachable[0].detail,
	    "host true, endpoints false");
	assert_int_equal(r.unreachable[0].line, 2);
	assert_string_equal(r.unreachable[1].ip, "10.5.57.2");
	assert_int_equal(f->d.n, 0);
}

/* A docs excerpt: "[...]" elisions (not JSON) around the KPR details. */
static void
test_elided_kpr_details(void **state)
{
	struct sm_fx *f = *state;
	static const char kpr[] =
	    "[...]\n"
	    "KubeProxyReplacement Details:\n"
	    "  Status:                True\n"
	    "  Socket LB:             Enabled\n"
	    "  Devices:               eth0 (Direct Routing), eth1\n"
	    "  Services:\n"
	    "  - NodePort:       Enabled (Range: 30000-32767)\n"
	    "[...]\n";
	struct status_result r;

	assert_int_equal(parse(f, "doc.txt", kpr, &r), 0);
	assert_false(r.json);
	assert_int_equal(r.npairs, 1);
	assert_string_equal(r.kpr_mode, "True");
	assert_null(r.kpr_devices);
	assert_int_equal(r.pairs[0].nsub, 6);
	assert_string_equal(r.pairs[0].sub[5].text, "[...]");
	assert_int_equal(r.pairs[0].sub[5].line, 8);
	assert_int_equal(f->d.n, 0);
}

/* `cilium version` in the same member: the daemon's version wins. */
static const char version[] =
    "Client: 1.14.5 85db28be 2023-12-11T14:30:29+01:00 go version go1.2"
    "1.5 linux/amd64\n"
    "Daemon: 1.14.4 87dd0b64 2023-11-21T15:10:11+01:00 go version go1.2"
    "1.4 linux/amd64\n";

static void
test_version_lines(void **state)
{
	struct sm_fx *f = *state;
	struct status_result r;

	assert_int_equal(parse(f, "cmd/cilium-version.md", version, &r), 0);
	assert_string_equal(r.version, "1.14.4");
	assert_int_equal(r.npairs, 2);
	assert_int_equal(parse(f, "v.md", "Client: 1.14.5 85db28be\n", &r), 0);
	assert_string_equal(r.version, "1.14.5");
}

/* cilium-cli's `cilium status` is another report. */
static void
test_cli_status_refused(void **state)
{
	struct sm_fx *f = *state;
	static const char cli[] =
	    "    /\xc2\xaf\xc2\xaf\\\n"
	    " /\xc2\xaf\xc2\xaf\\__/\xc2\xaf\xc2\xaf\\    Cilium:   12 errors, "
	    "3 warnings\n"
	    " \\__/\xc2\xaf\xc2\xaf\\__/    Operator:           OK\n"
	    "\n"
	    "DaemonSet              cilium                   Desired: 3, "
	    "Ready: 3/3, Available: 3/3\n"
	    "Containers:            cilium                   Running: 3\n"
	    "Cluster Pods:          4/4 managed by Cilium\n"
	    "Helm chart version:    1.17.2\n";
	struct status_result r;
	const struct diag *x;

	assert_int_equal(parse(f, "cilium-cli.txt", cli, &r), -1);
	x = sm_diag_find(&f->d, "cilium-cli's 'cilium status' report");
	assert_string_equal(x->path, "cilium-cli.txt");
	assert_int_equal(x->severity, DIAG_ERROR);
	assert_int_equal(r.npairs, 0);
}

/* Detail rows that cannot be read: one diagnostic each, at their line. */
static void
test_malformed_rows(void **state)
{
	struct sm_fx *f = *state;
	static const char bad[] =
	    "KVStore:                Ok   Disabled\n"
	    "Controller Status:      a lot healthy\n"
	    "Controller Status:      3/4 healthy\n"
	    "  Name           Last success   Last error   Count   Message\n"
	    "  ok-ctrl        1s ago         never        0       no error\n"
	    "  weird-ctrl     1s ago         never        many    no error\n"
	    "  short-row\n"
	    "Cluster health:   1/2 reachable   (2025-01-01T00:00:00Z)\n"
	    "  Name   IP         Reachable   Endpoints reachable\n"
	    "  n1     10.0.0.1   maybe       true\n"
	    "  n2     10.0.0.2\n";
	struct status_result r;
	const struct diag *x;

	assert_int_equal(parse(f, "cmd/cilium-status.md", bad, &r), 0);
	assert_int_equal(r.controllers_total, 4);
	assert_int_equal(r.ncontrollers, 1);
	x = sm_diag_find(&f->d,
	    "cannot parse controller status 'a lot healthy'");
	sm_diag_at(x, "cmd/cilium-status.md", 2);
	x = sm_diag_find(&f->d, "cannot parse controller row 'weird-ctrl");
	assert_int_equal(x->line, 6);
	x = sm_diag_find(&f->d, "cannot parse controller row 'short-row'");
	assert_int_equal(x->line, 7);
	x = sm_diag_find(&f->d, "cannot parse cluster health row 'n1");
	assert_int_equal(x->line, 10);
	x = sm_diag_find(&f->d, "cannot parse cluster health row 'n2");
	assert_int_equal(x->line, 11);
	assert_int_equal(f->d.n, 5);
	assert_int_equal(r.nunreachable, 0);
}

static void
test_no_status(void **state)
{
	struct sm_fx *f = *state;
	struct status_result r;
	const struct diag *x;

	assert_int_equal(parse(f, "empty.md", "", &r), -1);
	x = sm_diag_find(&f->d, "no agent status keys");
	assert_string_equal(x->path, "empty.md");
	assert_int_equal(parse(f, "err.md", "Error: Cilium API client timeout "
	    "exceeded\n> Error while running 'cilium-dbg status --verbose':  "
	    "exit status 1\n", &r), -1);
	assert_string_equal(r.cmd_error, "exit status 1");
	sm_diag_find(&f->d,
	    "no agent status keys, command failed: exit status 1");
	/* Keys only count after a known one: a prompt is no status. */
	assert_int_equal(parse(f, "p.md",
	    "root@node:/home/cilium# cilium status\n"
	    "Defaulted container \"cilium-agent\" out of: cilium-agent\n", &r),
	    -1);
}

/* status -o json. */
static const char json_status[] =
    "{\n"
    "  \"cilium\": {\"state\": \"Warning\", \"msg\": \"1.15.6 "
    "(v1.15.6-a09e05e6)\"},\n"
    "  \"kvstore\": {\"state\": \"Disabled\", \"msg\": \"Disabled\"},\n"
    "  \"kubernetes\": {\"state\": \"Ok\", \"msg\": \"1.29 (v1.29.2) "
    "[linux/amd64]\", \"k8s-api-versions\": [\"core/v1::Pods\"]},\n"
    "  \"cluster\": {\"ciliumHealth\": {\"state\": \"Ok\"}, \"self\": "
    "\"kind/node-a\"},\n"
    "  \"hubble\": {\"state\": \"Ok\", \"msg\": \"\"},\n"
    "  \"ipam\": {\"status\": \"12/254 allocated from 10.0.1.0/24\",\n"
    "    \"allocations\": {\"10.0.1.9\": \"health\", \"10.0.1.17\": "
    "\"shop/web-6c9d7\"}},\n"
    "  \"kube-proxy-replacement\": {\"mode\": \"True\", \"deviceList\": "
    "[{\"name\": \"eth0\", \"ip\": [\"172.18.0.3\"]}, {\"name\": \"eth1\"}]},\n"
    "  \"controllers\": [\n"
    "    {\"name\": \"sync-policymap-1834\", \"status\": {\"success-count\": "
    "40, \"consecutive-failure-count\": 3, \"failure-count\": 5, "
    "\"last-failure-msg\": \"map full\", \"last-failure-timestamp\": "
    "\"2025-06-01T10:12:00Z\"}},\n"
    "    {\"name\": \"cilium-health-ep\", \"status\": {\"success-count\": 9}}\n"
    "  ],\n"
    "  \"proxy\": {\"ip\": \"10.0.1.1\", \"port-range\": \"10000-20000\", "
    "\"total-redirects\": 4, \"envoy-deployment-mode\": \"embedded\"},\n"
    "  \"encryption\": {\"mode\": \"IPsec\"},\n"
    "  \"routing\": {\"inter-host-routing-mode\": \"Native\", "
    "\"intra-host-routing-mode\": \"BPF\"}\n"
    "}\n";

static void
check_json_status(const struct status_result *r)
{
	assert_true(r->json);
	assert_int_equal(r->npairs, 0);
	assert_int_equal(r->cilium.state, STATUS_STATE_WARNING);
	assert_string_equal(r->version, "1.15.6");
	assert_string_equal(r->version_detail, "v1.15.6-a09e05e6");
	assert_int_equal(r->kvstore.state, STATUS_STATE_DISABLED);
	assert_int_equal(r->kubernetes.state, STATUS_STATE_OK);
	assert_int_equal(r->health.state, STATUS_STATE_OK);
	assert_string_equal(r->health.msg, "");
	assert_int_equal(r->hubble.state, STATUS_STATE_OK);
	assert_false(r->container_runtime.present);
	assert_int_equal(r->ipv4.allocated, 12);
	assert_int_equal(r->ipv4.total, 254);
	assert_string_equal(r->ipv4.cidr, "10.0.1.0/24");
	assert_int_equal(r->nallocations, 2);
	/* Sorted by address text. */
	assert_string_equal(r->allocations[0].ip, "10.0.1.17");
	assert_string_equal(r->allocations[0].owner, "shop/web-6c9d7");
	assert_string_equal(r->kpr_mode, "True");
	assert_string_equal(r->kpr_devices, "[eth0, eth1]");
	assert_true(r->has_controllers);
	assert_int_equal(r->controllers_total, 2);
	assert_int_equal(r->controllers_healthy, 1);
	assert_int_equal(r->ncontrollers_failing, 1);
	assert_int_equal(r->controllers[0].consecutive_failures, 3);
	assert_int_equal(r->controllers[0].failure_count, 5);
	assert_string_equal(r->controllers[0].message, "map full");
	assert_string_equal(r->controllers[0].last_failure,
	    "2025-06-01T10:12:00Z");
	assert_null(r->controllers[1].message);
	assert_string_equal(r->proxy_ip, "10.0.1.1");
	assert_int_equal(r->proxy_redirects, 4);
	assert_string_equal(r->proxy_envoy, "embedded");
	assert_string_equal(r->encryption, "IPsec");
	assert_string_equal(r->routing, "Network: Native Host: BPF");
	assert_int_equal(r->nodes_total, -1);
}

static void
test_json(void **state)
{
	struct sm_fx *f = *state;
	struct status_result r;

	assert_int_equal(parse(f, "cmd/cilium-dbg-status--o-json.md",
	    json_status, &r), 0);
	assert_int_equal(f->d.n, 0);
	assert_int_equal(r.line, 1);
	assert_string_equal(r.path, "cmd/cilium-dbg-status--o-json.md");
	check_json_status(&r);
}

static void
test_json_debuginfo_and_direct(void **state)
{
	struct sm_fx *f = *state;
	struct status_result r;
	json_error_t je;
	json_t *j;
	char *doc;
	size_t n = strlen(json_status);

	/* Inside a debuginfo document, after a markdown header. */
	doc = malloc(n + 128);
	assert_non_null(doc);
	snprintf(doc, n + 128, "# debuginfo\n{\"cilium-version\": \"1.15.6\",\n"
	    "\"cilium-status\": %s}\n", json_status);
	assert_int_equal(parse(f, "cmd/cilium-debuginfo-x.json", doc, &r), 0);
	free(doc);
	check_json_status(&r);
	assert_int_equal(r.line, 2);

	j = json_loads(json_status, 0, &je);
	assert_non_null(j);
	assert_int_equal(art_status_from_json(j, "dbg.json", 7, f->a, f->st,
	    &r), 0);
	json_decref(j);
	check_json_status(&r);
	assert_string_equal(r.path, "dbg.json");
	assert_int_equal(r.line, 7);
	assert_int_equal(art_status_from_json(NULL, "x", 1, f->a, f->st, &r),
	    -1);

	assert_int_equal(parse(f, "arr.json", "[1, 2]\n", &r), -1);
	sm_diag_find(&f->d, "not a StatusResponse");
	assert_int_equal(parse(f, "bad.json", "{\n  \"cilium\": {\n", &r), -1);
	assert_int_equal(sm_diag_find(&f->d, "cannot parse JSON")->line, 3);
}

/*
 * The `Name IP Node Endpoints` rows of releases that print the summary as
 * a word (testdata/bugtool-1.13 line 88): reachable, unreachable, unknown.
 */
static const char health_words[] =
    "Encryption:       Disabled        \n"
    "Cluster health:   2/3 reachable   (2023-06-01T10:00:00Z)\n"
    "  Name                 IP              Node          Endpoints\n"
    "  k8s1 (localhost)     192.168.56.11   reachable     reachable\n"
    "  k8s2                 192.168.56.12   unreachable   reachable\n"
    "  k8s3                 192.168.56.13   reachable     unknown\n"
    "  k8s4                 192.168.56.14   reachable     unreachable\n";

static void
test_cluster_health_words(void **state)
{
	struct sm_fx *f = *state;
	struct status_result r;

	assert_int_equal(parse(f, "cmd/cilium-status---verbose.md",
	    health_words, &r), 0);
	/* No "cannot parse cluster health row" any more. */
	assert_int_equal(f->d.n, 0);
	assert_int_equal(r.nodes_reachable, 2);
	assert_int_equal(r.nodes_total, 3);
	/* An unknown path is not probed yet, not a failure. */
	assert_int_equal(r.nunreachable, 2);
	assert_string_equal(r.unreachable[0].name, "k8s2");
	assert_string_equal(r.unreachable[0].ip, "192.168.56.12");
	assert_string_equal(r.unreachable[0].detail,
	    "host unreachable, endpoints reachable");
	assert_int_equal(r.unreachable[0].line, 5);
	assert_string_equal(r.unreachable[1].name, "k8s4");
	assert_string_equal(r.unreachable[1].detail,
	    "host reachable, endpoints unreachable");
}

/* The 1.13 bugtool of testdata: its one node row reads cleanly. */
static void
test_cluster_health_words_testdata(void **state)
{
	struct sm_fx *f = *state;
	struct status_result r;
	char *text = calloc(1, 1 << 16);
	FILE *fp = fopen("testdata/bugtool-1.13/cilium-bugtool-20211224-"
	    "072047.092+0000-UTC-123/cmd/cilium-status---verbose.md", "r");
	size_t i;

	assert_non_null(fp);
	assert_true(fread(text, 1, (1 << 16) - 1, fp) > 0);
	fclose(fp);
	assert_int_equal(parse(f, "cmd/cilium-status---verbose.md", text, &r),
	    0);
	for (i = 0; i < f->d.n; i++)
		assert_null(strstr(f->d.v[i].text, "cluster health row"));
	assert_int_equal(r.nodes_reachable, 1);
	assert_int_equal(r.nodes_total, 1);
	assert_int_equal(r.nunreachable, 0);
	free(text);
}

static void
test_state_names(void **state)
{
	(void)state;
	assert_int_equal(status_state_parse("Ok", 2), STATUS_STATE_OK);
	assert_int_equal(status_state_parse("OK", 2), STATUS_STATE_OK);
	assert_int_equal(status_state_parse("Warning", 7),
	    STATUS_STATE_WARNING);
	assert_int_equal(status_state_parse("Failure", 7),
	    STATUS_STATE_FAILURE);
	assert_int_equal(status_state_parse("Disabled", 8),
	    STATUS_STATE_DISABLED);
	assert_int_equal(status_state_parse("Okay", 4), STATUS_STATE_UNKNOWN);
	assert_int_equal(status_state_parse("Ok", 1), STATUS_STATE_UNKNOWN);
	assert_string_equal(status_state_name(STATUS_STATE_FAILURE),
	    "failure");
	assert_string_equal(status_state_name((enum status_state)42),
	    "unknown");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, sm_setup, sm_teardown)
		T(test_era_1_0),
		T(test_era_1_11),
		T(test_era_1_16_dbg),
		T(test_failing_agent),
		T(test_cluster_health_states),
		T(test_cluster_health_words),
		T(test_cluster_health_words_testdata),
		T(test_elided_kpr_details),
		T(test_version_lines),
		T(test_cli_status_refused),
		T(test_malformed_rows),
		T(test_no_status),
		T(test_json),
		T(test_json_debuginfo_and_direct),
		T(test_state_names),
#undef T
	};

	return cmocka_run_group_tests_name("art_status", tests, NULL, NULL);
}
