"""The registration job done with the MLflow Python client, as a baseline for `mlops register`.

Same job as `bin/mlops register`: read the run's metrics, look up the champion and its metrics, create or reuse the
registered model, look for this build's version by its build tag, create the version with lineage tags, wait until
READY, evaluate the gate, write verdict tags and the release tag on the run, and set the candidate alias.
Usage: python_register.py MODEL_NAME RUN_ID BUILD_NUMBER         (one registration)
       python_register.py MODEL_NAME RUN_ID WARMUP ROUNDS       (in one process, timed per round)
"""
import sys
import time

from mlflow.exceptions import MlflowException
from mlflow.tracking import MlflowClient

def register(client, name, run_id, build):
    release = f"{build}-bench"
    build_key = f"bench-job#{build}"

    metrics = client.get_run(run_id).data.metrics
    try:
        champion = client.get_model_version_by_alias(name, "champion")
        champion_metrics = client.get_run(champion.run_id).data.metrics
    except MlflowException:
        champion_metrics = None

    try:
        client.create_registered_model(name)
    except MlflowException as e:
        if e.error_code != "RESOURCE_ALREADY_EXISTS":
            raise

    existing = client.search_model_versions(f"name = '{name}' and tags.`mlops.build_key` = '{build_key}'")
    if existing:
        version = existing[0]
    else:
        tags = {
            "mlops.release": release,
            "mlops.build_key": build_key,
            "mlops.ci.job": "bench-job",
            "mlops.ci.build_number": build,
            "mlops.training_run_id": run_id,
            "mlops.registered_by": "python baseline",
        }
        version = client.create_model_version(name, f"runs:/{run_id}/model", run_id=run_id, tags=tags)
    while version.status != "READY":
        time.sleep(0.2)
        version = client.get_model_version(name, version.version)

    passed = metrics["auc"] >= 0.8 and (champion_metrics is None or metrics["auc"] >= champion_metrics["auc"] - 0.005)
    client.set_model_version_tag(name, version.version, "mlops.gate.verdict", "passed" if passed else "rejected")
    client.set_model_version_tag(name, version.version, "mlops.gate.expression", "auc >= 0.8 && auc >= champion.auc - 0.005")
    client.set_tag(run_id, "mlops.release", release)
    if passed:
        client.set_registered_model_alias(name, "candidate", version.version)
    return version.version


if __name__ == "__main__":
    client = MlflowClient()
    if len(sys.argv) == 4:
        print(register(client, sys.argv[1], sys.argv[2], sys.argv[3]))
    else:
        # In-process mode: WARMUP untimed rounds, then ROUNDS timed ones, printing "ms" per round.
        name, run_id, warmup, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
        for i in range(1, warmup + rounds + 1):
            start = time.perf_counter()
            register(client, name, run_id, str(1000 + i))
            if i > warmup:
                print(int((time.perf_counter() - start) * 1000))
