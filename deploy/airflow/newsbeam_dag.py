"""Airflow DAG: run newsbeam once a day with Airflow's logical date as ``--run-date``.

Needs ``apache-airflow`` 3.x and ``apache-airflow-providers-apache-beam`` on the Airflow side, and a
Python environment with newsbeam installed where the task runs (``NEWSBEAM_PYTHON``; the worker
image from deploy/Dockerfile, or ``pip install newsbeam-*.whl`` in a venv). Airflow starts
``NEWSBEAM_PYTHON deploy/launch.py --runner=... --input=... --output=... --run-date={{ ds }}``.

Because every run passes an explicit run date, a retry, a clear or a backfill
(``airflow backfill create --dag-id newsbeam_daily --from-date ... --to-date ...``) rewrites
exactly that day's files and nothing else.

Settings come from the environment of the scheduler and the workers (read when the DAG is parsed):

    NEWSBEAM_INPUT     input pattern(s), separated by commas   e.g. gs://crawl/{{ ds }}/*.warc.gz
    NEWSBEAM_OUTPUT    output folder or bucket                  e.g. gs://lake/newsbeam
    NEWSBEAM_CONFIG    optional YAML merged over the defaults
    NEWSBEAM_RUNNER    DirectRunner (default), DataflowRunner, FlinkRunner, SparkRunner, PortableRunner
    NEWSBEAM_BEAM_OPTIONS  JSON object of extra Beam options, e.g. {"project": "p", "region": "r"}
    NEWSBEAM_PYTHON    interpreter with newsbeam installed      (default: python3)
    NEWSBEAM_LAUNCH_PY path of deploy/launch.py                 (default: beside this DAG's repo)
    NEWSBEAM_SCHEDULE  cron expression, UTC                     (default: 0 2 * * *)

Input patterns may use Airflow templates (``{{ ds }}``, ``{{ ds_nodash }}``): they are rendered
per run. With ``NEWSBEAM_RUNNER=DataflowRunner`` install ``apache-airflow-providers-google`` too.
"""

import json
import os
from datetime import timedelta
from pathlib import Path

import pendulum
from airflow.providers.apache.beam.operators.beam import BeamRunPythonPipelineOperator
from airflow.sdk import DAG

_HERE = Path(__file__).resolve().parent


def _env_list(name: str, default: str) -> list[str]:
    return [p.strip() for p in os.environ.get(name, default).split(",") if p.strip()]


# newsbeam's own flags, as ``BeamRunPythonPipelineOperator`` turns them into ``--key=value``.
PIPELINE_OPTIONS = {
    "input": _env_list("NEWSBEAM_INPUT", "seeds/*"),
    "output": os.environ.get("NEWSBEAM_OUTPUT", "out"),
    "config": os.environ.get("NEWSBEAM_CONFIG") or None,  # None: the operator leaves it out
    "run-date": "{{ ds }}",
    **json.loads(os.environ.get("NEWSBEAM_BEAM_OPTIONS", "{}")),
}

with DAG(
    dag_id="newsbeam_daily",
    description="newsbeam: news files and feeds -> partitioned Parquet, one run per day",
    schedule=os.environ.get("NEWSBEAM_SCHEDULE", "0 2 * * *"),
    start_date=pendulum.datetime(2026, 1, 1, tz="UTC"),
    catchup=False,  # backfill explicitly: airflow backfill create --dag-id newsbeam_daily ...
    max_active_runs=1,  # runs of different days never overlap
    default_args={"retries": 2, "retry_delay": timedelta(minutes=10)},
    tags=["newsbeam", "beam"],
) as dag:
    BeamRunPythonPipelineOperator(
        task_id="newsbeam_run",
        runner=os.environ.get("NEWSBEAM_RUNNER", "DirectRunner"),
        py_file=os.environ.get("NEWSBEAM_LAUNCH_PY", str(_HERE.parent / "launch.py")),
        py_interpreter=os.environ.get("NEWSBEAM_PYTHON", "python3"),
        pipeline_options=PIPELINE_OPTIONS,
        execution_timeout=timedelta(hours=6),
    )
