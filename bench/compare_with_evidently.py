"""Compares per-column scores of `mlops drift --json` with Evidently's (written by evidently_drift.py).

Usage: python3 bench/compare_with_evidently.py OURS.json EVIDENTLY.json
"""
import json
import sys

ours = json.load(open(sys.argv[1]))
theirs = json.load(open(sys.argv[2]))
worst = 0.0
inside = True
for column in ours["columns"]:
    name = column["column"]
    other = theirs[name]["score"]
    diff = abs(column["score"] - other)
    rel = diff / max(abs(other), 1e-300)
    worst = max(worst, rel)
    bounds = ""
    if "approximation" in column:  # binned: Evidently's exact value must lie in our reported interval
        low, high = column["approximation"]["scoreLow"], column["approximation"]["scoreHigh"]
        inside = inside and low - 1e-12 <= other <= high + 1e-12
        bounds = f"  our bounds [{low:.6g}, {high:.6g}]"
    print(f"{name:8s} {column['method']:12s} ours {column['score']:.15g}  evidently ({theirs[name]['method']}) "
          f"{other:.15g}  relative difference {rel:.1e}{bounds}")
print(f"drift share: ours {ours['driftShare']}, evidently {theirs['__share__']}; largest relative difference {worst:.1e}; "
      f"Evidently's values inside our bounds: {inside}")
