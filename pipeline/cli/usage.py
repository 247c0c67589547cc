"""What a command line newsbeam cannot read prints: one usage line, the error, where the help is.

argparse prints its whole usage block (nine lines for ``run``) above the error, which pushes the
one line that says what is wrong out of sight; the flags are one ``--help`` away."""

import argparse
import sys
from typing import NoReturn

__all__ = ["Parser", "short_usage", "usage_error"]


def short_usage(parser: argparse.ArgumentParser) -> str:
    """``newsbeam run [options]``, ``newsbeam clean [options] output``, ``newsbeam {run,...}``."""
    words = [parser.prog]
    if any(action.option_strings for action in parser._actions):  # argparse has no public list
        words.append("[options]")
    for action in parser._actions:
        if action.option_strings or action.help == argparse.SUPPRESS:
            continue
        if isinstance(action, argparse._SubParsersAction):
            words.append("{" + ",".join(action.choices) + "} ...")
        elif action.nargs in ("?", "*"):
            words.append(f"[{action.metavar or action.dest}]")
        elif action.nargs != argparse.REMAINDER:
            words.append(str(action.metavar or action.dest))
    return " ".join(words)


def usage_error(parser: argparse.ArgumentParser, message: str) -> str:
    """The three lines a usage error prints (exit 2)."""
    return (
        f"usage: {short_usage(parser)}\n{parser.prog}: error: {message}\n"
        f"see '{parser.prog} --help'\n"
    )


class Parser(argparse.ArgumentParser):
    """An ``ArgumentParser`` whose errors are :func:`usage_error` (its sub-commands' too)."""

    def error(self, message: str) -> NoReturn:
        sys.stderr.write(usage_error(self, message))
        sys.exit(2)
