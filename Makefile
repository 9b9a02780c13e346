# Two commands do all the set-up on a fresh machine: `make run` and `make test`.
# Both install into .venv from constraints.txt, the exact versions CI tests (README, "Installing"),
# with the dask extra, so the engine tests run (a plain `pip install .` needs no Dask).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
DB     ?= peacewatch.db
LOCK   := constraints.txt
PIP    := $(BIN)/python -m pip install -q --disable-pip-version-check -c $(LOCK)

.PHONY: run test check install lock bench clean

run: $(VENV)/.installed
	$(BIN)/peacewatch ingest examples/ --db $(DB)
	$(BIN)/peacewatch report --db $(DB) --out report.html
	@echo "Report written to report.html (open it in a browser; no network needed)."
	@echo "Dashboard: $(BIN)/peacewatch serve --db $(DB)  then open http://127.0.0.1:8000/"

# static checks first (seconds), then the suite
test: check
	$(BIN)/python -m pytest -q

check: $(VENV)/.installed
	$(BIN)/ruff check src
	$(BIN)/mypy

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml $(LOCK)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP) pip
	$(PIP) -e '.[dev,dask]'
	touch $@

# Refresh constraints.txt: resolve pyproject.toml afresh in a throw-away virtualenv and pin what
# pip chose. Then run `make test` and commit pyproject.toml and constraints.txt together.
lock:
	rm -rf .lock-venv
	$(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip install -q --upgrade pip
	.lock-venv/bin/python -m pip install -q '.[dev,dask]'
	{ sed -n '1,3p' $(LOCK); .lock-venv/bin/python -m pip freeze --all --exclude-editable \
	  | grep -v -i -E '^(peacewatch|setuptools|wheel)( |=|@)'; } > $(LOCK).new
	mv $(LOCK).new $(LOCK)
	rm -rf .lock-venv
	@echo "constraints.txt refreshed; now run 'make test' and commit it with pyproject.toml"

bench: $(VENV)/.installed
	$(BIN)/python benchmarks/run_all.py

clean:
	rm -rf $(VENV) .lock-venv build *.egg-info src/*.egg-info .pytest_cache .mypy_cache .ruff_cache
