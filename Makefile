# solieu — the two commands a newcomer needs: `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: demo test install install-test bench catalog clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Re-install when pyproject.toml changes.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

## Serve the bundled demo site on 127.0.0.1, crawl it with the real spider, print what it found.
demo: install
	$(BIN)/solieu demo --db solieu-demo.db

## Run the whole test suite.
test: install-test
	$(BIN)/python -m pytest -q

## Benchmarks (throughput and peak memory against baselines in the same run), each bounded in time:
## figures vs naive ner(); entity precision on hand-judged demo articles; the per-stage CPU table, the crawl
## at 1,000 and 5,000 pages (pages/s, peak PSS) and trafilatura's download+extract on the same site;
## `reprocess` over the demo database against the commit before the speed work, alternately in one run.
## BENCH_PAGES=500 make bench for a quick run.
BENCH_PAGES ?= 1000,5000
BENCH_TIMEOUT ?= 900
## The scale-out bench (1, 2, 4 `crawl --frontier` processes, one `store`) needs Debian's redis-server.
SCALE_PAGES ?= 600
bench: install-test
	$(BIN)/python bench/nlp_bench.py
	$(BIN)/python bench/entities_eval.py
	$(BIN)/python bench/crawl_bench.py --pages $(BENCH_PAGES) --trafilatura 1000 --timeout $(BENCH_TIMEOUT)
	$(BIN)/python bench/documents_bench.py
	$(BIN)/python bench/reprocess_bench.py --db solieu-demo.db -- --no-documents
	$(BIN)/python bench/scale_bench.py --pages $(SCALE_PAGES)

## After editing nlp/indicators.yaml: refresh the JSON snapshot read in its place (a stale one is ignored,
## only slower; tests/nlp/test_catalog_snapshot.py fails until it is refreshed).
catalog: install
	$(BIN)/python -c "import json; from nlp.catalog import SNAPSHOT_PATH, snapshot; \
	SNAPSHOT_PATH.write_text(json.dumps(snapshot(), ensure_ascii=False, separators=(',', ':')) + '\n', encoding='utf-8')"

clean:
	rm -rf $(VENV) solieu-demo.db solieu-demo.db-wal solieu-demo.db-shm .pytest_cache
