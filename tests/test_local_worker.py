"""Local multi-worker runs: warm worker processes, the runner's worker command, clean ends."""

import gc
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

import apache_beam as beam
import pyarrow.parquet as pq
import pytest
from apache_beam.options.pipeline_options import PipelineOptions
from apache_beam.transforms import environments

from pipeline.cli import main
from pipeline.local_worker import (
    MEMORY_SETTINGS,
    TRIM_THREAD,
    WarmWorkers,
    pause_gc,
    resume_gc,
    trim_memory_periodically,
    wanted_workers,
    worker_command,
)
from pipeline.options import make_options, make_runner, use_local_worker
from tests.conftest import ROOT, SEEDS, run_command


class _WhoRuns(beam.DoFn):
    def process(self, x):
        with open("/proc/self/environ", "rb") as handle:  # as the process started
            started_with = handle.read().decode(errors="replace").split("\0")
        settings = sorted(v for v in started_with if v.split("=")[0] in MEMORY_SETTINGS)
        trimming = any(t.name == TRIM_THREAD for t in threading.enumerate())
        external = sys.modules.get("trafilatura.external")
        warmed = external is not None and external.JT_STOPLIST is not None
        collecting = (gc.isenabled(), gc.get_freeze_count(), warmed)
        yield (x, os.getpid(), " ".join(sys.argv), settings, trimming, collecting)


class _FailOn(beam.DoFn):
    def process(self, x):
        if x == 7:
            raise ValueError("bad element 7")
        yield x


def _who_runs(tmp_path: Path, workers: int, out_name: str, *, full: bool = False) -> list:
    options = make_options([], workers=workers)
    p = beam.Pipeline(runner=make_runner(options), options=options)
    out = tmp_path / out_name
    _ = (
        p
        | beam.Create(range(40))
        | beam.Reshuffle()
        | beam.ParDo(_WhoRuns())
        | beam.Map(repr)
        | beam.io.WriteToText(str(out))
    )
    p.run().wait_until_finish()
    rows = [eval(line) for f in sorted(tmp_path.glob(out_name + "*")) for line in f.open()]
    if workers > 1:  # the workers start with newsbeam's memory settings (none set by the user)
        expected = sorted(f"{k}={v}" for k, (v, _) in MEMORY_SETTINGS.items())
        assert all(settings == expected for *_, settings, _, _ in rows)
        assert all(trimming for *_, trimming, _ in rows)  # each worker hands free pages back
        assert all(enabled for *_, (enabled, _, _) in rows)  # the collector runs in every worker
    return [row[:3] for row in rows] if not full else rows


@pytest.fixture(autouse=True)
def _workers_import_tests(monkeypatch):
    # the worker processes unpickle this module's DoFns (pytest imports it as a top-level module)
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(ROOT / "tests"), str(ROOT)]))
    for name in MEMORY_SETTINGS:  # so newsbeam sets them, as in a shell
        monkeypatch.delenv(name, raising=False)


def test_trim_thread_runs_until_stopped():
    before = {t for t in threading.enumerate() if t.name == TRIM_THREAD}
    stop = trim_memory_periodically(0.01)
    (thread,) = {t for t in threading.enumerate() if t.name == TRIM_THREAD} - before
    time.sleep(0.05)
    assert thread.is_alive()
    stop.set()
    thread.join(timeout=5)
    assert not thread.is_alive()


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


def test_bundles_run_in_the_warm_workers(tmp_path):
    with WarmWorkers(2) as pool:
        full = _who_runs(tmp_path, 2, "warm", full=True)
        claimed = sorted(Path(pool.folder).glob("*.claimed"))
    rows = [row[:3] for row in full]
    assert sorted(x for x, _, _ in rows) == list(range(40))
    commands = {argv for _, _, argv in rows}
    assert all("--warm" in argv for argv in commands), commands
    assert len({pid for _, pid, _ in rows}) == 2  # two processes forked from one loader
    # what the loader imported is frozen: the workers' collections never walk it
    assert all(frozen > 100_000 for *_, (_, frozen, _) in full)
    assert all(warmed for *_, (_, _, warmed) in full)  # extraction's caches built by the loader
    assert len(claimed) == 2
    assert all(proc.returncode == 0 for proc in pool.processes)  # ended on their own
    assert not Path(pool.folder).exists()


def test_without_warm_workers_the_runner_starts_cold_ones(tmp_path):
    rows = _who_runs(tmp_path, 2, "cold")
    assert sorted(x for x, _, _ in rows) == list(range(40))
    assert all("--warm" not in argv for _, _, argv in rows)
    assert {pid for _, pid, _ in rows} != {os.getpid()}  # not in this process


def test_more_runner_workers_than_warm_ones_start_the_rest_cold(tmp_path):
    with WarmWorkers(2) as pool:
        pool_folder = pool.folder
        rows = _who_runs(tmp_path, 3, "mixed")
    assert sorted(x for x, _, _ in rows) == list(range(40))
    assert not Path(pool_folder).exists()


def test_unclaimed_warm_workers_stop_with_the_block():
    with WarmWorkers(2) as pool:
        deadline = time.monotonic() + 60
        while len(list(Path(pool.folder).glob("*.sock"))) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert all(proc.poll() is None for proc in pool.processes)
        assert os.environ["NEWSBEAM_WARM_WORKERS"] == pool.folder
    assert all(proc.returncode is not None for proc in pool.processes)
    assert "NEWSBEAM_WARM_WORKERS" not in os.environ
    assert not Path(pool.folder).exists()


def test_one_worker_starts_no_processes():
    with WarmWorkers(1) as pool:
        assert pool.processes == [] and pool.folder is None


def test_a_failing_worker_fails_the_run_and_leaves_no_process(tmp_path):
    options = make_options([], workers=2)
    with WarmWorkers(2) as pool:
        p = beam.Pipeline(runner=make_runner(options), options=options)
        _ = p | beam.Create(range(20)) | beam.Reshuffle() | beam.ParDo(_FailOn())
        with pytest.raises(Exception, match="bad element 7"):
            p.run().wait_until_finish()
    assert all(proc.returncode is not None for proc in pool.processes)


def test_only_beams_worker_main_is_replaced():
    from pipeline.options import discard_tempdir

    p = beam.Pipeline(options=PipelineOptions())
    discard_tempdir(p)  # never run, so Beam would leave its temporary folder
    _ = p | beam.Create([1]) | beam.Map(str)
    beam_main = f"{sys.executable} -m apache_beam.runners.worker.sdk_worker_main"
    env = environments.SubprocessSDKEnvironment.from_command_string(beam_main)
    proto = p.to_runner_api(default_environment=env)
    assert use_local_worker(proto) == 1
    payloads = {e.payload.decode() for e in proto.components.environments.values()}
    assert payloads == {worker_command()}
    assert use_local_worker(proto) == 0  # ours, and any other command, stay as they are


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
    assert not [
        p for p in Path("/tmp").glob("newsbeam-workers-*") if p.stat().st_uid == os.getuid()
    ]


@pytest.mark.parametrize(
    "argv, wanted",
    [
        (["run", "--workers", "2"], 2),
        (["run", "--input", "x/*", "--workers=3", "--quiet"], 3),
        (["run", "--workers", "2", "--runner", "DirectRunner"], 2),
        (["run"], 0),
        (["run", "--workers", "1"], 0),
        (["run", "--workers", "2", "--streaming"], 0),
        (["run", "--workers", "2", "--runner=DataflowRunner"], 0),
        (["train-topics", "--workers", "2"], 0),
        (["run", "--workers", "two"], 0),  # the real parser reports it
        ([], 0),
    ],
)
def test_wanted_workers_reads_the_command_line(argv, wanted):
    assert wanted_workers(argv) == wanted


def test_command_with_two_workers_leaves_no_process_or_folder(tmp_path):
    before = set(Path(tempfile.gettempdir()).glob("newsbeam-workers-*"))
    out = tmp_path / "out"
    proc = run_command(
        "--input", f"{SEEDS}/*", "--output", str(out), "--run-date", "2026-01-05", "--workers", "2"
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "inputs      5 = articles" in proc.stdout
    assert set(Path(tempfile.gettempdir()).glob("newsbeam-workers-*")) == before
    assert "semi_persistent_directory" not in proc.stderr  # Beam's start-up warning is dropped


def _pids_mentioning(text: str) -> list:
    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            if text.encode() in cmdline.read_bytes():
                found.append(int(cmdline.parent.name))
        except OSError:
            continue
    return found


def test_sigterm_mid_run_stops_workers_and_removes_temporary_folders(tmp_path):
    """A scheduler stopping the task (SIGTERM) while two workers extract: exit 143, the worker
    processes end, and the workers' folder and Beam's temporary folder are gone."""
    import shutil
    import signal
    import subprocess

    pages = tmp_path / "pages"
    pages.mkdir()
    body = " ".join(
        f"The council met on day {i} to discuss the budget of the city." for i in range(40)
    )
    for i in range(400):
        html = f"<html><head><title>Story {i}</title></head><body><article><p>{body} {i}</p></article></body></html>"
        (pages / f"story-{i:03d}.html").write_text(html)
    temp = Path(tempfile.mkdtemp(prefix="nbt-", dir="/tmp"))  # short: sockets live here
    try:
        env = dict(os.environ, TMPDIR=str(temp))
        cmd = [sys.executable, "-m", "pipeline", "run", "--input", f"{pages}/*"]
        cmd += ["--output", str(tmp_path / "out"), "--run-date", "2026-01-05", "--workers", "2"]
        proc = subprocess.Popen(
            cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        deadline = time.monotonic() + 60
        folder = None
        while time.monotonic() < deadline and proc.poll() is None:  # until a worker is claimed
            claimed = list(temp.glob("newsbeam-workers-*/*.claimed"))
            if claimed:
                folder = claimed[0].parent
                break
            time.sleep(0.05)
        assert folder is not None, "no worker was claimed"
        time.sleep(0.5)  # extracting
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=60)
        assert proc.returncode == 143, err[-2000:]
        assert "terminated (SIGTERM)" in err
        assert not (tmp_path / "out" / "articles").exists()  # nothing committed
        for _ in range(100):  # the workers end once their runner is gone
            if not _pids_mentioning(str(folder)):
                break
            time.sleep(0.1)
        assert _pids_mentioning(str(folder)) == []
        assert list(temp.iterdir()) == []  # workers' folder, beam-pipeline-temp*, sort scratch
    finally:
        shutil.rmtree(temp, ignore_errors=True)
