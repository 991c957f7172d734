#!/usr/bin/env bash
# 1,000 concurrent KFP run waits against the fake KFP server: the shared wait scheduler versus the Python SDK's
# one-blocking-thread-per-run pattern, measured in the same JVM. Usage: bench/kfp-waits.sh [runs] [runSeconds]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
mvn -q -B -pl mlops-core -am test-compile >&2
mvn -q -B -pl mlops-core dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath >&2
# A private copy of the classes, so a rebuild while the benchmark runs cannot pull them away.
copy="$(mktemp -d)"
trap 'rm -rf "$copy"' EXIT
cp -r mlops-core/target/classes "$copy/classes"
cp -r mlops-core/target/test-classes "$copy/test-classes"
cp="$copy/classes:$copy/test-classes:$(cat mlops-core/target/bench.classpath)"
"${JAVA:-java}" -Dmlops.repo.root="$root" -cp "$cp" io.mlopsbridge.bench.KfpWaitBenchmark "$@"
