"""One canonical URL is not always one story (issue 26): ``clusters.same_url_story``,
``clusters.identity`` and the ids ``assign_cluster`` gives to stories sharing a URL."""

import datetime as dt
import itertools
from types import SimpleNamespace

from tests.support.articles import edit, story
from transforms.core.record import normalized_words, stable_id
from transforms.dedup.clusters import Node, assign_cluster, match, same_url_story
from transforms.dedup.config import DedupConfig
from transforms.dedup.minhash import minhash, pack_signature, shingle_hashes

UTC = dt.timezone.utc
HOME = "https://blog.example/"


def sig(text: str) -> bytes:
    return pack_signature(minhash(shingle_hashes(normalized_words(text), 5), num_perm=128, seed=1))


def node(doc, text, *, hours=0, canonical=HOME, url=None, entry=None, prior=False, aid=None):
    return Node(
        doc_id=doc,
        article_id=aid or stable_id("url", canonical),
        published_at=dt.datetime(2026, 1, 1, tzinfo=UTC) + dt.timedelta(hours=hours),
        word_count=len(text.split()),
        canonical_url=canonical,
        content_hash=stable_id(text),
        signature=sig(text),
        prior=prior,
        url=url,
        entry_id=entry,
    )


def doc(entry_id, signature, lead=b""):
    """What ``same_url_story`` reads of a Node or a stream's Probe."""
    return SimpleNamespace(entry_id=entry_id, signature=signature, lead=lead)


def entry(n, text):
    return doc(f"guid-{n}", sig(text))


def test_entries_with_different_ids_are_different_articles_whatever_their_texts():
    # Two job ads from one template, one link: similar texts, but two entries.
    a, b = story(1), edit(story(1), 1)
    assert same_url_story(entry(1, a), entry(2, b)) is None
    assert same_url_story(entry(1, a), entry(1, story(2))) is not None  # one entry, re-written


def test_without_entry_ids_only_clearly_different_texts_are_apart():
    a = story(1)
    assert same_url_story(doc(None, sig(a)), doc(None, sig(edit(a, 2)))) > 0.5
    assert same_url_story(doc(None, sig(a)), doc(None, sig(story(2)))) is None
    # A story that grew (a live blog): the old text is inside the new one.
    grown = a + " " + story(2) + " " + story(3)
    assert same_url_story(doc(None, sig(a)), doc(None, sig(grown))) is not None
    assert same_url_story(doc(None, sig(grown)), doc(None, sig(a))) is not None
    # url_min_similarity 0 is the old rule: one URL, one article.
    old = DedupConfig(url_min_similarity=0.0)
    assert same_url_story(doc(None, sig(a)), doc(None, sig(story(2))), old) == 0.0


def test_entries_sharing_a_link_fall_back_to_text_matching():
    ad = story(4)
    a = node("a", ad, entry="g1")
    copy = node("b", ad, hours=1, entry="g2")  # the same ad under a second guid: still a copy
    other = node("c", story(5), hours=2, entry="g3")
    assert match(copy, a) == ("exact", 1.0)
    assert match(other, a) is None


def test_pages_claiming_the_home_page_get_their_own_fetched_url_as_identity():
    pages = [node(f"p{n}", story(10 + n), hours=n, url=f"{HOME}post-{n}.html") for n in range(4)]
    out = dict(assign_cluster(pages))
    assert [out[f"p{n}"].match for n in range(4)] == [None] * 4
    assert out["p0"].article_id is None  # the first keeps the canonical URL's id
    for n in range(1, 4):
        assert out[f"p{n}"].id_source == "url"
        assert out[f"p{n}"].article_id == stable_id("url", HOME, "url", f"{HOME}post-{n}.html")
        assert out[f"p{n}"].cluster_id == out[f"p{n}"].article_id
    # The verdicts depend on the members only, not their order.
    for perm in itertools.permutations(pages):
        assert dict(assign_cluster(list(perm))) == out


def test_a_prior_runs_story_holds_the_url_id_and_an_edit_of_it_is_still_prior_run():
    first = story(20)
    prior = node("prior:1", first, hours=-30, prior=True, entry="g1")
    edited = node("e", edit(first, 5), entry="g1")
    ad = node("n", story(21), entry="g2")
    same_entry_rewritten = node("r", story(22), hours=1, entry="g1")
    out = dict(assign_cluster([prior, edited, ad, same_entry_rewritten]))
    assert out["e"].match == "prior_run" and out["e"].duplicate_of == prior.article_id
    assert out["r"].match == "prior_run"  # one guid is one article, however re-written
    assert out["n"].match is None and out["n"].id_source == "entry_id"
    assert out["n"].article_id == stable_id("url", HOME, "entry_id", "g2")
