"""MinHash signatures over word shingles, LSH band keys and the Jaccard estimate (pure numpy)."""

import re
import threading
from typing import Optional

import numpy as np
import xxhash

from transforms.core.record import normalized_words
from transforms.core.words import split_unspaced

__all__ = [
    "band_keys",
    "hash_shingles",
    "jaccard_estimate",
    "lead_signature",
    "minhash",
    "pack_signature",
    "shingle_hashes",
    "shingle_positions",
    "shingle_words",
    "shingles",
    "unpack_signature",
    "word_shingles",
]

_MASK64 = (1 << 64) - 1
_EMPTY = np.uint32(0xFFFFFFFF)
_CHUNK = 4096  # shingles per block: bounds the (shingles x num_perm) matrix to a few MB


def shingles(text: str, k: int) -> set:
    """The set of ``k``-word shingles of the normalised text less Markdown (``shingle_words``);
    one shingle if it is shorter."""
    return word_shingles(shingle_words(text, normalized_words(text)), k)


# ``[text](url)``: a Markdown link; its URL is markup, its text is the story's words.
_MARKDOWN_LINK = re.compile(r"\]\((?:[A-Za-z][A-Za-z0-9+.-]*:|/|#)[^()\s]*\)")


def shingle_words(text: str, words: list) -> list:
    """The words a text is shingled by: its ``normalized_words`` (``words``) less Markdown, so
    a feed summary in Markdown and its content in HTML shingle alike: a link's URL is dropped
    and the underscores around a word (``_emphasis_``, ``__strong__``) are stripped, those
    inside one (``snake_case``) kept; a word of underscores alone (``___``, a rule) is none.
    ``normalized_words`` keeps them because the article ids are made from it."""
    if "](" in text:
        without = _MARKDOWN_LINK.sub("]", text)
        if without != text:
            words = normalized_words(without)
    if "_" in text:
        words = [bare for bare in (w.strip("_") for w in words) if bare]
    return words


def word_shingles(words: list, k: int) -> set:
    """``k``-word shingles of already normalised words; in Chinese, Japanese and Thai-like
    scripts each character counts as a word (``words.split_unspaced``)."""
    words = split_unspaced(words)
    if len(words) <= k:
        return {" ".join(words)} if words else set()
    return set(map(" ".join, zip(*(words[j:] for j in range(k)))))


def hash_shingles(items) -> np.ndarray:
    """Stable 64-bit hashes (xxh64 of the UTF-8 bytes, seed 0) of the shingles, sorted: the same
    on every process."""
    items = list(items)
    out = np.fromiter(map(xxhash.xxh64_intdigest, items), dtype=np.uint64, count=len(items))
    out.sort()
    return out


def shingle_hashes(words: list, k: int) -> np.ndarray:
    """``hash_shingles(word_shingles(words, k))`` without the set of strings: the shingles are
    hashed as they come and the hashes made unique (sorted), the same array."""
    return _sorted_unique(shingle_positions(words, k))


def shingle_positions(words: list, k: int) -> np.ndarray:
    """The 64-bit hash (``hash_shingles``) of the ``k``-word shingle at each position, in text
    order with repeats (one shingle if the text is shorter): what ``skeleton.skeleton_of``
    counts and ``shingle_hashes`` makes unique."""
    words = split_unspaced(words)
    if len(words) <= k:
        return hash_shingles([" ".join(words)] if words else [])
    grams = list(map(" ".join, zip(*(words[j:] for j in range(k)))))
    return np.fromiter(map(xxhash.xxh64_intdigest, grams), np.uint64, len(grams))


def _sorted_unique(values: np.ndarray) -> np.ndarray:
    """``np.unique`` for a short array: a sort and a mask (``np.unique`` hashes first)."""
    values.sort()
    return values[np.r_[True, values[1:] != values[:-1]]] if len(values) else values


def _splitmix64(state: int) -> tuple[int, int]:
    state = (state + 0x9E3779B97F4A7C15) & _MASK64
    z = state
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _MASK64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _MASK64
    return state, z ^ (z >> 31)


def _coefficients(num_perm: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Multiply-shift hash parameters from splitmix64: fixed by the seed, not by numpy's RNG."""
    state, values = seed & _MASK64, []
    for _ in range(2 * num_perm):
        state, z = _splitmix64(state)
        values.append(z)
    a = np.array(values[:num_perm], dtype=np.uint64) | np.uint64(1)  # odd multipliers
    b = np.array(values[num_perm:], dtype=np.uint64)
    return a, b


_COEFF_CACHE: dict = {}
# Each thread's (shingles x num_perm) work matrix, kept between calls. A text's matrix is a few
# hundred KB, and the workers of a local run set MALLOC_MMAP_THRESHOLD_ (runtime/local.py), so a
# new one per call was an mmap, a page fault per 4 KB and an munmap: ~97 faults and +30 % CPU
# per text (docs/performance.md). Bounded by _CHUNK rows: at most 4 MB a thread.
_SCRATCH = threading.local()


def _work_matrix(rows: int, cols: int) -> np.ndarray:
    held = getattr(_SCRATCH, "matrix", None)
    if held is None or held.size < rows * cols:
        held = _SCRATCH.matrix = np.empty(rows * cols, dtype=np.uint64)
    return held[: rows * cols].reshape(rows, cols)


def minhash(shingle_hashes, *, num_perm: int, seed: int, first: Optional[int] = None) -> np.ndarray:
    """MinHash signature (uint32, length ``num_perm``) of a set of 64-bit shingle hashes; with
    ``first``, only the first ``first`` of its values (the others are not computed).

    Permutation ``i`` is ``h_i(x) = (a_i * x + b_i mod 2**64) >> 32`` (multiply-shift). An empty set
    gives all ``0xFFFFFFFF``; callers keep such documents out of LSH.
    """
    key = (num_perm, seed)
    if key not in _COEFF_CACHE:
        _COEFF_CACHE[key] = _coefficients(num_perm, seed)
    a, b = _COEFF_CACHE[key]
    if first is not None:
        a, b = a[:first], b[:first]
    x = np.asarray(shingle_hashes, dtype=np.uint64)
    sig = np.full(len(a), _EMPTY, dtype=np.uint32)
    with np.errstate(over="ignore"):
        for start in range(0, len(x), _CHUNK):
            rows = x[start : start + _CHUNK, None]
            block = np.multiply(rows, a[None, :], out=_work_matrix(len(rows), len(a)))
            block += b  # in place: one (shingles x num_perm) matrix, not three
            # The shift is monotonic, so the minimum is taken first and only it is shifted.
            mins = (block.min(axis=0) >> np.uint64(32)).astype(np.uint32)
            np.minimum(sig, mins, out=sig)
    return sig


def lead_signature(
    words: list, sig: np.ndarray, *, k: int, lead_words: int, lead_perm: int, seed: int
):
    """The first ``lead_perm`` MinHash values (the same permutations as ``sig``, the text's
    signature) of the shingles of the first ``lead_words`` words: ``sig[:lead_perm]`` when the
    text is no longer than that."""
    units = split_unspaced(words)
    if len(units) <= lead_words:
        return sig[:lead_perm].copy()
    hashes = shingle_hashes(units[:lead_words], k)
    return minhash(hashes, num_perm=len(sig), seed=seed, first=lead_perm)


def band_keys(sig: np.ndarray, bands: int, rows: int) -> list:
    """One key per band: 2-byte band index + xxh64 of the band's ``rows`` values (10 bytes)."""
    data = np.ascontiguousarray(sig[: bands * rows], dtype="<u4").reshape(bands, rows)
    return [i.to_bytes(2, "little") + xxhash.xxh64_digest(data[i].tobytes()) for i in range(bands)]


def jaccard_estimate(a: np.ndarray, b: np.ndarray) -> float:
    """Share of equal signature positions: an unbiased estimate of the Jaccard similarity."""
    if len(a) != len(b):
        raise ValueError(f"signatures differ in length: {len(a)} != {len(b)}")
    return float(np.count_nonzero(np.asarray(a) == np.asarray(b))) / len(a) if len(a) else 0.0


def pack_signature(sig: np.ndarray) -> bytes:
    """Little-endian uint32 bytes, as stored in ``Article.signature`` and the index."""
    return np.asarray(sig, dtype="<u4").tobytes()


def unpack_signature(data: bytes) -> np.ndarray:
    return np.frombuffer(data, dtype="<u4").astype(np.uint32)
