"""Entry file for launchers that run ``python FILE --flag=value ...`` without a sub-command.

Dataflow Flex Templates (``FLEX_TEMPLATE_PYTHON_PY_FILE``) and Airflow's
``BeamRunPythonPipelineOperator`` (``py_file``) both start a pipeline as a Python file followed by
``--name=value`` flags. This file turns those flags into ``newsbeam run ...``:

- it adds the ``run`` sub-command;
- it accepts the underscore spelling of newsbeam's own flags (``--run_date``): Flex Template
  parameters are named with underscores, like Beam's own options;
- a ``--config`` on a remote filesystem (``gs://...``) is copied to a local file first;
- inside a Flex Template launcher it asks the CLI not to wait for the job (``--detach``), when the
  CLI has that flag: the launcher must exit once the job is submitted.

Every other flag goes to Beam unchanged.
"""

import os
import sys
import tempfile

# newsbeam's own flags that have a hyphen, keyed by the underscore spelling launchers produce.
_ALIASES = {"--run_date": "--run-date"}


def to_cli_args(argv: list[str]) -> list[str]:
    """``["--run_date=2026-11-22", "--runner=X"]`` -> ``["run", "--run-date=2026-11-22", "--runner=X"]``."""
    out = ["run"]
    for arg in argv:
        name, sep, value = arg.partition("=")
        out.append(_ALIASES.get(name, name) + sep + value)
    return out


def fetch_config(path: str) -> str:
    """A local copy of the file at ``path`` on any Beam filesystem (gs://, s3://, local)."""
    from apache_beam.io.filesystems import FileSystems

    with FileSystems.open(path) as src:
        data = src.read()
    handle, local = tempfile.mkstemp(suffix=".yaml", prefix="newsbeam-config-")
    with os.fdopen(handle, "wb") as dst:
        dst.write(data)
    return local


def _local_config(args: list[str]) -> list[str]:
    """Replace ``--config=scheme://...`` by a local copy (the CLI reads the config from disk)."""
    out = []
    for arg in args:
        name, _, value = arg.partition("=")
        out.append(
            f"--config={fetch_config(value)}" if name == "--config" and "://" in value else arg
        )
    return out


def _cli_knows(flag: str) -> bool:
    from pipeline.cli.main import _parser

    run = _parser()._subparsers._group_actions[0].choices["run"]
    return flag in run._option_string_actions


def main(argv: list[str]) -> int:
    from pipeline.cli.main import main as cli_main

    args = _local_config(to_cli_args(argv))
    if os.environ.get("FLEX_TEMPLATE_PYTHON_PY_FILE") and _cli_knows("--detach"):
        args.append("--detach")
    return cli_main(args)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
