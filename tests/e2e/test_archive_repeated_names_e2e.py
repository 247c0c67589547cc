"""Archives whose members share a name (zip and tar both allow it: ``zip`` appends, ``tar -r``
adds a newer copy; ``a.html`` and ``./a.html`` are one name once normalised) through the CLI:
each member is its own input, with its own ``source_ref`` and ``doc_id``, and dedup matches a
copy to its own story. They once shared both, and a tar copy of the orchard story came out as a
duplicate of the museum article (whatever member had the ``doc_id`` last)."""

import io
import tarfile
import warnings
import zipfile

from tests.support.cli import run_command
from tests.support.hostile_files import page
from tests.support.sample_stories import STORIES
from tests.support.tables import rows

_PAGES = (("Apple harvest", "orchard"), ("Museum reopens", "museum"), ("Chess final", "chess"))


def _zip(members: list) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive, warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns of the repeated name, and writes it
        for name, data in members:
            archive.writestr(name, data)
    return buf.getvalue()


def _tar(path, members: list, scratch) -> None:
    """A tar grown as ``tar -rf`` grows one: each member appended in turn."""
    for n, (name, data) in enumerate(members):
        (scratch / f"{n}.html").write_bytes(data)
        with tarfile.open(path, mode="a") as archive:
            archive.add(scratch / f"{n}.html", arcname=name)


def test_members_of_one_name_are_inputs_of_their_own(tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    pages = [page(title, STORIES[key]) for title, key in _PAGES]
    names = ["a.html", "./a.html", "a.html"]
    (src / "first.zip").write_bytes(_zip(list(zip(names, pages))))
    _tar(src / "second.tar", list(zip(names, pages)), tmp_path)

    proc = run_command("--input", f"{src}/*", "--output", str(out), "--run-date", "2026-11-22")

    assert proc.returncode == 0, proc.stderr[-3000:]
    articles = rows(out, "articles", columns="article_id, title, source_ref, doc_id")
    copies = rows(out, "duplicates", columns="duplicate_of, match, title, source_ref, doc_id")
    assert sorted(a["title"] for a in articles) == sorted(t for t, _ in _PAGES)
    assert sorted(c["title"] for c in copies) == sorted(t for t, _ in _PAGES)
    by_title = {a["title"]: a["article_id"] for a in articles}
    for copy in copies:  # each copy lost to its own story
        assert (copy["duplicate_of"], copy["match"]) == (by_title[copy["title"]], "exact")
    refs = [r["source_ref"] for r in articles + copies]
    assert len(set(refs)) == 6, refs
    assert len({r["doc_id"] for r in articles + copies}) == 6
    first = sorted(r.rsplit("/", 1)[-1] for r in refs if "first.zip" in r)
    assert first == ["first.zip#a.html", "first.zip#member=2:a.html", "first.zip#member=3:a.html"]
