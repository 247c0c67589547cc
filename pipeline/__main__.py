"""``python -m pipeline run ...``: the same as the ``newsbeam`` command."""

from pipeline.command import entry

entry()
