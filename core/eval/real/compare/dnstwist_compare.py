#!/usr/bin/env python3
"""dnstwist (Debian 0~20221213, `--format list --tld common_tlds.dict`) on one side of the real evaluation set:
   dnstwist_compare.py <typos.csv> <legit.txt>
A typo counts when it is among dnstwist's permutations of its intended domain (dnstwist names the domain it
permuted, so a hit always has the right intended domain); a legitimate domain counts as a false positive when
it is among the permutations of any intended domain of the side. Prints one JSON object; "caught" lists the pairs
it got right."""
import csv, json, subprocess, sys

TLDS = "/usr/share/dnstwist/dictionaries/common_tlds.dict"
typos_file, legit_file = sys.argv[1], sys.argv[2]
pairs = list(csv.DictReader(open(typos_file)))
perms = {}
for intended in sorted({p["intended"] for p in pairs}):
    out = subprocess.run(["dnstwist", "--format", "list", "--tld", TLDS, intended], capture_output=True, text=True, check=True).stdout
    perms[intended] = {l.strip().lower() for l in out.splitlines() if l.strip()} - {intended}
by_source = {}
right = 0
caught = []
for p in pairs:
    ok = p["typo"] in perms[p["intended"]]
    right += ok
    if ok:
        caught.append(p["typo"] + "," + p["intended"])
    s = by_source.setdefault(p["source"], {"pairs": 0, "right": 0})
    s["pairs"] += 1
    s["right"] += ok
legit = sorted({l.strip().lower() for l in open(legit_file) if l.strip()})
every = set().union(*perms.values())
flagged = [d for d in legit if d in every]
print(json.dumps({"tool": "dnstwist 0~20221213 (Debian), --tld common_tlds.dict", "pairs": len(pairs), "right": right,
                  "bySource": by_source, "legit": len(legit), "falsePositives": len(flagged),
                  "falsePositiveExamples": flagged[:20],
                  "permutations": {k: len(v) for k, v in perms.items()}, "caught": caught}, indent=1))
