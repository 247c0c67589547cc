"""The command line as a user meets it: ``python -m pipeline ...`` as a subprocess, its exit
status and what it prints; misspelled flags, Beam's flags, --version, --help, SIGTERM and a run
that fails while writing."""

import os
import re
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path

import duckdb
import pytest

from tests.support.cli import ELAPSED, newsbeam, run_command
from tests.support.paths import ROOT

RUN_DATE = "2026-11-20"
# Real Beam flags that must reach PipelineOptions (nothing is launched: see the tests).
BEAM_FLAGS = [
    "--runner",
    "DataflowRunner",
    "--project",
    "p",
    "--region",
    "europe-west1",
    "--temp_location",
    "gs://bucket/tmp",
    "--direct_running_mode",
    "multi_processing",
    "--experiments=use_runner_v2",
]


def write_articles(folder: Path, count: int) -> Path:
    """``count`` council-news pages, each with its own title and wording."""
    folder.mkdir(parents=True, exist_ok=True)
    topics = ["budget", "library", "bridge", "school", "harbour", "tram line", "park", "clinic"]
    for i in range(count):
        topic = topics[i % len(topics)]
        paragraphs = [
            f"The city council of Northvale met on evening {i} to debate the {topic}. "
            f"Councillor Mara Ilsen said the plan number {i} would be paid for over {i % 9 + 2} "
            f"years and that residents of ward {i % 13} had asked for it since the spring. "
            f"Opponents said the {topic} would cost more than the {i * 7 % 97} million promised."
            for _ in range(6)
        ]
        body = "".join(f"<p>{p} Paragraph {k} of story {i}.</p>" for k, p in enumerate(paragraphs))
        html = (
            f"<html><head><title>Council debates the {topic}, story {i}</title></head>"
            f"<body><article><h1>Council debates the {topic}, story {i}</h1>{body}"
            "</article></body></html>"
        )
        (folder / f"story-{i:03d}.html").write_text(html, encoding="utf-8")
    return folder


def _titles(out: Path) -> list:
    con = duckdb.connect()
    rows = con.sql(
        f"SELECT title FROM read_parquet('{out}/articles/**/*.parquet', hive_partitioning=true) "
        "ORDER BY title"
    ).fetchall()
    return [r[0] for r in rows]


# --- unknown arguments --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args, flag, suggestion",
    [
        (["run", "--inptu", "seeds/*"], "--inptu", "--input"),
        (["run", "--input", "seeds/*", "--ouptut", "OUT"], "--ouptut", "--output"),
        (
            ["run", "--input", "seeds/*", "--output", "OUT", "--worker", "2"],
            "--worker",
            "--workers",
        ),
        (
            ["run", "--streaming", "--feeds", "http://127.0.0.1:9/f.xml", "--widnow", "5"],
            "--widnow",
            "--window",
        ),
        (
            ["run", "--output", "OUT", "--runner", "DirectRunner", "--projcet", "p"],
            "--projcet",
            "--project",
        ),
        (["train-topics", "--dta", "labels.csv"], "--dta", "--data"),
    ],
)
def test_an_unknown_flag_exits_2_naming_it_and_runs_nothing(tmp_path, args, flag, suggestion):
    out = tmp_path / "out"
    args = [str(out) if a == "OUT" else a for a in args]
    proc = newsbeam(*args)
    assert proc.returncode == 2, proc.stderr[-2000:]
    usage, error, see = proc.stderr.strip().splitlines()  # not argparse's whole usage block
    assert usage.startswith(f"usage: newsbeam {args[0]} [options]")
    assert see == f"see 'newsbeam {args[0]} --help'"
    assert f"unknown argument {flag} " in error
    assert f"did you mean {suggestion}" in error
    assert not out.exists()  # nothing ran: not even the output folder was made
    assert "Traceback" not in proc.stderr


def test_an_abbreviated_flag_is_not_taken_for_the_whole_one(tmp_path):
    # argparse would read --out as --output; a flag must be spelled out.
    proc = newsbeam("run", "--input", "seeds/*", "--out", str(tmp_path / "out"))
    assert proc.returncode == 2
    assert "unknown argument --out " in proc.stderr and "did you mean --output" in proc.stderr
    assert not (tmp_path / "out").exists()


def test_a_stray_word_is_an_error(tmp_path):
    proc = newsbeam("run", "seeds/*", "--output", str(tmp_path / "out"))
    assert proc.returncode == 2
    assert "unexpected argument 'seeds/*'" in proc.stderr


def test_beams_own_flags_pass_the_check_and_reach_the_options():
    """Beam's flags are accepted through the same check main() makes, and reach
    PipelineOptions; in the real command a later configuration error shows that they got past
    the check (a Dataflow job would otherwise be launched)."""
    from apache_beam.options.pipeline_options import (
        DirectOptions,
        GoogleCloudOptions,
        StandardOptions,
    )

    from pipeline.cli.args import beam_flag_parser, check_extra_args
    from pipeline.cli.main import _parser
    from pipeline.runtime.runner import make_options

    parser = _parser()
    args, extras = parser.parse_known_args(["run", "--input", "seeds/*", *BEAM_FLAGS])
    assert args.input == ["seeds/*"] and extras == BEAM_FLAGS
    check_extra_args(extras, parser, beam=beam_flag_parser())  # no error
    options = make_options(extras)
    assert options.view_as(StandardOptions).runner == "DataflowRunner"
    gcp = options.view_as(GoogleCloudOptions)
    assert (gcp.project, gcp.region, gcp.temp_location) == ("p", "europe-west1", "gs://bucket/tmp")
    assert options.view_as(DirectOptions).direct_running_mode == "multi_processing"
    assert "use_runner_v2" in options.get_all_options()["experiments"]


def test_beam_flags_get_past_the_flag_check_in_the_command(tmp_path):
    proc = newsbeam("run", "--input", "seeds/*", "--output", str(tmp_path / "o"), *BEAM_FLAGS,
                    "--run-date", "2026-02-30")  # fmt: skip
    assert proc.returncode == 2
    assert "configuration error: --run-date 2026-02-30 is not a real date" in proc.stderr
    assert "unknown argument" not in proc.stderr


def test_a_local_run_with_beam_flags_writes_the_articles(tmp_path):
    pages = write_articles(tmp_path / "pages", 3)
    out = tmp_path / "out"
    proc = run_command(
        "--input", f"{pages}/*", "--output", str(out), "--run-date", RUN_DATE,
        "--experiments=newsbeam_flag_check", "--direct_num_workers", "1",
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert _titles(out) == [
        "Council debates the bridge, story 2",
        "Council debates the budget, story 0",
        "Council debates the library, story 1",
    ]


# --- --version and --help -----------------------------------------------------------------------


@pytest.mark.parametrize("flag", ["--version", "-V"])
def test_version(flag):
    proc = newsbeam(flag)
    assert proc.returncode == 0
    assert proc.stdout.strip() == f"newsbeam {metadata.version('newsbeam')}"


@pytest.mark.parametrize(
    "args, expected",
    [
        (["--help"], ["run", "train-topics", "--version"]),
        (["run", "--help"], ["--input", "--output", "--workers", "exit status", "143"]),
        (["train-topics", "--help"], ["--data", "--out", "--folds"]),
    ],
)
def test_help_is_plain_text(args, expected):
    proc = newsbeam(*args)
    assert proc.returncode == 0, proc.stderr
    for word in expected:
        assert word in proc.stdout
    for markup in ("``", ":func:", ":class:", "`run`", ".. "):
        assert markup not in proc.stdout


# --- SIGTERM and failures -----------------------------------------------------------------------


def _start(tmp_path: Path, temp: Path, *extra: str, preexec=None) -> subprocess.Popen:
    pages = tmp_path / "pages"
    if not pages.exists():
        write_articles(pages, 400)
    cmd = [sys.executable, "-m", "pipeline", "run", "--input", f"{pages}/*"]
    cmd += ["--output", str(tmp_path / "out"), "--run-date", RUN_DATE, *extra]
    env = dict(os.environ, TMPDIR=str(temp))
    return subprocess.Popen(
        cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        preexec_fn=preexec,
    )  # fmt: skip


@pytest.fixture
def temp():
    folder = Path(tempfile.mkdtemp(prefix="nbc-", dir="/tmp"))  # short: worker sockets live here
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.mark.parametrize(
    "workers, signum, code, said",
    [
        ("1", signal.SIGTERM, 143, "terminated (SIGTERM)"),
        ("2", signal.SIGTERM, 143, "terminated (SIGTERM)"),
        ("1", signal.SIGINT, 130, "interrupted (Ctrl-C)"),
    ],
)
def test_a_stopped_run_exits_143_without_traceback_and_leaves_nothing(
    tmp_path, temp, workers, signum, code, said
):
    proc = _start(tmp_path, temp, "--workers", workers)
    staging = tmp_path / "out" / "_staging"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline and proc.poll() is None:  # the pipeline is running
        if list(temp.glob("beam-pipeline-temp*")) and staging.exists():
            break
        time.sleep(0.05)
    assert proc.poll() is None, "the run ended before it could be stopped"
    time.sleep(1.5)  # extracting
    proc.send_signal(signum)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == code, err[-3000:]
    assert "Traceback" not in err
    assert err.strip().splitlines()[-1].startswith(f"newsbeam: {said}")
    assert not staging.exists()  # the run's staging and the then empty _staging folder
    assert not (tmp_path / "out" / "articles").exists()  # nothing committed
    assert list(temp.iterdir()) == []  # beam-pipeline-temp*, the workers' folder


def _file_size_limit(limit: int):
    """A file larger than ``limit`` bytes cannot be written (EFBIG), as on a full disk."""

    def apply():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # else the kernel kills the writer
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


@pytest.mark.parametrize("workers", ["1", "2"])
def test_a_run_that_fails_writing_removes_its_staging_and_says_why_in_one_line(
    tmp_path, temp, workers
):
    proc = _start(tmp_path, temp, "--workers", workers, preexec=_file_size_limit(100_000))
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 1, err[-3000:]
    last = err.strip().splitlines()[-1]
    # the commit's wording: what failed, where, and that nothing of the run is visible
    assert last.startswith("newsbeam: run failed: EFBIG while writing run "), last
    assert "[Errno 27] File too large; nothing of the run is visible" in last
    if workers == "1":  # Beam's worker processes print their own traceback (not ours to stop)
        assert "Traceback" not in err
        # a slow machine adds progress lines ("newsbeam: 10s | files ..."): not messages
        lines = [x for x in err.strip().splitlines() if not re.match(rf"newsbeam: {ELAPSED} \|", x)]
        assert lines == [last]
    assert not (tmp_path / "out" / "_staging").exists()
    assert not (tmp_path / "out" / "articles").exists()
    assert list(temp.iterdir()) == []


@pytest.mark.parametrize("name", ["dataflow", "flink", "spark", "portable-local"])
def test_the_runner_flag_files_pass_the_flag_check(name):
    """deploy/runners/*.args are what users paste after ``newsbeam run``: all must be known."""
    from pipeline.cli.args import beam_flag_parser, check_extra_args
    from pipeline.cli.main import _parser

    text = (ROOT / "deploy" / "runners" / f"{name}.args").read_text()
    flags = [line for line in text.splitlines() if line and not line.startswith("#")]
    parser = _parser()
    _, extras = parser.parse_known_args(["run", "--input", "x", *flags])
    assert extras == flags
    check_extra_args(extras, parser, beam=beam_flag_parser())
