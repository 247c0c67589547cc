"""Command-line arguments that neither newsbeam nor Beam knows are an error, with suggestions.

Beam only logs "Discarding unparseable args" and runs on, so a misspelled ``--ouptut`` would
write to the config's default folder. Here every argument newsbeam's own parser left over must
be a flag of one of Beam's registered ``PipelineOptions`` classes (found the way Beam itself
finds them); the suggestions come from both parsers, so flags added to either later are known
without a list to keep up to date.
"""

import argparse
import difflib
from collections.abc import Iterable
from typing import Optional

__all__ = ["UsageError", "beam_flag_parser", "check_extra_args", "known_flags", "unknown_args"]


class UsageError(ValueError):
    """A command line that cannot run; the message names the argument and the fix."""


def known_flags(parser: argparse.ArgumentParser) -> list:
    """Every option string of ``parser`` and of its sub-command parsers."""
    out = []
    for action in parser._actions:  # argparse keeps no public list of its actions
        out.extend(action.option_strings)
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                out.extend(known_flags(sub))
    return out


def beam_flag_parser() -> argparse.ArgumentParser:
    """An argument parser holding the flags of every registered ``PipelineOptions`` class, as
    ``PipelineOptions.get_all_options`` builds it; a bad value raises UsageError."""
    from apache_beam.options.pipeline_options import PipelineOptions, _BeamArgumentParser

    class _Parser(_BeamArgumentParser):
        def error(self, message):
            raise UsageError(f"Beam option: {message}")

    parser = _Parser(prog="newsbeam run", allow_abbrev=False, add_help=False)
    classes = {}
    for cls in PipelineOptions.__subclasses__():
        classes.setdefault(str(cls), cls)
    for cls in classes.values():
        cls._add_argparse_args(parser)
    return parser


def unknown_args(args: Iterable[str], parser: argparse.ArgumentParser) -> list:
    """The arguments of ``args`` that ``parser`` does not take (flags, their values, words)."""
    _, unknown = parser.parse_known_args(list(args))
    return unknown


def _suggest(flag: str, candidates: Iterable[str]) -> str:
    name = flag.split("=", 1)[0]
    pool = sorted({c for c in candidates if c.startswith("--")})
    close = difflib.get_close_matches(name, pool, n=3, cutoff=0.6)
    if not close:  # --output_dir style spellings of a dashed flag, and the reverse
        swapped = name.replace("_", "-") if "_" in name else name.replace("-", "_")
        close = difflib.get_close_matches(swapped, pool, n=3, cutoff=0.75)
    return f"; did you mean {' or '.join(close)}?" if close else ""


def check_extra_args(
    extras: list,
    parser: argparse.ArgumentParser,
    *,
    beam: Optional[argparse.ArgumentParser] = None,
    command: str = "run",
) -> None:
    """Raise UsageError when ``extras`` (what ``parser.parse_known_args`` left) holds an
    argument that ``beam`` (Beam's flags; None: no Beam flags allowed) does not take either."""
    unknown = unknown_args(extras, beam) if beam is not None and extras else list(extras)
    if not unknown:
        return
    flags = [a for a in unknown if a.startswith("-")]
    pool = known_flags(parser) + (known_flags(beam) if beam is not None else [])
    if flags:
        flag = flags[0]
        where = "newsbeam or Beam's pipeline options" if beam is not None else "newsbeam"
        message = f"unknown argument {flag.split('=', 1)[0]} (not a flag of {where})"
        message += _suggest(flag, pool)
    else:
        message = f"unexpected argument {unknown[0]!r} (newsbeam {command} takes only flags)"
    if len(unknown) > 1:
        message += f"; all not understood: {' '.join(unknown)}"
    raise UsageError(message)
