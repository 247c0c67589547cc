"""FramedFiles: items per key in frames files, what waits in memory bounded over all keys."""

import os
import random

import pytest

from transforms.core.frames import FramedFiles, read_frames


def _files(tmp_path, **kwargs) -> FramedFiles:
    return FramedFiles(lambda key, n: str(tmp_path / f"{key}-{n:03d}.pkl.zst"), **kwargs)


def _article(i: int) -> dict:
    rng = random.Random(i)
    words = " ".join(
        rng.choice(("harbour", "council", "budget", "storm", "bridge")) for _ in range(200)
    )
    return {"doc_id": f"d{i:05d}", "text": f"Story {i}. {words}"}


def test_many_keys_stay_within_the_budget_and_every_item_reads_back(tmp_path):
    """3,000 items over 300 keys (an archive partitioned by site): the packed frames held never
    pass max_bytes after an add, at most max_open items wait as objects, the largest keys are
    written early, and each key's files read back give its items in the order they came."""
    out = _files(tmp_path, frame_rows=8, max_rows=2000, max_bytes=40_000, max_open=64)
    added, written = {}, []
    for i in range(3000):
        key = f"site{(i * 7) % 300:03d}"
        item = _article(i)
        added.setdefault(key, []).append(item)
        written += out.add(key, item)
        assert out.held_bytes <= 40_000
        assert out._open_items <= 64
    early = len(written)
    written += out.close()
    assert early > 300  # written before the end, in several files per key
    read = {}
    for w in sorted(written, key=lambda w: w.path):
        items = list(read_frames(w.path))
        assert len(items) == w.rows and os.path.getsize(w.path) == w.size
        read.setdefault(w.key, []).extend(items)
    assert read == added


def test_one_key_under_the_budget_is_one_file_at_the_end(tmp_path):
    """The usual case (one partition, fewer than max_rows items): nothing is written early."""
    out = _files(tmp_path, frame_rows=64, max_rows=2000)
    items = [_article(i) for i in range(500)]
    assert all(out.add("day", item) == [] for item in items)
    (only,) = out.close()
    assert only.rows == 500 and list(read_frames(only.path)) == items
    assert out.held_bytes == 0


@pytest.mark.parametrize("max_rows", [7, 2000])
def test_a_key_past_max_rows_is_written_in_files_of_max_rows(tmp_path, max_rows):
    out = _files(tmp_path, frame_rows=3, max_rows=max_rows)
    items = [_article(i) for i in range(20)]
    written = [w for item in items for w in out.add("k", item)] + out.close()
    assert [w.rows for w in written] == ([7, 7, 6] if max_rows == 7 else [20])
    assert [x for w in written for x in read_frames(w.path)] == items


def test_past_max_open_the_largest_open_frames_are_packed_down_to_half(tmp_path):
    """One key with 40 open items and 25 keys with one each (65 > max_open 64): only the big
    frame is packed (25 left, under half), the short ones stay open to fill up."""
    out = _files(tmp_path, frame_rows=64, max_rows=2000, max_open=64)
    items = {"big": [_article(100 + i) for i in range(40)]}
    items.update({f"k{i:02d}": [_article(i)] for i in range(25)})
    added = [("big", item) for item in items["big"]] + [(k, v[0]) for k, v in items.items()][1:]
    for key, item in added[:-1]:
        assert out.add(key, item) == []
    assert out._open_items == 64 and not out.held_bytes
    out.add(*added[-1])
    assert out._open_items == 25 and set(out._open) == set(items) - {"big"}
    written = out.close()
    assert {w.key: list(read_frames(w.path)) for w in written} == items
