"""Reading a YAML file a user names (a config, a taxonomy, a lexicon) in bounded time and memory.

PyYAML builds what aliases point to once and shares it, so nine lines of aliases ("billion
laughs") load in a millisecond; but whatever walks the result afterwards (a validation message
that shows the value, a deep copy, the manifest's JSON) expands it: 9 GB and a hang for a
config of 1 KB. An alias that holds itself (``&a [*a]``) sends those walkers into a
RecursionError, as does a value nested thousands deep. And ``Path.read_text`` of ``/dev/zero``
or a log file passed by mistake reads until memory runs out (20 GB before the kernel killed
it), and ``open`` of a FIFO waits for a writer for ever. So only a regular file is opened
(``transforms.read.paths.open_local``), its bytes are read up to a cap, and the node graph is checked before anything is built
from it: at most ``MAX_ALIASED`` values brought in by aliases, at most ``MAX_DEPTH`` levels, no
alias inside itself. Each failure is a ``yaml.YAMLError`` with the line, so callers report it as
they report any invalid YAML.
"""

import os
import select
import stat
import time

import yaml

from transforms.read.paths import open_local

__all__ = [
    "MAX_ALIASED",
    "MAX_DEPTH",
    "MAX_FILE_BYTES",
    "PIPE_WAIT_S",
    "bounded_loader",
    "read_yaml_text",
]

MAX_FILE_BYTES = 64 * 1024 * 1024  # a config of 20,000 feeds is 0.7 MB; lexicons are < 1 MB
MAX_ALIASED = 100_000  # values that aliases add to the document, beyond what is written out
MAX_DEPTH = 64  # a config nests 4 deep; PyYAML's own composer recurses out near 300
# ``--config <(envsubst < template.yaml)``: a pipe whose writer is running. It gets this long to
# finish; a pipe nobody writes to reads as empty at once (opened without waiting for a writer).
PIPE_WAIT_S = 30.0
_WRITER_OPEN_S = 1.0  # a named FIFO with no writer after this is empty


class TooLargeYAMLError(yaml.YAMLError):
    """The file is over ``MAX_FILE_BYTES``."""


def read_yaml_text(path, *, limit: int = MAX_FILE_BYTES) -> str:
    """The text of the YAML file at ``path``, read up to ``limit`` bytes: more is
    TooLargeYAMLError; a pipe is read as ``_read_pipe`` says (a FIFO with no writer is an
    error at once, where ``open`` waited for ever); a device is NotRegularFileError (an OSError); FileNotFoundError, OSError and
    UnicodeDecodeError as ``open`` raises them."""
    if stat.S_ISFIFO(os.stat(path).st_mode):
        data = _read_pipe(path, limit)
    else:
        with open_local(path) as handle:
            data = handle.read(limit + 1)
    if len(data) > limit:
        raise TooLargeYAMLError(
            f"more than {limit // (1024 * 1024)} MB: not a YAML settings file "
            "(a device, a log or a data file named by mistake?)"
        )
    return data.decode("utf-8")


def _read_pipe(path, limit: int, wait_s: float = PIPE_WAIT_S) -> bytes:
    """What a pipe (process substitution, a named FIFO) holds, up to ``limit + 1`` bytes, within
    ``wait_s``: opened without blocking, so a FIFO with no writer reads as empty within a second instead
    of ``open`` waiting for ever; a writer that stalls is a TimeoutError."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        if not stat.S_ISFIFO(os.fstat(fd).st_mode):  # swapped after the stat: read it as a file
            with open_local(path) as handle:
                return handle.read(limit + 1)
        opened = time.monotonic()
        chunks, total, deadline = [], 0, opened + wait_s
        poller = select.poll()
        poller.register(fd, select.POLLIN)
        while total <= limit:
            try:
                chunk = os.read(fd, min(1 << 16, limit + 1 - total))
            except BlockingIOError:  # the writer has not written (or closed) yet
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError(
                        f"nothing more came from the pipe in {wait_s:.0f} s"
                    ) from None
                poller.poll(max(1, int(min(left, 1.0) * 1000)))
                continue
            if not chunk:
                if not chunks and time.monotonic() < opened + _WRITER_OPEN_S:
                    time.sleep(0.05)  # a writer blocked in its open() is let through by ours
                    continue
                break
            chunks.append(chunk)
            total += len(chunk)
        data = b"".join(chunks)
    finally:
        os.close(fd)
    if not data.strip():
        raise yaml.YAMLError(
            "an empty pipe: nothing wrote to it (give a file, or a command's output)"
        )
    return data


def _problem(node, message: str) -> yaml.constructor.ConstructorError:
    return yaml.constructor.ConstructorError(None, None, message, node.start_mark)


def _children(node) -> list:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []


def check_node_graph(root, *, max_aliased: int = MAX_ALIASED, max_depth: int = MAX_DEPTH) -> None:
    """Raise a ConstructorError (with its line) when the composed document ``root`` nests
    deeper than ``max_depth``, holds an alias inside its own anchor, or expands through aliases
    to more than ``max_aliased`` values beyond its distinct nodes. Iterative: a deep document
    cannot make the check itself recurse out."""
    expanded: dict = {}  # id(node) -> values it stands for, aliases expanded
    open_nodes: set = set()
    stack = [(root, 1, False)]
    while stack:
        node, depth, done = stack.pop()
        key = id(node)
        if done:
            open_nodes.discard(key)
            expanded[key] = 1 + sum(expanded[id(c)] for c in _children(node))
            continue
        if key in expanded:
            continue
        if key in open_nodes:
            raise _problem(node, "an alias refers to the value that holds it: write it out")
        if depth > max_depth:
            raise _problem(node, f"nested more than {max_depth} levels deep")
        open_nodes.add(key)
        stack.append((node, depth, True))
        stack.extend((c, depth + 1, False) for c in _children(node) if id(c) not in expanded)
    extra = expanded[id(root)] - len(expanded)
    if extra > max_aliased:
        raise _problem(
            root,
            f"its aliases (*name) expand to {extra:,} more values, over {max_aliased:,} "
            "(an alias bomb?): write the values out",
        )


def bounded_loader(base: type) -> type:
    """``base`` (SafeLoader, CSafeLoader or a subclass) checking the node graph before it
    constructs a document."""

    class _Bounded(base):
        def construct_document(self, node):
            check_node_graph(node)
            return super().construct_document(node)

    _Bounded.__name__ = f"Bounded{base.__name__}"
    return _Bounded
