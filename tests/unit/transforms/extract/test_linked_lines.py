"""A paragraph that is mostly a link (a teaser of another article, a pointer) is boilerplate
from a lower probability than other text: the model file's ``linked_threshold``."""

from transforms.extract.boilerplate import BoilerplateModel, assemble
from transforms.extract.html import extract_html
from transforms.extract.paragraphs import Plan

PROSE = "The council will vote on the budget next week, after a month of public hearings."
TEASER = "How one small town turned its old railway station into a library"


def plan_of(link_shares: dict) -> Plan:
    lines = list(link_shares)
    return Plan(
        lines=lines,
        positions=list(range(len(lines))),
        candidates=list(range(len(lines))),
        gaps={},
        features={i: {"link_share": s} for i, s in enumerate(link_shares.values())},
    )


def model(**thresholds) -> BoilerplateModel:
    # every paragraph scores 0.55: between the linked threshold and the drop threshold
    spec = {"weights": {"bias": 0.2}, "drop_threshold": 0.7, "add_threshold": 0.7}
    return BoilerplateModel(spec | thresholds)


def test_a_mostly_linked_paragraph_goes_from_the_linked_threshold():
    plan = plan_of({PROSE: 0.0, TEASER: 1.0, "Partly linked prose, a source named": 0.3})
    linked = model(linked_threshold=0.5)
    kept = assemble(plan, linked.scores(plan), linked.drop_threshold, linked.add_threshold)
    assert kept == [PROSE, "Partly linked prose, a source named"]


def test_without_a_linked_threshold_linked_paragraphs_are_judged_like_the_rest():
    plan = plan_of({PROSE: 0.0, TEASER: 1.0})
    plain = model()
    assert assemble(plan, plain.scores(plan), 0.7, 0.7) == [PROSE, TEASER]


def test_the_shipped_model_keeps_an_article_and_its_linked_source():
    body = "".join(
        f"<p>{s}</p>"
        for s in (
            "The regional water board published its annual report on Monday, showing that "
            "leaks in the old pipe network still waste almost a fifth of the water it treats.",
            "Engineers plan to replace forty kilometres of cast-iron mains over the next three "
            "years, starting with the districts where bursts have been most frequent.",
            'The full figures are in <a href="/report.pdf">the board\'s annual report for '
            "2026</a>, published with a summary for residents.",
        )
    )
    html = f"<html><head><title>Leaks</title></head><body><article>{body}</article></body></html>"
    text = extract_html(html, url="https://news.example.org/2026/leaks").text
    assert "The full figures are in the board's annual report for 2026" in text
