#!/usr/bin/env python3
"""Counts lines with Chinese text in src/**/*.rs outside the demo loader and tests
(files named tests.rs or under a tests/ folder, and #[cfg(test)] modules).
-v: per file; -l: every line."""
import re, sys, pathlib
CJK = re.compile(r'[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]')
total = 0; per = {}
for p in sorted(pathlib.Path('src').rglob('*.rs')):
    s = str(p)
    if '/demo' in s or s.endswith('demo.rs') or p.name == 'tests.rs' or '/tests/' in s:
        continue
    lines = p.read_text(encoding='utf-8').split('\n')
    in_test = False; depth = 0; pending = False
    for line in lines:
        st = line.strip()
        if not in_test:
            if st.startswith('#[cfg(test)]'):
                pending = True; continue
            if pending and (st.startswith('mod ') or st.startswith('pub mod ')) and st.endswith('{'):
                in_test = True; depth = line.count('{') - line.count('}'); pending = False; continue
            pending = False if st and not st.startswith('#') else pending
            if CJK.search(line):
                total += 1; per[s] = per.get(s, 0) + 1
                if '-l' in sys.argv: print(f'{s}: {st}')
        else:
            depth += line.count('{') - line.count('}')
            if depth <= 0: in_test = False
if '-v' in sys.argv:
    for f, n in sorted(per.items(), key=lambda kv: -kv[1]): print(f'{n:5} {f}')
print(total)
