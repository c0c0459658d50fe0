#!/usr/bin/env bash
# Scan throughput (issue 20): `typoguard scan` over a 500 MB gzipped log, correlation and detection on, against the
# pass-through limit of the same file (`zcat | wc -l`), alternating, 3 rounds. Writes one JSON line per run to
# benchmarks/results/<dir>/scan-runs.jsonl with the commit it was measured at.
#
#   benchmarks/scan/run.sh [results-dir-name] [mb]
set -euo pipefail
cd "$(dirname "$0")/../.."
name="${1:-$(date -u +%Y-%m-%d)-issue20-scan}"
mb="${2:-500}"
out="benchmarks/results/$name"
mkdir -p "$out"
input=/tmp/typoguard-scan-bench/maillog-${mb}mb.gz
if [[ ! -f "$input" ]]; then
  benchmarks/scan/make-input.py --mb "$mb" --out "$input" > "$out/input.json"
fi
commit=$(git rev-parse HEAD)
trusted=testkit/src/main/resources/demo/trusted.csv
now() { date +%s.%N; }
for round in 1 2 3; do
  t0=$(now); lines=$(zcat "$input" | wc -l); t1=$(now)
  echo "{\"run\":\"zcat-wc\",\"round\":$round,\"commit\":\"$commit\",\"lines\":$lines,\"seconds\":$(echo "$t1 - $t0" | bc)}" >> "$out/scan-runs.jsonl"
  for threads in 1 2; do
    t0=$(now)
    summary=$(bin/typoguard scan --trusted "$trusted" --year 2026 --threads "$threads" -o /dev/null "$input" 2>&1 >/dev/null | grep 'scanned ')
    t1=$(now)
    inner=$(echo "$summary" | sed -E 's/.* in ([0-9.]+) s.*/\1/')
    echo "{\"run\":\"scan\",\"threads\":$threads,\"round\":$round,\"commit\":\"$commit\",\"lines\":$lines,\"seconds\":$(echo "$t1 - $t0" | bc),\"scan_seconds\":$inner}" >> "$out/scan-runs.jsonl"
  done
done
cat "$out/scan-runs.jsonl"
