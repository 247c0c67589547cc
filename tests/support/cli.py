"""newsbeam as a user runs it: a process of its own from the repo root, or main() in this process."""

import contextlib
import io
import json
import os
import subprocess
import sys
from pathlib import Path

from pipeline.cli.main import main
from tests.support.paths import ROOT, SEEDS

DAY1, DAY2 = "2026-11-01", "2026-11-02"
# The elapsed time a progress line starts with (pipeline/cli/progress.py): 59s, 1m02s, 1h05m; a
# run on a loaded machine passes a minute.
ELAPSED = r"(?:\d+s|\d+m\d\ds|\d+h\d\dm)"


def newsbeam(*args: str, env=None, timeout: float = 300, **kwargs) -> subprocess.CompletedProcess:
    """``python -m pipeline ARGS`` (any sub-command, or none) from the repo root, ``env`` added to
    this process's environment; the finished process."""
    return subprocess.run(
        [sys.executable, "-m", "pipeline", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        env=dict(os.environ, **(env or {})),
        **kwargs,
    )


def start(*args: str) -> subprocess.Popen:
    """``python -m pipeline ARGS`` from the repo root, running: a process the test can signal
    or kill (stdout and stderr piped, as text)."""
    return subprocess.Popen(
        [sys.executable, "-m", "pipeline", *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


class Done:
    def __init__(self, returncode: int, stdout: str, stderr: str):
        self.returncode, self.stdout, self.stderr = returncode, stdout, stderr


def run_day(out: Path, day: str, *, inputs: str = f"{SEEDS}/*", env=None):
    """A run through the CLI: a process of its own when it is to be killed, else ``main`` in
    this process (the same code, without a second interpreter's start-up)."""
    args = ["run", "--input", inputs, "--output", str(out), "--run-date", day]
    if env:
        return newsbeam(*args, env=env)
    out_buf, err_buf = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out_buf), contextlib.redirect_stderr(err_buf):
        code = main(args)
    return Done(code, out_buf.getvalue(), err_buf.getvalue())


def day_manifest(out: Path, day: str):
    found = sorted((out / "_runs").glob(f"{day.replace('-', '')}-*.json"))
    return json.loads(found[0].read_text()) if found else None


def run_files(out: Path, day: str) -> list:
    tag = f"part-{day.replace('-', '')}-"
    return sorted(
        str(p.relative_to(out)) for p in out.rglob(f"{tag}*") if "_staging" not in p.parts
    )


def run_command(*args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    """``python -m pipeline run ARGS`` as a user runs it, from the repo root; the finished process."""
    return newsbeam("run", *args, timeout=timeout)


def article_rows(src: Path, out: Path, columns: str, *, order: str = "title") -> list:
    """``run_command`` on the files in ``src`` (run date 2026-11-22), then ``columns`` of the
    articles it wrote, read back with DuckDB in ``order``."""
    import duckdb

    proc = run_command("--input", f"{src}/*", "--output", str(out), "--run-date", "2026-11-22")
    assert proc.returncode == 0, proc.stderr[-3000:]
    return duckdb.sql(
        f"SELECT {columns} FROM read_parquet('{out}/articles/**/*.parquet') ORDER BY {order}"
    ).fetchall()


def commit_manifest(out, run_id: str, files) -> None:
    """Add ``files`` (paths relative to ``out``) to the committed manifest of ``run_id``, as a
    run's commit does: readers that honour the commit protocol use only files so listed."""
    path = Path(out) / "_runs" / f"{run_id}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    doc = json.loads(path.read_text()) if path.exists() else {"run_id": run_id, "files": []}
    doc["files"] = sorted(set(doc["files"]) | {str(f) for f in files})
    path.write_text(json.dumps(doc))


def run_files_with_config(
    tmp_path: Path, files: dict, config: str, *, run_date: str = "2026-12-06"
) -> Path:
    """``newsbeam run`` as a user runs it over ``files`` ({name: text}, written to
    ``tmp_path/in``) with the YAML text ``config``; asserts it succeeded and returns its output
    folder (``tmp_path/out``) to read back."""
    data, out, config_file = tmp_path / "in", tmp_path / "out", tmp_path / "config.yaml"
    data.mkdir()
    for name, text in files.items():
        (data / name).write_text(text, encoding="utf-8")
    config_file.write_text(config, encoding="utf-8")
    proc = run_command("--input", f"{data}/*", "--output", str(out), "--config", str(config_file),
                       "--run-date", run_date)  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-2000:]
    return out
