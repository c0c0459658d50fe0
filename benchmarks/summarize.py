#!/usr/bin/env python3
"""Markdown tables from the JSON lines the harnesses write (benchmarks/run.sh), so docs quote numbers, not copies.

    python3 benchmarks/summarize.py benchmarks/results/<dir>
"""
import json
import statistics
import sys
from pathlib import Path


def lines(path):
    return [json.loads(l) for l in path.read_text().splitlines() if l.strip()] if path.exists() else []


def pipeline(rows, title):
    if not rows:
        return
    print(f"### {title}\n")
    print("| shape | settings changed | run | instances x threads | round | raw records/s | share of the round's limit | "
          "CPU ms per 1,000 records | cores busy | output checked | commit |")
    print("|---|---|---|---|---:|---:|---:|---:|---:|---|---|")
    for r in rows:
        changed = ", ".join(f"{k}={v}" for k, v in r.get("settingsChanged", {}).items()) or "none"
        if "failed" in r:
            rate, share, cpu, busy, check = "-", "-", "-", "-", "FAILED: " + r["failed"][:160]
        else:
            rate = f"{r['recordsPerSecond']:,.0f}"
            share = "" if r["kind"] == "passthrough" else f"{100 * r['shareOfLimit']:.0f}%"
            cpu = f"{r['cpuMicrosPerRecord']:.0f}"
            busy = f"{r['coresBusy']:.2f}"
            check = "exact" if r["kind"] == "passthrough" else \
                "exact: " + ", ".join(f"{k.split('.', 1)[1]} {v:,}" for k, v in r["expected"].items())
        warm = " (warm-up)" if r.get("warmUp") else ""
        print(f"| {r['shape']} | {changed} | {r['run']} | {r['instances']}x{r['threads']} | {r['round']}{warm} | {rate} | {share} | "
              f"{cpu} | {busy} | {check} | {r['commit']} |")
    print()
    measured = [r for r in rows if not r.get("warmUp") and "shareOfLimit" in r and r["kind"] != "passthrough"]
    by = {}
    for r in measured:
        by.setdefault((r["shape"], r["run"], json.dumps(r.get("settingsChanged", {}))), []).append(r["shareOfLimit"])
    for (shape, run, changed), shares in by.items():
        print(f"- {shape}, {run}, settings {changed}: median share of the limit {100 * statistics.median(shares):.0f}% "
              f"over {len(shares)} measured run(s)")
    print()


def policy(rows):
    if not rows:
        return
    print("### Policy service\n")
    print("| target rate | service | answered/s | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms | wrong answers | errors | commit |")
    print("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    for r in rows:
        print(f"| {r['targetRate']:,} | {r['service']} | {r['answeredPerSecond']:,.0f} | {r['p50ms']:.2f} | {r['p90ms']:.2f} | "
              f"{r['p99ms']:.2f} | {r['p999ms']:.2f} | {r['maxMs']:.1f} | {r['wrongAnswers']} | {r['errors']} | {r['commit']} |")
    ok = [r["targetRate"] for r in rows if r["service"] == "policyService" and r["p99ms"] < 5 and r["wrongAnswers"] == 0]
    print(f"\nHighest target rate with p99 < 5 ms and every answer right: {max(ok) if ok else 0:,}/s\n")


def jmh(path):
    if not path.exists():
        return
    print(f"### JMH: {path.name}\n")
    print("| benchmark | params | score | error (99.9%) | unit |")
    print("|---|---|---:|---:|---|")
    for b in json.loads(path.read_text()):
        m = b["primaryMetric"]
        params = ", ".join(f"{k}={v}" for k, v in b.get("params", {}).items())
        print(f"| {b['benchmark'].rsplit('.', 1)[1]} | {params} | {m['score']:,.0f} | {m['scoreError']:,.0f} | {m['scoreUnit']} |")
    print()


def main():
    d = Path(sys.argv[1])
    pipeline(lines(d / "pipeline.jsonl"), "Whole pipeline")
    pipeline(lines(d / "scale-out.jsonl"), "Scale-out")
    policy(lines(d / "policy.jsonl"))
    for name in ("jmh-parser.json", "jmh-detector.json", "jmh-serde.json"):
        jmh(d / name)
    connect = lines(d / "connect-source.jsonl")
    if connect:
        print("### Connect mail-log source\n")
        print("| run | pass-through lines/s | Connect lines/s | share | commit |")
        print("|---:|---:|---:|---:|---|")
        for r in connect:
            print(f"| {r['run']} | {r['passThroughLinesPerSecond']:,.0f} | {r['connectLinesPerSecond']:,.0f} | "
                  f"{100 * r['connectLinesPerSecond'] / r['passThroughLinesPerSecond']:.0f}% | {r['commit']} |")
        print()


if __name__ == "__main__":
    main()
