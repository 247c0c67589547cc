"""A slashed numeric date (10/05/2022) is read month first, as dateutil does, unless the page's
modified stamp is then before it and allows the day-first reading (transforms/extract/dates.py)."""

import datetime as dt

import pytest

from transforms.extract.html import extract_html

BODY = "".join(
    f"<p>{p}</p>"
    for p in (
        "El Senado aprobó el martes la reforma de la ley de aguas después de una sesión de "
        "más de diez horas, en la que la oposición presentó cuarenta enmiendas.",
        "La nueva ley obliga a los municipios a publicar cada mes la calidad del agua potable "
        "y fija multas para las empresas que viertan residuos sin tratar en los ríos.",
        "El gobierno dijo que la norma entrará en vigor el próximo año y que los fondos para "
        "las nuevas plantas depuradoras ya están previstos en el presupuesto.",
    )
)


def published(lang: str, stamp: str, modified: str = "") -> tuple:
    more = f'<meta property="article:modified_time" content="{modified}">' if modified else ""
    html = (
        f'<html lang="{lang}"><head><title>Senado aprueba la ley de aguas</title>'
        f'<meta property="article:published_time" content="{stamp}">{more}</head>'
        f"<body><article><h1>Senado aprueba la ley de aguas</h1>{BODY}</article></body></html>"
    )
    out = extract_html(html, run_date=dt.date(2026, 12, 7))
    return out.published_at.date(), out.modified_at and out.modified_at.date()


def test_a_slashed_date_is_day_first_when_the_modified_stamp_says_so():
    day, modified = published("es", "10/05/2022 05:22 pm", modified="2022/05/10 17:36:11")
    assert (day, modified) == (dt.date(2022, 5, 10), dt.date(2022, 5, 10))


@pytest.mark.parametrize("lang", ["de", "es", "en"])
def test_a_slashed_date_stays_month_first_when_nothing_says_otherwise(lang):
    # a German CMS stated 11/01/2023 for the 1st of November
    assert published(lang, "11/01/2023 12:43:42")[0] == dt.date(2023, 11, 1)
    day, modified = published(lang, "10/05/2022 05:22 pm", modified="2022-10-06T08:00:00+02:00")
    assert (day, modified) == (dt.date(2022, 10, 5), dt.date(2022, 10, 6))


def test_a_modified_stamp_before_either_reading_is_still_dropped():
    day, modified = published("es", "10/05/2022 05:22 pm", modified="2021-01-01T08:00:00+00:00")
    assert (day, modified) == (dt.date(2022, 10, 5), None)


def test_a_dotted_date_stays_day_first():
    assert published("en", "10.05.2022 17:22")[0] == dt.date(2022, 5, 10)


def _with_url(stamp: str, modified: str, url: str) -> tuple:
    html = (
        '<html lang="en"><head><title>Senado aprueba la ley de aguas</title>'
        f'<meta property="article:published_time" content="{stamp}">'
        f'<meta property="article:modified_time" content="{modified}"></head>'
        f"<body><article><h1>Senado aprueba la ley de aguas</h1>{BODY}</article></body></html>"
    )
    out = extract_html(html, url=url, run_date=dt.date(2026, 12, 7))
    return out.published_at.date(), out.modified_at and out.modified_at.date()


def test_a_url_date_that_agrees_with_month_first_keeps_it_and_drops_the_modified_stamp():
    url = "https://news.example.com/2022/10/05/story"
    assert _with_url("10/05/2022", "2022-06-01T00:00:00Z", url) == (dt.date(2022, 10, 5), None)


def test_a_url_date_that_agrees_with_day_first_allows_the_re_read():
    url = "https://news.example.com/2022/05/10/story"
    day, modified = _with_url("10/05/2022 05:22 pm", "2022/05/10 17:36:11", url)
    assert (day, modified) == (dt.date(2022, 5, 10), dt.date(2022, 5, 10))
