"""What dedup decides per document: its fingerprint, its node, its exact-match keys, and the
article or DuplicateRow a verdict turns it into (pure functions, no Beam)."""

import dataclasses
from typing import Optional

from transforms.core.record import (
    Article,
    DuplicateRow,
    normalize_for_hash,
    normalized_words,
    stable_id,
)
from transforms.dedup.clusters import Assignment, Node, identity
from transforms.dedup.config import DedupConfig
from transforms.dedup.lsh import signature_digest
from transforms.dedup.minhash import (
    _sorted_unique,
    lead_signature,
    minhash,
    pack_signature,
    shingle_positions,
    shingle_words,
)
from transforms.dedup.quotes import with_quotes
from transforms.dedup.skeleton import skeleton_of, with_skeleton
from transforms.dedup.verify import marks_of

__all__ = [
    "apply_verdict",
    "content_hash",
    "duplicate_row",
    "fingerprint",
    "match_keys",
    "rekey",
    "to_node",
]


def content_hash(text: Optional[str]) -> str:
    """SHA-1 (40 hex digits) of the normalised text: equal for copies that differ in case,
    punctuation and white space only."""
    return stable_id(normalize_for_hash(text or ""), length=40)


def fingerprint(article: Article, config: DedupConfig) -> Article:
    """The article with ``content_hash``, ``signature``, ``lead`` and ``marks`` set (empty
    bytes: no words)."""
    words = normalized_words(article.text or "")
    shingled = shingle_words(article.text or "", words)
    positions = shingle_positions(shingled, config.shingle_size)
    hashes = _sorted_unique(positions)  # sorts the positions in place too
    sig = lead = b""
    if len(hashes):
        values = minhash(hashes, num_perm=config.num_perm, seed=config.seed)
        sig = pack_signature(values)
        if config.lead_perm:
            lead = pack_signature(
                lead_signature(
                    shingled,
                    values,
                    k=config.shingle_size,
                    lead_words=config.lead_words,
                    lead_perm=config.lead_perm,
                    seed=config.seed,
                )
            )
    digest = stable_id(" ".join(words), length=40)  # content_hash() without normalising twice
    # Sentences only for the rule that reads them: they add up to 272 bytes to every node.
    sentenced = config.contain_sentences is not None
    worded = config.contain_words is not None or config.words_quoted is not None
    marks = b""
    if config.template_guard:
        marks = with_quotes(marks_of(article.text), article.text, sentenced, worded)
        if config.skeleton_contain is not None:  # a templated text's once-shingles
            marks = with_skeleton(marks, skeleton_of(positions, len(hashes)))
    return dataclasses.replace(article, content_hash=digest, signature=sig, lead=lead, marks=marks)


def to_node(article: Article, group: Optional[str] = None) -> Node:
    return Node(
        doc_id=article.doc_id,
        article_id=article.article_id,
        published_at=article.published_at,
        word_count=article.word_count,
        canonical_url=article.canonical_url,
        content_hash=article.content_hash,
        signature=article.signature,
        group=group,
        marks=article.marks or b"",
        lead=article.lead or b"",
        url=article.url,
        entry_id=article.entry_id,
    )


def apply_verdict(article: Article, a: Optional[Assignment]):
    """An article and its verdict (None: no copy) -> the kept Article or its DuplicateRow."""
    if a is None:
        return dataclasses.replace(article, cluster_id=article.article_id, duplicate_count=0)
    if a.match is None:
        rekeyed = {"article_id": a.article_id, "id_source": a.id_source} if a.article_id else {}
        return dataclasses.replace(
            article, cluster_id=a.cluster_id, duplicate_count=a.duplicate_count, **rekeyed
        )
    return duplicate_row(article, a)


def rekey(article: Article, taken) -> Article:
    """The article under another id (``clusters.identity``): ``taken`` holds its own."""
    article_id, source = identity(to_node(article), taken)
    return dataclasses.replace(article, article_id=article_id, id_source=source)


def duplicate_row(article: Article, a) -> DuplicateRow:
    return DuplicateRow(
        article_id=article.article_id,
        doc_id=article.doc_id,
        duplicate_of=a.duplicate_of,
        match=a.match,
        similarity=a.similarity,
        cluster_id=a.cluster_id,
        url=article.url,
        canonical_url=article.canonical_url,
        title=article.title,
        language=article.language,
        published_at=article.published_at,
        word_count=article.word_count,
        source_path=article.source_path,
        source_ref=article.source_ref,
    )


def match_keys(node: Node) -> list:
    """``(key, doc_id)`` for each exact match a node can have with another: the same canonical
    URL, the same text hash, the same MinHash signature (by its 64-bit digest)."""
    keys = []
    if node.canonical_url:
        keys.append("url:" + node.canonical_url)
    if node.content_hash:
        keys.append("text:" + node.content_hash)
    if node.signature:
        keys.append(f"sig:{signature_digest(node.signature):016x}")
    return [(key, node.doc_id) for key in keys]
