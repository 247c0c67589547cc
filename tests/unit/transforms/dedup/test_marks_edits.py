"""The template guard and heavy edits: an edit that drops sentences (and their figures) and adds
a closing line with figures of its own is still the same story; two reports of one template
are not."""

from tests.integration.transforms.dedup.test_dedup_verify import ACME, EARNINGS, GLOBEX
from transforms.dedup import marks_conflict, marks_of


def _edited(text: str) -> str:
    """Sentences 2 and 4 dropped (their figures with them), a closing line with new figures."""
    sentences = text.split(". ")
    kept = [s for k, s in enumerate(sentences) if k not in (1, 3)]
    closing = "The company employs about 12,000 people in 40 countries and has 9 factories"
    return ". ".join(kept) + ". " + closing + ". Reporting by Jane Roe; editing by Al Poe."


def test_an_edit_with_dropped_and_added_figures_is_no_conflict():
    acme = EARNINGS.format(**ACME)
    assert not marks_conflict(marks_of(_edited(acme)), marks_of(acme))


def test_reports_of_one_template_still_conflict_after_the_same_edit():
    acme, globex = EARNINGS.format(**ACME), EARNINGS.format(**GLOBEX)
    assert marks_conflict(marks_of(_edited(globex)), marks_of(acme))
    assert marks_conflict(marks_of(globex), marks_of(acme))


def test_streaming_decides_the_same_pairs():
    """The stream's pair rule (``match_probes``) is the batch one: the heavy edit is a copy, the
    other company's report is not, and Chinese text is shingled by character there too."""
    from tests.support.articles import article
    from tests.unit.transforms.dedup.test_dedup_cjk import LIBRARY, LIBRARY_EDITED
    from transforms.dedup import DedupConfig, fingerprint
    from transforms.dedup.streaming import Probe, match_probes

    config = DedupConfig()

    def probe(doc, text):
        a = fingerprint(article(doc, text), config)
        return Probe(doc, f"id-{doc}", (0.0,), 0.0, signature=a.signature, marks=a.marks)

    acme = probe("acme", EARNINGS.format(**ACME))
    assert match_probes("b:k", probe("edit", _edited(EARNINGS.format(**ACME))), acme, config)
    assert match_probes("b:k", probe("globex", EARNINGS.format(**GLOBEX)), acme, config) is None
    kind, similarity = match_probes(
        "b:k", probe("zh2", LIBRARY_EDITED), probe("zh", LIBRARY), config
    )
    assert kind == "near" and similarity >= 0.5
