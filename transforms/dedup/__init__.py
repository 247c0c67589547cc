"""Deduplication: canonical URL, exact text hash, MinHash-LSH near-duplicates, prior runs' index."""

from transforms.dedup.clusters import (
    choose_canonical,
    match,
    split_component,
)
from transforms.dedup.config import PRESETS, DedupConfig
from transforms.dedup.find_duplicates import (
    ClusterNodes,
    apply_verdict,
    content_hash,
    fingerprint,
    to_node,
)
from transforms.dedup.index import (
    INDEX_SCHEMA,
    IndexEntry,
    index_entries_table,
    index_entry,
    read_index_entries,
    select_prior,
)
from transforms.dedup.minhash import band_keys, jaccard_estimate, minhash, shingles
from transforms.dedup.verify import marks_conflict, marks_of

__all__ = [
    "INDEX_SCHEMA",
    "PRESETS",
    "ClusterNodes",
    "DedupConfig",
    "IndexEntry",
    "apply_verdict",
    "band_keys",
    "choose_canonical",
    "content_hash",
    "fingerprint",
    "index_entries_table",
    "index_entry",
    "jaccard_estimate",
    "marks_conflict",
    "marks_of",
    "match",
    "minhash",
    "read_index_entries",
    "select_prior",
    "shingles",
    "split_component",
    "to_node",
]
