# ---- 2. Hubble flows: the policy drops become forwarded traffic ----------
def forward(fl):
    f = fl['flow']
    if f.get('verdict') != 'DROPPED':
        return fl
    et = f['event_type']
    n = {}
    for k, v in f.items():
        if k in ('drop_reason', 'drop_reason_desc'):
            continue
        if k == 'verdict':
            v = 'FORWARDED'
        if k == 'event_type':
            if et.get('type') == 5:
                n[k] = {'type': 5}
                continue
            if f['traffic_direction'] == 'INGRESS':
                n[k] = {'type': 4}
            else:
                n[k] = {'type': 4, 'sub_type': 4}
            continue
        if k == 'traffic_direction':
            n[k] = v
            if et.get('type') == 5:
                n['policy_match_type'] = 2
            elif v == 'INGRESS':
                n['trace_observation_point'] = 'TO_ENDPOINT'
                n['trace_reason'] = 'NEW'
            else:
                n['trace_observation_point'] = 'TO_OVERLAY'
                n['trace_reason'] = 'NEW'
            continue
        n[k] = v
    fl['flow'] = n
    return fl

for node in ('m4zqd', 'r9vtb', 'x7k2p'):
    p = f'{OUT}/hubble-flows-cilium-{node}-{TS}.json'
    lines = rd(p).splitlines()
    out = [json.dumps(forward(json.loads(l)), separators=(',', ':'), ensure_ascii=False) for l in lines]
    wr(p, '\n'.join(out) + '\n')

# ---- 3. the agent on kind-worker2 never restarted ------------------------
os.remove(f'{OUT}/logs-cilium-r9vtb-cilium-agent-{TS}-prev.log')
p = f'{OUT}/k8s-pods-{TS}.yaml'
s = rd(p)
s = sub1(s, '''      lastState:
        terminated:
          containerID: containerd://b92896f8f367f3339041394ffac8d2cb3e15be6446269f0965c6708c780b38e4
          exitCode: 1
          finishedAt: "2025-06-01T10:03:25Z"
          reason: Error
          startedAt: "2025-06-01T10:02:20Z"
      name: cilium-agent
      ready: true
      restartCount: 3
''', '''      lastState: {}
      name: cilium-agent
      ready: true
      restartCount: 0
''')
wr(p, s)
p = f'{OUT}/k8s-pods-{TS}.txt'
t = rd(p).splitlines()
rows = tw.split_by_header(t)
for r in rows:
    if r[4] == "3 (11m ago)":
        r[4] = "0"
wr(p, '\n'.join(tw.fmt(['\t'.join(r) for r in rows])) + '\n')

# condition times: no NotReady episode of kind-worker2 at 10:03:5x
import datetime
def plus(ts, sec):
    t = datetime.datetime.strptime(ts, '%Y-%m-%dT%H:%M:%SZ') + datetime.timedelta(seconds=sec)
    return t.strftime('%Y-%m-%dT%H:%M:%SZ')
p = f'{OUT}/k8s-pods-{TS}.yaml'
s = rd(p)
s = sub1(s, 'running:\n          startedAt: "2025-06-01T10:03:45Z"', 'running:\n          startedAt: "2025-06-01T08:02:37Z"')
s = sub1(s, 'lastTransitionTime: "2025-06-01T10:04:09Z"', 'lastTransitionTime: "2025-06-01T08:02:51Z"', 2)
blocks = re.split(r'(?m)^(?=- metadata:)', s)
ready = {}
for i, b in enumerate(blocks):
    if '"2025-06-01T10:03:53Z"' not in b:
        continue
    name = re.search(r'(?m)^    name: (\S+)$', b).group(1)
    started = re.search(r'running:\n\s+startedAt: "([^"]+)"', b).group(1)
    ready[name] = plus(started, 3)
    blocks[i] = b.replace('"2025-06-01T10:03:53Z"', '"%s"' % ready[name])
wr(p, ''.join(blocks))
p = f'{OUT}/k8s-nodes-{TS}.yaml'
wr(p, sub1(rd(p), 'lastTransitionTime: "2025-06-01T10:03:52Z"', 'lastTransitionTime: "2025-06-01T08:01:04Z"', 4))
p = f'{OUT}/k8s-endpoints-{TS}.yaml'
items = re.split(r'(?m)^(?=- )', rd(p))
svc_pod = {'kubernetes': None, 'hubble-peer': None, 'kube-dns': None, 'prometheus': 'prometheus-5d9b8c7f6-hx4tn',
           'backend': 'backend-5b6d7c8f9-zk2nd', 'db': 'db-6f7d8c9b5-kp5ns', 'frontend': 'frontend-7c9d8b5f6-p7rlm'}
for i, it in enumerate(items):
    m = re.search(r'(?m)^    name: (\S+)$', it)
    if not m or '"2025-06-01T10:03:53Z"' not in it:
        continue
    pod = svc_pod[m.group(1)]
    items[i] = it.replace('"2025-06-01T10:03:53Z"', '"%s"' % (ready[pod] if pod else '2025-06-01T08:02:51Z'))
wr(p, ''.join(items))

# events: drop the crash loop and the NotReady episode of kind-worker2
p = f'{OUT}/k8s-events-{TS}.yaml'
s = rd(p)
head, rest = s.split('items:\n', 1)
m = re.search(r'^kind: ', rest, re.M)
body, tail = rest[:m.start()], rest[m.start():]
items = re.split(r'(?m)^(?=- )', body)
keep = []
for it in items:
    if not it:
        continue
    reason = re.search(r'(?m)^  reason: (.*)$', it).group(1)
    obj = re.search(r'(?m)^    name: (.*)$', it).group(1)
    if obj == 'cilium-r9vtb' or reason in ('NodeNotReady', 'NodeReady'):
        continue
    keep.append(it)
wr(p, head + 'items:\n' + ''.join(keep) + tail)

# the collector log: no failed tasks
p = f'{OUT}/cilium-sysdump.log'
s = rd(p)
i = s.index('⚠️ The following tasks failed')
wr(p, s[:i])

# ---- 4. realized state on kind-worker and the control plane --------------
def table_fix(p, trail, edit, minwidth=5):
    t = rd(p).splitlines()
    rows = tw.split_by_header(t)
    rows = edit(rows)
    wr(p, '\n'.join(tw.fmt(['\t'.join(r) + ('\t' if trail else '') for r in rows], minwidth)) + '\n')

CIDRID = '16777217'
for bt in (BTW, BTC):
    # identity list: no CIDR identity (the ID continues on the next line for labels)
    def idl(rows):
        out, skip = [], False
        for r in rows:
            if r[0] == CIDRID:
                skip = True
                continue
            if skip and r[0] == '':
                continue
            skip = False
            out.append(r)
        return out
    table_fix(f'{bt}/cilium-dbg-identity-list.md', False, idl)
    table_fix(f'{bt}/cilium-dbg-bpf-ipcache-list.md', True,
              lambda rows: [r for r in rows if r[0] != '10.244.0.0/16'])
    p = f'{bt}/cilium-dbg-ip-list--n--o-json.md'
    d = [e for e in json.loads(rd(p)) if e['cidr'] != '10.244.0.0/16']
    wr(p, gojson(d) + '\n')
    p = f'{bt}/cilium-dbg-metrics-list.md'
    s = ''.join(l for l in rd(p).splitlines(True) if not l.startswith('cilium_drop_'))
    s = re.sub(r'(cilium_identity +type=cluster_local +)1\.000000', r'\g<1>0.000000', s)
    wr(p, s)

# kind-worker: selectors, BPF policy maps and the debuginfo's endpoint policy
SEL_DNS = '&LabelSelector{MatchLabels:map[string]string{any.k8s-app: kube-dns,k8s.io.kubernetes.pod.namespace: kube-system,},MatchExpressions:[]LabelSelectorRequirement{},}'
SEL_FE_BAD = '&LabelSelector{MatchLabels:map[string]string{any.app: frontnd,k8s.io.kubernetes.pod.namespace: shop,},MatchExpressions:[]LabelSelectorRequirement{},}'
SEL_FE = SEL_FE_BAD.replace('frontnd', 'frontend')
FE_EGRESS_LABELS = ['k8s:io.cilium.k8s.policy.derived-from=CiliumNetworkPolicy',
                    'k8s:io.cilium.k8s.policy.name=frontend-egress',
                    'k8s:io.cilium.k8s.policy.namespace=shop',
                    'k8s:io.cilium.k8s.policy.uid=3d7cacb7-29d9-4c18-ba7f-a58ee296da7f']

def sel_labels(strs):
    return [[{'key': x.split('=')[0][4:], 'source': 'k8s', 'value': x.split('=', 1)[1]} for x in strs]]

p = f'{BTW}/cilium-dbg-policy-selectors--o-json.md'
sels = json.loads(rd(p))
for e in sels:
    if e['selector'] == SEL_FE_BAD:
        e['selector'] = SEL_FE
        e2 = {'identities': [21093]}
        e2.update(e)
        e.clear(); e.update(e2)
sels.insert(1, {'identities': [31842], 'labels': sel_labels(FE_EGRESS_LABELS), 'selector': SEL_DNS, 'users': 1})
wr(p, gojson(sels) + '\n')

def l4rule(port, proto, sel, labels):
    r = json.dumps({'port': port, 'protocol': proto, 'l7-rules': [{sel: None}]}, separators=(',', ':'))
    return {'derived-from-rules': [labels], 'rule': r.replace('&', '\\u0026'), 'rules-by-selector': {sel: [labels]}}

p = debuginfo(BTW)
s = rd(p).replace('frontnd', 'frontend')
d = json.loads(s)
for ep in d['endpoint-list']:
    if ep['id'] == 842:
        for k in ('realized', 'spec'):
            pol = ep['status']['policy'][k]
            eg = pol['l4']['egress']
            eg.insert(0, l4rule(53, 'UDP', SEL_DNS, FE_EGRESS_LABELS))
            eg.insert(0, l4rule(53, 'TCP', SEL_DNS, FE_EGRESS_LABELS))
            for r in pol['l4']['ingress']:
                r['rule'] = sub1(r['rule'], '"port":80,', '"port":8080,')
wr(p, gojson(d) + '\n')

def bpf_policy(entries):
    """entries: {epid: [(dir, id, port, bytes, pkts, prefix)]} -> file text."""
    out = []
    for ep in sorted(entries):
        out.append(f'Endpoint ID: {ep}')
        out.append(f'Path: /sys/fs/bpf/tc/globals/cilium_policy_{ep:05d}')
        out.append('')
        rows = ['POLICY\tDIRECTION\tIDENTITY\tPORT/PROTO\tPROXY PORT\tAUTH TYPE\tBYTES\tPACKETS\tPREFIX\t']
        for e in entries[ep]:
            rows.append('Allow\t%s\t%s\t%s\tNONE\tdisabled\t%s\t%s\t%s\t' % e)
        out += tw.fmt(rows)
        out += ['', '']
    return '\n'.join(out) + '\n'

def bpf_parse(p):
    entries, ep = {}, None
    for l in rd(p).splitlines():
        m = re.match(r'Endpoint ID: (\d+)', l)
        if m:
            ep = int(m.group(1)); entries[ep] = []
        elif l.startswith('Allow'):
            c = l.split()
            entries[ep].append((c[1], c[2], c[3], c[6], c[7], c[8]))
    return entries

p = f'{BTW}/cilium-dbg-bpf-policy-get---all---numeric.md'
bp = bpf_parse(p)
assert bpf_policy(bp) == rd(p), 'bpf policy round trip'
bp[842] = [('Ingress', '1', 'ANY', '218306', '3566', '0'),
           ('Ingress', '44601', '8080/TCP', '4752', '72', '24'),
           ('Egress', '31842', '53/TCP', '0', '0', '24'),
           ('Egress', '31842', '53/UDP', '41382', '567', '24'),
           ('Egress', '50541', '8080/TCP', '19440', '324', '24')]
bp[1931] = [('Ingress', '1', 'ANY', '67688', '1802', '0'),
            ('Ingress', '21093', '8080/TCP', '36720', '612', '24'),
            ('Egress', '0', 'ANY', '868746', '7345', '0')]
wr(p, bpf_policy(bp))

exec(open(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'mk3.py')).read())
