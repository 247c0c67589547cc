"""An input naming an object with ``[``, ``*`` or ``?`` in its name: only the store's "no such
object" makes it a glob. A throttled or failing look-up (429, 503) used to be taken for "no such
object" too, so ``story[1].html`` read ``story1.html``; it now raises, as the listing would."""

import pytest
from apache_beam.io.filesystem import BeamIOError

from pipeline.cli.main import main
from transforms.read.paths import match_remote


def _paths(pattern: str) -> list:
    return [m.path for m in match_remote(pattern)]


def test_an_object_named_with_brackets_is_that_object_else_the_glob(object_store):
    bracket = object_store("bucket/in/story[1].html", b"<p>the bracket story</p>")
    plain = object_store("bucket/in/story1.html", b"<p>another story</p>")
    assert _paths(bracket) == [bracket]
    assert _paths("objstore://bucket/in/story[12].html") == [plain]  # no such object: a glob


@pytest.mark.parametrize("status", [429, 503, 403])
def test_a_failed_look_up_is_not_taken_for_a_missing_object(object_store, status):
    object_store("bucket/in/story[1].html", b"<p>the bracket story</p>")
    object_store("bucket/in/story1.html", b"<p>another story</p>")
    object_store.refuse("bucket/in/story[1].html", status)
    with pytest.raises(BeamIOError) as raised:
        match_remote("objstore://bucket/in/story[1].html")
    assert f"HTTP {status} from the store" in str(raised.value)


def test_a_batch_run_says_the_look_up_failed_and_reads_nothing(tmp_path, object_store, capsys):
    url = object_store("bucket/in/story[1].txt", b"The bracket story\n\nIts body.\n")
    object_store("bucket/in/story1.txt", b"Another story\n\nIts body.\n")
    object_store.refuse("bucket/in/story[1].txt", 429)
    out = tmp_path / "out"
    code = main(["run", "--input", url, "--output", str(out), "--run-date", "2026-11-22"])
    err = capsys.readouterr().err
    assert code == 2
    assert f"cannot list input '{url}'" in err and "HTTP 429 from the store" in err
    assert not out.exists() or not any(out.rglob("*.parquet"))


def test_not_found_as_each_beam_filesystem_says_it(tmp_path):
    from apache_beam.io.aws.clients.s3.messages import S3ClientError
    from apache_beam.io.localfilesystem import LocalFileSystem
    from google.api_core import exceptions as gcs

    from transforms.read.paths import is_not_found

    def wrapped(cause):
        return BeamIOError("Metadata operation failed", {"gs://b/story[1].html": cause})

    with pytest.raises(BeamIOError) as local_missing:
        LocalFileSystem(None).metadata(str(tmp_path / "story[1].html"))
    assert is_not_found(local_missing.value)
    assert is_not_found(wrapped(gcs.NotFound("Object gs://b/story[1].html not found")))
    assert is_not_found(wrapped(S3ClientError("Not Found", 404)))
    assert not is_not_found(wrapped(gcs.TooManyRequests("rate limit exceeded")))
    assert not is_not_found(wrapped(gcs.ServiceUnavailable("backend error")))
    assert not is_not_found(wrapped(S3ClientError("Slow Down", 503)))
    assert not is_not_found(wrapped(PermissionError("denied")))
