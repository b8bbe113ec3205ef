"""Finding comments on the consultation page: a GET form that filters the conversations (a
comment with its replies) by state, by what they are about, by the partners' organization or
sector and by words in the text, says how many comments match, keeps the chosen filters and
has a way to clear them. Hidden comments are a choice only for those who may read them."""

import re
from html import unescape

import pytest

from stakeholders.models import Comment
from tests.stakeholders.test_consultation import (
    consultation_url,
    example_people,
    plan_in_consultation,
    post_comment,
    principle,
    signed_in,
    text,
    url,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    return example_people()


@pytest.fixture
def said(people):
    """Five conversations, said through the pages; Pat Partner is of the Example Youth
    Alliance (youth), Nora Neighbour of the Eastside Faith Network (faith)."""
    plan = plan_in_consultation(people)
    jobs = plan.commitments.get()
    library = post_comment(people.partner, plan, "Open the library on Sundays.")
    lights = post_comment(people.neighbour, plan, "More street lights near the church.",
                          f"principle-{principle(3).pk}")
    pay = post_comment(people.partner, plan, "Pay the young people fairly.",
                       f"commitment-{jobs.pk}")
    private = post_comment(people.neighbour, plan, "Jo Bloggs lives at 12 Elm Street.")
    editor, admin = signed_in(people.editor), signed_in(people.admin)
    assert editor.post(url("respond", library), {
        "disposition": "adopted", "text": "We open it on Sundays."}).status_code == 302
    assert signed_in(people.partner).post(url("reply", lights), {
        "body": "Yes, and on ELM STREET too."}).status_code == 302
    assert signed_in(people.neighbour).post(url("reply", pay), {
        "body": "Our congregation can mentor them."}).status_code == 302
    assert admin.post(url("hide", private), {"reason": "It names a private person."}
                      ).status_code == 302
    return plan, {"library": library, "lights": lights, "pay": pay, "private": private,
                  "jobs": jobs}


def find(client, plan, **filters):
    response = client.get(consultation_url(plan), filters)
    assert response.status_code == 200
    return response


def shown(response, said):
    """The names of the conversations the page shows, in alphabetical order."""
    html = response.content.decode()
    return sorted(name for name, c in said.items()
                  if isinstance(c, Comment) and f'id="comment-{c.pk}"' in html)


def count(response):
    html = response.content.decode()
    return text(re.search(r'<p[^>]*role="status" id="comments-count">(.*?)</p>', html,
                          re.S).group(1))


def filter_form(response):
    html = response.content.decode()
    return re.search(r'<form[^>]*id="comment-filters".*?</form>', html, re.S).group(0)


def options(response, name):
    select = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>',
                       filter_form(response), re.S).group(1)
    return [(value, unescape(label)) for value, label in
            re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', select)]


def selected(response, name):
    select = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>',
                       filter_form(response), re.S).group(1)
    return re.findall(r'<option value="([^"]*)"[^>]*\bselected\b', select)


def test_the_filters_are_a_labelled_get_form_beside_the_count_of_comments(people, said):
    plan, _ = said
    page = find(signed_in(people.partner), plan)

    form = filter_form(page)
    assert re.search(r'<form[^>]*method="get"', form)
    assert f'action="{consultation_url(plan)}#comments"' in form
    for name, label in [("state", "State"), ("topic", "Part of the plan"),
                        ("sector", "Sector"), ("organization", "Organization"),
                        ("q", "Words in the text")]:
        field_id = re.search(rf'name="{name}"[^>]*id="([^"]+)"|id="([^"]+)"[^>]*name="{name}"',
                             form)
        field_id = next(g for g in field_id.groups() if g)
        assert re.search(rf'<label\s+for="{field_id}"[^>]*>\s*{label}', form), label
    assert "Show the comments" in text(form)
    assert f'href="{consultation_url(plan)}#comments">Clear the filters</a>' in form
    # Pat reads four comments and two replies: not the comment a moderator hid
    assert count(page) == "5 comments (replies included)."
    assert options(page, "sector") == [("", "Any"), ("faith", "Faith"), ("youth", "Youth")]
    assert options(page, "organization") == [
        ("", "Any"), (str(people.faith.pk), "Eastside Faith Network"),
        (str(people.youth.pk), "Example Youth Alliance")]


def test_comments_awaiting_an_official_answer_or_answered(people, said):
    plan, conversations = said
    partner = signed_in(people.partner)

    awaiting = find(partner, plan, state="awaiting")
    assert shown(awaiting, conversations) == ["lights", "pay"]
    assert count(awaiting) == "4 of 5 comments match these filters (replies included)."
    assert selected(awaiting, "state") == ["awaiting"]

    answered = find(partner, plan, state="answered")
    assert shown(answered, conversations) == ["library"]
    assert count(answered) == "1 of 5 comments match these filters (replies included)."


def test_hidden_comments_are_a_choice_for_their_author_and_the_moderators_only(people, said):
    plan, conversations = said
    for who in ("admin", "neighbour"):
        client = signed_in(getattr(people, who))
        assert ("hidden", "Hidden by a moderator") in options(find(client, plan), "state")
        hidden = find(client, plan, state="hidden")
        assert shown(hidden, conversations) == ["private"]
        assert "Jo Bloggs lives at 12 Elm Street." in text(hidden)

    for who in ("partner", "editor", "signatory"):
        client = signed_in(getattr(people, who))
        assert "hidden" not in dict(options(find(client, plan), "state"))
        refused = find(client, plan, state="hidden")
        assert "Select a valid choice." in text(filter_form(refused))
        assert "Jo Bloggs" not in refused.content.decode()
        assert count(refused) == "5 comments (replies included)."  # no filter in force


def test_comments_about_the_whole_plan_a_principle_or_a_commitment(people, said):
    plan, conversations = said
    partner = signed_in(people.partner)
    jobs = conversations["jobs"]
    assert [value for value, _label in options(find(partner, plan), "topic")] == [
        "", "plan", *[f"principle-{principle(n).pk}" for n in (1, 2)], f"commitment-{jobs.pk}",
        *[f"principle-{principle(n).pk}" for n in (3, 4, 5)]]

    # a principle takes in the comments on its commitments, as the plan page counts them
    on_principle = find(partner, plan, topic=f"principle-{principle(2).pk}")
    assert shown(on_principle, conversations) == ["pay"]
    assert f"2. {principle(2).name}" in text(on_principle)
    assert f"3. {principle(3).name}" not in text(on_principle)  # no empty groups
    assert shown(find(partner, plan, topic=f"commitment-{jobs.pk}"), conversations) == ["pay"]
    assert shown(find(partner, plan, topic=f"principle-{principle(3).pk}"),
                 conversations) == ["lights"]
    assert shown(find(partner, plan, topic="plan"), conversations) == ["library"]
    assert shown(find(signed_in(people.admin), plan, topic="plan"),
                 conversations) == ["library", "private"]


def test_conversations_a_partners_organization_or_sector_took_part_in(people, said):
    plan, conversations = said
    editor = signed_in(people.editor)

    faith = find(editor, plan, sector="faith")
    # Nora wrote about the lights and replied about the pay; her hidden comment is out of sight
    assert shown(faith, conversations) == ["lights", "pay"]
    assert count(faith) == "4 of 5 comments match these filters (replies included)."
    youth = find(editor, plan, organization=str(people.youth.pk))
    assert shown(youth, conversations) == ["library", "lights", "pay"]
    assert selected(youth, "organization") == [str(people.youth.pk)]
    both = find(editor, plan, sector="youth", organization=str(people.faith.pk))
    assert shown(both, conversations) == []


def test_words_are_found_in_comments_and_replies_whatever_their_case(people, said):
    plan, conversations = said
    partner = signed_in(people.partner)

    elm = find(partner, plan, q="elm Street")
    assert shown(elm, conversations) == ["lights"]  # in a reply; not the hidden comment
    assert 'value="elm Street"' in filter_form(elm)
    assert shown(find(signed_in(people.admin), plan, q="elm street"),
                 conversations) == ["lights", "private"]
    assert shown(find(partner, plan, q="CONGREGATION"), conversations) == ["pay"]


def test_filters_combine_and_nothing_found_says_so(people, said):
    plan, conversations = said
    partner = signed_in(people.partner)

    combined = find(partner, plan, state="awaiting", sector="faith", q="young")
    assert shown(combined, conversations) == ["pay"]
    assert (selected(combined, "state"), selected(combined, "sector")) == (
        ["awaiting"], ["faith"])

    nothing = find(partner, plan, q="zebra crossing")
    assert shown(nothing, conversations) == []
    assert count(nothing) == "0 of 5 comments match these filters (replies included)."
    assert "No comment matches these filters." in text(nothing)


def test_a_filter_that_is_not_a_choice_is_refused_and_everything_shown(people, said):
    plan, conversations = said
    page = find(signed_in(people.partner), plan, topic="principle-999999", sector="aliens")

    assert text(filter_form(page)).count("Select a valid choice.") == 2
    # the whole page, the hidden comment as the line that says so
    assert shown(page, conversations) == ["library", "lights", "pay", "private"]
    assert "A comment here was hidden by a moderator." in text(page)
    assert "Jo Bloggs" not in page.content.decode()
    assert count(page) == "5 comments (replies included)."
