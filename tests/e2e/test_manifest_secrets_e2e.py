"""Secrets in the config never reach a run manifest (anyone who can list the output reads it):
a catalog's token and the password in its URI are left out, and ``newsbeam query`` then asks for
the run's config instead of failing against the catalog."""

import json

import pytest

from pipeline.run.manifests import without_secrets
from tests.support.cli import newsbeam
from tests.support.paths import SEEDS

SECRET = "s3cr3t-t0ken-value"


def test_without_secrets_keeps_settings_and_drops_credentials():
    config = {
        "write": {
            "iceberg": {
                "catalog": {
                    "type": "rest",
                    "uri": "https://team:pa55@catalog.example/api",
                    "token": SECRET,
                    "s3.secret-access-key": SECRET,
                    "credential": SECRET,
                    "warehouse": "s3://bucket/wh",
                }
            }
        },
        "extract": {"timeout_s": 30},
        "feeds": [{"url": "https://example.org/rss", "poll_minutes": 5}],
    }
    clean = without_secrets(config)
    assert SECRET not in json.dumps(clean) and "pa55" not in json.dumps(clean)
    catalog = clean["write"]["iceberg"]["catalog"]
    assert catalog["uri"] == "https://catalog.example/api"
    assert catalog["type"] == "rest" and catalog["warehouse"] == "s3://bucket/wh"
    assert clean["extract"] == {"timeout_s": 30} and clean["feeds"] == config["feeds"]


def test_a_catalog_token_is_not_in_the_manifest_and_query_asks_for_the_config(tmp_path):
    pytest.importorskip("pyiceberg")
    catalog = {
        "type": "sql",
        "uri": f"sqlite:///{tmp_path}/team.db",
        "warehouse": f"file://{tmp_path}/out",
        "token": SECRET,
    }
    config = tmp_path / "iceberg.yaml"
    config.write_text(
        f"write:\n  format: iceberg\n  iceberg:\n    catalog: {json.dumps(catalog)}\n"
    )
    out = tmp_path / "out"
    done = newsbeam(
        "run", "--input", f"{SEEDS}/*", "--output", str(out), "--config", str(config),
        "--run-date", "2026-11-01", "--quiet", "--no-progress",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    (manifest,) = (out / "_runs").glob("*.json")
    text = manifest.read_text()
    assert SECRET not in text
    assert json.loads(text)["config"]["write"]["iceberg"]["catalog"]["uri"] == catalog["uri"]

    sql = "SELECT count(*) AS n FROM articles"
    asked = newsbeam("query", str(out), sql)
    assert asked.returncode == 2 and "--config" in asked.stderr
    given = newsbeam("query", str(out), sql, "--config", str(config), "--format", "csv")
    assert given.returncode == 0, given.stderr[-2000:]
    assert given.stdout.split() == ["n", "5"]
