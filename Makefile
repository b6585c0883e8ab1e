# Agente Hotel: `make run` starts the demo hotel, `make test` runs the tests.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON_BOOT ?= python3
VENV := .venv
PYTHON := $(VENV)/bin/python
AGENTE := $(VENV)/bin/agente
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
ENVIRONMENT ?= development

.PHONY: help install run test test-fast eval typecheck format bench clean

help: ## List the targets
	@grep -hE '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | sort | \
		awk 'BEGIN {FS = ":.*## "}; {printf "  \033[36m%-16s\033[0m %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@test -x $(PYTHON) || $(PYTHON_BOOT) -m venv $(VENV)
	$(PYTHON) -m pip install --quiet --upgrade pip
	$(PYTHON) -m pip install --quiet -e ".[test]"
	@touch $(STAMP)

install: $(STAMP) ## Create .venv if absent and install the project with its test tools

run: install ## Serve the demo hotel on http://127.0.0.1:8000 (SQLite, mock PMS, web chat)
	$(AGENTE) migrate
	$(AGENTE) serve --host $(HOST) --port $(PORT)

test: install ## Run the whole test suite
	$(PYTHON) -m pytest -q

test-fast: install ## Unit tests only
	$(PYTHON) -m pytest -q tests/unit

eval: install ## Run the project's conversation cases
	$(AGENTE) eval tests/eval/cases

typecheck: install ## mypy (strict) over the package, its tests and benchmarks
	$(VENV)/bin/mypy src tests bench

format: install ## Format the code (rewrites files; `make lint` only checks)
	$(VENV)/bin/ruff format src tests bench scripts
	$(VENV)/bin/ruff check --fix src tests bench scripts

bench: install ## Run the benchmarks and write bench/results.json
	$(PYTHON) -m bench

clean: ## Remove caches (keeps .venv and data/)
	rm -rf .pytest_cache .mypy_cache .ruff_cache

-include make/ops.mk
