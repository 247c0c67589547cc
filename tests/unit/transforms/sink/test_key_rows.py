"""_KeyRowsFn: a key's first rows of a bundle go on at once, the rest are parked; what waits
between elements is a count per key, however many keys a bundle has."""

import collections
import datetime as dt
import pickle
import tracemalloc

from transforms.core.frames import read_frames
from transforms.core.record import RejectedRow
from transforms.sink.schema import RunInfo, to_row
from transforms.sink.write_parquet import RowFile, WriterConfig, _KeyRowsFn, shard_of

RUN = RunInfo("r1", dt.date(2026, 12, 7))
CONFIG = WriterConfig(shards=1024)  # the most shards ``write.shards`` allows


def _rejected(i: int) -> RejectedRow:
    return RejectedRow(
        doc_id=f"feed-{i:06d}",
        stage="filter",
        reason="too_short",
        detail=f"3 words, fewer than 50: entry {i} of the harbour council feed has a title only",
        url=f"https://news.example.org/2026/12/07/harbour-council-budget-{i}",
        title=f"Harbour council approves the 2027 budget after a long night ({i})",
        language="en",
        word_count=3,
        source_path="/data/feeds/harbour-council.xml",
        source_ref=f"/data/feeds/harbour-council.xml#entry-{i}",
    )


def _bundle(keys: int, per_key: int) -> list:
    """``keys`` shards of ``per_key`` records each, interleaved as a feed's rejected rows come."""
    by_shard = {}
    i = 0
    while sum(len(v) == per_key for v in by_shard.values()) < keys:
        record = _rejected(i)
        shard = shard_of(to_row(record, RUN), CONFIG)
        if shard in by_shard or len(by_shard) < keys:
            held = by_shard.setdefault(shard, [])
            if len(held) < per_key:
                held.append(record)
        i += 1
    return [records[j] for j in range(per_key) for records in by_shard.values()]


def _fn(tmp_path, inline_rows: int) -> _KeyRowsFn:
    fn = _KeyRowsFn("rejected", RUN, CONFIG, str(tmp_path / "side"), inline_rows)
    fn.start_bundle()
    return fn


def test_a_thousand_keys_of_ten_rows_go_on_at_once_and_only_counts_wait(tmp_path):
    """1,000 keys x 10 rows with inline_rows 64: each row goes on as it comes (its pickle reads
    back as its row), and after the bundle the DoFn holds a count per key, no row: the memory it
    kept is far below that of the 10,000 rows (~2.7 KB each as dicts) it used to hold."""
    records = _bundle(1000, 10)
    fn = _fn(tmp_path, inline_rows=64)
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        for record in records:
            ((key, value),) = fn.process(record)
            assert pickle.loads(value) == to_row(record, RUN)
            assert key == (
                "rejected",
                "ingest_date=2026-12-07",
                shard_of(pickle.loads(value), CONFIG),
            )
        kept = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert len(fn._inline) == 1000 and set(fn._inline.values()) == {10}
    assert fn._files.held_bytes == 0 and fn._files._open_items == 0
    assert not [
        name for name, v in vars(fn).items() if isinstance(v, (list, dict)) and name != "_inline"
    ]
    assert kept < 1_000_000, kept  # the counts and their keys, ~0.3 MB; the rows were ~27 MB
    assert list(fn.finish_bundle()) == []  # a few rows a key make no file


def test_rows_past_inline_rows_are_parked_and_read_back_in_order(tmp_path):
    """50 keys x 10 rows with inline_rows 4: the first 4 of each key go on at once, the other
    6 wait in frames (packed, not as held rows) and go on at the end as one RowFile per key."""
    records = _bundle(50, 10)
    fn = _fn(tmp_path, inline_rows=4)
    went_on, parked = collections.defaultdict(list), collections.defaultdict(list)
    for record in records:
        row = to_row(record, RUN)
        out = list(fn.process(record))
        key = ("rejected", "ingest_date=2026-12-07", shard_of(row, CONFIG))
        if len(went_on[key]) < 4:
            assert out == [(key, out[0][1])] and pickle.loads(out[0][1]) == row
            went_on[key].append(row)
        else:
            assert out == []
            parked[key].append(row)
    files = [w.value for w in fn.finish_bundle()]
    assert len(files) == 50 and all(isinstance(v, RowFile) and k == v.key for k, v in files)
    for key, row_file in files:
        assert row_file.rows == 6 and list(read_frames(row_file.path)) == parked[key]
