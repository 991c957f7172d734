#!/bin/sh
# The training "command" that `mlops train` runs for the block form of the library's trainModel.
#
#   mlops-block.sh HANDSHAKE_DIR
#
# `mlops train -- mlops-block.sh DIR` has opened the MLflow run and started this script inside it. The script hands
# the run's variables to the Jenkins var (DIR/run.env), waits while the var runs the block's steps, then exits with
# the code the var wrote to DIR/outcome (0: the block succeeded, anything else: it failed), so that `mlops train`
# closes the run FINISHED or FAILED and reports its metrics.
set -u
dir=$1
{
  echo "MLFLOW_RUN_ID=${MLFLOW_RUN_ID}"
  echo "MLFLOW_EXPERIMENT_ID=${MLFLOW_EXPERIMENT_ID:-}"
  echo "MLFLOW_TRACKING_URI=${MLFLOW_TRACKING_URI}"
  echo "MLOPS_RELEASE_VERSION=${MLOPS_RELEASE_VERSION:-}"
} >"$dir/run.env.part" && mv "$dir/run.env.part" "$dir/run.env"
while [ ! -f "$dir/outcome" ]; do
  sleep 1
done
exit "$(cat "$dir/outcome")"
