"""``external.SpilledList``: items appended past a frame wait in a scratch file and come back
in their order; the file is removed once read, as ``ObjectParts.groups`` removes its parts."""

import os

from transforms.dedup.external import ObjectParts, Scratch, SpilledList


def test_items_come_back_in_order_and_the_file_goes_once_read(tmp_path):
    scratch = Scratch(str(tmp_path))
    try:
        spilled = SpilledList(scratch, "lists", frame_rows=3)
        items = [[i, i + 1] for i in range(10)]
        for item in items:
            spilled.append(item)
        assert len(os.listdir(scratch.path)) == 1  # three frames of three written, one held
        assert list(spilled) == items
        assert os.listdir(scratch.path) == []
    finally:
        scratch.close()


def test_object_parts_give_every_object_of_a_key_in_one_part(tmp_path):
    scratch = Scratch(str(tmp_path))
    try:
        parts = ObjectParts(scratch, "groups", parts=3, frame_rows=2)
        for i in range(20):
            parts.add(i, f"doc-{i}")
        groups = list(parts.groups())
        assert groups == [[f"doc-{i}" for i in range(p, 20, 3)] for p in range(3)]
        assert os.listdir(scratch.path) == []
    finally:
        scratch.close()
