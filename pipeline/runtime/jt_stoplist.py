"""trafilatura's merged jusText stoplist kept as a frozenset: the one patch of a library's
internals in newsbeam, applied in every process that extracts.

trafilatura runs jusText with no language, so with every language's stoplist merged: 154,484
words, which it keeps in its module global ``trafilatura.external.JT_STOPLIST`` as a tuple.
jusText looks the stoplist up in an ``lru_cache`` keyed on it on every call, and a tuple's hash
is not cached: hashing the words cost ~4-6 ms per page that reached the fallbacks, 40 % of
extracting a feed summary (docs/performance.md). A frozenset of the same words keeps its hash;
the words, and so the results, are the same.

It relies on trafilatura's internals (the global and ``jt_stoplist_init``), so it is applied only
on the tested trafilatura (``guard.check_trafilatura``): on another version, or when the global
is gone, one warning and trafilatura is left as it is (slower fallbacks, same output).

Applied by the command before it builds the pipeline (``runner.make_options``: the in-process
runner extracts in that process), by the local workers (worker_main: the warm-worker loader
before it forks, a cold worker before Beam's harness starts), and by importing this module,
which a remote runner's SDK workers do at start-up (``make_options`` names it in Beam's
``--beam_plugins``; the local runner does not hand its workers the options). Not applied: the
workers of Beam's own multi_processing mode (another Beam, or a running mode the user chose),
which start Beam's stock worker command.
"""

import logging

from pipeline.runtime.guard import check_trafilatura

__all__ = ["PLUGIN", "freeze_jt_stoplist"]

PLUGIN = __name__  # for --beam_plugins: SDK workers import it at start-up

_log = logging.getLogger("newsbeam.runtime")
_warned: list = []


def freeze_jt_stoplist(installed: str = "") -> bool:
    """Make trafilatura's merged jusText stoplist a frozenset, once per process; True when it
    is one. ``installed``: the trafilatura version to check (default: the installed one)."""
    if not check_trafilatura(installed):
        return False
    from trafilatura import external

    words = getattr(external, "JT_STOPLIST", False)
    init = getattr(external, "jt_stoplist_init", None)
    if isinstance(words, frozenset):
        return True
    if words is False or init is None:
        if not _warned:
            _warned.append(True)
            _log.warning(
                "trafilatura.external has no JT_STOPLIST/jt_stoplist_init any more: its jusText "
                "stoplist is left as it is (slower fallbacks, same output); "
                "pipeline/runtime/jt_stoplist.py needs updating"
            )
        return False
    external.JT_STOPLIST = frozenset(words or init())
    return True


freeze_jt_stoplist()  # on import: how an SDK worker started with --beam_plugins applies it
