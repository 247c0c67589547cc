"""A page detected in a multi-byte legacy encoding (Shift-JIS) with one damaged byte is read in
that encoding, the damaged byte alone replaced; not as UTF-8 with stray bytes (all garbage)."""

from transforms.extract.decode import decode_bytes
from transforms.read.charsets import decode_not_utf8

JAPANESE = (
    "東京都は水曜日、川沿いに新しい公園を作る計画を発表した。"
    "住民は週末に自転車で散歩できるようになり、子どもたちのための図書館も建てられる。"
    "工事は来年の春に始まり、二年後に完成する予定だと担当者は話した。"
)


def test_a_long_shift_jis_page_with_a_bad_byte_after_the_detected_part_reads_as_shift_jis():
    text = JAPANESE * 1800  # ~520 KB in Shift-JIS: the bad byte is past what detection reads
    data = text.encode("shift_jis") + b"\x81\xff" + "終わり".encode("shift_jis")
    decoded, encoding = decode_not_utf8(data)
    assert encoding in ("shift_jis", "cp932")
    assert decoded.startswith(JAPANESE) and decoded.endswith("終わり")
    assert decoded.count("\ufffd") <= 2


def test_a_utf8_page_with_stray_bytes_is_still_read_part_by_part():
    page = f"<p>{JAPANESE * 3}</p>".encode() + "<p>Crème brûlée</p>".encode("cp1252")
    text, encoding = decode_bytes(page)
    assert JAPANESE in text and "\ufffd" not in text
    assert encoding.startswith("utf-8+")
