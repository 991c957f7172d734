"""Evidently's DataDriftPreset on the benchmark files, for the comparison in docs/benchmarks.md.

Usage: bench/.venv-evidently/bin/python bench/evidently_drift.py REF.csv CUR.csv OUT.json
Prints wall time (read + report) and peak RSS; writes {column: score} to OUT.json for the parity check.
"""
import json
import resource
import sys
import time

import pandas as pd
from evidently import Report
from evidently.presets import DataDriftPreset

ref_path, cur_path, out_path = sys.argv[1:4]
start = time.perf_counter()
reference = pd.read_csv(ref_path)
current = pd.read_csv(cur_path)
read = time.perf_counter() - start
snapshot = Report([DataDriftPreset()]).run(current_data=current, reference_data=reference)
result = snapshot.dict()
total = time.perf_counter() - start
scores = {}
for metric in result["metrics"]:
    config = metric["config"]
    if config.get("type", "").endswith("ValueDrift"):
        scores[config["column"]] = {"method": config["method"], "score": metric["value"]}
    elif config.get("type", "").endswith("DriftedColumnsCount"):
        scores["__share__"] = metric["value"]["share"]
with open(out_path, "w") as f:
    json.dump(scores, f, indent=1)
rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"evidently: {total:.2f} s ({read:.2f} s reading CSV), {len(reference) + len(current)} rows, "
      f"peak RSS {rss_mb:.0f} MB")
