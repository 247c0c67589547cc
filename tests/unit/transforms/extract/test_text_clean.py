"""Plain-text cleaning: boilerplate lines go, every article sentence stays."""

import collections

import pytest

from tests.support.paths import SEEDS
from transforms.extract.text_clean import clean_lines, clean_plain_text, line_key, line_rule

SEED_FILES = sorted(SEEDS.glob("*.txt"))

# Independent of the module's rules: the boilerplate lines a reader sees in the five seeds.
REQUIRED_GONE = [
    "Share This Article",
    "Exit mobile version",
    "0 comments",
    "Home Australia",
    "Share.",
    "morehome",
    "The Mirror2d",
    "Read More @ kyivindependent.com",
    "Source: Read Full Article",
]
SEED_BOILERPLATE = {
    line_key(s)
    for s in REQUIRED_GONE
    + [
        "You may also like",
        "Follow our Russia-Ukraine live blog below for up-to-the-minute updates…",
        "- Milica Cosic",
        "- Louis Allwood",
        "AI",
        "By AI",
        "A photo of Putin",
        "A photo of a soldier",
        "A photo of North Korean soldiers",
        "Desperate Putin tells Russian criminal suspects they can avoid going",
    ]
}


def _lines(text):
    return [line.replace("**", "").strip() for line in text.splitlines() if line.strip()]


def _is_boilerplate(line):
    key = line_key(line)
    return key in SEED_BOILERPLATE or key.startswith("home australia ")


@pytest.fixture(params=SEED_FILES, ids=lambda p: p.name[:3])
def seed(request):
    text = request.param.read_text(encoding="utf-8")
    return text, clean_plain_text(text)


def test_there_are_five_seeds():
    assert len(SEED_FILES) == 5


def test_seed_boilerplate_is_gone(seed):
    _, out = seed
    out_lines = {line_key(line) for line in out.text.split("\n")}
    for boiler in REQUIRED_GONE:
        assert not any(line.startswith(line_key(boiler)) for line in out_lines), boiler
        if boiler != "Home Australia":
            assert line_key(boiler) not in out_lines


def test_seed_duplicated_lines_appear_once(seed):
    original, out = seed
    counts = collections.Counter(line_key(line) for line in _lines(original))
    produced = collections.Counter(line_key(line) for line in _lines(out.text))
    for key, n in counts.items():
        if n > 1 and not _is_boilerplate(key):
            assert produced[key] + (line_key(out.title) == key) == 1, key


def test_seed_every_article_line_survives(seed):
    original, out = seed
    kept = line_key(out.title + "\n" + out.text)
    for line in _lines(original):
        if not _is_boilerplate(line):
            assert line_key(line) in kept, line


def test_seed_long_lines_survive_as_whole_lines(seed):
    original, out = seed
    produced = {line_key(line) for line in _lines(out.text)} | {line_key(out.title)}
    for line in _lines(original):
        if len(line) > 120 and not _is_boilerplate(line):
            assert line_key(line) in produced, line


def test_seed_title_and_paragraphs(seed):
    original, out = seed
    assert out.is_article and out.title and "**" not in out.title and "**" not in out.text
    assert "\n\n\n" not in out.text and out.text == out.text.strip()
    assert line_key(out.title) not in {line_key(x) for x in out.text.split("\n\n")[1:]}


@pytest.mark.parametrize(
    "name, title",
    [
        ("000", "Desperate Putin tells Russian criminal suspects they can avoid going to court"),
        ("002", "Vladimir Putin urged to 'kill North Korean troops' in Ukraine"),
        ("004", "Media reports: Over 20,000 Russian soldiers charged for refusing"),
    ],
)
def test_seed_headline_is_title_not_text(name, title):
    path = next(p for p in SEED_FILES if p.name.startswith(name))
    out = clean_plain_text(path.read_text(encoding="utf-8"))
    assert out.title.startswith(title)
    assert not out.text.startswith(title)


def test_live_blog_keeps_posts_in_order_and_lists_authors():
    path = next(p for p in SEED_FILES if p.name.startswith("001"))
    out = clean_plain_text(path.read_text(encoding="utf-8"))
    heads = ["UK announces MORE sanctions", "Germany promises G7", "Zelensky commends Finland"]
    positions = [out.text.index(h) for h in heads]
    assert positions == sorted(positions)
    assert out.authors == ("Milica Cosic", "Louis Allwood")
    assert "- Milica Cosic" not in out.text


@pytest.mark.parametrize(
    "line, rule",
    [
        ("Share This Article", "share"),
        ("Share.", "share"),
        ("Share on Facebook", "share"),
        ("Follow us on Twitter", "follow"),
        ("Follow our live blog below for the latest updates…", "follow"),
        ("Sign up for our daily newsletter", "subscribe"),
        ("Subscribe now!", "subscribe"),
        ("Read More @ example.com", "read_more"),
        ("Read full article", "read_more"),
        ("READ MORE: Putin meets Kim in Pyongyang", "read_more"),
        ("You may also like", "related"),
        ("Related Articles", "related"),
        ("Exit mobile version", "related"),
        ("Advertisement", "related"),
        ("0 comments", "comments"),
        ("12 Comments", "comments"),
        ("Comments (3)", "comments"),
        ("Source: Read Full Article", "source_footer"),
        ("The Mirror2d", "site_age"),
        ("BBC News 3 hours ago", "site_age"),
        ("A photo of Putin", "image_alt"),
        ("morehome", "nav"),
        ("Home", "nav"),
        ("- Jane Smith", "author_signature"),
        ("Related: Council delays vote on tram budget", "related_link"),
        ("Lesen Sie auch: Stadtrat vertagt Entscheidung", "related_link"),
        ("À lire aussi : le conseil reporte le vote", "related_link"),
        ("Lea también: El Congreso aprueba el presupuesto", "related_link"),
        ("NOTAS RELACIONADAS", "related_header"),
        ("Das könnte Sie auch interessieren:", "related_header"),
        ("Inhaltsverzeichnis", "related_header"),
    ],
)
def test_line_rule_finds_boilerplate(line, rule):
    assert line_rule(line) == rule


@pytest.mark.parametrize(
    "line",
    [
        "Share prices fell 3% on Monday.",
        "Follow the money, the prosecutor told the court.",
        "More than 300 soldiers have died.",
        "Home prices rose for the third month in a row.",
        "Comments made by the minister were criticised.",
        "The photo of the victim was shared widely on social media.",
        "Apollo 11",
        "Read the statement below.",
        "Subscribers will get the new service in May.",
        "Source: the ministry said the figures were preliminary and might change next week"
        " once all the regional offices had reported their numbers to the capital.",
        "Related talks will continue in Geneva next week.",
        "Temas de la reunión fueron el presupuesto y el tranvía.",
        "Lea was elected mayor on Sunday.",
        "Related: the word appears, but this line is a sentence that goes on and on well past"
        " what any link title would hold, so it is kept as text of the article.",
    ],
)
def test_line_rule_keeps_article_sentences(line):
    assert line_rule(line) is None


@pytest.mark.parametrize(
    "lines, kept, rule",
    [
        (
            ["Home World Big storm hits the coast", "Big storm hits the coast", "Body."],
            2,
            "breadcrumb",
        ),
        (["A caption here for you.", "Body text.", "A caption here for you."], 2, "repeat"),
        (["It's a caption line", "Body.", "It’s a caption line"], 2, "repeat"),
        (
            ["Big storm hits the north coast today", "Body.", "Big storm hits the north"],
            2,
            "prefix",
        ),
        (["Title here", "By Jane Smith and John Doe", "Body."], 2, "byline"),
        (["Title here", "AI", "By AI", "Body."], 2, "byline"),
        (["Title here", "Body.", "Source: Reuters"], 2, "footer"),
    ],
)
def test_context_rules(lines, kept, rule):
    out = clean_lines(lines)
    assert len(out.lines) == kept
    assert rule in {r for _, r in out.dropped}


def test_byline_authors_are_split():
    out = clean_lines(["Title", "By Jane Smith, John Doe and Ann Lee", "Body."])
    assert out.authors == ("Jane Smith", "John Doe", "Ann Lee")


@pytest.mark.parametrize(
    "lines",
    [
        ["Title here", "Body.", "By Tuesday, the troops had left."],
        ["Title here", "By Tuesday, the troops had left the city and moved east.", "Body."],
        ["Storms hit the coast.", "Storms hit the coast, killing three people."],
        ["He said:", "He said: no."],
        ["Source: the ministry said the figures were wrong.", "Body continues here."],
    ],
)
def test_context_rules_keep_sentences(lines):
    assert clean_lines(lines).lines == tuple(lines)


def test_rules_can_be_turned_off():
    lines = ["Title", "Share", "Body.", "Body."]
    assert clean_lines(lines, rules=()).lines == tuple(lines)
    assert clean_lines(lines, rules={"repeat"}).lines == ("Title", "Share", "Body.")


def test_title_repeat_in_body_is_dropped():
    assert clean_lines(["My Title", "Body."], title="My title").lines == ("Body.",)


def test_markdown_bold_is_removed():
    out = clean_plain_text("**Big Headline**\n\n**Subhead**\n\nBody **text** here.")
    assert out.title == "Big Headline"
    assert out.text == "Subhead\n\nBody text here."


def test_lede_sentence_is_title_and_stays_in_text():
    out = clean_plain_text("Storms hit the coast on Monday.\nThree people died.")
    assert out.title == "Storms hit the coast on Monday."
    assert out.text == "Storms hit the coast on Monday.\n\nThree people died."


def test_a_first_paragraph_is_no_title():
    """A JSON record's text (or a .txt) that opens with a whole paragraph on one line: that
    paragraph stays text, and is not the title (it was, 640 characters of it)."""
    paragraph = " ".join(["The council voted on Tuesday to approve a budget for buses."] * 6)
    out = clean_plain_text(f"{paragraph}\nThree people spoke against it.")
    assert out.title is None
    assert out.text == f"{paragraph}\n\nThree people spoke against it."


@pytest.mark.parametrize("text", ["", "   \n\n", "Share\nmorehome\n0 comments"])
def test_empty_or_all_boilerplate_is_not_an_article(text):
    out = clean_plain_text(text)
    assert out.text == "" and out.title is None and not out.is_article


@pytest.mark.parametrize(
    "rules, kept",
    [
        (("read_more",), ("Body.", "A caption.", "Body.", "A caption.")),
        (("read_more", "repeat"), ("Body.", "A caption.")),
        (frozenset({"share"}), ("Body.", "A caption.", "Body.", "A caption.")),
    ],
)
def test_repeats_are_dropped_only_when_the_rule_is_on(rules, kept):
    lines = ["Body.", "A caption.", "Read more: the budget", "Body.", "A caption."]
    if "read_more" not in rules:
        lines.remove("Read more: the budget")
    assert clean_lines(lines, title="Body", rules=rules).lines == kept


def test_headline_repeated_at_the_top_of_the_body_is_dropped_once():
    lines = [
        "Council approves tram extension",
        "The council voted on Tuesday.",
        "Council approves tram extension",
    ]
    out = clean_lines(lines, title="Council Approves Tram Extension", rules=("headline",))
    assert out.lines == ("The council voted on Tuesday.", "Council approves tram extension")
    assert out.dropped == (("Council approves tram extension", "headline"),)


def test_click_to_tweet_prompts_are_cut_and_the_quote_kept():
    lines = ["“Trams are the future of this city.” Click To Tweet", "Tweet this", "Plain line."]
    out = clean_lines(lines, rules=("click_to_tweet",))
    assert out.lines == ("“Trams are the future of this city.”", "Plain line.")
