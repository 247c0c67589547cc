"""CPU per text of each pure step a plain JSON-lines text goes through in `newsbeam run`.

On ``dedup.synthetic_shard``'s texts (those of ``dedup_cli_scale.py``), one process per side:
``clean_plain_text`` (extraction of plain text), the word count of ``apply_extracted`` and the
filter's rule (``rejection_reason``: its character count), ``detect_article`` (declared ``en``), ``fingerprint``,
then ``on_disk.stream_verdicts`` over all the nodes (the disk engine's clustering). Each step's
thread CPU time per text, clustering's process CPU (its threads included), a digest of the
verdicts (equal digests, equal clusters) and one of every step's output per text (cleaned text,
counts, rejection, language, the node with its signature, lead and marks). With
``--baseline-rev REV`` the code of git revision REV runs too, the sides alternating ``--rounds``
times, so both see the same machine state. Run it with ``pipeline.runtime.local.MEMORY_ENV`` in
the environment to measure as a local run's workers run (their glibc settings).

    nice python benchmarks/text_stages.py --docs 10000 --baseline-rev main --rounds 2
"""

import argparse
import collections
import dataclasses
import hashlib
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def measure(code: Path, n: int) -> None:
    """Runs in the side's own interpreter, with ``code`` first on the path; prints one row."""
    sys.path[:0] = [str(code), str(code / "benchmarks")]
    from dedup import synthetic_shard

    from transforms.core.words import count_words
    from transforms.dedup.config import DedupConfig
    from transforms.dedup.on_disk import stream_verdicts
    from transforms.dedup.verdicts import fingerprint, to_node
    from transforms.extract.filter import FilterConfig, rejection_reason
    from transforms.extract.text_clean import clean_plain_text
    from transforms.language.detect import detect_article, shared_detector_factory

    shards = max(1, n // 2_500)  # the shards dedup_cli_scale.write_inputs writes
    docs = [d for shard in range(shards) for d in synthetic_shard(shard, n // shards)]
    profiles, config = shared_detector_factory(0), DedupConfig()
    spent: collections.Counter = collections.Counter()

    def timed(name, fn, *args, **kwargs):
        start = time.thread_time()
        out = fn(*args, **kwargs)
        spent[name] += time.thread_time() - start
        return out

    nodes, rows = [], hashlib.sha256()
    for doc in docs:
        page = timed("clean_plain_text", clean_plain_text, doc.text)
        words = timed("counts", count_words, page.text)
        article = dataclasses.replace(doc, text=page.text, word_count=words)
        reason = timed("counts", rejection_reason, article, FilterConfig())
        language = timed("language", detect_article, profiles, doc.title, page.text, declared="en")
        nodes.append(to_node(timed("fingerprint", fingerprint, doc, config)))
        rows.update(repr((page.text, words, reason, language, nodes[-1])).encode())
    start = time.process_time()
    verdicts = sorted(repr(v) for v in stream_verdicts(lambda: iter(nodes), config))
    spent["cluster"] = time.process_time() - start
    digest = hashlib.sha256("".join(verdicts).encode()).hexdigest()[:16]
    cells = " | ".join(f"{v / len(docs) * 1e3:.3f}" for v in spent.values())
    total = sum(spent.values()) / len(docs) * 1e3
    row = f"| {code.name} | {len(docs):,} | {cells} | {total:.2f} | {len(verdicts):,} | {digest} "
    row += f"| {rows.hexdigest()[:16]} |"
    print(row, flush=True)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--baseline-rev", help="git revision to run beside the current code")
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--side", help=argparse.SUPPRESS)  # a code tree: measure it, here
    args = parser.parse_args(argv)
    if args.side:
        measure(Path(args.side), args.docs)
        return
    steps = "clean_plain_text | counts | language | fingerprint | cluster"
    print(f"{args.docs:,} synthetic texts; ms of CPU per text")
    print(f"| code | texts | {steps} | total | verdicts | digest | steps' output digest |")
    print("|---|" + "---:|" * 8 + "---|---|")
    with tempfile.TemporaryDirectory() as work:
        sides = [ROOT]
        if args.baseline_rev:
            from dedup_cli_scale import export_rev

            sides.insert(0, export_rev(args.baseline_rev, Path(work) / args.baseline_rev))
        for _ in range(args.rounds):
            for code in sides:
                command = [sys.executable, __file__, "--docs", str(args.docs), "--side", str(code)]
                subprocess.run(command, check=True, cwd=work)


if __name__ == "__main__":
    main()
