"""Trains a small fraud classifier and logs its metrics and model to MLflow.

Run by `mlops train --experiment fraud-detection -- python train.py`, it logs into the MLflow run the step created
(MLFLOW_RUN_ID, MLFLOW_TRACKING_URI and MLFLOW_EXPERIMENT_ID are set by the step). Run by hand, it starts its own
run. Without --data the data are synthetic (imbalanced, about 2 % fraud) so the example needs no download; with
--data it trains on a labelled CSV (label column is_fraud, as transactions.py writes).

Metrics are measured on a held-out 25 % of the data (stratified, split by --seed). With --champion MODEL_URI the
champion is scored on exactly the same held-out rows and logged as champion_holdout_<metric>, so a gate can compare
challenger and champion on the same evaluation data (`auc >= champion_holdout_auc + 0.01`).
"""
import argparse
import os

import mlflow
import mlflow.sklearn
from sklearn.datasets import make_classification
from sklearn.ensemble import RandomForestClassifier
from sklearn.metrics import accuracy_score, f1_score, precision_score, recall_score, roc_auc_score
from sklearn.model_selection import train_test_split


def parse_args():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--n-samples", type=int, default=5000)
    p.add_argument("--fraud-rate", type=float, default=0.02)
    p.add_argument("--n-estimators", type=int, default=50)
    p.add_argument("--max-depth", type=int, default=8)
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--no-model", action="store_true", help="skip logging the model (faster, for smoke tests)")
    p.add_argument("--data", help="labelled CSV to train on (label column is_fraud) instead of synthetic data")
    p.add_argument("--champion", metavar="MODEL_URI",
                   help="score this model (e.g. models:/fraud-detector@champion) on the same held-out rows")
    p.add_argument("--retrain-trigger", metavar="TIME",
                   help="the drift trigger that started this training, recorded as the run tag retrain_trigger")
    return p.parse_args()


def load_data(args):
    if args.data:
        import pandas as pd
        frame = pd.read_csv(args.data)
        return frame.drop(columns=["is_fraud"]), frame["is_fraud"]
    return make_classification(n_samples=args.n_samples, n_features=20, n_informative=8,
                               weights=[1 - args.fraud_rate], flip_y=0.005, random_state=args.seed)


def evaluate(model, x_test, y_test):
    scores = model.predict_proba(x_test)[:, 1]
    predicted = (scores >= 0.5).astype(int)
    return {
        "auc": roc_auc_score(y_test, scores),
        "f1": f1_score(y_test, predicted, zero_division=0),
        "precision": precision_score(y_test, predicted, zero_division=0),
        "recall": recall_score(y_test, predicted, zero_division=0),
        "accuracy": accuracy_score(y_test, predicted),
    }


def main():
    args = parse_args()
    x, y = load_data(args)
    x_train, x_test, y_train, y_test = train_test_split(x, y, test_size=0.25, stratify=y, random_state=args.seed)

    # mlflow.start_run() resumes the run named by MLFLOW_RUN_ID when the step created one.
    with mlflow.start_run() as run:
        params = {"n_samples": len(y), "n_estimators": args.n_estimators, "max_depth": args.max_depth,
                  "seed": args.seed, "data": os.path.basename(args.data) if args.data else "synthetic"}
        if not args.data:
            params["fraud_rate"] = args.fraud_rate
        if args.champion:
            params["champion"] = args.champion
        mlflow.log_params(params)
        if args.retrain_trigger:
            mlflow.set_tag("retrain_trigger", args.retrain_trigger)
        model = RandomForestClassifier(n_estimators=args.n_estimators, max_depth=args.max_depth,
                                       class_weight="balanced", random_state=args.seed, n_jobs=1)
        model.fit(x_train, y_train)
        metrics = evaluate(model, x_test, y_test)
        if args.champion:
            # The champion was trained earlier, on other data; scored here on the challenger's held-out rows, the
            # two numbers answer the same question.
            champion = mlflow.sklearn.load_model(args.champion)
            metrics.update({f"champion_holdout_{k}": v for k, v in evaluate(champion, x_test, y_test).items()})
        mlflow.log_metrics(metrics)
        if not args.no_model:
            # MLflow 3.18 saves sklearn models with skops, which refuses tree internals unless they are named as
            # trusted; this model was trained just above, so its Tree objects are ours.
            mlflow.sklearn.log_model(model, name="model", input_example=x_test[:5],
                                     skops_trusted_types=["sklearn.tree._tree.Tree"])
        release = os.environ.get("MLOPS_RELEASE_VERSION")
        if release:
            mlflow.set_tag("mlops.release_version", release)
        print(f"run {run.info.run_id}: " + ", ".join(f"{k}={v:.4f}" for k, v in metrics.items()), flush=True)


if __name__ == "__main__":
    main()
