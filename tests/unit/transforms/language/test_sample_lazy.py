"""``article_sample`` cleans a text's lines only until its sample is full: the same sample as
cleaning every line of the scanned start first (the code it replaced), for every ``skip``,
size and mix of prose, boilerplate, short lines, URLs and numbers."""

import random

import pytest

from transforms.language import priors
from transforms.language.priors import article_sample


def _every_line_first(title, text, *, max_chars, skip=0):
    head = (text or "")[: priors._SCANNED_SAMPLES * max_chars * (skip + 1)]
    lines = [priors._clean(x[: 2 * max_chars]) for x in head.splitlines()]
    prose = [x for x in lines if x and priors._is_prose(x)] or [x for x in lines if x]
    parts = [priors._clean(title)] if title and not skip else []
    priors._fill(parts, prose[skip:], max_chars)
    return priors._joined_sample(parts, max_chars)


_WORDS = "the council voted to extend tram line north der Rat stimmte 2029 km".split()
_LINES = [
    lambda r: " ".join(r.choice(_WORDS) for _ in range(r.randint(6, 40))),  # prose
    lambda r: " ".join(r.choice(_WORDS) for _ in range(r.randint(1, 4))),  # a short line
    lambda r: "Subscribe to our newsletter for more " + r.choice(_WORDS),  # boilerplate
    lambda r: "https://example.org/" + r.choice(_WORDS),  # cleaned to nothing
    lambda r: f"{r.randint(0, 99)}.{r.randint(0, 99)} % 12:30",  # numbers only
    lambda r: "",
    lambda r: "北浜市議会は十二日、市内を走る路面電車の路線を延ばす計画を可決した",
]


@pytest.mark.parametrize("max_chars", [40, 200, 2000])
def test_the_same_sample_as_cleaning_every_line(max_chars):
    rng = random.Random(max_chars)
    for _ in range(400):
        kinds = rng.sample(range(len(_LINES)), rng.randint(1, len(_LINES)))
        text = "\n".join(_LINES[rng.choice(kinds)](rng) for _ in range(rng.randint(0, 60)))
        # titles that fill the sample alone, to the character or nearly
        full = [("ab " * max_chars)[:n] for n in (max_chars - 1, max_chars, max_chars + 5)]
        title = rng.choice([None, "", "Tram line to go north", *full])
        for skip in range(4):
            args = dict(max_chars=max_chars, skip=skip)
            expected = _every_line_first(title, text, **args)
            assert article_sample(title, text, **args) == expected, (title, text, skip)
