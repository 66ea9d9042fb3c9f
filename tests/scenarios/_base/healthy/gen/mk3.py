# ---- 5. a bugtool for kind-worker2 (cilium-r9vtb) ------------------------
import hashlib, copy
os.makedirs(BT2, exist_ok=True)
def cp(name, fn=None):
    s = rd(f'{BTW}/{name}')
    if fn:
        s = fn(s)
    wr(f'{BT2}/{name}', s)

# endpoints: worker endpoint -> worker2 endpoint used as template
EPMAP = {126: 988, 3652: 204, 842: 577, 1931: 2719, 2408: 1460, 3377: 3095}
PODMAP = [('kube-system/hubble-relay-5f9c6b8d7-vjx4n', 'shop/db-6f7d8c9b5-kp5ns'),
          ('tools/curl-6d5b9f7c48-mzx7q', 'monitoring/prometheus-5d9b8c7f6-hx4tn'),
          ('shop/frontend-7c9d8b5f6-4hj2k', 'shop/frontend-7c9d8b5f6-p7rlm'),
          ('shop/backend-5b6d7c8f9-tx8vw', 'shop/backend-5b6d7c8f9-zk2nd')]
IPMAP = [('10.244.1.12', '10.244.2.207'), ('10.244.1.152', '10.244.2.94'), ('10.244.1.23', '10.244.2.61'),
         ('10.244.1.240', '10.244.2.5'), ('10.244.1.56', '10.244.2.19'), ('10.244.1.87', '10.244.2.138')]
# id, iface, ifindex, mac, host-mac, container id prefix (agent log), pod
EP2 = {
    988: ('lxc_health', 7, 'f2:db:75:64:80:5b', 'f2:b4:78:d9:2e:96', None, None),
    577: ('lxc9e2d4b7a1c06', 8, '96:a3:39:fb:fa:27', '2a:47:c2:8e:51:4a', '5e2de1c429', 'shop/frontend-7c9d8b5f6-p7rlm'),
    2719: ('lxc3b8f0d6e5a21', 10, 'd2:6a:36:4e:0c:25', '52:c7:89:9f:b0:80', 'f3faf53099', 'shop/backend-5b6d7c8f9-zk2nd'),
    1460: ('lxcd47a19c2e8b3', 12, 'a6:17:41:44:a3:82', 'fe:93:3e:8a:d4:ba', '1aeefcfbaa', 'shop/db-6f7d8c9b5-kp5ns'),
    3095: ('lxc60c5e3f9b7d4', 14, 'ea:db:dd:2f:01:e0', '26:6b:5d:ed:7d:af', 'f3018839b8', 'monitoring/prometheus-5d9b8c7f6-hx4tn'),
    204: ('cilium_host', 15, '02:42:ac:12:00:04', '02:42:ac:12:00:04', None, None),
}
def cid(prefix, pod):
    return prefix + hashlib.sha256(pod.encode()).hexdigest()[:54]

def ep_sub(s):
    """Rename worker endpoint ids, pods and IPs to their worker2 counterparts."""
    for a, b in PODMAP:
        s = s.replace(a, b)
        s = s.replace(a.split('/')[1], b.split('/')[1])
    for a, b in IPMAP:
        s = re.sub(re.escape(a) + r'(?![0-9])', b, s)
    for a, b in EPMAP.items():
        s = re.sub(r'(?<![0-9])%d(?![0-9])' % a, '@%d@' % b, s)
    return re.sub(r'@(\d+)@', r'\1', s)

LBL = {  # identity labels
    21093: ('frontend', 'shop', ['k8s:app=frontend'], ['k8s:tier=web']),
    50541: ('backend', 'shop', ['k8s:app=backend'], ['k8s:tier=api']),
    13370: ('db', 'shop', ['k8s:app=db'], ['k8s:tier=data']),
    7712: ('prometheus', 'monitoring', ['k8s:app.kubernetes.io/name=prometheus'], []),
}
def id_labels(i):
    sa, ns, pre, post = LBL[i]
    return pre + [f'k8s:io.cilium.k8s.namespace.labels.kubernetes.io/metadata.name={ns}',
                  'k8s:io.cilium.k8s.policy.cluster=kind-kind',
                  f'k8s:io.cilium.k8s.policy.serviceaccount={sa}',
                  f'k8s:io.kubernetes.pod.namespace={ns}'] + post

# -- endpoint list (text)
ENF = {204: ('Disabled', 'Disabled'), 577: ('Enabled', 'Enabled'), 988: ('Disabled', 'Disabled'),
       1460: ('Enabled', 'Disabled'), 2719: ('Enabled', 'Disabled'), 3095: ('Disabled', 'Enabled')}
EPID = {204: (1, ['reserved:host'], ''), 988: (4, ['reserved:health'], '10.244.2.207'),
        577: (21093, None, '10.244.2.61'), 2719: (50541, None, '10.244.2.138'),
        1460: (13370, None, '10.244.2.19'), 3095: (7712, None, '10.244.2.94')}
rows = ['ENDPOINT\tPOLICY (ingress)\tPOLICY (egress)\tIDENTITY\tLABELS (source:key[=value])\tIPv6\tIPv4\tSTATUS\t',
        '\tENFORCEMENT\tENFORCEMENT\t\t\t\t\t\t']
for ep in sorted(EPID):
    ident, labels, ip = EPID[ep]
    labels = labels or id_labels(ident)
    rows.append(f'{ep}\t{ENF[ep][0]}\t{ENF[ep][1]}\t{ident}\t{labels[0]}\t\t{ip}\tready\t')
    for l in labels[1:]:
        rows.append(f'\t\t\t\t{l}\t\t\t\t')
got = tw.fmt(rows)
# check the emulation against kind-worker's file layout
wr(f'{BT2}/cilium-dbg-endpoint-list.md', '\n'.join(got) + '\n')

# -- cluster-wide views, the same on every agent
cp('cilium-dbg-identity-list.md')
cp('cilium-dbg-policy-get.md')
cp('cilium-dbg-config--a.md')
cp('uname--a.md', lambda s: sub1(s, 'Linux kind-worker ', 'Linux kind-worker2 '))
cp('cilium-dbg-bpf-lb-list.md', lambda s: sub1(s, '172.18.0.3:4244 (2) (1)', '172.18.0.4:4244 (2) (1)'))
def hubble_peer_local(svcs):
    for sv in svcs:
        for part in (sv['spec'], sv['status']['realized']):
            if part['flags'].get('name') == 'hubble-peer':
                for b in part['backend-addresses']:
                    assert b['ip'] == '172.18.0.3'
                    b['ip'], b['nodeName'] = '172.18.0.4', 'kind-worker2'
    return svcs
cp('cilium-dbg-service-list--o-json.md', lambda s: gojson(hubble_peer_local(json.loads(s))) + '\n')
def health2(h):
    h['local']['name'] = 'kind-kind/kind-worker2'
    h['timestamp'] = '2025-06-01T10:14:49Z'
    return h
cp('cilium-health-status--o-json.md', lambda s: gojson(health2(json.loads(s))) + '\n')

# -- ipcache and ip list from worker2's point of view
LOCAL2 = {'10.244.2.61', '10.244.2.138', '10.244.2.19', '10.244.2.94', '10.244.2.207', '10.244.2.5'}
def ipc_rows(rows):
    out = [rows[0]]
    for r in rows[1:]:
        pfx, val = r[0], r[1]
        ip = pfx.split('/')[0]
        m = re.match(r'identity=(\d+) encryptkey=0 tunnelendpoint=(\S+) flags=<none>', val)
        ident, tun = m.group(1), m.group(2)
        if pfx == '10.244.2.0/24':
            pfx, tun = '10.244.1.0/24', '172.18.0.3'
        elif ip in LOCAL2:
            tun = '0.0.0.0'
        elif ip.startswith('10.244.1.'):
            tun = '172.18.0.3'
        if ip == '10.244.1.240': ident = '6'
        if ip == '10.244.2.5': ident = '1'
        if ip == '172.18.0.3': ident = '6'
        if ip == '172.18.0.4': ident = '1'
        out.append([pfx, f'identity={ident} encryptkey=0 tunnelendpoint={tun} flags=<none>'])
    def key(r):
        return r[0]
    return [out[0]] + sorted(out[1:], key=key)
t = rd(f'{BTW}/cilium-dbg-bpf-ipcache-list.md').splitlines()
rows = ipc_rows(tw.split_by_header(t))
wr(f'{BT2}/cilium-dbg-bpf-ipcache-list.md', '\n'.join(tw.fmt(['\t'.join(r) + '\t' for r in rows])) + '\n')

ipl = json.loads(rd(f'{BTW}/cilium-dbg-ip-list--n--o-json.md'))
out = []
for e in ipl:
    e = copy.deepcopy(e)
    c = e['cidr']; ip = c.split('/')[0]
    if c == '10.244.2.0/24':
        e['cidr'] = '10.244.1.0/24'
    elif ip in ('10.244.2.207', '10.244.2.5', '172.18.0.4'):
        e['identity'] = 1 if ip != '10.244.2.207' else 4
        e['metadata'] = {'source': 'local'}
    elif ip == '10.244.1.12':
        e['metadata'] = {'source': 'custom-resource'}
    elif ip == '10.244.1.240':
        e['identity'] = 6; e['metadata'] = {'source': 'custom-resource'}
    elif ip == '172.18.0.3':
        e['identity'] = 6; e['metadata'] = {'source': 'custom-resource'}
    if ip in LOCAL2:
        e.pop('hostIP', None)
    elif ip.startswith('10.244.1.') and 'name' in e['metadata']:
        e2 = {'cidr': e['cidr'], 'hostIP': '172.18.0.3'}
        e2.update({k: v for k, v in e.items() if k != 'cidr'})
        e = e2
    out.append(e)
def ipkey(e):
    a, n = e['cidr'].split('/')
    return (tuple(int(x) for x in a.split('.')), int(n))
out.sort(key=ipkey)
wr(f'{BT2}/cilium-dbg-ip-list--n--o-json.md', gojson(out) + '\n')

# -- BPF policy maps
PROM_SEL_HOST = '&LabelSelector{MatchLabels:map[string]string{reserved.host: ,},MatchExpressions:[]LabelSelectorRequirement{},}'
PROM_SEL_RN = '&LabelSelector{MatchLabels:map[string]string{reserved.remote-node: ,},MatchExpressions:[]LabelSelectorRequirement{},}'
bp2 = {
    204: [('Ingress', '0', 'ANY', '402318', '5496', '0'), ('Egress', '0', 'ANY', '871145', '6581', '0')],
    577: [('Ingress', '1', 'ANY', '209874', '3431', '0'),
          ('Ingress', '44601', '8080/TCP', '5016', '76', '24'),
          ('Egress', '31842', '53/TCP', '0', '0', '24'),
          ('Egress', '31842', '53/UDP', '40118', '551', '24'),
          ('Egress', '50541', '8080/TCP', '18960', '316', '24')],
    988: [('Ingress', '0', 'ANY', '758221', '3927', '0'), ('Ingress', '1', 'ANY', '178842', '1426', '0'),
          ('Egress', '0', 'ANY', '809305', '2797', '0')],
    1460: [('Ingress', '1', 'ANY', '64812', '1733', '0'),
           ('Ingress', '50541', '5432/TCP', '52416', '728', '24'),
           ('Egress', '0', 'ANY', '71934', '903', '0')],
    2719: [('Ingress', '1', 'ANY', '66954', '1781', '0'),
           ('Ingress', '21093', '8080/TCP', '35880', '598', '24'),
           ('Egress', '0', 'ANY', '853310', '7212', '0')],
    3095: [('Ingress', '0', 'ANY', '0', '0', '0'), ('Ingress', '1', 'ANY', '70512', '1802', '0'),
           ('Egress', '1', '9962/TCP', '612873', '1711', '24'), ('Egress', '1', '9965/TCP', '0', '0', '24'),
           ('Egress', '6', '9962/TCP', '1225746', '3422', '24'), ('Egress', '6', '9965/TCP', '0', '0', '24'),
           ('Egress', '7', '9962/TCP', '612873', '1711', '24'), ('Egress', '7', '9965/TCP', '0', '0', '24'),
           ('Egress', '31842', '53/TCP', '0', '0', '24'), ('Egress', '31842', '53/UDP', '38214', '498', '24'),
           ('Egress', '31842', '9153/TCP', '1876420', '5231', '24')],
}
wr(f'{BT2}/cilium-dbg-bpf-policy-get---all---numeric.md', bpf_policy(bp2))

# -- selectors (shared selectors list every policy that uses them)
def pl(name, ns, uid):
    return ['k8s:io.cilium.k8s.policy.derived-from=CiliumNetworkPolicy', f'k8s:io.cilium.k8s.policy.name={name}',
            f'k8s:io.cilium.k8s.policy.namespace={ns}', f'k8s:io.cilium.k8s.policy.uid={uid}']
L_FEG = FE_EGRESS_LABELS
L_FIN = pl('frontend-ingress', 'shop', '92294e4e-5b3b-4c29-ab3d-470d3265e175')
L_BIN = pl('backend-ingress', 'shop', 'ced2bd9f-1055-4344-9296-a071ad7f6eea')
L_DIN = pl('db-ingress', 'shop', '8b2477b0-83a1-462a-8582-039248bc6b51')
L_PEG = pl('prometheus-egress', 'monitoring', '9386ba17-44be-4960-9430-c4bcc5acbcfb')
SEL_BE = SEL_FE.replace('frontend', 'backend')
SEL_CURL = '&LabelSelector{MatchLabels:map[string]string{any.app: curl,k8s.io.kubernetes.pod.namespace: tools,},MatchExpressions:[]LabelSelectorRequirement{},}'
sels2 = [
    {'identities': [50541], 'labels': sel_labels(L_FEG) + sel_labels(L_DIN), 'selector': SEL_BE, 'users': 2},
    {'identities': [31842], 'labels': sel_labels(L_FEG) + sel_labels(L_PEG), 'selector': SEL_DNS, 'users': 2},
    {'identities': [44601], 'labels': sel_labels(L_FIN), 'selector': SEL_CURL, 'users': 1},
    {'identities': [21093], 'labels': sel_labels(L_BIN), 'selector': SEL_FE, 'users': 1},
    {'identities': [1], 'labels': sel_labels(L_PEG), 'selector': PROM_SEL_HOST, 'users': 1},
    {'identities': [6, 7], 'labels': sel_labels(L_PEG), 'selector': PROM_SEL_RN, 'users': 1},
]
wr(f'{BT2}/cilium-dbg-policy-selectors--o-json.md', gojson(sels2) + '\n')

# -- bpftool net show
NET = ['xdp:', '', 'tc:',
       'cilium_net(3) tcx/ingress cil_to_host prog_id 1197 link_id 4 ',
       'cilium_host(4) tcx/ingress cil_to_host prog_id 1200 link_id 5 ',
       'cilium_host(4) tcx/egress cil_from_host prog_id 1203 link_id 6 ',
       'cilium_vxlan(5) tcx/ingress cil_from_overlay prog_id 1206 link_id 7 ',
       'cilium_vxlan(5) tcx/egress cil_to_overlay prog_id 1209 link_id 8 ']
pid, lid = 1212, 9
for ep in (988, 577, 2719, 1460, 3095):
    NET.append(f'{EP2[ep][0]}({EP2[ep][1]}) tcx/ingress cil_from_container prog_id {pid} link_id {lid} ')
    pid += 3; lid += 1
NET += [f'eth0(15) tcx/ingress cil_from_netdev prog_id {pid} link_id {lid} ',
        f'eth0(15) tcx/egress cil_to_netdev prog_id {pid + 3} link_id {lid + 1} ', '', 'flow_dissector:', '', 'netfilter:', '']
wr(f'{BT2}/bpftool-net-show.md', '\n'.join(NET) + '\n')

# -- metrics
def met(s):
    for a, b in EPMAP.items():
        s = s.replace('cilium_policy_%05d ' % a, 'cilium_policy_%05d ' % b)
    s = re.sub(r'(cilium_policy_endpoint_enforcement_status +enforcement=both +)\S+', r'\g<1>1.000000', s)
    s = re.sub(r'(cilium_policy_endpoint_enforcement_status +enforcement=egress +)\S+', r'\g<1>1.000000', s)
    s = re.sub(r'(cilium_policy_endpoint_enforcement_status +enforcement=ingress +)\S+', r'\g<1>2.000000', s)
    s = re.sub(r'(cilium_policy_endpoint_enforcement_status +enforcement=none +)\S+', r'\g<1>2.000000', s)
    lines = s.splitlines(True)
    head, pm, rest = [], [], []
    for l in lines:
        (pm if l.startswith('cilium_bpf_map_pressure') and 'cilium_policy_' in l else head if not pm else rest).append(l)
    pm.sort(key=lambda l: re.search(r'cilium_policy_(\d+)', l).group(1))
    return ''.join(head + pm + rest)
cp('cilium-dbg-metrics-list.md', met)

# -- agent status (text)
def ctl_block(lines):
    rows = []
    for l in lines:
        c = re.split(r' {2,}', l.strip())
        rows.append(c)
    hdr, body = rows[0], rows[1:]
    for r in body:
        r[0] = ep_sub(r[0])
    body.sort(key=lambda r: r[0])
    out = ['  ' + '\t'.join(hdr)] + ['  ' + '\t'.join(r) + '\t' for r in body]
    return tw.fmt(out)
st = rd(f'{BTW}/cilium-dbg-status---verbose.md').splitlines()
i0 = st.index([l for l in st if l.startswith('Controller Status:')][0]) + 1
i1 = i0 + 1
while st[i1].startswith('  '):
    i1 += 1
assert ctl_block(st[i0:i1]) != st[i0:i1] or True
s2 = st[:i0] + ctl_block(st[i0:i1]) + st[i1:]
txt = '\n'.join(s2) + '\n'
txt = txt.replace('172.18.0.3 fc00:f853:ccd:e793::3 fe80::42:acff:fe12:3', '172.18.0.4 fc00:f853:ccd:e793::4 fe80::42:acff:fe12:4')
txt = sub1(txt, 'allocated from 10.244.1.0/24, ', 'allocated from 10.244.2.0/24, ')
alloc = ['  10.244.2.138 (shop/backend-5b6d7c8f9-zk2nd)', '  10.244.2.19 (shop/db-6f7d8c9b5-kp5ns)',
         '  10.244.2.207 (health)', '  10.244.2.5 (router)', '  10.244.2.61 (shop/frontend-7c9d8b5f6-p7rlm)',
         '  10.244.2.94 (monitoring/prometheus-5d9b8c7f6-hx4tn)']
txt = re.sub(r'(Allocated addresses:\n)(  10\.244\.1\.[^\n]*\n)+', lambda m: m.group(1) + '\n'.join(alloc) + '\n', txt)
txt = sub1(txt, 'OK, ip 10.244.1.240,', 'OK, ip 10.244.2.5,')
# cluster health: the local node first
m = re.search(r'(Cluster health:[^\n]*\n)((?:  [^\n]*\n)+)', txt)
blocks = re.split(r'(?m)^(?=  kind-kind/)', m.group(2))
blocks = [b for b in blocks if b]
byname = {re.match(r'  kind-kind/([a-z0-9-]+)', b).group(1): b for b in blocks}
w = byname['kind-worker'].replace(' (localhost):', ':')
w2 = byname['kind-worker2'].replace('kind-kind/kind-worker2:', 'kind-kind/kind-worker2 (localhost):')
txt = txt.replace(m.group(2), w2 + byname['kind-control-plane'] + w)
txt = sub1(txt, '(2025-06-01T10:14:51Z)', '(2025-06-01T10:14:49Z)')
txt = txt.replace('\nCluster health:   3/3', '\nCluster health:   3/3')
wr(f'{BT2}/cilium-dbg-status---verbose.md', txt)

# -- debuginfo
d = json.loads(rd(debuginfo(BTW)))
cs = d['cilium-status']
cs['cluster']['self'] = 'kind-kind/kind-worker2'
for n in cs['cluster']['nodes']:
    n['source'] = 'local' if n['name'] == 'kind-kind/kind-worker2' else 'custom-resource'
for c in cs['controllers']:
    c['name'] = ep_sub(c['name'])
cs['controllers'].sort(key=lambda c: c['name'])
alloc = {ep_sub(k): ep_sub(v) for k, v in cs['ipam']['allocations'].items()}
cs['ipam']['allocations'] = alloc
cs['ipam']['ipv4'] = [ep_sub(x) for x in cs['ipam']['ipv4']]
cs['ipam']['status'] = cs['ipam']['status'].replace('10.244.1.0/24', '10.244.2.0/24')
cs['kube-proxy-replacement']['deviceList'][0]['ip'] = ['172.18.0.4', 'fc00:f853:ccd:e793::4', 'fe80::42:acff:fe12:4']
cs['proxy']['ip'] = '10.244.2.5'
d['environment-variables'] = [x.replace('=kind-worker', '=kind-worker2') if x.startswith(('HOSTNAME=', 'K8S_NODE_NAME=')) else x
                              for x in d['environment-variables']]
d['service-list'] = hubble_peer_local(d['service-list'])
tmpl = {e['id']: e for e in d['endpoint-list']}
POD_EP = {577: ('frontend', 21093, '7c9d8b5f6', [{'name': 'http', 'port': 8080, 'protocol': 'TCP'}]),
          2719: ('backend', 50541, '5b6d7c8f9', [{'name': 'http', 'port': 8080, 'protocol': 'TCP'}]),
          1460: ('db', 13370, '6f7d8c9b5', [{'name': 'postgres', 'port': 5432, 'protocol': 'TCP'}]),
          3095: ('prometheus', 7712, '5d9b8c7f6', [{'name': 'web', 'port': 9090, 'protocol': 'TCP'}])}
def pol(ident, enabled, ing, eg, allow_in, allow_eg):
    p = {'allowed-egress-identities': allow_eg, 'allowed-ingress-identities': allow_in, 'build': 8,
         'denied-egress-identities': None, 'denied-ingress-identities': None, 'id': ident,
         'l4': {'egress': eg, 'ingress': ing}, 'policy-enabled': enabled, 'policy-revision': 8}
    return {'proxy-policy-revision': 8, 'proxy-statistics': [], 'realized': p, 'spec': copy.deepcopy(p)}
def l4multi(port, proto, sels, labels):
    r = json.dumps({'port': port, 'protocol': proto, 'l7-rules': [{x: None} for x in sels]}, separators=(',', ':'))
    return {'derived-from-rules': [labels], 'rule': r.replace('&', '\\u0026'), 'rules-by-selector': {x: [labels] for x in sels}}
eps = []
for wid, nid in sorted(EPMAP.items(), key=lambda kv: kv[1]):
    e = json.loads(ep_sub(json.dumps(tmpl[wid])))
    iface, idx, mac, hmac, cpre, pod = EP2[nid]
    net = e['status']['networking']
    net['interface-name'], net['interface-index'], net['mac'], net['host-mac'] = iface, idx, mac, hmac
    if nid in POD_EP:
        name, ident, hsh, ports = POD_EP[nid]
        ns, pn = pod.split('/')
        c = cid(cpre, pod)
        e['status']['external-identifiers'] = {'cni-attachment-id': c + ':eth0', 'container-id': c,
                                               'k8s-namespace': ns, 'k8s-pod-name': pn, 'pod-name': pod}
        e['status']['identity'] = {'id': ident, 'labels': id_labels(ident)}
        e['status']['labels']['derived'] = [f'k8s:pod-template-hash={hsh}']
        e['status']['labels']['security-relevant'] = id_labels(ident)
        e['status']['namedPorts'] = ports
    if nid == 1460:
        e['status']['policy'] = pol(13370, 'ingress', [l4rule(5432, 'TCP', SEL_BE, L_DIN)], [], [1], [0])
        e['status']['log'][0]['message'] = 'Successfully regenerated endpoint program (Reason: policy rules added)'
        e['status']['log'][0]['timestamp'] = '2025-06-01T09:43:56Z'
    if nid == 3095:
        eg = [l4rule(53, 'TCP', SEL_DNS, L_PEG), l4rule(53, 'UDP', SEL_DNS, L_PEG), l4rule(9153, 'TCP', SEL_DNS, L_PEG),
              l4multi(9962, 'TCP', [PROM_SEL_HOST, PROM_SEL_RN], L_PEG), l4multi(9965, 'TCP', [PROM_SEL_HOST, PROM_SEL_RN], L_PEG)]
        e['status']['policy'] = pol(7712, 'egress', [], eg, [0, 1], [])
        e['status']['log'][0]['timestamp'] = '2025-06-01T08:25:11Z'
    eps.append(e)
d['endpoint-list'] = eps
wr(f'{BT2}/cilium-debuginfo-20250601-101506.243+0000-UTC.json', gojson(d) + '\n')
