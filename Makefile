# newsbeam: `make run` and `make test` do all set-up on a fresh clone.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
OUTPUT ?= out
RUN_ARGS ?=

.PHONY: run test lint format bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/newsbeam run --input 'seeds/*' --output $(OUTPUT) $(RUN_ARGS)

test: $(STAMP)
	$(BIN)/ruff check pipeline transforms tests benchmarks
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check pipeline transforms tests benchmarks
	$(BIN)/ruff format --check pipeline transforms tests benchmarks

format: $(STAMP)
	$(BIN)/ruff format pipeline transforms tests benchmarks
	$(BIN)/ruff check --fix pipeline transforms tests benchmarks

bench: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	$(BIN)/python benchmarks/extraction.py
	$(BIN)/python benchmarks/topics.py
	$(BIN)/python benchmarks/feeds.py
	$(BIN)/python benchmarks/dedup.py

clean:
	rm -rf $(OUTPUT) .pytest_cache build *.egg-info
