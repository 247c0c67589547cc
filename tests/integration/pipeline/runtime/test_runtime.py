"""pipeline/runtime: options, the local runner, worker processes and SIGTERM."""

import gc
import logging
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import apache_beam as beam
import pyarrow.parquet as pq
import pytest
from apache_beam.coders import VarIntCoder
from apache_beam.options.pipeline_options import DirectOptions
from apache_beam.testing.util import assert_that, equal_to
from apache_beam.transforms import userstate
from apache_beam.transforms.timeutil import TimeDomain

from pipeline.cli.main import main
from pipeline.runtime.guard import check_beam
from pipeline.runtime.local import MEMORY_ENV
from pipeline.runtime.runner import make_options, make_runner
from pipeline.runtime.startup import pause_gc, resume_gc
from pipeline.runtime.warm_workers import worker_command
from tests.support.paths import ROOT, SEEDS
from tests.support.workers import FailOn, rows_from_workers

_COUNT = userstate.ReadModifyWriteStateSpec("count", VarIntCoder())
_FLUSH = userstate.TimerSpec("flush", TimeDomain.WATERMARK)


class _Counting(beam.DoFn):
    def process(self, kv, count=beam.DoFn.StateParam(_COUNT), flush=beam.DoFn.TimerParam(_FLUSH)):
        seen = (count.read() or 0) + 1
        count.write(seen)
        yield kv[0], seen

    @userstate.on_timer(_FLUSH)
    def on_flush(self):
        return []


class _WhoRuns(beam.DoFn):
    def process(self, x):
        with open("/proc/self/environ", "rb") as handle:  # as the process started
            started_with = handle.read().decode(errors="replace").split("\0")
        settings = sorted(v for v in started_with if v.split("=")[0] in MEMORY_ENV)
        yield (x, os.getpid(), settings, " ".join(sys.argv))


def test_local_runs_get_the_in_process_runner_and_others_beams_own():
    from apache_beam.runners.portability.fn_api_runner import FnApiRunner

    assert isinstance(make_runner(make_options([])), FnApiRunner)
    assert isinstance(make_runner(make_options(["--runner", "DirectRunner"])), FnApiRunner)
    assert make_runner(make_options(["--runner", "DataflowRunner"])) is None
    options = make_options([], workers=2)
    runner = make_runner(options)
    assert options.view_as(DirectOptions).direct_num_workers == 2
    # the workers' environment is a subprocess started with newsbeam's worker command
    assert runner._default_environment.command_string == worker_command()
    assert make_options([], workers=1).view_as(DirectOptions).direct_num_workers != 2


def test_another_beam_or_a_chosen_mode_leaves_the_workers_to_beam(monkeypatch):
    import pipeline.runtime.runner as runner_module

    monkeypatch.setattr(runner_module, "check_beam", lambda: False)  # as on Beam 2.99
    options = make_options([], workers=2)
    runner = make_runner(options)
    assert options.view_as(DirectOptions).direct_running_mode == "multi_processing"
    assert "worker_main" not in str(getattr(runner._default_environment, "command_string", ""))
    monkeypatch.undo()
    options = make_options(["--direct_running_mode", "multi_threading"], workers=2)
    make_runner(options)
    assert options.view_as(DirectOptions).direct_running_mode == "multi_threading"


def test_beam_version_guard_warns_once_for_another_beam(caplog):
    assert check_beam()  # the pinned Beam is installed
    with caplog.at_level(logging.WARNING, logger="newsbeam.runtime"):
        assert not check_beam("2.99.1")
        assert not check_beam("2.99.1")
    warnings = [r for r in caplog.records if "tested with Apache Beam" in r.getMessage()]
    assert len(warnings) == 1 and "2.99.1" in warnings[0].getMessage()


def test_stateful_dofn_runs_on_the_local_runner():
    options = make_options([])
    p = beam.Pipeline(runner=make_runner(options), options=options)
    counts = p | beam.Create([("a", 1), ("b", 1), ("a", 2)]) | beam.ParDo(_Counting())
    assert_that(counts, equal_to([("a", 1), ("a", 2), ("b", 1)]))
    p.run().wait_until_finish()


def test_two_workers_are_processes_started_with_the_memory_settings(tmp_path):
    rows = rows_from_workers(tmp_path, 2, "who", _WhoRuns())
    assert sorted(row[0] for row in rows) == list(range(40))
    assert os.getpid() not in {row[1] for row in rows}
    expected = sorted(f"{k}={v}" for k, v in MEMORY_ENV.items())
    assert all(row[2] == expected for row in rows)
    # no warm pool here: the runner started newsbeam's worker command, which ran Beam's worker
    assert all("runtime/worker_main.py" in row[3] and "--warm" not in row[3] for row in rows)


def test_resume_gc_freezes_what_start_up_loaded_and_collects_again():
    assert gc.isenabled()
    frozen = gc.get_freeze_count()
    resume_gc()  # collection never paused: nothing to do
    assert gc.get_freeze_count() == frozen
    pause_gc()
    try:
        assert not gc.isenabled()
        resume_gc()
        assert gc.isenabled()
        assert gc.get_freeze_count() > frozen
    finally:
        gc.enable()
        gc.unfreeze()


def test_a_run_started_with_collection_paused_resumes_it(tmp_path):
    pause_gc()  # as the newsbeam command does before its imports
    try:
        code = main(["run", "--input", f"{SEEDS}/*", "--output", str(tmp_path / "out")])
        assert code == 0
        assert gc.isenabled()
        assert gc.get_freeze_count() > 0
    finally:
        gc.enable()
        gc.unfreeze()


def test_a_failing_worker_fails_the_run(tmp_path):
    options = make_options([], workers=2)
    p = beam.Pipeline(runner=make_runner(options), options=options)
    _ = p | beam.Create(range(20)) | beam.Reshuffle() | beam.ParDo(FailOn())
    with pytest.raises(Exception, match="bad element 7"):
        p.run().wait_until_finish()


def test_cli_two_workers_writes_the_same_articles_as_one(tmp_path):
    tables = {}
    for workers in (1, 2):
        out = tmp_path / f"w{workers}"
        args = ["run", "--input", f"{SEEDS}/*", "--output", str(out), "--run-date", "2026-01-05"]
        assert main([*args, "--workers", str(workers), "--quiet"]) == 0
        files = sorted((out / "articles").rglob("*.parquet"))
        assert files
        assert sum(pq.read_metadata(f).num_rows for f in files) > 0
        tables[workers] = {str(f.relative_to(out)): f.read_bytes() for f in files}
    assert tables[1] == tables[2]  # same files, byte for byte


def _descendants(pid: int) -> list:
    children: dict = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            ppid = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        children.setdefault(ppid, []).append(int(stat.parent.name))
    found, todo = [], list(children.get(pid, ()))
    while todo:
        found.append(todo.pop())
        todo.extend(children.get(found[-1], ()))
    return found


def _alive(pids: list) -> list:
    alive = []
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":
            alive.append(pid)
    return alive


def test_sigterm_mid_run_stops_workers_and_removes_temporary_folders(tmp_path):
    """A scheduler stopping the task (SIGTERM) while two workers extract: exit 143, the worker
    processes end, and Beam's temporary folder is gone."""
    pages = tmp_path / "pages"
    pages.mkdir()
    body = " ".join(
        f"The council met on day {i} to discuss the budget of the city." for i in range(40)
    )
    for i in range(400):
        html = f"<html><head><title>Story {i}</title></head><body><article><p>{body} {i}</p></article></body></html>"
        (pages / f"story-{i:03d}.html").write_text(html)
    temp = Path(tempfile.mkdtemp(prefix="nbt-", dir="/tmp"))
    try:
        env = dict(os.environ, TMPDIR=str(temp))
        cmd = [sys.executable, "-m", "pipeline", "run", "--input", f"{pages}/*"]
        cmd += ["--output", str(tmp_path / "out"), "--run-date", "2026-01-05", "--workers", "2"]
        proc = subprocess.Popen(
            cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        deadline = time.monotonic() + 90
        workers: list = []
        while time.monotonic() < deadline and proc.poll() is None:  # until the workers run
            workers = _descendants(proc.pid)
            if len(workers) >= 2:
                break
            time.sleep(0.05)
        assert len(workers) >= 2, "no worker processes started"
        time.sleep(1.0)  # extracting
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=60)
        assert proc.returncode == 143, err[-2000:]
        assert "terminated (SIGTERM)" in err
        assert not (tmp_path / "out" / "articles").exists()  # nothing committed
        for _ in range(100):
            if not _alive(workers):
                break
            time.sleep(0.1)
        assert _alive(workers) == []
        assert list(temp.iterdir()) == []  # beam-pipeline-temp*, sort scratch
    finally:
        shutil.rmtree(temp, ignore_errors=True)
