"""A long Shift-JIS page with one damaged byte past the part detection reads, through the CLI
and read back: its title and text are Japanese, not UTF-8 mojibake of Shift-JIS bytes."""

from tests.support.cli import newsbeam
from tests.support.tables import rows

JAPANESE = (
    "東京都は水曜日、川沿いに新しい公園を作る計画を発表した。"
    "住民は週末に自転車で散歩できるようになり、子どもたちのための図書館も建てられる。"
    "工事は来年の春に始まり、二年後に完成する予定だと担当者は話した。"
)


def test_a_shift_jis_page_with_a_damaged_byte_reads_as_japanese(tmp_path):
    inp, out = tmp_path / "in", tmp_path / "out"
    inp.mkdir()
    head = "<!DOCTYPE html><html><head><title>川沿いの新しい公園</title></head><body><article>"
    body = "".join(f"<p>{JAPANESE}</p>" for _ in range(1300))  # 270 KB: past what detection reads
    page = (head + body).encode("shift_jis") + b"\x81\xff" + b"</article></body></html>"
    (inp / "park.html").write_bytes(page)
    done = newsbeam(
        "run", "--input", str(inp), "--output", str(out), "--run-date", "2026-11-05", "--quiet"
    )
    assert done.returncode == 0, done.stderr[-3000:]
    (row,) = rows(out, "articles")
    assert row["title"] == "川沿いの新しい公園"
    assert JAPANESE in row["text"]
