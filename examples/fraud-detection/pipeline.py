"""Kubeflow pipeline for the fraud-detection example; compile with `python pipeline.py` (see README.md)."""
from kfp import compiler, dsl
from kfp.dsl import Dataset, Input, Metrics, Output

IMAGE = "python:3.11-slim"
PACKAGES = ["scikit-learn==1.6.1", "pandas==2.2.3", "mlflow==3.18.0"]


@dsl.component(base_image=IMAGE, packages_to_install=PACKAGES)
def prepare_data(n_samples: int, fraud_rate: float, seed: int, data: Output[Dataset]):
    """Makes a synthetic, imbalanced transactions table (no download needed)."""
    import pandas as pd
    from sklearn.datasets import make_classification

    x, y = make_classification(n_samples=n_samples, n_features=20, n_informative=8,
                               weights=[1 - fraud_rate], flip_y=0.005, random_state=seed)
    frame = pd.DataFrame(x, columns=[f"f{i}" for i in range(x.shape[1])])
    frame["is_fraud"] = y
    frame.to_csv(data.path, index=False)


@dsl.component(base_image=IMAGE, packages_to_install=PACKAGES)
def train_model(data: Input[Dataset], n_estimators: int, max_depth: int, seed: int, release_version: str,
                mlflow_tracking_uri: str, mlflow_run_id: str, metrics: Output[Metrics]):
    """Trains the classifier; logs metrics to KFP and, when given an MLflow run, to MLflow with the model."""
    import os

    import pandas as pd
    from sklearn.ensemble import RandomForestClassifier
    from sklearn.metrics import f1_score, precision_score, recall_score, roc_auc_score
    from sklearn.model_selection import train_test_split

    frame = pd.read_csv(data.path)
    y = frame.pop("is_fraud")
    x_train, x_test, y_train, y_test = train_test_split(frame, y, test_size=0.25, stratify=y, random_state=seed)
    model = RandomForestClassifier(n_estimators=n_estimators, max_depth=max_depth, class_weight="balanced",
                                   random_state=seed, n_jobs=1).fit(x_train, y_train)
    scores = model.predict_proba(x_test)[:, 1]
    predicted = (scores >= 0.5).astype(int)
    values = {"auc": roc_auc_score(y_test, scores), "f1": f1_score(y_test, predicted, zero_division=0),
              "precision": precision_score(y_test, predicted, zero_division=0),
              "recall": recall_score(y_test, predicted, zero_division=0)}
    for name, value in values.items():
        metrics.log_metric(name, float(value))

    # With the KFP MLflow plugin the launcher sets MLFLOW_RUN_ID and syncs the metrics itself; without it the CI
    # step passes the run it created as mlflow_run_id, and the component logs there.
    tracking_uri = mlflow_tracking_uri or os.environ.get("MLFLOW_TRACKING_URI", "")
    run_id = mlflow_run_id or os.environ.get("MLFLOW_RUN_ID", "")
    if tracking_uri and run_id:
        import mlflow
        import mlflow.sklearn

        mlflow.set_tracking_uri(tracking_uri)
        with mlflow.start_run(run_id=run_id):
            mlflow.log_metrics(values)
            mlflow.sklearn.log_model(model, name="model", skops_trusted_types=["sklearn.tree._tree.Tree"])
            if release_version:
                mlflow.set_tag("mlops.release_version", release_version)


@dsl.pipeline(name="fraud-detection", description="Trains the fraud-detection classifier.")
def fraud_detection(release_version: str, n_samples: int = 20000, fraud_rate: float = 0.02,
                    n_estimators: int = 200, max_depth: int = 8, seed: int = 42,
                    mlflow_tracking_uri: str = "", mlflow_run_id: str = ""):
    data = prepare_data(n_samples=n_samples, fraud_rate=fraud_rate, seed=seed)
    train_model(data=data.outputs["data"], n_estimators=n_estimators, max_depth=max_depth, seed=seed,
                release_version=release_version, mlflow_tracking_uri=mlflow_tracking_uri,
                mlflow_run_id=mlflow_run_id)


if __name__ == "__main__":
    compiler.Compiler().compile(fraud_detection, package_path="pipeline.yaml")
