"""scikit-learn and LightGBM on the tree benchmark's data, single-threaded (run by tests/bench/trees.ts).

Usage: trees-reference.py SPEC.json. The spec names the cases; each case's data is either a shared
dataset (CSV + fixed split, read as the project reads it: categorical columns as pandas categories)
or a raw little-endian float64 matrix written by trees.ts (rows × (features + 1), target last) with
its train/test row counts. Prints one JSON object per case: fit seconds (wall and CPU), score.
"""

import json
import os
import sys
import time

os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np
import pandas as pd
from sklearn.ensemble import (
    HistGradientBoostingClassifier,
    HistGradientBoostingRegressor,
    RandomForestClassifier,
    RandomForestRegressor,
)

try:
    import lightgbm
except ImportError:  # the benchmark says so
    lightgbm = None


def shared(datasets, name):
    manifest = next(d for d in json.load(open(os.path.join(datasets, "MANIFEST.json")))["datasets"] if d["name"] == name)
    frame = pd.read_csv(os.path.join(datasets, manifest["file"]), keep_default_na=False, na_values=manifest["format"]["missing_value_tokens"])
    split = json.load(open(os.path.join(datasets, f"{name}.test-idx.json")))
    X = frame[manifest["feature_columns"]].copy()
    for c in manifest["feature_columns"]:
        if manifest["column_types"][c] == "categorical":
            X[c] = X[c].astype("category")
    y = frame[manifest["target"]]
    classification = manifest["task"] != "regression"
    if classification:
        y = y.astype("category").cat.codes
    train, test = split["train_indices"], split["test_indices"]
    return X.iloc[train], y.iloc[train].to_numpy(), X.iloc[test], y.iloc[test].to_numpy(), classification


def generated(path, rows, features, train_rows, classification):
    data = np.fromfile(path, dtype="<f8").reshape(rows, features + 1)
    X, y = data[:, :features], data[:, features]
    if classification:
        y = y.astype(int)
    return X[:train_rows], y[:train_rows], X[train_rows:], y[train_rows:], classification


def score(model, X, y, classification):
    p = model.predict(X)
    if classification:
        if p.ndim > 1:
            p = p.argmax(axis=1)
        elif p.dtype.kind == "f":
            p = (p > 0.5).astype(int)
        return float(np.mean(p == y))
    return float(1 - np.sum((y - p) ** 2) / np.sum((y - y.mean()) ** 2))


def timed(fit):
    wall, cpu = time.perf_counter(), time.process_time()
    model = fit()
    return model, time.perf_counter() - wall, time.process_time() - cpu


def run_case(case, datasets):
    if "dataset" in case:
        Xtr, ytr, Xte, yte, classification = shared(datasets, case["dataset"])
    else:
        Xtr, ytr, Xte, yte, classification = generated(case["path"], case["rows"], case["features"], case["train_rows"], case["classification"])
    results = {}
    if case.get("hgb"):
        M = HistGradientBoostingClassifier if classification else HistGradientBoostingRegressor
        model, wall, cpu = timed(lambda: M(random_state=0, categorical_features="from_dtype").fit(Xtr, ytr))
        results["sklearn_hgb"] = {"fit_s": wall, "cpu_s": cpu, "score": score(model, Xte, yte, classification), "iterations": int(model.n_iter_)}
    if case.get("forest_trees"):
        M = RandomForestClassifier if classification else RandomForestRegressor
        Xf_tr, Xf_te = (Xtr, Xte) if "dataset" not in case else (pd.get_dummies(Xtr), pd.get_dummies(Xte).reindex(columns=pd.get_dummies(Xtr).columns, fill_value=0))
        model, wall, cpu = timed(lambda: M(n_estimators=case["forest_trees"], n_jobs=1, random_state=0).fit(Xf_tr, ytr))
        results["sklearn_forest"] = {"fit_s": wall, "cpu_s": cpu, "score": score(model, Xf_te, yte, classification), "trees": case["forest_trees"]}
    if case.get("hgb") and lightgbm is not None:
        classes = len(np.unique(ytr)) if classification else 0
        objective = "regression" if not classification else ("binary" if classes == 2 else "multiclass")
        params = {"objective": objective, "num_leaves": 31, "learning_rate": 0.1, "min_data_in_leaf": 20, "max_bin": 255, "num_threads": 1, "verbose": -1}
        if classes > 2:
            params["num_class"] = classes
        model, wall, cpu = timed(lambda: lightgbm.train(params, lightgbm.Dataset(Xtr, ytr), num_boost_round=100))
        results["lightgbm"] = {"fit_s": wall, "cpu_s": cpu, "score": score(model, Xte, yte, classification), "iterations": 100}
    if case.get("predict_rows"):
        # Prediction throughput of 100 trees × 31 leaves, each library's own model on the same rows.
        X = Xte if len(Xte) >= case["predict_rows"] else np.resize(Xte, (case["predict_rows"], Xte.shape[1]))
        hgb = HistGradientBoostingRegressor(max_iter=100, early_stopping=False, random_state=0).fit(Xtr[:100_000], ytr[:100_000])
        _, wall, cpu = timed(lambda: hgb.predict(X))
        results["sklearn_predict_rows_per_s"] = len(X) / cpu
        if lightgbm is not None:
            booster = lightgbm.train({"objective": "regression", "num_leaves": 31, "num_threads": 1, "verbose": -1}, lightgbm.Dataset(Xtr[:100_000], ytr[:100_000]), 100)
            _, wall, cpu = timed(lambda: booster.predict(X, num_threads=1))
            results["lightgbm_predict_rows_per_s"] = len(X) / cpu
    return results


if __name__ == "__main__":
    spec = json.load(open(sys.argv[1]))
    out = {"lightgbm": lightgbm.__version__ if lightgbm else None, "sklearn": __import__("sklearn").__version__, "cases": {}}
    for name, case in spec["cases"].items():
        out["cases"][name] = run_case(case, spec["datasets"])
        print(f"{name}: done", file=sys.stderr, flush=True)
    print(json.dumps(out))
