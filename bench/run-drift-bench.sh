#!/usr/bin/env bash
# Drift benchmark (docs/benchmarks.md, section "Drift"). Generates a pair of CSV files (default 1000 MB each) under
# /tmp, then measures in one run:
#   1. bare parse: the same CSV reader parsing every field of both files, values only counted (the practical limit);
#   2. the drift check end to end on the same files (DriftBench drift), and `mlops drift` with all reports;
#   3. Evidently's DataDriftPreset on the first EVIDENTLY_ROWS rows of each file, and our check on the same rows;
#   4. a parity check of per-column scores against Evidently at PARITY_ROWS rows (exact statistics on our side);
#   5. --method ks with and without the exact-KS refinement pass (the second read), progress on and off, the
#      reference profiled as one file against the same rows in PARTS part files (parallel, merged), and against the
#      same file cut at line breaks into PARTS parts (section "cut").
# Evidently at increasing sizes is a separate, slower script: bench/run-evidently-sizes.sh.
# SECTIONS (default "pairs reports evidently parity ks progress parts cut") picks sections; PAIRS (default 3) the number
# of alternating parse/drift pairs. Every JVM runs with -Xmx256m. Peak RSS comes from /usr/bin/time. Data is never
# committed.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
DATA=${DRIFT_BENCH_DIR:-/tmp/mlops-drift-bench}
SIZE_MB=${DRIFT_BENCH_MB:-1000}
EVIDENTLY_ROWS=${EVIDENTLY_ROWS:-1000000}
PARITY_ROWS=${PARITY_ROWS:-100000}
HEAP=${DRIFT_BENCH_HEAP:--Xmx256m}
SECTIONS=${SECTIONS:-pairs reports evidently parity ks progress parts cut}
PAIRS=${PAIRS:-3}
PARTS=${PARTS:-4}
has() { [[ " $SECTIONS " == *" $1 "* ]]; }
EVIDENTLY_VERSION=0.7.23
mkdir -p "$DATA"

mvn -q -B -DskipTests -pl mlops-cli -am package
echo "== load before: $(uptime)"
JAR=mlops-cli/target/mlops.jar

[ -f "$DATA/ref.csv" ] || java bench/DriftDataGenerator.java "$DATA/ref.csv" "$SIZE_MB" 0 1
[ -f "$DATA/cur.csv" ] || java bench/DriftDataGenerator.java "$DATA/cur.csv" "$SIZE_MB" 0.05 2

timed() { # label, command...: prints the command's output, then wall seconds, CPU use and peak RSS
  local label=$1; shift
  /usr/bin/time -f "%e %M %U %S %P" -o "$DATA/time.txt" "$@"
  read -r wall rss user sys cpu < "$DATA/time.txt"
  # to stderr, so it shows even when the command's stdout is redirected
  echo "$label: wall ${wall} s, CPU ${user} s user + ${sys} s sys (${cpu}), peak RSS $((rss / 1024)) MB" >&2
}

echo "== machine: $(nproc) cores, $(java -version 2>&1 | head -1), load $(cut -d' ' -f1-3 /proc/loadavg)"
ls -l "$DATA/ref.csv" "$DATA/cur.csv"
BENCH=(java $HEAP -cp "$JAR" bench/DriftBench.java)
if has pairs; then
echo "== pair of files: bare parse vs drift, alternating, $PAIRS times (other work on the machine varies; compare pairs)"
: > "$DATA/pairs.txt"
for i in $(seq "$PAIRS"); do
  for mode in parse drift; do
    timed "$mode run $i" "${BENCH[@]}" $mode "$DATA/ref.csv" "$DATA/cur.csv" | tee "$DATA/$mode.out"
    # in-JVM seconds (the bench's own clock), then wall and CPU seconds from /usr/bin/time
    in_jvm=$(sed -n "s/^$mode: \([0-9.]*\) s,.*/\1/p" "$DATA/$mode.out")
    read -r wall _ user sys _ < "$DATA/time.txt"
    echo "$mode $in_jvm $wall $user $sys" >> "$DATA/pairs.txt"
  done
done
# Throughput of the drift check as a share of the bare parse's, per pair (parse time / drift time).
awk -v floor=0.85 '$1 == "parse" { p1 = $2; p2 = $3; p3 = $4 + $5; next }
  { n++; r = p1 / $2; ok += (r >= floor); if (n == 1 || r < low) low = r
    printf "pair %d: drift/parse throughput %.3f in-JVM, %.3f wall, %.3f CPU\n", n, r, p2 / $3, p3 / ($4 + $5) }
  END { printf "pairs at or above %.2f in-JVM: %d of %d (lowest %.3f)\n", floor, ok, n, low }' "$DATA/pairs.txt"
fi
if has ks; then
echo "== --method ks on the numeric columns: exact (refinement pass) vs bounded, alternating"
timed "ks bounded" "${BENCH[@]}" ks-bounded "$DATA/ref.csv" "$DATA/cur.csv"
timed "ks exact" "${BENCH[@]}" ks-exact "$DATA/ref.csv" "$DATA/cur.csv"
fi
if has progress; then
echo "== drift with progress reporting off and on (plain lines every 5 s, as in a CI log), alternating"
timed "drift, no progress" "${BENCH[@]}" drift "$DATA/ref.csv" "$DATA/cur.csv"
timed "drift, progress" "${BENCH[@]}" drift-progress "$DATA/ref.csv" "$DATA/cur.csv" 2> "$DATA/progress.txt"
cat "$DATA/progress.txt"
fi
if has parts; then
echo "== reference profile: one file vs the same rows in $PARTS part files (parallel, merged), alternating"
if [ ! -d "$DATA/ref-parts" ]; then
  mkdir -p "$DATA/ref-parts"
  tail -n +2 "$DATA/ref.csv" > "$DATA/ref-body.csv"
  split -n "l/$PARTS" -d -a 5 --additional-suffix=.csv "$DATA/ref-body.csv" "$DATA/ref-parts/part-"
  rm "$DATA/ref-body.csv"
  for f in "$DATA"/ref-parts/part-*.csv; do
    { head -1 "$DATA/ref.csv"; cat "$f"; } > "$f.tmp" && mv "$f.tmp" "$f"
  done
fi
timed "profile, one file" "${BENCH[@]}" profile "$DATA/ref.csv" -
timed "profile, $PARTS parts" "${BENCH[@]}" profile "$DATA/ref-parts" -
fi
if has cut; then
echo "== reference profile: one pass vs the same file cut at line breaks into $PARTS parts (parallel, merged), alternating"
timed "profile, one pass" "${BENCH[@]}" profile "$DATA/ref.csv" -
PARTS=$PARTS timed "profile, file cut in $PARTS" "${BENCH[@]}" profile-cut "$DATA/ref.csv" -
fi
if has reports; then
echo "== mlops drift with JSON, HTML and JUnit reports"
MLOPS_JAVA_OPTS=$HEAP timed "mlops drift" bin/mlops drift --reference "$DATA/ref.csv" --current "$DATA/cur.csv" \
  --json "$DATA/drift.json" --html "$DATA/drift.html" --junit "$DATA/drift.xml" --profile-out "$DATA/ref.profile.json" \
  > "$DATA/mlops-drift.out" || true
tail -2 "$DATA/mlops-drift.out"
ls -l "$DATA/drift.html" "$DATA/ref.profile.json"
MLOPS_JAVA_OPTS=$HEAP timed "mlops drift against the saved profile" bin/mlops drift \
  --reference "$DATA/ref.profile.json" --current "$DATA/cur.csv" > /dev/null || true
fi

if has evidently; then
echo "== Evidently $EVIDENTLY_VERSION DataDriftPreset vs ours on the first $EVIDENTLY_ROWS rows of each file"
if [ ! -x bench/.venv-evidently/bin/python ] || ! bench/.venv-evidently/bin/python -c \
    "import evidently, sys; sys.exit(evidently.__version__ != '$EVIDENTLY_VERSION')" 2>/dev/null; then
  python3 -m venv bench/.venv-evidently
  bench/.venv-evidently/bin/pip install -q --disable-pip-version-check "evidently==$EVIDENTLY_VERSION" "pandas<3"
fi
head -n $((EVIDENTLY_ROWS + 1)) "$DATA/ref.csv" > "$DATA/ref-e.csv"
head -n $((EVIDENTLY_ROWS + 1)) "$DATA/cur.csv" > "$DATA/cur-e.csv"
timed "evidently" bench/.venv-evidently/bin/python bench/evidently_drift.py "$DATA/ref-e.csv" "$DATA/cur-e.csv" \
  "$DATA/evidently.json"
timed "ours, same rows" java $HEAP -cp "$JAR" bench/DriftBench.java drift "$DATA/ref-e.csv" "$DATA/cur-e.csv"
echo "-- scores at $EVIDENTLY_ROWS rows (binned on our side) against Evidently's exact ones"
MLOPS_JAVA_OPTS=$HEAP bin/mlops drift --reference "$DATA/ref-e.csv" --current "$DATA/cur-e.csv" \
  --json "$DATA/ours-e.json" > /dev/null 2>&1 || true
python3 bench/compare_with_evidently.py "$DATA/ours-e.json" "$DATA/evidently.json"
fi
if has parity; then

echo "== parity with Evidently at $PARITY_ROWS rows"
head -n $((PARITY_ROWS + 1)) "$DATA/ref.csv" > "$DATA/ref-p.csv"
head -n $((PARITY_ROWS + 1)) "$DATA/cur.csv" > "$DATA/cur-p.csv"
bench/.venv-evidently/bin/python bench/evidently_drift.py "$DATA/ref-p.csv" "$DATA/cur-p.csv" "$DATA/evidently-p.json"
bin/mlops drift --reference "$DATA/ref-p.csv" --current "$DATA/cur-p.csv" --json "$DATA/ours-p.json" > /dev/null || true
python3 bench/compare_with_evidently.py "$DATA/ours-p.json" "$DATA/evidently-p.json"
fi
echo "== load after: $(uptime)"
