"""Keep the email choices people made before notifications had an app of their own.

stakeholders.NotificationPreference held a row per person who saved a choice, with a box per
kind; notifications.EmailOptOut holds a row per kind a person turned off. The three boxes map
to three kinds; the kinds added since are on for everyone, as for a person who never chose.
Reversible: going back writes the choices into NotificationPreference again.
"""

from django.db import migrations

# NotificationPreference's box -> the kind of notice it stood for
BOXES = {
    "consultation_opened": "consultation_opened",
    "response_to_my_comment": "comment_answered",
    "reply_to_my_comment": "comment_replied",
}


def copy_choices(apps, schema_editor):
    NotificationPreference = apps.get_model("stakeholders", "NotificationPreference")
    EmailOptOut = apps.get_model("notifications", "EmailOptOut")
    EmailOptOut.objects.bulk_create(
        [
            EmailOptOut(user_id=preference.user_id, kind=kind)
            for preference in NotificationPreference.objects.order_by("pk")
            for box, kind in BOXES.items()
            if not getattr(preference, box)
        ],
        ignore_conflicts=True,
    )


def copy_choices_back(apps, schema_editor):
    NotificationPreference = apps.get_model("stakeholders", "NotificationPreference")
    EmailOptOut = apps.get_model("notifications", "EmailOptOut")
    off = {}
    for user_id, kind in EmailOptOut.objects.filter(kind__in=BOXES.values()).values_list(
        "user_id", "kind"
    ):
        off.setdefault(user_id, set()).add(kind)
    for user_id, kinds in off.items():
        NotificationPreference.objects.update_or_create(
            user_id=user_id,
            defaults={box: kind not in kinds for box, kind in BOXES.items()},
        )


class Migration(migrations.Migration):

    dependencies = [
        ("notifications", "0001_initial"),
        ("stakeholders", "0007_user_email_confirmation"),
    ]
    # Before stakeholders drops NotificationPreference; stakeholders itself names no app
    # that depends on it.
    run_before = [
        ("stakeholders", "0008_notification_preferences_moved"),
    ]

    operations = [
        migrations.RunPython(copy_choices, copy_choices_back),
    ]
