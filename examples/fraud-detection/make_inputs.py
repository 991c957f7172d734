"""Writes the inputs the demo needs around the trained model: smoke-test requests and two feature files for drift.

- smoke.json: requests for MLflow's /invocations ({"inputs": [[...20 features...]]}), five rows each, sent 4 times;
- reference.csv: features as train.py generates them (the training data's distribution);
- current.csv: "production" features where two columns have moved, so a drift check has something to find.
Usage: make_inputs.py OUT_DIR [--rows N] [--seed S]
"""
import argparse
import json
import os

import numpy as np
from sklearn.datasets import make_classification


def features(n, seed):
    x, _ = make_classification(n_samples=n, n_features=20, n_informative=8, weights=[0.98], flip_y=0.005,
                               random_state=seed)
    return x


def write_csv(path, x):
    header = ",".join(f"f{i}" for i in range(x.shape[1]))
    np.savetxt(path, x, delimiter=",", header=header, comments="", fmt="%.5f")


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("out_dir")
    p.add_argument("--rows", type=int, default=20000)
    p.add_argument("--seed", type=int, default=42)
    args = p.parse_args()
    os.makedirs(args.out_dir, exist_ok=True)

    # One draw split in two halves: the same distribution on both sides until the shift below.
    both = features(2 * args.rows, args.seed)
    reference, current = both[:args.rows], both[args.rows:].copy()
    current[:, 3] = current[:, 3] * 1.5 + 0.8   # a feature whose upstream unit changed
    current[:, 7] = current[:, 7] + 1.0         # a feature whose population moved
    write_csv(os.path.join(args.out_dir, "reference.csv"), reference)
    write_csv(os.path.join(args.out_dir, "current.csv"), current)

    requests = [{"inputs": reference[i:i + 5].round(5).tolist()} for i in range(0, 25, 5)]
    with open(os.path.join(args.out_dir, "smoke.json"), "w") as f:
        json.dump({"requests": requests, "repeat": 4}, f)


if __name__ == "__main__":
    main()
