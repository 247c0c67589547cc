"""A run makes no connection beyond its own inputs (here all on 127.0.0.1), in its worker
processes too, even on an install whose public-suffix list is missing: ``tld``'s default parser
then downloads publicsuffix.org's list (``urlopen``, no timeout) from whichever step asked, and
courlan calls that parser itself (``extract_domain``, from trafilatura's ``extract_metadata``,
which newsbeam leaves off). Every process of the run gets an audit hook (``sitecustomize``) that
refuses and logs a DNS look-up or connection to any other host."""

import os
from pathlib import Path

from tests.support.cli import newsbeam
from tests.support.feed_pages import news_site, rss, story
from tests.support.http_site import etag_route
from tests.support.paths import SEEDS
from tests.support.tables import rows

_HOOK = """
import os, sys

_LOG = os.environ["NEWSBEAM_TEST_NET_LOG"]
_LOCAL = ("127.0.0.1", "localhost", "::1")


def _local(host):
    return host is None or (isinstance(host, (str, bytes)) and (
        (host.decode() if isinstance(host, bytes) else host) in _LOCAL))


def _refuse(event, args):
    if event == "socket.getaddrinfo":
        host = args[0]
    elif event == "socket.connect":
        address = args[1]
        if not isinstance(address, tuple):  # a Unix socket
            return
        host = address[0]
    else:
        return
    if not _local(host):
        with open(_LOG, "a") as log:
            log.write(f"{os.getpid()} {event} {host!r}\\n")
        raise PermissionError(f"no network in this test: {event} {host!r}")


sys.addaudithook(_refuse)
try:  # an install without its bundled public-suffix list: tld's parser would download it
    import tld.utils
    tld.utils.MozillaTLDSourceParser.local_path = "res/missing_effective_tld_names.dat.txt"
except ImportError:
    pass
"""


def test_a_run_connects_only_to_its_own_inputs(tmp_path, site):
    feed_url = news_site(site)  # two stories in the feed, two linked pages to fetch, one 404
    # A story whose link's host ("www.abc.net.au") courlan's quick rule cannot split: the host
    # that would send it to tld's parser. The link is not fetched: the feed carries the story.
    item = (
        "<item><title>Ferry timetable</title><link>https://www.abc.net.au/news/ferry-1</link>"
        f"<guid>abc-1</guid><content:encoded><![CDATA[<p>{story(31)}</p><p>{story(32)}</p>]]>"
        "</content:encoded></item>"
    )
    site.routes["/abc.xml"] = etag_route(rss(site.base, [item]), '"a1"')
    hook = tmp_path / "hook"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(_HOOK)
    log = tmp_path / "net.log"
    config = tmp_path / "feeds.yaml"
    config.write_text(
        "fetch:\n  allow_private: true\n  per_host_delay_s: 0\n  read_timeout_s: 2\n"
        "  deadline_s: 5\n  connect_timeout_s: 2\n  retries: 0\n"
    )
    out = tmp_path / "out"
    path = os.pathsep.join(p for p in (str(hook), os.environ.get("PYTHONPATH")) if p)
    done = newsbeam(
        "run", "--input", f"{SEEDS}/*", "--feeds", feed_url, "--feeds", site.base + "/abc.xml", "--output", str(out),
        "--config", str(config), "--run-date", "2026-11-22", "--workers", "2",
        "--quiet", "--no-progress",
        env={"PYTHONPATH": path, "NEWSBEAM_TEST_NET_LOG": str(log)},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    assert not log.exists(), Path(log).read_text()
    titles = {a["title"] for a in rows(out, "articles")}
    assert {"Full story 1", "Full story 2", "Linked one", "Linked two", "Ferry timetable"} <= titles
    assert len(titles) == 5 + len(list(SEEDS.iterdir()))
    assert site.seen("/page/1") and site.seen("/feed.xml")
