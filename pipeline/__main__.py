"""``python -m pipeline run ...``: the same as the ``newsbeam`` command."""

import sys

from pipeline.cli import main

sys.exit(main())
