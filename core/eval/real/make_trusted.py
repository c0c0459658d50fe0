#!/usr/bin/env python3
"""Writes trusted-test.csv and trusted-tuning.csv: for each side of split.txt, every distinct intended domain of
that side's positives, as a NORMAL trusted domain without subdomains (a site trusts the providers its users
write to). Run from this directory; the build does not run it."""
import csv

sides = {}
for line in open("split.txt"):
    line = line.strip()
    if line and not line.startswith("#"):
        path, side = line.split()
        sides.setdefault(side, []).append(path)
for side in ("test", "tuning"):
    intended = set()
    for path in sides[side]:
        if path.startswith("positives/"):
            with open(path, newline="") as f:
                intended.update(row["intended"] for row in csv.DictReader(f))
    with open(f"trusted-{side}.csv", "w", newline="") as out:
        w = csv.writer(out, lineterminator="\n")
        w.writerow(["domain", "organisation", "sensitivity", "include_subdomains"])
        for d in sorted(intended):
            w.writerow([d, f"intended domain of a {side} positive", "NORMAL", "false"])
    print(side, len(intended))
