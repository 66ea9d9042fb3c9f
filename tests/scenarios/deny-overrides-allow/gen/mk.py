#!/usr/bin/env python3
# mk.py: derive deny-overrides-allow/tree/ from the healthy base.  Run from
# the repository root.  The scenario adds shop/frontend-no-backend (spec
# `edit`), an egressDeny of the frontends to `app: backend` on every port;
# this script writes what the agents would show with it in force:
#   - BPF policy maps of 842 (kind-worker) and 577 (kind-worker2): the
#     `Allow Egress 50541 8080/TCP` entry becomes `Deny Egress 50541 ANY`;
#   - Hubble flows: the frontends' non-reply egress flows to the backends on
#     8080 are drops by the deny (drop reason 181 POLICY_DENY, a drop event
#     type 1, or the policy verdict of the first packet); the backends'
#     ingress side of them is left as it was.
import json, os, re, shutil

ROOT = 'cilium-sysdump-20250601-101500'
TS = '20250601-101500'
H = 'tests/scenarios/_base/healthy/tree'
D = 'testdata/sysdump/' + ROOT
OUT = 'tests/scenarios/deny-overrides-allow/tree'
AGENTS = {'m4zqd': '842', 'r9vtb': '577'}


def base(rel):
    p = os.path.join(H, rel)
    return p if os.path.exists(p) else os.path.join(D, rel)


def read(p):
    with open(p) as f:
        return f.read()


def write(rel, text):
    p = os.path.join(OUT, rel)
    os.makedirs(os.path.dirname(p), exist_ok=True)
    with open(p, 'w') as f:
        f.write(text)


shutil.rmtree(OUT, ignore_errors=True)
for agent, ep in AGENTS.items():
    rel = 'cilium-bugtool-cilium-%s-%s/cmd/' % (agent, TS) + \
        'cilium-dbg-bpf-policy-get---all---numeric.md'
    out, cur, n = [], None, 0
    for l in read(base(rel)).splitlines(keepends=True):
        m = re.match(r'Endpoint ID: (\d+)$', l.rstrip('\n'))
        if m:
            cur = m.group(1)
        if cur == ep and re.match(r'Allow +Egress +50541 +8080/TCP ', l):
            # Same columns: POLICY DIRECTION IDENTITY PORT/PROTO ...
            l = ('Deny     Egress      50541      ANY          NONE'
                 '         disabled    0        0         0        \n')
            n += 1
        out.append(l)
    assert n == 1, rel
    write(rel, ''.join(out))
    rel = 'hubble-flows-cilium-%s-%s.json' % (agent, TS)
    out, n = [], 0
    for l in read(base(rel)).splitlines(keepends=True):
        o = json.loads(l)
        f = o.get('flow', {})
        if (f.get('traffic_direction') == 'EGRESS' and
                f.get('verdict') == 'FORWARDED' and
                f.get('is_reply') is not True and
                f.get('source', {}).get('identity') == 21093 and
                f.get('destination', {}).get('identity') == 50541 and
                f.get('l4', {}).get('TCP', {}).get('destination_port')
                == 8080):
            g = {}
            for k, v in f.items():
                if k in ('trace_observation_point', 'trace_reason',
                         'policy_match_type'):
                    continue
                if k == 'verdict':
                    g[k] = 'DROPPED'
                    g['drop_reason'] = 181
                    continue
                if k == 'event_type' and v.get('type') != 5:
                    # A trace becomes a drop event; a policy verdict
                    # (type 5, the first packet) stays one.
                    v = {'type': 1, 'sub_type': 181}
                if k == 'is_reply':
                    g['drop_reason_desc'] = 'POLICY_DENY'
                g[k] = v
            o['flow'] = g
            l = json.dumps(o, separators=(',', ':'),
                           ensure_ascii=False) + '\n'
            n += 1
        out.append(l)
    assert n > 0, rel
    print(rel, n)
    write(rel, ''.join(out))
