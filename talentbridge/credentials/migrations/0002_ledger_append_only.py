"""The evidence ledger is append-only in the database too: UPDATE is refused on SQLite and
PostgreSQL, DELETE on PostgreSQL (row-level; TRUNCATE, which test teardown uses, is not a row
delete). SQLite keeps DELETE open because Django's test flush deletes rows in an arbitrary
table order; the model and services have no delete path and the digest chain
(``manage.py verify_ledger``) reveals a removed row."""

from typing import Any

from django.db import migrations

TABLE = "credentials_evidencerecord"

SQLITE_UP = [
    f"""CREATE TRIGGER credentials_evidence_no_update BEFORE UPDATE ON {TABLE}
    BEGIN SELECT RAISE(ABORT, 'evidence records are append-only'); END;"""
]
SQLITE_DOWN = ["DROP TRIGGER IF EXISTS credentials_evidence_no_update;"]

POSTGRES_UP = [
    """CREATE OR REPLACE FUNCTION credentials_evidence_append_only() RETURNS trigger AS $$
    BEGIN RAISE EXCEPTION 'evidence records are append-only'; END; $$ LANGUAGE plpgsql;""",
    f"""CREATE TRIGGER credentials_evidence_append_only BEFORE UPDATE OR DELETE ON {TABLE}
    FOR EACH ROW EXECUTE FUNCTION credentials_evidence_append_only();""",
]
POSTGRES_DOWN = [
    f"DROP TRIGGER IF EXISTS credentials_evidence_append_only ON {TABLE};",
    "DROP FUNCTION IF EXISTS credentials_evidence_append_only();",
]


def _run(statements: dict[str, list[str]]) -> Any:
    def run(apps: Any, schema_editor: Any) -> None:
        for statement in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("credentials", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_UP, "postgresql": POSTGRES_UP}),
            _run({"sqlite": SQLITE_DOWN, "postgresql": POSTGRES_DOWN}),
        )
    ]
