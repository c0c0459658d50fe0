#!/usr/bin/env python3
"""Per run: rate, share of the round's pass-through, and where the JVM's CPU went (PipelineBench's threadCpuSeconds).

    python3 threads.py <file.jsonl> [...]
"""
import json
import sys

print("| file | label | settings changed | run | round | raw records/s | share | stream threads, us a raw record | "
      "stream threads busy | JIT s | GC s | broker s | JVM cores busy |")
print("|---|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
for f in sys.argv[1:]:
    for line in open(f):
        r = json.loads(line)
        if "failed" in r:
            print(f"| {f} | {r.get('label', '')} | | {r['run']} | {r['round']} | FAILED | | | | | | | |")
            continue
        t = r.get("threadCpuSeconds", r.get("appThreadCpuSeconds", {}))  # the key had that name in the first runs
        changed = ", ".join(f"{k}={v}" for k, v in r.get("settingsChanged", {}).items()) or "none"
        share = "" if r["kind"] == "passthrough" else f"{100 * r['shareOfLimit']:.0f}%"
        busy = t.get("streamThreads", 0) / r["seconds"] / r.get("threads", 1)
        print(f"| {f} | {r.get('label', '')} | {changed} | {r['run']} | {r['round']} | {r['recordsPerSecond']:,.0f} | {share} | "
              f"{r.get('streamThreadCpuMicrosPerRecord', 0):.1f} | {busy:.0%} | {t.get('jvm:jit', 0):.2f} | {t.get('jvm:gc', 0):.2f} | "
              f"{t.get('jvm:broker', 0):.2f} | {r['coresBusy']:.2f} |")
