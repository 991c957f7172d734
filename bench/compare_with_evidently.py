"""Compares per-column scores of `mlops drift --json` with Evidently's (written by evidently_drift.py).

Usage: python3 bench/compare_with_evidently.py OURS.json EVIDENTLY.json
"""
import json
import sys

ours = json.load(open(sys.argv[1]))
theirs = json.load(open(sys.argv[2]))
worst = 0.0
for column in ours["columns"]:
    name = column["column"]
    other = theirs[name]["score"]
    diff = abs(column["score"] - other)
    rel = diff / max(abs(other), 1e-300)
    worst = max(worst, rel)
    print(f"{name:8s} {column['method']:12s} ours {column['score']:.15g}  evidently ({theirs[name]['method']}) "
          f"{other:.15g}  relative difference {rel:.1e}")
print(f"drift share: ours {ours['driftShare']}, evidently {theirs['__share__']}; largest relative difference {worst:.1e}")
