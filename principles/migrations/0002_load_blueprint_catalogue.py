"""Load the Blueprint catalogue from principles/data/blueprint.yaml.

Later edits of the file reach an existing database through ``manage.py load_blueprint``.
"""

from django.db import migrations


def load(apps, schema_editor):
    from principles.catalogue import load_catalogue, read_catalogue

    load_catalogue(
        read_catalogue(),
        apps.get_model("principles", "Stage"),
        apps.get_model("principles", "Principle"),
        apps.get_model("principles", "Practice"),
    )


def unload(apps, schema_editor):
    apps.get_model("principles", "Practice").objects.all().delete()
    apps.get_model("principles", "Principle").objects.all().delete()
    apps.get_model("principles", "Stage").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("principles", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
