from django.core.management.base import BaseCommand
from django.db import transaction

from principles.catalogue import DATA_FILE, load_blueprint


class Command(BaseCommand):
    help = "Load the Blueprint catalogue from its data file; idempotent, reports what changed."

    def add_arguments(self, parser):
        parser.add_argument("--file", default=str(DATA_FILE), help="catalogue data file (YAML)")

    def handle(self, *args, **options):
        with transaction.atomic():
            report = load_blueprint(options["file"])
        for line in report.lines():
            self.stdout.write(line)
