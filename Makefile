# The two commands of the README: `make demo` and `make test`. Everything they need is installed here.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip --disable-pip-version-check -q
COLLECTION_LINK := .collections/ansible_collections/hybrid_identity/entra_connect
LAB_DIR := .lab
export ANSIBLE_CONFIG := $(CURDIR)/ansible.cfg
export ENTRA_LAB_DIR := $(CURDIR)/$(LAB_DIR)
export PATH := $(CURDIR)/$(BIN):$(PATH)

.PHONY: help demo test lab collection lint sanity unit contract integration molecule benchmarks clean

help:
	@echo "make demo   - set up .venv and run the swing migration playbook against the lab"
	@echo "make test   - set up .venv and run every check (lint, sanity, unit, contract, integration, molecule)"

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed; run: make PYTHON=python3.11 ...")'
	$(PYTHON) -m venv $(VENV)

$(VENV)/.runtime: requirements/runtime.txt requirements/constraints.txt | $(BIN)/python
	$(PIP) install -r requirements/runtime.txt -c requirements/constraints.txt
	touch $@

$(VENV)/.test: requirements/test.txt requirements/runtime.txt requirements/constraints.txt | $(BIN)/python
	$(PIP) install -r requirements/test.txt -c requirements/constraints.txt
	touch $@ $(VENV)/.runtime

# The collection is importable from this checkout through a symlink on collections_path (ansible.cfg).
collection: $(COLLECTION_LINK)
$(COLLECTION_LINK):
	mkdir -p $(dir $@)
	ln -sfn ../../.. $@

# Fresh copies of the seed states, so every run starts from the same lab.
lab:
	rm -rf $(LAB_DIR)
	mkdir -p $(LAB_DIR)
	cp lab/seeds/*.json $(LAB_DIR)/

demo: $(VENV)/.runtime collection lab
	$(BIN)/ansible-playbook -i inventories/lab playbooks/swing_migration.yml

test: $(VENV)/.test collection lint sanity unit contract integration molecule
	@echo "make test: every check passed"

lint: $(VENV)/.test collection
	$(BIN)/ruff check plugins tests
	$(BIN)/ruff format --check plugins tests
	$(BIN)/ansible-lint

sanity: $(VENV)/.test
	$(BIN)/python tests/sanity/run_sanity.py

unit: $(VENV)/.test collection
	$(BIN)/python -m pytest tests/unit

contract: $(VENV)/.test collection
	$(BIN)/python -m pytest tests/contract

integration: $(VENV)/.test collection
	$(BIN)/python -m pytest tests/integration

molecule: $(VENV)/.test collection
	$(BIN)/molecule test --all

benchmarks: $(VENV)/.test collection lab
	$(BIN)/python tests/benchmarks/bench_snapshot.py
	$(BIN)/python tests/benchmarks/bench_core_modules.py

clean:
	rm -rf $(VENV) .collections $(LAB_DIR) .pytest_cache .ruff_cache
