"""``newsbeam train-topics`` as a user gets it wrong. ``--out PATH``: a folder exits 2 before
training, naming a file path to give; a folder not made yet is made; a full device is one line,
exit 1 (each was a traceback, exit 1, after the whole training had run). ``--data``: a line that
is no JSON object, a row without its label, a file that is no UTF-8, a header without rows, each
exit 2 naming the file and line (tracebacks, or messages naming neither)."""

import csv
import os
import stat

import pytest

from tests.support.cli import newsbeam

SPORT, POLITICS = "medtop:15000000", "medtop:11000000"


@pytest.fixture()
def labelled(tmp_path):
    path = tmp_path / "labelled.csv"
    with path.open("w", newline="") as handle:
        rows = csv.writer(handle)
        rows.writerow(["text", "label"])
        for n in range(12):
            rows.writerow([f"The striker scored twice and the team won the cup final {n}.", SPORT])
            rows.writerow(
                [f"Parliament passed the budget and the minister resigned {n}.", POLITICS]
            )
    return path


def test_a_folder_as_out_exits_2_before_training(tmp_path, labelled):
    done = newsbeam("train-topics", "--data", str(labelled), "--out", str(tmp_path))

    assert done.returncode == 2, done.stderr
    assert "CV macro-F1" not in done.stdout  # nothing was trained
    assert done.stderr.strip() == (
        f"newsbeam train-topics: --out {tmp_path} is a folder: give a file path, "
        f"e.g. --out {tmp_path / 'model.json'}"
    )


def test_a_folder_not_made_yet_is_made(tmp_path, labelled):
    model = tmp_path / "models" / "2026" / "topics.json"
    done = newsbeam("train-topics", "--data", str(labelled), "--out", str(model))

    assert done.returncode == 0, done.stderr
    assert model.read_text().startswith("{")


@pytest.mark.skipif(
    not (os.path.exists("/dev/full") and stat.S_ISCHR(os.stat("/dev/full").st_mode)),
    reason="no /dev/full here",
)
def test_a_full_device_is_one_line(labelled):
    done = newsbeam("train-topics", "--data", str(labelled), "--out", "/dev/full")

    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    assert done.stderr.strip() == (
        "newsbeam train-topics: cannot write /dev/full: [Errno 28] No space left on device"
    )


@pytest.mark.parametrize(
    "name, content, said",
    [
        (
            "a.jsonl",
            b'{"text": "x y", "label": "L"}\n[1, 2]\n',
            "a.jsonl:2: each line must be a JSON object",
        ),
        (
            "b.jsonl",
            b'{"text": "x y", "label": "L"}\n{"text": "z"}\n',
            "b.jsonl:2: no 'label' or no 'text'",
        ),
        ("c.jsonl", b'{"text": "x y", "label": "L"}\n{bad\n', "c.jsonl:2: not JSON ("),
        ("d.csv", b"text,label\n\xf3\xa0 caf\xe9,L\n", "d.csv: not UTF-8 text ("),
        ("e.csv", b"text,label\n", "e.csv: no labelled rows, only the header"),
    ],
)
def test_bad_labelled_data_exits_2_naming_file_and_line(tmp_path, name, content, said):
    (tmp_path / name).write_bytes(content)
    done = newsbeam("train-topics", "--data", str(tmp_path / name), "--any-labels")

    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    assert done.stderr.startswith(f"newsbeam train-topics: {tmp_path}/{said}"), done.stderr
