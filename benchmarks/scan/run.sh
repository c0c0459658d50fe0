#!/usr/bin/env bash
# Scan throughput (issue 20): `typoguard scan` over a 500 MB gzipped log, correlation and detection on, against the
# pass-through limit of the same file (`zcat | wc -l`), alternating, ROUNDS rounds (default 3). Each round scans
# with every number of parsing threads in THREADS (default "1 2") and every JVM option set in JVM_OPTS ("launcher":
# bin/typoguard's own defaults for scan; anything else is passed as TYPOGUARD_JAVA_OPTS; sets separated by ';',
# default "launcher"). Writes one JSON line per run to benchmarks/results/<dir>/scan-runs.jsonl with the commit it
# was measured at.
#
#   benchmarks/scan/run.sh [results-dir-name] [mb]
#   ROUNDS=5 THREADS=2 JVM_OPTS="launcher;-Xmx2g" benchmarks/scan/run.sh 2026-12-07-issue20-scan-jit
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
IFS=';' read -r -a jvm_sets <<< "${JVM_OPTS:-launcher}"
for round in $(seq 1 "${ROUNDS:-3}"); do
  t0=$(now); lines=$(zcat "$input" | wc -l); t1=$(now)
  echo "{\"run\":\"zcat-wc\",\"round\":$round,\"commit\":\"$commit\",\"lines\":$lines,\"seconds\":$(echo "$t1 - $t0" | bc)}" >> "$out/scan-runs.jsonl"
  for threads in ${THREADS:-1 2}; do
    for opts in "${jvm_sets[@]}"; do
      t0=$(now)
      if [[ "$opts" == launcher ]]; then
        summary=$(env -u TYPOGUARD_JAVA_OPTS bin/typoguard scan --trusted "$trusted" --year 2026 --threads "$threads" -o /dev/null "$input" 2>&1 >/dev/null | grep 'scanned ')
      else
        summary=$(TYPOGUARD_JAVA_OPTS="$opts" bin/typoguard scan --trusted "$trusted" --year 2026 --threads "$threads" -o /dev/null "$input" 2>&1 >/dev/null | grep 'scanned ')
      fi
      t1=$(now)
      inner=$(echo "$summary" | sed -E 's/.* in ([0-9.]+) s.*/\1/')
      echo "{\"run\":\"scan\",\"jvm_opts\":\"$opts\",\"threads\":$threads,\"round\":$round,\"commit\":\"$commit\",\"lines\":$lines,\"seconds\":$(echo "$t1 - $t0" | bc),\"scan_seconds\":$inner}" >> "$out/scan-runs.jsonl"
    done
  done
done
cat "$out/scan-runs.jsonl"
