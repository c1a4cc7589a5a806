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

# Headless Chromium + ChromeDriver from Debian for the browser tests, and a CJK font for
# Chinese text in charts and screenshots (root on CI and dev machines).
BROWSER_DEBS := chromium chromium-driver fonts-noto-cjk
browser:
	@if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1 \
	    && [ -e /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc ]; then :; else \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(BROWSER_DEBS) >/dev/null) \
	  || echo "warning: could not install $(BROWSER_DEBS); browser tests will be skipped"; fi

test: $(STAMP) browser
	$(BIN)/python -m pytest -q -p no:cacheprovider

clean:
	rm -rf out .kg-cache
