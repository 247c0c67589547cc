"""The Beam version the code in this folder was written and tested against."""

import logging

__all__ = ["TESTED_BEAM", "check_beam"]

# pyproject.toml pins this version. runner.py relies on FnApiRunner(default_environment=...) and
# worker_main.py on sdk_worker_main.main() reading the runner's environment variables.
TESTED_BEAM = "2.77"

_log = logging.getLogger("newsbeam.runtime")
_warned: set = set()


def check_beam(installed: str = "") -> bool:
    """True when the installed Beam is the tested one; otherwise one loud warning per process:
    newsbeam then leaves worker start-up to Beam (slower start, same output)."""
    if not installed:
        import apache_beam

        installed = apache_beam.__version__
    if installed == TESTED_BEAM or installed.startswith(TESTED_BEAM + "."):
        return True
    if installed not in _warned:
        _warned.add(installed)
        _log.warning(
            "newsbeam was tested with Apache Beam %s, this is %s: its warm local workers "
            "(pipeline/runtime/) are off and Beam starts its own (slower start-up, same output); "
            "install apache-beam==%s.0 to have them",
            TESTED_BEAM,
            installed,
            TESTED_BEAM,
        )
    return False
