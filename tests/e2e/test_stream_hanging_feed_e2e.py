"""A local stream whose feeds include a host that accepts the request and never answers: the
other feed's stories are committed in a window of their own, without waiting for the hanging
host, and the hanging feed's timeout is an error row (with its reason) of a later window."""

from tests.support.feed_servers import read_table, route_feed, run_local_stream


def test_a_hanging_feed_host_never_holds_the_other_feeds(tmp_path, site):
    calm = route_feed(site, "/calm.xml", "Calm", 300, 3)
    site.routes["/hang.xml"] = lambda handler, s: s.stop.wait(600)  # headers never come
    out, feeds = tmp_path / "out", [f"{site.base}/hang.xml", calm]
    fetch = "  connect_timeout_s: 6\n  read_timeout_s: 6\n  deadline_s: 6\n  retries: 0\n"
    proc = run_local_stream(out, feeds, fetch, tmp_path / "stream.yaml", stop_after=4)
    assert proc.returncode == 0, proc.stderr
    articles = read_table(out, "articles")
    assert sorted(r["title"] for r in articles) == ["Calm 0", "Calm 1", "Calm 2"]
    (error,) = read_table(out, "errors")
    assert (error["source_ref"], error["stage"]) == (f"{site.base}/hang.xml", "fetch")
    assert error["error_type"] == "timeout", error["error_message"]
    # The calm feed's window did not wait for the hanging host: the timeout came later.
    assert {r["run_id"] for r in articles} != {error["run_id"]}
    assert len({r["run_id"] for r in articles}) == 1
