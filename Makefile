# vanban — make targets. Everything runs from the repository's own .venv.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
CORPUS ?= corpus
INDEX_DIR ?= var/index
HOST ?= 127.0.0.1
PORT ?= 8000
STAMP := $(VENV)/.installed

.PHONY: install run test check lint types index serve bench load eval screenshots clean cluster cluster-stop

# install: create .venv and install vanban with its pinned dependencies
install: $(STAMP)

$(STAMP): pyproject.toml constraints.txt
	@# .doc (Word 97) files are read with Debian's antiword; install it when we can (root + apt).
	@command -v antiword >/dev/null || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null && \
	  (apt-get install -y -q antiword >/dev/null 2>&1 || (apt-get update -q >/dev/null 2>&1 && \
	   apt-get install -y -q antiword >/dev/null 2>&1)) ; } || echo "note: antiword not installed; .doc files will be reported unreadable"
	@# Scanned PDFs are read by OCR: Tesseract with its Vietnamese model, pages rendered by poppler.
	@command -v tesseract >/dev/null && command -v pdftoppm >/dev/null && tesseract --list-langs 2>/dev/null | grep -qx vie || \
	  { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null && \
	  (apt-get install -y -q tesseract-ocr tesseract-ocr-vie poppler-utils >/dev/null 2>&1 || (apt-get update -q >/dev/null 2>&1 && \
	   apt-get install -y -q tesseract-ocr tesseract-ocr-vie poppler-utils >/dev/null 2>&1)) ; } || \
	  echo "note: tesseract-ocr-vie not installed; scanned PDFs will be reported 'cần OCR'"
	@# Browser tests drive Debian's chromium with Playwright (no browser download); same rule.
	@command -v chromium >/dev/null || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null && \
	  (apt-get install -y -q chromium >/dev/null 2>&1 || (apt-get update -q >/dev/null 2>&1 && \
	   apt-get install -y -q chromium >/dev/null 2>&1)) ; } || echo "note: chromium not installed; browser tests will be skipped"
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	touch $(STAMP)

# run: install, index $(CORPUS) and serve the API and web UI on $(HOST):$(PORT)
run: install index serve

# test: install and run the test suite
test: install
	$(BIN)/python -m pytest

# check: lint (ruff), types (mypy on the typed modules) and the tests: what CI runs (.ci/run)
check: lint types test

# lint: ruff over the code
lint: install
	$(BIN)/ruff check indexer graph pipeline search_api tests benchmarks

# types: mypy over the typed modules ([tool.mypy] files in pyproject.toml)
types: install
	$(BIN)/mypy

# index: build the search index and citation graph from $(CORPUS) into $(INDEX_DIR)
index: install
	$(BIN)/vanban index $(CORPUS) --index-dir $(INDEX_DIR)

# serve: serve the API and web UI from $(INDEX_DIR) on $(HOST):$(PORT)
serve: install
	$(BIN)/vanban serve --index-dir $(INDEX_DIR) --host $(HOST) --port $(PORT)

# bench: print speed figures as ratios against an in-process baseline, then the archive-scale
# benchmark on SIZE generated plans (corpus and index kept in var/bench; SIZE=100000 takes ~1.5 h)
SIZE ?= 1000
bench: install
	$(BIN)/python -m benchmarks.run
	$(BIN)/python -m benchmarks.bench_scale --size $(SIZE)

# load: a bounded load test of a real server on a generated corpus (DOCS plans; 50 and 200 clients,
# SECONDS each, 1 and 2 worker processes); fails on any 5xx, connection error or differing answer
DOCS ?= 1000
SECONDS ?= 30
load: install
	$(BIN)/python -m benchmarks.load --docs $(DOCS) --seconds $(SECONDS) --clients 50,200 --workers 1,2

# cluster: start a local 3-node Typesense cluster (127.0.0.1:8108/8118/8128, data and logs under
# var/cluster) for VANBAN_BACKEND=typesense; cluster-stop stops it
cluster: install
	$(BIN)/vanban cluster start --dir var/cluster

cluster-stop: install
	$(BIN)/vanban cluster stop --dir var/cluster

# eval: citation extraction precision/recall against the seed gold
eval: install
	$(BIN)/vanban eval citations --gold tests/gold/seeds.json $(CORPUS)
	@test -f ../shared/realdocs/ner/citations.jsonl && $(BIN)/vanban eval laws ../shared/realdocs/ner/citations.jsonl \
	  || echo "note: ../shared/realdocs is absent: law names not measured"

# screenshots: the search, plan (each tab), instrument, coverage and overview pages at 1280 and
# 390 px, in Debian's chromium, into var/screenshots/
screenshots: install index
	$(BIN)/python -m benchmarks.screenshots --index-dir $(INDEX_DIR) --out var/screenshots

# clean: remove the virtualenv, indexes and caches
clean:
	rm -rf $(VENV) var .pytest_cache *.egg-info
