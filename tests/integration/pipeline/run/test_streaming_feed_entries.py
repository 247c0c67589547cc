"""`feeds:` entries with their own poll interval, through the config file and the CLI."""

import json

from pipeline.cli.main import main


def test_config_file_feed_entries_set_their_own_interval(tmp_path, site):
    from tests.support.feed_servers import feed_story

    site.add("/fast.xml", "f1", feed_story(31))
    site.add("/slow.xml", "s1", feed_story(32))
    config, out = tmp_path / "stream.yaml", tmp_path / "out"
    config.write_text(
        "input: []\n"
        "feeds:\n"
        f"  - {{url: '{site.base}/fast.xml', poll_minutes: 0.0166667}}\n"
        f"  - '{site.base}/slow.xml'\n"
        "streaming:\n"
        "  poll_minutes: 0.05\n"
        "  window_minutes: 1\n"
        "  max_duration_seconds: 6\n"
        "  stop_after_items: 100\n",
        encoding="utf-8",
    )
    assert main(["run", "--streaming", "--config", str(config), "--output", str(out)]) == 0
    # Micro-batches: feeds are polled at window closes once their own interval has passed (the
    # Beam graph's tick schedule is tested in test_streaming_poll.py).
    assert len(site.requests("/fast.xml")) >= len(site.requests("/slow.xml")) >= 1
    [manifest_path] = (out / "_runs").glob("s*-????????.json")
    manifest = json.loads(manifest_path.read_text())
    assert manifest["tables"]["articles"] == 2 and manifest["engine"] == "micro-batch"
    assert manifest["streaming"]["stop_after_items"] == 100
    assert manifest["streaming"]["feed_poll_s"] == [[f"{site.base}/fast.xml", 1.000002]]


def test_a_bad_feed_interval_is_a_configuration_error(tmp_path, capsys):
    config = tmp_path / "bad.yaml"
    config.write_text(
        "feeds:\n  - {url: 'https://example.org/rss.xml', poll_minutes: -1}\n", encoding="utf-8"
    )
    code = main(["run", "--config", str(config), "--output", str(tmp_path / "out")])
    assert code == 2
    assert "'feeds[0].poll_minutes' (https://example.org/rss.xml) must be a positive number" in (
        capsys.readouterr().err
    )
