"""VerdictStore answers as a dict would, in memory and past its limit in SQLite."""

from transforms.dedup.clusters import Assignment
from transforms.dedup.verdict_store import VerdictStore


def _verdict(i):
    return Assignment(f"c{i % 3}", f"a{i}" if i % 2 else None, "near" if i % 2 else None, 0.5, i)


def test_same_answers_as_a_dict_past_the_limit(tmp_path):
    pairs = [(f"d{i}", _verdict(i)) for i in range(10)] + [("d4", _verdict(40))]
    expected = dict(pairs)
    with VerdictStore(str(tmp_path), in_memory=3) as store:
        store.update(pairs[:2])
        assert not store.on_disk and store.get("d1") == expected["d1"]
        store.update(pairs[2:])
        assert store.on_disk
        assert [store.get(k) for k in expected] == list(expected.values())
        assert store.get("d4").duplicate_count == 40  # the later pair replaced the earlier
        assert store.get("missing") is None
    assert (tmp_path / "verdicts.sqlite").exists()


def test_small_partition_stays_in_memory(tmp_path):
    with VerdictStore(str(tmp_path), in_memory=3) as store:
        store.update([("d1", _verdict(1))])
        assert store.get("d1") == _verdict(1) and not store.on_disk
    assert not (tmp_path / "verdicts.sqlite").exists()
