"""Data migrations, run against rows as they were before them."""

from datetime import timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from stakeholders.models import User

BEFORE = [("stakeholders", "0006_invitation_language")]
AFTER = [("stakeholders", "0007_user_email_confirmation")]


@pytest.fixture
def migrated_back(transactional_db):
    """The database as it was before BEFORE's next migration; brought back up after."""
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    yield executor.loader.project_state(BEFORE).apps
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_existing_emails_count_as_confirmed_where_an_accepted_invitation_reached_them(
    migrated_back,
):
    old = migrated_back
    Person = old.get_model("stakeholders", "User")
    Jurisdiction = old.get_model("stakeholders", "Jurisdiction")
    Invitation = old.get_model("stakeholders", "Invitation")
    county = Jurisdiction.objects.create(name="Old County", kind="county", state="CA", slug="old")
    admin = Person.objects.create(username="admin", email="admin@example.org")

    def person(username, email, invited_at=None, **fields):
        user = Person.objects.create(username=username, email=email, **fields)
        if invited_at:
            Invitation.objects.create(
                jurisdiction=county, email=invited_at, role="editor", invited_by=admin,
                token_hash=f"hash-{username}", expires_at=timezone.now() + timedelta(days=7),
                accepted_at=timezone.now(), accepted_by=user,
            )
        return user

    person("ana", "Ana@Example.org", invited_at="ana@example.org")
    person("ben", "ben@new.example.org", invited_at="ben@old.example.org")  # changed it since
    person("cat", "cat@example.org")  # made in Django admin: no invitation
    person("dan", "shared@example.org", invited_at="shared@example.org")
    person("eve", "shared@example.org", invited_at="shared@example.org")  # two: neither
    person("fay", "gone@example.org", invited_at="gone@example.org", is_active=False)
    person("gus", "gone@example.org", invited_at="gone@example.org")

    MigrationExecutor(connection).migrate(AFTER)

    confirmed = set(User.objects.filter(email_verified=True).values_list("username", flat=True))
    assert confirmed == {"ana", "fay", "gus"}
    assert set(User.objects.values_list("pending_email", flat=True)) == {""}
