"""Reads what `bin/demo` needs to print: fields of the `mlops ... --json` results, and the final summary from MLflow.

  demo_report.py field FILE KEY[.KEY...]   one value of a JSON result (booleans as true/false)
  demo_report.py field FILE :metrics       the training metrics worth a progress line
  demo_report.py field FILE :gate          a registration's gate verdict, with the failed clauses' values
  demo_report.py field FILE :drift_summary a drift result: verdict and the drifted columns' scores
  demo_report.py trigger URL MODEL         the retrain-trigger time recorded on the registered model in MLflow
  demo_report.py summary URL MODEL WORKDIR the closing table: versions, aliases, gates, drift checks, files
"""
import glob
import json
import os
import sys
import urllib.parse
import urllib.request

TRIGGER_TAG = "mlops.drift.last_retrain_trigger"


def load(path):
    with open(path) as f:
        return json.load(f)


def text(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


def metrics_line(result):
    m = result["metrics"]
    line = ", ".join(f"{k} {m[k]:.3f}" for k in ("auc", "recall", "precision") if k in m)
    if "champion_holdout_auc" in m:
        line += (f"; champion on the same held-out rows: auc {m['champion_holdout_auc']:.3f},"
                 f" recall {m['champion_holdout_recall']:.3f}")
    return line


def gate_line(result):
    gate = result["gate"]
    clauses = gate["clauses"]
    passed = sum(1 for c in clauses if c["passed"])
    if gate["passed"]:
        alias = f", alias {result['alias_set']}" if result.get("alias_set") else ""
        return f"gate passed ({passed} of {len(clauses)} clauses){alias}"
    failed = ["'{}' ({})".format(c["text"], ", ".join(f"{k}={v:.4g}" for k, v in c["values"].items()))
              for c in clauses if not c["passed"]]
    return f"gate REJECTED, failed: {'; '.join(failed)}"


def drifted_columns(result):
    return [c for c in result["columns"] if c["drifted"]]


def drift_line(result):
    verdict = "DRIFT" if result["drifted"] else "no drift"
    scores = ", ".join(f"{c['column']} {c['method'].lower()} {c['score']:.3g}" for c in drifted_columns(result))
    return f"{verdict}, {result['driftedCount']} of {len(result['columns'])} columns drifted ({scores})"


def field(path, key):
    result = load(path)
    special = {":metrics": metrics_line, ":gate": gate_line, ":drift_summary": drift_line}
    if key in special:
        return special[key](result)
    value = result
    for part in key.split("."):
        value = value[part]
    return text(value)


def client(url):
    from mlflow import MlflowClient
    return MlflowClient(tracking_uri=url, registry_uri=url)


def trigger(url, model):
    # One REST call instead of importing MLflow's client: the demo reads this between two stages.
    query = urllib.parse.urlencode({"name": model})
    with urllib.request.urlopen(f"{url}/api/2.0/mlflow/registered-models/get?{query}", timeout=30) as answer:
        tags = json.load(answer)["registered_model"].get("tags", [])
    return next(t["value"] for t in tags if t["key"] == TRIGGER_TAG)


def table(header, rows):
    widths = [max(len(str(r[i])) for r in [header] + rows) for i in range(len(header))]
    lines = ["  ".join(str(v).ljust(w) for v, w in zip(r, widths)).rstrip() for r in [header] + rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def summary(url, model, work):
    mlflow = client(url)
    registered = mlflow.get_registered_model(model)
    aliases = {}
    for alias, version in registered.aliases.items():
        aliases.setdefault(str(version), []).append(alias)
    versions = sorted(mlflow.search_model_versions(f"name='{model}'"), key=lambda v: int(v.version))
    rows = []
    for v in versions:
        run = mlflow.get_run(v.run_id)
        rows.append([v.version, v.tags.get("mlops.release", ""), v.tags.get("mlops.ci.build_number", ""),
                     f"{run.data.metrics.get('auc', float('nan')):.3f}",
                     v.tags.get("mlops.gate.verdict", ""), ", ".join(sorted(aliases.get(v.version, []))) or "-"])
    print(f"Model {model} in MLflow {url}")
    print(table(["version", "release", "build", "auc", "gate", "aliases"], rows))
    print()
    checks = []
    for path in sorted(glob.glob(os.path.join(work, "reports", "drift-*.json"))):
        result = load(path)
        retrain = result.get("retrain") or {}
        checks.append([os.path.basename(path)[:-5], "DRIFT" if result["drifted"] else "no drift",
                       ", ".join(f"{c['column']} {c['method'].lower()} {c['score']:.3g}" for c in drifted_columns(result)),
                       text(retrain.get("retrain"))])
    print(table(["check", "verdict", "drifted columns (method score)", "retrain"], checks))
    print()
    print(f"Retrain trigger recorded on the model ({TRIGGER_TAG}): {registered.tags.get(TRIGGER_TAG, '-')}")
    print(f"Gate reports:  {os.path.join(work, 'reports', 'gate-<release>', 'gate-report.md')}")
    print(f"Drift reports: {os.path.join(work, 'reports', 'drift-1.html')} (and drift-2.html)")
    print(f"Stage logs:    {os.path.join(work, 'logs')}")
    print(f"MLflow UI:     {url}/#/models/{model}")


def main():
    command, args = sys.argv[1], sys.argv[2:]
    if command == "field":
        print(field(*args))
    elif command == "trigger":
        print(trigger(*args))
    elif command == "summary":
        summary(*args)
    else:
        sys.exit(f"demo_report.py: unknown command {command}; see the module docstring")


if __name__ == "__main__":
    main()
