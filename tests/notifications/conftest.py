"""Set-up shared by the notification tests: Example County's people, and around them people
who must never hear of its events (they left, their account is off, or they belong to Sample
City), so that every test of who is told can also check who is not."""

import pytest
from django.core import mail
from django.utils import translation

from notifications.models import Notification
from stakeholders.models import Role
from tests.factories import member
from tests.plans.factories import CommitmentFactory, county_people, new_plan


@pytest.fixture(autouse=True)
def in_english():
    """Sentences read outside a request are in the active language: English here, whatever
    an earlier test's request left active."""
    with translation.override("en"):
        yield


def ended(user, by):
    user.memberships.get().end(by=by)
    return user


@pytest.fixture
def people():
    """county_people(), plus per role a former member, a deactivated member and a member of
    Sample City."""
    people = county_people()
    people.former = {
        role: ended(member(people.county, role, first_name="Former"), by=people.admin)
        for role in Role
    }
    people.deactivated = {
        role: member(people.county, role, first_name="Off", is_active=False) for role in Role
    }
    people.elsewhere_members = {role: member(people.elsewhere, role) for role in Role}
    return people


def never_told(people):
    """Nobody of these hears of an Example County event (but a former member who commented
    on a plan hears that it is published)."""
    return {
        *people.former.values(),
        *people.deactivated.values(),
        *people.elsewhere_members.values(),
        people.outsider,
        people.site_admin,
    }


def everyone_in(people):
    """Everyone holding a role in Example County now."""
    return {
        people.editor,
        people.other_editor,
        people.admin,
        people.partner,
        people.first_signatory,
        people.second_signatory,
    }


def ready_plan(people, **fields):
    """A draft of Example County with one commitment, so that it can go to sign-off."""
    plan = new_plan(people, **fields)
    CommitmentFactory(plan=plan)
    return plan


def told(kind):
    """The people who have a notice of ``kind``."""
    return {n.recipient for n in Notification.objects.filter(kind=kind).select_related("recipient")}


def emailed(kind):
    return {
        n.recipient
        for n in Notification.objects.filter(kind=kind, emailed_at__isnull=False)
        .select_related("recipient")
    }


def emails_to(person):
    return [email for email in mail.outbox if email.to == [person.email]]


@pytest.fixture
def capture(django_capture_on_commit_callbacks):
    """Run what was announced once the block's work commits, as the real site would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)
