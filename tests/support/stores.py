"""An object store that never answers, as a Beam filesystem of the test process: one of its calls
blocks (as a client retrying an unreachable host does) until the test ends."""

import dataclasses
import threading

import pytest

from pipeline.run import remote

_METHODS = ("join", "split", "mkdirs", "has_dirs", "_list", "match", "create", "open", "copy")
_METHODS += ("rename", "exists", "size", "last_updated", "checksum", "delete", "metadata")


@dataclasses.dataclass
class Hang:
    """What one test's store does: its method ``blocking`` records its arguments in ``calls``,
    waits for ``release`` (at most ``wait_s``) and returns ``answer``."""

    blocking: str
    answer: object
    wait_s: float
    release: threading.Event = dataclasses.field(default_factory=threading.Event)
    calls: list = dataclasses.field(default_factory=list)


_HANGS: dict = {}  # scheme -> the Hang of the test using it
# scheme -> its store class, made once per process: Beam looks a scheme up among FileSystem's
# live subclasses, and two of one scheme (a class not yet garbage-collected) are an error.
_STORES: dict = {}


def _method(scheme: str, name: str):
    def method(self, *args, **kwargs):
        hang = _HANGS[scheme]
        if name == "metadata" and hang.blocking != "metadata":
            from apache_beam.io.filesystem import BeamIOError

            # no object is named like the pattern: match_remote goes on to list it
            raise BeamIOError("Path does not exist")
        if name != hang.blocking:
            raise AssertionError(name)  # a call the test does not expect fails it
        hang.calls.append(args)
        hang.release.wait(hang.wait_s)
        return hang.answer

    return method


def _store(scheme: str) -> type:
    # Beam imported here, not at the top: tests/conftest.py imports this module for every test.
    from apache_beam.io.filesystem import FileSystem

    if scheme not in _STORES:
        body = {name: _method(scheme, name) for name in _METHODS}
        body["scheme"] = classmethod(lambda cls: scheme)
        _STORES[scheme] = type(f"Hanging_{scheme}", (FileSystem,), body)
    return _STORES[scheme]


@pytest.fixture
def hanging_store(monkeypatch):
    """``hang(scheme, blocking, *, answer, wait_s) -> Hang``: a store for ``scheme://`` in this
    process whose method ``blocking`` hangs until the test ends (at most ``wait_s``) and whose
    other methods fail the test; the command's checks of a remote store give up after 1 s."""
    monkeypatch.setattr(remote, "REMOTE_CHECK_S", 1.0)
    used = []

    def hang(scheme: str, blocking: str, *, answer, wait_s: float) -> Hang:
        _HANGS[scheme] = Hang(blocking, answer, wait_s)
        _store(scheme)
        used.append(scheme)
        return _HANGS[scheme]

    yield hang
    for scheme in used:
        _HANGS[scheme].release.set()
