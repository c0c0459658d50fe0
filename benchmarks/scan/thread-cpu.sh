#!/usr/bin/env bash
# CPU seconds per thread of one cold `bin/typoguard scan` of the issue-20 input (benchmarks/scan/make-input.py), read
# from /proc/<pid>/task/*/stat by one awk every 0.25 s (the last 0.25 s before exit is not counted). Threads with the
# same name up to a trailing number are summed: typoguard-scan- (the reader and the parsing threads), java (the main
# thread: correlation, counts and findings in line order), C1/C2 compiler threads, GC threads.
#
#   benchmarks/scan/thread-cpu.sh ["jvm options" | launcher] [threads]
set -euo pipefail
cd "$(dirname "$0")/../.."
opts="${1:-launcher}"
input=/tmp/typoguard-scan-bench/maillog-500mb.gz
log=$(mktemp)
snaps=$(mktemp)
if [[ "$opts" == launcher ]]; then
  env -u TYPOGUARD_JAVA_OPTS bin/typoguard scan --trusted testkit/src/main/resources/demo/trusted.csv --year 2026 --threads "${2:-2}" -o /dev/null "$input" > "$log" 2>&1 &
else
  TYPOGUARD_JAVA_OPTS="$opts" bin/typoguard scan --trusted testkit/src/main/resources/demo/trusted.csv --year 2026 --threads "${2:-2}" -o /dev/null "$input" > "$log" 2>&1 &
fi
launcher=$!
sleep 0.2
pid=$(pgrep -P "$launcher" java || echo "$launcher")
while kill -0 "$pid" 2>/dev/null; do
  awk '{l=$0; i=index(l,"("); j=match(l,/\) [A-Z] /); name=substr(l,i+1,j-i-1); gsub(/ /,"_",name); split(substr(l,j+2),f," "); print $1, name, f[12], f[13]}' \
    /proc/"$pid"/task/*/stat 2>/dev/null >> "$snaps" || true
  sleep 0.25
done
wait "$launcher" || true
summary=$(grep 'scanned ' "$log" | sed -E 's/^ *//')
cpu=$(awk -v pid="$pid" 'NF==4 && $1!=pid {v=$3+$4; if(v>m[$1]){m[$1]=v; n[$1]=$2}}
  END{for(k in m){x=n[k]; sub(/[0-9#]+$/,"",x); c[x]+=m[k]; t+=m[k]} s=""; for(k in c) if(c[k]>5) s=s sprintf("\"%s\":%.2f,",k,c[k]/100); printf "{%s\"total\":%.2f}", s, t/100}' "$snaps")
echo "{\"commit\":\"$(git rev-parse HEAD)\",\"jvm_opts\":\"$opts\",\"summary\":\"$summary\",\"cpu_seconds\":$cpu}"
rm -f "$log" "$snaps"
