"""The numbers notebooks/03_exercise_titanic.ipynb prints, computed with scikit-learn 1.9.1 and
pandas on the same CSV files, the book's way: the values its check metadata expects.

    .venv/bin/pip install scikit-learn==1.9.1 pandas
    .venv/bin/python tests/notebooks/sklearn_titanic.py > tests/notebooks/sklearn_titanic.json

The random forest's numbers are scikit-learn's; handson's forest draws its split features from
another generator, so the notebook checks them within a tolerance. Everything else (the missing
counts, the groups, the preprocessing's shape, `SVC(gamma="auto")`) must agree to the printed
digit.
"""

import json
import os
from pathlib import Path

import numpy as np
import pandas as pd
import sklearn
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import RandomForestClassifier
from sklearn.impute import SimpleImputer
from sklearn.model_selection import cross_val_score
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder, OrdinalEncoder, StandardScaler
from sklearn.svm import SVC

data = Path(os.environ.get("HANDSON_DATA", "../shared/data")) / "titanic"
train = pd.read_csv(data / "train.csv")
test = pd.read_csv(data / "test.csv")
y_train = train["Survived"]


def preprocess(num_attribs):
    num = Pipeline([("imputer", SimpleImputer(strategy="median")), ("scaler", StandardScaler())])
    cat = Pipeline(
        [
            ("ordinal_encoder", OrdinalEncoder()),
            ("imputer", SimpleImputer(strategy="most_frequent")),
            ("cat_encoder", OneHotEncoder(sparse_output=False)),
        ]
    )
    return ColumnTransformer(
        [("num", num, num_attribs), ("cat", cat, ["Pclass", "Sex", "Embarked"])]
    )


def floats(a):
    return [float(v) for v in np.asarray(a).ravel()]


out = {"versions": {"sklearn": sklearn.__version__, "pandas": pd.__version__}}
out["rows"] = [len(train), len(test)]
out["missing"] = {name: int(n) for name, n in train.isna().sum().items() if n}
out["survivors"] = int(y_train.sum())

preprocess_pipeline = preprocess(["Age", "SibSp", "Parch", "Fare"])
x_train = preprocess_pipeline.fit_transform(train)
out["x_train_shape"] = list(x_train.shape)
forest = RandomForestClassifier(n_estimators=100, random_state=42)
forest_scores = cross_val_score(forest, x_train, y_train, cv=10)
svm_scores = cross_val_score(SVC(gamma="auto"), x_train, y_train, cv=10)
out["forest_fold_accuracies"] = floats(forest_scores)
out["forest_mean"] = float(forest_scores.mean())
out["forest_std"] = float(forest_scores.std())
out["svm_fold_accuracies"] = floats(svm_scores)
out["svm_mean"] = float(svm_scores.mean())
out["svm_std"] = float(svm_scores.std())

train["AgeBucket"] = train["Age"] // 15 * 15
train["RelativesOnboard"] = train["SibSp"] + train["Parch"]
for key in ["AgeBucket", "RelativesOnboard"]:
    groups = train[[key, "Survived"]].groupby(key)["Survived"]
    out[key] = [
        {"key": float(k), "passengers": int(n), "survival": float(rate)}
        for (k, n), rate in zip(groups.count().items(), groups.mean())
    ]
x_train_plus = preprocess(["AgeBucket", "RelativesOnboard", "Fare"]).fit_transform(train)
plus_scores = cross_val_score(forest, x_train_plus, y_train, cv=10)
out["forest_plus_mean"] = float(plus_scores.mean())

forest.fit(x_train, y_train)
y_test_pred = forest.predict(preprocess_pipeline.transform(test))
out["test_predicted_survivors"] = [int(y_test_pred.sum()), len(y_test_pred)]

print(json.dumps(out, indent=1))
