"""Harder dedup cases for benchmarks/dedup.py: chains, templated negatives, teasers, heavy edits.

Every case is built by code from the real pages of the quality set (or from templates written
here), the way syndication and automation alter texts:

- chain (``chain_cases``): digests of ag-news items in three overlapping windows, a ~ b and
  b ~ c but a far from c; a and b are one story, c is labelled apart (as the "Podcast Episode
  #061" / "#056" chain of real feeds).
- template: automated earnings, weather and match reports from one template each, with
  different companies, cities, teams and numbers: every report its own story; a quarter of them
  has a syndicated copy (byline, dateline, a typo) that is the same story.
- teaser: a page's first paragraphs (50-90 words, "Read more") as a feed carries them;
  short_teaser: the first 25-40 words of a page of 300 words or more, cut with an ellipsis.
- opening (negative): a short text that opens with a long page's first 20 words and goes on
  with sentences of four other pages, labelled apart: opening like a story is not being its
  teaser.
- heavy_edit: a page with a third of its sentences dropped, two paragraphs swapped and a new
  closing paragraph: the same quotes, re-written around.
- same_story (``same_story_cases``): two outlets' own articles about one event (written here):
  the same names, numbers and quotes, different words; labelled apart.
"""

import random

__all__ = [
    "EXTRA_KINDS",
    "baseline_clusters",
    "chain_cases",
    "extra_cases",
    "read_ag_news",
    "same_story_cases",
]

EXTRA_KINDS = ["teaser", "heavy_edit", "template_copy"]

COMPANIES = [
    "Acme Corp", "Globex Inc", "Initech", "Umbrella Holdings", "Stark Industries", "Wayne Group",
    "Tyrell Systems", "Cyberdyne", "Soylent Foods", "Hooli", "Vandelay Imports", "Wonka Brands",
    "Oscorp", "Aperture Labs", "Massive Dynamic", "Gringotts Bank", "Monarch Airlines",
    "Pied Piper", "Nakatomi Trading", "Dunder Mifflin",
]  # fmt: skip
CITIES = [
    "Lisbon", "Oslo", "Krakow", "Porto", "Bergen", "Lyon", "Turin", "Leeds", "Ghent", "Malmo",
    "Graz", "Brno", "Cork", "Tartu", "Split", "Bilbao", "Utrecht", "Aarhus", "Basel", "Riga",
]  # fmt: skip
TEAMS = [
    "Northside Rovers", "Harbour City", "Eastfield United", "Valley Athletic", "Riverside FC",
    "Port Wanderers", "Hill Town", "Bridge Albion", "Castle Rangers", "Lakeside Celtic",
]  # fmt: skip
PLAYERS = ["Silva", "Okafor", "Jensen", "Moreau", "Kowalski", "Haddad", "Berg", "Tanaka"]

EARNINGS = (
    "{name} reported {quarter} quarter results on {day} that {verb} analysts' expectations, "
    "sending its shares {dir} {move} percent in early trading. Revenue rose to {rev} billion "
    "dollars from {prev} billion dollars a year earlier, the company said in a statement, while "
    "net income came in at {inc} million dollars, or {eps} dollars a share. Analysts polled by "
    "the data provider had expected earnings of {exp} dollars a share on revenue of {cons} "
    "billion dollars. Chief executive {ceo} said demand had held up better than feared in the "
    "quarter and that the company would keep investing in new products and in its factories. "
    "The company now expects full-year revenue of between {low} and {high} billion dollars. "
    "Its shares have gained {ytd} percent so far this year. The results will be discussed with "
    "analysts on a conference call later in the day, the company said, and a recording will be "
    "available on its website for investors who cannot join the call."
)
WEATHER = (
    "Forecasters expect temperatures in {city} to climb to {hi} degrees on {day}, {delta} "
    "degrees above the average for the time of year, before a cold front brings showers on "
    "{next}. Overnight lows will stay around {lo} degrees, and winds from the {wind} will reach "
    "{gust} kilometres an hour on the coast. The weather service said there was a {pct} percent "
    "chance of thunderstorms in the afternoon and advised people to drink plenty of water, to "
    "avoid strenuous activity in the middle of the day and to check on elderly neighbours. "
    "Pollen counts will be high across the region, and the air quality index is forecast to "
    "reach {aqi}. The weekend will be cooler, with highs of {wk} degrees and sunny spells."
)
MATCH = (
    "{home} beat {away} {hg}-{ag} on {day} to move up to {pos} place in the table. {scorer} "
    "opened the scoring in the {m1}th minute with a header from a corner, and {scorer2} doubled "
    "the lead shortly after the break with a low shot from the edge of the area. The visitors "
    "pulled one back through {other} in the {m2}th minute but could not find an equaliser "
    "despite late pressure. The home side's coach said after the match that his players had "
    "shown great character after a difficult week, and praised the crowd of {crowd} for their "
    "support. {away} remain in {apos} place and face a difficult run of fixtures. The two sides "
    "meet again in the cup next month."
)
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def _report(kind: str, rng: random.Random, i: int) -> str:
    if kind == "earnings":
        rev = rng.uniform(1, 40)
        return EARNINGS.format(
            name=COMPANIES[i % len(COMPANIES)], quarter=rng.choice(["first", "second", "third"]),
            day=rng.choice(DAYS), verb=rng.choice(["beat", "missed"]), dir=rng.choice(["up", "down"]),
            move=rng.randint(1, 12), rev=f"{rev:.1f}", prev=f"{rev * rng.uniform(0.8, 1.1):.1f}",
            inc=rng.randint(50, 900), eps=f"{rng.uniform(0.1, 3):.2f}",
            exp=f"{rng.uniform(0.1, 3):.2f}", cons=f"{rev * rng.uniform(0.9, 1.1):.1f}",
            ceo=f"{rng.choice(['Maria', 'John', 'Aiko', 'Omar', 'Lena'])} "
            f"{rng.choice(['Lopez', 'Smith', 'Sato', 'Haddad', 'Berg'])}",
            low=f"{rev * 3.9:.1f}", high=f"{rev * 4.1:.1f}", ytd=rng.randint(1, 40),
        )  # fmt: skip
    if kind == "weather":
        hi = rng.randint(18, 38)
        return WEATHER.format(
            city=CITIES[i % len(CITIES)], hi=hi, day=rng.choice(DAYS), delta=rng.randint(2, 9),
            next=rng.choice(DAYS), lo=hi - rng.randint(6, 14),
            wind=rng.choice(["north", "south", "west", "east"]), gust=rng.randint(20, 80),
            pct=rng.randint(10, 90), aqi=rng.randint(40, 160), wk=hi - rng.randint(1, 6),
        )  # fmt: skip
    home, away = rng.sample(TEAMS, 2)
    scorer, scorer2, other = rng.sample(PLAYERS, 3)
    return MATCH.format(
        home=home, away=away, hg=rng.randint(2, 4), ag=1, day=rng.choice(DAYS),
        pos=rng.randint(1, 20), scorer=scorer, scorer2=scorer2, other=other,
        m1=rng.randint(2, 40), m2=rng.randint(50, 89), crowd=f"{rng.randint(5, 60)},000",
        apos=rng.randint(1, 20),
    )  # fmt: skip


def _syndicated(text: str, rng: random.Random) -> str:
    """A wire copy: byline and dateline added, one word's letters swapped, a credit line."""
    words = text.split(" ")
    i = rng.randrange(5, len(words) - 5)
    if len(words[i]) > 4 and words[i].isalpha():
        words[i] = words[i][:2] + words[i][3] + words[i][2] + words[i][4:]
    return "By Jane Roe\nLONDON (Wire) - " + " ".join(words) + "\nEditing by John Doe"


def _sentences(text: str) -> list:
    out, cur = [], []
    for word in text.split():
        cur.append(word)
        if word.endswith((".", "!", "?")) and len(cur) > 3:
            out.append(" ".join(cur))
            cur = []
    if cur:
        out.append(" ".join(cur))
    return out


def _teaser(text: str) -> str:
    out = []
    for sentence in _sentences(text):
        out.append(sentence)
        if sum(len(s.split()) for s in out) >= 50:
            break
    return " ".join(" ".join(out).split()[:90]) + " Read more..."


def _heavy_edit(text: str, donor: str, rng: random.Random) -> str:
    sentences = _sentences(text)
    keep = [s for k, s in enumerate(sentences) if k == 0 or rng.random() > 0.33]
    if len(keep) > 4:
        a, b = rng.sample(range(1, len(keep)), 2)
        keep[a], keep[b] = keep[b], keep[a]
    closing = " ".join(donor.split()[:25])
    return " ".join(keep) + "\n" + closing


def chain_cases(items, make_doc, chains: int = 60):
    """Digests of short news items (ag-news descriptions), as a blog's or a podcast's pages:
    a = items 0-7, b = items 2-9, c = items 4-11 of a run of 12, published in that order. a ~ b
    and b ~ c (Jaccard ~0.6), a ~ c only ~0.33: a and b are one story, c another."""
    docs, label, negatives = [], {}, []
    for n in range(min(chains, len(items) // 12)):
        run = items[12 * n : 12 * n + 12]
        for k, key in enumerate("abc"):
            text = "\n".join(run[2 * k : 2 * k + 8])
            docs.append(make_doc(f"chain{n}-{key}", text, f"digest {n}{key}", 1 + k))
        label[f"chain{n}-a"] = label[f"chain{n}-b"] = ("chain", n)
        label[f"chain{n}-c"] = ("chain-c", n)
        negatives.append(("chain", f"chain{n}-a", f"chain{n}-c"))
    return docs, label, negatives


def read_ag_news(data) -> list:
    """Descriptions of the ag-news test set with at least 25 words, in file order."""
    import csv

    with open(data / "topics" / "ag-news" / "test.csv", encoding="utf-8") as f:
        rows = [r["description"].replace("\\", " ") for r in csv.DictReader(f)]
    return [r for r in rows if len(r.split()) >= 25]


def _opening_cases(pages, i, make_doc, label, info, negatives, page_label, rng) -> list:
    """Of a long page (300 words or more): a short teaser (its first 25-40 words and an
    ellipsis, as many feeds cut their summaries), and a short text that opens with the page's
    first 20 words (a press release's boilerplate opening, a live blog's standing intro) and
    then goes on with one sentence of each of four other pages: its own story."""
    _, title, text = pages[i]
    words = text.split()
    teaser = " ".join(words[: rng.randint(25, 40)]) + " …"
    rest = []
    for step in (13, 29, 47, 71):
        sentences = _sentences(pages[(i + step) % len(pages)][2])
        rest.append(sentences[len(sentences) // 2])
    docs = [
        make_doc(f"p{i}-short_teaser", teaser, title, 0.5),
        make_doc(f"p{i}-opening", " ".join(words[:20] + rest), f"opening {i}", 4),
    ]
    label[f"p{i}-short_teaser"] = page_label(i)
    info[f"p{i}-short_teaser"] = ("short_teaser", f"p{i}-orig")
    label[f"p{i}-opening"] = ("opening", i)
    negatives.append(("opening", f"p{i}-opening", f"p{i}-orig"))
    return docs


def extra_cases(pages, make_doc, page_label, seed: int = 11):
    """``(docs, label, info, negatives)`` of the cases above: ``info`` maps a copy to ``(kind,
    the doc it copies)``. ``make_doc(doc_id, text, title, hours)`` builds an Article;
    ``page_label(i)`` is the label of page i."""
    rng = random.Random(seed)
    lead_rng = random.Random(seed + 1)  # its own draws: the cases above stay as they were
    docs, label, info, negatives = [], {}, {}, []
    for i, (_, title, text) in enumerate(pages):
        donor = pages[(i + 7) % len(pages)][2]
        if len(_sentences(text)) >= 6:
            body = _teaser(text)
            docs.append(make_doc(f"p{i}-teaser", body, title, 0.5))
            label[f"p{i}-teaser"] = page_label(i)
            info[f"p{i}-teaser"] = ("teaser", f"p{i}-orig")
            body = _heavy_edit(text, donor, rng)
            docs.append(make_doc(f"p{i}-heavy_edit", body, title, 2.5))
            label[f"p{i}-heavy_edit"] = page_label(i)
            info[f"p{i}-heavy_edit"] = ("heavy_edit", f"p{i}-orig")
            if len(text.split()) >= 300:
                docs += _opening_cases(
                    pages, i, make_doc, label, info, negatives, page_label, lead_rng
                )
    for kind in ("earnings", "weather", "match"):
        ids = []
        for j in range(60):
            doc_id = f"{kind}{j}"
            text = _report(kind, rng, j)
            docs.append(make_doc(doc_id, text, f"{kind} report {j}", 0))
            label[doc_id] = (kind, j)
            ids.append(doc_id)
            if j % 4 == 0:
                docs.append(make_doc(f"{doc_id}-copy", _syndicated(text, rng), "copy", 1))
                label[f"{doc_id}-copy"] = (kind, j)
                info[f"{doc_id}-copy"] = ("template_copy", doc_id)
        negatives += [("template", a, b) for a, b in zip(ids, ids[1:])]
    return docs, label, info, negatives


def baseline_clusters(nodes, config) -> dict:
    """Today's rule before this change, all pairs: connected components of pairs with equal URL,
    equal text or estimated Jaccard >= threshold; the component's smallest doc id labels it."""
    import numpy as np

    from transforms.dedup.clusters import UnionFind
    from transforms.dedup.lsh import need_equal

    uf = UnionFind()
    for key in ("canonical_url", "content_hash"):
        first: dict = {}
        for n in nodes:
            value = getattr(n, key)
            if value:
                uf.union(first.setdefault(value, n.doc_id), n.doc_id)
    with_sig = [n for n in nodes if n.signature]
    matrix = np.stack([np.frombuffer(n.signature, dtype="<u4") for n in with_sig])
    need = need_equal(config.threshold, config.num_perm)
    for i in range(len(with_sig) - 1):
        equal = np.count_nonzero(matrix[i + 1 :] == matrix[i], axis=1)
        for j in np.flatnonzero(equal >= need).tolist():
            uf.union(with_sig[i].doc_id, with_sig[i + 1 + j].doc_id)
    return {n.doc_id: uf.find(n.doc_id) for n in nodes}


# Two outlets' own articles about one event (written for this benchmark): the same facts, names
# and numbers, each told in its own words. They must stay apart.
SAME_STORY = [
    (
        "A fire broke out early on Tuesday in a warehouse in the port district of Marlow, and "
        "more than sixty firefighters spent five hours bringing it under control, the city fire "
        "service said. Nobody was injured. The warehouse, owned by the logistics firm Brenner "
        "Freight, stored furniture and paper goods, and thick smoke drifted over the harbour for "
        "most of the morning. Residents of three nearby streets were told to keep their windows "
        "closed. Fire chief Anna Keller said the cause was not yet known and that investigators "
        "would enter the building once the roof had been made safe. The port authority closed "
        "two berths as a precaution, delaying the unloading of a container ship.",
        "Smoke hung over Marlow harbour on Tuesday after a blaze gutted a Brenner Freight "
        "warehouse, forcing the port to shut two berths and leaving a container ship waiting "
        "offshore. Sixty fire crews fought the flames through the early hours. 'We were lucky "
        "the wind turned,' said Anna Keller, who leads the city's fire service, adding that no "
        "one had been hurt. People living close to the docks were asked to stay indoors with "
        "their windows shut. Brenner Freight said in a statement that it was cooperating with "
        "investigators and that the building had held furniture and paper products. The cause "
        "of the fire remains unknown; inspectors will go in when the damaged roof is secured.",
    ),
    (
        "The central bank of Veldonia raised its main interest rate by a quarter of a point to "
        "4.25 percent on Thursday, its third increase this year, saying inflation was still far "
        "above its target of two percent. Governor Paul Reyes told reporters that prices for "
        "food and rent were rising faster than expected and that the bank was ready to act "
        "again if needed. Economists had been divided before the decision, with about half "
        "expecting the bank to hold. The veldo rose against the euro after the announcement, "
        "while shares of house builders fell. The government said it respected the bank's "
        "independence but warned that higher borrowing costs would weigh on families.",
        "Borrowers in Veldonia face higher repayments after the central bank lifted rates to "
        "4.25 percent on Thursday, surprising many analysts who had bet on a pause. It is the "
        "third quarter-point rise of the year. Paul Reyes, the bank's governor, pointed to "
        "stubborn increases in rents and grocery bills and said policymakers would not hesitate "
        "to tighten further. Inflation has stayed well above the two percent goal for more than "
        "a year. House-building stocks dropped on the news and the currency strengthened. "
        "Ministers said they would not comment on monetary policy, though one warned privately "
        "that households were already stretched.",
    ),
    (
        "Heavy rain caused the river Lune to burst its banks on Sunday night, flooding more "
        "than 200 homes in the town of Ashby and cutting off the main road to the coast, local "
        "officials said. Emergency teams used boats to rescue about forty people, among them "
        "residents of a care home on Mill Lane. Mayor Claire Dunmore opened the town hall as a "
        "shelter and said the clean-up would take weeks. Forecasters expect more rain on "
        "Wednesday, and the environment agency has kept its severe flood warning in place for "
        "the lower valley. Schools in Ashby will stay closed until Thursday.",
        "Ashby woke on Monday to streets under water after the Lune overflowed during a night "
        "of torrential rain. Rescuers in boats brought around forty people to safety, including "
        "elderly residents of the Mill Lane care home, and the coast road was closed. Officials "
        "counted more than 200 flooded houses. 'People have lost everything on their ground "
        "floors,' Mayor Claire Dunmore said at the town hall, which now serves as an emergency "
        "shelter. With further downpours forecast for Wednesday, the severe flood warning for "
        "the lower valley remains in force. Pupils will not return to Ashby's schools before "
        "Thursday, the council said.",
    ),
]


def same_story_cases(make_doc):
    """``(docs, label, negatives)`` of ``SAME_STORY``: two articles per event, each its own
    story, the second published two hours later."""
    docs, label, negatives = [], {}, []
    for n, pair in enumerate(SAME_STORY):
        for k, text in enumerate(pair):
            doc_id = f"same{n}-{k}"
            docs.append(make_doc(doc_id, text, f"event {n} outlet {k}", 2 * k))
            label[doc_id] = ("same", n, k)
        negatives.append(("same_story", f"same{n}-0", f"same{n}-1"))
    return docs, label, negatives
