"""``SortedRuns`` merges many spilled runs a bounded number at a time: the same rows in the same
order (ties in order of arrival), with at most ``merge_runs`` run files read at once."""

import random

import pytest

from transforms.sink import sorted_write
from transforms.sink.sorted_write import SortedRuns, row_key


def _rows():
    rng = random.Random(7)
    rows = [{"article_id": f"a{rng.randrange(60):03d}", "title": f"t{i}"} for i in range(500)]
    rows[10]["article_id"] = None  # None sorts first
    return rows


@pytest.mark.parametrize("merge_runs", [2, 3, 7, 1000])
def test_many_runs_merge_in_passes_to_the_same_order(tmp_path, monkeypatch, merge_runs):
    rows = _rows()
    sort_by = ("article_id",)
    expected = sorted(rows, key=lambda r: row_key(r, sort_by))  # stable: ties by arrival
    reading, most = set(), [0]
    real_read = sorted_write._read_run

    def read_run(path):
        reading.add(path)
        most[0] = max(most[0], len(reading))
        yield from real_read(path)
        reading.discard(path)

    monkeypatch.setattr(sorted_write, "_read_run", read_run)
    runs = SortedRuns(str(tmp_path), sort_by, run_rows=4, merge_runs=merge_runs)
    for row in rows:
        runs.add(row)
    assert runs.spilled == 125
    got = list(runs.merged())
    assert [r["title"] for r in got] == [r["title"] for r in expected]
    assert got[0]["title"] == "t10"
    assert most[0] == min(merge_runs, 125)
    assert len(list(tmp_path.iterdir())) <= min(merge_runs, 125)
