# vanban — set-up and the two jobs of the README.
#   make demo   install what is missing, then extract every file in samples/ and print a summary
#   make test   install what is missing, then run the test suite
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
APT_PACKAGES := tesseract-ocr tesseract-ocr-vie postgresql fonts-dkg-handwriting fonts-dejavu-core
BROWSER_PACKAGES := chromium chromium-driver

.PHONY: demo test test-corpus deps system-deps browser-deps venv clean bench schema docs

demo: deps
	@mkdir -p out/demo
	$(PY) -m vanban.extractor.demo samples out/demo

test: deps
	$(PY) -m pytest -q

# the corpus-marked tests alone (CI): they need ../shared beside the repository
test-corpus: deps
	@test -d ../shared || { echo "test-corpus needs ../shared beside the repository" >&2; exit 1; }
	$(PY) -m pytest -q -m corpus

deps: system-deps venv

# tesseract with its Vietnamese model, and PostgreSQL's server binaries (the tests start a
# throwaway cluster): installed with apt-get when root (or via sudo), otherwise the exact
# command is printed and make stops.
system-deps: browser-deps
	@if command -v tesseract >/dev/null 2>&1 && tesseract --list-langs 2>/dev/null | grep -qx vie \
		&& ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then \
		exit 0; \
	elif [ "$$(id -u)" = 0 ]; then \
		echo "installing $(APT_PACKAGES) with apt-get"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(APT_PACKAGES) >/dev/null; \
	elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then \
		echo "installing $(APT_PACKAGES) with sudo apt-get"; \
		sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(APT_PACKAGES) >/dev/null; \
	else \
		echo "tesseract with Vietnamese or postgresql is missing; run:  sudo apt-get install -y $(APT_PACKAGES)" >&2; \
		exit 1; \
	fi

# Chromium and its driver for the browser tests (tests/test_browser.py): installed the
# same way; without root the tests are skipped with the reason, and make goes on.
browser-deps:
	@if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; then \
		exit 0; \
	elif [ "$$(id -u)" = 0 ]; then \
		echo "installing $(BROWSER_PACKAGES) with apt-get"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(BROWSER_PACKAGES) >/dev/null; \
	elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then \
		echo "installing $(BROWSER_PACKAGES) with sudo apt-get"; \
		sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(BROWSER_PACKAGES) >/dev/null; \
	else \
		echo "chromium is missing (browser tests will be skipped); run:  sudo apt-get install -y $(BROWSER_PACKAGES)" >&2; \
	fi

venv: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	@touch $(STAMP)

schema: venv
	$(PY) -m vanban.extractor.schema

# the generated field reference of docs/output.md
docs: venv
	$(PY) -m vanban.extractor.docgen

bench: deps
	$(PY) bench/pages.py

clean:
	rm -rf out build *.egg-info .pytest_cache
