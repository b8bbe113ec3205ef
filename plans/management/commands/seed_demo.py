"""Create the demo data named in DESIGN.md's stable contracts; idempotent."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from plans import demo


class Command(BaseCommand):
    help = "Create the demo jurisdictions, users and plans (DEBUG only); safe to run twice."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "seed_demo creates accounts with a published password and runs only with "
                "DJANGO_DEBUG on."
            )
        with transaction.atomic():
            for line in demo.seed():
                self.stdout.write(line)
