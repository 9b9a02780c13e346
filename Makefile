# Two commands do all the set-up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
DB     ?= peacewatch.db

.PHONY: run test install bench clean

run: $(VENV)/.installed
	$(BIN)/peacewatch ingest examples/ --db $(DB)
	$(BIN)/peacewatch report --db $(DB) --out report.html
	@echo "Report written to report.html (open it in a browser; no network needed)."
	@echo "Dashboard: $(BIN)/peacewatch serve --db $(DB)  then open http://127.0.0.1:8000/"

test: $(VENV)/.installed
	$(BIN)/python -m pytest -q

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $@

bench: $(VENV)/.installed
	$(BIN)/python benchmarks/run_all.py

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info .pytest_cache
