#!/usr/bin/env bash
# Runs the benchmark set (issue 21) and keeps every raw result under benchmarks/results/<date>-<commit>[-quick]/.
#   benchmarks/run.sh --quick   smoke check (CI): the deployment shape (broker in its own JVM, bin/typoguard run) on a
#                               small input with its exact-output check, and a short policy-service load; ~2 minutes
#   benchmarks/run.sh           the full set, by hand on a quiet machine (about an hour): parser, detector and serde JMH,
#                               the whole pipeline in both shapes, scale-out 1/2/3 instances, the policy service, the
#                               Connect source. Then quote the JSON in docs/benchmarks.md with the commit it names.
# Needs the packaged jars (mvn -B -DskipTests package, or after mvn verify). Nothing else may run on the machine.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
MODE=full
[[ "${1:-}" == "--quick" ]] && MODE=quick
COMMIT=$(git rev-parse --short HEAD)
OUT="$ROOT/benchmarks/results/$(date -u +%Y-%m-%d)-$COMMIT$([[ $MODE == quick ]] && echo -quick || true)"
[[ $MODE == quick ]] && OUT="$ROOT/streams-app/target/bench-quick"
mkdir -p "$OUT"
echo "benchmarks ($MODE) at $COMMIT -> $OUT"
[[ -f cli/target/typoguard.jar && -d testkit/target/lib ]] || mvn -B -q -DskipTests package
# The bench classes (streams-app/src/jmh) and their classpath.
mvn -B -q -Pbench -pl streams-app -am test-compile dependency:build-classpath -DskipTests -Dfuzz.skip=true \
  -Dmdep.includeScope=test -Dmdep.outputFile="$OUT/classpath.txt" >"$OUT/build.log" 2>&1 || { cat "$OUT/build.log"; exit 1; }
CP="$ROOT/streams-app/target/test-classes:$ROOT/streams-app/target/classes:$(cat "$OUT/classpath.txt")"
bench() { # <log name> <class> <args...>
  local log="$1"; shift
  echo "== $* (log: $OUT/$log.log)"
  (cd "$ROOT/streams-app" && java -Xmx3g -cp "$CP" "$@") >"$OUT/$log.log" 2>&1 || { tail -40 "$OUT/$log.log"; return 1; }
  grep -E '^(input|round|target|highest|run|median|pass)' "$OUT/$log.log" | cut -c1-240 || true
}
if [[ $MODE == quick ]]; then
  bench pipeline-process io.typoguard.bench.PipelineBench shape=process messages=5000 rounds=1 runs=passthrough,keyed,passthrough \
    label=quick out="$OUT/pipeline.jsonl"
  bench policy io.typoguard.bench.PolicyLoad 500 10 3 2 1000 "$OUT/policy.jsonl"
  echo "quick benchmark smoke check passed"
  exit 0
fi
MESSAGES="${MESSAGES:-150000}"
# The JMH and Connect runs below use one module's pom: install every module first (a new machine has none of them).
mvn -B -q -DskipTests -Dfuzz.skip=true install >"$OUT/install.log" 2>&1 || { tail -40 "$OUT/install.log"; exit 1; }
(cd streams-app && mvn -B -q -Pbench test-compile exec:exec -Djmh.args="-f 2 -wi 3 -i 5 -w 2s -r 2s -rf json -rff $OUT/jmh-parser.json ParserBenchmark") >"$OUT/jmh-parser.log" 2>&1
(cd streams-app && mvn -B -q -Pbench test-compile exec:exec -Djmh.args="-f 2 -wi 3 -i 5 -w 2s -r 2s -rf json -rff $OUT/jmh-serde.json SerdeBenchmark") >"$OUT/jmh-serde.log" 2>&1
(cd streams-app && mvn -B -q -Pbench test-compile exec:exec -Djmh.args="-f 2 -wi 3 -i 5 -w 2s -r 2s -p trustedDomains=10000 -rf json -rff $OUT/jmh-detector.json DetectorBenchmark") >"$OUT/jmh-detector.log" 2>&1
bench pipeline-inprocess io.typoguard.bench.PipelineBench shape=inprocess messages="$MESSAGES" rounds=2 \
  runs=passthrough,keyed,unkeyed,passthrough out="$OUT/pipeline.jsonl" || true
bench pipeline-process io.typoguard.bench.PipelineBench shape=process messages="$MESSAGES" rounds=2 \
  runs=passthrough,keyed,unkeyed,passthrough out="$OUT/pipeline.jsonl" || true
bench scale-out io.typoguard.bench.PipelineBench shape=process messages="$MESSAGES" rounds=2 \
  runs=passthrough:1x1,keyed:1x1,keyed:2x1,keyed:3x1,keyed:1x2,passthrough:1x1 out="$OUT/scale-out.jsonl" || true
bench policy io.typoguard.bench.PolicyLoad 2000,4000,8000,16000 50 30 10 10000 "$OUT/policy.jsonl"
(cd connectors && mvn -B -q -Pbench test-compile exec:exec -Dbench.args="1000000 3 $OUT/connect-source.jsonl") >"$OUT/connect-source.log" 2>&1
echo "raw results in $OUT"
