#!/usr/bin/env python3
"""Build the healthy base sysdump tree from the demo into OUT (argv[1]).

Usage: python3 mk.py /tmp/hb/cilium-sysdump-20250601-101500 && python3 export.py /tmp/hb/cilium-sysdump-20250601-101500
mk.py runs mk2.py and mk3.py; export.py writes ../tree and the remove lines of ../spec.
"""
import json, os, re, shutil, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tw

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), '../../../../..'))
DEMO = os.path.join(ROOT, 'testdata/sysdump/cilium-sysdump-20250601-101500')
OUT = sys.argv[1]
TS = '20250601-101500'
shutil.rmtree(OUT, ignore_errors=True)
shutil.copytree(DEMO, OUT)
BTW = f'{OUT}/cilium-bugtool-cilium-m4zqd-{TS}/cmd'
BTC = f'{OUT}/cilium-bugtool-cilium-x7k2p-{TS}/cmd'
BT2 = f'{OUT}/cilium-bugtool-cilium-r9vtb-{TS}/cmd'

def rd(p): return open(p).read()
def wr(p, s):
    os.makedirs(os.path.dirname(p), exist_ok=True)
    open(p, 'w').write(s)
def sub1(s, a, b, n=1):
    c = s.count(a)
    assert c == n, (a, c)
    return s.replace(a, b)
def gojson(o):
    s = json.dumps(o, indent=2, ensure_ascii=False)
    return s.replace('&', '\\u0026').replace('<', '\\u003c').replace('>', '\\u003e')
def debuginfo(d):
    return [os.path.join(d, f) for f in os.listdir(d) if f.startswith('cilium-debuginfo')][0]

# ---- 1. policies -------------------------------------------------------
p = f'{OUT}/ciliumnetworkpolicies-{TS}.yaml'
s = rd(p)
s = sub1(s, '"matchLabels":{"app":"frontnd"}', '"matchLabels":{"app":"frontend"}')
s = sub1(s, '          app: frontnd\n', '          app: frontend\n')
s = sub1(s, '"description":"Allow the shop pods to reach PostgreSQL.","endpointSelector":{"matchLabels":{"app":"db"}},"ingress":[{"fromCIDR":["10.244.0.0/16"],',
         '"description":"Only the backend may reach PostgreSQL.","endpointSelector":{"matchLabels":{"app":"db"}},"ingress":[{"fromEndpoints":[{"matchLabels":{"app":"backend"}}],')
s = sub1(s, '    description: Allow the shop pods to reach PostgreSQL.\n', '    description: Only the backend may reach PostgreSQL.\n')
s = sub1(s, '    - fromCIDR:\n      - 10.244.0.0/16\n', '    - fromEndpoints:\n      - matchLabels:\n          app: backend\n')
s = sub1(s, '"description":"The frontend only talks to the backend.","egress":[{"toEndpoints":[{"matchLabels":{"app":"backend"}}],"toPorts":[{"ports":[{"port":"8080","protocol":"TCP"}]}]}]',
         '"description":"The frontend talks to the backend and resolves names.","egress":[{"toEndpoints":[{"matchLabels":{"app":"backend"}}],"toPorts":[{"ports":[{"port":"8080","protocol":"TCP"}]}]},{"toEndpoints":[{"matchLabels":{"k8s-app":"kube-dns","k8s:io.kubernetes.pod.namespace":"kube-system"}}],"toPorts":[{"ports":[{"port":"53","protocol":"UDP"},{"port":"53","protocol":"TCP"}]}]}]')
s = sub1(s, '''    description: The frontend only talks to the backend.
    egress:
    - toEndpoints:
      - matchLabels:
          app: backend
      toPorts:
      - ports:
        - port: "8080"
          protocol: TCP
''', '''    description: The frontend talks to the backend and resolves names.
    egress:
    - toEndpoints:
      - matchLabels:
          app: backend
      toPorts:
      - ports:
        - port: "8080"
          protocol: TCP
    - toEndpoints:
      - matchLabels:
          k8s-app: kube-dns
          k8s:io.kubernetes.pod.namespace: kube-system
      toPorts:
      - ports:
        - port: "53"
          protocol: UDP
        - port: "53"
          protocol: TCP
''')
s = sub1(s, '"toPorts":[{"ports":[{"port":"80","protocol":"TCP"}]}]', '"toPorts":[{"ports":[{"port":"8080","protocol":"TCP"}]}]')
s = sub1(s, '        - port: "80"\n', '        - port: "8080"\n')
wr(p, s)

# the agents' policy repository (cilium-dbg policy get, debuginfo .policy)
def fix_rules(rules):
    for r in rules:
        name = [l['value'] for l in r['labels'] if l['key'] == 'io.cilium.k8s.policy.name'][0]
        if name == 'backend-ingress':
            r['ingress'][0]['fromEndpoints'][0]['matchLabels']['any:app'] = 'frontend'
        elif name == 'db-ingress':
            ing = r['ingress'][0]
            r['ingress'][0] = {'fromEndpoints': [{'matchLabels': {'any:app': 'backend', 'k8s:io.kubernetes.pod.namespace': 'shop'}}],
                               'toPorts': ing['toPorts']}
            r['description'] = 'Only the backend may reach PostgreSQL.'
        elif name == 'frontend-egress':
            r['egress'].append({'toEndpoints': [{'matchLabels': {'any:k8s-app': 'kube-dns', 'k8s:io.kubernetes.pod.namespace': 'kube-system'}}],
                                'toPorts': [{'ports': [{'port': '53', 'protocol': 'UDP'}, {'port': '53', 'protocol': 'TCP'}]}]})
            r['description'] = 'The frontend talks to the backend and resolves names.'
        elif name == 'frontend-ingress':
            r['ingress'][0]['toPorts'][0]['ports'][0]['port'] = '8080'
    return rules

for bt in (BTW, BTC):
    p = f'{bt}/cilium-dbg-policy-get.md'
    s = rd(p)
    i = s.rindex(']')
    s = gojson(fix_rules(json.loads(s[:i + 1]))) + s[i + 1:]
    wr(p, s)
    p = debuginfo(bt)
    d = json.loads(rd(p))
    d['policy']['policy'] = gojson(fix_rules(json.loads(d['policy']['policy'])))
    wr(p, gojson(d) + ('\n' if rd(p).endswith('\n') else ''))

exec(open(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'mk2.py')).read())
