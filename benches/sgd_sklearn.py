"""The scikit-learn side of benches/sgd_vs_sklearn.rs: one workload on the same MNIST files,
timed once (the 60,000-row ones take minutes). Prints one line:
`<seconds>\t<result>\t<peak resident kB>` (loading MNIST is not timed, but is in the peak).

Usage: .venv/bin/python benches/sgd_sklearn.py MNIST_DIR WORKLOAD, where WORKLOAD is `fit_raw`
or `cross_val_predict_scaled[_10k|_2k]` (all 60,000 digits, or the first 10,000 or 2,000).
"""

import gzip
import resource
import sys
import time
from pathlib import Path

import numpy as np
from sklearn.linear_model import SGDClassifier
from sklearn.metrics import accuracy_score
from sklearn.model_selection import cross_val_predict
from sklearn.preprocessing import StandardScaler

data = Path(sys.argv[1])
workload = sys.argv[2]


def read(name, offset):
    with gzip.open(data / name) as f:
        return np.frombuffer(f.read(), np.uint8, offset=offset)


x_train = read("train-images-idx3-ubyte.gz", 16).reshape(-1, 784).astype(np.float64)
y_train = read("train-labels-idx1-ubyte.gz", 8)
rows = {"_10k": 10_000, "_2k": 2_000}.get(workload[len("cross_val_predict_scaled"):], 60_000)

if workload == "fit_raw":
    start = time.perf_counter()
    clf = SGDClassifier(random_state=42).fit(x_train, y_train)
    seconds, result = time.perf_counter() - start, f"n_iter {clf.n_iter_}"
elif workload.startswith("cross_val_predict_scaled"):
    x, y = x_train[:rows], y_train[:rows]
    x_scaled = StandardScaler().fit_transform(x)
    start = time.perf_counter()
    y_pred = cross_val_predict(SGDClassifier(random_state=42), x_scaled, y, cv=3)
    seconds, result = time.perf_counter() - start, f"accuracy {accuracy_score(y, y_pred)}"
else:
    sys.exit(f"unknown workload {workload}")
print(f"{seconds}\t{result}\t{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}", flush=True)
