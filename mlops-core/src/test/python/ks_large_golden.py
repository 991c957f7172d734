"""Computes the scipy reference values of the large-sample KS golden tests and writes them next to the tests.

Run: .venv/bin/python mlops-core/src/test/python/ks_large_golden.py
Writes mlops-core/src/test/resources/io/mlopsbridge/drift/ks-large-golden.json (committed). The Java tests never run
Python: they regenerate the same samples bit for bit (SplitMix64 counters, then only +, -, *, floor on doubles,
which IEEE 754 makes identical in numpy and Java) and compare with the committed values.

Samples: value k of a sample with seed s is u(4k) + u(4k+1) + u(4k+2) + u(4k+3) - 2 + shift, with
u(i) = (splitmix64(s + (i + 1) * 0x9E3779B97F4A7C15) >> 11) * 2^-53 (Irwin-Hall, close to normal); with a
"step", the value is floor(value / step) * step (ties).
"""
import json
import pathlib

import numpy as np
import scipy
from scipy import stats

GAMMA = np.uint64(0x9E3779B97F4A7C15)


def splitmix(z):
    z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return z ^ (z >> np.uint64(31))


def sample(seed, size, shift, step):
    i = np.arange(1, 4 * size + 1, dtype=np.uint64)
    with np.errstate(over="ignore"):
        u = (splitmix(np.uint64(seed) + i * GAMMA) >> np.uint64(11)).astype(np.float64) * 2.0 ** -53
    u = u.reshape(size, 4)
    v = u[:, 0] + u[:, 1] + u[:, 2] + u[:, 3] - 2.0 + shift
    if step:
        v = np.floor(v / step) * step
    return v


SAMPLES = [
    # name, reference (seed, size, shift, step), current (seed, size, shift, step)
    ("below the exact limit, 60k vs 80k", (11, 60_000, 0.0, 0), (12, 80_000, 0.01, 0)),
    ("300k vs 200k, small shift", (21, 300_000, 0.0, 0), (22, 200_000, 0.008, 0)),
    ("250k vs 250k, same distribution", (31, 250_000, 0.0, 0), (32, 250_000, 0.0, 0)),
    ("400k vs 150k, ties on a 0.01 step", (41, 400_000, 0.0, 0.01), (42, 150_000, 0.01, 0.01)),
    ("2.5M vs 2M, shift", (51, 2_500_000, 0.0, 0), (52, 2_000_000, 0.003, 0)),
]

samples = []
for name, ref, cur in SAMPLES:
    x = sample(*ref)
    y = sample(*cur)
    r = stats.ks_2samp(x, y)
    samples.append({"name": name, "reference": dict(zip(("seed", "size", "shift", "step"), ref)),
                    "current": dict(zip(("seed", "size", "shift", "step"), cur)),
                    "firstValues": [float(v) for v in x[:3]],
                    "d": float(r.statistic), "p": float(r.pvalue)})
    print(name, r.statistic, r.pvalue)

kstwo = []
for n in (100_001, 120_000, 150_000, 999_999, 1_000_000, 1_000_001, 1_111_111, 5_000_000):
    for t in (0.7, 0.9):
        d = t / n
        kstwo.append({"n": n, "d": d, "sf": float(stats.kstwo.sf(d, n))})
    for nd2 in (0.05, 0.3, 1.0, 2.0, 2.19, 2.21, 5.0, 20.0, 100.0, 300.0, 369.0, 371.0):
        d = float(np.sqrt(nd2 / n))
        kstwo.append({"n": n, "d": d, "sf": float(stats.kstwo.sf(d, n))})

out = pathlib.Path(__file__).resolve().parents[1] / "resources/io/mlopsbridge/drift/ks-large-golden.json"
out.write_text(json.dumps({"scipy": scipy.__version__, "numpy": np.__version__, "samples": samples,
                           "kstwo": kstwo}, indent=1) + "\n")
print("wrote", out)
