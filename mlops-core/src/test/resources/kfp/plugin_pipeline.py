"""A pipeline without an mlflow_run_id parameter: its metrics come back only through the KFP MLflow plugin.

Recompile (kfp 2.17.3, see examples/fraud-detection/README.md): /tmp/kfp-venv/bin/python plugin_pipeline.py
"""
from kfp import compiler, dsl
from kfp.dsl import Metrics, Output


@dsl.component(base_image="python:3.11-slim")
def evaluate(threshold: float, metrics: Output[Metrics]):
    metrics.log_metric("auc", 0.97)
    metrics.log_metric("threshold", threshold)


@dsl.pipeline(name="plugin-metrics")
def plugin_metrics(threshold: float = 0.5):
    evaluate(threshold=threshold)


if __name__ == "__main__":
    compiler.Compiler().compile(plugin_metrics, package_path="plugin-pipeline.yaml")
