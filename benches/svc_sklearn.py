"""The scikit-learn side of `cargo bench --bench svc_vs_sklearn`: SVC() on standardized MNIST.

Usage: svc_sklearn.py N_TRAIN PREDICTIONS_FILE, with HANDSON_DATA pointing at the data home (the
folder with `mnist/`). StandardScaler is fitted on the first N_TRAIN training digits (not timed);
SVC() is fitted on them and predicts the 10,000 test digits (timed). Writes the predictions to
PREDICTIONS_FILE (one digit each, no separator) and prints one line: seconds, test accuracy and
the BLAS in use, separated by tabs.
"""

import gzip
import os
import sys
import time

import numpy as np
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVC
from threadpoolctl import threadpool_info


def idx(name, offset):
    path = os.path.join(os.environ["HANDSON_DATA"], "mnist", name)
    with gzip.open(path) as f:
        return np.frombuffer(f.read(), np.uint8, offset=offset)


def main():
    n_train, predictions_file = int(sys.argv[1]), sys.argv[2]
    x_train = idx("train-images-idx3-ubyte.gz", 16).reshape(-1, 784).astype(np.float64)[:n_train]
    y_train = idx("train-labels-idx1-ubyte.gz", 8)[:n_train]
    x_test = idx("t10k-images-idx3-ubyte.gz", 16).reshape(-1, 784).astype(np.float64)
    y_test = idx("t10k-labels-idx1-ubyte.gz", 8)
    scaler = StandardScaler().fit(x_train)
    x_train, x_test = scaler.transform(x_train), scaler.transform(x_test)
    started = time.perf_counter()
    y_pred = SVC().fit(x_train, y_train).predict(x_test)
    seconds = time.perf_counter() - started
    with open(predictions_file, "w") as f:
        f.write("".join(str(d) for d in y_pred))
    blas = ",".join(f"{i['internal_api']}/{i.get('architecture')}" for i in threadpool_info())
    print(f"{seconds}\t{(y_pred == y_test).mean()}\t{blas}")


main()
