"""The scikit-learn side of benches/sgd_vs_sklearn.rs: the same two workloads on the same MNIST
files, timed once each (they take minutes). Prints one line per workload:
`<name> <seconds> <value>`.

Usage: .venv/bin/python benches/sgd_sklearn.py [MNIST_DIR [WORKLOAD ...]] (default: both workloads)
"""

import gzip
import os
import sys
import time
from pathlib import Path

import numpy as np
from sklearn.linear_model import SGDClassifier
from sklearn.metrics import accuracy_score
from sklearn.model_selection import cross_val_predict
from sklearn.preprocessing import StandardScaler

data = Path(sys.argv[1] if len(sys.argv) > 1 else os.environ.get("HANDSON_DATA", "../shared/data") + "/mnist")


def read(name, offset):
    with gzip.open(data / name) as f:
        return np.frombuffer(f.read(), np.uint8, offset=offset)


x_train = read("train-images-idx3-ubyte.gz", 16).reshape(-1, 784).astype(np.float64)
y_train = read("train-labels-idx1-ubyte.gz", 8)

workloads = sys.argv[2:] or ["fit_raw", "cross_val_predict_scaled"]

if "fit_raw" in workloads:
    start = time.perf_counter()
    clf = SGDClassifier(random_state=42).fit(x_train, y_train)
    print("fit_raw", time.perf_counter() - start, clf.n_iter_, flush=True)

if "cross_val_predict_scaled" in workloads:
    x_train_scaled = StandardScaler().fit_transform(x_train)
    start = time.perf_counter()
    y_pred = cross_val_predict(SGDClassifier(random_state=42), x_train_scaled, y_train, cv=3)
    print("cross_val_predict_scaled", time.perf_counter() - start, accuracy_score(y_train, y_pred), flush=True)
