#!/usr/bin/env bash
# Registration benchmark: `mlops register` against the same job done with MLflow's Python client, in one run,
# against one local MLflow server. Both talk to MLflow through counting_proxy.py, which counts their HTTP calls.
# Usage: bench/registration/run.sh [ROUNDS]   (default 9; prints Markdown tables for docs/benchmarks.md)
# Measured twice: as command lines (a process per registration, as other CI systems run `mlops`) and inside one
# warm process each (as the Jenkins plugin runs the engine in the controller's JVM).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
rounds=${1:-9}
bash scripts/setup-python.sh >/dev/null
"$root/bin/mlops" --version >/dev/null   # builds the jar if needed, outside the timings
py="$root/.venv/bin/python"
work=$(mktemp -d)
free_port() { "$py" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
server_port=$(free_port); proxy_port=$(free_port)
"$root/.venv/bin/mlflow" server --host 127.0.0.1 --port "$server_port" \
  --backend-store-uri "sqlite:///$work/mlflow.db" --serve-artifacts --artifacts-destination "$work/artifacts" \
  >"$work/server.log" 2>&1 &
server_pid=$!
"$py" bench/registration/counting_proxy.py "$proxy_port" "http://127.0.0.1:$server_port" &
proxy_pid=$!
trap 'kill $server_pid $proxy_pid 2>/dev/null; wait 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$server_port/health" >/dev/null && break; sleep 0.5; done

export MLFLOW_TRACKING_URI="http://127.0.0.1:$server_port"
run_id=$("$py" bench/registration/prepare_run.py 2>/dev/null | sed -n 's/^RUN_ID=//p')
proxy="http://127.0.0.1:$proxy_port"
gate='auc >= 0.8 && auc >= champion.auc - 0.005'

# Wall time of one command in ms; HTTP calls it made, from the proxy's counter.
measure() {
  curl -sf -X POST "$proxy/__reset" >/dev/null
  local start end
  start=$(date +%s%N)
  "$@" >/dev/null 2>>"$work/errors.log"
  end=$(date +%s%N)
  echo "$(( (end - start) / 1000000 )) $(curl -sf "$proxy/__count" | "$py" -c 'import json,sys; print(json.load(sys.stdin)["total"])')"
}

java_times=(); java_calls=(); python_times=(); python_calls=(); jvm_times=(); import_times=()
for i in $(seq 1 "$rounds"); do
  read -r t c < <(MLFLOW_TRACKING_URI=$proxy JOB_NAME=bench-job BUILD_NUMBER=$i measure \
      "$root/bin/mlops" register --model bench-java --run-id "$run_id" --gate "$gate" --json)
  java_times+=("$t"); java_calls+=("$c")
  read -r t c < <(MLFLOW_TRACKING_URI=$proxy measure "$py" bench/registration/python_register.py bench-python "$run_id" "$i")
  python_times+=("$t"); python_calls+=("$c")
  # Process start-up alone, to separate it from the registration work.
  read -r t _ < <(measure "$root/bin/mlops" --version); jvm_times+=("$t")
  read -r t _ < <(measure "$py" -c 'from mlflow.tracking import MlflowClient'); import_times+=("$t")
done

# The same job in one long-lived process each (how the Jenkins plugin runs: a warm JVM), after 3 warm-up rounds.
mapfile -t java_warm < <(java -cp "$root/mlops-cli/target/mlops.jar" bench/registration/RegisterInProcess.java \
    "$proxy" bench-java-inprocess "$run_id" "$gate" 3 "$rounds" 2>>"$work/errors.log")
mapfile -t python_warm < <(MLFLOW_TRACKING_URI=$proxy "$py" bench/registration/python_register.py \
    bench-python-inprocess "$run_id" 3 "$rounds" 2>>"$work/errors.log")

median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2)}'; }
jm=$(median "${java_times[@]}"); pm=$(median "${python_times[@]}")
js=$(median "${jvm_times[@]}"); ps=$(median "${import_times[@]}")
jc=$(median "${java_calls[@]}"); pc=$(median "${python_calls[@]}")
ratio() { "$py" -c "print(f'{$1/$2:.2f}')"; }
jw=$(median "${java_warm[@]%% *}"); jwc=$(median "${java_warm[@]##* }"); pw=$(median "${python_warm[@]}")
echo "rounds: $rounds; first round included (each round registers a new build, so a new version)"
echo
echo "| job | HTTP calls (median) | wall time, median ms | start-up only, median ms | wall time minus start-up, ms |"
echo "|---|---|---|---|---|"
echo "| \`mlops register\` (Java CLI) | $jc | $jm | $js (\`mlops --version\`) | $((jm - js)) |"
echo "| MLflow Python client, same job | $pc | $pm | $ps (\`import MlflowClient\`) | $((pm - ps)) |"
echo
echo "ratios Java/Python (command line): HTTP calls $(ratio "$jc" "$pc"), wall time $(ratio "$jm" "$pm"), minus start-up $(ratio "$((jm - js))" "$((pm - ps))")"
echo
echo "| in one warm process (3 warm-up rounds) | HTTP calls (median) | median ms per registration |"
echo "|---|---|---|"
echo "| \`RegisterModel\` (engine, as in Jenkins) | $jwc | $jw |"
echo "| MLflow Python client, same job | $pc | $pw |"
echo
echo "ratio Java/Python in one warm process: wall time $(ratio "$jw" "$pw")"
if [ -s "$work/errors.log" ] && grep -q "error" "$work/errors.log"; then echo "errors:"; cat "$work/errors.log"; exit 1; fi
