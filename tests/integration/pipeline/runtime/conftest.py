"""The local-runner tests: their worker processes import test code from the project root."""

import pytest

from pipeline.runtime.local import MEMORY_ENV
from tests.support.paths import ROOT


@pytest.fixture(autouse=True)
def workers_import_tests(monkeypatch):
    # the worker processes unpickle the tests' DoFns, importing them by package name from the root
    monkeypatch.setenv("PYTHONPATH", str(ROOT))
    for name in MEMORY_ENV:  # so newsbeam sets them, as in a shell
        monkeypatch.delenv(name, raising=False)
