"""Progress while a run goes: a line on stderr from the runner's metrics so far.

On a terminal the line is redrawn in place; elsewhere (cron, Airflow, CI) a plain line is printed
every ``interval_s``. The counts come from the runner's counters (``{namespace: {name: value}}``,
the manifest's ``metrics``): in-process runs read them live (pipeline/runtime/live_metrics.py),
other runners through ``PipelineResult.metrics()`` while the job runs.
"""

import dataclasses
import shutil
import threading
from collections.abc import Callable
from typing import Optional, TextIO

__all__ = [
    "DEFAULT_INTERVAL_S",
    "Progress",
    "ProgressReporter",
    "WindowTick",
    "format_progress",
    "format_window",
    "progress_of",
]

DEFAULT_INTERVAL_S = 10.0
TTY_INTERVAL_S = 0.5

# (label, namespace, counter): how many items each stage has seen so far, in pipeline order.
STAGES = (
    ("decoded", "decode", "seen"),
    ("extracted", "extract", "seen"),
    ("filtered", "filter", "seen"),
    ("language", "language", "seen"),
    ("topics", "topics", "seen"),
    ("dedup", "dedup", "seen"),
)


@dataclasses.dataclass(frozen=True)
class Progress:
    """What one progress line says."""

    elapsed_s: float
    files_read: int = 0
    files_total: Optional[int] = None
    items: int = 0  # input items read (files, JSON lines, WARC records, feed entries)
    stages: tuple = ()  # ((label, count), ...) of the stages that have started
    articles: int = 0  # article rows written
    side_rows: int = 0  # duplicates + rejected + errors rows written
    feeds_fetched: int = 0
    feeds_total: Optional[int] = None
    feeds_failed: int = 0
    hosts_failing: tuple = ()  # hosts whose pages failed to fetch, most failures first
    pages_per_s: float = 0.0
    eta_s: Optional[float] = None
    polls: int = 0  # streaming: ticks of the poll source
    feed_polls: int = 0  # streaming: feed fetches (not_modified of them unchanged)
    feeds_unchanged: int = 0
    windows: int = 0  # streaming: windows committed


def progress_of(
    counters: dict,
    *,
    elapsed_s: float,
    files_total: Optional[int] = None,
    feeds_total: Optional[int] = None,
) -> Progress:
    """The progress model of the runner's counters so far."""

    def get(ns: str, name: str) -> int:
        value = counters.get(ns, {}).get(name, 0)
        return value if isinstance(value, int) else 0

    files_read = get("read", "files")
    stages = tuple((label, get(ns, name)) for label, ns, name in STAGES if get(ns, name))
    extracted = get("extract", "seen")
    rate = extracted / elapsed_s if elapsed_s > 0 else 0.0
    eta = None
    if files_total and 0 < files_read < files_total and elapsed_s > 0:
        eta = (files_total - files_read) * elapsed_s / files_read
    hosts = counters.get("fetch_hosts_failed", {})
    failing = tuple(h for h, _ in sorted(hosts.items(), key=lambda kv: (-kv[1], kv[0])))
    side = sum(get("write", f"{t}_rows") for t in ("duplicates", "rejected", "errors"))
    return Progress(
        elapsed_s=elapsed_s,
        files_read=files_read,
        files_total=files_total,
        items=get("read", "seen") + get("feeds", "entries") + get("stream", "files_read"),
        stages=stages,
        articles=get("write", "articles_rows"),
        side_rows=side,
        feeds_fetched=get("feeds", "fetched") + get("feeds", "not_modified"),
        feeds_total=feeds_total,
        feeds_failed=get("feeds", "failed"),
        hosts_failing=failing,
        pages_per_s=round(rate, 1),
        eta_s=eta,
        polls=get("stream", "ticks"),
        feed_polls=get("stream", "feed_polls"),
        feeds_unchanged=get("stream", "feed_not_modified"),
        windows=get("window_commit", "windows_committed"),
    )


def _duration(seconds: float) -> str:
    seconds = int(round(seconds))
    if seconds < 60:
        return f"{seconds}s"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes}m{seconds:02d}s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h{minutes:02d}m"


def format_progress(p: Progress) -> str:
    """One line: ``newsbeam: 12s | files 40/990 | items 40 | extracted 38, ... | ...``."""
    parts = [f"newsbeam: {_duration(p.elapsed_s)}"]
    if p.files_total:
        parts.append(f"files {p.files_read}/{p.files_total}")
    elif p.files_read:
        parts.append(f"files {p.files_read}")
    if p.feeds_total:
        feeds = f"feeds {p.feeds_fetched}/{p.feeds_total}"
        if p.feeds_failed:
            feeds += f" ({p.feeds_failed} failed)"
        parts.append(feeds)
    if p.polls:
        polled = f"polls {p.polls}"
        if p.feed_polls:
            polled += f" (feeds fetched {p.feed_polls}, {p.feeds_unchanged} unchanged)"
        parts.append(polled)
    parts.append(f"items {p.items}")
    if p.stages:
        parts.append(", ".join(f"{label} {count}" for label, count in p.stages))
    parts.append(f"articles written {p.articles}")
    if p.windows:
        parts.append(f"windows committed {p.windows}")
    if p.side_rows:
        parts.append(f"other rows {p.side_rows}")
    parts.append(f"{p.pages_per_s:.1f} pages/s")
    if p.hosts_failing:
        more = len(p.hosts_failing) - 3
        hosts = ", ".join(p.hosts_failing[:3]) + (f" +{more}" if more > 0 else "")
        parts.append(f"hosts failing: {hosts}")
    if p.eta_s is not None:
        parts.append(f"ETA {_duration(p.eta_s)}")
    return " | ".join(parts)


@dataclasses.dataclass(frozen=True)
class WindowTick:
    """One window of a local micro-batch stream (pipeline/run/microbatch.py): what was polled
    and, when something was new, the manifest the window committed (None: no window ran)."""

    elapsed_s: float
    feeds_polled: int = 0
    feeds_changed: int = 0
    files_new: int = 0
    window: int = 0  # the window's number; 0: nothing was new, no window ran
    manifest: Optional[dict] = None  # the committed window's manifest
    failed: bool = False  # the window ran and was not committed
    windows_committed: int = 0
    articles_total: int = 0  # articles the stream's committed windows wrote


def format_window(t: WindowTick) -> str:
    """One line per window: ``newsbeam: 20s | window 2 | feeds polled 3, changed 1 | new items
    4 | articles 3, duplicates 1, rejected 0, errors 0 | stream: 2 windows, 7 articles``."""
    parts = [f"newsbeam: {_duration(t.elapsed_s)}"]
    parts.append(f"window {t.window}" if t.window else "no window")
    polled = []
    if t.feeds_polled or t.feeds_changed:  # a changed feed may have been asked at an earlier poll
        polled.append(f"feeds polled {t.feeds_polled}, changed {t.feeds_changed}")
    if t.files_new:
        polled.append(f"new files {t.files_new}")
    parts.append(", ".join(polled) or "nothing new")
    if t.failed:
        parts.append("FAILED, not committed (tried again next window)")
    elif t.manifest is not None:
        tables = t.manifest.get("tables") or {}
        rejected = t.manifest.get("rejected") or {}
        already = rejected.get("fetch:already_ingested", 0)
        parts.append(f"new items {t.manifest.get('inputs', 0) - already}")
        written = ", ".join(f"{name} {tables.get(name, 0)}" for name in _TABLES)
        if already:
            written += f" ({already} of them already written)"
        parts.append(written)
    parts.append(f"stream: {t.windows_committed} windows, {t.articles_total} articles")
    return " | ".join(parts)


_TABLES = ("articles", "duplicates", "rejected", "errors")


class ProgressReporter:
    """``with ProgressReporter(read_counters, ...):`` a thread writes progress lines to
    ``stream`` until the block ends. ``read_counters()`` returns the counters so far (or raises:
    that poll is skipped). On a terminal the line is redrawn in place and cleared at the end."""

    def __init__(
        self,
        read_counters: Callable[[], dict],
        *,
        stream: TextIO,
        interval_s: Optional[float] = None,
        tty: Optional[bool] = None,
        files_total: Optional[int] = None,
        feeds_total: Optional[int] = None,
        clock: Optional[Callable[[], float]] = None,
    ):
        import time

        self._read = read_counters
        self._stream = stream
        self._tty = stream.isatty() if tty is None else tty
        self._interval = interval_s or (TTY_INTERVAL_S if self._tty else DEFAULT_INTERVAL_S)
        self._totals = {"files_total": files_total, "feeds_total": feeds_total}
        self._clock = clock or time.monotonic
        self._start = self._clock()
        self._stop = threading.Event()
        self._thread: Optional[threading.Thread] = None
        self._drawn = 0  # width of the live line on the terminal
        self.lines = 0

    def line(self) -> Optional[str]:
        try:
            counters = self._read()
        except Exception:  # noqa: BLE001 - progress never stops a run
            return None
        elapsed = self._clock() - self._start
        return format_progress(progress_of(counters, elapsed_s=elapsed, **self._totals))

    def _write(self, text: str) -> None:
        try:
            if self._tty:
                # a line wider than the terminal wraps and '\r' no longer redraws it
                width = shutil.get_terminal_size((120, 24)).columns - 1
                text = text if len(text) <= width else text[: width - 1] + "…"
                pad = max(self._drawn - len(text), 0)
                self._stream.write("\r" + text + " " * pad)
                self._drawn = len(text)
            else:
                self._stream.write(text + "\n")
            self._stream.flush()
        except (OSError, ValueError):  # a closed stderr: nothing more to show
            self._stop.set()

    def _loop(self) -> None:
        while not self._stop.wait(self._interval):
            text = self.line()
            if text is not None and not self._stop.is_set():
                self._write(text)
                self.lines += 1

    def __enter__(self) -> "ProgressReporter":
        self._thread = threading.Thread(target=self._loop, name="newsbeam-progress", daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
        if self._tty and self._drawn:  # leave the terminal clean for the summary
            self._write(" " * self._drawn)
            self._stream.write("\r")
            self._stream.flush()
        elif not self._tty and self.lines:  # a log's last line: the counts at the end
            text = self.line()
            if text is not None:
                self._write(text)
                self.lines += 1
