# collsec: `make run` and `make test` work on a fresh machine; each installs what it needs first.
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
PY := python3
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)
UV = $(shell command -v uv 2>/dev/null || echo $(HOME)/.local/bin/uv)
PYTEST_WORKERS ?= auto

.PHONY: run test install lint typecheck pytest clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml uv.lock
	@command -v uv >/dev/null 2>&1 || test -x $(UV) || $(PY) -m pip install --quiet --user uv || $(PY) -m pip install --quiet uv
	$(UV) sync --frozen --all-extras --python $(PY)
	@touch $@

run: install
	$(BIN)/collsec summary
	$(BIN)/collsec procedure --victim KAZ --threat internal_unrest --characterised-as-aggression --requested --at 2022-01-05T18:00+06:00

lint: install
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

typecheck: install
	$(BIN)/mypy src

pytest: install
	$(BIN)/pytest -n $(PYTEST_WORKERS) -q

test: lint typecheck pytest

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
