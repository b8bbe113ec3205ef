"""A published progress report never changes, in the database itself and not only in the
model, like a signed snapshot (plans 0002) and the record's entries (0002): PostgreSQL
refuses any UPDATE or DELETE of a report's row; SQLite refuses UPDATE and is spared a DELETE
trigger because Django's test flush empties SQLite tables with DELETE (PostgreSQL's flush
uses TRUNCATE, which row triggers do not see)."""

from django.db import migrations

TABLE = "progress_progressreport"

SQLITE = [
    f"""CREATE TRIGGER {TABLE}_no_update BEFORE UPDATE ON {TABLE}
        BEGIN SELECT RAISE(ABORT, 'a published progress report never changes'); END;""",
]
SQLITE_REVERSE = [f"DROP TRIGGER IF EXISTS {TABLE}_no_update;"]
POSTGRESQL = [
    """CREATE OR REPLACE FUNCTION progress_report_refuse_change() RETURNS trigger AS $$
       BEGIN RAISE EXCEPTION 'a published progress report never changes'; END;
       $$ LANGUAGE plpgsql;""",
    f"""CREATE TRIGGER {TABLE}_immutable BEFORE UPDATE OR DELETE ON {TABLE}
        FOR EACH ROW EXECUTE FUNCTION progress_report_refuse_change();""",
]
POSTGRESQL_REVERSE = [
    f"DROP TRIGGER IF EXISTS {TABLE}_immutable ON {TABLE};",
    "DROP FUNCTION IF EXISTS progress_report_refuse_change();",
]


def run(statements_by_vendor):
    def apply(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [("progress", "0003_progress_reports")]

    operations = [
        migrations.RunPython(
            run({"sqlite": SQLITE, "postgresql": POSTGRESQL}),
            run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRESQL_REVERSE}),
        )
    ]
