# An Sinh — the two commands a newcomer needs: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed-$(shell cat requirements/lock.txt pyproject.toml 2>/dev/null | cksum | cut -d' ' -f1)

.PHONY: install run serve setup demo test test-sqlite test-postgres lint lock bench bench-policies \
        bench-intake bench-linkage bench-dashboard clean

install: $(STAMP)

$(STAMP): requirements/lock.txt pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install -q --upgrade pip
	@# uv is much faster when it can be had; plain pip installs the same pinned set otherwise.
	@($(BIN)/python -m pip install -q uv && $(BIN)/uv pip install -q --python $(BIN)/python -r requirements/lock.txt) \
	  || $(BIN)/python -m pip install -q -r requirements/lock.txt
	@$(BIN)/python -m pip install -q --no-deps --no-build-isolation -e . 2>/dev/null || $(BIN)/python -m pip install -q --no-deps -e .
	@rm -f $(VENV)/.installed-*; touch $@
	@echo "Đã cài đặt môi trường: $(VENV) (lệnh: $(BIN)/ansinh)"

setup: install
	$(BIN)/ansinh migrate --noinput -v 0
	$(BIN)/ansinh load_reference_data
	$(BIN)/ansinh demo_load

run: setup
	@bash scripts/run.sh $(PORT)

test: install
	@bash scripts/test.sh

lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/lint-imports

lock:
	$(BIN)/uv pip compile -q requirements/dev.in -o requirements/lock.txt --python $(BIN)/python

bench: bench-policies bench-intake bench-linkage bench-dashboard

bench-policies: install
	$(BIN)/python bench/bench_policies.py

bench-intake: install
	$(BIN)/python bench/bench_intake.py
	$(BIN)/python bench/bench_intake_store.py
	@bash scripts/with_postgres.sh $(BIN)/python bench/bench_intake_store.py
	@bash scripts/with_postgres.sh $(BIN)/python bench/bench_intake_job.py

bench-linkage: install
	$(BIN)/python bench/bench_linkage.py

bench-dashboard: install
	@bash scripts/with_postgres.sh $(BIN)/python bench/bench_dashboard.py

clean:
	rm -rf $(VENV) var/test-*
