"""Training code inside a block step: logs to the run the step opened (MLFLOW_RUN_ID), as `sh 'python train.py'` would."""
import mlflow

with mlflow.start_run():
    mlflow.log_metric("auc", 0.931)
    mlflow.log_metric("f1", 0.82)
