"""Send the scheduled reminders now: what Celery beat does hourly where there is Redis."""

from django.core.management.base import BaseCommand

from notifications.reminders import send_reminders


class Command(BaseCommand):
    help = (
        "Send the reminders due now: consultations closing in three days or closed by their "
        "date, the weekly digest of comments awaiting a response, expired invitations. Run it "
        "as often as you like (hourly from cron, say): nobody hears of the same thing twice."
    )

    def handle(self, *args, **options):
        for kind, count in send_reminders().items():
            self.stdout.write(f"{kind}: {count} new")
