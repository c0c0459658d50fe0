#!/usr/bin/env bash
# Alternating one-off scans of the issue-20 input (benchmarks/scan/make-input.py --mb 500) with two builds or JVMs.
# Each argument is label=command-prefix (the java command and its options); every run scans with the launcher's
# trusted list, year and two parsing threads and appends one JSON line to the file named by OUT.
#   OUT=scan-ab.jsonl ROUNDS=5 scan-ab.sh "old=java <opts> -jar /tmp/old-cli/typoguard.jar" "new=java <opts> -jar cli/target/typoguard.jar"
set -euo pipefail
cd "$(dirname "$0")/../../.."
input=/tmp/typoguard-scan-bench/maillog-500mb.gz
commit=$(git rev-parse --short HEAD)
for round in $(seq 1 "${ROUNDS:-5}"); do
  for spec in "$@"; do
    label=${spec%%=*}; cmd=${spec#*=}
    t0=$(date +%s.%N)
    summary=$($cmd scan --trusted testkit/src/main/resources/demo/trusted.csv --year 2026 --threads 2 -o "/tmp/scan-ab-$label.out" "$input" 2>&1 >/dev/null | grep 'scanned ')
    t1=$(date +%s.%N)
    lines=$(echo "$summary" | sed -E 's/.*scanned ([0-9,]+) lines.*/\1/' | tr -d ,)
    inner=$(echo "$summary" | sed -E 's/.* in ([0-9.]+) s.*/\1/')
    findings=$(wc -l < "/tmp/scan-ab-$label.out")
    echo "{\"label\":\"$label\",\"command\":\"$cmd\",\"round\":$round,\"checkout\":\"$commit\",\"lines\":$lines,\"scan_seconds\":$inner,\"wall_seconds\":$(echo "$t1 - $t0" | bc),\"findings\":$findings}" >> "${OUT:-scan-ab.jsonl}"
  done
done
