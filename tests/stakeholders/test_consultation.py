"""Comments on a plan, as the people using the consultation pages see them: who comments on
what and when, replies, the 15-minute edit window, official answers and moderation.

The set-up helpers at the top are shared with the other tests of stakeholder input.
"""

import re
from datetime import timedelta
from html import unescape
from types import SimpleNamespace

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import strip_tags

from plans import workflow
from plans.models import AuditEntry, Commitment, Plan
from principles.models import Principle
from stakeholders.models import Comment, Organization, Response, Role
from tests.factories import (
    MembershipFactory,
    OrganizationFactory,
    UserFactory,
    example_county,
    member,
)

pytestmark = pytest.mark.django_db


# --- set-up shared with the other input tests ----------------------------------------------


def partner_of(county, organization, **names):
    user = UserFactory(**names)
    MembershipFactory(user=user, jurisdiction=county, partner=True, organization=organization)
    return user


def example_people():
    """Example County with one named person per role; two partners of two sectors."""
    county = example_county()
    youth = OrganizationFactory(
        jurisdiction=county, name="Example Youth Alliance", sector=Organization.Sector.YOUTH
    )
    faith = OrganizationFactory(
        jurisdiction=county, name="Eastside Faith Network", sector=Organization.Sector.FAITH
    )
    return SimpleNamespace(
        county=county,
        youth=youth,
        faith=faith,
        admin=member(county, Role.JURISDICTION_ADMIN, first_name="Ada", last_name="Admin"),
        editor=member(county, Role.EDITOR, first_name="Eli", last_name="Editor"),
        signatory=member(county, Role.SIGNATORY, first_name="Sam", last_name="Signatory"),
        partner=partner_of(county, youth, first_name="Pat", last_name="Partner"),
        neighbour=partner_of(county, faith, first_name="Nora", last_name="Neighbour"),
        site_admin=UserFactory(is_staff=True, first_name="Site", last_name="Admin"),
    )


@pytest.fixture
def people():
    return example_people()


def principle(number):
    return Principle.objects.get(number=number)


def draft_plan(people, title="Example County Safety Plan"):
    """A draft with one commitment, under principle 2."""
    plan = workflow.create_plan(
        jurisdiction=people.county, by=people.editor, title=title, first_year=2027, last_year=2030
    )
    Commitment.objects.create(
        plan=plan,
        principle=principle(2),
        local_practice="Youth summer jobs",
        local_action="Pay 200 young people for summer work.",
        lead_agency="Workforce Board",
    )
    return plan


def plan_in_consultation(people, opens_in=0, closes_in=30, **fields):
    """A plan opened for comments from today + ``opens_in`` to today + ``closes_in`` days."""
    today = timezone.localdate()
    return workflow.open_consultation(
        draft_plan(people, **fields),
        by=people.editor,
        opens=today + timedelta(days=opens_in),
        closes=today + timedelta(days=closes_in),
    )


def plan_after_closing(people):
    """In consultation, but its closing date was yesterday."""
    plan = plan_in_consultation(people)
    today = timezone.localdate()
    Plan.objects.filter(pk=plan.pk).update(
        consultation_opens=today - timedelta(days=30), consultation_closes=today - timedelta(days=1)
    )
    return Plan.objects.get(pk=plan.pk)


def plan_in_revision(people):
    return workflow.close_consultation(
        plan_in_consultation(people), by=people.editor, seen_unfinished=True
    )


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def consultation_url(plan):
    return reverse("stakeholders:consultation", args=[plan.pk])


def heard_url(plan):
    return reverse("stakeholders:heard", args=[plan.pk])


def url(name, comment):
    return reverse(f"stakeholders:{name}", args=[comment.pk])


def post_comment(user, plan, body, about="plan"):
    """Comment through the page, as ``user``; returns the new comment."""
    response = signed_in(user).post(consultation_url(plan), {"about": about, "body": body})
    assert response.status_code == 302, text(response)
    return Comment.objects.get(pk=response["Location"].rsplit("#comment-", 1)[1])


def text(response_or_html):
    """What a reader sees: the page's text without tags, entities or runs of spaces."""
    html = response_or_html
    if not isinstance(html, str):
        html = html.content.decode()
    return " ".join(unescape(strip_tags(html)).split())


def sections(response):
    """{heading: html} of the page's sections (they do not nest)."""
    found = {}
    for body in re.findall(r"<section[^>]*>(.*?)</section>", response.content.decode(), re.S):
        heading = re.search(r"<h2[^>]*>(.*?)</h2>", body, re.S)
        if heading:
            found[text(heading.group(1))] = body
    return found


def article(response, comment):
    """The html of a comment's <article>, with its replies (articles nest)."""
    html = response.content.decode()
    start = html.index(f'<article id="comment-{comment.pk}"')
    depth = 0
    for tag in re.finditer(r"<(/?)article\b[^>]*>", html[start:]):
        depth += -1 if tag.group(1) else 1
        if depth == 0:
            return html[start : start + tag.end()]
    raise AssertionError(f"comment {comment.pk} has no closed article")


def state_sentence(response):
    return text(
        re.search(
            r'<p class="lead" role="status">(.*?)</p>', response.content.decode(), re.S
        ).group(1)
    )


# --- commenting ----------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["partner", "editor", "admin"])
@pytest.mark.parametrize("about", ["plan", "principle", "commitment"])
def test_partners_editors_and_admins_comment_on_the_plan_a_principle_or_a_commitment(
    people, who, about
):
    plan = plan_in_consultation(people)
    commitment = plan.commitments.get()
    value, heading = {
        "plan": ("plan", "The whole plan"),
        "principle": (f"principle-{principle(3).pk}", f"3. {principle(3).name}"),
        "commitment": (f"commitment-{commitment.pk}", f"2. {principle(2).name}"),
    }[about]
    author = getattr(people, who)
    client = signed_in(author)

    response = client.post(
        consultation_url(plan), {"about": value, "body": "Open the centre in the **evening**."}
    )

    comment = Comment.objects.get()
    assert response["Location"] == (
        f"{consultation_url(plan)}?comment={comment.pk}#comment-{comment.pk}")
    page = client.get(consultation_url(plan))
    assert "Your comment is posted." in text(page)
    section = sections(page)[heading]
    assert "Open the centre in the <strong>evening</strong>." in article(page, comment)
    assert article(page, comment) in section
    assert str(author) in text(section)
    if about == "commitment":
        assert "on “Youth summer jobs”" in text(section)
    assert (comment.author, comment.plan, comment.parent) == (author, plan, None)
    assert comment.principle == (principle(3) if about == "principle" else None)
    assert comment.commitment == (commitment if about == "commitment" else None)


def test_partner_comment_names_their_organization(people):
    plan = plan_in_consultation(people)
    comment = post_comment(people.partner, plan, "Hello.")

    page = signed_in(people.neighbour).get(consultation_url(plan))

    assert "Pat Partner, Example Youth Alliance" in text(article(page, comment))


def test_form_offers_the_whole_plan_each_principle_and_each_commitment(people):
    plan = plan_in_consultation(people)
    commitment = plan.commitments.get()

    page = signed_in(people.partner).get(consultation_url(plan))

    options = re.findall(r'<option value="([^"]+)"', sections(page)["Add your comment"])
    assert options == [
        "plan",
        f"principle-{principle(1).pk}",
        f"principle-{principle(2).pk}",
        f"commitment-{commitment.pk}",
        f"principle-{principle(3).pk}",
        f"principle-{principle(4).pk}",
        f"principle-{principle(5).pk}",
    ]
    assert "Consultation is open until" in state_sentence(page)


def test_an_empty_comment_is_refused_with_a_message(people):
    plan = plan_in_consultation(people)

    page = signed_in(people.partner).post(consultation_url(plan), {"about": "plan", "body": ""})

    assert page.status_code == 200
    assert "Write your comment first." in text(page)
    assert not Comment.objects.exists()


def test_a_commitment_of_another_plan_is_not_a_choice(people):
    plan = plan_in_consultation(people)
    other = draft_plan(people, title="Another plan")

    page = signed_in(people.partner).post(
        consultation_url(plan),
        {"about": f"commitment-{other.commitments.get().pk}", "body": "Sneaky."},
    )

    assert page.status_code == 200
    assert "Select a valid choice." in text(page)
    assert not Comment.objects.exists()


def conversation(response, comment):
    """The html of a comment's conversation: its replies and the link to reply."""
    html = article(response, comment)
    start = html.index('<div class="conversation')
    return html[start:html.rindex("</div>") + len("</div>")]


def h1(response):
    return text(re.search(r"<h1[^>]*>(.*?)</h1>", response.content.decode(), re.S).group(1))


def test_a_reply_joins_the_conversation_and_the_official_answer_stands_apart(people):
    """Two things people cannot confuse: replying (a conversation between people) and the
    official answer with its disposition (by editors)."""
    plan = plan_in_consultation(people)
    comment = post_comment(people.partner, plan, "Open the library on Sundays.")
    editor = signed_in(people.editor)

    page = editor.get(consultation_url(plan))
    talk = conversation(page, comment)
    assert re.search(r"<h3[^>]*>Conversation<span class=\"visually-hidden\"> on the comment "
                     r"of Pat Partner</span></h3>", talk)
    assert f'<a href="{url("reply", comment)}">Reply to Pat Partner</a>' in talk
    assert "official answer" not in text(talk)
    assert "Give the official answer to Pat Partner" in text(
        article(page, comment).replace(talk, ""))

    reply_page = editor.get(url("reply", comment))
    assert h1(reply_page) == "Reply to Pat Partner"
    assert 'value="Post your reply"' in reply_page.content.decode()
    editor.post(url("reply", comment), {"body": "We are costing it."})

    answer_page = editor.get(url("respond", comment))
    assert h1(answer_page) == "Give the official answer"
    assert re.search(r"<label[^>]*>\s*Official answer", answer_page.content.decode())
    assert 'value="Publish the official answer"' in answer_page.content.decode()
    response = editor.post(url("respond", comment),
                           {"disposition": "adopted", "text": "Open from March."})
    assert "The official answer is published." in text(editor.get(response["Location"]))

    page = signed_in(people.neighbour).get(consultation_url(plan))
    talk = conversation(page, comment)
    assert "We are costing it." in text(talk) and "Open from March." not in text(talk)
    assert "Official answer · Adopted · Eli Editor" in text(
        article(page, comment).replace(talk, ""))
    assert h1(editor.get(url("respond", comment))) == "Change the official answer"


def test_replies_are_one_level_deep(people):
    plan = plan_in_consultation(people)
    top = post_comment(people.partner, plan, "Open the library on Sundays.")

    editor = signed_in(people.editor)
    response = editor.post(url("reply", top), {"body": "We are costing it."})
    first = Comment.objects.get(body="We are costing it.")
    assert response["Location"] == f"{consultation_url(plan)}?comment={first.pk}#comment-{first.pk}"

    neighbour = signed_in(people.neighbour)
    assert "We are costing it." in text(neighbour.get(url("reply", first)))
    neighbour.post(url("reply", first), {"body": "Sundays matter to shift workers."})
    second = Comment.objects.get(body="Sundays matter to shift workers.")

    assert first.parent == top and second.parent == top
    page = neighbour.get(consultation_url(plan))
    thread = article(page, top)
    assert article(page, first) in thread and article(page, second) in thread
    assert url("reply", top) in thread
    assert url("reply", first) not in thread and url("reply", second) not in thread


def test_an_empty_reply_is_refused_with_a_message(people):
    plan = plan_in_consultation(people)
    top = post_comment(people.partner, plan, "A comment.")

    page = signed_in(people.editor).post(url("reply", top), {"body": " "})

    assert page.status_code == 200
    assert "Write your reply first." in text(page)
    assert Comment.objects.count() == 1


def read_only_sentence(plan, when):
    """What the page says about a plan that is not open for comments."""
    if when == "before it opens":
        return (
            f"Consultation opens on {date_format(plan.consultation_opens)}; "
            "comments are read-only until then."
        )
    if when == "in draft":
        return "This plan has not been opened for consultation; comments are read-only."
    closed = date_format(plan.consultation_closes)
    return f"Consultation closed on {closed}; comments are read-only."


PLANS_NOT_OPEN = {
    "before it opens": lambda people: plan_in_consultation(people, opens_in=5),
    "after it closes": plan_after_closing,
    "in draft": draft_plan,
    "in revision": plan_in_revision,
}


@pytest.mark.parametrize("when", list(PLANS_NOT_OPEN))
def test_comments_are_refused_outside_the_consultation_dates(people, when):
    plan = PLANS_NOT_OPEN[when](people)
    earlier = Comment.objects.create(plan=plan, author=people.neighbour, body="Said earlier.")
    expected = read_only_sentence(plan, when)

    for who in ["partner", "editor", "admin"]:
        client = signed_in(getattr(people, who))
        page = client.get(consultation_url(plan))
        assert page.status_code == 200
        assert state_sentence(page) == expected
        assert "Add your comment" not in text(page)
        assert "Said earlier." in text(page)
        assert url("reply", earlier) not in page.content.decode()

        refused = client.post(consultation_url(plan), {"about": "plan", "body": "Too late?"})
        assert refused.status_code == 403
        assert expected in text(refused)
        refused = client.post(url("reply", earlier), {"body": "Too late?"})
        assert refused.status_code == 403
        assert expected in text(refused)

    assert list(Comment.objects.all()) == [earlier]


def test_comments_are_welcome_on_the_opening_and_the_closing_day(people):
    plan = plan_in_consultation(people, closes_in=0)

    post_comment(people.partner, plan, "Last-minute thought.")

    page = signed_in(people.partner).get(consultation_url(plan))
    closes = date_format(timezone.localdate())
    assert state_sentence(page) == f"Consultation is open until {closes}: comments are welcome."


@pytest.mark.parametrize("who", ["signatory", "site_admin"])
def test_signatories_and_site_admins_cannot_comment(people, who):
    plan = plan_in_consultation(people)
    top = Comment.objects.create(plan=plan, author=people.partner, body="A partner's view.")
    client = signed_in(getattr(people, who))

    page = client.get(consultation_url(plan))
    assert "A partner's view." in text(page)
    assert "Add your comment" not in text(page)
    assert url("reply", top) not in page.content.decode()

    refused = client.post(consultation_url(plan), {"about": "plan", "body": "Mine."})
    assert refused.status_code == 403
    assert client.post(url("reply", top), {"body": "Mine."}).status_code == 403
    assert list(Comment.objects.all()) == [top]


def test_a_signatory_is_told_their_role_does_not_allow_commenting(people):
    plan = plan_in_consultation(people)

    refused = signed_in(people.signatory).post(
        consultation_url(plan), {"about": "plan", "body": "Mine."}
    )

    assert refused.status_code == 403
    assert "comments are welcome" not in text(refused)
    assert "does not allow" in text(refused)


# --- the edit window -----------------------------------------------------------------------


def written_ago(comment, minutes):
    Comment.objects.filter(pk=comment.pk).update(
        created_at=timezone.now() - timedelta(minutes=minutes)
    )


def test_the_author_edits_within_15_minutes_and_the_history_keeps_the_earlier_wording(people):
    plan = plan_in_consultation(people)
    comment = post_comment(people.partner, plan, "Frist draft of my thought.")
    written_ago(comment, 14)
    client = signed_in(people.partner)
    assert url("comment_edit", comment) in article(client.get(consultation_url(plan)), comment)

    form = client.get(url("comment_edit", comment))
    assert form.status_code == 200
    assert "Frist draft of my thought." in text(form)
    response = client.post(url("comment_edit", comment), {"body": "First draft of my thought."})

    assert response["Location"] == (
        f"{consultation_url(plan)}?comment={comment.pk}#comment-{comment.pk}")
    page = client.get(consultation_url(plan))
    assert "Your comment is updated; the earlier wording is kept in its history." in text(page)
    shown = text(article(page, comment))
    assert "First draft of my thought." in shown and "edited" in shown
    assert "Frist" not in shown
    comment.refresh_from_db()
    assert comment.edited_at is not None
    assert [h.body for h in comment.history.order_by("history_date")] == [
        "Frist draft of my thought.",
        "First draft of my thought.",
    ]


def test_the_author_cannot_edit_after_15_minutes(people):
    plan = plan_in_consultation(people)
    comment = post_comment(people.partner, plan, "Written a while ago.")
    written_ago(comment, 16)
    client = signed_in(people.partner)

    message = (
        "A comment can be edited for 15 minutes after it is written, while consultation is open."
    )
    for refused in [
        client.get(url("comment_edit", comment)),
        client.post(url("comment_edit", comment), {"body": "Changed."}),
    ]:
        assert refused.status_code == 403
        assert message in text(refused)
    comment.refresh_from_db()
    assert comment.body == "Written a while ago."
    assert comment.history.count() == 1
    assert url("comment_edit", comment) not in client.get(consultation_url(plan)).content.decode()


def test_the_author_cannot_edit_once_consultation_closed(people):
    plan = plan_in_consultation(people)
    comment = post_comment(people.partner, plan, "Written just now.")
    workflow.close_consultation(plan, by=people.editor, seen_unfinished=True)

    refused = signed_in(people.partner).post(url("comment_edit", comment), {"body": "Changed."})

    assert refused.status_code == 403
    comment.refresh_from_db()
    assert comment.body == "Written just now."


@pytest.mark.parametrize("who", ["neighbour", "editor", "admin"])
def test_only_the_author_edits_a_comment(people, who):
    plan = plan_in_consultation(people)
    comment = post_comment(people.partner, plan, "Mine alone.")
    client = signed_in(getattr(people, who))

    assert url("comment_edit", comment) not in client.get(consultation_url(plan)).content.decode()
    refused = client.post(url("comment_edit", comment), {"body": "Not yours."})

    assert refused.status_code == 403
    assert "Only its author edits a comment." in text(refused)
    comment.refresh_from_db()
    assert comment.body == "Mine alone."


def test_an_edit_cannot_be_empty(people):
    plan = plan_in_consultation(people)
    comment = post_comment(people.partner, plan, "Something.")

    page = signed_in(people.partner).post(url("comment_edit", comment), {"body": ""})

    assert page.status_code == 200
    assert "Write your comment first." in text(page)
    comment.refresh_from_db()
    assert comment.body == "Something."


# --- official answers ----------------------------------------------------------------------


def test_an_editor_answers_a_comment_and_the_answer_shows_under_it(people):
    plan = plan_in_consultation(people)
    about = f"principle-{principle(4).pk}"
    comment = post_comment(people.partner, plan, "Add reentry housing.", about)
    editor = signed_in(people.editor)
    thread = text(article(editor.get(consultation_url(plan)), comment))
    assert "Give the official answer to Pat Partner" in thread

    form = editor.get(url("respond", comment))
    assert form.status_code == 200 and "Add reentry housing." in text(form)
    response = editor.post(
        url("respond", comment),
        {"disposition": "adopted", "text": "We add a reentry commitment.", "reason": ""},
    )

    assert response["Location"] == (
        f"{consultation_url(plan)}?comment={comment.pk}#comment-{comment.pk}")
    assert "The official answer is published." in text(editor.get(consultation_url(plan)))
    page = signed_in(people.partner).get(consultation_url(plan))
    shown = text(article(page, comment))
    assert "Official answer · Adopted · Eli Editor" in shown
    assert "We add a reentry commitment." in shown
    answer = Response.objects.get(comment=comment)
    assert (answer.disposition, answer.responded_by) == ("adopted", people.editor)


def test_not_adopted_needs_a_reason(people):
    plan = plan_in_consultation(people)
    comment = post_comment(people.partner, plan, "Publish street-level maps.")
    editor = signed_in(people.editor)
    answer = {"disposition": "not_adopted", "text": "The maps stay internal.", "reason": " "}

    page = editor.post(url("respond", comment), answer)

    assert page.status_code == 200
    assert "Say why the suggestion is not adopted." in text(page)
    assert not Response.objects.exists()

    editor.post(url("respond", comment), {**answer, "reason": "Small areas identify victims."})
    shown = text(article(editor.get(consultation_url(plan)), comment))
    assert "Not adopted" in shown and "Reason: Small areas identify victims." in shown


def test_a_response_needs_a_disposition_and_a_text(people):
    plan = plan_in_consultation(people)
    comment = post_comment(people.partner, plan, "Something.")

    page = signed_in(people.editor).post(url("respond", comment), {"disposition": "", "text": ""})

    assert page.status_code == 200
    assert text(page).count("This field is required.") == 2
    assert not Response.objects.exists()


def test_an_editor_changes_a_response_and_it_keeps_its_history(people):
    plan = plan_in_consultation(people)
    comment = post_comment(people.partner, plan, "Something.")
    editor = signed_in(people.editor)
    editor.post(url("respond", comment), {"disposition": "noted", "text": "Thanks."})
    thread = text(article(editor.get(consultation_url(plan)), comment))
    assert "Change the official answer" in thread

    editor.post(url("respond", comment), {"disposition": "partly_adopted", "text": "In part."})

    answer = Response.objects.get()
    assert (answer.disposition, answer.text) == ("partly_adopted", "In part.")
    assert [h.disposition for h in answer.history.order_by("history_date")] == [
        "noted",
        "partly_adopted",
    ]


@pytest.mark.parametrize("who", ["partner", "admin", "signatory"])
def test_only_editors_answer_comments(people, who):
    plan = plan_in_consultation(people)
    comment = post_comment(people.neighbour, plan, "Something.")
    client = signed_in(getattr(people, who))

    assert url("respond", comment) not in client.get(consultation_url(plan)).content.decode()
    refused = client.post(url("respond", comment), {"disposition": "noted", "text": "Seen."})

    assert refused.status_code == 403
    assert ("Only editors give the official answer to a comment, until the plan is signed off."
            in text(refused))
    assert not Response.objects.exists()


# --- moderation ----------------------------------------------------------------------------


def test_a_jurisdiction_admin_hides_a_comment_with_a_reason(
    people, django_capture_on_commit_callbacks
):
    plan = plan_in_consultation(people)
    comment = post_comment(people.partner, plan, "Jo Bloggs lives at 12 Elm Street.")
    admin = signed_in(people.admin)
    assert "Hide the comment of Pat Partner" in text(admin.get(consultation_url(plan)))
    assert "Why is this comment hidden?" in text(admin.get(url("hide", comment)))

    page = admin.post(url("hide", comment), {"reason": ""})
    assert page.status_code == 200
    assert "Give the reason: the author is told why." in text(page)
    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(url("hide", comment), {"reason": "It names a private person."})

    assert response["Location"] == (
        f"{consultation_url(plan)}?comment={comment.pk}#comment-{comment.pk}")
    assert "The comment is hidden and its author is told why." in text(
        admin.get(consultation_url(plan))
    )
    comment.refresh_from_db()
    assert comment.hidden_at is not None
    assert (comment.hidden_by, comment.hidden_reason) == (
        people.admin,
        "It names a private person.",
    )
    entry = AuditEntry.objects.get(action="hide_comment")
    assert (entry.plan, entry.actor) == (plan, people.admin)
    assert "It names a private person." in entry.note
    assert [m.to for m in mail.outbox] == [[people.partner.email]]
    assert "It names a private person." in mail.outbox[0].body


def test_a_hidden_comment_is_seen_by_its_author_and_moderators_only(people):
    plan = plan_in_consultation(people)
    comment = post_comment(people.partner, plan, "Jo Bloggs lives at 12 Elm Street.")
    signed_in(people.editor).post(url("reply", comment), {"body": "Noted."})
    signed_in(people.admin).post(url("hide", comment), {"reason": "It names a private person."})

    author = text(article(signed_in(people.partner).get(consultation_url(plan)), comment))
    assert (
        "Hidden by Ada Admin; only you and the moderators see it. "
        "Reason: It names a private person."
    ) in author
    assert "Jo Bloggs lives at 12 Elm Street." in author

    moderator = signed_in(people.admin).get(consultation_url(plan))
    assert "Jo Bloggs" in text(article(moderator, comment))
    assert url("hide", comment) not in moderator.content.decode()

    for who in ["neighbour", "editor", "signatory"]:
        page = signed_in(getattr(people, who)).get(consultation_url(plan))
        assert "Jo Bloggs" not in page.content.decode()
        assert "It names a private person." not in page.content.decode()
        shown = text(article(page, comment))
        assert shown.startswith("A comment here was hidden by a moderator.")
        if who == "editor":  # its author still reads the reply, told why others do not
            assert "Noted." in shown
            assert "Hidden with the comment it answers" in shown
        else:  # the reply goes out of sight with the comment it answers
            assert "Noted." not in page.content.decode()
            assert "A reply here is hidden with the comment it answers." in shown
        assert "1 comment was hidden by a moderator." in text(page)
        heard = signed_in(getattr(people, who)).get(heard_url(plan))
        assert "1 comment was hidden by a moderator." in text(heard)
        assert "Jo Bloggs" not in heard.content.decode()


@pytest.mark.parametrize("who", ["editor", "partner", "signatory"])
def test_only_jurisdiction_admins_hide_comments(people, who):
    plan = plan_in_consultation(people)
    comment = post_comment(people.neighbour, plan, "Something.")
    client = signed_in(getattr(people, who))

    assert url("hide", comment) not in client.get(consultation_url(plan)).content.decode()
    refused = client.post(url("hide", comment), {"reason": "I dislike it."})

    assert refused.status_code == 403
    assert "Only the jurisdiction's admins moderate comments." in text(refused)
    comment.refresh_from_db()
    assert comment.hidden_at is None
    assert not AuditEntry.objects.filter(action="hide_comment").exists()


def test_a_hidden_comment_cannot_be_hidden_again(people):
    plan = plan_in_consultation(people)
    comment = post_comment(people.partner, plan, "Something.")
    admin = signed_in(people.admin)
    admin.post(url("hide", comment), {"reason": "First reason."})

    refused = admin.post(url("hide", comment), {"reason": "Second reason."})

    assert refused.status_code == 403
    assert "This comment is hidden already." in text(refused)
    comment.refresh_from_db()
    assert comment.hidden_reason == "First reason."
    assert AuditEntry.objects.filter(action="hide_comment").count() == 1


def test_a_hidden_comment_takes_no_reply_even_by_its_address(people):
    plan = plan_in_consultation(people)
    comment = post_comment(people.partner, plan, "Something.")
    signed_in(people.admin).post(url("hide", comment), {"reason": "Off topic."})
    editor = signed_in(people.editor)

    assert editor.get(url("reply", comment)).status_code == 403
    refused = editor.post(url("reply", comment), {"body": "A reply."})

    assert refused.status_code == 403
    assert "A moderator hid this comment: it takes no replies." in text(refused)
    assert not Comment.objects.filter(parent=comment).exists()


def test_a_hidden_comment_can_no_longer_be_edited_by_its_author(people):
    plan = plan_in_consultation(people)
    comment = post_comment(people.partner, plan, "Something.")
    signed_in(people.admin).post(url("hide", comment), {"reason": "Off topic."})

    refused = signed_in(people.partner).post(url("comment_edit", comment), {"body": "Else."})

    assert refused.status_code == 403
    comment.refresh_from_db()
    assert comment.body == "Something."


def test_the_comment_form_says_that_names_go_into_the_public_signed_plan(people):
    plan = plan_in_consultation(people)

    page = text(signed_in(people.partner).get(consultation_url(plan)))

    assert ("Your name and organization appear with what you write, here and in the signed "
            "plan, which is public.") in page


def test_an_editor_cannot_read_or_answer_a_hidden_comment_through_the_answer_page(people):
    plan = plan_in_consultation(people)
    hidden = post_comment(people.partner, plan, "SECRET-WORDS about a neighbour.")
    reply = signed_in(people.neighbour).post(url("reply", hidden), {"body": "SECRET-REPLY"})
    assert reply.status_code == 302
    hidden.hide(by=people.admin, reason="Names a person.")
    answer = {"disposition": "noted", "text": "Noted.", "reason": ""}

    for target in [hidden, hidden.replies.get()]:
        page = signed_in(people.editor).get(url("respond", target))
        assert page.status_code == 403
        assert "SECRET" not in page.content.decode()
        assert ("A moderator hid this comment: only its author and the moderators read it."
                in text(page))
        assert signed_in(people.editor).post(url("respond", target), answer).status_code == 403
    assert not Response.objects.filter(comment__plan=plan).exists()

    people.admin.memberships.create(jurisdiction=people.county, role=Role.EDITOR)
    assert signed_in(people.admin).get(url("respond", hidden)).status_code == 200  # moderates


def test_a_reply_hidden_with_its_comment_can_no_longer_be_edited(people):
    plan = plan_in_consultation(people)
    comment = post_comment(people.partner, plan, "Names a neighbour.")
    signed_in(people.neighbour).post(url("reply", comment), {"body": "First words."})
    reply = comment.replies.get()
    comment.hide(by=people.admin, reason="Names a person.")

    edit = signed_in(people.neighbour).post(url("comment_edit", reply), {"body": "New words."})

    assert edit.status_code == 403
    reply.refresh_from_db()
    assert reply.body == "First words."
