"""An Iceberg catalog that cannot be reached fails the run before any work (exit 2, the fix
said), not at its commit: a refused port ran the whole run and exited 1; a host that never
answers held the commit for good."""

import json
import socket

import pytest

from pipeline.config.settings import ConfigError, load_settings
from pipeline.run.catalog_reach import check_catalog
from tests.support.cli import newsbeam
from tests.support.http_site import SilentServer, Site, serve
from tests.support.paths import SEEDS

pytest.importorskip("pyiceberg")


def _refused_port() -> int:
    """A 127.0.0.1 port nobody listens on (bound, then let go)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _config(tmp_path, uri: str):
    config = tmp_path / "iceberg.yaml"
    catalog = {"type": "rest", "uri": uri}
    config.write_text(
        f"write:\n  format: iceberg\n  iceberg:\n    catalog: {json.dumps(catalog)}\n"
    )
    return config


def _run(tmp_path, config):
    out = tmp_path / "out"
    done = newsbeam(
        "run", "--input", f"{SEEDS}/*", "--output", str(out), "--config", str(config),
        "--no-progress", timeout=120,
    )  # fmt: skip
    return done, out


def test_a_refused_catalog_port_exits_2_before_the_run(tmp_path):
    uri = f"http://127.0.0.1:{_refused_port()}"
    done, out = _run(tmp_path, _config(tmp_path, uri))
    assert done.returncode == 2, done.stderr[-2000:]
    last = done.stderr.strip().splitlines()[-1]
    assert last == (
        f"newsbeam: configuration error: cannot reach the Iceberg catalog '{uri}' "
        "(write.iceberg.catalog): [Errno 111] Connection refused; check its uri, that its host "
        "is up and reachable from here, and its credentials"
    )
    assert not out.exists()  # nothing ran, nothing was staged


def test_a_catalog_that_never_answers_is_given_up_before_the_run(tmp_path):
    silent = SilentServer()
    try:
        done, out = _run(tmp_path, _config(tmp_path, silent.base))
    finally:
        silent.close()
    assert done.returncode == 2, done.stderr[-2000:]
    lines = done.stderr.strip().splitlines()
    assert lines[0].startswith(f"newsbeam: reaching the Iceberg catalog '{silent.base}'")
    assert f"cannot reach the Iceberg catalog '{silent.base}'" in lines[-1]
    assert "no answer within 10 s" in lines[-1]
    assert silent.accepted >= 1 and not out.exists()


def _settings(tmp_path, uri: str):
    return load_settings(str(_config(tmp_path, uri)), {"output": str(tmp_path / "out")})


def test_a_catalog_that_answers_passes_and_its_credentials_are_not_shown(tmp_path):
    site = Site()
    site.add("/v1/config", body=b'{"defaults": {}, "overrides": {}}')
    server, base = serve(site)
    try:
        check_catalog(_settings(tmp_path, base))  # the namespace is not there yet: still fine
        assert [path for path, _ in site.requests][:1] == ["/v1/config"]
        assert len(site.requests) >= 2  # the namespace was asked for, not only the config
        site.add("/v1/config", status=401, body=b'{"error": {"message": "bad token", '
                 b'"type": "NotAuthorizedException", "code": 401}}')  # fmt: skip
        secret = base.replace("http://", "http://team:pa55@")
        with pytest.raises(ConfigError) as refused:
            check_catalog(_settings(tmp_path, secret))
    finally:
        server.shutdown()
    said = str(refused.value)
    assert said.startswith(f"cannot reach the Iceberg catalog '{base}' (write.iceberg.catalog)")
    assert "bad token" in said and "pa55" not in said


def test_the_default_and_sqlite_catalogs_are_not_reached_before_the_run(tmp_path):
    settings = load_settings(None, {"output": str(tmp_path / "out")})
    check_catalog(settings)  # parquet
    config = tmp_path / "sql.yaml"
    config.write_text(
        "write:\n  format: iceberg\n  iceberg:\n    catalog: "
        f"{{type: sql, uri: 'sqlite:///{tmp_path}/cat/team.db'}}\n"
    )
    check_catalog(load_settings(str(config), {"output": str(tmp_path / "out")}))
    assert not (tmp_path / "cat").exists()  # the commit creates it, not the check
