"""A person's notifications: the list, reading one, opening one, reading all; the unread count
in the header, which no cached page freezes; the email choices."""

import json
import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from notifications.models import OPTIONAL_EMAILS, EmailOptOut, Notification
from stakeholders.models import Comment
from tests.plans.factories import county_people, in_consultation, signed_in, text

from .conftest import ready_plan

pytestmark = pytest.mark.django_db

Kind = Notification.Kind
LIST = reverse("notifications:list")
UNREAD = reverse("notifications:unread")
CHOICES = reverse("notifications:preferences")


@pytest.fixture
def people():
    return county_people()


@pytest.fixture
def plan(people):
    return in_consultation(ready_plan(people), people.editor)


def notice(person, plan, n=0, kind=Kind.CONSULTATION_CLOSING, **fields):
    """A notice for ``person``, ``n`` minutes old."""
    return Notification.objects.create(
        recipient=person, kind=kind, jurisdiction=plan.jurisdiction, plan=plan,
        event_date=plan.consultation_closes, key=f"test:{person.pk}:{kind}:{n}",
        created_at=timezone.now() - timedelta(minutes=n), **fields)


def items(page):
    """The notices of a list page, as (id, unread) in their order."""
    html = page.content.decode()
    return [
        (int(pk), "notification-unread" in classes)
        for pk, classes in re.findall(r'<li id="notification-(\d+)" class="([^"]*)"', html)
    ]


# --- the list ----------------------------------------------------------------------------------


def test_the_list_shows_ones_own_notices_newest_first_with_sentence_date_and_link(people, plan):
    older = notice(people.partner, plan, 60, kind=Kind.CONSULTATION_OPENED, actor=people.editor)
    newer = notice(people.partner, plan, 1)
    newer.read_at = timezone.now()
    newer.save()
    notice(people.admin, plan, 2)  # someone else's

    page = signed_in(people.partner).get(LIST)

    assert items(page) == [(newer.pk, False), (older.pk, True)]
    seen = text(page)
    assert "1 unread notification." in seen
    assert older.sentence in seen and newer.sentence in seen
    assert f'action="/notifications/{older.pk}/open/"' in page.content.decode()
    assert "Unread" in seen and "Mark as read" in seen and "Mark all as read" in seen


def test_the_list_pages_through_many_notices(people, plan):
    for n in range(30):
        notice(people.partner, plan, n)

    first = signed_in(people.partner).get(LIST)
    second = signed_in(people.partner).get(LIST, {"page": 2})

    assert len(items(first)) == 25 and len(items(second)) == 5
    assert "Page 1 of 2" in text(first) and "Older" in text(first)


def test_someone_with_no_notice_is_told_where_they_will_appear(people):
    seen = text(signed_in(people.partner).get(LIST))

    assert "Nothing here yet." in seen and "Mark all as read" not in seen


def test_reading_the_list_marks_nothing_read(people, plan):
    notice(people.partner, plan)

    signed_in(people.partner).get(LIST)

    assert Notification.objects.unread().count() == 1


# --- reading ---------------------------------------------------------------------------------


def test_marking_one_read_returns_to_the_same_page(people, plan):
    mine = notice(people.partner, plan)
    other = notice(people.partner, plan, 5)

    response = signed_in(people.partner).post(
        reverse("notifications:read", args=[mine.pk]), {"page": "2"})

    assert response["Location"] == f"{LIST}?page=2#notification-{mine.pk}"
    mine.refresh_from_db()
    assert mine.is_read and not Notification.objects.get(pk=other.pk).is_read


def test_marking_one_read_with_htmx_answers_the_notice_and_updates_the_count(people, plan):
    mine = notice(people.partner, plan)

    response = signed_in(people.partner).post(
        reverse("notifications:read", args=[mine.pk]), HTTP_HX_REQUEST="true")

    assert response.status_code == 200
    html = response.content.decode()
    assert html.startswith(f'<li id="notification-{mine.pk}"')
    assert "notification-unread" not in html and "Mark as read" not in html
    assert json.loads(response["HX-Trigger"]) == {"notifications-changed": {}}


def test_opening_one_marks_it_read_and_leads_where_it_points(people, plan):
    mine = notice(people.partner, plan)

    response = signed_in(people.partner).post(reverse("notifications:open", args=[mine.pk]))

    assert response["Location"] == f"/plans/{plan.pk}/consultation/"
    mine.refresh_from_db()
    assert mine.is_read


def test_nobody_reads_or_opens_anothers_notice(people, plan):
    theirs = notice(people.admin, plan)
    client = signed_in(people.partner)

    for name in ("read", "open"):
        assert client.post(reverse(f"notifications:{name}", args=[theirs.pk])).status_code == 404
    assert not Notification.objects.get(pk=theirs.pk).is_read


def test_marking_all_read_reads_only_ones_own(people, plan):
    for n in range(3):
        notice(people.partner, plan, n)
    theirs = notice(people.admin, plan)

    client = signed_in(people.partner)
    response = client.post(reverse("notifications:read_all"))

    assert response["Location"] == LIST
    assert not Notification.objects.filter(recipient=people.partner).unread().exists()
    assert not Notification.objects.get(pk=theirs.pk).is_read
    assert "Every notification is marked as read." in text(client.get(LIST))


# --- the unread count in the header ------------------------------------------------------------


def test_the_header_links_to_the_list_and_loads_the_count_after_the_page(people, plan):
    notice(people.partner, plan)

    html = signed_in(people.partner).get(reverse("dashboard")).content.decode()

    link = re.search(r'<a class="nav-link" href="/notifications/"[^>]*>(.*?)</a>', html, re.S)
    assert link, "the header links to the notifications"
    assert 'hx-get="/notifications/unread/"' in link.group(1)
    assert 'hx-trigger="load, notifications-changed from:body"' in link.group(1)
    assert "unread" not in text(link.group(1))  # the count is not part of the page
    assert "/notifications/" not in Client().get("/").content.decode()  # signed out


def test_the_count_says_how_many_are_unread_to_a_screen_reader_too(people, plan):
    client = signed_in(people.partner)
    assert client.get(UNREAD).content.decode().strip() == ""

    for n in range(3):
        notice(people.partner, plan, n)
    badge = client.get(UNREAD)

    assert '<span aria-hidden="true">3</span>' in badge.content.decode()
    assert '<span class="visually-hidden">3 unread</span>' in badge.content.decode()
    assert "no-store" in badge["Cache-Control"]
    assert Client().get(UNREAD).status_code == 204  # signed out since: nothing to show


def without_tokens(response):
    """The page with its CSRF tokens (masked afresh for each response) left out."""
    return re.sub(r'(csrfmiddlewaretoken" value="|"X-CSRFToken": ")[^"]+', r"\1",
                  response.content.decode())


def test_a_page_kept_whole_in_the_cache_never_freezes_the_count(people, plan):
    client = signed_in(people.partner)
    first = without_tokens(client.get(plan.get_absolute_url()))
    assert text(client.get(UNREAD)) == ""

    notice(people.partner, plan)
    again = without_tokens(client.get(plan.get_absolute_url()))

    assert again == first  # served from the cache, as before
    assert "1 unread" in client.get(UNREAD).content.decode()  # the count is live


def test_the_count_costs_a_page_seen_before_no_query(people, plan, django_assert_num_queries):
    client = signed_in(people.partner)
    client.get(plan.get_absolute_url())
    notice(people.partner, plan)

    with django_assert_num_queries(4):  # as tests/plans/test_fragments.py counts it
        client.get(plan.get_absolute_url())


# --- query counts ------------------------------------------------------------------------------


def queries_for(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def fill(person, plan, size):
    """``size`` notices of every sort: with an actor, a comment, a plan or none."""
    comment = Comment.objects.create(plan=plan, author=person, body="A comment.")
    for n in range(size):
        kind = list(Kind)[n % len(Kind)]
        fields = {"actor": plan.created_by, "note": "Because.", "count": 2}
        if kind in (Kind.COMMENT_ANSWERED, Kind.COMMENT_REPLIED, Kind.COMMENT_HIDDEN):
            fields["comment"] = comment
        if kind == Kind.INVITATIONS_EXPIRED:
            fields["plan"] = None
            Notification.objects.create(
                recipient=person, kind=kind, jurisdiction=plan.jurisdiction,
                key=f"fill:{person.pk}:{n}", event_date=plan.consultation_closes, **fields)
        else:
            notice(person, plan, 1000 + n, kind=kind, **fields)


def test_the_list_costs_the_same_for_5_and_50_notices(people, plan, django_assert_num_queries):
    small, large = people.partner, people.other_editor
    fill(small, plan, 5)
    fill(large, plan, 50)

    expected = queries_for(signed_in(small), LIST)
    client = signed_in(large)

    with django_assert_num_queries(expected):
        page = client.get(LIST)
    assert len(items(page)) == 25
    assert expected == 5  # session, person, unread count, page count, the page's notices


# --- email choices -----------------------------------------------------------------------------


def test_the_email_choices_offer_every_kind_but_the_moderation_notice(people):
    page = signed_in(people.partner).get(CHOICES).content.decode()

    boxes = re.findall(r'<input[^>]*type="checkbox"[^>]*name="(\w+)"', page)
    assert boxes == [str(kind) for kind in OPTIONAL_EMAILS]
    assert "comment_hidden" not in boxes
    assert all(" checked" in box for box in re.findall(r'<input[^>]*type="checkbox"[^>]*>', page))
    assert "you are always told by email" in text(page)


def test_turning_an_email_off_and_on_again(people):
    client = signed_in(people.partner)
    wanted = {str(kind): "on" for kind in OPTIONAL_EMAILS if kind != Kind.PLAN_SIGNED_OFF}

    response = client.post(CHOICES, wanted)

    assert response["Location"] == CHOICES
    assert list(EmailOptOut.objects.values_list("kind", flat=True)) == ["plan_signed_off"]
    assert "Your email choices are saved." in text(client.get(CHOICES))
    client.post(CHOICES, {**wanted, "plan_signed_off": "on"})
    assert not EmailOptOut.objects.exists()
