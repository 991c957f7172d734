"""Logs a small scikit-learn model with its metrics into a new MLflow run and prints the run id."""
import mlflow
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score

X, y = make_classification(n_samples=500, n_features=8, random_state=7)
model = LogisticRegression(max_iter=500).fit(X, y)
mlflow.set_experiment("bench-registration")
with mlflow.start_run() as run:
    mlflow.log_metric("auc", roc_auc_score(y, model.predict_proba(X)[:, 1]))
    mlflow.log_metric("latency_p95_ms", 12.5)
    mlflow.sklearn.log_model(model, name="model")
# MLflow prints its own links on stdout when the run ends; the marker keeps the id easy to pick out.
print(f"RUN_ID={run.info.run_id}")
