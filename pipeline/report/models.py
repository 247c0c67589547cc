"""The report's chart and table models, from a run's manifest and rows (pure: no I/O)."""

import collections
import dataclasses
from typing import Optional

__all__ = [
    "Cluster",
    "ProblemGroup",
    "balance_model",
    "clusters_model",
    "counts_model",
    "coverage_model",
    "history_model",
    "problems_model",
    "run_date_of",
    "stage_times_model",
]

BALANCE_COLORS = {
    "articles": "#38a169",
    "duplicates": "#2b6cb0",
    "rejected": "#d69e2e",
    "errors": "#c53030",
}


def balance_model(manifest: dict) -> dict:
    """Inputs and the four tables that account for them: ``{inputs, outputs, balanced,
    segments: [(table, rows, color)]}``."""
    tables = manifest.get("tables", {})
    segments = [(t, int(tables.get(t, 0)), c) for t, c in BALANCE_COLORS.items()]
    outputs = sum(value for _, value, _ in segments)
    inputs = int(manifest.get("inputs", outputs))
    return {
        "inputs": inputs,
        "outputs": outputs,
        "balanced": bool(manifest.get("balanced", inputs == outputs)),
        "segments": segments,
    }


def counts_model(counts: dict, *, limit: int = 12) -> list:
    """(label, count) pairs, largest first (ties by label); the rest summed as ``other (n)``."""
    items = sorted(
        ((str(k), int(v)) for k, v in counts.items() if v), key=lambda kv: (-kv[1], kv[0])
    )
    if len(items) <= limit:
        return items
    rest = items[limit - 1 :]
    return items[: limit - 1] + [(f"other ({len(rest)})", sum(v for _, v in rest))]


@dataclasses.dataclass(frozen=True)
class Cluster:
    """A story and the copies that lost to it in this run."""

    article_id: str
    title: Optional[str]
    url: Optional[str]
    copies: tuple  # ((title, url, match, similarity), ...), most similar first


def clusters_model(articles: list, duplicates: list, *, limit: int = 10, copies: int = 5) -> list:
    """The largest duplicate clusters: each canonical copy (looked up in ``articles``; an earlier
    run's article has no title here) with up to ``copies`` of its duplicates."""
    by_id = {row.get("article_id"): row for row in articles}
    groups = collections.defaultdict(list)
    for row in duplicates:
        groups[row.get("duplicate_of")].append(row)
    ranked = sorted(groups.items(), key=lambda kv: (-len(kv[1]), str(kv[0])))[:limit]
    out = []
    for article_id, rows in ranked:
        canonical = by_id.get(article_id, {})
        rows = sorted(rows, key=lambda r: (-(r.get("similarity") or 0.0), str(r.get("url"))))
        out.append(
            Cluster(
                article_id=str(article_id),
                title=canonical.get("title"),
                url=canonical.get("url") or canonical.get("source_path"),
                copies=tuple(
                    (
                        r.get("title"),
                        r.get("url") or r.get("source_path"),
                        r.get("match"),
                        r.get("similarity"),
                    )
                    for r in rows[:copies]
                )
                + (
                    (("…", None, f"{len(rows) - copies} more", None),) if len(rows) > copies else ()
                ),
            )
        )
    return out


@dataclasses.dataclass(frozen=True)
class ProblemGroup:
    stage: str
    reason: str
    count: int
    examples: tuple  # ((file, url, message), ...)


def problems_model(rows: list, *, reason_key: str, message_key: str, examples: int = 3) -> list:
    """Rejected or error rows grouped by (stage, reason), largest first, a few examples each."""
    groups = collections.defaultdict(list)
    for row in rows:
        groups[(str(row.get("stage")), str(row.get(reason_key)))].append(row)
    out = []
    for (stage, reason), members in sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        members = sorted(members, key=lambda r: (str(r.get("source_path")), str(r.get("url"))))
        out.append(
            ProblemGroup(
                stage=stage,
                reason=reason,
                count=len(members),
                examples=tuple(
                    (r.get("source_ref") or r.get("source_path"), r.get("url"), r.get(message_key))
                    for r in members[:examples]
                ),
            )
        )
    return out


def stage_times_model(stage_msecs: dict) -> list:
    """(stage, seconds) in the order of the largest first."""
    return [
        (k, round(v / 1000, 1)) for k, v in counts_model(stage_msecs, limit=len(stage_msecs) or 1)
    ]


COVERED_FIELDS = (
    ("title", "titles"),
    ("authors", "authors"),
    ("published_at", "publication dates"),
    ("description", "descriptions"),
    ("site_name", "site names"),
)


def _present(value) -> bool:
    if value is None:
        return False
    if isinstance(value, (str, list, tuple)):
        return len(value) > 0
    return True


def coverage_model(articles: list) -> dict:
    """Share of articles with each metadata field, and where their dates came from:
    ``{total, fields: [(label, count, percent)], date_sources: {source: count}}``."""
    total = len(articles)
    fields = []
    for key, label in COVERED_FIELDS:
        count = sum(1 for row in articles if _present(row.get(key)))
        fields.append((label, count, round(100.0 * count / total, 1) if total else 0.0))
    sources = collections.Counter(str(row.get("date_source") or "none") for row in articles)
    return {"total": total, "fields": fields, "date_sources": dict(sources)}


def run_date_of(manifest: dict) -> str:
    """The run's (ingest) date: ``run_date``, or a stream's start date from its run id
    (``s<YYYYMMDD>T<HHMMSS>-<hash>``)."""
    if manifest.get("run_date"):
        return str(manifest["run_date"])
    run_id = str(manifest.get("run_id", ""))
    if run_id.startswith("s") and run_id[1:9].isdigit():
        return f"{run_id[1:5]}-{run_id[5:7]}-{run_id[7:9]}"
    return "?"


def history_model(manifests: list) -> dict:
    """The output folder across runs, by ingest (run) date: articles written, and duplicate and
    error rates (% of inputs). ``{dates, articles, duplicate_rate, error_rate, runs}``."""
    by_date: dict = collections.defaultdict(lambda: collections.Counter())
    for m in manifests:
        date = run_date_of(m)
        tables = m.get("tables", {})
        by_date[date]["runs"] += 1
        by_date[date]["inputs"] += int(m.get("inputs", 0))
        for table in BALANCE_COLORS:
            by_date[date][table] += int(tables.get(table, 0))
    dates = sorted(by_date)

    def rate(c, table) -> float:
        return round(100.0 * c[table] / c["inputs"], 1) if c["inputs"] else 0.0

    return {
        "dates": dates,
        "articles": [by_date[d]["articles"] for d in dates],
        "duplicate_rate": [rate(by_date[d], "duplicates") for d in dates],
        "error_rate": [rate(by_date[d], "errors") for d in dates],
        "runs": sum(by_date[d]["runs"] for d in dates),
    }
