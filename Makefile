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

.PHONY: test run lint models zip lock bench content clean audio audio-tools

$(STAMP): requirements-dev.txt lambda/requirements.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt 2>&1 \
		| { grep -v '^WARNING: Location' || true; }
	@rm -f $(VENV)/.installed-* && touch $@

## Compile content/ into build/content/, the form every request reads (only when something changed).
content: $(STAMP)
	@$(PY) -m tools.compile_content

## Run every test: starts a local DynamoDB server (moto) on a free loopback port, stops it after.
test: $(STAMP) content audio-tools
	$(PY) -m pytest -n 2 $(ARGS)

## espeak-ng and sox (Debian packages) speak and measure the rendered reflection in the tests. Installed
## with apt-get when missing and we are root (CI's clean machine); silent and instant when present.
audio-tools:
	@command -v espeak-ng >/dev/null && command -v soxi >/dev/null || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "installing espeak-ng and sox (apt-get, once)"; \
	    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive \
	      apt-get install -y -qq --no-install-recommends espeak-ng sox >/dev/null; \
	  else echo "espeak-ng and sox are missing (sudo apt-get install espeak-ng sox): the audio-length tests will fail" >&2; fi; }

## Render the reflection as audio with Amazon Polly into the deployed stack's bucket (only what is missing).
## make audio STACK=<your stack name>   (or BUCKET=<bucket name>; ARGS="--dry-run" or "--prune")
audio: $(STAMP) content
	$(PY) -m tools.render_audio $(if $(STACK),--stack $(STACK),--bucket $(BUCKET)) $(ARGS)

## Talk to the skill in the terminal, on an embedded local DynamoDB. ARGS="--locale en-GB --keep"
run: $(STAMP) content
	$(PY) -m tools.simulator $(ARGS)

lint: $(STAMP)
	$(PY) -m ruff check lambda tools tests bench

## Regenerate skill/interactionModels/custom/*.json from content/<lang>/model/*.yaml
models: $(STAMP)
	$(PY) -m tools.build_models

## Build the deployable Lambda zip (python3.13, arm64) into dist/, from lambda/requirements.lock (hashes checked)
zip: $(STAMP)
	$(PY) -m tools.build_zip

## Re-lock what the zip bundles after changing lambda/requirements.txt: every version pinned, with hashes,
## resolved for the Lambda platform (CPython 3.13, manylinux aarch64), not for this machine
lock: $(STAMP)
	$(VENV)/bin/uv pip compile lambda/requirements.txt --quiet --generate-hashes \
		--python-version 3.13 --python-platform aarch64-manylinux_2_28 \
		--custom-compile-command "make lock" -o lambda/requirements.lock

## Every benchmark figure, ours beside both baselines (bench/README.md). ARGS="--runs 15 --calls 2000"
bench: $(STAMP) content
	$(PY) -m pip install --quiet --disable-pip-version-check -r bench/requirements.txt 2>&1 \
		| { grep -v '^WARNING: Location' || true; }
	$(PY) -m bench.run_all $(ARGS)

clean:
	rm -rf $(VENV) build dist .pytest_cache
