"""``newsbeam query`` on an output written to an Iceberg catalog of the user's own
(``write.iceberg.catalog``, outside the output folder): it queries that catalog's current
snapshot, found from the run's manifest or given with --config, not every data file on disk."""

import json

import pytest

from tests.support.cli import newsbeam
from tests.support.paths import SEEDS

pytest.importorskip("pyiceberg")

SQL = "SELECT count(*) AS n, count(DISTINCT doc_id) AS docs FROM articles"


@pytest.fixture(scope="module")
def rerun_output(tmp_path_factory):
    root = tmp_path_factory.mktemp("custom_catalog")
    (root / "catalogs").mkdir()
    config = root / "iceberg.yaml"
    catalog = {"type": "sql", "uri": f"sqlite:///{root}/catalogs/team.db"}
    catalog["warehouse"] = f"file://{root}/out"
    config.write_text(
        "write:\n  format: iceberg\n  iceberg:\n    namespace: news\n"
        f"    catalog: {json.dumps(catalog)}\n"
    )
    args = ["run", "--input", f"{SEEDS}/*", "--output", str(root / "out"), "--config", str(config)]
    for _ in range(2):  # a rerun replaces its rows; its first files stay on disk for time travel
        done = newsbeam(*args, "--run-date", "2026-11-01", "--quiet", "--no-progress")
        assert done.returncode == 0, done.stderr[-2000:]
    (manifest,) = (root / "out" / "_runs").glob("*.json")
    articles = json.loads(manifest.read_text())["tables"]["articles"]
    assert articles > 0 and not (root / "out" / "_iceberg").exists()
    return root, config, articles


def _counts(*args) -> list:
    done = newsbeam("query", *args, SQL, "--format", "json")
    assert done.returncode == 0, done.stderr[-2000:]
    return [json.loads(line) for line in done.stdout.splitlines()]


def test_query_reads_the_catalog_the_run_wrote_to(rerun_output):
    root, _, articles = rerun_output
    assert _counts(str(root / "out")) == [{"n": articles, "docs": articles}]


def test_query_takes_the_runs_config(rerun_output):
    root, config, articles = rerun_output
    assert _counts(str(root / "out"), "--config", str(config)) == [
        {"n": articles, "docs": articles}
    ]


def test_a_bad_config_is_an_error_naming_it(rerun_output):
    root, _, _ = rerun_output
    bad = root / "bad.yaml"
    bad.write_text("write:\n  formt: iceberg\n")
    done = newsbeam("query", str(root / "out"), SQL, "--config", str(bad))
    assert done.returncode == 2 and "formt" in done.stderr
