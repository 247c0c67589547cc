"""A watched JSON lines file whose last line, without its newline, parses as JSON but is not an
object (a number or a string cut mid-write: ``12`` of ``123``) waits for its newline; a record
line is a JSON object, so only an object is taken as a whole last line."""

import json

from pipeline.run.read_budget import plan_reads


def _listing(path):
    return {str(path): (path.stat().st_size, path.stat().st_mtime)}


def test_a_number_cut_mid_write_waits_for_its_newline(tmp_path):
    path = tmp_path / "wire.jsonl"
    first = json.dumps({"url": "https://x.example/1", "title": "T1", "text": "w " * 30}) + "\n"
    path.write_text(first + "12")
    (take,) = plan_reads([str(path)], _listing(path), {}, 10**9, whole=set())
    assert take.span == (0, len(first), 1) and not take.complete
    (quiet,) = plan_reads([str(path)], _listing(path), {}, 10**9, whole={str(path)})
    assert quiet.span == (0, len(first) + 2, 1) and quiet.complete  # quiet: read as it is
