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
# The HTML report's browser tests drive Debian's Chromium through Playwright; never `playwright install`.
CHROMIUM ?= /usr/bin/chromium
export ENTRA_CHROMIUM := $(CHROMIUM)

# The windows molecule scenario needs a real pair (docs/windows-scenario.md); without one it is SKIPPED.
WINDOWS_PAIR_VARS := ENTRA_WINDOWS_SOURCE ENTRA_WINDOWS_TARGET ENTRA_WINDOWS_USER ENTRA_WINDOWS_PASSWORD ENTRA_WINDOWS_TRANSPORT
WINDOWS_MISSING := $(strip $(if $(ENTRA_WINDOWS_INVENTORY),,$(foreach v,$(WINDOWS_PAIR_VARS),$(if $($(v)),,$(v)))))

.PHONY: help demo test lab collection chromium lint sanity unit contract integration molecule molecule-windows ee benchmarks clean

help:
	@echo "make demo   - set up .venv and run the swing migration playbook against the lab"
	@echo "make test   - set up .venv and run every check (lint and types, sanity, unit, contract, integration, molecule)"

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

# Debian's Chromium for the HTML report's browser tests, installed where it is missing and apt can.
chromium:
	@test -x "$(CHROMIUM)" || { if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then apt-get update -q && apt-get install -y --no-install-recommends chromium; else echo "make: the HTML report tests need Chromium at $(CHROMIUM): sudo apt-get install -y --no-install-recommends chromium (or make CHROMIUM=/path/to/chromium)"; exit 1; fi; }

# Fresh copies of the seed states, so every run starts from the same lab.
# The collection's own lab reset (playbooks/lab_reset.yml) on $(LAB_DIR) (ENTRA_LAB_DIR); the folder goes first,
# since a lab made before the reset marked its folder would be refused.
lab: $(VENV)/.runtime collection
	rm -rf $(LAB_DIR)
	$(BIN)/ansible-playbook -i inventories/lab hybrid_identity.entra_connect.lab_reset

demo: $(VENV)/.runtime collection lab
	$(BIN)/ansible-playbook -i inventories/lab playbooks/swing_migration.yml

test: $(VENV)/.test collection lint sanity unit contract integration molecule molecule-windows ee
	@echo "make test: every check passed$(if $(WINDOWS_MISSING),; the windows scenario was SKIPPED (no real pair given),)"

lint: $(VENV)/.test collection
	$(BIN)/ruff check plugins tests
	$(BIN)/ruff format --check plugins tests
	$(BIN)/mypy -p ansible_collections.hybrid_identity.entra_connect.plugins
	$(BIN)/ansible-lint
	$(BIN)/antsibull-changelog lint
	$(BIN)/antsibull-docs lint-collection-docs --plugin-docs --check-extra-docs-refs $(COLLECTION_LINK)

sanity: $(VENV)/.test
	$(BIN)/python tests/sanity/run_sanity.py

unit: $(VENV)/.test collection chromium
	$(BIN)/python -m pytest tests/unit

contract: $(VENV)/.test collection
	$(BIN)/python -m pytest tests/contract

integration: $(VENV)/.test collection
	# Two workers; a file's tests stay on one worker (the windows scenario's molecule runs share a directory).
	$(BIN)/python -m pytest -n 2 --dist loadfile tests/integration

molecule: $(VENV)/.test collection
	$(BIN)/molecule test --all --exclude windows

molecule-windows: $(VENV)/.test collection
ifeq ($(WINDOWS_MISSING),)
	$(BIN)/molecule test --scenario-name windows
else
	@echo "SKIPPED molecule scenario windows - not run, so not passed: set $(WINDOWS_MISSING) (docs/windows-scenario.md)"
endif

# The execution environment's build context (docs/execution-environment.md): this collection built from the
# checkout, then `ansible-builder create` (no container engine); build the image from .cache/ee/context.
EE_DIR := .cache/ee
ee: $(VENV)/.test
	rm -rf $(EE_DIR)
	mkdir -p $(EE_DIR)
	$(BIN)/ansible-galaxy collection build --force --output-path $(EE_DIR) .
	mv $(EE_DIR)/hybrid_identity-entra_connect-*.tar.gz $(EE_DIR)/hybrid_identity-entra_connect.tar.gz
	$(BIN)/ansible-builder create --file execution-environment.yml --context $(EE_DIR)/context --output-filename Containerfile

benchmarks: $(VENV)/.test collection lab
	$(BIN)/python tests/benchmarks/bench_snapshot.py
	$(BIN)/python tests/benchmarks/bench_core_modules.py
	$(BIN)/python tests/benchmarks/bench_runbooks.py
	$(BIN)/python tests/benchmarks/bench_many_pairs.py
	$(BIN)/python tests/benchmarks/bench_csexport.py
	$(BIN)/python tests/benchmarks/bench_config_compare.py

clean:
	rm -rf $(VENV) .collections $(LAB_DIR) .pytest_cache .ruff_cache
