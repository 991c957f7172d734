"""Prints the reference values the drift tests commit as constants (provenance: scipy/numpy in .venv).

Run: .venv/bin/python mlops-core/src/test/python/drift_golden.py
The Java tests never run this; it documents where each constant came from and lets a reviewer re-derive them.
"""
import numpy as np
import scipy
from scipy import stats
from scipy.spatial.distance import jensenshannon

print("scipy", scipy.__version__, "numpy", np.__version__)


def ks(name, x, y):
    r = stats.ks_2samp(x, y)
    print(f"ks {name}: D={r.statistic!r} p={r.pvalue!r}")


ks("[0] vs [1]", [0], [1])
d1 = np.array([1.0, 2.0])
ks("2v3 +0.01", d1 + 0.01, [1.0, 2.0, 3.0])
ks("2v3 -0.01", d1 - 0.01, [1.0, 2.0, 3.0])
ks("2v4 +0.01", d1 + 0.01, [1.0, 2.0, 3.0, 4.0])
ks("2v4 -0.01", d1 - 0.01, [1.0, 2.0, 3.0, 4.0])
x100 = np.linspace(1, 100, 100)
x110 = np.linspace(1, 100, 110)
ks("100 vs +2.1", x100, x100 + 2 + 0.1)
ks("100 vs 110+20.1", x100, x110 + 20 + 0.1)
ks("100 vs 110+19.9", x100, x110 + 20 - 0.1)
x2233 = np.array([2] * 3 + [3] * 4 + [5] * 5 + [6] * 4, dtype=int)
ks("repeated 1", x2233, x2233 + 1)
ks("repeated 2", np.array([2] * 3 + [3] * 4 + [5] * 10 + [6] * 4), np.array([3] * 10 + [4] * 2 + [6] * 10 + [7] * 4))
n1, n2 = 10000, 110
delta = 1.0 / n1 / n2 / 2 / 2
ks("10000 vs 110", np.linspace(1, 200, n1) - delta, np.linspace(2, 100, n2))
n1, n2 = 10000, 11000
delta = 1.0 / n1 / n2 / 2 / 2
ks("10000 vs 11000", np.linspace(1, 200, n1) - delta, np.linspace(2, 200, n2))

# kstwo.sf for effective sizes above the exact limit (Stephens' approximation is compared against these)
for n, d in [(150000, 0.001), (150000, 0.003), (150000, 0.005), (1000000, 0.0005), (1000000, 0.001), (1000000, 0.002),
             (5000000, 0.0003), (5000000, 0.0006)]:
    print(f"kstwo.sf(d={d}, n={n}) = {stats.kstwo.sf(d, n)!r}")

print("wasserstein", stats.wasserstein_distance([0, 1, 3], [5, 6, 8]),
      stats.wasserstein_distance([0, 1], [0, 1], [3, 1], [2, 2]),
      repr(stats.wasserstein_distance([3.4, 3.9, 7.5, 7.8], [4.5, 1.4], [1.4, 0.9, 3.1, 7.2], [3.2, 3.5])))
print("jensenshannon", repr(jensenshannon([1, 0], [0.5, 0.5])), repr(jensenshannon([1, 0], [0, 1])))
print("chisquare", stats.chisquare([16, 18, 16, 14, 12, 12]), stats.chisquare([16, 18, 16, 14, 12, 12], [16, 16, 16, 16, 16, 8]))
print("entropy", repr(stats.entropy([0.2, 0.5, 0.3], [0.1, 0.6, 0.3])))
print("sturges", np.histogram_bin_edges(np.arange(1, 9), bins="sturges").tolist(),
      np.histogram_bin_edges(np.linspace(0, 1, 1000), bins="sturges").size - 1)
