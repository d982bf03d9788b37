# The two commands of the README: `make demo` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: setup demo test lint bench clean

$(BIN)/rasd: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q -U pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $(BIN)/rasd

setup: $(BIN)/rasd

demo: setup
	rm -f rasd.db rasd.db-wal rasd.db-shm
	$(BIN)/rasd ingest examples/reports --db sqlite:///rasd.db
	$(BIN)/rasd months --db sqlite:///rasd.db
	@echo "the latest month's brief:"
	$(BIN)/rasd brief --db sqlite:///rasd.db --format html --out 'briefs/brief-{month}.{lang}.html'
	$(BIN)/rasd brief --db sqlite:///rasd.db --format pdf --out 'briefs/brief-{month}.{lang}.pdf'
	@echo "the dashboard: $(BIN)/rasd serve --db sqlite:///rasd.db   then open http://127.0.0.1:8000/months/113"

lint: setup
	$(BIN)/ruff check src tests bench

test: setup lint
	$(BIN)/pytest

bench: setup
	$(BIN)/python bench/text.py
	$(BIN)/python bench/extract.py

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info briefs
