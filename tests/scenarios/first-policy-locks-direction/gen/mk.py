#!/usr/bin/env python3
# mk.py: derive the tree/ of first-policy-locks-direction and of
# first-policy-locks-direction-dns-elsewhere from the healthy base and
# testdata's demo (where shop/frontend-egress lacks its DNS rule: problem 2).
# Run from the repository root; it rewrites both tree/ directories.
#
# first-policy-locks-direction/tree:
#   - ciliumnetworkpolicies: shop/frontend-egress as in the demo (backend
#     8080/TCP only); the other policies as in the healthy base;
#   - every agent's `cilium-dbg policy get`: frontend-egress without the
#     kube-dns element;
#   - BPF policy maps: endpoints 842 (kind-worker) and 577 (kind-worker2)
#     lose their Allow Egress 31842 53/UDP and 53/TCP entries;
#   - Hubble flows: the frontends' DNS queries to CoreDNS are the demo's
#     drops again (same lines, same uuids: the healthy base only turned
#     them into forwards).
# first-policy-locks-direction-dns-elsewhere/tree:
#   - the same frontend-egress, plus a CNP shop/allow-dns that lets every
#     pod of shop reach kube-dns on 53; flows and maps stay healthy.
import json, os, re, shutil

ROOT = 'cilium-sysdump-20250601-101500'
TS = '20250601-101500'
H = 'tests/scenarios/_base/healthy/tree'
D = 'testdata/sysdump/' + ROOT
POS = 'tests/scenarios/first-policy-locks-direction/tree'
NEG = 'tests/scenarios/first-policy-locks-direction-dns-elsewhere/tree'
AGENTS = {'m4zqd': '842', 'r9vtb': '577', 'x7k2p': None}


def base(rel):
    p = os.path.join(H, rel)
    return p if os.path.exists(p) else os.path.join(D, rel)


def read(p):
    with open(p) as f:
        return f.read()


def write(root, rel, text):
    p = os.path.join(root, rel)
    os.makedirs(os.path.dirname(p), exist_ok=True)
    with open(p, 'w') as f:
        f.write(text)


def items(text):
    """Split a typed list into (head, [item], tail) by '- metadata:' lines."""
    lines = text.splitlines(keepends=True)
    starts = [i for i, l in enumerate(lines) if l.startswith('- metadata:')]
    end = next(i for i, l in enumerate(lines) if l.startswith('kind: '))
    bounds = starts + [end]
    its = [''.join(lines[bounds[k]:bounds[k + 1]]) for k in range(len(starts))]
    return ''.join(lines[:starts[0]]), its, ''.join(lines[end:])


def named(its, name):
    return next(i for i, it in enumerate(its)
                if re.search(r'^    name: %s$' % name, it, re.M))


cnp = 'ciliumnetworkpolicies-%s.yaml' % TS
head, its, tail = items(read(base(cnp)))
_, demo_its, _ = items(read(os.path.join(D, cnp)))
its[named(its, 'frontend-egress')] = demo_its[named(demo_its,
                                                    'frontend-egress')]
pos_cnp = head + ''.join(its) + tail
allow_dns = '''- metadata:
    creationTimestamp: "2025-06-01T09:45:02Z"
    generation: 1
    name: allow-dns
    namespace: shop
    resourceVersion: "14790"
    uid: 5b1e7c2a-8d4f-4e61-9a3b-2c7d1f0e6a95
  spec:
    description: Every pod of shop may resolve names.
    egress:
    - toEndpoints:
      - matchLabels:
          k8s-app: kube-dns
          k8s:io.kubernetes.pod.namespace: kube-system
      toPorts:
      - ports:
        - port: "53"
          protocol: ANY
    endpointSelector: {}
  status:
    conditions:
    - lastTransitionTime: "2025-06-01T09:45:02Z"
      message: Policy validation succeeded
      status: "True"
      type: Valid
'''
neg_cnp = head + ''.join(its) + allow_dns + tail

for d in (POS, NEG):
    shutil.rmtree(d, ignore_errors=True)
write(POS, cnp, pos_cnp)
write(NEG, cnp, neg_cnp)

for agent, ep in AGENTS.items():
    cmd = 'cilium-bugtool-cilium-%s-%s/cmd/' % (agent, TS)
    # The agent's repository: frontend-egress without the kube-dns rule.
    rel = cmd + 'cilium-dbg-policy-get.md'
    text = read(base(rel))
    end = text.rindex(']') + 1
    rules = json.loads(text[:end])
    for r in rules:
        lab = {l['key']: l['value'] for l in r.get('labels', [])}
        if lab.get('io.cilium.k8s.policy.name') == 'frontend-egress':
            r['egress'] = [e for e in r['egress'] if 'kube-dns' not in
                           json.dumps(e)]
    write(POS, rel, json.dumps(rules, indent=2, ensure_ascii=False) +
          text[end:])
    if ep is None:
        continue
    # The frontend's map: no DNS entries.
    rel = cmd + 'cilium-dbg-bpf-policy-get---all---numeric.md'
    out, cur = [], None
    for l in read(base(rel)).splitlines(keepends=True):
        m = re.match(r'Endpoint ID: (\d+)$', l.rstrip('\n'))
        if m:
            cur = m.group(1)
        if cur == ep and re.match(r'Allow +Egress +31842 +53/', l):
            continue
        out.append(l)
    write(POS, rel, ''.join(out))
    # The flows: the demo's DNS drops at the same lines.
    rel = 'hubble-flows-cilium-%s-%s.json' % (agent, TS)
    hl = read(base(rel)).splitlines(keepends=True)
    dl = read(os.path.join(D, rel)).splitlines(keepends=True)
    n = 0
    for i, l in enumerate(dl):
        f = json.loads(l).get('flow', {})
        if (f.get('verdict') == 'DROPPED' and
                f.get('source', {}).get('identity') == 21093 and
                f.get('l4', {}).get('UDP', {}).get('destination_port') == 53):
            assert json.loads(hl[i])['flow']['uuid'] == f['uuid']
            hl[i] = l
            n += 1
    assert n >= 15, (rel, n)  # drop events, plus policy verdicts
    write(POS, rel, ''.join(hl))
