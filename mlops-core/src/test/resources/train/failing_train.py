"""Logs a metric to the step's MLflow run, then fails like a training job that hits bad data."""
import sys

import mlflow

with mlflow.start_run():
    mlflow.log_metric("loss", 0.731)
print("ValueError: input contains NaN", file=sys.stderr, flush=True)
sys.exit(3)
