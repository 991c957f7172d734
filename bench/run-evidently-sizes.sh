#!/usr/bin/env bash
# Evidently DataDriftPreset against our drift check at increasing sizes, up to the largest Evidently completes
# (docs/benchmarks.md, "Evidently at its largest size"). Opt-in and slow: run it on a quiet machine.
#   EVIDENTLY_SIZES   rows per side, in order (default "1000000 2000000 4000000 8000000"); stops at the first size
#                     Evidently does not complete (time limit, out of memory, error)
#   EVIDENTLY_LIMIT_S time limit per Evidently run in seconds (default 1800)
# Uses the benchmark files of run-drift-bench.sh (DRIFT_BENCH_DIR, default /tmp/mlops-drift-bench; 1000 MB hold
# 15 M rows each) and its Evidently venv. Wall time, CPU time and peak RSS (VmHWM, from /usr/bin/time) per side.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
DATA=${DRIFT_BENCH_DIR:-/tmp/mlops-drift-bench}
SIZES=${EVIDENTLY_SIZES:-1000000 2000000 4000000 8000000}
LIMIT=${EVIDENTLY_LIMIT_S:-1800}
HEAP=${DRIFT_BENCH_HEAP:--Xmx256m}
EVIDENTLY_VERSION=0.7.23
JAR=mlops-cli/target/mlops.jar
[ -f "$JAR" ] || mvn -q -B -DskipTests -pl mlops-cli -am package
[ -f "$DATA/ref.csv" ] || java bench/DriftDataGenerator.java "$DATA/ref.csv" 1000 0 1
[ -f "$DATA/cur.csv" ] || java bench/DriftDataGenerator.java "$DATA/cur.csv" 1000 0.05 2
if [ ! -x bench/.venv-evidently/bin/python ]; then
  python3 -m venv bench/.venv-evidently
  bench/.venv-evidently/bin/pip install -q --disable-pip-version-check "evidently==$EVIDENTLY_VERSION" "pandas<3"
fi

measure() { # label, command...: wall s, CPU s, peak RSS MB on one line; returns the command's status
  local label=$1; shift
  local status=0
  /usr/bin/time -f "%e %U %S %M" -o "$DATA/time.txt" "$@" > "$DATA/run.out" 2>&1 || status=$?
  read -r wall user sys rss < <(tail -1 "$DATA/time.txt")
  echo "$label: status $status, wall ${wall} s, CPU $(echo "$user + $sys" | bc) s, peak RSS $((rss / 1024)) MB"
  tail -1 "$DATA/run.out"
  return $status
}

echo "== $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB RAM; load before: $(cut -d' ' -f1-3 /proc/loadavg)"
for rows in $SIZES; do
  head -n $((rows + 1)) "$DATA/ref.csv" > "$DATA/ref-n.csv"
  head -n $((rows + 1)) "$DATA/cur.csv" > "$DATA/cur-n.csv"
  echo "-- $rows rows per side ($(du -m "$DATA/ref-n.csv" | cut -f1) MB each), load $(cut -d' ' -f1-3 /proc/loadavg)"
  measure "ours" java $HEAP -cp "$JAR" bench/DriftBench.java drift "$DATA/ref-n.csv" "$DATA/cur-n.csv" || true
  if ! measure "evidently" timeout "$LIMIT" bench/.venv-evidently/bin/python bench/evidently_drift.py \
      "$DATA/ref-n.csv" "$DATA/cur-n.csv" "$DATA/evidently-n.json"; then
    echo "evidently did not complete $rows rows per side within ${LIMIT} s (status above: 124 = time limit)"
    break
  fi
done
echo "== load after: $(cut -d' ' -f1-3 /proc/loadavg)"
rm -f "$DATA/ref-n.csv" "$DATA/cur-n.csv"
