# Everything a newcomer needs: `make run` and `make test` set themselves up.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
HOST   ?= 127.0.0.1
PORT   ?= 8050
OUT    ?= out
DB     ?= timeline.db
SHARED ?= ../shared
CHROMIUM ?= /usr/bin/chromium

.PHONY: install browser run build test eval bench loadtest pg-test clean help

help:
	@echo "make run    - install, build the seed timeline and serve the app on http://$(HOST):$(PORT)"
	@echo "make test   - install and run the test suite (includes headless-Chromium tests)"
	@echo "make eval   - score the current build against the seed gold (and TimeML corpora when present)"
	@echo "make bench  - throughput and memory benchmarks"
	@echo "make loadtest - the HTTP API under load (loopback only)"
	@echo "make pg-test  - the store tests on a throwaway PostgreSQL server"

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test,dask]"
	touch $(STAMP)

install: $(STAMP)

# Debian's Chromium for the browser tests (Playwright drives it; it downloads no browser of its own).
browser:
	@test -x $(CHROMIUM) || { \
	  echo "installing Debian chromium and chromium-driver"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium chromium-driver >/dev/null; }

build: $(STAMP)
	mkdir -p $(OUT)
	$(PY) -m timeline build seeds --db $(DB) --out $(OUT)/events.csv --mentions-out $(OUT)/mentions.csv --documents-out $(OUT)/documents.csv

# The seed timeline in the embedded store (a SQLite file; re-running adds nothing new), then the app over it.
run: $(STAMP)
	$(PY) -m timeline ingest seeds --db $(DB)
	$(PY) -m timeline serve --db $(DB) --host $(HOST) --port $(PORT)

test: $(STAMP) browser
	$(PY) -m pytest -q -p no:cacheprovider

eval: $(STAMP)
	$(PY) -m timeline eval seeds
	$(PY) -m timeline eval expressions
	@if [ -d $(SHARED)/corpora/tbaq ]; then $(PY) -m timeline eval tempeval $(SHARED)/corpora/tbaq --errors 10; \
	  else $(PY) -m timeline eval tempeval tests/data/tempeval; fi

bench: $(STAMP)
	$(PY) benchmarks/bench_build.py
	$(PY) benchmarks/bench_tagger.py
	$(PY) benchmarks/bench_app.py
	$(PY) benchmarks/bench_ingest.py
	$(PY) benchmarks/bench_events.py
	$(PY) benchmarks/bench_scale.py

# GET /api/events on a 10,000-event store and 100 concurrent posts, on loopback only.
loadtest: $(STAMP)
	$(PY) benchmarks/loadtest.py

# The store tests against a throwaway PostgreSQL cluster (Debian's postgresql, installed when missing).
PG_TESTS := tests/test_store.py tests/test_store_reader.py tests/test_store_batch.py tests/test_store_lease.py tests/test_crash.py tests/test_concurrency.py
pg-test: $(STAMP)
	$(PY) -m pip install --quiet -e ".[pg]"
	scripts/pg-test-server.sh > .pg-test.env
	. ./.pg-test.env && $(PY) -m pytest -q -p no:cacheprovider $(PG_TESTS); \
	  status=$$?; scripts/pg-test-server.sh stop; rm -f .pg-test.env; exit $$status

clean:
	rm -rf $(OUT) .pytest_cache build *.egg-info $(DB) $(DB)-wal $(DB)-shm $(DB)-batch
