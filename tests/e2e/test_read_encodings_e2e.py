"""Pages whose bytes are not what they say, through the CLI and read back: a page declared UTF-8
(meta, HTTP header in a WARC) in Windows-1252, a UTF-8 page with a Windows-1252 article in it,
UTF-16 text, HTML and JSON lines without a byte-order mark, JSON URLs that name no web page,
and a zip whose member is a symlink."""

import json
import zipfile

import pytest

from tests.support.cli import newsbeam
from tests.support.tables import rows

FRENCH = (
    "Le conseil municipal a adopté mercredi soir un budget révisé qui prévoit la rénovation "
    "des écoles du quartier nord, après des mois de débats très animés entre la majorité et "
    "l'opposition. Les élus ont également décidé de créer une navette électrique gratuite "
    "entre la gare et l'hôpital, dont le coût sera partagé avec la région. Selon le maire, "
    "les travaux commenceront dès le printemps prochain et dureront près de deux années."
)
GERMAN = (
    "Die Bürgermeisterin hat am Donnerstag angekündigt, dass die Straßenbahnlinie zum "
    "Flughafen früher als geplant eröffnet wird. Die Bauarbeiten seien schneller "
    "vorangekommen, weil der Winter mild gewesen sei, sagte sie vor Journalisten im Rathaus. "
    "Fahrgäste können die neue Strecke ab dem ersten Mai nutzen; die Fahrzeit in die "
    "Innenstadt verkürzt sich damit um eine Viertelstunde, und die Preise bleiben gleich."
)
SPANISH = (
    "El ayuntamiento aprobó el martes un plan para plantar diez mil árboles en los barrios "
    "más calurosos de la ciudad antes del próximo verano. La concejala de medio ambiente "
    "explicó que las calles elegidas son las que registraron las temperaturas más altas el "
    "año pasado, y que los vecinos podrán proponer nuevas ubicaciones a través de una "
    "aplicación. Los primeros árboles llegarán en marzo, según el calendario publicado."
)
ENGLISH = (
    "The harbour authority said on Monday that the old grain terminal will be turned into a "
    "public market with room for two hundred stalls, a ferry stop and a small museum about "
    "the port's history. Work is due to start in the autumn once the last tenant has moved "
    "out, and the first traders could open their stalls the following summer, officials "
    "said, adding that rents would be kept low for local growers during the first years."
)
ITALIAN = (
    "Il comune ha presentato giovedì il nuovo piano per le piste ciclabili, che collegherà "
    "la stazione centrale con l'università e con i quartieri della periferia orientale. "
    "L'assessore ai trasporti ha spiegato che i lavori saranno divisi in tre fasi e che la "
    "prima tratta sarà aperta già in primavera. I commercianti della zona hanno chiesto che "
    "i parcheggi eliminati vengano sostituiti da nuovi posti nelle strade vicine."
)

# Each input gets its own story, so that none is a duplicate of another.
STORIES = (
    "Volunteers counted more than four hundred nesting swallows under the old railway bridge "
    "this spring, twice as many as last year, the county wildlife trust said. The birds "
    "returned after the council agreed to delay repainting the bridge until the autumn, and "
    "the trust now hopes the repair work can be planned around the nesting season each year "
    "so that the colony keeps growing along the river.",
    "A bakery on the high street has started giving its unsold bread to the night shelter "
    "every evening, after a customer suggested it on a card left at the counter. The owner "
    "said the shelter collects three crates a night on average, and two other shops in the "
    "same street have since offered their leftover fruit and soup. The shelter said the "
    "donations let it serve breakfast on weekdays for the first time.",
    "The regional orchestra will play its winter concerts in the renovated corn exchange "
    "after the concert hall roof was found to be unsafe during an inspection in October. "
    "Tickets already sold remain valid, the orchestra said, and buses will run from the "
    "station before and after each concert. The hall is expected to reopen next summer once "
    "the steel beams have been replaced and the ceiling repainted.",
    "Students at the technical college built a small solar car that finished third in a "
    "national race for schools, covering almost three hundred kilometres in two days on "
    "public roads. Their teacher said most of the parts came from scrapped bicycles and an "
    "old golf cart, and that the team plans to enter again next year with a lighter frame "
    "and better batteries paid for by local firms.",
    "Anglers on the lake reported the return of a fish not seen there for thirty years, after "
    "a decade of work to clean the streams that feed it. Scientists from the university "
    "confirmed the catch and said the water is now clear enough for the fish to breed again. "
    "Fishing clubs agreed to release every one they catch this season, and the park will "
    "put up signs explaining how to recognise it at the landing stages.",
)


def _page(title: str, text: str, *, charset: str = "utf-8", nav: str = "") -> str:
    return (
        f'<!DOCTYPE html><html><head><meta charset="{charset}"><title>{title}</title></head>'
        f"<body><nav>{nav}</nav><article><h1>{title}</h1><p>{text}</p><p>{text}</p></article>"
        "</body></html>"
    )


def _warc(url: str, body: bytes, content_type: str) -> bytes:
    http = (
        f"HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\nContent-Length: {len(body)}\r\n\r\n"
    ).encode() + body
    head = (
        "WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:1>\r\n"
        f"WARC-Target-URI: {url}\r\nWARC-Date: 2026-11-01T00:00:00Z\r\n"
        f"Content-Type: application/http; msgtype=response\r\nContent-Length: {len(http)}\r\n\r\n"
    ).encode()
    return head + http + b"\r\n\r\n"


@pytest.fixture(scope="module")
def encodings_run(tmp_path_factory):
    folder = tmp_path_factory.mktemp("encodings")
    inp = folder / "in"
    inp.mkdir()
    page = _page("Budget révisé pour les écoles", FRENCH)
    (inp / "declared-utf8.html").write_bytes(page.encode("cp1252"))
    head = _page("Nachrichten – Straßenbahn", "", nav="Startseite » Verkehr © 2026")
    (inp / "mixed.html").write_bytes(
        head.split("<p>")[0].encode("utf-8") + f"<p>{GERMAN}</p><p>{GERMAN}</p>".encode("cp1252")
    )
    warc_page = _page("Diez mil árboles para los barrios", SPANISH).encode("cp1252")
    (inp / "crawl.warc").write_bytes(
        _warc("https://city.example/arboles", warc_page, "text/html; charset=UTF-8")
    )
    (inp / "harbour.txt").write_bytes(
        f"Harbour market plan\n\n{ENGLISH}\n\n{ENGLISH}\n".encode("utf-16-le")
    )
    (inp / "bikes.html").write_bytes(_page("Piste ciclabili", ITALIAN).encode("utf-16-be"))
    records = [
        {"url": "javascript:alert(1)", "title": "Script link", "text": STORIES[0]},
        {"url": "data:text/html,<p>x</p>", "title": "Data link", "text": STORIES[1]},
        {
            "url": "/relative",
            "link": "https://news.example.org/ok",
            "title": "Link kept",
            "text": STORIES[2],
        },
    ]
    (inp / "urls.jsonl").write_text("\n".join(json.dumps(r) for r in records) + "\n")
    utf16 = {
        "url": "https://news.example.org/utf16",
        "title": "Árboles en UTF-16",
        "text": STORIES[4],
    }
    (inp / "wide.jsonl").write_bytes(
        (json.dumps(utf16, ensure_ascii=False) + "\n").encode("utf-16-le")
    )
    with zipfile.ZipFile(inp / "links.zip", "w") as archive:
        link = zipfile.ZipInfo("passwd.txt")
        link.external_attr = 0o120777 << 16  # a symlink, as `zip --symlinks` stores one
        archive.writestr(link, "/etc/passwd")
        archive.writestr("story.txt", f"Solar car\n\n{STORIES[3]}\n\n{STORIES[3]}\n")
    out = folder / "out"
    done = newsbeam(
        "run", "--input", str(inp), "--output", str(out), "--run-date", "2026-11-05", "--quiet"
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return out


def _article(out, name: str) -> dict:
    found = rows(out, "articles", where=f"source_ref LIKE '%{name}%'")
    assert len(found) == 1, (name, [r["source_ref"] for r in rows(out, "articles")])
    return found[0]


def test_a_page_declared_utf8_in_windows_1252_reads_right(encodings_run):
    row = _article(encodings_run, "declared-utf8.html")
    assert row["title"] == "Budget révisé pour les écoles"
    assert "a adopté mercredi soir un budget révisé" in row["text"]
    assert "\ufffd" not in row["text"]


def test_a_utf8_template_around_a_windows_1252_article_reads_both(encodings_run):
    row = _article(encodings_run, "mixed.html")
    assert "Die Bürgermeisterin hat am Donnerstag" in row["text"]
    assert "Straßenbahnlinie" in row["text"] and "\ufffd" not in row["text"]
    assert row["title"] == "Nachrichten – Straßenbahn"


def test_a_warc_record_whose_header_says_utf8_reads_right(encodings_run):
    row = _article(encodings_run, "crawl.warc")
    assert row["url"] == "https://city.example/arboles"
    assert row["title"] == "Diez mil árboles para los barrios"
    assert "los barrios más calurosos" in row["text"]


def test_utf16_without_a_byte_order_mark_is_read(encodings_run):
    assert "old grain terminal" in _article(encodings_run, "harbour.txt")["text"]
    bikes = _article(encodings_run, "bikes.html")
    assert bikes["title"] == "Piste ciclabili"
    assert "il nuovo piano per le piste ciclabili" in bikes["text"]
    wide = _article(encodings_run, "wide.jsonl")
    assert wide["title"] == "Árboles en UTF-16"
    assert wide["url"] == "https://news.example.org/utf16"


def test_urls_that_name_no_web_page_are_no_url(encodings_run):
    got = {
        r["title"]: r
        for r in rows(encodings_run, "articles", where="source_ref LIKE '%urls.jsonl%'")
    }
    assert set(got) == {"Script link", "Data link", "Link kept"}
    for title in ("Script link", "Data link"):
        assert got[title]["url"] is None and got[title]["canonical_url"] is None
        assert got[title]["source_domain"] is None and got[title]["id_source"] == "text"
    assert got["Link kept"]["url"] == "https://news.example.org/ok"


def test_a_zip_symlink_is_rejected_not_read(encodings_run):
    rejected = rows(encodings_run, "rejected", where="source_ref LIKE '%links.zip#passwd.txt'")
    assert [r["reason"] for r in rejected] == ["not_regular_file"]
    assert "third in a national race" in _article(encodings_run, "links.zip#story.txt")["text"]


def test_query_reads_the_rows_back(encodings_run):
    done = newsbeam(
        "query",
        str(encodings_run),
        "SELECT count(*) AS n FROM articles WHERE text LIKE '%\ufffd%'",
        "--format",
        "csv",
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["n", "0"]
