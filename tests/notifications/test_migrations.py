"""The email choices people made before notifications had their own app survive the move to
notifications.EmailOptOut, and come back when the migrations are reversed."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("stakeholders", "0007_user_email_confirmation"), ("notifications", "0001_initial")]
AFTER = [
    ("stakeholders", "0008_notification_preferences_moved"),
    ("notifications", "0002_email_choices_from_stakeholders"),
]


@pytest.fixture
def migrated_back(transactional_db):
    """The database as it was before the choices moved; brought back up after."""
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    yield executor.loader.project_state(BEFORE).apps
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_each_choice_is_kept_forward_and_back(migrated_back):
    old = migrated_back
    Person = old.get_model("stakeholders", "User")
    Preference = old.get_model("stakeholders", "NotificationPreference")
    ana, ben, cat = (Person.objects.create(username=name) for name in ("ana", "ben", "cat"))
    Person.objects.create(username="dan")  # never chose: every email on
    Preference.objects.create(user=ana, consultation_opened=False, response_to_my_comment=True,
                              reply_to_my_comment=False)
    Preference.objects.create(user=ben, consultation_opened=True, response_to_my_comment=False,
                              reply_to_my_comment=True)
    Preference.objects.create(user=cat, consultation_opened=True, response_to_my_comment=True,
                              reply_to_my_comment=True)  # saved with everything on

    new = migrate(AFTER)

    EmailOptOut = new.get_model("notifications", "EmailOptOut")
    assert sorted(EmailOptOut.objects.values_list("user__username", "kind")) == [
        ("ana", "comment_replied"),
        ("ana", "consultation_opened"),
        ("ben", "comment_answered"),
    ]
    EmailOptOut.objects.create(user_id=cat.pk, kind="comment_replied")  # chosen since
    EmailOptOut.objects.create(user_id=cat.pk, kind="plan_signed_off")  # a kind added since

    back = migrate(BEFORE)

    Preference = back.get_model("stakeholders", "NotificationPreference")
    assert sorted(
        Preference.objects.values_list(
            "user__username", "consultation_opened", "response_to_my_comment",
            "reply_to_my_comment")
    ) == [
        ("ana", False, True, False),
        ("ben", True, False, True),
        ("cat", True, True, False),
    ]
