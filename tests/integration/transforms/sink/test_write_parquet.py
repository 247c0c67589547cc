import datetime as dt

import pyarrow.parquet as pq
import pytest

from tests.support.sink import write_table_file
from transforms.core.record import ErrorRow
from transforms.sink.schema import SCHEMAS, RunInfo, file_schema, to_row
from transforms.sink.write_parquet import (
    HIVE_NULL,
    WriterConfig,
    part_name,
    partition_path,
)

RUN = RunInfo(run_id="20261122-abcd1234", run_date=dt.date(2026, 11, 22))


@pytest.mark.parametrize(
    "row, keys, expected",
    [
        (
            {"ingest_date": dt.date(2026, 1, 2), "language": "en"},
            ("ingest_date", "language"),
            "ingest_date=2026-01-02/language=en",
        ),
        ({"language": None}, ("language",), f"language={HIVE_NULL}"),
        ({"source_domain": "a/b=c"}, ("source_domain",), "source_domain=a_b_c"),
    ],
)
def test_partition_path(row, keys, expected):
    assert partition_path(row, keys) == expected


def test_part_name_is_deterministic():
    assert part_name("r1", 3) == "part-r1-00003.parquet"


def test_file_schema_drops_partition_columns():
    schema = file_schema("articles", ("ingest_date", "language"))
    assert "language" not in schema.names and "ingest_date" not in schema.names
    assert (
        schema.field("published_at").type.unit == "us"
        and str(schema.field("published_at").type.tz) == "UTC"
    )


def _error(i):
    return ErrorRow(
        doc_id=f"d{i}",
        stage="read",
        error_type="E",
        error_message="m",
        traceback="",
        url=None,
        source_path="p",
        source_ref="p",
        input_bytes=i,
    )


def test_same_rows_any_order_same_bytes(tmp_path):
    config = WriterConfig()
    schema = file_schema("errors", config.partition_by)
    rows = [to_row(_error(i), RUN) for i in range(5)]
    a, b = tmp_path / "a.parquet", tmp_path / "b.parquet"
    write_table_file(str(a), rows, schema, config)
    write_table_file(str(b), list(reversed(rows)), schema, config)
    assert a.read_bytes() == b.read_bytes()
    table = pq.read_table(a)
    assert table.column("doc_id").to_pylist() == [f"d{i}" for i in range(5)]
    assert table.schema.field("ingested_at").type == SCHEMAS["errors"].field("ingested_at").type
    assert pq.ParquetFile(a).metadata.row_group(0).column(0).compression == "ZSTD"


def test_sorted_writer_writes_an_empty_table_as_the_in_memory_one(tmp_path):
    from transforms.sink.sorted_write import write_sorted_file

    config = WriterConfig()
    schema = file_schema("errors", config.partition_by)
    a, b = tmp_path / "a.parquet", tmp_path / "b.parquet"
    write_table_file(str(a), [], schema, config)
    write_sorted_file(str(b), iter([]), schema, config, str(tmp_path))
    assert a.read_bytes() == b.read_bytes()
    assert pq.ParquetFile(b).metadata.num_row_groups == 1 and pq.read_table(b).num_rows == 0
