"""A file named .html or .txt that is really a PDF, an image or a zip is one rejected row
(``not_html``) that says what it is, not a decode error; a text that merely starts with the
same letters is still read."""

import io
import zipfile

import pytest

from transforms.core.record import Article, RejectedRow
from transforms.read.documents import read_file


def _zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("story.txt", "The pier will be rebuilt.")
    return out.getvalue()


@pytest.mark.parametrize(
    "name, data, kind",
    [
        ("report.html", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\n", "a PDF"),
        ("photo.html", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64), "a PNG image"),
        ("page.txt", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(64), "a JPEG image"),
        ("bundle.html", _zip(), "a zip archive"),
        ("clip.htm", b"\x00\x00\x00\x20ftypisom" + bytes(64), "an MP4"),
    ],
)
def test_a_binary_file_named_as_text_is_rejected_not_html(tmp_path, name, data, kind):
    path = tmp_path / name
    path.write_bytes(data)

    (row,) = read_file(str(path), max_bytes=1 << 20)

    assert isinstance(row, RejectedRow) and row.reason == "not_html"
    assert row.detail.startswith(kind) and row.source_ref == str(path)


def test_a_text_starting_like_a_magic_number_is_read(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_bytes(b"ID3 tags and MZ files: a guide to what files say about themselves.")

    (item,) = read_file(str(path), max_bytes=1 << 20)

    assert isinstance(item, Article) and item.raw.startswith(b"ID3 tags")
