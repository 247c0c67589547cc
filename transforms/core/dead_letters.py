"""Dead letters: run a stage's DoFn so that a failing element becomes an ErrorRow, never a crash."""

import re
import traceback as tb
from typing import NamedTuple, Optional

import apache_beam as beam

from transforms.core.deadline import Deadline
from transforms.core.record import (
    Article,
    ErrorRow,
    RejectedRow,
    printable_message,
    stable_id,
    valid_text,
)

__all__ = [
    "StageOutputs",
    "apply_stage",
    "clip_message",
    "clip_traceback",
    "error_row",
    "rejected_row",
    "to_error_row",
]

_MAX_TRACEBACK = 8000


def clip_message(message: str) -> str:
    """An error message as the ``errors`` table keeps it: its start, as printable text."""
    return printable_message(message)


def clip_traceback(trace: str) -> str:
    """A traceback as the ``errors`` table keeps it: its end, where the failing line is."""
    return trace[-_MAX_TRACEBACK:]


class StageOutputs(NamedTuple):
    """What one stage produced: the elements that go on, expected drops, and failures."""

    main: beam.PCollection
    rejected: beam.PCollection
    errors: beam.PCollection


def rejected_row(
    article: Article, *, stage: str, reason: str, detail: str, **fields
) -> RejectedRow:
    """A RejectedRow for an Article a stage drops on purpose. ``fields`` override what the
    article itself says (e.g. the title and word count an extraction found)."""
    values = dict(
        doc_id=article.doc_id,
        stage=stage,
        reason=reason,
        detail=detail,
        url=article.url,
        title=article.title or article.hint_title,
        language=article.language,
        word_count=article.word_count,
        source_path=article.source_path,
        source_ref=article.source_ref,
    )
    values.update(fields)
    return RejectedRow(**values)


def error_row(element, *, stage: str, error_type: str, message: str, trace: str = "") -> ErrorRow:
    """An ErrorRow for any element a stage can see: an Article, a file, or a plain value."""
    if isinstance(element, Article):
        size = len(element.raw or b"") or len((element.content or "").encode("utf-8", "replace"))
        return ErrorRow(
            doc_id=element.doc_id,
            stage=stage,
            error_type=error_type,
            error_message=clip_message(message),
            traceback=clip_traceback(trace),
            url=element.url,
            source_path=element.source_path,
            source_ref=element.source_ref,
            input_bytes=size,
        )
    path = _path_of(element)
    return ErrorRow(
        doc_id=stable_id(path),
        stage=stage,
        error_type=error_type,
        error_message=clip_message(message),
        traceback=clip_traceback(trace),
        url=path if path.startswith(("http://", "https://")) else None,
        source_path=path,
        source_ref=path,
        input_bytes=_size_of(element),
    )


def _path_of(element) -> str:
    metadata = getattr(element, "metadata", element)
    path = getattr(metadata, "path", None)
    return valid_text(str(path)) if path is not None else repr(element)[:500]


def _size_of(element) -> int:
    metadata = getattr(element, "metadata", element)
    return int(getattr(metadata, "size_in_bytes", 0) or 0)


def to_error_row(dead_letter, *, stage: str) -> ErrorRow:
    """Turn Beam's ``(element, (exc_class, repr, traceback))`` dead letter into an ErrorRow."""
    element, (exc_class, exc_repr, trace) = dead_letter
    name = getattr(exc_class, "__name__", str(exc_class))
    if isinstance(trace, list | tuple):
        trace = "".join(trace)
    message = str(exc_repr)
    unwrapped = re.fullmatch(re.escape(name) + r"""\((['"])(.*)\1\)""", message, re.S)
    if unwrapped:  # Beam hands over repr(exception): keep the message a person reads
        message = unwrapped.group(2)
    return error_row(element, stage=stage, error_type=name, message=message, trace=str(trace))


def format_exception(exc: BaseException) -> str:
    return "".join(tb.format_exception(type(exc), exc, exc.__traceback__))


class _GuardedFn(beam.DoFn):
    """A stage's DoFn where an element that raises becomes an ErrorRow on ``errors``, the row
    Beam's ``with_exception_handling`` dead letter gives (``to_error_row``): what the element
    yielded before it failed is dropped and the bundle goes on. ``timeout``: an element whose
    ``process`` runs longer is stopped and becomes a TimeoutError row (``transforms.core.deadline``:
    in the bundle's own thread, where Beam's ``with_exception_handling(timeout=...)`` hands each
    element to a pool thread).

    Failures and the DoFn's own ErrorRows share one output, so a stage's errors need no Flatten
    (on the local runner every Flatten feeding another costs a stage of its own)."""

    def __init__(self, fn: beam.DoFn, stage: str, timeout: Optional[float] = None):
        self._fn = fn
        self._deadline = Deadline(timeout) if timeout else None
        self._stage = stage

    def setup(self):
        self._fn.setup()

    def start_bundle(self):
        return self._fn.start_bundle()

    def process(self, element):
        try:
            if self._deadline is None:
                out = list(self._fn.process(element))
            else:
                out = self._deadline.call(_listed, self._fn.process, element)
        except Exception as exc:  # noqa: BLE001 - every failure becomes a row, as in Beam's
            trace = tb.format_exception(type(exc), exc, exc.__traceback__)
            dead = (element, (type(exc), repr(exc), trace))
            yield beam.pvalue.TaggedOutput("errors", to_error_row(dead, stage=self._stage))
            return
        yield from out

    def finish_bundle(self):
        return self._fn.finish_bundle()

    def teardown(self):
        if self._deadline is not None:
            self._deadline.close()
        self._fn.teardown()


def _listed(process, element) -> list:
    return list(process(element))


def apply_stage(
    pcoll: beam.PCollection,
    label: str,
    dofn: beam.DoFn,
    *,
    stage: str,
    timeout: Optional[float] = None,
) -> StageOutputs:
    """Apply ``dofn`` so that an exception it raises becomes an ErrorRow for that element.

    The DoFn may emit ``TaggedOutput("rejected", RejectedRow)`` and ``TaggedOutput("errors",
    ErrorRow)`` itself. ``timeout``: seconds one element may take (then a TimeoutError row).
    """
    result = pcoll | label >> beam.ParDo(_GuardedFn(dofn, stage, timeout)).with_outputs(
        "rejected", "errors", main="main"
    )
    return StageOutputs(result.main, result.rejected, result.errors)
