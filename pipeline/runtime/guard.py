"""The Beam version the runner code in this folder was written and tested against."""

import logging

__all__ = ["TESTED_BEAM", "check_beam"]

# pyproject.toml pins this version; the in-process runner's module path and its
# multi_processing mode are what runner.py relies on.
TESTED_BEAM = "2.77"

_log = logging.getLogger("newsbeam.runtime")
_warned: set = set()


def check_beam(installed: str = "") -> bool:
    """True when the installed Beam is the tested one; otherwise one loud warning per process
    (the run goes on: the runner choice falls back to Beam's own if its module moved)."""
    if not installed:
        import apache_beam

        installed = apache_beam.__version__
    if installed == TESTED_BEAM or installed.startswith(TESTED_BEAM + "."):
        return True
    if installed not in _warned:
        _warned.add(installed)
        _log.warning(
            "newsbeam was tested with Apache Beam %s, this is %s: the local runner choice in "
            "pipeline/runtime/runner.py may no longer apply (install apache-beam==%s.0 to be sure)",
            TESTED_BEAM,
            installed,
            TESTED_BEAM,
        )
    return False
