# collsec: `make run` and `make test` work on a fresh machine; each installs what it needs first.
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
PY := python3
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)
UV := $(PY) -m uv
PYTEST_WORKERS ?= auto
LINTED := $(wildcard src tests benchmarks scripts)

.PHONY: run test install system-deps assets lint typecheck pytest clean

install: $(VENV)/.installed assets

# System services the tests need (PostgreSQL, Chromium): installed with apt when missing.
system-deps:
	@for s in scripts/ensure-postgres.sh scripts/ensure-chromium.sh; do \
	  if [ -x $$s ]; then $$s >/dev/null || exit 1; fi; done

# Front-end assets from the npm registry, bundled into the package when missing.
assets:
	@if [ -x scripts/build-assets.sh ]; then scripts/build-assets.sh; fi

$(VENV)/.installed: pyproject.toml uv.lock
	@$(UV) --version >/dev/null 2>&1 || $(PY) -m pip install --quiet uv
	$(UV) sync --frozen --all-extras --python $(PY)
	@touch $@

# The main job: the scenario, an Article 4 walk-through, the back-test, a 10,000-episode Monte
# Carlo over the alliance's threat register with its report, then the dashboard until Ctrl-C.
run: install
	$(BIN)/collsec summary
	$(BIN)/collsec procedure --victim KAZ --threat internal_unrest --characterised-as-aggression --requested --at 2022-01-05T18:00+06:00
	$(BIN)/collsec backtest
	$(BIN)/collsec simulate --mix threats --runs 10000 --seed 0 --out out/run --report out/report.html
	$(BIN)/collsec serve

lint: install
	$(BIN)/ruff check $(LINTED)
	$(BIN)/ruff format --check $(LINTED)

typecheck: install
	$(BIN)/mypy src

pytest: install system-deps
	$(BIN)/pytest -n $(PYTEST_WORKERS) -q

test: lint typecheck pytest

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
