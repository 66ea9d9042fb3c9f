#!/usr/bin/env python3
# drop-policy.py IN OUT NAMESPACE NAME: copy a bugtool `cilium-dbg policy get`
# output without the rules of one CiliumNetworkPolicy (the agent rejected
# it, so its repository never held them).  Keeps the JSON layout
# (json.MarshalIndent, two spaces) and the Revision trailer.
import json, sys

src, dst, ns, name = sys.argv[1:5]
text = open(src).read()
end = text.rindex(']') + 1
rules = json.loads(text[:end])

def labels(r):
    return {l.get('key'): l.get('value') for l in r.get('labels', [])}

keep = [r for r in rules if not (
    labels(r).get('io.cilium.k8s.policy.name') == name and
    labels(r).get('io.cilium.k8s.policy.namespace') == ns)]
if len(keep) == len(rules):
    sys.exit('no rule of %s/%s in %s' % (ns, name, src))
with open(dst, 'w') as f:
    f.write(json.dumps(keep, indent=2, ensure_ascii=False) + text[end:])
