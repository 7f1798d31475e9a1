"""The scikit-learn side of `cargo bench --bench knn_vs_sklearn`: one workload of the book's KNN cells.

Usage: knn_sklearn.py WORKLOAD, with HANDSON_DATA pointing at the data home (the folder with
`mnist/`). Prints one line: seconds, result and the BLAS in use, separated by tabs. Loading
MNIST is not timed; the workload is timed as the book runs it.
"""

import gzip
import os
import sys
import time

import numpy as np
from scipy.ndimage import shift
from sklearn.metrics import f1_score
from sklearn.model_selection import GridSearchCV, cross_val_predict
from sklearn.neighbors import KNeighborsClassifier
from threadpoolctl import threadpool_info


def idx(name, offset):
    path = os.path.join(os.environ["HANDSON_DATA"], "mnist", name)
    with gzip.open(path) as f:
        return np.frombuffer(f.read(), np.uint8, offset=offset)


def mnist():
    x_train = idx("train-images-idx3-ubyte.gz", 16).reshape(-1, 784).astype(np.float64)
    x_test = idx("t10k-images-idx3-ubyte.gz", 16).reshape(-1, 784).astype(np.float64)
    y_train = idx("train-labels-idx1-ubyte.gz", 8)
    y_test = idx("t10k-labels-idx1-ubyte.gz", 8)
    return x_train, y_train, x_test, y_test


def shift_image(image, dx, dy):
    image = image.reshape((28, 28))
    shifted_image = shift(image, [dy, dx], cval=0, mode="constant")
    return shifted_image.reshape([-1])


def augment(x_train, y_train):
    x_augmented = [image for image in x_train]
    y_augmented = [label for label in y_train]
    for dx, dy in ((-1, 0), (1, 0), (0, 1), (0, -1)):
        for image, label in zip(x_train, y_train):
            x_augmented.append(shift_image(image, dx, dy))
            y_augmented.append(label)
    return np.array(x_augmented), np.array(y_augmented)


def main():
    workload = sys.argv[1]
    x_train, y_train, x_test, y_test = mnist()
    if workload == "augmented":
        x_train, y_train = augment(x_train, y_train)
    started = time.perf_counter()
    if workload in ("predict", "augmented"):
        knn = KNeighborsClassifier(n_neighbors=4, weights="distance")
        knn.fit(x_train, y_train)
        result = float((knn.predict(x_test) == y_test).mean())
    elif workload == "multilabel":
        y_multilabel = np.c_[y_train >= 7, y_train % 2 == 1]
        y_pred = cross_val_predict(KNeighborsClassifier(), x_train, y_multilabel, cv=3)
        result = float(f1_score(y_multilabel, y_pred, average="macro"))
    elif workload == "grid":
        param_grid = [{"weights": ["uniform", "distance"], "n_neighbors": [3, 4, 5]}]
        grid_search = GridSearchCV(KNeighborsClassifier(), param_grid, cv=5)
        grid_search.fit(x_train, y_train)
        result = f"{grid_search.best_params_} {grid_search.best_score_}"
    elif workload == "shift":
        x_augmented, _ = augment(x_train, y_train)
        result = x_augmented.shape
    else:
        sys.exit(f"unknown workload {workload!r}")
    seconds = time.perf_counter() - started
    blas = ", ".join(f"{i.get('internal_api')} {i.get('architecture')} x{i.get('num_threads')}" for i in threadpool_info())
    print(f"{seconds}\t{result}\t{blas}")


if __name__ == "__main__":
    main()
