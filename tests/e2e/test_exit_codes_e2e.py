"""Exit statuses a scheduler acts on, through the command: a run in which every input failed
(one dead feed, a folder of unreadable files) is not a success, however small it is."""

import importlib.util
import os

import pytest

from tests.support import tables
from tests.support.cli import newsbeam
from tests.support.hostile_files import page
from tests.support.http_site import Site, serve

_FAST_FETCH = (
    "fetch:\n  per_host_delay_s: 0\n  retries: 0\n  read_timeout_s: 2\n  deadline_s: 5\n"
    "  connect_timeout_s: 2\n"
)


def _run(tmp_path, *args, config=""):
    cfg = tmp_path / "config.yaml"
    cfg.write_text(_FAST_FETCH + config)
    out = tmp_path / "out"
    args = [*args, "--output", str(out), "--config", str(cfg), "--run-date", "2026-12-01"]
    return newsbeam("run", "--no-progress", *args), out


@pytest.fixture()
def dead_feed():
    site = Site()
    site.add("/feed.xml", 500, b"upstream down", {"Content-Type": "text/plain"})
    server, base = serve(site)
    yield f"{base}/feed.xml"
    server.shutdown()


def test_a_run_whose_only_feed_fails_exits_3(tmp_path, dead_feed):
    done, out = _run(tmp_path, "--feeds", dead_feed)
    assert done.returncode == 3, done.stderr
    assert "1 of 1 inputs failed" in done.stderr
    # the failure is written and committed all the same
    assert tables.query(out, "SELECT error_type FROM errors") == [("http_error",)]


def test_a_folder_of_unreadable_files_exits_3(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("a.txt", "b.txt"):
        (folder / name).write_bytes(os.urandom(4000))
    done, out = _run(tmp_path, "--input", str(folder))
    assert done.returncode == 3, done.stderr
    assert "2 of 2 inputs failed" in done.stderr
    assert tables.query(out, "SELECT count(*) FROM errors") == [(2,)]


def test_a_small_run_with_one_failure_among_articles_exits_0(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.html").write_bytes(page("Harbour wall to be rebuilt"))
    (folder / "bad.txt").write_bytes(os.urandom(4000))
    done, out = _run(tmp_path, "--input", str(folder))
    assert done.returncode == 0, done.stderr
    assert tables.query(out, "SELECT title FROM articles") == [("Harbour wall to be rebuilt",)]


def test_max_error_rate_1_accepts_a_run_where_everything_failed(tmp_path, dead_feed):
    done, _ = _run(tmp_path, "--feeds", dead_feed, config="max_error_rate: 1.0\n")
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("value", [["abc"], ["2.5"], []])
def test_a_bad_workers_value_is_one_usage_message(tmp_path, value):
    done = newsbeam(
        "run", "--input", "seeds", "--output", str(tmp_path / "out"), "--workers", *value
    )
    assert done.returncode == 2
    # one usage line, not argparse's nine-line block that hid the error under it
    usage, error, see = done.stderr.strip().splitlines()
    assert usage == "usage: newsbeam run [options]"
    assert error.startswith("newsbeam run: error: argument --workers")
    assert see == "see 'newsbeam run --help'"
    assert not (tmp_path / "out").exists()


def test_an_object_store_input_is_listed_with_beams_flags(tmp_path):
    # s3:// builds its client from the pipeline options: before they reached the filesystems,
    # listing the input failed with "Must provide one of client or options" whatever the flags
    out = tmp_path / "out"
    done = newsbeam(
        "run", "--input", "s3://newsbeam-test/crawl/*", "--output", str(out),
        "--s3_endpoint_url", "http://127.0.0.1:9", "--s3_access_key_id", "k",
    )  # fmt: skip
    assert done.returncode == 2, done.stderr
    assert "cannot list input 's3://newsbeam-test/crawl/*'" in done.stderr
    assert "Must provide one of client or options" not in done.stderr
    if importlib.util.find_spec("boto3") is None:
        assert "boto3" in done.stderr  # the missing package is what the user must install
    assert not out.exists()


def test_the_output_folder_given_as_input_is_named_as_the_reason_nothing_matches(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "story.html").write_bytes(page("Harbour wall to be rebuilt"))
    done = newsbeam("run", "--input", str(out), "--output", str(out))
    assert done.returncode == 2, done.stderr
    assert f"outside the output folder '{out}', which is never read as input" in done.stderr
    assert sorted(p.name for p in out.iterdir()) == ["story.html"]  # nothing ran
