"""pipeline/runtime/warm_workers.py and worker_main.py: warm SDK workers of --workers N runs."""

import gc
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import apache_beam as beam
import pytest

from pipeline.runtime.runner import make_options, make_runner
from pipeline.runtime.warm_workers import WarmWorkers, wanted_workers
from tests.support.paths import ROOT, SEEDS
from tests.support.workers import FailOn, rows_from_workers


class _WhoRuns(beam.DoFn):
    def process(self, x):
        external = sys.modules.get("trafilatura.external")
        warmed = external is not None and isinstance(external.JT_STOPLIST, frozenset)
        yield (x, os.getpid(), " ".join(sys.argv), gc.isenabled(), gc.get_freeze_count(), warmed)


def test_bundles_run_in_the_warm_workers(tmp_path):
    with WarmWorkers(2) as pool:
        rows = rows_from_workers(tmp_path, 2, "warm", _WhoRuns())
        claimed = sorted(Path(pool.folder).glob("*.claimed"))
    assert sorted(row[0] for row in rows) == list(range(40))
    assert all("--warm" in row[2] for row in rows), {row[2] for row in rows}
    assert len({row[1] for row in rows}) == 2  # two processes forked from one loader
    assert all(row[3] for row in rows)  # the collector runs in every worker
    # what the loader imported is frozen: the workers' collections never walk it
    assert all(row[4] > 100_000 for row in rows)
    assert all(row[5] for row in rows)  # the stoplist frozen by the loader (jt_stoplist.py)
    assert len(claimed) == 2
    assert all(proc.returncode == 0 for proc in pool.processes)  # ended on their own
    assert not Path(pool.folder).exists()


def test_more_runner_workers_than_warm_ones_start_the_rest_cold(tmp_path):
    with WarmWorkers(2) as pool:
        pool_folder = pool.folder
        rows = rows_from_workers(tmp_path, 3, "mixed", _WhoRuns())
    assert sorted(row[0] for row in rows) == list(range(40))
    # a cold worker runs Beam's own harness, which imports the --beam_plugins: frozen there too
    assert all(row[5] for row in rows)
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


def test_a_failing_warm_worker_fails_the_run_and_leaves_no_process(tmp_path):
    options = make_options([], workers=2)
    with WarmWorkers(2) as pool:
        p = beam.Pipeline(runner=make_runner(options), options=options)
        _ = p | beam.Create(range(20)) | beam.Reshuffle() | beam.ParDo(FailOn())
        with pytest.raises(Exception, match="bad element 7"):
            p.run().wait_until_finish()
    assert all(proc.returncode is not None for proc in pool.processes)


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
        (["run", "--workers", "2", "--help"], 0),  # help is printed, no worker started
        (["run", "-h", "--workers", "2"], 0),
        (["run", "--workers", "2", "-V"], 0),
        ([], 0),
    ],
)
def test_wanted_workers_reads_the_command_line(argv, wanted):
    assert wanted_workers(argv) == wanted


def test_command_with_two_workers_leaves_no_process_or_folder(tmp_path):
    temp = Path(tempfile.mkdtemp(prefix="nbt-", dir="/tmp"))  # short: sockets live here
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "pipeline", "run", "--input", f"{SEEDS}/*", "--output", str(out)]
    cmd += ["--run-date", "2026-01-05", "--workers", "2"]
    env = dict(os.environ, TMPDIR=str(temp))
    proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    leftovers = list(temp.iterdir())
    shutil.rmtree(temp, ignore_errors=True)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "inputs      5 = articles" in proc.stdout
    assert leftovers == []  # the workers' folder, Beam's temporary folder
    assert "semi_persistent_directory" not in proc.stderr  # Beam's start-up warning is dropped
    assert "direct_running_mode should be" not in proc.stderr  # the runner's advice is moot
