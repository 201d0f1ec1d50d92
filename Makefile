# Portal Harness: the front door. `make help` lists the targets.
# `make run` and `make test` bootstrap what is missing (venv, browser, Allure CLI), idempotently.

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HARNESS := $(VENV)/bin/portal-harness
VENV_STAMP := $(VENV)/.installed
ALLURE_STAMP := node_modules/.installed
ARGS ?=
N ?= 10

.DEFAULT_GOAL := help
.PHONY: help bootstrap venv browser allure run test unit acceptance bench fault-proof lint lint-features ci-templates typecheck check portal report clean soak privacy

help: ## list the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

bootstrap: venv browser allure ## install everything the suite needs (fast when already there)

venv: $(VENV_STAMP) ## the virtual environment at .venv with the Python packages

$(VENV_STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@echo "[bootstrap] installing Python packages into $(VENV)"
	@$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	@touch $@

browser: $(VENV_STAMP) ## a Chromium for Playwright (its own, or Debian's through apt)
	@$(PY) -m portal_harness.bootstrap browser

allure: $(ALLURE_STAMP) ## the Allure 3 report CLI, from the npm registry with package-lock.json

$(ALLURE_STAMP): package.json package-lock.json
	@command -v npm >/dev/null || { echo "npm is missing: install Node.js 20 or newer (e.g. apt-get install nodejs npm), then run make again." >&2; exit 2; }
	@echo "[bootstrap] installing the Allure CLI (npm ci)"
	@npm ci --no-audit --no-fund --loglevel=error
	@touch $@

run: bootstrap ## run the suite against the bundled portal and build the Allure report (ARGS="--id ENR-01")
	@$(HARNESS) run $(ARGS)

test: bootstrap ## feature lint, the project's own tests, the upgrade drill 2026.1 -> 2026.2, and the fault proof
	@$(MAKE) --no-print-directory lint-features
	@$(MAKE) --no-print-directory ci-templates
	@$(PY) -m pytest tests/harness tests/portal -q
	@$(MAKE) --no-print-directory acceptance privacy fault-proof

acceptance: bootstrap ## the upgrade drill: the suite on 2026.1, its data upgraded to 2026.2, the suite again, compare
	@$(HARNESS) upgrade-drill --from 2026.1 --to 2026.2 --strict $(ARGS)

privacy: venv ## the drill's archives hold no secret in clear (scan) and its Allure report calls no other origin
	@$(HARNESS) scan drill-baseline
	@$(HARNESS) scan drill-candidate
	@$(PY) -m portal_harness.private_report

bench: bootstrap ## the smoke set through the harness and bare on one portal: per_scenario_median_s, suite_wall_s, bare_wall_s, overhead_ratio
	@$(HARNESS) bench $(ARGS)

soak: bootstrap ## run the suite N times (N=10) on the bundled portal; list every scenario that did not pass every time
	@$(HARNESS) soak --runs $(N) $(ARGS)

fault-proof: bootstrap ## every fault of the bundled portal must turn the scenarios it names red
	@$(HARNESS) prove-faults

unit: venv ## only the harness and portal tests (no browser)
	@$(PY) -m pytest tests/harness tests/portal -q -m "not slow"

lint: venv ## ruff
	@$(VENV)/bin/ruff check . && $(VENV)/bin/ruff format --check .

typecheck: venv ## mypy
	@$(VENV)/bin/mypy

check: lint typecheck ## ruff and mypy

portal: bootstrap ## serve the bundled portal for people to explore (http://127.0.0.1:8000/)
	@$(HARNESS) portal $(ARGS)

report: allure ## rebuild the Allure report of the latest run
	@$(HARNESS) report $(ARGS)

clean: ## remove generated reports (keeps .venv and node_modules)
	@rm -rf reports/runs reports/allure-report reports/allure-history.jsonl

lint-features: venv ## check the feature files: syntax, keywords, ids, tags, undefined steps (no browser, about 1 s)
	@$(HARNESS) lint

ci-templates: venv ## check the CI templates in ci/ offline: actionlint, and check-jsonschema's GitLab CI schema
	@$(PY) -m portal_harness.ci_templates
