"""External tools the deploy tests use (hadolint, Airflow's and Spark's Pythons, systemd-analyze)."""

import os
import shutil
import sys
from pathlib import Path

import pytest


def tool(env_var: str, *names: str):
    """A tool's path from ``env_var``, this venv's bin or PATH; skip (or fail in deploy-check)."""
    candidates = [os.environ.get(env_var)] + [str(Path(sys.prefix) / "bin" / n) for n in names]
    candidates += [shutil.which(n) for n in names]
    for path in candidates:
        if path and Path(path).exists():
            return path
    if os.environ.get("NEWSBEAM_DEPLOY_CHECK") == "1":
        pytest.fail(f"{env_var} / {names} not found (make deploy-check should provide it)")
    pytest.skip(f"{names[0]} not available (set {env_var} or run make deploy-check)")
