"""``--runner`` and the options it needs are configuration: through the command, an unknown
runner or a Dataflow run without its project, region and buckets exits 2 naming what to give,
before the output is locked or anything is written. Both once failed inside ``beam.Pipeline``
with exit 1 ("the run failed"), which a scheduler retries as a failure that may pass."""

import pytest

from tests.support.cli import newsbeam
from tests.support.paths import SEEDS


def _run(tmp_path, *runner_args):
    out = tmp_path / "out"
    args = ["run", "--input", f"{SEEDS}/*", "--output", str(out), "--run-date", "2026-12-01"]
    # A bound, not a measure: the check once went to the network and took 88-120 s offline.
    return newsbeam(*args, "--no-progress", *runner_args, timeout=60), out


@pytest.mark.parametrize(
    "runner, said",
    [
        ("Nope", "--runner Nope is not a runner Beam knows: give one of DataflowRunner"),
        ("dataflw", "--runner dataflw is not a runner Beam knows: give one of DataflowRunner"),
        ("newsbeam.runners.Fast", "No module named 'newsbeam'"),
        ("apache_beam.runners.direct.direct_runner.Nope", "has no attribute 'Nope'"),
    ],
)
def test_a_runner_beam_does_not_know_exits_2_naming_the_runners(tmp_path, runner, said):
    done, out = _run(tmp_path, "--runner", runner)

    assert done.returncode == 2, done.stderr
    assert said in done.stderr
    assert "FlinkRunner" in done.stderr and "PipelineRunner class" in done.stderr
    assert "Traceback" not in done.stderr
    assert not out.exists()  # nothing locked, staged or written


def test_dataflow_without_its_options_exits_2_naming_each(tmp_path):
    done, out = _run(tmp_path, "--runner", "DataflowRunner", "--project", "news-prod")

    assert done.returncode == 2, done.stderr
    line = done.stderr.strip().splitlines()[-1]
    assert line.startswith("newsbeam: configuration error: --runner DataflowRunner: ")
    for missing in ("region", "temp_location"):
        assert f"option: {missing}" in line
    assert "option: project" not in line  # the one given
    assert "deploy/runners/" in line
    assert not out.exists()


@pytest.mark.parametrize(
    "runner_args, said",
    [
        (["--runner", "TestDataflowRunner", "--project", "p"], "Missing required option: region"),
        (
            ["--runner", "DataflowRunner", "--project", "my-proj", "--region", "us-central1",
             "--temp_location", "/tmp/x"],
            "temp_location must be a gs://BUCKET/path, got /tmp/x",
        ),
        (
            ["--runner", "DataflowRunner", "--project", "my-proj", "--region", "us-central1",
             "--temp_location", "gs://b/t"],
            "temp_location must be a gs://BUCKET/path, got gs://b/t",
        ),
    ],
    ids=["test-dataflow-no-region", "local-temp-location", "bucket-name-too-short"],
)  # fmt: skip
def test_dataflow_flags_are_checked_offline_and_exit_2(tmp_path, runner_args, said):
    """The check once ran Beam's validator, which waited on Google's servers (88-120 s offline),
    then passed or ended in a ``RetryError`` traceback with exit 1."""
    done, out = _run(tmp_path, *runner_args)

    assert done.returncode == 2, done.stderr
    assert said in done.stderr
    assert "Traceback" not in done.stderr and "credentials" not in done.stderr
    assert not out.exists()
