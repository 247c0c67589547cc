"""The manifest's facts: what each written row says about a run (its table, language, topic,
why it was dropped), counted into the nested counts a manifest holds. Batch runs and streaming
windows count the same facts the same way."""

from collections.abc import Iterable

from transforms.sink.schema import TABLES

__all__ = ["counting", "row_facts", "summarise_facts"]


def row_facts(table: str, row: dict) -> list:
    """``[(kind, value)]`` of one row written to ``table``."""
    if table == "articles":
        return [("table", table), ("language", row["language"]), ("topic", row["topic_label"])]
    if table == "duplicates":
        return [("table", table), ("duplicate_match", row["match"])]
    if table == "rejected":
        return [("table", table), ("rejected", f"{row['stage']}:{row['reason']}")]
    return [("table", table), ("errors", f"{row['stage']}:{row['error_type']}")]


def counting(rows, table: str, counts, facts_of=row_facts):
    """``rows`` as they are, each row's ``facts_of(table, row)`` added to the ``counts`` Counter
    as the rows go by (a file's rows are counted while they are written, never held)."""
    for row in rows:
        counts.update(facts_of(table, row))
        yield row


def summarise_facts(fact_counts: Iterable[tuple]) -> dict:
    """Counted facts ``((kind, value), n)`` as the manifest's nested counts."""
    summary: dict = {"tables": {t: 0 for t in TABLES}, "inputs": 0}
    for (kind, value), n in sorted(fact_counts, key=lambda kv: (kv[0][0], str(kv[0][1]))):
        if kind == "inputs":
            summary["inputs"] += n
        elif kind == "table":
            summary["tables"][value] = summary["tables"].get(value, 0) + n
        else:
            summary.setdefault(kind, {})[str(value)] = n
    outputs = sum(summary["tables"].values())
    summary["outputs"] = outputs
    summary["balanced"] = outputs == summary["inputs"]
    return summary
