"""An Iceberg table created before a column was added gets the column when a run opens it."""

import pyarrow as pa

from transforms.sink.iceberg import load_iceberg_catalog, open_table
from transforms.sink.schema import SCHEMAS


def test_a_table_created_without_a_new_column_gains_it(tmp_path):
    output = str(tmp_path / "out")
    catalog = load_iceberg_catalog(output, None)
    catalog.create_namespace_if_not_exists("newsbeam")
    older = pa.schema([f for f in SCHEMAS["articles"] if f.name != "id_source"])
    catalog.create_table("newsbeam.articles", schema=older, location=f"{output}/articles")
    table = open_table(catalog, "newsbeam", "articles", output, ("ingest_date",))
    names = [f.name for f in table.schema().fields]
    assert names == SCHEMAS["articles"].names  # added at the end, the others as they were
    assert [f.name for f in table.spec().fields] == ["ingest_date"]
