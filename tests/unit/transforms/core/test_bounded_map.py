"""bounded_map: answers in the order of the items, and never more than ``ahead`` calls started
past the answer the caller holds (Executor.map started all of them and kept every answer)."""

import threading

from transforms.core.bounded_map import bounded_map


def test_answers_come_in_order_with_few_calls_started_ahead():
    started, lock = [], threading.Lock()

    def fetch(n: int) -> str:
        with lock:
            started.append(n)
        return f"page {n}"

    for i, (item, answer) in enumerate(bounded_map(fetch, range(50), workers=2, ahead=4)):
        assert (item, answer) == (i, f"page {i}")
        with lock:
            assert len(started) <= i + 5, (i, len(started))  # this one and at most 4 ahead
    assert sorted(started) == list(range(50))


def test_no_items_and_a_zero_window():
    assert list(bounded_map(str, [], workers=2, ahead=4)) == []
    assert list(bounded_map(str, [1, 2], workers=0, ahead=0)) == [(1, "1"), (2, "2")]
