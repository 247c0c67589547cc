"""Hostile and legacy inputs through the CLI, read back: a gzipped WARC with a bomb record, a
WARC gzipped as a whole, a PDF named .html, a short Polish page in Windows-1250 and a UTF-8 title
on a Windows-1251 page. Each bad input is one row with a reason; the rest are articles."""

import gzip

import pytest

from tests.support.cli import newsbeam
from tests.support.tables import query
from tests.support.warcs import bomb_member, news_warc

PL = (
    "Rada miasta zdecydowała wczoraj, że nowy most na Wiśle zostanie zbudowany do końca "
    "przyszłego roku. Mieszkańcy pytali o koszty budowy, a prezydent odpowiadał, że źródła "
    "finansowania są już pewne i że prace ruszą wiosną. "
)
RU = (
    "Городской совет вчера решил, что новый мост через реку будет построен до конца "
    "следующего года. Жители спрашивали о расходах, а мэр отвечал, что деньги на "
    "строительство уже есть и работы начнутся весной. "
)


def _html(title: bytes, body: bytes, head: bytes = b"") -> bytes:
    return (
        b"<html><head>" + head + b"<title>" + title + b"</title></head><body><article><p>"
        + body + b"</p></article></body></html>"
    )  # fmt: skip


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    folder = tmp_path_factory.mktemp("probe")
    inputs = folder / "in"
    inputs.mkdir()
    data, starts = news_warc(["bakery", "rail"], gzip=True)
    (inputs / "bomb.warc.gz").write_bytes(data[: starts[1]] + bomb_member(64) + data[starts[1] :])
    plain, _ = news_warc(["library", "orchard"], gzip=False)
    (inputs / "whole.warc.gz").write_bytes(gzip.compress(plain))
    (inputs / "report.html").write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n" + bytes(range(256)))
    (inputs / "polish.html").write_bytes(_html(b"Nowy most", (PL * 2).encode("cp1250")))
    cyrillic = _html("Новый мост".encode(), (RU * 2).encode("cp1251"), b'<meta charset="cp1251">')
    (inputs / "russian.html").write_bytes(cyrillic)
    config = folder / "small.yaml"
    config.write_text("read:\n  max_bytes: 1000000\n")
    result = folder / "out"
    proc = newsbeam(
        "run", "--input", str(inputs), "--output", str(result), "--config", str(config),
        "--run-date", "2026-12-01", "--no-progress",
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    return result


def test_the_good_records_and_pages_are_articles_read_right(out):
    rows = query(out, "SELECT title, language, text FROM articles ORDER BY title")
    assert [(title, language) for title, language, _ in rows] == [
        ("Nowy most", "pl"),
        ("Story bakery", "en"),
        ("Story library", "en"),
        ("Story orchard", "en"),
        ("Story rail", "en"),
        ("Новый мост", "ru"),
    ]
    texts = {title: text for title, _, text in rows}
    assert texts["Nowy most"].startswith("Rada miasta zdecydowała wczoraj, że nowy most na Wiśle")
    assert texts["Новый мост"].startswith("Городской совет вчера решил")


def test_the_bomb_record_and_the_pdf_are_one_rejected_row_each(out):
    rows = query(out, "SELECT reason, url, detail FROM rejected ORDER BY reason")
    assert [(reason, url) for reason, url, _ in rows] == [
        ("not_html", None),
        ("too_large", "https://bomb.example/zeros"),
    ]
    assert rows[0][2] == "a PDF document (by its first bytes), not text"
    assert query(out, "SELECT count(*) FROM errors") == [(0,)]
