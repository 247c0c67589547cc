"""The fast fingerprint (``minhash.shingle_hashes``, ``verify.marks_of``) gives the same bytes
as the plain definitions: signatures and marks are stored in the index, so a change of a single
value would split a run from its prior runs."""

import dataclasses
import hashlib
import random
import re

import numpy as np
import xxhash

from tests.support.articles import article
from transforms.core.record import normalized_words
from transforms.core.words import split_unspaced
from transforms.dedup import PRESETS, fingerprint
from transforms.dedup.minhash import (
    hash_shingles,
    minhash,
    pack_signature,
    shingle_hashes,
    shingle_words,
)
from transforms.dedup.quotes import split_all, split_sentences
from transforms.dedup.verify import EDGE_WORDS, MAX_MARKS, marks_of

_WORDS = (
    "the council voted on Tuesday to approve a $4.5m budget, said Mayor Ana Lima. It rose 12% "
    "from 2,300 in 2025: (Reuters) \u201cWe agree\u201d O'Neil's snake_case \u00b2 \u2460 "
    "\u0663\u0664 Stra\u00dfe \u0130stanbul \u4e2d\u6587\u5b57\u3002 \u30c6\u30b9\u30c8 "
    "\u0e44\u0e17\u0e22 e.g. U.S. - -- ... 10:30 http://x.org/a 50% _ 3\u00bd Ⅻ"
).split()


def _texts(seed=26, each=3):
    rng = random.Random(seed)
    out = ["", "One", "one two three four five", "one two three four five six"]
    for n in (30, 80, 400):
        out += [" ".join(rng.choice(_WORDS) for _ in range(n)) for _ in range(each)]
    return out


# The definitions as they were written before the fast versions (one word at a time).
_TOKEN = re.compile(r"[^\W_](?:[\w'’.,:/%-]*[^\W_%]|%)?")
_SENTENCE_END = re.compile(r"[.!?:\"'”»)\]]$")


def _plain_marks(text):
    raw = split_unspaced((text or "").split())
    if len(raw) <= 2 * EDGE_WORDS:
        return b""
    numbers, names = set(), set()
    for i in range(EDGE_WORDS, len(raw) - EDGE_WORDS):
        m = _TOKEN.search(raw[i])
        if m is None:
            continue
        token = m.group(0).rstrip(".,:")
        if any(c.isdigit() for c in token):
            numbers.add(token.replace(",", ""))
        elif token[:1].isupper() and not _SENTENCE_END.search(raw[i - 1]):
            names.add(token.casefold())

    def hashes(tokens, tag):
        out = np.array([xxhash.xxh32_intdigest(t.encode("utf-8")) for t in tokens], dtype="<u4")
        return np.unique((out & np.uint32(0x7FFFFFFF)) | np.uint32(tag))[:MAX_MARKS]

    return np.concatenate([hashes(names, 0), hashes(numbers, 0x80000000)]).tobytes()


def _plain_shingle_hashes(text, k=5):
    words = split_unspaced(normalized_words(text))
    if len(words) <= k:
        grams = {" ".join(words)} if words else set()
    else:
        grams = {" ".join(words[i : i + k]) for i in range(len(words) - k + 1)}
    return hash_shingles(grams)


def test_signatures_and_marks_equal_the_values_stored_before():
    # sha256 over (signature | marks /) of _texts(), computed with the code before this change
    digest = hashlib.sha256()
    for text in _texts():
        hashes = shingle_hashes(normalized_words(text), 5)
        sig = pack_signature(minhash(hashes, num_perm=128, seed=1)) if len(hashes) else b""
        digest.update(sig + b"|" + marks_of(text) + b"/")
    assert digest.hexdigest()[:32] == "1e593575d08a58d05f59000f86ebf745"


def test_fast_equals_plain_definitions_on_mixed_scripts_and_punctuation():
    texts = _texts(seed=5, each=40)
    rng = random.Random(9)
    letters = "aA1,.:%'’-_()\"”»!?²①٣xÉbßİ中文。テไ \n\t"
    texts += ["".join(rng.choice(letters) for _ in range(rng.randint(0, 400))) for _ in range(300)]
    for text in texts:
        assert marks_of(text) == _plain_marks(text), text
        assert np.array_equal(
            shingle_hashes(normalized_words(text), 5), _plain_shingle_hashes(text)
        )


def test_fingerprint_reads_names_and_numbers_of_a_story():
    middle = "Mayor Ana Lima said the budget rose 12% to 2,300 units. The vote was close. " * 3
    edge = " ".join(f"lead{i}" for i in range(EDGE_WORDS))
    unsentenced = dataclasses.replace(PRESETS["default"], contain_sentences=None)
    done = fingerprint(article("d1", f"{edge} {middle} {edge}"), unsentenced)
    expected = _plain_marks(f"{edge} {middle} {edge}")
    assert done.marks == expected and len(expected) == 4 * 5  # mayor ana lima | 12% 2300
    # With the sentence rule on (the default preset), its sentences follow
    # (quotes.sentences_of; "The vote was close." is too short to be one).
    on = fingerprint(article("d1", f"{edge} {middle} {edge}"), PRESETS["default"]).marks
    assert split_all(on)[0].tobytes() == expected and len(split_sentences(on)) == 3
    assert done.signature == pack_signature(
        minhash(_plain_shingle_hashes(f"{edge} {middle} {edge}"), num_perm=128, seed=1)
    )


def test_lead_is_the_first_values_of_the_whole_minhash_of_the_opening():
    """The lead computes only its ``lead_perm`` permutations; the values are those of the full
    ``num_perm`` signature of the first ``lead_words`` words, cut (as the index stores them)."""
    config = PRESETS["default"]
    for text in _texts():
        words = shingle_words(text, normalized_words(text))  # a lone "_" is no word there
        if not words:
            continue
        done = fingerprint(article("d", text), config)
        opening = shingle_hashes(split_unspaced(words)[: config.lead_words], config.shingle_size)
        full = minhash(opening, num_perm=config.num_perm, seed=config.seed)
        assert done.lead == pack_signature(full[: config.lead_perm])
        first = minhash(opening, num_perm=config.num_perm, seed=config.seed, first=7)
        assert first.tolist() == full[:7].tolist()
