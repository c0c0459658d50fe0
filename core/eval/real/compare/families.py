#!/usr/bin/env python3
"""Per-family recall of Typoguard, mailcheck and dnstwist on the real test side (issue 18, item 7):
   families.py <test-typos.csv> <mailcheck-test.json> <dnstwist-test.json>
test-typos.csv is what RealEvaluationSetTest writes to core/target/real-eval/: each pair with its family (read
from the two names alone, RealEvaluationSetTest.family) and whether Typoguard named the intended domain. The
other tools' JSON list the pairs they got right under "caught". Prints a Markdown table."""
import csv, json, sys
from collections import OrderedDict

rows = list(csv.DictReader(open(sys.argv[1])))
mailcheck = set(json.load(open(sys.argv[2]))["caught"])
dnstwist = set(json.load(open(sys.argv[3]))["caught"])
fams = OrderedDict()
for r in sorted(rows, key=lambda r: r["family"]):
    key = r["typo"] + "," + r["intended"]
    f = fams.setdefault(r["family"], [0, 0, 0, 0])
    f[0] += 1
    f[1] += r["typoguard"] == "true"
    f[2] += key in mailcheck
    f[3] += key in dnstwist
print("| family | pairs | Typoguard | mailcheck 1.1.1 | dnstwist (--tld) |")
print("|---|---:|---:|---:|---:|")
tot = [0, 0, 0, 0]
for name, f in fams.items():
    print(f"| {name} | {f[0]} | {f[1]} | {f[2]} | {f[3]} |")
    tot = [a + b for a, b in zip(tot, f)]
print(f"| **all** | **{tot[0]}** | **{tot[1]}** | **{tot[2]}** | **{tot[3]}** |")
