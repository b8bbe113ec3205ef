"""The record only grows, in the database itself and not only in the model: a progress
update or a measured value, once recorded, is never updated or deleted (a correction is a
new row naming the one it corrects).

As for signed snapshots (plans 0002): PostgreSQL refuses any UPDATE or DELETE of these rows;
SQLite refuses UPDATE and is spared a DELETE trigger because Django's test flush empties
SQLite tables with DELETE (PostgreSQL's flush uses TRUNCATE, which row triggers do not
see)."""

from django.db import migrations

TABLES = ["progress_progressupdate", "progress_measuredvalue"]

SQLITE = [
    f"""CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table}
        BEGIN SELECT RAISE(ABORT, 'a recorded entry never changes'); END;"""
    for table in TABLES
]
SQLITE_REVERSE = [f"DROP TRIGGER IF EXISTS {table}_no_update;" for table in TABLES]
POSTGRESQL = [
    """CREATE OR REPLACE FUNCTION progress_entry_refuse_change() RETURNS trigger AS $$
       BEGIN RAISE EXCEPTION 'a recorded entry never changes: record a correction'; END;
       $$ LANGUAGE plpgsql;""",
    *[
        f"""CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table}
            FOR EACH ROW EXECUTE FUNCTION progress_entry_refuse_change();"""
        for table in TABLES
    ],
]
POSTGRESQL_REVERSE = [
    *[f"DROP TRIGGER IF EXISTS {table}_append_only ON {table};" for table in TABLES],
    "DROP FUNCTION IF EXISTS progress_entry_refuse_change();",
]


def run(statements_by_vendor):
    def apply(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [("progress", "0001_reporting_and_record")]

    operations = [
        migrations.RunPython(
            run({"sqlite": SQLITE, "postgresql": POSTGRESQL}),
            run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRESQL_REVERSE}),
        )
    ]
