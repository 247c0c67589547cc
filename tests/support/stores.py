"""An object store that never answers, as a Beam filesystem of the test process: one of its calls
blocks (as a client retrying an unreachable host does) until the test releases it."""

import threading

from apache_beam.io.filesystem import FileSystem

_UNUSED = ("join", "split", "mkdirs", "has_dirs", "_list", "match", "create", "open", "copy")
_UNUSED += ("rename", "exists", "size", "last_updated", "checksum", "delete", "metadata")


def _fails(name: str):
    """A store method that a test does not expect to be called: calling it fails the test."""

    def method(self, *args, **kwargs):
        raise AssertionError(name)

    return method


def hanging_store(scheme: str, blocking: str, *, answer, wait_s: float):
    """``(store class, release event, calls)``: a filesystem for ``scheme://`` whose method
    ``blocking`` records its arguments, waits for the event (at most ``wait_s``) and returns
    ``answer``; any other call fails the test. Keep the class referenced while it is used."""
    release, calls = threading.Event(), []

    def blocked(self, *args, **kwargs):
        calls.append(args)
        release.wait(wait_s)
        return answer

    body = {name: _fails(name) for name in _UNUSED}
    body.update(scheme=classmethod(lambda cls: scheme), **{blocking: blocked})
    return type(f"Hanging_{scheme}", (FileSystem,), body), release, calls
