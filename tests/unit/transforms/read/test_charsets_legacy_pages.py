"""Pages in a legacy encoding that detection alone misreads: a short Polish page in
Windows-1250, a UTF-8 title on a Windows-1251 page, an EUC-KR page with one damaged pair."""

import pytest

from transforms.extract.decode import decode_bytes

RU = (
    "Городской совет вчера решил, что новый мост через реку будет построен до конца "
    "следующего года. Жители спрашивали о расходах, а мэр отвечал, что деньги уже есть. "
)
KO = (
    "시의회는 어제 강을 건너는 새 다리를 내년 말까지 짓기로 결정했다. "
    "주민들은 비용에 대해 물었고 시장은 재원이 이미 확보되었다고 답했다. "
)


def _page(title: str, body: str, head: str = "") -> str:
    return f"<html><head>{head}<title>{title}</title></head><body><p>{body}</p></body></html>"


@pytest.mark.parametrize(
    "codec, body",
    [
        ("cp1250", "Rada miasta zdecydowała, że most powstanie."),
        ("cp1250", "Mieszkańcy pytali o koszty, źródła są pewne."),
        ("cp1250", "Zażółć gęślą jaźń."),
        ("cp1252", "Die Größe der Straße ist übermäßig."),
        ("cp1252", "Il fait 25°C à l’été, 5 € le café."),
        ("cp1252", "Fläche 20 m² und 3 m³ Wasser."),
        ("cp1252", "Søren og Åse på ærø."),
    ],
)
def test_a_short_polish_page_reads_as_polish_and_a_western_one_as_western(codec, body):
    text, encoding = decode_bytes(_page("Most", body).encode(codec))

    assert (encoding, body in text) == (codec, True)


@pytest.mark.parametrize(
    "head, codec",
    [
        ("", "cp1251"),
        ('<meta charset="windows-1251">', "cp1251"),
        ('<meta http-equiv="Content-Type" content="text/html; charset=koi8-r">', "koi8-r"),
    ],
)
def test_a_utf8_title_on_a_cyrillic_page_reads_as_cyrillic(head, codec):
    data = _page("@", RU * 3, head).encode(codec).replace(b"@", "Новый мост".encode())

    text, encoding = decode_bytes(data)

    assert "<title>Новый мост</title>" in text and RU in text and "\ufffd" not in text
    assert encoding.startswith("utf-8+")


@pytest.mark.parametrize("head", ["", '<meta charset="euc-kr">'])
def test_an_euc_kr_page_with_one_damaged_pair_is_read_with_one_replacement(head):
    data = _page("새 다리", KO * 3, head).encode("euc-kr")
    at = data.index("다리".encode("euc-kr"), 200)
    data = data[:at] + b"\xc9\x21" + data[at + 2 :]

    text, encoding = decode_bytes(data)

    assert encoding in ("euc_kr", "cp949")
    assert "<title>새 다리</title>" in text and KO in text and text.count("\ufffd") == 1


EN = (
    "The regional government announced a new plan for schools on Monday, including money for "
    "teachers and new buildings in rural areas. The minister said the plan would be debated in "
    "parliament next month. "
)


@pytest.mark.parametrize("header", [None, "text/html; charset=utf-8"])
def test_an_english_page_with_a_few_accents_is_not_read_in_a_dos_code_page(header):
    """Detection ranked DOS Baltic (cp775) first for this page ("café" read as "cafķ"): no
    browser reads a page in a DOS or EBCDIC code page, so neither does newsbeam."""
    body = "</p><p>".join(f"{EN} café naïve résumé paragraph {i}." for i in range(5))
    text, encoding = decode_bytes(_page("Café story", body).encode("cp1252"), header=header)

    assert encoding == "cp1252"
    assert "<title>Café story</title>" in text and "naïve résumé paragraph 4" in text
