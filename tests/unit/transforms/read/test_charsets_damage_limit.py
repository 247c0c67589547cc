"""A multi-byte page that detection cannot name for its bad bytes is read in its encoding when
it has at most ``_MAX_DAMAGE`` damaged runs (each its own U+FFFD), and not when it has more."""

import pytest

from transforms.extract.decode import UndecodableError, decode_bytes
from transforms.read.charsets import _MAX_DAMAGE

KO = (
    "시의회는 어제 강을 건너는 새 다리를 내년 말까지 짓기로 결정했다. "
    "주민들은 비용에 대해 물었고 시장은 재원이 이미 확보되었다고 답했다. "
)


def _damaged_page(runs: int) -> bytes:
    """An EUC-KR page whose first ``runs`` "다리" each lose their first byte's pair."""
    paragraphs = "".join(f"<p>{KO}</p>" for _ in range(_MAX_DAMAGE + 4))
    data = f"<html><head><title>새 다리</title></head><body>{paragraphs}</body></html>"
    data = data.encode("euc-kr")
    at = 0
    for _ in range(runs):
        at = data.index("다리".encode("euc-kr"), at + 1)
        data = data[:at] + b"\xc9\x21" + data[at + 2 :]
    return data


@pytest.mark.parametrize("runs", [1, _MAX_DAMAGE - 1, _MAX_DAMAGE])
def test_a_page_with_up_to_the_limit_of_damaged_runs_reads_as_korean(runs):
    text, encoding = decode_bytes(_damaged_page(runs))

    assert encoding in ("euc_kr", "cp949")
    assert KO in text and text.count("\ufffd") == runs


def test_a_page_with_more_damaged_runs_than_the_limit_is_not_read():
    with pytest.raises(UndecodableError):
        decode_bytes(_damaged_page(_MAX_DAMAGE + 1))
