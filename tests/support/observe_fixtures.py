"""News pages written for the progress, report and query tests: English, German and French
stories, near copies of one story (one of them titled with an HTML attack), a page too short to keep and a
binary file (an error row)."""

from pathlib import Path

HOSTILE_TITLE = "<script>alert('x')</script> Harbour & <b>dock</b> strike"

_STORIES = [
    (
        "en",
        "Port workers walk out over night-shift pay",
        "Dock workers at the northern container port stopped work on Monday after talks on "
        "night-shift pay broke down. The union said its members had waited eleven months for an "
        "offer and that the company had not moved. Ships queued outside the breakwater while "
        "managers tried to move cranes with office staff. A spokesperson for the port authority "
        "said perishable cargo would be unloaded first and that the strike would cost exporters "
        "several million a day. Farmers who ship fruit through the port warned that a week of "
        "delay would ruin the harvest they had already picked. Negotiators are due to meet again "
        "on Thursday with a mediator appointed by the labour ministry.",
    ),
    (
        "en",
        "City council approves new tram line to the airport",
        "The city council voted by a wide margin on Tuesday to build a tram line from the central "
        "station to the airport, ending a debate that has run for a decade. The line will have "
        "nine stops and is expected to carry forty thousand passengers a day once it opens. "
        "Opponents argued that buses would serve the same districts at a fraction of the cost, "
        "but the mayor said trams would cut traffic on the ring road and lower emissions. "
        "Construction is planned to start next spring and should take four years. Residents "
        "along the route will be offered noise barriers and compensation for lost parking.",
    ),
    (
        "en",
        "Researchers map the deep currents of the southern ocean",
        "An international team of oceanographers has published the most detailed map yet of the "
        "deep currents that circle the southern ocean. Using floats that drift at two thousand "
        "metres and surface every ten days, the researchers tracked water masses for six years. "
        "They found that the currents have sped up by about five percent, which could carry more "
        "heat towards the ice shelves. The lead author said the data would help climate models "
        "predict how quickly the ice will melt. The floats are part of a global network that "
        "shares its measurements freely with scientists in every country.",
    ),
    (
        "en",
        "Local club wins the regional football cup after penalties",
        "The town's football club won the regional cup on Saturday after a goalless final was "
        "decided by penalties. Their goalkeeper saved two shots in the shoot-out and was carried "
        "off the pitch by supporters. The coach praised a young squad that had lost only twice "
        "all season and said the win would help the club attract sponsors. Several thousand fans "
        "travelled to the stadium by train and celebrated in the main square until late in the "
        "evening. The club will now play in the national tournament, where it meets a first "
        "division side in the opening round next month.",
    ),
    (
        "de",
        "Neue Brücke über den Fluss nach vier Jahren Bauzeit eröffnet",
        "Nach vier Jahren Bauzeit ist am Freitag die neue Brücke über den Fluss für den Verkehr "
        "freigegeben worden. Die Stadt hatte das alte Bauwerk sperren müssen, weil Gutachter Risse "
        "in den Pfeilern gefunden hatten. Pendler mussten seitdem einen Umweg von mehreren "
        "Kilometern fahren. Die neue Brücke hat zwei Fahrspuren, einen breiten Radweg und einen "
        "Gehweg. Der Bürgermeister dankte den Anwohnern für ihre Geduld und kündigte an, dass die "
        "Buslinien ab Montag wieder ihre alten Strecken fahren. Die Kosten lagen mit knapp vierzig "
        "Millionen Euro etwas über der ursprünglichen Planung.",
    ),
    (
        "fr",
        "Le festival de musique attire un public record cet été",
        "Le festival de musique de la ville a accueilli un public record cette année, avec plus de "
        "soixante mille spectateurs sur trois jours. Les organisateurs ont expliqué ce succès par "
        "une programmation plus variée et par des billets moins chers pour les étudiants. Les "
        "commerçants du centre ont profité de l'affluence, et les hôtels affichaient complet "
        "depuis plusieurs semaines. La mairie souhaite maintenant agrandir le site pour la "
        "prochaine édition, tout en limitant le bruit pour les riverains. Les bénévoles, plus de "
        "quatre cents, ont été remerciés lors de la soirée de clôture.",
    ),
]


_LIBRARY = (
    "The old public library reopened on Wednesday after a renovation that took three years and "
    "replaced the leaking roof, the heating and every shelf in the reading room. Librarians "
    "moved more than two hundred thousand books back into place over the summer with the help "
    "of volunteers from local schools. The building now has a children's floor, study rooms that "
    "can be booked online and a café on the ground floor. Opening hours are longer on weekdays, "
    "and the archive of local newspapers has been digitised so that visitors can search a "
    "century of reports from the reading room computers."
)


def _page(title: str, body: str, *, lang: str, author: str, date: str, url: str) -> str:
    paragraphs = "".join(f"<p>{s.strip()}.</p>" for s in body.split(". ") if s.strip())
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title>'
        f'<meta name="author" content="{author}"><meta property="og:title" content="{title}">'
        f'<meta property="article:published_time" content="{date}">'
        f'<link rel="canonical" href="{url}"></head><body><header><nav><a href="/">Home</a> '
        f'<a href="/news">News</a></nav></header><main><article><h1>{title}</h1>'
        f'<p class="byline">By {author}</p>{paragraphs}</article></main>'
        "<footer><p>Contact us · Privacy · Terms</p></footer></body></html>"
    )


def write_news_pages(folder: Path, *, copies: int = 3) -> dict:
    """Write the pages; returns what the tests expect: counts and titles."""
    folder.mkdir(parents=True, exist_ok=True)
    files = 0
    for i, (lang, title, body) in enumerate(_STORIES):
        page = _page(
            title,
            body,
            lang=lang,
            author=f"Reporter {i}",
            date=f"2026-10-{10 + i:02d}T08:00:00Z",
            url=f"https://news.example/{i}",
        )
        (folder / f"story{i}.html").write_text(page, encoding="utf-8")
        files += 1
    lang, title, body = _STORIES[0]
    for k in range(copies):  # syndicated copies of the port story, one word changed
        wire_title = f"{title} - Wire {k}" if k else HOSTILE_TITLE
        page = _page(
            wire_title.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"),
            body.replace("Monday", "Monday morning") + f" Copy {k}.",
            lang=lang,
            author="Wire desk",
            date="2026-10-10T09:00:00Z",
            url=f"https://wire{k}.example/port-strike",
        )
        (folder / f"wire{k}.html").write_text(page, encoding="utf-8")
        files += 1
    library = _page(
        "The old library reopens with a children's floor",
        _LIBRARY,
        lang="en",
        author="Night editor",
        date="2026-10-11T08:00:00Z",
        url="https://news.example/library",
    )
    (folder / "library.html").write_text(library, encoding="utf-8")
    (folder / "short.html").write_text(
        _page("Brief", "Road closed today", lang="en", author="x", date="2026-10-12", url=""),
        encoding="utf-8",
    )
    (folder / "broken.html").write_bytes(bytes(range(256)) * 8)
    return {"files": files + 3, "copies": copies}
