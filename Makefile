# ArmsFlow. `make run` serves the demo; `make test` runs every test. Both install into .venv.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
export SPARK_LOCAL_IP ?= 127.0.0.1

.PHONY: install run serve test lint typecheck unit bench demo clean help

help:
	@echo "make run    install, migrate ./var/armsflow.sqlite, load the demo, serve http://127.0.0.1:8000"
	@echo "make test   install and run the whole suite (PostgreSQL and browser tests skip if absent)"
	@echo "make bench  run the benchmarks in bench/ and print their tables"

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -c constraints.txt -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

run: install
	$(BIN)/armsflow db upgrade
	$(BIN)/armsflow demo load
	$(BIN)/armsflow serve

serve: install
	$(BIN)/armsflow serve

lint: install
	$(BIN)/ruff check src tests bench

typecheck: install
	$(BIN)/mypy src

test: install lint typecheck
	$(BIN)/pytest

BENCHES ?= import simulate tracing analytics entities leads graph cases operations

bench: install  # all benchmarks (long: an hour or more); one: make bench BENCHES=graph
	for b in $(BENCHES); do $(BIN)/python bench/bench_$$b.py || exit 1; done

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
