"""Email choices moved to the notifications app (notifications.EmailOptOut), which copies
them over first (its migration 0002 runs before this one) and back when reversed."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("stakeholders", "0007_user_email_confirmation"),
    ]

    operations = [
        migrations.DeleteModel(
            name="NotificationPreference",
        ),
    ]
