"""transforms/extract/public_suffix.py: host labels from tld's bundled public-suffix list, and,
when that file cannot be read, a plain rule with no attempt to download the list."""

import logging
import socket

import pytest

from transforms.extract import author_site, public_suffix
from transforms.extract.author_site import Site


def _fresh():
    public_suffix.suffixes_loaded.cache_clear()
    author_site._host_label.cache_clear()


@pytest.fixture
def no_suffix_file(tmp_path, monkeypatch):
    """The bundled list hidden (a path with no file), and any connection a test failure."""

    def refuse(*args, **kwargs):
        raise AssertionError(f"network reached: {args}")

    monkeypatch.setattr(public_suffix._BundledSuffixes, "local_path", str(tmp_path / "gone.dat"))
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr("tld.base.urlopen", refuse)
    _fresh()
    yield
    _fresh()


def test_labels_come_from_the_bundled_list():
    _fresh()
    assert public_suffix.suffixes_loaded()
    assert public_suffix.registrable_label("www.abc.net.au") == "abc"
    assert public_suffix.registrable_label("janedoe.github.io") == "janedoe"  # a private suffix
    assert public_suffix.registrable_label("janedoe.example") is None  # no such suffix
    assert Site.of("blog.janedoe.com").label == "janedoe"


def test_a_missing_list_falls_back_to_the_plain_rule_without_the_network(no_suffix_file, caplog):
    with caplog.at_level(logging.WARNING, logger=public_suffix.__name__):
        assert public_suffix.registrable_label("www.abc.net.au") is None
        assert Site.of("www.abc.net.au").label == "abc"  # net: a second level, label before it
        assert Site.of("blog.janedoe.com").label == "janedoe"
        assert Site.of("www.spiegel.de").is_host("spiegel.de")
    warnings = [r.getMessage() for r in caplog.records]
    assert len(warnings) == 1 and "gone.dat" in warnings[0] and "reinstall tld" in warnings[0]
