"""One small pipeline per stage: happy path, dead-letter path, counters."""

import datetime as dt
import json
import time

import apache_beam as beam
import pyarrow.parquet as pq
from apache_beam.testing.util import assert_that, equal_to

from tests.support.pipelines import counters
from tests.support.sink import WritePartitionedParquet
from transforms.core.record import Article, ErrorRow, RejectedRow
from transforms.extract.decode import DecodeDocuments
from transforms.extract.filter import FilterArticles, FilterConfig
from transforms.language.detect import DetectLanguage, LanguageConfig
from transforms.read.documents import ReadDocuments
from transforms.sink.commit import CommitRun
from transforms.sink.schema import RunInfo
from transforms.sink.write_parquet import WriterConfig, WriteTables

EN = (
    "The city council approved the new budget on Tuesday after a long debate about schools and roads. "
    * 3
)
DE = (
    "Der Stadtrat hat am Dienstag nach langer Debatte über Schulen und Straßen den neuen Haushalt beschlossen. "
    * 3
)


def _article(i, **kw):
    kw.setdefault("source_format", "txt")
    return Article(doc_id=f"d{i}", source_path=f"p{i}", source_ref=f"p{i}", **kw)


def test_read_documents_outputs_and_counters(tmp_path, runner):
    (tmp_path / "a.txt").write_text("hello")
    (tmp_path / "b.jsonl").write_text('{"text": "x"}\n{bad\n')
    (tmp_path / "big.txt").write_bytes(b"x" * 500)
    p = beam.Pipeline(runner=runner)
    out = p | ReadDocuments(patterns=[f"{tmp_path}/*"], max_bytes=100)
    assert_that(
        out.main | "Refs" >> beam.Map(lambda a: a.source_ref.rsplit("/", 1)[1]),
        equal_to(["a.txt", "b.jsonl#L1"]),
    )
    assert_that(
        out.rejected | "Reasons" >> beam.Map(lambda r: r.reason),
        equal_to(["too_large"]),
        label="Rej",
    )
    assert_that(
        out.errors | "Stages" >> beam.Map(lambda e: (e.stage, e.error_type)),
        equal_to([("read", "JSONDecodeError")]),
        label="Err",
    )
    result = p.run()
    result.wait_until_finish()
    assert counters(result, "read") == {"files": 3, "seen": 4, "dropped_too_large": 1}


def test_read_dead_letter_for_a_whole_file(tmp_path, runner):
    (tmp_path / "t.html.gz").write_bytes(b"\x1f\x8b\x08\x00garbage")
    p = beam.Pipeline(runner=runner)
    out = p | ReadDocuments(patterns=[f"{tmp_path}/*"], max_bytes=1000)
    assert_that(
        out.errors | beam.Map(lambda e: (e.stage, e.source_ref.endswith("t.html.gz"))),
        equal_to([("read", True)]),
    )
    p.run().wait_until_finish()


def test_decode_happy_empty_and_binary(runner):
    items = [
        _article(1, raw="Grüße aus Köln".encode("cp1252")),
        _article(2, raw=b"   \n"),
        _article(3, raw=bytes(range(256)) * 4),
        _article(4, content="already text", content_type="text"),
    ]
    p = beam.Pipeline(runner=runner)
    out = p | beam.Create(items) | DecodeDocuments()
    assert_that(
        out.main | beam.Map(lambda a: (a.doc_id, a.content, a.raw)),
        equal_to([("d1", "Grüße aus Köln", None), ("d4", "already text", None)]),
    )
    assert_that(
        out.rejected | "R" >> beam.Map(lambda r: (r.doc_id, r.reason)),
        equal_to([("d2", "empty")]),
        label="Rej",
    )
    assert_that(
        out.errors | "E" >> beam.Map(lambda e: (e.doc_id, e.stage, e.error_type)),
        equal_to([("d3", "decode", "UndecodableError")]),
        label="Err",
    )
    result = p.run()
    result.wait_until_finish()
    assert counters(result, "decode") == {"seen": 4, "kept": 2, "dropped_empty": 1}


def test_filter_reasons_and_counters(runner):
    items = [
        _article(1, text=EN, word_count=len(EN.split())),
        _article(2, text="", word_count=0),
        _article(3, text="too few words", word_count=3),
    ]
    p = beam.Pipeline(runner=runner)
    out = p | beam.Create(items) | FilterArticles(config=FilterConfig(min_words=10, min_chars=50))
    assert_that(out.main | beam.Map(lambda a: a.doc_id), equal_to(["d1"]))
    assert_that(
        out.rejected | "R" >> beam.Map(lambda r: (r.doc_id, r.reason)),
        equal_to([("d2", "empty"), ("d3", "too_short")]),
        label="Rej",
    )
    result = p.run()
    result.wait_until_finish()
    assert counters(result, "filter") == {
        "seen": 3,
        "kept": 1,
        "dropped_empty": 1,
        "dropped_too_short": 1,
    }


def test_language_detect_allowed_and_dead_letter(runner):
    items = [
        _article(1, title="Budget", text=EN),
        _article(2, title="Haushalt", text=DE),
        _article(3, text=None),  # text None: the stage must not crash the run
    ]
    p = beam.Pipeline(runner=runner)
    out = p | beam.Create(items) | DetectLanguage(config=LanguageConfig(allowed=("en",)))
    assert_that(
        out.main | beam.Map(lambda a: (a.doc_id, a.language, a.language_score > 0.9)),
        equal_to([("d1", "en", True)]),
    )
    assert_that(
        out.rejected | "R" >> beam.Map(lambda r: (r.doc_id, r.reason, r.language)),
        equal_to([("d2", "language_not_wanted", "de"), ("d3", "language_not_wanted", "und")]),
        label="Rej",
    )
    result = p.run()
    result.wait_until_finish()
    c = counters(result, "language")
    assert c["seen"] == 3 and c["kept"] == 1 and c["dropped_language_not_wanted"] == 2


def test_language_is_deterministic():
    from transforms.language.detect import detect, make_detector_factory

    mixed = "Hello world. Hallo Welt. Bonjour le monde. " * 5
    results = {detect(make_detector_factory(0), mixed) for _ in range(5)}
    assert len(results) == 1


def test_write_then_commit_replaces_only_this_run(tmp_path, runner):
    run = RunInfo("r1", dt.date(2026, 1, 2))
    out, staging = tmp_path / "out", tmp_path / "out" / "_staging" / "r1"
    stale = out / "errors" / "ingest_date=2025-12-31" / "part-r1-00000.parquet"
    other = out / "errors" / "ingest_date=2025-12-31" / "part-r0-00000.parquet"
    for f in (stale, other):
        f.parent.mkdir(parents=True, exist_ok=True)
        f.write_bytes(b"old")
    rows = [ErrorRow(f"d{i}", "read", "E", "m", "", None, "p", "p", 1) for i in range(3)]
    p = beam.Pipeline(runner=runner)
    paths = (
        p
        | beam.Create(rows)
        | WritePartitionedParquet(
            table="errors", staging=str(staging), run=run, config=WriterConfig()
        )
    )
    # counted facts, as the writers send them: the same fact from two steps is summed
    counted = [(("inputs", None), 2), (("inputs", None), 1), (("table", "errors"), 3)]
    facts = p | "Facts" >> beam.Create(counted)
    _ = {"paths": paths, "facts": facts} | CommitRun(
        output=str(out), staging=str(staging), run_id="r1", manifest={"run_id": "r1"}
    )
    p.run().wait_until_finish()
    final = out / "errors" / "ingest_date=2026-01-02" / "part-r1-00000.parquet"
    assert pq.read_table(final).num_rows == 3
    assert not stale.exists() and other.read_bytes() == b"old"
    manifest = json.loads((out / "_runs" / "r1.json").read_text())
    assert manifest["inputs"] == 3 and manifest["tables"]["errors"] == 3 and manifest["balanced"]
    assert manifest["files"] == ["errors/ingest_date=2026-01-02/part-r1-00000.parquet"]
    assert not staging.exists()


def test_side_tables_written_together_with_their_facts(tmp_path, runner):
    """Several parts per table, three tables, one GroupByKey: every row in its table's file,
    an empty table still gets its (empty) file, and the rows' facts come out of the writer,
    counted per file."""
    from transforms.sink.facts import row_facts as table_facts

    run = RunInfo("r2", dt.date(2026, 1, 3))
    errors = [ErrorRow(f"e{i}", "read", "OSError", "m", "", None, "p", "p", 1) for i in range(3)]
    rejected = [
        RejectedRow(f"r{i}", "filter", "too_short", "", None, None, "en", 3, "p", "p")
        for i in range(2)
    ]
    by_language = WriterConfig(partition_by=("ingest_date", "language"), sort_by=("doc_id",))
    configs = {"errors": WriterConfig(), "rejected": by_language, "duplicates": WriterConfig()}
    p = beam.Pipeline(runner=runner)
    parts = {
        "errors": (p | "E1" >> beam.Create(errors[:1]), p | "E2" >> beam.Create(errors[1:])),
        "rejected": (p | "R" >> beam.Create(rejected),),
        "duplicates": (p | "D" >> beam.Create([]),),
    }
    out = parts | WriteTables(staging=str(tmp_path), run=run, configs=configs, facts=table_facts)
    day = "ingest_date=2026-01-03"
    assert_that(
        out.paths,
        equal_to(
            [
                f"errors/{day}/part-r2-00000.parquet",
                f"rejected/{day}/language=en/part-r2-00000.parquet",
                f"duplicates/{day}/part-r2-00000.parquet",
            ]
        ),
    )
    assert_that(
        out.facts,
        equal_to(
            [(("table", "errors"), 3), (("errors", "read:OSError"), 3)]
            + [(("table", "rejected"), 2), (("rejected", "filter:too_short"), 2)]
        ),
        label="Facts",
    )
    p.run().wait_until_finish()
    read = lambda rel: pq.read_table(tmp_path / rel)  # noqa: E731
    assert sorted(read(f"errors/{day}/part-r2-00000.parquet").column("doc_id").to_pylist()) == [
        "e0",
        "e1",
        "e2",
    ]
    assert read(f"rejected/{day}/language=en/part-r2-00000.parquet").num_rows == 2
    empty = read(f"duplicates/{day}/part-r2-00000.parquet")
    assert empty.num_rows == 0 and "duplicate_of" in empty.column_names


def test_side_table_bigger_than_a_sort_run_is_the_same_file(tmp_path, runner):
    """4,500 error rows in shuffled order (more than two sort runs of RUN_ROWS spill to disk):
    the file has every row in doc_id order, byte for byte what one in-memory sort writes."""
    import random

    from tests.support.sink import write_table_file
    from transforms.sink.schema import file_schema, to_row
    from transforms.sink.sorted_write import RUN_ROWS

    run = RunInfo("r3", dt.date(2026, 1, 4))
    errors = [
        ErrorRow(f"e{i:05d}", "read", "OSError", "m" * (i % 7), "", None, "p", "p", i)
        for i in range(4500)
    ]
    assert len(errors) > 2 * RUN_ROWS
    random.Random(3).shuffle(errors)
    p = beam.Pipeline(runner=runner)
    rows = p | beam.Create(errors)
    out = {"errors": rows} | WriteTables(
        staging=str(tmp_path), run=run, configs={"errors": WriterConfig()}
    )
    assert_that(out.paths, equal_to(["errors/ingest_date=2026-01-04/part-r3-00000.parquet"]))
    result = p.run()
    result.wait_until_finish()
    assert counters(result, "write")["errors_sort_runs"] == 3
    written = tmp_path / "errors/ingest_date=2026-01-04/part-r3-00000.parquet"
    assert pq.read_table(written).column("doc_id").to_pylist() == [f"e{i:05d}" for i in range(4500)]
    config = WriterConfig()
    expected = tmp_path / "expected.parquet"
    schema = file_schema("errors", config.partition_by)
    write_table_file(str(expected), [to_row(e, run) for e in errors], schema, config)
    assert written.read_bytes() == expected.read_bytes()


def test_rows_parked_in_row_files_are_written_as_shuffled_rows(tmp_path, runner):
    """A table's rows may reach WriteTables as RowFiles (rows parked by the step that made
    them, as the copies' duplicates rows are) beside plain records: same file, byte for byte,
    and the facts of every row, read from the files too."""
    from tests.support.sink import write_table_file
    from transforms.core.frames import write_frames
    from transforms.sink.facts import row_facts as table_facts
    from transforms.sink.schema import file_schema, to_row
    from transforms.sink.write_parquet import RowFile, table_key

    run = RunInfo("r4", dt.date(2026, 1, 5))
    config = WriterConfig()
    errors = [
        ErrorRow(f"e{i:03d}", "read", "OSError", "m", "", None, "p", "p", i) for i in range(150)
    ]
    rows = [to_row(e, run) for e in errors]
    key = table_key(rows[0], "errors", config)
    assert key == ("errors", "ingest_date=2026-01-05", 0)
    files = []
    for i, part in enumerate((rows[:70], rows[70:100])):  # two files, frames of 64 rows and less
        path = str(tmp_path / "parked" / f"f{i}.pkl.zst")
        write_frames(path, part)
        files.append(RowFile(key, path, len(part)))
    p = beam.Pipeline(runner=runner)
    parts = (p | "Files" >> beam.Create(files), p | "Records" >> beam.Create(errors[100:]))
    out = {"errors": parts} | WriteTables(
        staging=str(tmp_path), run=run, configs={"errors": config}, facts=table_facts
    )
    assert_that(out.paths, equal_to(["errors/ingest_date=2026-01-05/part-r4-00000.parquet"]))
    assert_that(
        out.facts,
        equal_to([(("table", "errors"), 150), (("errors", "read:OSError"), 150)]),
        label="F",
    )
    p.run().wait_until_finish()
    written = tmp_path / "errors/ingest_date=2026-01-05/part-r4-00000.parquet"
    expected = tmp_path / "expected.parquet"
    write_table_file(str(expected), rows, file_schema("errors", config.partition_by), config)
    assert written.read_bytes() == expected.read_bytes()


def test_many_rows_of_a_bundle_are_parked_where_they_are_keyed(tmp_path, runner):
    """300 rejected rows in one bundle with inline_rows 10: past the tenth, the key's rows go to
    frames files under _parked/side (the shuffle carries file names), and the written file is
    byte for byte the one every row shuffled on its own makes. A few rows make no file."""
    from tests.support.sink import write_table_file
    from transforms.sink.schema import file_schema, to_row
    from transforms.sink.write_parquet import SIDE_DIR

    run = RunInfo("r5", dt.date(2026, 1, 6))
    config = WriterConfig(sort_by=("doc_id", "stage"))
    rejected = [
        RejectedRow(f"r{i:04d}", "read", "too_short", "", None, f"Story {i}", "en", 3, "p", "p")
        for i in range(300)
    ]
    for name, records, inline_rows in (("many", rejected, 10), ("few", rejected[:10], 10)):
        staging = tmp_path / name
        p = beam.Pipeline(runner=runner)
        rows = p | beam.Create(records[::-1], reshuffle=False)
        out = {"rejected": rows} | WriteTables(
            staging=str(staging), run=run, configs={"rejected": config}, inline_rows=inline_rows
        )
        written = "rejected/ingest_date=2026-01-06/part-r5-00000.parquet"
        assert_that(out.paths, equal_to([written]))
        p.run().wait_until_finish()
        side = list((staging / SIDE_DIR / "rejected").glob("*.pkl.zst"))
        assert len(side) == (1 if name == "many" else 0)
        table = pq.read_table(staging / written)
        assert table.column("doc_id").to_pylist() == [r.doc_id for r in records]
        assert table.column("title").to_pylist()[:2] == ["Story 0", "Story 1"]
        expected = tmp_path / f"{name}.parquet"
        schema = file_schema("rejected", config.partition_by)
        write_table_file(str(expected), [to_row(r, run) for r in records], schema, config)
        assert (staging / written).read_bytes() == expected.read_bytes()


def test_published_date_is_the_day_the_source_states_and_published_at_is_utc():
    import dataclasses
    import datetime as dt

    from transforms.core.record import Article
    from transforms.extract.extracted import Extracted
    from transforms.extract.stage import apply_extracted

    late_evening = Article(
        doc_id="d",
        source_path="x.jsonl",
        source_ref="x.jsonl#1",
        source_format="jsonl",
        hint_published="2024-12-10T23:30:00-05:00",
    )
    page = Extracted(text="Some text of the article.")
    merged = apply_extracted(late_evening, page, run_date=dt.date(2025, 1, 1))
    assert merged.published_at == dt.datetime(2024, 12, 11, 4, 30, tzinfo=dt.timezone.utc)
    assert merged.published_date == dt.date(2024, 12, 10)
    assert merged.date_source == "input"
    # Without a date from the input, the page's own day is kept; without one, the UTC day.
    stamped = dt.datetime(2024, 12, 11, 4, 30, tzinfo=dt.timezone.utc)
    no_hint = dataclasses.replace(late_evening, hint_published=None)
    for page_day, expected in (
        (dt.date(2024, 12, 10), dt.date(2024, 12, 10)),
        (None, stamped.date()),
    ):
        page = Extracted(
            text="t", published_at=stamped, published_date=page_day, date_source="meta"
        )
        merged = apply_extracted(no_hint, page, run_date=dt.date(2025, 1, 1))
        assert (merged.published_at, merged.published_date) == (stamped, expected)


def test_extraction_time_limit_turns_a_slow_page_into_an_error_and_goes_on(runner):
    from transforms.extract.stage import ExtractArticles, ExtractConfig

    # ~3 MB of nested markup: seconds of parsing and extraction, far over the 0.5 s limit here;
    # the plain-text article after it takes about a millisecond.
    cell = "<div><p>Paragraph {} of a page that never ends, with <a href='#'>links</a>.</p></div>"
    slow = "<html><body>" + "".join(cell.format(i) for i in range(40_000)) + "</body></html>"
    items = [
        _article(1, content=slow, content_type="html", source_format="html"),
        _article(2, content=EN, content_type="text"),
    ]
    p = beam.Pipeline(runner=runner)
    out = (
        p
        | beam.Create(items)
        | ExtractArticles(config=ExtractConfig(), run_date=dt.date(2026, 1, 1), timeout_s=0.5)
    )
    assert_that(out.main | beam.Map(lambda a: a.doc_id), equal_to(["d2"]))
    assert_that(
        out.errors | "E" >> beam.Map(lambda e: (e.doc_id, e.stage, e.error_type)),
        equal_to([("d1", "extract", "TimeoutError")]),
        label="Err",
    )
    p.run().wait_until_finish()


_TURNS = {"n": 0}


class _NeverEndsFn(beam.DoFn):
    """Element 'loop' runs forever in Python; the others count and pass through."""

    def __init__(self):
        self._seen = beam.metrics.Metrics.counter("slow", "seen")

    def process(self, element):
        self._seen.inc()
        while element == "loop":
            _TURNS["n"] += 1
        yield element


def test_an_element_over_the_time_limit_is_stopped_not_abandoned(runner):
    # Beam's own timeout leaves the element running in a pool thread; here it must stop, so
    # the loop's counter stands still once the pipeline is done. Counters incremented in the
    # stage count, the element becomes a row, the others go on.
    from transforms.core.dead_letters import apply_stage

    p = beam.Pipeline(runner=runner)
    out = apply_stage(
        p | beam.Create(["a", "loop", "b"]), "Slow", _NeverEndsFn(), stage="slow", timeout=0.3
    )
    assert_that(out.main, equal_to(["a", "b"]))
    assert_that(
        out.errors | beam.Map(lambda e: (e.stage, e.error_type, e.error_message)),
        equal_to([("slow", "TimeoutError", "took longer than 0.3 s")]),
        label="Err",
    )
    result = p.run()
    result.wait_until_finish()
    turns = _TURNS["n"]
    time.sleep(0.3)
    assert turns > 0 and _TURNS["n"] == turns
    assert counters(result, "slow") == {"seen": 3}
