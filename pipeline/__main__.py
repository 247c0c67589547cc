"""``python -m pipeline run ...``: the same as the ``newsbeam`` command."""

from pipeline.cli import entry

entry()
