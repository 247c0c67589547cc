"""A local stream whose feeds include a host that sends its headers and then trickles its body
a byte at a time, forever: each poll of it ends at the fetch deadline as a timeout error row,
the stream goes on (the calm feed's window does not wait for it), and the row is in a later
window's errors, long before max-duration."""

from tests.support.feed_servers import read_table, route_feed, run_local_stream


def _trickle(handler, site):
    """Headers at once, then a gzip body whose header names a file that never ends: one byte
    every 0.1 s, so no read waits long and the decoder never yields a byte."""
    handler.send_response(200)
    handler.send_header("Content-Type", "application/rss+xml")
    handler.send_header("Content-Encoding", "gzip")
    handler.end_headers()
    handler.wfile.write(b"\x1f\x8b\x08\x08\x00\x00\x00\x00\x00\x03")  # FNAME: a name follows
    while not site.stop.wait(0.1):
        try:
            handler.wfile.write(b"n")
            handler.wfile.flush()
        except OSError:  # the client gave up: what the test wants
            return


def test_an_endless_trickling_feed_body_ends_as_an_error_row_of_a_later_window(tmp_path, site):
    steady = route_feed(site, "/steady.xml", "Steady", 400, 2)
    site.routes["/drip.xml"] = _trickle
    out, feeds = tmp_path / "out", [f"{site.base}/drip.xml", steady]
    # A poll is one attempt (no retry of a timeout within it): its 8 s deadline outlasts the 5 s
    # a window waits for its feeds (POLL_WAIT_S), so its error row joins a later window.
    fetch = "  connect_timeout_s: 4\n  read_timeout_s: 4\n  deadline_s: 8\n  retries: 1\n"
    proc = run_local_stream(out, feeds, fetch, tmp_path / "stream.yaml", stop_after=3)
    assert proc.returncode == 0, proc.stderr
    articles = read_table(out, "articles")
    assert sorted(r["title"] for r in articles) == ["Steady 0", "Steady 1"]
    errors = read_table(out, "errors")
    assert errors, "the trickling feed's poll never ended as an error row"
    error = errors[0]
    assert (error["source_ref"], error["stage"]) == (f"{site.base}/drip.xml", "fetch")
    assert error["error_type"] == "timeout", error["error_message"]
    assert "deadline" in error["error_message"], error["error_message"]
    assert {r["run_id"] for r in articles} != {error["run_id"]}
