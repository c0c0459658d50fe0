#!/usr/bin/env bash
# Bounded fuzzing of Typoguard's @FuzzTest targets (io.typoguard.fuzz), one target per JVM, as Jazzer requires.
#
#   streams-app/src/test/resources/fuzz/run-fuzz.sh [--ci] [duration] [target ...]
#
# duration: per target, Jazzer's syntax (30s, 5m; default 30s). Targets: Class#method, or Class#method@duration for a
# duration of its own (default: all below, each alone).
# --ci (with a duration in seconds, such as 5s): CI's bounded campaign, the same fuzzing time as every target below
# for that duration, in four JVMs instead of sixteen: the ten parser targets through ParserFuzzTest#everyParser and the
# four detector targets through DetectFuzzTest#everyDetectorInput (the first input byte picks the target), each for
# its targets' time together. A JVM with Jazzer takes about 11 s to start here, more than a 5 s target fuzzes.
# Run from anywhere; the test classes must be compiled (mvn -B -pl streams-app test-compile).
# Findings (crash-*, timeout-*) land in src/test/resources/io/typoguard/fuzz/<Class>Inputs/<method>/ and are
# from then on replayed by every plain `mvn test`; the growing corpus stays in streams-app/.cifuzz-corpus/.
# Logs: streams-app/target/fuzz-logs/<Class>#<method>.log. Exit status: non-zero when any target failed.
set -u
cd "$(dirname "$0")/../../../.." || exit 2   # streams-app
ci=0
if [ "${1:-}" = "--ci" ]; then
  ci=1
  shift
fi
duration="${1:-30s}"
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ] && [ "$ci" = 1 ]; then
  seconds="${duration%s}"
  if ! [[ "$seconds" =~ ^[0-9]+$ ]]; then
    echo "--ci needs a duration in seconds (such as 5s), not $duration" >&2
    exit 2
  fi
  targets=(
    "ParserFuzzTest#everyParser@$((seconds * 10))s" "DetectFuzzTest#everyDetectorInput@$((seconds * 4))s"
    CorrelatorFuzzTest#queueCorrelator PolicyFuzzTest#decide
  )
fi
if [ ${#targets[@]} -eq 0 ]; then
  targets=(
    ParserFuzzTest#parseAuto ParserFuzzTest#parseRecordSequence ParserFuzzTest#parseJson ParserFuzzTest#parseEnvelope
    ParserFuzzTest#parsePostfix ParserFuzzTest#parseSendmail ParserFuzzTest#parseExim ParserFuzzTest#parseExchange
    ParserFuzzTest#parseExchangeOnline ParserFuzzTest#shapeOfAnUnreadableLine
    DetectFuzzTest#detectorCheck DetectFuzzTest#domainNameTryParse DetectFuzzTest#trustedFileRead DetectFuzzTest#addresses
    CorrelatorFuzzTest#queueCorrelator PolicyFuzzTest#decide
  )
fi
mkdir -p target/fuzz-logs
# The class path below is this module's alone, which resolves the modules it depends on (core, registry, testkit, ...)
# from the local Maven repository: install them first (-am), or a fresh machine (no earlier `mvn install`) fails with
# "Could not resolve dependencies".
if ! mvn -B -q -f ../pom.xml install -DskipTests -pl streams-app -am >target/fuzz-logs/install-siblings.log 2>&1; then
  echo "could not install the sibling modules; see streams-app/target/fuzz-logs/install-siblings.log" >&2
  exit 1
fi
# The test class path, once: each target then runs in a plain JVM (FuzzLauncher, the JUnit Platform launcher as
# surefire uses it) instead of a Maven start of its own, which cost about 15 s of the 22 s a 5-second target took.
cp_file=target/fuzz-logs/classpath.txt
if ! mvn -B -q -f ../pom.xml -pl streams-app dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$PWD/$cp_file" \
    >target/fuzz-logs/classpath.log 2>&1; then
  echo "could not build the test class path; see streams-app/target/fuzz-logs/classpath.log" >&2
  exit 1
fi
cp="target/test-classes:target/classes:$(cat "$cp_file")"
# FUZZ_JOBS targets at a time (default 1). On this 2-core machine two at a time was slower (5 min 4 s against
# about 4.5 min for 16 targets at 5 s, when each target was a Maven run: the start-ups competed for the same cores,
# and each target ran fewer inputs); on more cores it helps.
jobs="${FUZZ_JOBS:-1}"
fuzz_one() {
  local t="${1%@*}"
  local target_duration="$duration"
  [[ "$1" == *@* ]] && target_duration="${1#*@}"
  local log="target/fuzz-logs/$t.log"
  # JAZZER_FUZZ: fuzz instead of replaying inputs. JAZZER_MAX_DURATION overrides @FuzzTest(maxDuration).
  # JAZZER_KEEP_GOING: go on after a finding (up to 10, deduplicated) instead of stopping at the first.
  # FuzzLauncher turns JUnit's @Timeout off for the run (Jazzer already made it libFuzzer's per-input -timeout) and
  # exits 0 only when the target ran and found nothing.
  JAZZER_FUZZ=1 JAZZER_MAX_DURATION="$target_duration" JAZZER_KEEP_GOING=10 \
    java -Xmx2g -cp "$cp" io.typoguard.fuzz.FuzzLauncher "$t" >"$log" 2>&1
  local rc=$?
  local done_line
  done_line=$(grep -aE '^Done [0-9]+ runs' "$log" | tail -1)
  echo "$t ($target_duration) rc=$rc ${done_line:-(no 'Done' line: see $log)}"
  return $rc
}
status=0
running=0
for t in "${targets[@]}"; do
  fuzz_one "$t" &
  running=$((running + 1))
  if [ "$running" -ge "$jobs" ]; then
    wait -n || status=1
    running=$((running - 1))
  fi
done
while [ "$running" -gt 0 ]; do
  wait -n || status=1
  running=$((running - 1))
done
exit $status
