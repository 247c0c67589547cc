"""The check of ``--runner`` before a run never goes to the network: Beam's own validator, which it
once ran, looked up Google credentials with backoff, the buckets' soft-delete policy and a default
staging bucket, and took 88-120 s offline before it said "no problem" or raised ``RetryError``.
Here every connection and name lookup raises at once, past any retry loop: the check must answer
without one, and every problem is a line for the exit-2 message, never an exception."""

import socket

import pytest
from apache_beam.runners.runner import PipelineRunner

from pipeline.runtime.runner import runner_problem

DATAFLOW = ["--runner", "DataflowRunner", "--project", "my-proj", "--region", "us-central1"]


class NetworkTouched(BaseException):
    """Not an Exception: the retry loops of Google's clients do not catch it."""


@pytest.fixture(autouse=True)
def offline(monkeypatch):
    def refuse(*args, **kwargs):
        raise NetworkTouched(f"the runner check went to the network: {args[1:]}")

    monkeypatch.delenv("CLOUDSDK_COMPUTE_REGION", raising=False)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)


class BrokenRunner(PipelineRunner):
    """A runner class whose construction fails with an error ``create_runner`` does not expect."""

    def __init__(self):
        raise RuntimeError("cluster config file not found")


def test_dataflow_with_its_flags_passes_without_the_network():
    assert runner_problem([*DATAFLOW, "--temp_location", "gs://my-bucket/tmp"]) is None
    # Beam takes the staging location for the temp location
    assert runner_problem([*DATAFLOW, "--staging_location", "gs://my-bucket/staging"]) is None


def test_the_region_may_come_from_the_environment_as_beam_reads_it(monkeypatch):
    monkeypatch.setenv("CLOUDSDK_COMPUTE_REGION", "europe-west1")
    args = ["--runner", "DataflowRunner", "--project", "news-prod", "--temp_location", "gs://bkt/t"]
    assert runner_problem(args) is None


def test_test_dataflow_runner_names_each_missing_flag():
    said = runner_problem(["--runner", "TestDataflowRunner", "--project", "p"])

    assert said.startswith("--runner TestDataflowRunner: ")
    assert "Missing required option: region" in said
    assert "Missing required option: temp_location (gs://BUCKET/path)" in said
    assert "project must be a project ID (not its number or name), got p" in said  # too short
    assert "deploy/runners/" in said


@pytest.mark.parametrize("project", ["123456789012", "My Project"])
def test_a_project_number_or_name_is_not_an_id(project):
    said = runner_problem([*DATAFLOW[:2], "--project", project, *DATAFLOW[4:], "--temp_location",
                           "gs://my-bucket/tmp"])  # fmt: skip

    assert said.startswith(
        f"--runner DataflowRunner: project must be a project ID (not its number or name), got {project};"
    )


@pytest.mark.parametrize(
    "temp",
    ["/tmp/x", "gs://b/t", "gs://my-bucket", "s3://my-bucket/tmp"],
    ids=["local", "bucket-name-too-short", "no-path", "not-gcs"],
)
def test_a_temp_location_dataflow_cannot_use_is_named(temp):
    said = runner_problem([*DATAFLOW, "--temp_location", temp])

    assert said == (
        f"--runner DataflowRunner: temp_location must be a gs://BUCKET/path, got {temp}; add the "
        "flags (deploy/runners/ holds the flags of each runner to copy)"
    )


def test_a_runner_that_fails_to_be_made_is_a_message_not_an_exception():
    name = f"{__name__}.BrokenRunner"

    said = runner_problem(["--runner", name])

    assert said == (
        f"--runner {name}: its options could not be checked "
        "(RuntimeError: cluster config file not found)"
    )


@pytest.mark.parametrize("args", [[], ["--runner", "DirectRunner"], ["--runner", "PortableRunner"]])
def test_local_and_portable_runners_have_nothing_to_add(args):
    assert runner_problem(args) is None
