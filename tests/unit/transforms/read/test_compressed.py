"""The decompression caps and archive members, as pure functions on bytes."""

import bz2
import gzip
import io
import lzma
import random
import tarfile
import zipfile

import pytest

from transforms.read.compressed import (
    archive_kind,
    decompress_all,
    head_size,
    iter_members,
    member_ref,
    strip_compression,
)

MB = 1 << 20


@pytest.mark.parametrize("compress", [bz2.compress, lzma.compress, gzip.compress])
def test_every_stream_of_a_file_is_read(compress):
    assert decompress_all(compress(b"first ") + compress(b"second"), max_bytes=100) == (
        b"first second"
    )


def test_one_compression_inside_another():
    assert decompress_all(gzip.compress(lzma.compress(bz2.compress(b"x"))), max_bytes=999) == b"x"


@pytest.mark.parametrize("compress", [bz2.compress, lzma.compress, gzip.compress])
def test_a_bomb_stops_at_the_cap_and_a_cut_stream_is_an_error(compress):
    with pytest.raises(OverflowError, match="1048576-byte cap"):
        decompress_all(compress(bytes(8 * MB)), max_bytes=MB)
    with pytest.raises(EOFError, match="truncated"):
        decompress_all(compress(b"words " * 500)[:-12], max_bytes=MB)


def test_names_and_kinds():
    assert strip_compression("a.jsonl.BZ2") == "a.jsonl"
    assert strip_compression("a.warc.xz") == "a.warc"
    zipped = io.BytesIO()
    with zipfile.ZipFile(zipped, "w") as archive:
        archive.writestr("a.txt", "a")
    assert archive_kind("x.zip", zipped.getvalue()) == "zip"
    assert archive_kind("x.zip", b"not a zip") is None  # read as any other file
    assert archive_kind("x.tgz", _tar({"a.txt": b"a"}, "w:gz")) == "tar"
    assert archive_kind("x.tar.bz2", bz2.compress(b"plain text")) is None


@pytest.mark.parametrize("name", ["x.tar.bz2", "x.TBZ2", "x.tbz"])
def test_a_tar_bigger_than_a_bzip2_block_is_told_by_its_head(name):
    # random bytes are the worst case: a 900 kB block that bzip2 does not shrink at all
    data = _tar({"noise.bin": random.Random(7).randbytes(2 * MB)}, "w:bz2")
    assert archive_kind(name, data[: 1 << 16]) is None  # no output yet: the block is not all in
    assert archive_kind(name, data[: head_size(name)]) == "tar"
    assert head_size("x.txt.bz2") == 1 << 16  # no other file is read further to be sniffed


def _tar(members: dict, mode: str) -> bytes:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode=mode) as archive:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
        link = tarfile.TarInfo("link.txt")
        link.type, link.linkname = tarfile.SYMTYPE, "/etc/passwd"
        archive.addfile(link)
    return buf.getvalue()


@pytest.mark.parametrize("mode", ["w", "w:gz", "w:bz2", "w:xz"])
def test_tar_members_each_capped_links_refused(mode):
    data = _tar({"a.html": b"<p>a</p>", "big.txt": bytes(2 * MB), "b.txt": b"b"}, mode)
    members = list(iter_members("tar", io.BytesIO(data), max_bytes=MB))
    assert [(m.name, m.data, m.reason) for m in members] == [
        ("a.html", b"<p>a</p>", None),
        ("big.txt", None, "too_large"),
        ("b.txt", b"b", None),
        ("link.txt", None, "not_regular_file"),
    ]


def test_an_archive_stops_once_its_whole_output_is_spent():
    # 100 members of 200 KB: each under the 256 KB cap, 20 MB in all, over 64 x 256 KB + 1 MB
    zipped = io.BytesIO()
    with zipfile.ZipFile(zipped, "w", zipfile.ZIP_DEFLATED) as archive:
        for i in range(100):
            archive.writestr(f"{i:03}.txt", bytes(200 * 1024))
    members = list(iter_members("zip", io.BytesIO(zipped.getvalue()), max_bytes=MB // 4))
    read = [m for m in members if m.data is not None]
    assert 80 <= len(read) < 100
    assert members[-1].name == "" and members[-1].reason == "too_large"


def test_zip_members_that_are_symlinks_are_refused_not_read_as_their_target_path():
    zipped = io.BytesIO()
    with zipfile.ZipFile(zipped, "w") as archive:
        archive.writestr("a.txt", "words")
        link = zipfile.ZipInfo("link.txt")
        link.external_attr = (0o120777 << 16) | 0x20  # S_IFLNK, as `zip --symlinks` stores it
        archive.writestr(link, "/etc/passwd")
        fifo = zipfile.ZipInfo("fifo.txt")
        fifo.external_attr = 0o010644 << 16
        archive.writestr(fifo, "")
        bare = zipfile.ZipInfo("dos.txt")  # no Unix mode at all (a Windows zip): a file
        archive.writestr(bare, "dos words")
    members = list(iter_members("zip", io.BytesIO(zipped.getvalue()), max_bytes=MB))
    assert [(m.name, m.data, m.reason) for m in members] == [
        ("a.txt", b"words", None),
        ("link.txt", None, "not_regular_file"),
        ("fifo.txt", None, "not_regular_file"),
        ("dos.txt", b"dos words", None),
    ]


def test_member_refs_are_never_repeated():
    seen: set = set()
    names = ["a.html", "./a.html", "member=4:a.html", "a.html", "/b/../a.html", "", "rest"]
    refs = [member_ref("x.zip", name, n, seen) for n, name in enumerate(names, 1)]
    assert refs == [
        "x.zip#a.html",
        "x.zip#member=2:a.html",
        "x.zip#member=4:a.html",  # a name that looks like a repeat's ref ...
        "x.zip#member=4.2:a.html",  # ... is not given twice
        "x.zip#member=5:a.html",
        "x.zip#rest",  # the budget's end
        "x.zip#member=7:rest",
    ]
