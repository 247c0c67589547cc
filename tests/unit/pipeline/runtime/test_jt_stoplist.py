"""pipeline/runtime/jt_stoplist.py: trafilatura's merged jusText stoplist as a frozenset, only on
the tested trafilatura, loudly left alone otherwise."""

import logging

import pytest
from trafilatura import external

from pipeline.runtime import guard
from pipeline.runtime.jt_stoplist import PLUGIN, freeze_jt_stoplist
from pipeline.runtime.runner import make_options
from transforms.extract.html import extract_html

# Short text, so trafilatura's fallbacks (jusText with the merged stoplist) run.
PAGE = (
    "<html><head><title>Ferry</title></head><body><div><p>The harbour council approved the"
    " new ferry timetable after a long meeting on Monday evening.</p></div></body></html>"
)


@pytest.fixture
def fresh(monkeypatch):
    """trafilatura's global as trafilatura leaves it before its first jusText run, and no
    warning given yet in this process."""
    monkeypatch.setattr(external, "JT_STOPLIST", None)
    monkeypatch.setattr(guard, "_warned", set())
    monkeypatch.setattr("pipeline.runtime.jt_stoplist._warned", [])


def _warnings(caplog) -> list:
    return [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]


def test_the_stoplist_becomes_a_frozenset_of_trafilaturas_words_and_text_is_the_same(fresh):
    plain = extract_html(PAGE, url="https://example.org/ferry")  # trafilatura's own tuple
    assert isinstance(external.JT_STOPLIST, tuple)
    tuple_words = set(external.JT_STOPLIST)
    assert freeze_jt_stoplist()
    words = external.JT_STOPLIST
    assert isinstance(words, frozenset) and words == tuple_words and len(words) > 100_000
    assert freeze_jt_stoplist() and external.JT_STOPLIST is words  # built once
    frozen = extract_html(PAGE, url="https://example.org/ferry")
    assert frozen.text == plain.text and "ferry timetable" in frozen.text


def test_another_trafilatura_is_left_alone_with_one_warning_that_says_the_fix(fresh, caplog):
    with caplog.at_level(logging.WARNING, logger="newsbeam.runtime"):
        assert not freeze_jt_stoplist("3.0.1")
        assert not freeze_jt_stoplist("3.0.1")
    assert external.JT_STOPLIST is None  # untouched: trafilatura builds its own tuple
    (message,) = _warnings(caplog)  # once per process
    assert "trafilatura 2.3, this is 3.0.1" in message
    assert "install trafilatura==2.3.*" in message


def test_internals_that_are_gone_are_left_alone_with_one_warning(fresh, monkeypatch, caplog):
    monkeypatch.delattr(external, "JT_STOPLIST")
    with caplog.at_level(logging.WARNING, logger="newsbeam.runtime"):
        assert not freeze_jt_stoplist()
        assert not freeze_jt_stoplist()
    (message,) = _warnings(caplog)
    assert "no JT_STOPLIST" in message and "jt_stoplist.py needs updating" in message


def test_the_installed_trafilatura_is_the_tested_one():
    import trafilatura

    assert guard.check_trafilatura(trafilatura.__version__)  # else update jt_stoplist.py


def test_options_freeze_it_here_and_name_it_for_every_sdk_worker(fresh):
    from apache_beam.options.pipeline_options import SetupOptions

    options = make_options(["--beam_plugins", "some.plugin"])
    assert options.view_as(SetupOptions).beam_plugins == ["some.plugin", PLUGIN]
    assert isinstance(external.JT_STOPLIST, frozenset)
