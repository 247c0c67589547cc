"""The versions of Beam and trafilatura the code in this folder was written and tested against."""

import importlib.metadata
import logging

__all__ = ["TESTED_BEAM", "TESTED_TRAFILATURA", "check_beam", "check_trafilatura"]

# pyproject.toml pins this version. runner.py relies on FnApiRunner(default_environment=...),
# worker_main.py on sdk_worker_main.main() reading the runner's environment variables, and
# live_metrics.py on FnApiRunner._execute_bundle and the runner's 'bundle_<n>' instruction ids.
TESTED_BEAM = "2.77"
# jt_stoplist.py relies on trafilatura.external's JT_STOPLIST global and jt_stoplist_init().
TESTED_TRAFILATURA = "2.3"

_log = logging.getLogger("newsbeam.runtime")
_warned: set = set()


def _tested(package: str, installed: str, tested: str, consequence: str, fix: str) -> bool:
    """True when ``installed`` is ``tested`` (or a patch release of it); otherwise one loud
    warning per package and version per process, saying what is off and how to have it back."""
    if installed == tested or installed.startswith(tested + "."):
        return True
    if (package, installed) not in _warned:
        _warned.add((package, installed))
        _log.warning(
            "newsbeam was tested with %s %s, this is %s: %s; %s",
            package,
            tested,
            installed,
            consequence,
            fix,
        )
    return False


_BEAM_OFF = (
    "its warm local workers (pipeline/runtime/) are off and Beam starts its own"
    " (slower start-up, same output)"
)
_TRAFILATURA_OFF = (
    "its jusText stoplist is left as trafilatura builds it (pipeline/runtime/jt_stoplist.py:"
    " ~4-6 ms more per page that reaches the fallbacks, same output)"
)


def check_beam(installed: str = "") -> bool:
    """True when the installed Beam is the tested one; otherwise one loud warning per process:
    newsbeam then leaves worker start-up to Beam (slower start, same output)."""
    installed = installed or importlib.metadata.version("apache-beam")
    fix = f"install apache-beam=={TESTED_BEAM}.0 to have them"
    return _tested("Apache Beam", installed, TESTED_BEAM, _BEAM_OFF, fix)


def check_trafilatura(installed: str = "") -> bool:
    """True when the installed trafilatura is the tested one; otherwise one loud warning per
    process: newsbeam then leaves trafilatura's jusText stoplist as it is (slower, same output)."""
    installed = installed or importlib.metadata.version("trafilatura")
    fix = f"install trafilatura=={TESTED_TRAFILATURA}.* to have it"
    return _tested("trafilatura", installed, TESTED_TRAFILATURA, _TRAFILATURA_OFF, fix)
