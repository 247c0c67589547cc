"""``write.iceberg.catalog`` is checked against what pyiceberg's ``load_catalog`` refuses."""

import pytest

from transforms.sink.iceberg import catalog_problem


@pytest.mark.parametrize(
    "catalog, env, says",
    [
        ({"a": 1}, {}, "needs a type or a uri"),
        ({"type": "rest"}, {}, "of type rest needs a uri"),
        ({"type": "sql"}, {}, "of type sql needs a uri"),
        ({"type": "mysql", "uri": "x"}, {}, "'write.iceberg.catalog.type' must be one of rest"),
        ({"uri": "ftp://host/cat"}, {}, "does not say the catalog's kind"),
        ({"uri": "https://h", "s3": {"region": "x"}}, {}, "catalog.s3' must be a plain value"),
        ({"type": "rest", "py-catalog-impl": "m.C"}, {}, "sets both type and py-catalog-impl"),
    ],
)
def test_a_catalog_pyiceberg_cannot_load_is_named_with_the_fix(catalog, env, says):
    assert says in catalog_problem(catalog, env)


@pytest.mark.parametrize(
    "catalog, env",
    [
        ({"type": "rest", "uri": "https://catalog.example/api", "token": "t"}, {}),
        ({"uri": "thrift://metastore:9083"}, {}),
        ({"uri": "postgresql+psycopg://u@h/db", "warehouse": "s3://b/w"}, {}),
        ({"type": "glue"}, {}),
        ({"type": "REST"}, {"uri": "https://from-pyiceberg-yaml"}),  # its own config gives the uri
        ({"py-catalog-impl": "mypkg.MyCatalog"}, {}),
    ],
)
def test_a_catalog_pyiceberg_can_load_passes(catalog, env):
    assert catalog_problem(catalog, env) is None
