# pe-course: the two commands in the README are `make site` and `make test`.
# Everything is installed by these targets on a fresh machine (Python 3.11+, Node 20, npm).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.pe-course-installed
export PATH := $(CURDIR)/$(BIN):$(PATH)

.PHONY: site test setup browser lite book handouts dist check-tools clean

## site: set everything up and build the book into _build/html (the main job), with the
## facilitator kit's handout PDFs (printed by Debian's Chromium, installed as for the tests)
site: setup browser lite book handouts

## test: set up, build the site, install the browser, run every test
test: setup browser lite book handouts
	$(BIN)/python -m pytest

setup: $(STAMP) node_modules/.package-lock.json

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $@

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund

## browser: Debian's Chromium for the browser tests (needs root; otherwise install it yourself)
browser:
	@if [ -x /usr/bin/chromium ]; then echo "chromium: $$(/usr/bin/chromium --version)"; \
	elif [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	else echo "Chromium is missing: install Debian's 'chromium' package (sudo apt-get install chromium)"; \
	  echo "Browser tests will be skipped (they fail instead when PE_COURSE_REQUIRE_BROWSER=1)."; fi

## lite: fetch and assemble what the in-browser Python (JupyterLite + Pyodide) needs
lite: setup
	$(BIN)/python lite/prepare.py

book: setup
	$(BIN)/jupyter-book build . -W --keep-going

## handouts: print the kit's handouts into the site, one PDF each (prints on A4 and US Letter)
handouts: setup
	$(BIN)/pe-course handouts _build/html/handouts

## dist: the built site as a versioned zip for a venue with no internet (dist/*.zip)
dist: site
	$(BIN)/pe-course dist _build/html --out dist --version \
	  "$$($(BIN)/python -c 'import pe_course; print(pe_course.__version__)')-$$(git rev-parse --short HEAD 2>/dev/null || echo local)"

clean:
	rm -rf _build lite/_generated dist
