"""The consultation where the content is: on the plan page each principle and each commitment
says how many comments it has (those in sight, replies included, as What we heard counts
them) and, to those who may comment, offers "Comment on this", which opens the consultation
page's form with that principle or commitment already chosen."""

import re

import pytest
from django.urls import reverse

from stakeholders.input import Comment

from .factories import (
    CommitmentFactory,
    county_people,
    in_consultation,
    in_revision,
    new_plan,
    principle,
    section_html,
    signed_in,
    text,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    return county_people()


@pytest.fixture
def plan(people):
    """In consultation, with "Youth summer jobs" under principle 1 and "Trauma recovery
    centre" under principle 3."""
    plan = new_plan(people)
    CommitmentFactory(plan=plan, principle=principle(1), local_practice="Youth summer jobs")
    CommitmentFactory(plan=plan, principle=principle(3), local_practice="Trauma recovery centre")
    return in_consultation(plan, people.editor)


def consultation_url(plan):
    return reverse("stakeholders:consultation", args=[plan.pk])


def post_comment(user, plan, body, about="plan"):
    response = signed_in(user).post(consultation_url(plan), {"about": about, "body": body})
    assert response.status_code == 302, text(response)
    return Comment.objects.get(pk=response["Location"].rsplit("#comment-", 1)[1])


def reply(user, comment, body):
    response = signed_in(user).post(reverse("stakeholders:reply", args=[comment.pk]),
                                    {"body": body})
    assert response.status_code == 302, text(response)


def hide(admin, comment):
    response = signed_in(admin).post(reverse("stakeholders:hide", args=[comment.pk]),
                                     {"reason": "It names a private person."})
    assert response.status_code == 302, text(response)


def plan_page(client, plan):
    response = client.get(plan.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def commitment_html(html, commitment):
    match = re.search(rf'<article id="commitment-{commitment.pk}".*?</article>', html, re.S)
    assert match, f"no commitment {commitment.pk}"
    return match.group(0)


def select_html(html, name):
    return re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', html, re.S).group(1)


def selected_options(html, name):
    return re.findall(r'<option value="([^"]*)"[^>]*\bselected\b', select_html(html, name))


def test_principles_and_commitments_show_their_comments_in_sight_with_their_replies(
        people, plan):
    jobs = plan.commitments.get(local_practice="Youth summer jobs")
    recovery = plan.commitments.get(local_practice="Trauma recovery centre")
    post_comment(people.partner, plan, "The whole plan is good.")
    post_comment(people.partner, plan, "Start in the schools.", f"principle-{principle(1).pk}")
    first = post_comment(people.partner, plan, "Pay them fairly.", f"commitment-{jobs.pk}")
    reply(people.editor, first, "We will.")
    reply(people.other_editor, first, "At the county's rate.")
    named = post_comment(people.partner, plan, "Jo Bloggs should lead it.",
                         f"commitment-{jobs.pk}")
    reply(people.editor, named, "Noted.")
    hide(people.admin, named)  # it and its reply leave the counts
    post_comment(people.admin, plan, "Staff it well.", f"commitment-{recovery.pk}")

    html = plan_page(signed_in(people.partner), plan)

    # principle 1: its own comment, and the comment on its commitment with two replies
    assert "4 comments on this principle or its commitments" in text(
        section_html(html, f"principle-{principle(1).slug}"))
    assert "3 comments on Youth summer jobs" in text(commitment_html(html, jobs))
    assert "1 comment on this principle or its commitments" in text(
        section_html(html, f"principle-{principle(3).slug}"))
    assert "1 comment on Trauma recovery centre" in text(commitment_html(html, recovery))
    for number in (2, 4, 5):
        assert "No comment on this principle yet." in text(
            section_html(html, f"principle-{principle(number).slug}"))
    # each count leads to those comments on the consultation page
    assert (f'href="{consultation_url(plan)}?topic=commitment-{jobs.pk}#comments"'
            in commitment_html(html, jobs))

    # the same numbers as What we heard's table of input by principle
    heard = signed_in(people.partner).get(reverse("stakeholders:heard", args=[plan.pk]))
    rows = re.findall(r'<tr><th scope="row">([^<]+)</th><td class="text-end">(\d+)</td>',
                      heard.content.decode())
    assert (principle(1).short_name, "4") in rows and (principle(3).short_name, "1") in rows


def test_a_plan_never_opened_for_comments_says_nothing_of_them(people):
    plan = new_plan(people)
    commitment = CommitmentFactory(plan=plan, principle=principle(2), local_practice="Parks")

    html = plan_page(signed_in(people.editor), plan)

    assert "comment" not in text(commitment_html(html, commitment)).lower()
    assert "No comment on this principle yet." not in text(html)
    assert "Comment on this" not in text(html)


@pytest.mark.parametrize("who", ["partner", "editor", "admin"])
def test_those_who_may_comment_open_the_form_with_the_principle_or_commitment_chosen(
        people, plan, who):
    jobs = plan.commitments.get(local_practice="Youth summer jobs")
    client = signed_in(getattr(people, who))
    html = plan_page(client, plan)
    link = re.search(r'<a href="([^"]+)">Comment on this<span class="visually-hidden">: '
                     r'Youth summer jobs</span></a>', commitment_html(html, jobs))
    assert link, "no Comment on this link on the commitment"
    assert (f'<a href="{consultation_url(plan)}?about=principle-{principle(3).pk}#new-comment">'
            f'Comment on this<span class="visually-hidden">: {principle(3).name}</span></a>'
            in section_html(html, f"principle-{principle(3).slug}"))

    form_page = client.get(link.group(1).replace("&amp;", "&"))

    assert selected_options(form_page.content.decode(), "about") == [f"commitment-{jobs.pk}"]
    # a target that is not one of this plan's leaves the choice open
    foreign = CommitmentFactory(plan=new_plan(people, title="Another plan"))
    for about in (f"commitment-{foreign.pk}", "principle-999999", "commitment-x", ""):
        page = client.get(consultation_url(plan), {"about": about})
        assert page.status_code == 200
        assert selected_options(page.content.decode(), "about") == [], about
    posted = client.post(consultation_url(plan), {"about": f"commitment-{jobs.pk}",
                                                  "body": "Hire from the neighbourhood."})
    assert posted.status_code == 302
    assert Comment.objects.get().commitment == jobs
    assert "1 comment on Youth summer jobs" in text(commitment_html(plan_page(client, plan), jobs))


@pytest.mark.parametrize("who", ["first_signatory", "site_admin"])
def test_those_who_may_not_comment_get_no_comment_on_this_link(people, plan, who):
    html = plan_page(signed_in(getattr(people, who)), plan)
    assert "Comment on this" not in text(html)
    assert "No comment on this principle yet." in text(html)  # they still see the counts


def test_no_comment_on_this_link_once_consultation_is_closed(people):
    plan = new_plan(people)
    CommitmentFactory(plan=plan, principle=principle(1), local_practice="Youth summer jobs")
    plan = in_revision(plan, people.editor)

    assert "Comment on this" not in text(plan_page(signed_in(people.partner), plan))
