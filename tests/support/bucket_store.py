"""An object store on the local disk, as a Beam filesystem of the test process: ``objstore://``
paths are keys under a folder, with an object store's semantics where they differ from a
disk's (no folders: a listing is every key under a prefix; any character is legal in a key,
``[``, ``*`` and ``?`` included)."""

import os

import pytest

SCHEME = "objstore"
_ROOT: dict = {}  # "root": the local folder holding the keys of the test using the store
_CLASS: dict = {}  # made once per process (Beam looks a scheme up among FileSystem subclasses)
_REFUSED: dict = {}  # key -> the HTTP status the store answers a look-up of it with (429, 503)


class StoreError(Exception):
    """A store client's error as GCS, S3 and Azure raise them: a message and an HTTP ``code``."""

    def __init__(self, message: str, code: int):
        super().__init__(message)
        self.message, self.code = message, code


def _store() -> type:
    # Beam imported here: tests/conftest.py imports the support modules for every test.
    from apache_beam.io.filesystem import FileMetadata
    from apache_beam.io.localfilesystem import LocalFileSystem

    if "class" in _CLASS:
        return _CLASS["class"]

    def local(url: str) -> str:
        assert url.startswith(f"{SCHEME}://"), url
        return os.path.join(_ROOT["root"], url[len(SCHEME) + 3 :])

    def url(path: str) -> str:
        return f"{SCHEME}://" + os.path.relpath(path, _ROOT["root"]).replace(os.sep, "/")

    def on_paths(name: str):
        method = getattr(LocalFileSystem, name)

        def wrapped(self, path, *args, **kwargs):
            return method(self, local(path), *args, **kwargs)

        return wrapped

    class ObjectStore(LocalFileSystem):
        @classmethod
        def scheme(cls):
            return SCHEME

        def has_dirs(self):
            return False

        def join(self, base, *paths):
            return "/".join([base.rstrip("/"), *(p.strip("/") for p in paths)])

        def split(self, path):
            head, _, tail = path.rpartition("/")
            return head, tail

        def mkdirs(self, path):
            os.makedirs(local(path), exist_ok=True)

        def _list(self, prefix):
            for folder, _, names in os.walk(_ROOT["root"]):
                for name in sorted(names):
                    path = os.path.join(folder, name)
                    key = url(path)
                    if key.startswith(prefix):
                        yield FileMetadata(key, os.path.getsize(path), os.path.getmtime(path))

        def metadata(self, path):
            from apache_beam.io.filesystem import BeamIOError

            # As Beam's GCS, S3 and Azure filesystems do: the client's error wrapped, by path.
            key = path[len(SCHEME) + 3 :]
            if key in _REFUSED:
                error = StoreError(f"HTTP {_REFUSED[key]} from the store", _REFUSED[key])
                raise BeamIOError("Metadata operation failed", {path: error})
            if not os.path.isfile(local(path)):
                raise BeamIOError("Metadata operation failed", {path: StoreError("Not Found", 404)})
            return FileMetadata(path, os.path.getsize(local(path)), os.path.getmtime(local(path)))

        def create(self, path, *args, **kwargs):
            os.makedirs(os.path.dirname(local(path)), exist_ok=True)
            return LocalFileSystem.create(self, local(path), *args, **kwargs)

        def copy(self, sources, destinations):
            LocalFileSystem.copy(
                self, [local(s) for s in sources], [local(d) for d in destinations]
            )

        def rename(self, sources, destinations):
            for d in destinations:
                os.makedirs(os.path.dirname(local(d)), exist_ok=True)
            LocalFileSystem.rename(
                self, [local(s) for s in sources], [local(d) for d in destinations]
            )

        def delete(self, paths):
            LocalFileSystem.delete(self, [local(p) for p in paths])

    for name in ("open", "exists", "size", "last_updated", "checksum"):
        setattr(ObjectStore, name, on_paths(name))
    _CLASS["class"] = ObjectStore
    return ObjectStore


@pytest.fixture
def object_store(tmp_path):
    """``put(key, data) -> URL``: objects of ``objstore://`` (for this test) under a local folder;
    ``put.refuse(key, status)``: a look-up of that key is answered with that HTTP status."""
    root = tmp_path / "objstore"
    root.mkdir()
    _ROOT["root"] = str(root)
    _store()

    def put(key: str, data: bytes) -> str:
        path = root / key
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        return f"{SCHEME}://{key}"

    put.refuse = _REFUSED.__setitem__
    yield put
    _ROOT.pop("root", None)
    _REFUSED.clear()
