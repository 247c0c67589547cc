"""datatrove doing newsbeam's default work, for benchmarks/throughput.py (run where datatrove is).

    /tmp/dt-venv/bin/python benchmarks/datatrove_steps.py CORPUS --workers N --output DIR

Runs with an interpreter that has ``datatrove[processing]``, ``langdetect`` and ``pyarrow``; it
imports nothing from newsbeam (datatrove pins trafilatura < 1.12, newsbeam needs >= 2, so the two
cannot share an environment). Pipeline, one ``LocalPipelineExecutor(tasks=N, workers=N)``:

1. ``HtmlFileReader``: every file of CORPUS is one document (UTF-8, undecodable bytes replaced).
2. datatrove's ``Trafilatura`` extractor with newsbeam's default settings (``extract:`` in
   configs/default.yaml: favor balanced -> ``favour_precision=False``, tables kept, comments
   dropped; trafilatura's process-wide dedup cache off, as newsbeam keeps it off).
3. A ``LambdaFilter`` with newsbeam's ``filter:`` minimums (50 words, 200 characters).
4. ``LangdetectLanguage``: langdetect (seeded private factory, every profile) on the first
   2,000 characters cut at a word boundary; fastText models cannot be downloaded here.
5. ``MinhashSignature``: datatrove's own MinHash stage-1 code (``simplify_text``, 5-word n-grams,
   xxhash, 32 x 4 = 128 permutations, 32-bit), with a whitespace word tokenizer as newsbeam's
   shingling uses (datatrove's English tokenizer needs spaCy). The signature goes into the
   document's metadata instead of bucket files, so the writer still sees every document.
6. ``ParquetWriter`` (zstd, metadata expanded into columns).

Not comparable on purpose or by necessity (newsbeam does these, datatrove here does not):
charset detection (newsbeam: BOM, declared charset, charset-normalizer), metadata and date
extraction (htmldate), URL/exact/near-duplicate clustering (only signatures are computed),
IPTC topics, partitioned tables and the run manifest. datatrove runs trafilatura in a sandbox
child process per task (HTML and text cross a pipe), and with its own pin, trafilatura 1.11:
``extract()`` with these settings costs 21.1 ms/page vs 24.1 for newsbeam's 2.3.1 (CPU, 200 of
the 990 pages, one process; 5 % less text).

Prints one JSON line: pages, documents written, datatrove's per-step counters and ms/page.
"""

import argparse
import json
import sys
from pathlib import Path

from datatrove.pipeline.base import PipelineStep
from datatrove.pipeline.readers.base import BaseDiskReader
from datatrove.utils.word_tokenizers import WordTokenizer

SAMPLE_CHARS = 2000  # language.sample_chars
MIN_WORDS, MIN_CHARS = 50, 200  # filter.min_words, filter.min_chars


class HtmlFileReader(BaseDiskReader):
    """One document per file: the whole file, decoded as UTF-8 (bad bytes replaced)."""

    name = "HTML files"

    def read_file(self, filepath: str):
        with self.data_folder.open(filepath, "rb") as fh:
            with self.track_time():
                html = fh.read().decode("utf-8", "replace")
                document = self.get_document_from_dict({"text": html, "id": filepath}, filepath, 0)
        if document:
            yield document


def language_sample(text: str, max_chars: int = SAMPLE_CHARS) -> str:
    """The start of the text cut at a word boundary (as newsbeam's ``language_sample``)."""
    if len(text) <= max_chars:
        return text
    cut = text.rfind(" ", 0, max_chars)
    return text[: cut if cut > max_chars // 2 else max_chars]


class LangdetectLanguage(PipelineStep):
    """langdetect on the first 2,000 characters; ``language`` and ``language_score`` metadata."""

    type = "LANG"
    name = "langdetect"

    def __init__(self, seed: int = 0):
        super().__init__()
        self.seed = seed
        self._factory = None

    def run(self, data, rank: int = 0, world_size: int = 1):
        from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory
        from langdetect.lang_detect_exception import LangDetectException

        if self._factory is None:
            self._factory = DetectorFactory()
            self._factory.load_profile(PROFILES_DIRECTORY)
            self._factory.seed = self.seed
        for doc in data:
            self.stat_update("total")
            with self.track_time():
                detector = self._factory.create()
                detector.append(language_sample(doc.text))
                try:
                    best = detector.get_probabilities()[0]
                    language, score = best.lang, best.prob
                except (LangDetectException, IndexError):
                    language, score = "und", 0.0
                doc.metadata["language"] = language
                doc.metadata["language_score"] = score
            self.stat_update(language)
            yield doc


class WhitespaceTokenizer(WordTokenizer):
    """Words are what ``str.split`` gives (newsbeam's shingling); no spaCy/NLTK data needed."""

    def word_tokenize(self, text: str) -> list:
        return text.split()

    def sent_tokenize(self, text: str) -> list:
        return [text]

    def span_tokenize(self, text: str) -> list:
        return [(0, len(text))]


class MinhashSignature(PipelineStep):
    """datatrove's MinHash stage-1 signature, kept in ``metadata["minhash"]`` (uint32 bytes)."""

    type = "DEDUP"
    name = "MinHash signature"

    def __init__(self, n_grams: int = 5, bands: int = 32, rows: int = 4):
        super().__init__()
        self.n_grams, self.bands, self.rows = n_grams, bands, rows
        self._stage = None

    def _signer(self):
        from datatrove.pipeline.dedup.minhash import MinhashConfig, MinhashDedupSignature
        from datatrove.utils.hashing import HashConfig

        config = MinhashConfig(
            n_grams=self.n_grams,
            num_buckets=self.bands,
            hashes_per_bucket=self.rows,
            hash_config=HashConfig(precision=32, hash_fc="xxhash"),
        )
        # Only its signature methods are used; the folder is never written to.
        return MinhashDedupSignature("/nonexistent", config=config, language=WhitespaceTokenizer())

    def run(self, data, rank: int = 0, world_size: int = 1):
        import numpy as np

        if self._stage is None:
            self._stage = self._signer()
        for doc in data:
            self.stat_update("total")
            with self.track_time():
                shingles = self._stage.get_shingles(doc.text)
                sig = b""
                if shingles.size:
                    buckets = self._stage.get_signature(shingles)
                    sig = np.asarray(buckets, dtype=np.uint32).tobytes()
                doc.metadata["minhash"] = sig
            yield doc


def _long_enough(doc) -> bool:
    return len(doc.text) >= MIN_CHARS and len(doc.text.split()) >= MIN_WORDS


STEP_LABELS = ("read", "extract", "filter", "language", "minhash", "write")  # build_pipeline order
COUNTED = ("documents", "forwarded", "dropped", "timeout", "clean_error", "broken_process")


def build_pipeline(corpus: str, output: str) -> list:
    from datatrove.pipeline.extractors import Trafilatura
    from datatrove.pipeline.filters import LambdaFilter
    from datatrove.pipeline.writers import ParquetWriter

    return [
        HtmlFileReader(corpus),
        Trafilatura(
            favour_precision=False,  # extract.favor: balanced
            include_tables=True,  # extract.include_tables (comments: always off in datatrove)
            deduplicate=False,
            timeout=30,  # extract.timeout_s
        ),
        LambdaFilter(_long_enough),
        LangdetectLanguage(),
        MinhashSignature(),
        ParquetWriter(output, compression="zstd", expand_metadata=True),
    ]


def _report(stats, pages: int, output: Path) -> dict:
    import pyarrow.parquet as pq

    written = sum(pq.read_metadata(p).num_rows for p in output.rglob("*.parquet"))
    counts, stage_ms = {}, {}
    for short, step in zip(STEP_LABELS, stats.stats):
        body = step.to_dict()
        stage_ms[short] = body["time_stats"]["total"] * 1000 / max(pages, 1)
        counts[short] = {
            k: v["total"] if isinstance(v, dict) else v
            for k, v in body["stats"].items()
            if k in COUNTED
        }
    return {"pages": pages, "written": written, "counts": counts, "stage_ms": stage_ms}


def main(argv=None) -> int:
    from datatrove.executor import LocalPipelineExecutor
    from datatrove.utils.logging import logger

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus")
    parser.add_argument("--workers", type=int, default=1, help="tasks = workers = N")
    parser.add_argument("--output", required=True)
    args = parser.parse_args(argv)
    logger.remove()  # quiet: the benchmark reads only our JSON line
    logger.add(sys.stderr, level="WARNING")
    out = Path(args.output)
    pages = sum(1 for p in Path(args.corpus).iterdir() if p.is_file())
    stats = LocalPipelineExecutor(
        pipeline=build_pipeline(args.corpus, str(out / "articles")),
        tasks=args.workers,
        workers=args.workers,
        logging_dir=str(out / "logs"),
    ).run()
    print(json.dumps(_report(stats, pages, out / "articles")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
