"""Fill the per-language columns that 0003 added, from the catalogue data file."""

from django.db import migrations


def load(apps, schema_editor):
    from principles.catalogue import load_catalogue, read_catalogue

    load_catalogue(
        read_catalogue(),
        apps.get_model("principles", "Stage"),
        apps.get_model("principles", "Principle"),
        apps.get_model("principles", "Practice"),
    )


class Migration(migrations.Migration):
    dependencies = [("principles", "0003_catalogue_in_spanish")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
