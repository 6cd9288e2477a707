# One entry point. `make test` and `make run` work on a fresh machine: they build .venv first.
# Python 3.13 (the Lambda runtime) from pyenv when present, else python3 (3.11+).
PYTHON ?= $(shell PYENV_VERSION=3.13.0 pyenv which python3.13 2>/dev/null \
	|| ls "$$(pyenv root 2>/dev/null)/versions/3.13.0/bin/python3.13" 2>/dev/null \
	|| command -v python3)
SHELL := /bin/bash
.SHELLFLAGS := -o pipefail -c
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat requirements-dev.txt lambda/requirements.txt | cksum | cut -d' ' -f1)

.PHONY: test run lint models zip bench content clean

$(STAMP): requirements-dev.txt lambda/requirements.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt 2>&1 \
		| { grep -v '^WARNING: Location' || true; }
	@rm -f $(VENV)/.installed-* && touch $@

## Compile content/ into build/content/, the form every request reads (only when something changed).
content: $(STAMP)
	@$(PY) -m tools.compile_content

## Run every test: starts a local DynamoDB server (moto) on a free loopback port, stops it after.
test: $(STAMP) content
	$(PY) -m pytest $(ARGS)

## Talk to the skill in the terminal, on an embedded local DynamoDB. ARGS="--locale en-GB --keep"
run: $(STAMP) content
	$(PY) -m tools.simulator $(ARGS)

lint: $(STAMP)
	$(PY) -m ruff check lambda tools tests bench

## Regenerate skill/interactionModels/custom/*.json from content/<lang>/model/*.yaml
models: $(STAMP)
	$(PY) -m tools.build_models

## Build the deployable Lambda zip (python3.13, arm64) into dist/
zip: $(STAMP)
	$(PY) -m tools.build_zip

## Every benchmark figure, ours beside both baselines (bench/README.md). ARGS="--runs 15 --calls 2000"
bench: $(STAMP) content
	$(PY) -m pip install --quiet --disable-pip-version-check -r bench/requirements.txt 2>&1 \
		| { grep -v '^WARNING: Location' || true; }
	$(PY) -m bench.run_all $(ARGS)

clean:
	rm -rf $(VENV) build dist .pytest_cache
