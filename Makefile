# psgraph — the two set-up commands of the README:
#   make run    set up, build the store, validate it and print the summary
#   make test   set up and run the whole test suite (ruff, pytest, quote check, validation)

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
SHARED ?= ../shared

.PHONY: run test setup java lint pytest quotes validate build stats clean

run: setup build validate stats

test: setup lint pytest quotes validate

setup: $(STAMP) java

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test]"
	touch $(STAMP)

# The OWL consistency check runs HermiT, which needs a Java runtime.
java:
	@command -v java >/dev/null 2>&1 || { \
	  echo "Installing a Java runtime for HermiT (OWL consistency check)"; \
	  apt-get update -qq && apt-get install -y -qq default-jre-headless >/dev/null; }

lint:
	$(BIN)/ruff check src tests

pytest:
	$(BIN)/pytest -q

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

clean:
	rm -rf .psgraph .pytest_cache .ruff_cache
