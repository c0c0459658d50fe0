#!/bin/bash
# The A/B steps of ab-steps.txt: DetectorAB (streams-app/src/jmh) over copies of core/target/classes of each commit,
# /tmp/ab-<X>, built in a worktree with `git checkout <commit> && mvn -B -o -q -pl core compile`:
# A fd6121e, D 780ce78, E 590ce98, G b7351cd, J 5e5fe4d, L 278e62c; nop2 is 278e62c with the two-deletion probes
# switched off (`if (false && label.length() >= ...` in TypoDetector.labelEdits), a measurement build only.
# /tmp/cp-main.txt: mvn -B -o -q -Pbench -pl streams-app -am test-compile dependency:build-classpath
#   -Dmdep.includeScope=test -Dmdep.outputFile=/tmp/cp-main.txt
cd /work/main/streams-app
CP="target/test-classes:target/classes:$(cat /tmp/cp-main.txt)"
run() { echo "== $1 vs $2, $3 trusted: $4"; java -Xmx2g -cp "$CP" io.typoguard.bench.DetectorAB /tmp/ab-$1 /tmp/ab-$2 $3 ${5:-30}; }
run A A 10000 "the same build on both sides (the harness's noise floor)"
run A D 10000 "fd6121e -> 780ce78 (tabulation delete-key hashes, hash-keyed one-delete index, top-level table, one-pass parse)"
run D E 10000 "780ce78 -> 590ce98 (NameHashes)"
run E G 10000 "590ce98 -> b7351cd (skeleton hash from tables)"
run G J 10000 "b7351cd -> 5e5fe4d (filters sized without rounding)"
run G J 100000 "b7351cd -> 5e5fe4d (filters sized without rounding)" 24
run J L 10000 "5e5fe4d -> 278e62c (ConfirmedFilter)"
run J L 100000 "5e5fe4d -> 278e62c (ConfirmedFilter)" 24
run A L 10000 "fd6121e -> 278e62c (the whole session)"
run A L 100000 "fd6121e -> 278e62c (the whole session)" 24
run L nop2 10000 "278e62c -> 278e62c with the two-deletion probes switched off (a measurement build, not a commit)"
