# Two entry points: `make run` (install + build the seeds) and `make test`.
PY      ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed

.PHONY: run test install browser clean

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/kg build seeds -o out/graph.ttl
	$(BIN)/kg viz out/graph.ttl -o out/graph.html
	$(BIN)/kg stats out/graph.ttl
	$(BIN)/kg query queries/indicator_by_region_year.rq --graph out/graph.ttl --param indicator=地区生产总值

# Headless Chromium from Debian for the browser tests (root on CI and dev machines).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
	  || echo "warning: could not install chromium; browser tests will be skipped"; }

test: $(STAMP) browser
	$(BIN)/python -m pytest -q -p no:cacheprovider

clean:
	rm -rf out .kg-cache
