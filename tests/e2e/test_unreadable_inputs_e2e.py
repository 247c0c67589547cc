"""Inputs the user may not read: a file and a folder without read permission are each an
error row (PermissionError) and the readable files are written. Before, the folder was left out
of the listing in silence: its files counted nowhere, the manifest "balanced"."""

import os
import shutil
import subprocess
import sys

import pytest

from tests.support.paths import ROOT
from tests.support.tables import query

STORY = (
    "The harbour authority said on Tuesday that ships could again enter the port after "
    "repairs to the sea wall were finished by crews who worked through the night. "
) * 4


def _without_root_reads() -> list:
    """The command prefix under which permission bits hold: as root, without the capabilities
    that bypass them (setpriv); as another user, nothing."""
    if os.geteuid() != 0:
        return []
    if shutil.which("setpriv") is None:
        pytest.skip("running as root without setpriv: permission bits do not apply")
    return ["setpriv", "--bounding-set", "-dac_override,-dac_read_search"]


def test_an_unreadable_file_and_folder_are_error_rows_beside_the_readable_file(tmp_path):
    folder = tmp_path / "in"
    (folder / "closed").mkdir(parents=True)
    (folder / "harbour.txt").write_text("Harbour reopens\n\n" + STORY)
    (folder / "secret.txt").write_text("Secret\n\n" + STORY)
    (folder / "closed" / "inside.txt").write_text("Inside\n\n" + STORY)
    (folder / "secret.txt").chmod(0)
    (folder / "closed").chmod(0)
    out = tmp_path / "out"
    try:
        done = subprocess.run(
            [*_without_root_reads(), sys.executable, "-m", "pipeline", "run", "--input",
             str(folder), "--output", str(out), "--run-date", "2026-12-07", "--no-progress"],
            cwd=ROOT, capture_output=True, text=True, timeout=300,
        )  # fmt: skip
    finally:
        (folder / "closed").chmod(0o755)
    assert done.returncode == 0, done.stderr[-2000:]
    assert query(out, "SELECT title FROM articles") == [("Harbour reopens",)]
    errors = query(out, "SELECT source_path, error_type, error_message FROM errors ORDER BY 1")
    assert [(p, t) for p, t, _ in errors] == [
        (str(folder / "closed"), "PermissionError"),
        (str(folder / "secret.txt"), "PermissionError"),
    ]
    assert all("Permission denied" in message for _, _, message in errors)
