"""Signed snapshots are immutable in the database itself, not only in the model.

PostgreSQL (production) refuses any UPDATE or DELETE of a row of plans_snapshot. SQLite (the
development default) refuses UPDATE; it is spared a DELETE trigger because Django's test
flush empties SQLite tables with DELETE (PostgreSQL's flush uses TRUNCATE, which row
triggers do not see)."""

from django.db import migrations

SQLITE = [
    """CREATE TRIGGER plans_snapshot_no_update BEFORE UPDATE ON plans_snapshot
       BEGIN SELECT RAISE(ABORT, 'a signed snapshot never changes'); END;""",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS plans_snapshot_no_update;",
]
POSTGRESQL = [
    """CREATE OR REPLACE FUNCTION plans_snapshot_refuse_change() RETURNS trigger AS $$
       BEGIN RAISE EXCEPTION 'a signed snapshot never changes'; END;
       $$ LANGUAGE plpgsql;""",
    """CREATE TRIGGER plans_snapshot_immutable BEFORE UPDATE OR DELETE ON plans_snapshot
       FOR EACH ROW EXECUTE FUNCTION plans_snapshot_refuse_change();""",
]
POSTGRESQL_REVERSE = [
    "DROP TRIGGER IF EXISTS plans_snapshot_immutable ON plans_snapshot;",
    "DROP FUNCTION IF EXISTS plans_snapshot_refuse_change();",
]


def run(statements_by_vendor):
    def apply(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [("plans", "0001_plans_commitments_signoff")]

    operations = [
        migrations.RunPython(
            run({"sqlite": SQLITE, "postgresql": POSTGRESQL}),
            run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRESQL_REVERSE}),
        )
    ]
