"""Where newsbeam meets Beam's runners: pipeline options, the runner for local runs, the warm
worker processes of ``--workers N``, start-up and the processes a stopped run leaves behind.

This is the only folder that imports Beam's runner modules, and the only one that touches a
library's internals: it patches nothing of Beam or CPython, and one global of trafilatura (its
merged jusText stoplist kept as a frozenset, ``jt_stoplist.py``). What it relies on of Beam
(FnApiRunner's ``default_environment``, the SDK worker's ``sdk_worker_main.main`` and its
environment contract) is checked against the installed version at start-up by ``guard.py``,
which warns and falls back to Beam's own workers when it differs; trafilatura's version is
checked the same way before its stoplist is touched.

Kept free of imports: the worker processes import ``worker_main`` from here before anything else.
"""
