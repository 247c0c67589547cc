"""What a run prints at the end, and the Beam metrics it stores in the manifest."""

import shlex
from typing import Optional

__all__ = ["collect_metrics", "format_summary", "newsbeam_command", "query_line"]


def collect_metrics(result) -> dict:
    """Committed counters and distributions by namespace (``{ns: {name: value}}``)."""
    out: dict = {}
    try:
        queried = result.metrics().query()
    except Exception:  # noqa: BLE001 - some runners cannot report metrics
        return out
    for counter in queried.get("counters", []):
        key = counter.key.metric
        ns = out.setdefault(key.namespace, {})
        ns[key.name] = ns.get(key.name, 0) + (counter.committed or 0)
    for dist in queried.get("distributions", []):
        key = dist.key.metric
        value = dist.committed
        if value is None or not value.count:
            continue
        out.setdefault(key.namespace, {})[key.name] = {
            "count": value.count,
            "mean": round(value.mean, 2),
            "min": value.min,
            "max": value.max,
        }
    return {ns: dict(sorted(v.items())) for ns, v in sorted(out.items())}


def collect_stage_msecs(result) -> dict:
    """Milliseconds spent in each top-level stage (``ExtractArticles``, ...), from the runner's
    per-transform execution-time metrics (sampled; {} where the runner does not report them)."""
    out: dict = {}
    try:
        counters = result.monitoring_metrics().query()["counters"]
    except Exception:  # noqa: BLE001 - not every runner has monitoring metrics
        return out
    for counter in counters:
        key = counter.key
        if key.metric.name != "metric:ptransform_execution_time:total_msecs:v1" or not key.step:
            continue
        stage = key.step.split("/", 1)[0]
        out[stage] = out.get(stage, 0) + (counter.committed or 0)
    return {k: v for k, v in sorted(out.items()) if v}


def _named(counts: dict, none: str) -> dict:
    """Counts whose None key (stored as "None"/"null" in JSON) is shown as ``none``."""
    return {none if k in (None, "None", "null") else k: v for k, v in counts.items()}


def _line(label: str, counts: dict, limit: int = 8) -> str:
    if not counts:
        return f"  {label:<11} -"
    items = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    shown = ", ".join(f"{k} {v}" for k, v in items[:limit])
    more = f", +{len(items) - limit} more" if len(items) > limit else ""
    return f"  {label:<11} {shown}{more}"


def newsbeam_command() -> str:
    """How to call this installation's ``newsbeam`` from here: ``newsbeam`` when the shell
    finds this one, else the script beside this Python (``.venv/bin/newsbeam``)."""
    import os
    import shutil
    import sys

    script = os.path.join(os.path.dirname(sys.executable), "newsbeam")
    found = shutil.which("newsbeam")
    if found and os.path.realpath(found) == os.path.realpath(script):
        return "newsbeam"
    if not os.path.exists(script):  # not installed as a script: the module works everywhere
        return f"{shlex.quote(sys.executable)} -m pipeline"
    relative = os.path.relpath(script)
    return shlex.quote(relative if not relative.startswith("..") else script)


def query_line(output: str) -> str:
    """A query the summary prints; runnable as it is with what ``make run`` installed."""

    sql = "SELECT language, topic_label, title FROM articles LIMIT 10"
    return f"{newsbeam_command()} query {shlex.quote(output)} {shlex.quote(sql)}"


def format_summary(manifest: dict, manifest_path: str, *, report: Optional[str] = None) -> str:
    tables = manifest["tables"]
    balance = "balanced" if manifest["balanced"] else "NOT BALANCED"
    lines = [
        f"newsbeam run {manifest['run_id']} (run date {manifest['run_date']}) "
        f"in {manifest.get('wall_seconds', '?')} s",
        f"  inputs      {manifest['inputs']} = articles {tables['articles']} + duplicates "
        f"{tables['duplicates']} + rejected {tables['rejected']} + errors {tables['errors']} ({balance})",
        _line("languages", manifest.get("language", {})),
        _line("topics", _named(manifest.get("topic", {}), "(no topic)")),
        _line("duplicates", manifest.get("duplicate_match", {})),
        _line("rejected", manifest.get("rejected", {})),
        _line("errors", manifest.get("errors", {})),
        f"  output      {manifest['output']}/{{articles,duplicates,rejected,errors}}/",
        f"  manifest    {manifest_path}",
        f"  report      {report}"
        if report
        else f"  report      {newsbeam_command()} report {shlex.quote(manifest['output'])}",
        f"  query       {query_line(manifest['output'])}",
    ]
    iceberg = manifest.get("iceberg")
    if iceberg:  # write.format: iceberg
        articles = iceberg["snapshots"]["articles"]["metadata_location"]
        lines += [
            f"  iceberg     tables {iceberg['namespace']}.{{articles,duplicates,rejected,errors}}",
            f"  metadata    {articles} (articles, for other Iceberg readers)",
        ]
    return "\n".join(lines)
