"""Hard-wrapped plain text (an e-mail, a wire story, ``fmt``): each paragraph is one paragraph of
``text``, not one per wrapped line."""

import textwrap

from transforms.extract.hard_wrap import unwrap_lines
from transforms.extract.text_clean import clean_plain_text

P1 = (
    "The committee met on Monday to discuss the harbour project and its cost, which has grown "
    "by a third since the first estimate was made two years ago. Members asked the engineers "
    "to explain the delays. The chair said a decision would come next week."
)
P2 = (
    "Residents near the harbour have complained about noise and dust from the works for "
    "months. One of them said they were promised the work would be done by the summer. Now it "
    "is winter and nothing has changed."
)


def test_a_wrapped_article_keeps_its_paragraphs_whole():
    text = "\n\n".join(
        ["Harbour project delayed again", textwrap.fill(P1, 60), textwrap.fill(P2, 60)]
    )
    done = clean_plain_text(text + "\n")
    assert done.title == "Harbour project delayed again"
    assert done.text == f"{P1}\n\n{P2}"


def test_crlf_and_other_widths_are_unwrapped_too():
    for width in (52, 72, 79):
        text = "Harbour\r\n\r\n" + textwrap.fill(P1, width).replace("\n", "\r\n")
        assert clean_plain_text(text).text == P1


def test_lines_that_are_not_wrapped_stay_apart():
    lines = [
        "Harbour project delayed again",
        "By Jane Doe",
        "Reuters",
        "",
        P1,
        P2,
        "Share this article",
    ]
    assert unwrap_lines(lines) == lines
    one_sentence_each = [s + "." for s in P1.split(". ")] + [s + "." for s in P2.split(". ")]
    assert unwrap_lines(one_sentence_each) == one_sentence_each
    short_items = ["World", "Sports", "Business", "Sci/Tech"]
    assert unwrap_lines(short_items) == short_items
    # a list of URLs of even length fills its width like wrapped prose, but is one token a line
    urls = [f"https://news.example.org/{n}/council-{n}.html" for n in range(60)]
    assert unwrap_lines(urls) == urls


def test_a_long_headline_directly_above_a_wrapped_body_stays_the_title():
    # 66 + 1 + len("Councillors") > 72: the wrap rule alone would glue the two
    headline = "Harbour committee postpones decision on the cost of new ferry pier"
    assert len(headline) == 66
    lede = "Councillors" + P1.removeprefix("The committee")
    done = clean_plain_text(f"{headline}\n{textwrap.fill(lede, 72)}\n\n{textwrap.fill(P2, 72)}\n")
    assert done.title == headline
    assert done.text == f"{lede}\n\n{P2}"


def test_a_wrapped_first_paragraph_without_a_headline_is_still_joined():
    # its first line has no final punctuation, but the next goes on in lower case
    text = f"{textwrap.fill(P1, 72)}\n\n{textwrap.fill(P2, 72)}\n"
    assert textwrap.fill(P1, 72).splitlines()[1][0].islower()
    assert clean_plain_text(text).text == f"{P1}\n\n{P2}"


def test_megabytes_of_wrapped_text_are_joined_into_their_paragraphs():
    paragraph = " ".join([P1, P2] * 200)  # one paragraph of ~80 KB
    text = "\n\n".join([textwrap.fill(paragraph, 72)] * 25)  # ~2 MB
    assert unwrap_lines(text.splitlines()) == [paragraph, ""] * 24 + [paragraph]
