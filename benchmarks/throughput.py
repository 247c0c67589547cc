"""Throughput: the whole newsbeam pipeline against a hand-written multiprocessing script, same run.

    python benchmarks/throughput.py [CORPUS] [--data PATH] [--workers 1,2] [--repeats 3]
                                    [--scale 10] [--limit N] [--skip-scaled]
                                    [--datatrove-python PATH]

CORPUS: a folder of HTML pages: every ``.html``, ``.htm``, ``.xhtml``, ``.shtml`` file (each maybe
``.gz``) in it and its subfolders, and any other file that starts like HTML (the rest are listed
and left out; hidden files skipped). Default: the 990 real pages of
``<data>/extraction/trafilatura-eval/html`` (``--data`` defaults to ../shared/data). They are
copied once, flat and unpacked, into a temporary folder as plain ``.html`` files, so every
system reads the same bytes. A second corpus ``--scale`` times larger repeats every page with a
small unique change (a paragraph naming the copy), to show that memory does not grow with the
corpus.

Each side runs as its own process, timed from outside (start-up and imports included), with
peak memory = the largest sum of RSS over the process and all its children (sampled every
50 ms) and the largest sum of PSS (every 200 ms). RSS counts a page shared by forked processes
(libraries loaded before the fork) once in each of them; PSS splits it between them, so its sum
is the memory the run really holds. Both are printed, "RSS / PSS":

- ``newsbeam``: ``python -m pipeline run --input CORPUS/* --workers N`` with the default config
  (every stage: read, decode, extract, filter, language, dedup, topics, Parquet, commit). Its
  per-stage times come from the runner's execution-time metrics in the run manifest.
- ``script``: ``python benchmarks/throughput.py --script CORPUS --workers N``: the same work with
  the same functions and settings, no Beam: a ``multiprocessing.Pool`` maps read + decode +
  extract + filter + language + MinHash + topics over the files; the parent groups LSH bands,
  verifies candidates, picks canonical copies and writes the Parquet tables with pyarrow. With
  2+ workers the parent first builds extraction's one-time caches (``html_extract.warm_up``)
  and the pool's processes share them, as newsbeam's forked workers do.
- ``datatrove`` (optional, never a dependency: it pins trafilatura < 1.12, newsbeam needs >= 2,
  so it lives in a venv of its own): ``PY benchmarks/datatrove_steps.py CORPUS --workers N`` with
  ``PY`` = ``--datatrove-python`` (default: this interpreter; skipped with a note when datatrove
  does not import there): one document per file, datatrove's Trafilatura extractor with newsbeam's
  ``extract:`` settings, the ``filter:`` minimums, langdetect on 2,000 characters, datatrove's
  MinHash (5-word shingles, 128 permutations) and its Parquet writer, LocalPipelineExecutor with
  ``tasks = workers = N``. No decode/charset detection, metadata, dedup or topics: see its docstring.

Prints pages/s (median of ``--repeats`` runs, min-max), the newsbeam/script ratio, per-stage
ms/page and peak MB, for each worker count, then the scaled corpus (one run each).
"""

import argparse
import collections
import gzip
import hashlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

RUN_DATE = "2026-01-01"


# ---------------------------------------------------------------- corpus


PAGE_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml")


def _read_page(path: Path) -> bytes:
    """A page's bytes, unpacked when ``.gz`` (a broken ``.gz`` as it is: a bad page to
    every system alike)."""
    data = path.read_bytes()
    if path.name.endswith(".gz"):
        try:
            return gzip.decompress(data)
        except (OSError, EOFError):
            return data
    return data


def _looks_like_html(path: Path) -> bool:
    """An HTML doctype or ``<html`` in the first 2 KB (of the unpacked bytes for ``.gz``)."""
    try:
        if path.name.endswith(".gz"):
            with gzip.open(path, "rb") as fh:
                head = fh.read(2048)
        else:
            with open(path, "rb") as fh:
                head = fh.read(2048)
    except (OSError, EOFError):
        return False
    head = head.lower()
    return b"<!doctype html" in head or b"<html" in head


def find_pages(source: Path) -> tuple:
    """The pages under ``source`` and all its subfolders, sorted by path, and the other files
    (relative names): ``([Path], [str])``. A page is a file named ``.html``, ``.htm``,
    ``.xhtml`` or ``.shtml`` (each maybe ``.gz``), or any other file that starts like HTML.
    Hidden files and folders are left out."""
    pages, skipped = [], []
    for path in sorted(source.rglob("*")):
        rel = path.relative_to(source)
        if not path.is_file() or any(part.startswith(".") for part in rel.parts):
            continue
        name = path.name.lower().removesuffix(".gz")
        if name.endswith(PAGE_SUFFIXES) or _looks_like_html(path):
            pages.append(path)
        else:
            skipped.append(rel.as_posix())
    return pages, skipped


def _stem(rel: str) -> str:
    """A flat file name for a page's relative path: folders joined by ``__``, suffixes off."""
    name = rel.removesuffix(".gz")
    for suffix in PAGE_SUFFIXES:
        if name.lower().endswith(suffix):
            name = name[: -len(suffix)]
            break
    name = name.replace("/", "__") or "page"
    if len(name.encode()) > 150:  # file names are at most 255 bytes
        digest = hashlib.sha1(name.encode()).hexdigest()[:12]
        name = name.encode()[:100].decode(errors="ignore") + "-" + digest
    return name


def build_corpus(
    source: Path, dest: Path, *, scale: int = 1, limit: int = 0, pages: list = None
) -> int:
    """Copy the pages under ``source`` (``pages``, default ``find_pages(source)``) into ``dest``
    as flat, unpacked ``.html`` files, ``scale`` copies each; return the count."""
    if pages is None:
        pages, _ = find_pages(source)
    if limit:
        pages = pages[:limit]
    dest.mkdir(parents=True, exist_ok=True)
    seen = set()
    for page in pages:
        stem = _stem(page.relative_to(source).as_posix())
        while stem.lower() in seen:  # a.html and a.htm in one folder
            stem += "_"
        seen.add(stem.lower())
        data = _read_page(page)
        for copy in range(scale):
            body = data
            if scale > 1:
                mark = f"<p>Archive copy {copy} of page {stem}.</p>".encode(
                    "ascii", "xmlcharrefreplace"
                )
                cut = body.lower().rfind(b"</body>")
                body = body[:cut] + mark + body[cut:] if cut >= 0 else body + mark
            (dest / f"{stem}-{copy:03d}.html").write_bytes(body)
    n = sum(1 for _ in dest.iterdir())
    if n != len(pages) * scale:
        raise RuntimeError(f"{len(pages) * scale} pages expected in {dest}, {n} written")
    return n


# ---------------------------------------------------------------- measuring a process


def _tree(pid: int) -> tuple:
    """``pid`` and all its descendants, and the RSS (bytes) of each, from /proc."""
    children = collections.defaultdict(list)
    rss = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        ppid, pages = int(fields[1]), int(fields[21])
        children[ppid].append(int(entry))
        rss[int(entry)] = pages * os.sysconf("SC_PAGE_SIZE")
    tree, todo = [], [pid]
    while todo:
        p = todo.pop()
        tree.append(p)
        todo.extend(children.get(p, ()))
    return tree, rss


def _pss(pids: list) -> int:
    """Sum of PSS (bytes) of ``pids``: each shared page counted once, split between the
    processes sharing it (0 where /proc has no smaps_rollup)."""
    total = 0
    for p in pids:
        try:
            with open(f"/proc/{p}/smaps_rollup") as fh:
                for line in fh:
                    if line.startswith("Pss:"):
                        total += int(line.split()[1]) * 1024
                        break
        except OSError:
            continue
    return total


def measure(cmd: list, *, cwd: Path) -> dict:
    """Run ``cmd``; wall seconds, peak RSS and peak PSS of its process tree (MB), exit code,
    output. RSS every 0.05 s, PSS (dearer to read) every 0.2 s."""
    peak = [0, 0]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    def sample():
        tick = 0
        while proc.poll() is None:
            tree, rss = _tree(proc.pid)
            peak[0] = max(peak[0], sum(rss.get(p, 0) for p in tree))
            if tick % 4 == 0:
                peak[1] = max(peak[1], _pss(tree))
            tick += 1
            time.sleep(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = proc.communicate()
    wall = time.perf_counter() - start
    sampler.join()
    if proc.returncode not in (0, 4):  # 4: the run finished but did not balance (reported)
        raise RuntimeError(f"{' '.join(cmd)} exited {proc.returncode}:\n{err[-3000:]}")
    return {"wall": wall, "peak_mb": peak[0] / 2**20, "peak_pss_mb": peak[1] / 2**20, "stdout": out}


# ---------------------------------------------------------------- the hand-written script


def _script_init():
    global _STATE
    from pipeline.config.settings import load_settings
    from transforms.extract.html import ExtractConfig
    from transforms.language.detect import make_detector_factory
    from transforms.topics.classify import build_index
    from transforms.topics.taxonomy import load_taxonomy

    settings = load_settings(None)
    ex = settings.extract
    _STATE = {
        "settings": settings,
        "extract": ExtractConfig(
            favor=ex["favor"],
            include_tables=ex["include_tables"],
            include_comments=ex["include_comments"],
        ),
        "taxonomy": load_taxonomy(settings.topics["taxonomy"]),
        "factory": make_detector_factory(0),
    }
    _STATE["index"] = build_index(_STATE["taxonomy"])


def _script_file(path: str):
    """Everything per document, as the pipeline's DoFns do it; returns (records, stage seconds)."""
    import dataclasses
    import datetime as dt

    from pipeline.graph.batch import dedup_config
    from transforms.core.record import Article
    from transforms.dedup.find_duplicates import fingerprint
    from transforms.extract.decode import decode_bytes
    from transforms.extract.filter import FilterConfig, rejection_reason
    from transforms.extract.html import extract_html
    from transforms.extract.stage import apply_extracted
    from transforms.extract.text_clean import clean_plain_text
    from transforms.language.detect import detect, language_sample
    from transforms.read.documents import explode_file
    from transforms.topics.classify import classify

    s = _STATE
    settings = s["settings"]
    run_date = dt.date.fromisoformat(RUN_DATE)
    times = collections.Counter()
    out = []
    t = time.perf_counter()
    with open(path, "rb") as fh:
        data = fh.read()
    items = explode_file(path, data, max_bytes=settings.read["max_bytes"])
    times["read"] += time.perf_counter() - t
    for a in items:
        if not isinstance(a, Article):
            out.append(("other", a))
            continue
        try:
            t = time.perf_counter()
            text, encoding = decode_bytes(a.raw or b"", header=a.encoding)
            a = dataclasses.replace(a, raw=None, content=text, encoding=encoding)
            t2 = time.perf_counter()
            times["decode"] += t2 - t
            if a.source_format == "html":
                page = extract_html(a.content, url=a.url, run_date=run_date, config=s["extract"])
            else:
                page = clean_plain_text(a.content)
            if not getattr(page, "is_article", True):
                out.append(("rejected", a.doc_id))
                times["extract"] += time.perf_counter() - t2
                continue
            a = apply_extracted(a, page, run_date=run_date)
            t3 = time.perf_counter()
            times["extract"] += t3 - t2
            if rejection_reason(a, FilterConfig(**settings.filter)):
                out.append(("rejected", a.doc_id))
                continue
            sample = language_sample(
                a.title, a.text or "", max_chars=settings.language["sample_chars"]
            )
            language, score = detect(s["factory"], sample)
            a = dataclasses.replace(a, language=language, language_score=score)
            t4 = time.perf_counter()
            times["language"] += t4 - t3
            a = fingerprint(a, dedup_config(settings.dedup))
            t5 = time.perf_counter()
            times["minhash"] += t5 - t4
            topics = classify(
                a.title,
                a.text or "",
                taxonomy=s["taxonomy"],
                max_topics=settings.topics["max_topics"],
                min_score=settings.topics["min_score"],
                index=s["index"],
                language=a.language,  # as the stage does: who acts needs the detected language
            )
            a = dataclasses.replace(
                a,
                topics=topics,
                topic=topics[0].code if topics else None,
                topic_label=topics[0].label if topics else None,
                taxonomy_version=s["taxonomy"].version,
            )
            times["topics"] += time.perf_counter() - t5
            out.append(("article", a))
        except Exception:  # noqa: BLE001 - counted like the pipeline's error rows
            out.append(("error", a.doc_id))
    return out, times


def run_script(corpus: Path, output: Path, workers: int) -> dict:
    """The baseline: a Pool for the per-document work, dedup and Parquet in the parent."""
    import multiprocessing as mp

    import pyarrow as pa
    import pyarrow.parquet as pq

    from pipeline.config.settings import load_settings
    from pipeline.graph.batch import dedup_config
    from transforms.dedup.minhash import band_keys, jaccard_estimate, unpack_signature
    from transforms.sink.schema import SCHEMAS, RunInfo, file_schema, to_row

    started = time.perf_counter()
    settings = load_settings(None)
    config = dedup_config(settings.dedup)
    files = sorted(str(p) for p in corpus.iterdir())
    times = collections.Counter()
    articles, counts = [], collections.Counter()
    ctx = mp.get_context("fork")
    if workers > 1:  # as newsbeam's worker loader: one-time caches built once, then forked
        from pipeline.runtime.jt_stoplist import freeze_jt_stoplist
        from transforms.extract.html import warm_up

        freeze_jt_stoplist()
        warm_up()
    with ctx.Pool(workers, initializer=_script_init) as pool:
        for records, t in pool.imap_unordered(_script_file, files, chunksize=4):
            times.update(t)
            for kind, value in records:
                counts[kind] += 1
                if kind == "article":
                    articles.append(value)
    t = time.perf_counter()
    # Dedup: exact hash, then LSH buckets verified by the signatures' Jaccard estimate.
    articles.sort(
        key=lambda a: (a.published_at is None, a.published_at or 0, -a.word_count, a.doc_id)
    )
    parent = {}

    def find(x):
        while parent.get(x, x) != x:
            x = parent[x]
        return x

    first_by_key = {}
    for i, a in enumerate(articles):
        sig = unpack_signature(a.signature) if a.signature else None
        keys = [("hash", a.content_hash)]
        if a.canonical_url:
            keys.append(("url", a.canonical_url))
        if sig is not None:
            keys += [("band", k) for k in band_keys(sig, config.bands, config.rows)]
        for key in keys:
            j = first_by_key.setdefault(key, i)
            if j == i or find(j) == find(i):
                continue
            if key[0] == "band":
                other = unpack_signature(articles[j].signature)
                if jaccard_estimate(sig, other) < config.threshold:
                    continue
            parent[find(i)] = find(j)
    kept = [a for i, a in enumerate(articles) if find(i) == i]
    counts["duplicates"] = len(articles) - len(kept)
    times["dedup"] += time.perf_counter() - t
    t = time.perf_counter()
    import datetime as dt

    run = RunInfo(run_id="script", run_date=dt.date.fromisoformat(RUN_DATE))
    by_language = collections.defaultdict(list)
    for a in kept:
        by_language[a.language].append(to_row(a, run))
    schema = file_schema("articles", ("ingest_date", "language"))
    for language, rows in sorted(by_language.items()):
        rows.sort(key=lambda r: (r["article_id"], r["doc_id"]))
        folder = output / "articles" / f"ingest_date={RUN_DATE}" / f"language={language}"
        folder.mkdir(parents=True, exist_ok=True)
        table = pa.Table.from_pylist(
            [{f.name: r.get(f.name) for f in schema} for r in rows], schema
        )
        pq.write_table(table, folder / "part-script-00000.parquet", compression="zstd")
    assert SCHEMAS["articles"]
    times["write"] += time.perf_counter() - t
    return {
        "pages": len(files),
        "articles": len(kept),
        "counts": dict(counts),
        "stage_s": dict(times),
        "wall_inside": time.perf_counter() - started,
    }


# ---------------------------------------------------------------- datatrove (optional)

DATATROVE_STEPS = Path(__file__).resolve().with_name("datatrove_steps.py")
DATATROVE_HINT = (
    "pip install 'datatrove[processing]' langdetect pyarrow lxml_html_clean in a venv of its own "
    "(datatrove pins trafilatura<1.12, newsbeam needs >=2), then --datatrove-python VENV/bin/python"
)


def datatrove_python(python: str) -> tuple:
    """``(python, version)`` when datatrove imports in ``python``, else ``(None, why not)``."""
    probe = (
        "import datatrove, langdetect, pyarrow, trafilatura; from importlib.metadata import version;"
        " print(version('datatrove'), version('trafilatura'))"
    )
    try:
        done = subprocess.run(
            [python, "-c", probe], capture_output=True, text=True, timeout=120, check=False
        )
    except OSError as exc:
        return None, str(exc)
    if done.returncode != 0:
        return None, (done.stderr.strip().splitlines() or ["import failed"])[-1]
    datatrove, trafilatura = done.stdout.split()
    return python, f"datatrove {datatrove}, trafilatura {trafilatura}"


# ---------------------------------------------------------------- the comparison


def _newsbeam(corpus: Path, work: Path, workers: int) -> dict:
    out = work / f"nb-{workers}-{time.monotonic_ns()}"
    cmd = [sys.executable, "-m", "pipeline", "run", "--input", f"{corpus}/*", "--output", str(out)]
    cmd += ["--run-date", RUN_DATE, "--workers", str(workers), "--quiet"]
    result = measure(cmd, cwd=ROOT)
    [manifest] = (out / "_runs").glob("*.json")
    result["manifest"] = json.loads(manifest.read_text())
    shutil.rmtree(out, ignore_errors=True)
    return result


def _script(corpus: Path, work: Path, workers: int) -> dict:
    out = work / f"script-{workers}-{time.monotonic_ns()}"
    cmd = [sys.executable, str(Path(__file__).resolve()), "--script", str(corpus)]
    cmd += ["--workers", str(workers), "--output", str(out)]
    result = measure(cmd, cwd=ROOT)
    result["report"] = json.loads(result["stdout"].strip().splitlines()[-1])
    shutil.rmtree(out, ignore_errors=True)
    return result


def _datatrove(corpus: Path, work: Path, workers: int, python: str) -> dict:
    out = work / f"dt-{workers}-{time.monotonic_ns()}"
    cmd = [python, str(DATATROVE_STEPS), str(corpus), "--workers", str(workers)]
    cmd += ["--output", str(out)]
    result = measure(cmd, cwd=ROOT)
    result["report"] = json.loads(result["stdout"].strip().splitlines()[-1])
    shutil.rmtree(out, ignore_errors=True)
    return result


def _fmt_rate(pages: int, walls: list) -> str:
    rates = sorted(pages / w for w in walls)
    return f"{statistics.median(rates):7.1f} ({rates[0]:.1f}-{rates[-1]:.1f})"


STAGES = {
    "ReadDocuments": "read",
    "DecodeDocuments": "decode",
    "ExtractArticles": "extract",
    "FilterArticles": "filter",
    "DetectLanguage": "language",
    "ClusterNodes": "dedup",
    "ClassifyTopics": "topics",
}


def _stage_line(stage_ms: dict, pages: int) -> str:
    return "  ".join(f"{k} {v / pages:.1f}" for k, v in stage_ms.items() if v / pages >= 0.05)


def compare(
    corpus: Path, pages: int, work: Path, workers_list: list, repeats: int, datatrove: tuple
) -> None:
    """``datatrove``: ``(python, description)`` from ``datatrove_python`` (python None: skip)."""
    print(
        f"\ncorpus: {pages} pages ({corpus}); {repeats} runs each, interleaved; load {os.getloadavg()[0]:.2f}"
    )
    print(
        f"  {'system':<10} {'workers':>7}  {'pages/s median (min-max)':>26}  {'vs script':>9}  "
        f"{'peak MB RSS / PSS':>17}"
    )
    dt_python, dt_about = datatrove
    for workers in workers_list:
        runs = collections.defaultdict(list)
        for _ in range(repeats):
            runs["newsbeam"].append(_newsbeam(corpus, work, workers))
            runs["script"].append(_script(corpus, work, workers))
            if dt_python:
                runs["datatrove"].append(_datatrove(corpus, work, workers, dt_python))
        base = statistics.median(pages / r["wall"] for r in runs["script"])
        for system, results in runs.items():
            rate = statistics.median(pages / r["wall"] for r in results)
            peak = max(r["peak_mb"] for r in results)
            pss = max(r["peak_pss_mb"] for r in results)
            print(
                f"  {system:<10} {workers:>7}  {_fmt_rate(pages, [r['wall'] for r in results]):>26}"
                f"  {rate / base:9.2f}  {peak:8.0f} / {pss:6.0f}"
            )
        nb = runs["newsbeam"][len(runs["newsbeam"]) // 2]
        manifest = nb["manifest"]
        stage_ms = {STAGES.get(k, k): v for k, v in manifest.get("stage_msecs", {}).items()}
        print(
            f"    newsbeam ms/page by stage (CPU time summed over workers): {_stage_line(stage_ms, pages)}"
        )
        balance = [r["manifest"]["balanced"] for r in runs["newsbeam"]]
        print(
            f"    newsbeam tables: {manifest['tables']}, inputs {manifest['inputs']}, balanced in "
            f"{sum(balance)}/{len(balance)} runs (wall inside the run {manifest.get('wall_seconds')} s)"
        )
        sc = runs["script"][len(runs["script"]) // 2]["report"]
        script_ms = {k: v * 1000 for k, v in sc["stage_s"].items()}
        print(
            f"    script   ms/page by stage (summed over workers): {_stage_line(script_ms, pages)}"
        )
        print(f"    script   counts: {sc['counts']}, articles written {sc['articles']}")
        if dt_python:
            _datatrove_lines(runs, pages, dt_about)
    if not dt_python:
        print(f"  datatrove: not installed ({DATATROVE_HINT}; {dt_about})")


def _datatrove_lines(runs: dict, pages: int, about: str) -> None:
    dt = runs["datatrove"][len(runs["datatrove"]) // 2]["report"]
    print(
        f"    datatrove ms/page by step (summed over tasks; {about}): "
        f"{_stage_line(dt['stage_ms'], 1)}"
    )
    counts = {step: c for step, c in dt["counts"].items() if c}
    print(f"    datatrove counts: {counts}, documents written {dt['written']}")
    nb = statistics.median(pages / r["wall"] for r in runs["newsbeam"])
    trove = statistics.median(pages / r["wall"] for r in runs["datatrove"])
    print(f"    newsbeam / datatrove: {nb / trove:.2f} ({nb:.1f} / {trove:.1f} pages/s, medians)")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="?", help="folder of .html/.html.gz pages")
    parser.add_argument("--data", default=str(ROOT.parent / "shared" / "data"))
    parser.add_argument("--workers", default="1,2", help="worker counts, e.g. 1,2")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--scale", type=int, default=10, help="size of the scaled corpus")
    parser.add_argument("--limit", type=int, default=0, help="use only the first N pages")
    parser.add_argument("--skip-scaled", action="store_true")
    parser.add_argument("--script", help=argparse.SUPPRESS)
    parser.add_argument(
        "--datatrove-python",
        default=sys.executable,
        help="an interpreter where datatrove is importable (default: this one); "
        "datatrove runs there as its own process",
    )
    parser.add_argument("--output", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.script:
        report = run_script(Path(args.script), Path(args.output), int(args.workers))
        print(json.dumps(report))
        return 0
    source = (
        Path(args.corpus) if args.corpus else Path(args.data) / "extraction/trafilatura-eval/html"
    )
    if not source.is_dir():
        parser.error(f"no corpus at {source}: pass CORPUS or --data")
    pages, skipped = find_pages(source)
    if not pages:
        parser.error(
            f"no HTML pages under {source}: looked for {', '.join(PAGE_SUFFIXES)} (maybe .gz) "
            f"and files that start like HTML; {len(skipped)} other files"
        )
    if skipped:
        shown = ", ".join(skipped[:5]) + (", ..." if len(skipped) > 5 else "")
        print(f"{source}: {len(skipped)} files that are not HTML pages left out: {shown}")
    workers_list = [int(w) for w in args.workers.split(",")]
    datatrove = datatrove_python(args.datatrove_python)
    with tempfile.TemporaryDirectory(prefix="nb-throughput-") as tmp:
        work = Path(tmp)
        count = build_corpus(source, work / "corpus", limit=args.limit, pages=pages)
        compare(work / "corpus", count, work, workers_list, args.repeats, datatrove)
        if not args.skip_scaled and args.scale > 1:
            scaled = build_corpus(
                source, work / "scaled", scale=args.scale, limit=args.limit, pages=pages
            )
            compare(work / "scaled", scaled, work, [max(workers_list)], 1, datatrove)
    return 0


if __name__ == "__main__":
    sys.exit(main())
