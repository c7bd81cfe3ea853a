# vanban — set-up and the two jobs of the README.
#   make demo   install what is missing, then extract every file in samples/ and print a summary
#   make test   install what is missing, then run the test suite
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
APT_PACKAGES := tesseract-ocr tesseract-ocr-vie fonts-dkg-handwriting

.PHONY: demo test deps system-deps venv clean bench schema

demo: deps
	@mkdir -p out/demo
	$(PY) -m extractor.demo samples out/demo

test: deps
	$(PY) -m pytest -q

deps: system-deps venv

# tesseract with its Vietnamese model: installed with apt-get when root (or via sudo),
# otherwise the exact command is printed and make stops.
system-deps:
	@if command -v tesseract >/dev/null 2>&1 && tesseract --list-langs 2>/dev/null | grep -qx vie; then \
		exit 0; \
	elif [ "$$(id -u)" = 0 ]; then \
		echo "installing $(APT_PACKAGES) with apt-get"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(APT_PACKAGES) >/dev/null; \
	elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then \
		echo "installing $(APT_PACKAGES) with sudo apt-get"; \
		sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(APT_PACKAGES) >/dev/null; \
	else \
		echo "tesseract with Vietnamese is missing; run:  sudo apt-get install -y $(APT_PACKAGES)" >&2; \
		exit 1; \
	fi

venv: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	@touch $(STAMP)

schema: venv
	$(PY) -m extractor.schema

bench: deps
	$(PY) bench/pages.py

clean:
	rm -rf out build *.egg-info .pytest_cache
