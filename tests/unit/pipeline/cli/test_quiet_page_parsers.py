"""A page the parsers cannot read is a row of the run, not an ERROR line on stderr: trafilatura's
"parsed tree length: 0" and its kind are shown only with --log-level, in the command and in its
worker processes."""

import json
import logging

from pipeline.cli.quiet_logs import configure_logging, worker_log_args


def test_page_parser_errors_are_quiet_by_default_and_shown_with_a_log_level():
    try:
        configure_logging(None)
        assert not logging.getLogger("trafilatura.utils").isEnabledFor(logging.ERROR)
        assert logging.getLogger("apache_beam").isEnabledFor(logging.ERROR)
        configure_logging("INFO")
        assert logging.getLogger("trafilatura.utils").isEnabledFor(logging.ERROR)
    finally:
        configure_logging(None)


def test_worker_processes_keep_page_parser_errors_quiet_too():
    flag = next(a for a in worker_log_args([], None) if a.startswith("--sdk_harness_log_level_o"))
    overrides = json.loads(flag.split("=", 1)[1])
    assert overrides["trafilatura"] == "CRITICAL" and overrides["newsbeam"] == "WARNING"
