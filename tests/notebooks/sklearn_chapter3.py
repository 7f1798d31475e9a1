"""The numbers the MNIST notebooks of chapter 3 print, computed with scikit-learn 1.9.1 on the same
MNIST files: the values that the notebooks' check metadata (`"handson": {...}`) expects.

    .venv/bin/pip install scikit-learn==1.9.1
    .venv/bin/python tests/notebooks/sklearn_chapter3.py [SCENE ...] > tests/notebooks/sklearn_chapter3.json
    .venv/bin/python tests/notebooks/sklearn_chapter3.py --fashion [SCENE ...] \
        > tests/notebooks/sklearn_fashion.json

It takes about 40 minutes on one core (the ten-class SGD fits are slow in scikit-learn). Each
scene's values are printed as soon as they are known, so a partial run gives a partial JSON
object; name scenes to run only those. The notebooks' `expect_values` and `stdout_contains` copy
these values (tests/notebooks.rs runs the notebooks with those checks).

With --fashion the same scenes run on Fashion-MNIST, read where `load_fashion_mnist()` finds it
($HANDSON_DATA/fashion-mnist, else Debian's /usr/share/datasets/fashion-mnist), and the JSON names
the classes (`target_names`): tests/notebooks.rs runs the notebooks switched to Fashion-MNIST with
checks made from these values (record_expectations.py writes them to fashion_checks.json).
"""

import gzip
import json
import os
import sys
from pathlib import Path

import numpy as np
import sklearn
from scipy.ndimage import shift
from sklearn.base import BaseEstimator
from sklearn.linear_model import SGDClassifier
from sklearn.metrics import (
    confusion_matrix,
    f1_score,
    precision_recall_curve,
    precision_score,
    recall_score,
    roc_auc_score,
)
from sklearn.model_selection import GridSearchCV, cross_val_predict, cross_val_score
from sklearn.multiclass import OneVsOneClassifier
from sklearn.neighbors import KNeighborsClassifier
from sklearn.preprocessing import StandardScaler

FASHION = "--fashion" in sys.argv[1:]
FASHION_NAMES = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt",
                 "Sneaker", "Bag", "Ankle boot"]
data_home = Path(os.environ.get("HANDSON_DATA", "../shared/data"))
if FASHION:
    data = data_home / "fashion-mnist"
    if not data.is_dir():
        data = Path("/usr/share/datasets/fashion-mnist")
else:
    data = data_home / "mnist"


def read(name, offset):
    with gzip.open(data / name) as f:
        return np.frombuffer(f.read(), np.uint8, offset=offset)


x_train = read("train-images-idx3-ubyte.gz", 16).reshape(-1, 784).astype(np.float64)
y_train = read("train-labels-idx1-ubyte.gz", 8).astype(np.int64)
x_test = read("t10k-images-idx3-ubyte.gz", 16).reshape(-1, 784).astype(np.float64)
y_test = read("t10k-labels-idx1-ubyte.gz", 8).astype(np.int64)
y_train_5 = y_train == 5
some_digit = x_train[:1]


def floats(a):
    return [float(v) for v in np.asarray(a).ravel()]


class Never5Classifier(BaseEstimator):
    def fit(self, X, y=None):
        return self

    def predict(self, X):
        return np.zeros(len(X), dtype=bool)


def binary():
    sgd = SGDClassifier(random_state=42).fit(x_train, y_train_5)
    scores = cross_val_score(SGDClassifier(random_state=42), x_train, y_train_5, cv=3)
    never_5 = cross_val_score(Never5Classifier(), x_train, y_train_5, cv=3, scoring="accuracy")
    pred = cross_val_predict(SGDClassifier(random_state=42), x_train, y_train_5, cv=3)
    return {
        "predict_some_digit": bool(sgd.predict(some_digit)[0]),
        "n_iter": int(sgd.n_iter_),
        "score_some_digit": float(sgd.decision_function(some_digit)[0]),
        "cross_val_accuracy": floats(scores),
        "never_5_fold_accuracies": floats(never_5),
        "never_5_mean": float(never_5.mean()),
        "confusion_matrix": confusion_matrix(y_train_5, pred).tolist(),
        "precision": float(precision_score(y_train_5, pred)),
        "recall": float(recall_score(y_train_5, pred)),
        "f1": float(f1_score(y_train_5, pred)),
    }


def thresholds():
    y_scores = cross_val_predict(
        SGDClassifier(random_state=42), x_train, y_train_5, cv=3, method="decision_function"
    )
    precisions, recalls, thresholds = precision_recall_curve(y_train_5, y_scores)
    idx = int((precisions >= 0.90).argmax())
    threshold = float(thresholds[idx])
    pred_90 = y_scores >= threshold
    return {
        "n_thresholds": len(thresholds),
        "first_threshold": float(thresholds[0]),
        "last_threshold": float(thresholds[-1]),
        "threshold_90_precision": threshold,
        "precision_at_90": float(precision_score(y_train_5, pred_90)),
        "recall_at_90": float(recall_score(y_train_5, pred_90)),
        "roc_auc": float(roc_auc_score(y_train_5, y_scores)),
    }


def multiclass():
    sgd = SGDClassifier(random_state=42).fit(x_train, y_train)
    return {
        "predict_some_digit": int(sgd.predict(some_digit)[0]),
        "classes": sgd.classes_.tolist(),
        "scores_some_digit": floats(sgd.decision_function(some_digit)),
        "n_iter": int(sgd.n_iter_),
    }


def one_vs_one():
    ovo = OneVsOneClassifier(SGDClassifier(random_state=42)).fit(x_train, y_train)
    return {
        "predict_some_digit": int(ovo.predict(some_digit)[0]),
        "n_estimators": len(ovo.estimators_),
    }


def raw_scores():
    scores = cross_val_score(SGDClassifier(random_state=42), x_train, y_train, cv=3)
    return {"cross_val_accuracy": floats(scores)}


def scaled():
    x_scaled = StandardScaler().fit_transform(x_train)
    pred = cross_val_predict(SGDClassifier(random_state=42), x_scaled, y_train, cv=3)
    folds = [
        float((pred[test] == y_train[test]).mean())
        for _, test in sklearn.model_selection.StratifiedKFold(3).split(x_scaled, y_train)
    ]
    return {
        "fold_accuracies": folds,
        "accuracy": float((pred == y_train).mean()),
        "confusion_matrix": confusion_matrix(y_train, pred).tolist(),
    }


def multilabel():
    y_multilabel = np.c_[y_train >= 7, y_train % 2 == 1]
    knn = KNeighborsClassifier().fit(x_train, y_multilabel)
    pred = cross_val_predict(KNeighborsClassifier(), x_train, y_multilabel, cv=3)
    return {
        "predict_some_digit": knn.predict(some_digit).astype(bool).tolist(),
        "f1_macro": float(f1_score(y_multilabel, pred, average="macro")),
    }


def grid_search():
    grid = GridSearchCV(
        KNeighborsClassifier(), {"weights": ["uniform", "distance"], "n_neighbors": [3, 4, 5]}, cv=5
    ).fit(x_train, y_train)
    results = grid.cv_results_
    return {
        "best_params": grid.best_params_,
        "best_score": float(grid.best_score_),
        "results": [
            {"params": params, "mean_test_score": float(score), "rank": int(rank)}
            for params, score, rank in zip(
                results["params"], results["mean_test_score"], results["rank_test_score"]
            )
        ],
        "test_accuracy": float(grid.best_estimator_.score(x_test, y_test)),
    }


def augmented():
    def shifted(dx, dy):
        return np.array(
            [shift(image.reshape(28, 28), [dy, dx], cval=0, mode="constant").ravel() for image in x_train]
        )

    x_aug = [x_train] + [shifted(dx, dy) for dx, dy in ((-1, 0), (1, 0), (0, 1), (0, -1))]
    knn = KNeighborsClassifier(n_neighbors=4, weights="distance")
    knn.fit(np.concatenate(x_aug), np.tile(y_train, 5))
    return {"test_accuracy": float(knn.score(x_test, y_test))}


SCENES = {
    "binary": binary,
    "thresholds": thresholds,
    "multilabel": multilabel,
    "one_vs_one": one_vs_one,
    "multiclass": multiclass,
    "raw_scores": raw_scores,
    "grid_search": grid_search,
    "augmented": augmented,
    "scaled": scaled,
}


def main():
    names = [a for a in sys.argv[1:] if a != "--fashion"] or list(SCENES)
    print("{")
    print(f'  "versions": {json.dumps({"sklearn": sklearn.__version__, "numpy": np.__version__})}', end="")
    if FASHION:
        print(f',\n  "target_names": {json.dumps(FASHION_NAMES)}', end="")
    for name in names:
        print(f',\n  "{name}": {json.dumps(SCENES[name]())}', end="", flush=True)
    print("\n}")


if __name__ == "__main__":
    main()
