# The two commands of the README: `make demo` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: setup fonts demo test lint bench clean

$(BIN)/rasd: pyproject.toml setup.py src/rasd/_kernels.pyx
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q -U pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $(BIN)/rasd

setup: $(BIN)/rasd fonts

# The PDF brief needs an Arabic font (Noto Naskh Arabic, Debian fonts-noto-core): installed when missing
# and this user may install packages; otherwise WeasyPrint falls back to another font with Arabic glyphs.
fonts:
	@fc-list 2>/dev/null | grep -q "Noto Naskh Arabic" || { \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; elif command -v sudo >/dev/null 2>&1; then SUDO="sudo -n"; else exit 0; fi; \
	  echo "installing fonts-noto-core (Arabic fonts for the PDF brief)"; \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q --no-install-recommends fonts-noto-core >/dev/null 2>&1 \
	  || { $$SUDO apt-get update -q >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q --no-install-recommends fonts-noto-core >/dev/null 2>&1; } \
	  || echo "could not install fonts-noto-core: the PDF will use another Arabic font"; }

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
