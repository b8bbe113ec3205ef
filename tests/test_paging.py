"""Every list pages (shared_safety.paging, templates/_pagination.html): a page shows
PAGE_SIZE items whatever the list's length, for the same number of queries; the next page
shows the rest; filters stay in the links; a page number out of range lands on a page."""

import re
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from notifications.models import Notification
from stakeholders.models import Comment, Role
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory, member
from tests.publishing.factories import signed_plan
from tests.stakeholders.test_consultation import (
    consultation_url,
    example_people,
    heard_url,
    plan_in_consultation,
    principle,
    text,
)
from tests.stakeholders.test_heard import session

pytestmark = pytest.mark.django_db

SIZE = 3  # a page, in these tests


@pytest.fixture(autouse=True)
def small_pages(settings):
    settings.PAGE_SIZE = SIZE


def get(client, url, **params):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200
    return response, len(queries)


def pagination(response):
    """The pagination nav: its label, its links' words and addresses, the current page."""
    html = response.content.decode()
    nav = re.search(r'<nav class="mt-3" aria-label="([^"]+)">(.*?)</nav>', html, re.DOTALL)
    if nav is None:
        return None
    links = {unescape(strip(words)): unescape(href) for href, words in
             re.findall(r'<a class="page-link" rel="\w+" href="([^"]+)">(.*?)</a>', nav[2])}
    current = re.search(r'aria-current="page"><span class="page-link">(.*?)</span>', nav[2])
    return nav[1], current[1], links


def strip(html):
    return re.sub(r"<[^>]+>", "", html).strip()


# --- comments on the consultation page ------------------------------------------------------


def commented(people, count):
    plan = plan_in_consultation(people)
    comments = [Comment.objects.create(plan=plan, author=people.partner, body=f"Comment {n:03d}.")
                for n in range(count)]
    return plan, comments


def test_a_plan_with_many_comments_shows_one_page_of_them_for_the_same_queries(client):
    people = example_people()
    few, _few_comments = commented(people, SIZE + 1)
    many, comments = commented(people, SIZE * 4)
    client.force_login(people.editor)
    get(client, consultation_url(few))  # the session and the caches warmed alike

    _response, few_queries = get(client, consultation_url(few))
    response, many_queries = get(client, consultation_url(many))

    assert many_queries == few_queries
    page = text(response)
    assert [c.body for c in comments if c.body in page] == [c.body for c in comments[:SIZE]]
    assert "12 comments (replies included)." in page
    label, current, links = pagination(response)
    assert (label, current) == ("Pages of the comments", "Page 1 of 4")
    assert links == {"Next": "?page=2#comments"}


def test_the_second_page_shows_the_next_comments_and_the_last_page_the_rest(client):
    people = example_people()
    plan, comments = commented(people, SIZE * 2 + 1)
    client.force_login(people.partner)

    second, _ = get(client, consultation_url(plan), page=2)
    last, _ = get(client, consultation_url(plan), page=3)

    assert [c.body for c in comments if c.body in text(second)] == [
        c.body for c in comments[SIZE:SIZE * 2]]
    assert [c.body for c in comments if c.body in text(last)] == [comments[-1].body]
    assert pagination(second)[1:] == ("Page 2 of 3", {"Previous": "?page=1#comments",
                                                      "Next": "?page=3#comments"})


@pytest.mark.parametrize("asked, shown", [("99", "Page 3 of 3"), ("0", "Page 1 of 3"),
                                          ("two", "Page 1 of 3"), ("-1", "Page 1 of 3")])
def test_a_page_number_out_of_range_lands_on_the_nearest_page(client, asked, shown):
    people = example_people()
    plan, _comments = commented(people, SIZE * 3)
    client.force_login(people.partner)

    response, _ = get(client, consultation_url(plan), page=asked)

    assert pagination(response)[1] == shown


def test_the_filters_stay_in_the_links_between_pages(client):
    people = example_people()
    plan, comments = commented(people, SIZE * 2)
    client.force_login(people.editor)

    response, _ = get(client, consultation_url(plan), state="awaiting", q="comment")

    assert "6 of 6 comments match these filters" in text(response)
    assert pagination(response)[2] == {"Next": "?state=awaiting&q=comment&page=2#comments"}


def test_the_address_of_a_comment_opens_the_page_that_holds_it(client):
    people = example_people()
    plan, comments = commented(people, SIZE * 2 + 1)
    reply = Comment.objects.create(plan=plan, author=people.editor, parent=comments[4],
                                   body="A reply on the second page.")
    client.force_login(people.partner)

    response, _ = get(client, consultation_url(plan), comment=reply.pk)

    assert pagination(response)[1] == "Page 2 of 3"
    assert f'id="comment-{reply.pk}"' in response.content.decode()


# --- the lists of a jurisdiction --------------------------------------------------------------


def test_the_plans_of_a_jurisdiction_page(client):
    people = example_people()
    for n in range(SIZE + 1):
        plan_in_consultation(people, title=f"Plan {n}")
    client.force_login(people.partner)
    url = reverse("plans:list", args=[people.county.slug])
    _response, few = get(client, url)
    for n in range(SIZE * 3):
        plan_in_consultation(people, title=f"Later plan {n}")

    first, many = get(client, url)
    last, _ = get(client, url, page=5)

    assert many == few
    assert text(first).count("version 1,") == SIZE
    assert pagination(first)[:2] == ("Pages of the plans", "Page 1 of 5")
    assert text(last).count("version 1,") == 1


def test_members_and_former_members_page_apart(client):
    people = example_people()  # five people, Ada Admin to Sam Signatory
    client.force_login(people.admin)
    url = reverse("stakeholders:members", args=[people.county.slug])

    def former_member(n):
        MembershipFactory(user=UserFactory(last_name=f"Gone{n}"),
                          jurisdiction=people.county).end(by=people.admin)

    former_member(0)
    _response, few = get(client, url)
    for n in range(6):
        person = member(people.county, Role.EDITOR, first_name="Zoe", last_name=f"Zed{n}")
        MembershipFactory(user=person, jurisdiction=people.county, signatory=True)
    for n in range(1, SIZE + 1):
        former_member(n)

    first, many = get(client, url)
    last, _ = get(client, url, page=99, former=2)

    assert many == few
    assert first.content.decode().count('<th scope="row">') == SIZE
    label, current, links = pagination(first)
    assert (label, current, links) == ("Pages of the members", "Page 1 of 4", {"Next": "?page=2"})
    last_page = text(last)
    assert "Zoe Zed4" in last_page and "Zoe Zed5" in last_page and "Zed3" not in last_page
    assert last_page.count("Change role") == 4  # two people, two roles each
    assert last_page.count("removed") == 1
    assert "Page 2 of 2" in last_page


def test_the_organizations_of_a_jurisdiction_page(client):
    people = example_people()  # two organizations
    client.force_login(people.editor)
    url = reverse("stakeholders:organizations", args=[people.county.slug])
    _response, few = get(client, url)
    for n in range(SIZE * 2):
        OrganizationFactory(jurisdiction=people.county, name=f"Westside group {n}")

    first, many = get(client, url)
    second, _ = get(client, url, page=2)

    assert many == few
    assert pagination(first)[:2] == ("Pages of the organizations", "Page 1 of 3")
    assert "Eastside Faith Network" in text(first)
    assert "Westside group 1" in text(second) and "Westside group 4" not in text(second)


def test_notifications_page_and_keep_their_words(client):
    people = example_people()
    for n in range(SIZE + 1):
        Notification.objects.create(recipient=people.partner, kind="consultation_opened",
                                    jurisdiction=people.county, key=f"test:{n}")
    client.force_login(people.partner)

    response, _ = get(client, reverse("notifications:list"), page="last")

    assert pagination(response) == ("Pages of your notifications", "Page 1 of 2",
                                     {"Older": "?page=2"})


def test_the_portal_and_the_practices_adopted_page(client):
    people = example_people()
    for n in range(SIZE + 1):
        signed_plan(people.county, title=f"Plan {n}")
    portal, _ = get(client, reverse("plans:portal"))
    practices, _ = get(client, reverse("plans:practices_adopted"), page=2)

    assert pagination(portal)[:2] == ("Pages of the published blueprints", "Page 1 of 2")
    assert "Plan 2" in text(portal) and "Plan 3" not in text(portal)
    assert pagination(practices)[:2] == ("Pages of the practices", "Page 2 of 2")


# --- What we heard ----------------------------------------------------------------------------


def heard_with(people, comments, sessions):
    plan = plan_in_consultation(people)
    for n in range(comments):
        Comment.objects.create(plan=plan, author=people.partner, body=f"Heard {n:03d}.",
                               principle=principle(n % 2 + 1))
    for n in range(sessions):
        session(people, plan, f"Hall {n:02d}", 10, principles=(2,), days_ago=n + 1)
    return plan


def test_what_we_heard_lists_a_page_of_comments_and_of_sessions_for_the_same_queries(client):
    people = example_people()
    few = heard_with(people, SIZE + 1, SIZE + 1)
    many = heard_with(people, SIZE * 5, SIZE * 4)
    client.force_login(people.editor)
    get(client, heard_url(few))

    _response, few_queries = get(client, heard_url(few), page=3)
    response, many_queries = get(client, heard_url(many), page=3)
    _again, kept_queries = get(client, heard_url(many), page=3)

    assert many_queries == few_queries
    assert kept_queries == 4  # kept whole, per page: the session, the person, roles, the plan
    page = text(response)
    assert "15 comments and 12 listening sessions with 120 attendees." in page
    # the comments go by principle, 1 then 2: 0, 2, 4… 14 then 1, 3, 5…
    assert re.findall(r"Heard (\d+)\.", page) == ["012", "014", "001"]
    assert re.findall(r"What Hall (\d+) said", page) == ["00", "01", "02"]
    assert pagination(response)[:2] == ("Pages of the comments", "Page 3 of 5")
    assert f"?page=3&amp;sessions=2#session-{session_at(many, 'Hall 05').pk}" in (
        response.content.decode())


def test_the_second_page_of_listening_sessions_keeps_the_page_of_comments(client):
    people = example_people()
    plan = heard_with(people, SIZE * 2, SIZE + 1)
    client.force_login(people.partner)

    response, _ = get(client, heard_url(plan), page=2, sessions=2)

    assert re.findall(r"What Hall (\d+) said", text(response)) == ["03"]
    assert 'href="?page=2&amp;sessions=1#sessions"' in response.content.decode()


def test_what_we_heard_at_an_odd_page_number_is_answered_but_not_kept(client):
    people = example_people()
    plan = heard_with(people, SIZE * 2, 0)
    client.force_login(people.partner)
    get(client, heard_url(plan), page="01")

    response, queries = get(client, heard_url(plan), page="01")

    assert pagination(response)[1] == "Page 1 of 2"
    assert queries > 4


def session_at(plan, place):
    return plan.listening_sessions.get(place=place)


def test_a_parameter_in_one_address_never_reaches_the_links_of_another(client):
    people = example_people()
    plan = heard_with(people, SIZE * 2, 0)
    client.force_login(people.partner)
    first, _ = get(client, heard_url(plan), page=2, injected="evil")
    assert "injected=evil" in first.content.decode()  # its own links keep what it was given

    response, _ = get(client, heard_url(plan), page=2)  # as anyone who may read as much

    assert "injected" not in response.content.decode()
    assert pagination(response)[2] == {"Previous": "?page=1#heard-comments"}
