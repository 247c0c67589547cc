"""A feed that declares external entities (a file, an HTTP URL, a parameter entity pulling a
DTD): nothing is read or fetched, and the entry's story text is kept with the entity reference
left as text."""

import pytest

from tests.support.http_site import Site, serve
from transforms.core.record import Article
from transforms.read.documents import read_file

STORY = (
    "The harbour reopened on Monday after three months of repairs to the old quay. {ref} "
    "Fishing boats returned at dawn and the market opened early for the first catch."
)


@pytest.fixture
def site():
    site = Site()
    site.add("/secret.dtd", body=b'<!ENTITY xxe "FETCHED-OVER-HTTP">')
    site.add("/secret.txt", body=b"FETCHED-OVER-HTTP")
    server, base = serve(site)
    yield site, base
    server.shutdown()


@pytest.mark.parametrize("kind", ["file", "http", "parameter", "undeclared"])
def test_an_external_entity_is_not_resolved_and_the_story_is_kept(tmp_path, site, kind):
    site, base = site
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-FROM-DISK")
    doctype = {
        "file": f'<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file://{secret}">]>',
        "http": f'<!DOCTYPE rss [<!ENTITY xxe SYSTEM "{base}/secret.txt">]>',
        "parameter": f'<!DOCTYPE rss [<!ENTITY % p SYSTEM "{base}/secret.dtd"> %p;]>',
        "undeclared": "",
    }[kind]
    feed = tmp_path / "news.rss"
    feed.write_text(
        f'<?xml version="1.0"?>\n{doctype}\n<rss version="2.0"><channel><title>Port</title>'
        f"<item><title>Harbour reopens</title><description>{STORY.format(ref='&xxe;')}"
        "</description></item><item><title>Library hours</title><description>Councillors "
        "voted to keep the library open later.</description></item></channel></rss>"
    )

    items = list(read_file(str(feed), max_bytes=1 << 20))

    assert [type(i) for i in items] == [Article, Article]
    text = (items[0].raw or b"").decode()
    assert "The harbour reopened on Monday" in text and "first catch." in text
    assert "xxe" in text  # the reference is left as text, not expanded nor dropped
    for item in items:
        assert "SECRET-FROM-DISK" not in repr(item) and "FETCHED-OVER-HTTP" not in repr(item)
    assert site.requests == []
