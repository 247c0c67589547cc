"""A bad setting stops the command with exit 2 and the fix, before anything runs."""

import os
import shlex
import subprocess
import sys

import pytest

from pipeline.config.rules import max_workers
from tests.support.cli import run_command
from tests.support.hostile_yaml import laughs
from tests.support.paths import ROOT, SEEDS

ICEBERG = "write:\n  format: iceberg\n  iceberg:\n    catalog: "


@pytest.mark.parametrize(
    "yaml_text, flags, message",
    [
        ('extract:\n  timeout_s: "30"\n', [], "'extract.timeout_s' must be a number (seconds)"),
        ("filter:\n  min_words: true\n", [], "'filter.min_words' must be a whole number"),
        ("run_date: 2026-02-30\n", [], "'2026-02-30' is not a real date"),
        ("", ["--run-date", "2026-02-30"], "--run-date 2026-02-30 is not a real date"),
        ("", ["--run-date", "0001-01-01"], "--run-date 0001-01-01 is out of range"),
        ("topics:\n  min_score: 1.5\n", [], "'topics.min_score' must be a number from 0 to 1"),
        ("write:\n  compression: lzma\n", [], "'write.compression' must be one of zstd"),
        ("write:\n  shards: 100000\n", [], "'write.shards' must be a whole number (files) from 1"),
        ("dedup:\n  num_perm: 1e8\n", [], "'dedup.num_perm' must be a whole number from 1"),
        # a rule off by default took true as a threshold of 1.0
        ("dedup:\n  contain_words: true\n", [], "a number between 0 and 1, e.g. 0.5"),
        ("", ["--workers", "64"], f"--workers must be from 1 to {max_workers()}"),
        ("write:\n  shards: 2\nwrite:\n  shards: 3\n", [], "duplicate key 'write'"),
        # an alias bomb in a known key: was 9 GB and a hang; an alias inside itself: exit 1
        (f"language:\n  allowed: {laughs()}\n", [], "(an alias bomb?): write the values out"),
        ("write:\n  iceberg:\n    catalog: &a {x: *a}\n", [], "refers to the value that holds"),
        # a catalog pyiceberg cannot load: the whole run ran, then exit 1 at its commit
        (f"{ICEBERG}{{a: 1}}\n", [], "'write.iceberg.catalog' needs a type or a uri"),
        (f"{ICEBERG}{{type: rest}}\n", [], "of type rest needs a uri (e.g. uri: https://"),
    ],
)
def test_the_command_exits_2_with_the_fix_before_running(tmp_path, yaml_text, flags, message):
    cfg = tmp_path / "my.yaml"
    cfg.write_text(yaml_text)
    out = tmp_path / "out"
    proc = run_command(
        "--input", f"{SEEDS}/*", "--output", str(out), "--config", str(cfg), *flags, timeout=120
    )
    assert proc.returncode == 2, proc.stderr[-2000:]
    [line] = proc.stderr.strip().splitlines()  # one line, no traceback
    assert line.startswith("newsbeam: configuration error: ") and message in line
    assert not out.exists()  # nothing ran


@pytest.mark.parametrize("name", ["crawl[1]", "it's*", "run?"])
def test_an_output_folder_whose_name_is_a_pattern_is_refused_with_the_fix(tmp_path, name):
    """Beam's filesystems read * ? [ in a path as a pattern: ``out[1]`` failed as "not
    writable" and ``out*`` ran but left its staging behind. Refused before anything runs."""
    out = tmp_path / name / "out"
    proc = run_command("--input", f"{SEEDS}/*", "--output", str(out), timeout=120)
    assert proc.returncode == 2, proc.stderr[-2000:]
    [line] = proc.stderr.strip().splitlines()
    assert line.startswith("newsbeam: configuration error: 'output' ")
    assert "use a folder whose path has none of * ? [" in line
    assert not out.exists()


def test_a_config_that_is_a_fifo_is_refused_at_once(tmp_path):
    """``open`` of a FIFO waits for a writer: ``--config settings.fifo`` hung for ever."""
    fifo = tmp_path / "settings.fifo"
    os.mkfifo(fifo)
    out = tmp_path / "out"
    proc = run_command(
        "--input", f"{SEEDS}/*", "--output", str(out), "--config", str(fifo), timeout=120
    )
    assert proc.returncode == 2, proc.stderr[-2000:]
    [line] = proc.stderr.strip().splitlines()
    assert line == (
        f"newsbeam: configuration error: config file {fifo} cannot be read: "
        "an empty pipe: nothing wrote to it (give a file, or a command's output)"
    )
    assert not out.exists()


def test_a_config_given_by_process_substitution_is_read(tmp_path):
    """``--config <(envsubst < template.yaml)``: bash hands over a pipe its command writes to. It
    is read (here a bad value in it is named, so it was read) and the run does not wait."""
    out = tmp_path / "out"
    command = (
        f'{shlex.quote(sys.executable)} -m pipeline run --input "{SEEDS}/*" '
        f"--output {shlex.quote(str(out))} "
        "--config <(sleep 1; printf 'filter:\\n  min_words: true\\n')"
    )
    proc = subprocess.run(
        ["bash", "-c", command], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 2, proc.stderr[-2000:]
    assert "'filter.min_words' must be a whole number" in proc.stderr
    assert not out.exists()
