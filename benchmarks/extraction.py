"""Extraction benchmark: newsbeam's extract_html against plain trafilatura on the trafilatura corpus.

Data: ``<data>/extraction/trafilatura-eval`` (evaldata.json + html/<file>.gz; 990 pages).

Text quality is scored as trafilatura's own evaluation does, per snippet: a ``with`` snippet
found in the text is a true positive, missing a false negative; a ``without`` snippet found is a
false positive, absent a true negative. Both sides are whitespace-collapsed before matching.

Metadata (title, author, date, sitename) is scored on the pages whose gold has the field:
- "found": accuracy on pages whose gold value is non-empty.
- "all": accuracy on every annotated page, where an empty gold value expects no prediction.
Matching rule (identical for every system): both values normalised (NFKC, casefold, straight
quotes, ``, ; & | and und`` -> space, whitespace collapsed, outer punctuation stripped); a match
is equality, or one containing the other with the shorter at least half the longer's length.
Dates compare as YYYY-MM-DD (newsbeam's are UTC: a page stamped 00:30+02:00 counts on the
previous day, a loss we accept and measure).

Time: wall-clock milliseconds per page for each system, the systems interleaved per page. The
HTML is decoded once (trafilatura's decode_file) outside the timed part.

    python benchmarks/extraction.py [--data PATH] [--limit N] [--variants]

``--variants`` also runs trafilatura's modes through extract_html (precision, recall, fast, no
metadata) and an ablation of each post-cleaning rule on the raw balanced text.
"""

import argparse
import dataclasses
import gzip
import json
import re
import statistics
import sys
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import trafilatura  # noqa: E402
from trafilatura.utils import decode_file  # noqa: E402

from transforms.html_extract import DEFAULT_CLEAN_RULES, ExtractConfig, extract_html  # noqa: E402
from transforms.text_clean import ALL_RULES, clean_lines  # noqa: E402

FIELDS = ("title", "author", "date", "sitename")
_SEPARATORS = re.compile(r"[,;&|]|\band\b|\bund\b")
_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "„": '"', "–": "-", "—": "-"})


def norm(value, *, author: bool = False) -> str:
    if isinstance(value, (list, tuple)):
        value = "; ".join(str(v) for v in value)
    text = unicodedata.normalize("NFKC", value or "").translate(_QUOTES).casefold()
    if author:
        text = _SEPARATORS.sub(" ", text)
    return re.sub(r"\s+", " ", text).strip(" .,:;-|\"'")


def meta_match(pred, gold, *, author: bool = False) -> bool:
    """The matching rule described in the module docstring."""
    p, g = norm(pred, author=author), norm(gold, author=author)
    if not g:
        return not p
    if not p:
        return False
    short, long_ = sorted((p, g), key=len)
    return p == g or (short in long_ and len(short) * 2 >= len(long_))


@dataclasses.dataclass
class Score:
    tp: int = 0
    fn: int = 0
    fp: int = 0
    tn: int = 0
    ms: list = dataclasses.field(default_factory=list)
    meta_found: dict = dataclasses.field(default_factory=dict)  # field -> [right, total]
    meta_all: dict = dataclasses.field(default_factory=dict)

    def add_text(self, text: str, gold: dict) -> None:
        flat = " ".join((text or "").split())
        for snippet in gold.get("with", []):
            hit = " ".join(snippet.split()) in flat
            self.tp, self.fn = self.tp + hit, self.fn + (not hit)
        for snippet in gold.get("without", []):
            hit = " ".join(snippet.split()) in flat
            self.fp, self.tn = self.fp + hit, self.tn + (not hit)

    def add_meta(self, pred: dict, gold: dict) -> None:
        for field in FIELDS:
            if field not in gold:
                continue
            ok = meta_match(pred.get(field), gold[field], author=field == "author")
            for table, counted in ((self.meta_all, True), (self.meta_found, bool(gold[field]))):
                if counted:
                    right, total = table.get(field, (0, 0))
                    table[field] = (right + ok, total + 1)

    def f1(self) -> tuple:
        p = self.tp / max(1, self.tp + self.fp)
        r = self.tp / max(1, self.tp + self.fn)
        return p, r, 2 * p * r / max(1e-9, p + r)


def newsbeam(config: ExtractConfig):
    def run(html: str, url: str):
        out = extract_html(html, url=url, config=config)
        date = out.published_at.date().isoformat() if out.published_at else None
        meta = {"title": out.title, "author": "; ".join(out.authors), "date": date}
        return out.text, {**meta, "sitename": out.site_name}

    return run


def plain_extract(html: str, url: str):
    return trafilatura.extract(html) or "", {}


def plain_with_metadata(html: str, url: str):
    doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, deduplicate=False)
    if doc is None:
        return "", {}
    meta = {"title": doc.title, "author": doc.author, "date": doc.date, "sitename": doc.sitename}
    return doc.text or "", meta


def systems(variants: bool) -> dict:
    out = {
        "trafilatura.extract(html) defaults": plain_extract,
        "trafilatura bare_extraction(with_metadata)": plain_with_metadata,
        "newsbeam extract_html": newsbeam(ExtractConfig()),
    }
    if variants:
        out |= {
            "newsbeam favor=precision": newsbeam(ExtractConfig(favor="precision")),
            "newsbeam favor=recall": newsbeam(ExtractConfig(favor="recall")),
            "newsbeam fast (no fallbacks)": newsbeam(ExtractConfig(fast=True)),
            "newsbeam htmldate fast": newsbeam(ExtractConfig(date_search="fast")),
            "newsbeam fast + htmldate fast": newsbeam(ExtractConfig(fast=True, date_search="fast")),
            "newsbeam htmldate cascade": newsbeam(ExtractConfig(date_search="cascade")),
            "newsbeam fast + htmldate cascade": newsbeam(
                ExtractConfig(fast=True, date_search="cascade")
            ),
            "newsbeam no post-cleaning": newsbeam(ExtractConfig(clean_rules=())),
        }
    return out


def load(data: Path, limit):
    base = data / "extraction" / "trafilatura-eval"
    gold = json.loads((base / "evaldata.json").read_text(encoding="utf-8"))
    items = sorted(gold.items())[: limit or None]
    for url, item in items:
        raw = gzip.decompress((base / "html" / (item["file"] + ".gz")).read_bytes())
        yield url, item, decode_file(raw)


def run(data: Path, limit, variants: bool) -> tuple:
    funcs = systems(variants)
    scores = {name: Score() for name in funcs}
    raw_texts = []  # (balanced text without post-cleaning, title, gold) for the rule ablation
    for url, item, html in load(data, limit):
        for name, func in funcs.items():
            start = time.perf_counter()
            text, meta = func(html, url)
            scores[name].ms.append((time.perf_counter() - start) * 1000)
            scores[name].add_text(text, item)
            scores[name].add_meta(meta, item)
            if name == "newsbeam no post-cleaning":
                raw_texts.append((text, meta.get("title"), item))
    return scores, raw_texts


def ablation(raw_texts: list) -> list:
    """F1 of the raw balanced text with no rule, each rule alone, the default set, all rules."""
    sets = {"none": (), "default set": DEFAULT_CLEAN_RULES, "all rules": tuple(ALL_RULES)}
    sets |= {f"only {r}": (r,) for r in sorted(ALL_RULES)}
    rows = []
    for label, rules in sets.items():
        score = Score()
        for text, _title, item in raw_texts:
            kept = clean_lines(text.splitlines(), rules=rules).lines
            score.add_text("\n\n".join(kept), item)
        rows.append((label, *score.f1(), score.fp, score.fn))
    return rows


def print_tables(scores: dict, raw_texts: list) -> None:
    base_ms = statistics.mean(scores["trafilatura.extract(html) defaults"].ms)
    print(f"\n{'system':44} {'prec':>6} {'recall':>6} {'F1':>6} {'ms/page':>8} {'x base':>6}")
    for name, s in scores.items():
        p, r, f = s.f1()
        ms = statistics.mean(s.ms)
        print(f"{name:44} {p:6.3f} {r:6.3f} {f:6.3f} {ms:8.1f} {ms / base_ms:6.2f}")
    print(f"\nmetadata accuracy, found / all ({'title, author, date, sitename'})")
    for name, s in scores.items():
        if not s.meta_all:
            continue
        cells = []
        for field in FIELDS:
            (rf, tf), (ra, ta) = s.meta_found.get(field, (0, 1)), s.meta_all.get(field, (0, 1))
            cells.append(f"{field} {rf / max(1, tf):.3f}/{ra / max(1, ta):.3f}")
        print(f"{name:44} " + "  ".join(cells))
    if raw_texts:
        print(f"\npost-cleaning ablation on raw balanced text\n{'rules':24} prec  recall F1  FP FN")
        for label, p, r, f, fp, fn in ablation(raw_texts):
            print(f"{label:24} {p:.4f} {r:.4f} {f:.4f} {fp} {fn}")


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--variants", action="store_true")
    args = parser.parse_args(argv)
    scores, raw_texts = run(args.data, args.limit, args.variants)
    pages = len(next(iter(scores.values())).ms)
    print(f"pages: {pages}  data: {args.data / 'extraction' / 'trafilatura-eval'}")
    print_tables(scores, raw_texts)


if __name__ == "__main__":
    main()
