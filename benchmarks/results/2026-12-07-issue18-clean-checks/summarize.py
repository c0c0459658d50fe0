#!/usr/bin/env python3
"""Prints the JMH scores of the interleaved before/after runs in this directory (bench-<size>-<before|after>-<n>.json)."""
import glob, json, statistics, sys
d = sys.argv[1] if len(sys.argv) > 1 else '.'
rows = {}
for f in sorted(glob.glob(d + '/bench-*.json')):
    size, step = f.split('/')[-1][len('bench-'):-5].split('-', 1)
    side, n = step.split('-')
    for r in json.load(open(f)):
        b = r['benchmark'].split('.')[-1]
        rows.setdefault((size, b, side), []).append((int(n), r['primaryMetric']['score'], r['primaryMetric']['scoreError']))
for (size, b, side), runs in sorted(rows.items()):
    runs.sort()
    print(f"{size:5} {b:36} {side:6} " + ", ".join(f"{s:,.0f} ± {e:,.0f}" for _, s, e in runs)
          + f"   median {statistics.median(s for _, s, _ in runs):,.0f}")
