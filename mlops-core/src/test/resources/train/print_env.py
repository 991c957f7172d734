"""Prints the variables the training step promises to set."""
import os

for name in ("MLFLOW_TRACKING_URI", "MLFLOW_RUN_ID", "MLFLOW_EXPERIMENT_ID", "MLOPS_RELEASE_VERSION"):
    print(f"{name}={os.environ.get(name, '')}", flush=True)
