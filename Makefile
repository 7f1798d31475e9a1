# handson: `make run` executes the chapter notebooks into out/, `make test` runs every test,
# `make lab` opens JupyterLab with the "Rust (handson)" kernel. Each installs what it needs first.

SHELL := /bin/bash
# The data home: $HANDSON_DATA when set, else ../shared/data when it exists (development and CI
# machines), else the loaders' own default (~/.cache/handson, downloading on first use).
HANDSON_DATA ?= $(if $(wildcard ../shared/data/mnist),$(abspath ../shared/data))
export HANDSON_DATA

NOTEBOOKS := $(sort $(wildcard notebooks/*.ipynb))
PYTHON := .venv/bin/python

.PHONY: setup run test lab bench bench-sgd bench-knn bench-memory

setup:
	bash kernel/install.sh
	bash tests/browser/setup.sh

run: setup
	$(PYTHON) kernel/run_notebooks.py --check --out out $(NOTEBOOKS)
	@echo "Executed notebooks and their HTML renderings are in $(CURDIR)/out/"

test: setup
	cargo clippy --release --lib
	cargo test --release -- --include-ignored

lab: setup
	.venv/bin/jupyter lab --notebook-dir=notebooks

bench:
	cargo bench --bench load_mnist

# SGD against scikit-learn on MNIST, side by side, each run in a fresh process with its peak
# memory: fit on raw pixels, cross_val_predict on 60,000, 10,000 and 2,000 standardized digits
# (about 25 minutes on idle cores: scikit-learn's side is slow); name workloads to run fewer.
bench-sgd:
	.venv/bin/pip install --quiet scikit-learn==1.9.1
	cargo bench --bench sgd_vs_sklearn

# KNN against scikit-learn on MNIST, side by side, medians of 3 alternating runs (about 1.5 hours:
# scikit-learn's grid search takes 5 minutes a run); name workloads to run fewer.
bench-knn:
	.venv/bin/pip install --quiet scikit-learn==1.9.1
	cargo bench --bench knn_vs_sklearn

# The chapter-3 workloads three times in one process: resident memory after each round (about
# 15 minutes).
bench-memory:
	cargo bench --bench chapter3_memory
