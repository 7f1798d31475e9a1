# handson: `make run` executes the chapter notebooks into out/, `make test` runs every test,
# `make lab` opens JupyterLab with the "Rust (handson)" kernel. Each installs what it needs first.

SHELL := /bin/bash
# The data home: $HANDSON_DATA when set, else ../shared/data when it exists (development and CI
# machines), else the loaders' own default (~/.cache/handson, downloading on first use).
HANDSON_DATA ?= $(if $(wildcard ../shared/data/mnist),$(abspath ../shared/data))
export HANDSON_DATA

NOTEBOOKS := $(sort $(wildcard notebooks/*.ipynb))
PYTHON := .venv/bin/python
KERNEL_DIR := .venv/share/jupyter/kernels/handson

.PHONY: setup run test lab bench bench-sgd bench-knn bench-memory bench-kernel bench-svc

# The kernel and the Python environment: all `make run` and `make lab` need.
setup:
	bash kernel/install.sh

# Two notebooks at a time, each in a kernel of its own (install.sh builds four kernel build slots):
# a kernel's start and each cell's compilation use one core, so one notebook alone leaves the
# second core idle about a third of the time. On 2 cores (2026-12-08), the five notebooks in 246
# and 272 s against 345 and 353 s one after another.
run: setup
	$(PYTHON) kernel/run_notebooks.py --check --jobs 2 --out out $(NOTEBOOKS)
	@echo "Executed notebooks and their HTML renderings are in $(CURDIR)/out/"

# The browser test's Chromium and the Fashion-MNIST notebook test's data set are installed here
# only: `make run` and `make lab` never use them.
test: setup
	cargo fmt --check
	bash tests/browser/setup.sh
	bash tests/notebooks/setup_fashion_mnist.sh
	cargo clippy --release --lib
	cargo test --release -- --include-ignored

# The kernel pool starts first, owned by JupyterLab's process (which takes this shell's place), so
# that the first notebook opened finds a kernel started (kernel/pool.py). As root (a container),
# JupyterLab wants --allow-root.
lab: setup
	$(PYTHON) $(KERNEL_DIR)/pool.py --owner $$$$ --cwd notebooks && \
	  exec .venv/bin/jupyter lab --notebook-dir=notebooks $(if $(filter 0,$(shell id -u)),--allow-root)

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

# The "Rust (handson)" kernel through jupyter_client: start, trivial cells and library workloads
# against ipykernel and a release binary, and 03_classification cell by cell (about 40 minutes).
bench-kernel: setup
	$(PYTHON) benches/kernel_bench.py

# SVC() on standardized MNIST against scikit-learn, side by side: 10,000 training digits (3
# alternating runs, about 2 minutes) and all 60,000 (scikit-learn takes far longer); name a
# workload (10000 or 60000) to run one, e.g. `make bench-svc WORKLOADS=10000`.
bench-svc:
	.venv/bin/pip install --quiet scikit-learn==1.9.1
	cargo bench --bench svc_vs_sklearn -- $(WORKLOADS)
