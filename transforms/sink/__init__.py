"""Writing the tables: the schema, Parquet files, the commit protocol (one commit point), Iceberg, streaming windows."""
