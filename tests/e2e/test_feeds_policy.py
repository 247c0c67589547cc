"""Feeds through the CLI against real servers on 127.0.0.1: the listed feed's origin is trusted
for its own links (and nothing else is), credentials in a feed URL are sent as Basic auth and
stored nowhere, one bad entry (NUL, `&#xD800;`) does not lose the feed, authors are names."""

import base64
import json

from tests.support.cli import run_command
from tests.support.feed_pages import page, rss, story
from tests.support.http_site import Site, etag_route, serve
from tests.support.tables import rows
from transforms.read.feed_parse import explode_feed


def _item(title: str, link: str, *, content: str = "", guid: str = "") -> str:
    body = f"<content:encoded><![CDATA[{content}]]></content:encoded>" if content else ""
    return (
        f"<item><title>{title}</title><link>{link}</link><guid>{guid or link}</guid>"
        f"<description>teaser</description>{body}</item>"
    )


def _run(out, *args):
    done = run_command("--output", str(out), "--run-date", "2026-11-18", *args)
    assert done.returncode == 0, done.stderr[-3000:]
    return done


def test_the_listed_feed_origin_is_trusted_for_its_own_links_only(tmp_path):
    site, other = Site(), Site()
    server, base = serve(site)
    other_server, other_base = serve(other)
    try:
        site.routes["/feed.xml"] = etag_route(
            rss(base, [_item("Own page", f"{base}/page/1"), _item("Elsewhere", f"{other_base}/p")]),
            '"v1"',
        )
        site.add("/page/1", 200, page(1), {"Content-Type": "text/html"})
        # A redirect from the trusted origin to another port stays blocked.
        site.routes["/feed2.xml"] = etag_route(rss(base, [_item("Hop", f"{base}/hop")]), '"v2"')
        site.add("/hop", 302, b"", {"Location": f"{other_base}/p"})
        other.add("/p", 200, page(2), {"Content-Type": "text/html"})
        out = tmp_path / "out"
        cfg = tmp_path / "c.yaml"
        cfg.write_text("fetch:\n  per_host_delay_s: 0\n  retries: 0\n")  # allow_private: false
        _run(
            out, "--feeds", f"{base}/feed.xml", "--feeds", f"{base}/feed2.xml", "--config", str(cfg)
        )
    finally:
        server.shutdown()
        other_server.shutdown()
    [article] = rows(out, "articles")
    assert article["title"] == "Own page" and article["text_source"] == "page"
    assert "harbour authority" in article["text"]
    errors = sorted((e["url"], e["error_type"]) for e in rows(out, "errors"))
    assert errors == sorted(
        [(f"{base}/hop", "blocked_address"), (f"{other_base}/p", "blocked_address")]
    )
    assert other.requests == []  # nothing ever reached the other port


def test_credentials_in_a_feed_url_are_sent_and_never_stored(tmp_path):
    site = Site()
    server, base = serve(site)
    expected = "Basic " + base64.b64encode(b"reader:s3cret pw").decode()

    def feed_route(handler, site_):
        if handler.headers.get("Authorization") != expected:
            return handler._send(401, {"WWW-Authenticate": 'Basic realm="x"'}, b"")
        body = rss(base, [_item("Members only", f"{base}/m/1", content=f"<p>{story(7)}</p>")])
        handler._send(200, {"Content-Type": "application/rss+xml", "ETag": '"m1"'}, body)

    site.routes["/private.xml"] = feed_route
    secret_url = base.replace("http://", "http://reader:s3cret%20pw@") + "/private.xml"
    out = tmp_path / "out"
    try:
        _run(out, "--feeds", secret_url)
    finally:
        server.shutdown()
    [article] = rows(out, "articles")
    assert article["text"] == story(7)
    assert article["feed_url"] == f"{base}/private.xml"
    assert article["source_ref"].startswith(f"{base}/private.xml#")
    assert site.seen("/private.xml")[0]["authorization"] == expected
    for path in out.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert b"s3cret" not in data and b"reader:" not in data, path
    [state] = (out / "_state" / "http").glob("*.json")
    assert f"{base}/private.xml" in json.loads(state.read_text())["feeds"]


def test_one_bad_entry_is_one_row_and_nul_bytes_are_stripped(tmp_path):
    site = Site()
    server, base = serve(site)
    items = [
        _item("Good one", f"{base}/a/1", content=f"<p>{story(1)}</p>"),
        _item("Bad &#xD800; surrogate", f"{base}/a/2", content=f"<p>{story(2)} &#xD800;</p>"),
        _item("Nul\x00title", f"{base}/a/3", content=f"<p>{story(3)}\x00</p>"),
        _item("Good two", f"{base}/a/4", content=f"<p>{story(4)}</p>"),
    ]
    site.routes["/feed.xml"] = etag_route(rss(base, items), '"n1"')
    out = tmp_path / "out"
    try:
        _run(out, "--feeds", f"{base}/feed.xml")
    finally:
        server.shutdown()
    titles = sorted(a["title"] for a in rows(out, "articles"))
    assert titles == ["Bad \ufffd surrogate", "Good one", "Good two", "Nultitle"]
    by_title = {a["title"]: a for a in rows(out, "articles")}
    assert by_title["Nultitle"]["text"] == story(3)
    assert rows(out, "errors") == [] and rows(out, "rejected") == []


def test_feed_authors_are_names_without_e_mail():
    atom = (
        b'<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>'
        b'<entry><title>A</title><link href="http://x.org/a"/><id>1</id><summary>x</summary>'
        b"<author><name>noreply@blogger.com (Jane Doe)</name><email>noreply@blogger.com</email>"
        b"</author></entry>"
        b'<entry><title>B</title><link href="http://x.org/b"/><id>2</id><summary>x</summary>'
        b"<author><name>Unknown</name><email>noreply@blogger.com</email></author></entry></feed>"
    )
    feed = (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>'
        b"<item><title>C</title><link>http://x.org/c</link><description>x</description>"
        b"<author>noreply@blogger.com (Ann Lee)</author></item>"
        b"<item><title>D</title><link>http://x.org/d</link><description>x</description>"
        b"<author>ann@example.com</author></item>"
        b"<item><title>E</title><link>http://x.org/e</link><description>x</description>"
        b"<author>Ann Lee &lt;ann@example.com&gt;</author></item>"
        b"<item><title>F</title><link>http://x.org/f</link><description>x</description>"
        b"<author>Ann Lee (Reuters)</author></item>"
        b"</channel></rss>"
    )
    got = [a.hint_authors for a in explode_feed(atom, source_path="http://x.org/atom")]
    got += [a.hint_authors for a in explode_feed(feed, source_path="http://x.org/rss")]
    assert got == [("Jane Doe",), (), ("Ann Lee",), (), ("Ann Lee",), ("Ann Lee (Reuters)",)]
