#!/usr/bin/env python3
"""Import circles between modules of src/: builds the graph of `crate::a::b`
paths each file names (use lines and inline paths, tests excluded) and prints
every strongly connected component of more than one file, biggest first.
Usage: python3 scripts/import_cycles.py [-v]"""
import re, sys, pathlib

root = pathlib.Path('src')
mods = {}
for p in root.rglob('*.rs'):
    rel = p.relative_to(root).with_suffix('')
    parts = list(rel.parts)
    if parts[-1] in ('mod', 'lib', 'main'):
        parts = parts[:-1]
    mods['::'.join(parts)] = p

def strip_tests(s):
    out, skip, depth = [], False, 0
    lines = s.split('\n')
    i = 0
    while i < len(lines):
        l = lines[i]
        if not skip and l.strip().startswith('#[cfg(test)]'):
            j = i + 1
            if j < len(lines) and re.match(r'\s*(pub )?mod \w+ \{', lines[j]):
                skip, depth, i = True, 0, j
                continue
        if skip:
            depth += l.count('{') - l.count('}')
            if depth <= 0 and '}' in l:
                skip = False
            i += 1
            continue
        out.append(l)
        i += 1
    return '\n'.join(out)

def resolve(path):
    parts = path.split('::')
    while parts:
        k = '::'.join(parts)
        if k in mods:
            return k
        parts = parts[:-1]
    return None

edges = {m: set() for m in mods}
for m, p in mods.items():
    s = strip_tests(p.read_text(encoding='utf-8'))
    s = re.sub(r'//[^\n]*', '', s)
    # expand `use crate::a::{b, c::d}` one level
    for u in re.finditer(r'crate::([\w:]+)::\{([^}]*)\}', s):
        for item in u.group(2).split(','):
            item = item.strip().split(' as ')[0]
            if item and item != 'self':
                t = resolve(u.group(1) + '::' + item)
                if t and t != m: edges[m].add(t)
            t = resolve(u.group(1))
            if t and t != m: edges[m].add(t)
    for u in re.finditer(r'crate::([\w:]+)', s):
        t = resolve(u.group(1).rstrip(':'))
        if t and t != m: edges[m].add(t)
    # parent modules' `mod` declarations are not imports
    for c in list(edges[m]):
        if c.startswith(m + '::') if m else True:
            pass

sys.setrecursionlimit(10000)
index, low, stack, on, comps, counter = {}, {}, [], set(), [], [0]
def strong(v):
    index[v] = low[v] = counter[0]; counter[0] += 1
    stack.append(v); on.add(v)
    for w in edges[v]:
        if w not in index:
            strong(w); low[v] = min(low[v], low[w])
        elif w in on:
            low[v] = min(low[v], index[w])
    if low[v] == index[v]:
        comp = []
        while True:
            w = stack.pop(); on.discard(w); comp.append(w)
            if w == v: break
        if len(comp) > 1: comps.append(sorted(comp))
for v in mods:
    if v not in index: strong(v)
comps.sort(key=len, reverse=True)
print(f'{len(mods)} modules, {len(comps)} import circles, sizes {[len(c) for c in comps]}')
if '-v' in sys.argv:
    for c in comps: print('  ' + ', '.join(c))
