"""Trains a small scikit-learn classifier and logs it the MLflow 3 way (log_model(name=...)), with metrics.

Usage: python log_sklearn_model.py EXPERIMENT AUC_OFFSET
Prints RUN_ID=<id> and MODEL_ID=<id> on the last lines (MLflow prints its own lines before them).
"""
import sys

import mlflow
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score

experiment, offset = sys.argv[1], float(sys.argv[2])
X, y = make_classification(n_samples=400, n_features=6, random_state=7)
model = LogisticRegression(max_iter=300).fit(X, y)
mlflow.set_experiment(experiment)
with mlflow.start_run() as run:
    mlflow.log_metric("auc", roc_auc_score(y, model.predict_proba(X)[:, 1]) + offset)
    mlflow.log_metric("latency_p95_ms", 12.5)
    info = mlflow.sklearn.log_model(model, name="model", input_example=X[:2])
print(f"RUN_ID={run.info.run_id}")
print(f"MODEL_ID={info.model_id}")
