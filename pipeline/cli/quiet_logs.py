"""Quiet by default: newsbeam's own warnings, not the INFO chatter of Beam and the libraries.

``--log-level`` (DEBUG, INFO, WARNING, ERROR) opens the gate for everything again: at INFO a
run shows Beam's worker and runner logs and the libraries' Python warnings as before.
"""

import logging
import os
import warnings
from typing import Optional

__all__ = ["LOG_LEVELS", "configure_logging", "worker_log_args"]

LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")
_OURS = ("newsbeam", "pipeline", "transforms")
# Loggers of dependencies that warn about things a newsbeam user cannot act on (trafilatura's
# "empty HTML tree", htmldate's date guesses, urllib3's retries, Beam's runner bookkeeping).
# Shown from ERROR up unless --log-level asks for more.
_DEPENDENCIES = (
    "apache_beam",
    "trafilatura",
    "htmldate",
    "courlan",
    "justext",
    "charset_normalizer",
    "urllib3",
    "feedparser",
    "langdetect",
    "absl",
    "grpc",
)
# Of those, the page parsers log ERROR for one bad input page ("parsed tree length: 0, wrong data
# type or not valid HTML"): the run says it in that input's row. Shown only with --log-level.
_PAGE_PARSERS = ("trafilatura", "htmldate", "justext", "courlan", "charset_normalizer")


def _not_optional_gcp(record: logging.LogRecord) -> bool:
    """Beam warns about missing GCP client libraries on every local run; they are optional."""
    message = record.getMessage()
    return not (message.startswith("apitools not found") or "bigquery client libraries" in message)


def configure_logging(level: Optional[str] = None) -> None:
    """Root logging for the command: newsbeam's warnings on stderr, the dependencies' only from
    ERROR up and their Python warnings hidden; ``level`` (``--log-level``) shows everything
    from that level up, dependencies included."""
    chosen = getattr(logging, (level or "WARNING").upper())
    # basicConfig does nothing when the root logger has handlers already (a host application,
    # pytest's log capture): theirs stay, only the levels and filters below are ours.
    logging.basicConfig(format="%(levelname)s %(name)s: %(message)s")
    root = logging.getLogger()
    root.setLevel(chosen)
    if _not_optional_gcp not in root.filters:
        root.addFilter(_not_optional_gcp)
    for handler in root.handlers:  # records of child loggers skip the root logger's filters
        if _not_optional_gcp not in handler.filters:
            handler.addFilter(_not_optional_gcp)
    quiet = level is None
    levels = {
        **dict.fromkeys(_DEPENDENCIES, logging.ERROR if quiet else chosen),
        **dict.fromkeys(_PAGE_PARSERS if quiet else (), logging.CRITICAL),
        **dict.fromkeys(_OURS, chosen),
    }
    for name, name_level in levels.items():
        logging.getLogger(name).setLevel(name_level)
    if quiet:
        warnings.filterwarnings("ignore")
        # newsbeam's own Python warnings stay (filters added later are checked first)
        warnings.filterwarnings("default", module=r"(pipeline|transforms)(\.|$)")
        os.environ.setdefault("PYTHONWARNINGS", "ignore")  # worker processes started from here
        # gRPC's C core logs to stderr on its own (on a loaded machine a failing run's shutdown
        # printed "epoll_wait error: Bad file descriptor" beside the one line that says what
        # failed); read when gRPC starts, after this, and by the workers started from here.
        os.environ.setdefault("GRPC_VERBOSITY", "NONE")


def worker_log_args(beam_args: list, level: Optional[str]) -> list:
    """Beam flags for the log level of SDK worker processes, whose records the runner logs
    again on the root logger: ERROR for everything but newsbeam's own loggers (WARNING) by
    default, ``--log-level`` when given. A user's own ``--default_sdk_harness_log_level`` or
    ``--sdk_harness_log_level_overrides`` wins."""
    import json

    if any(a.startswith(("--default_sdk_harness_log", "--sdk_harness_log")) for a in beam_args):
        return list(beam_args)
    if level is not None:
        return [*beam_args, f"--default_sdk_harness_log_level={level.upper()}"]
    ours = json.dumps(
        {**{name: "WARNING" for name in _OURS}, **{name: "CRITICAL" for name in _PAGE_PARSERS}}
    )
    return [
        *beam_args,
        "--default_sdk_harness_log_level=ERROR",
        f"--sdk_harness_log_level_overrides={ours}",
    ]
