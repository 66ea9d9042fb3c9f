#!/usr/bin/env python3
"""Write tests/scenarios/_base/healthy/{tree,spec removes} from the built tree."""
import filecmp, os, shutil, sys
ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), '../../../../..'))
DEMO = os.path.join(ROOT, 'testdata/sysdump/cilium-sysdump-20250601-101500')
OUT = sys.argv[1]
BASE = os.path.join(ROOT, 'tests/scenarios/_base/healthy')
tree = f'{BASE}/tree'
shutil.rmtree(tree, ignore_errors=True)
removed = []
for root, dirs, files in os.walk(DEMO):
    rel = os.path.relpath(root, DEMO)
    for f in files:
        r = os.path.normpath(os.path.join(rel, f))
        if not os.path.exists(os.path.join(OUT, r)):
            removed.append(r)
for root, dirs, files in os.walk(OUT):
    rel = os.path.relpath(root, OUT)
    for f in files:
        r = os.path.normpath(os.path.join(rel, f))
        d = os.path.join(DEMO, r)
        if os.path.exists(d) and filecmp.cmp(d, os.path.join(OUT, r), shallow=False):
            continue
        os.makedirs(os.path.dirname(os.path.join(tree, r)), exist_ok=True)
        shutil.copy(os.path.join(OUT, r), os.path.join(tree, r))
spec = open(f'{BASE}/spec').read()
head = spec.split('# -- removed files --')[0]
open(f'{BASE}/spec', 'w').write(head + '# -- removed files --\n' + ''.join(f'remove {r}\n' for r in sorted(removed)))
print('removed', removed)
