"""The plan page, the compare page and the public blueprint page are kept whole per viewer
(plans.fragments.page). A second view costs a few queries; each person gets their own page
with their own CSRF token; whatever changes shows on the next view; a one-time message shows
once; each address and each language has its own copy."""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from plans import export, fragments, workflow
from plans.fragments import CSRF_PLACEHOLDER
from plans.models import ExportJob
from stakeholders.input import Comment, ListeningSession
from stakeholders.models import Membership, Role
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory

from .factories import (
    CommitmentFactory,
    county_people,
    fresh,
    in_consultation,
    in_review,
    new_plan,
    practice_of,
    principle,
    signed_in,
    signed_off,
    text,
    transition_url,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    return county_people()


def shown(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return text(response)


def plan_page(client, plan):
    return shown(client, plan.get_absolute_url())


def public_page(client, plan):
    return shown(client, reverse("plans:blueprint", args=[plan.pk]))


def compare_url(plan, **query):
    url = reverse("plans:compare", args=[plan.pk])
    if query:
        url += "?" + "&".join(f"{name}={value}" for name, value in query.items())
    return url


def csrf_tokens(html):
    return re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)


def form_token(html, action):
    """The CSRF token of the form that posts to ``action``."""
    form = re.search(rf'<form[^>]*action="{re.escape(action)}"[^>]*>(.*?)</form>', html, re.DOTALL)
    assert form, f"no form posting to {action}"
    return csrf_tokens(form.group(1))[0]


def tables_read(queries):
    return " ".join(q["sql"] for q in queries.captured_queries)


def draft_with_commitments(people, *names):
    plan = new_plan(people)
    for position, name in enumerate(names, start=1):
        CommitmentFactory(plan=plan, local_practice=name, principle=principle(1),
                          position=position)
    return plan


def browser(user):
    """A browser of its own (its own CSRF cookie) that checks CSRF as a real one does."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    return client


# --- served from the cache -------------------------------------------------------------------


def test_a_second_view_by_the_same_person_is_served_from_the_cache(people):
    plan = signed_off(draft_with_commitments(people, "Youth summer jobs", "Violence interrupters"),
                      people)
    editor = signed_in(people.editor)
    with CaptureQueriesContext(connection) as first:
        first_page = plan_page(editor, plan)
    with CaptureQueriesContext(connection) as second:
        second_page = plan_page(editor, plan)

    assert all(table in tables_read(first)
               for table in ("plans_commitment", "plans_snapshot", "plans_exportjob"))
    assert len(second) < len(first)
    assert not any(table in tables_read(second)
                   for table in ("plans_commitment", "plans_snapshot", "plans_exportjob"))
    assert second_page == first_page
    assert "Youth summer jobs" in second_page and "Violence interrupters" in second_page
    assert "Latest export: waiting for the export worker." in second_page


def test_a_second_view_of_the_public_blueprint_is_served_from_the_cache(people):
    plan = signed_off(draft_with_commitments(people, "Youth summer jobs"), people)
    visitor = Client()
    with CaptureQueriesContext(connection) as first:
        first_page = public_page(visitor, plan)
    with CaptureQueriesContext(connection) as second:
        second_page = public_page(visitor, plan)

    assert len(second) < len(first)
    assert not any(table in tables_read(second) for table in ("plans_snapshot", "plans_exportjob"))
    assert second_page == first_page
    assert "Youth summer jobs" in second_page
    assert "The PDF is being prepared" in second_page


def test_made_up_addresses_do_not_push_a_kept_page_out(people):
    plan = signed_off(draft_with_commitments(people, "Youth summer jobs"), people)
    visitor = Client()
    public_page(visitor, plan)
    for n in range(350):  # more than the cache holds
        assert visitor.get(reverse("plans:blueprint", args=[plan.pk]), {"n": n}).status_code == 200
    with CaptureQueriesContext(connection) as again:
        public_page(visitor, plan)
    assert "plans_snapshot" not in tables_read(again)  # still served from the cache


def test_a_comment_cannot_collect_its_readers_csrf_tokens(people):
    """The placeholder put back with each reader's token is derived from the secret key: it
    is written nowhere that a partner could copy it into a comment."""
    assert CSRF_PLACEHOLDER not in Path(fragments.__file__).read_text()
    plan = in_consultation(new_plan(people), people.editor)
    partner, editor = signed_in(people.partner), signed_in(people.editor)
    partner.post(reverse("stakeholders:consultation", args=[plan.pk]), {
        "about": "plan", "body": "[see](https://evil.example/?t=csrf-placeholder-4c1e0a7b)"})
    page = editor.get(reverse("stakeholders:heard", args=[plan.pk])).content.decode()
    link = re.search(r'href="https://evil\.example/\?t=([^"]*)"', page)
    assert link and link.group(1) == "csrf-placeholder-4c1e0a7b"


# --- each person their own page --------------------------------------------------------------


EDITOR_ONLY = ("Edit the plan's details", "Preview as a DRAFT PDF", "Edit Youth summer jobs",
               "Remove Youth summer jobs", "Open consultation")


@pytest.mark.parametrize("editor_first", [True, False], ids=["editor-first", "partner-first"])
def test_an_editor_and_a_partner_each_get_their_own_page(people, editor_first):
    plan = draft_with_commitments(people, "Youth summer jobs")
    editor, partner = signed_in(people.editor), signed_in(people.partner)
    order = [editor, partner] if editor_first else [partner, editor]

    for _round in range(2):  # the second round is served from the cache
        seen = {client: plan_page(client, plan) for client in order}

        assert "Signed in as Eli Editor" in seen[editor]
        assert "Pat Partner" not in seen[editor]
        assert all(action in seen[editor] for action in EDITOR_ONLY)
        assert "Signed in as Pat Partner" in seen[partner]
        assert "Eli Editor" not in seen[partner]
        assert not any(action in seen[partner] for action in EDITOR_ONLY)
        assert "Youth summer jobs" in seen[partner]


def test_what_we_heard_is_each_persons_own_page_and_shows_a_new_comment_at_once(people):
    plan = in_consultation(new_plan(people), people.editor)
    editor, partner = signed_in(people.editor), signed_in(people.partner)
    url = reverse("stakeholders:heard", args=[plan.pk])
    for _round in range(2):  # the second round is served from the cache
        seen_by_editor, seen_by_partner = text(editor.get(url)), text(partner.get(url))
        assert "Signed in as Eli Editor" in seen_by_editor
        assert "Record a listening session" in seen_by_editor
        assert "Signed in as Pat Partner" in seen_by_partner
        assert "Record a listening session" not in seen_by_partner

    posted = partner.post(reverse("stakeholders:consultation", args=[plan.pk]),
                          {"about": "plan", "body": "Keep the library open late."})
    assert posted.status_code == 302
    assert "Keep the library open late." in text(editor.get(url))


def comment_counts(html):
    """The comment counts the plan page shows, in the order it shows them."""
    return re.findall(r"(\d+ comments?) on ", text(html))


def test_a_comment_moves_the_plan_and_shows_its_count_on_the_kept_plan_page_at_once(people):
    plan = in_consultation(draft_with_commitments(people, "Youth summer jobs"), people.editor)
    jobs = plan.commitments.get()
    editor, partner = signed_in(people.editor), signed_in(people.partner)
    url = reverse("stakeholders:consultation", args=[plan.pk])
    for _round in range(2):  # the second round is served from the cache
        assert comment_counts(plan_page(editor, plan)) == []
    stamp = fresh(plan).updated_at

    partner.post(url, {"about": f"commitment-{jobs.pk}", "body": "Pay them fairly."})
    assert fresh(plan).updated_at > stamp  # plans/signals.py: a comment moves the plan
    assert comment_counts(plan_page(editor, plan)) == ["1 comment", "1 comment"]
    assert comment_counts(plan_page(editor, plan)) == ["1 comment", "1 comment"]  # kept

    comment = Comment.objects.get()
    editor.post(reverse("stakeholders:reply", args=[comment.pk]), {"body": "We will."})
    assert comment_counts(plan_page(editor, plan)) == ["2 comments", "2 comments"]

    signed_in(people.admin).post(reverse("stakeholders:hide", args=[comment.pk]),
                                 {"reason": "Off topic."})
    assert comment_counts(plan_page(editor, plan)) == []


def test_comment_on_this_leaves_the_kept_plan_page_the_day_after_consultation_closes(
        people, monkeypatch):
    """Nothing changes in the plan when its consultation's last day passes: the page is
    named by whether the viewer may comment today."""
    plan = in_consultation(draft_with_commitments(people, "Youth summer jobs"), people.editor)
    partner = signed_in(people.partner)
    for _round in range(2):  # the second round is served from the cache
        assert "Comment on this: Youth summer jobs" in plan_page(partner, plan)

    day_after = plan.consultation_closes + timedelta(days=1)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: day_after)

    seen = plan_page(partner, plan)
    assert "Comment on this" not in seen
    assert "Consultation from" in seen


def test_a_signed_in_person_and_an_anonymous_visitor_each_get_their_own_public_page(people):
    plan = signed_off(draft_with_commitments(people, "Youth summer jobs"), people)
    visitor, editor = Client(), signed_in(people.editor)

    for _round in range(2):
        anonymous = public_page(visitor, plan)
        signed = public_page(editor, plan)

        assert "Sign in" in anonymous and "Signed in as" not in anonymous
        assert "Signed in as Eli Editor" in signed


# --- CSRF ------------------------------------------------------------------------------------


def test_each_person_posts_with_the_token_of_their_own_cached_page(people):
    plan = draft_with_commitments(people, "First", "Second")
    editor, other_editor, partner = (
        browser(people.editor), browser(people.other_editor), browser(people.partner))

    for client in (editor, other_editor, partner):
        client.get(plan.get_absolute_url())
    for client in (editor, other_editor):
        html = client.get(plan.get_absolute_url()).content.decode()  # from the cache
        assert CSRF_PLACEHOLDER not in html
        tokens = csrf_tokens(html)
        assert tokens
        export_url = reverse("plans:request_export", args=[plan.pk])
        response = client.post(export_url,
                               {"csrfmiddlewaretoken": form_token(html, export_url)})
        assert response.status_code == 302, response.status_code

    html = partner.get(plan.get_absolute_url()).content.decode()  # from the cache
    assert CSRF_PLACEHOLDER not in html
    response = partner.post(reverse("set_language"), {
        "csrfmiddlewaretoken": csrf_tokens(html)[0], "language": "en",
        "next": plan.get_absolute_url()})
    assert response.status_code == 302, response.status_code


def signed_in_again(client, user):
    client.logout()  # the browser drops its cookies, CSRF cookie included
    client.force_login(user)
    return client


@pytest.mark.parametrize("where", ["another-browser", "signed-in-again"])
def test_every_form_of_a_cached_page_carries_this_browsers_token(people, where):
    plan = draft_with_commitments(people, "First", "Second")
    second = plan.commitments.get(local_practice="Second")
    laptop = browser(people.editor)
    laptop.get(plan.get_absolute_url())
    if where == "another-browser":
        client = browser(people.editor)
    else:
        client = signed_in_again(laptop, people.editor)

    html = client.get(plan.get_absolute_url()).content.decode()  # cached by the first view
    export_url = reverse("plans:request_export", args=[plan.pk])
    move_up = reverse("plans:commitment_move", args=[second.pk, "up"])
    response = client.post(move_up, {"csrfmiddlewaretoken": form_token(html, move_up)})
    assert response.status_code == 302, response.status_code
    response = client.post(export_url, {"csrfmiddlewaretoken": form_token(html, export_url)})
    assert response.status_code == 302, response.status_code


# --- what changes shows on the next view -----------------------------------------------------


def test_an_export_changing_state_shows_on_the_plan_page(people):
    plan = draft_with_commitments(people, "Youth summer jobs")
    editor = signed_in(people.editor)
    assert "Latest export" not in plan_page(editor, plan)

    editor.post(reverse("plans:request_export", args=[plan.pk]))
    assert "Latest export: waiting for the export worker." in plan_page(editor, plan)
    assert "Latest export: waiting for the export worker." in plan_page(editor, plan)  # cached

    job = ExportJob.objects.get(plan=plan)
    export.record_failure(job.pk, RuntimeError("no fonts"), final=True)
    assert "Latest export: it failed." in plan_page(editor, plan)

    response = editor.post(reverse("plans:export_retry", args=[job.pk]), follow=True)
    assert "The export is queued again." in text(response)
    assert "Latest export: waiting for the export worker." in plan_page(editor, plan)


def test_a_rendered_pdf_shows_on_the_public_page_and_on_the_plan_page(people):
    plan = signed_off(draft_with_commitments(people, "Youth summer jobs"), people)
    job = ExportJob.objects.get(plan=plan)
    visitor, editor = Client(), signed_in(people.editor)
    assert "The PDF is being prepared" in public_page(visitor, plan)
    assert "Latest export: waiting for the export worker." in plan_page(editor, plan)

    export.record_failure(job.pk, RuntimeError("no fonts"), final=True)
    assert "The PDF could not be made." in public_page(visitor, plan)
    assert "Latest export: it failed." in plan_page(editor, plan)

    export.retry(job)
    export.run_export(job.pk)

    seen = public_page(visitor, plan)
    assert "Download the PDF (" in seen
    assert "could not be made" not in seen
    assert f'href="{reverse("plans:blueprint_pdf", args=[plan.pk])}"' in visitor.get(
        reverse("plans:blueprint", args=[plan.pk])).content.decode()
    assert "Latest export: done. Download the PDF" in plan_page(editor, plan)


def test_an_amendment_started_shows_on_the_signed_versions_page(people):
    plan = signed_off(draft_with_commitments(people, "Youth summer jobs"), people)
    editor = signed_in(people.editor)
    assert "Amend (start a new version)" in plan_page(editor, plan)
    assert "Amend (start a new version)" in plan_page(editor, plan)  # cached

    response = editor.post(transition_url(plan, "amend"), follow=True)
    assert "Version 2 is started as a draft." in text(response)

    seen = plan_page(editor, plan)
    assert "Version 2 amends this plan; it is draft." in seen
    assert "Amend (start a new version)" not in seen
    assert "Version 2 is started as a draft." not in seen

    in_consultation(fresh(plan).amendment, people.editor)
    assert "Version 2 amends this plan; it is in consultation." in plan_page(editor, plan)


def test_a_newer_version_signed_off_shows_on_the_older_public_page(people):
    v1 = signed_off(draft_with_commitments(people, "Youth summer jobs"), people)
    visitor = Client()
    assert "A newer version" not in public_page(visitor, v1)
    assert "A newer version" not in public_page(visitor, v1)  # cached

    v2 = workflow.amend(fresh(v1), by=people.editor)
    assert "A newer version" not in public_page(visitor, v1)
    signed_off(v2, people)

    seen = public_page(visitor, v1)
    assert "A newer version of this blueprint is signed off: version 2" in seen
    assert "Superseded" in seen


def test_a_new_version_appears_among_the_compare_pages_choices(people):
    v1 = signed_off(draft_with_commitments(people, "Youth summer jobs"), people)
    editor = signed_in(people.editor)
    seen = shown(editor, compare_url(v1))
    assert "version 1 as it stands (signed off)" in seen
    assert "version 2" not in shown(editor, compare_url(v1))  # cached

    workflow.amend(fresh(v1), by=people.editor)

    seen = shown(editor, compare_url(v1))
    assert "version 2 as it stands (draft)" in seen


def test_an_edit_of_the_newer_version_shows_on_the_older_versions_compare_page(people):
    v1 = signed_off(draft_with_commitments(people, "Youth summer jobs"), people)
    v2 = workflow.amend(fresh(v1), by=people.editor)
    editor = signed_in(people.editor)
    url = compare_url(v1, left=f"snapshot-{fresh(v1).snapshot.pk}", right=f"plan-{v2.pk}")
    assert "These two versions say the same thing." in shown(editor, url)
    assert "These two versions say the same thing." in shown(editor, url)  # cached

    commitment = v2.commitments.get()
    commitment.local_action = "Pay 300 young people for the summer."
    commitment.save_unless_changed(commitment.lock_version)

    seen = shown(editor, url)
    assert "1 difference " in seen
    assert "Pay 300 young people for the summer." in seen


def test_a_rename_of_the_viewer_shows_in_the_header(people):
    plan = draft_with_commitments(people, "Youth summer jobs")
    editor = signed_in(people.editor)
    assert "Signed in as Eli Editor" in plan_page(editor, plan)
    assert "Signed in as Eli Editor" in plan_page(editor, plan)  # cached

    people.editor.first_name, people.editor.last_name = "Elena", "Eliot"
    people.editor.save()

    seen = plan_page(editor, plan)
    assert "Signed in as Elena Eliot" in seen
    assert "Eli Editor" not in seen


def test_a_renamed_person_organization_or_practice_shows_at_once(people):
    plan = in_consultation(new_plan(people), people.editor)
    practice = practice_of(1)
    CommitmentFactory(plan=plan, principle=principle(1), practice=practice, local_practice="")
    host = OrganizationFactory(jurisdiction=people.county, name="Eastside Youth Alliance")
    ListeningSession.objects.create(
        plan=plan, held_on=plan.consultation_opens, place="Library hall", attendees=30,
        summary="Jobs and parks.", recorded_by=people.editor, host=host)
    signed_in(people.partner).post(reverse("stakeholders:consultation", args=[plan.pk]),
                                   {"about": "plan", "body": "More parks, please."})
    editor = signed_in(people.editor)
    heard_url = reverse("stakeholders:heard", args=[plan.pk])
    for _view in range(2):  # the second is served from the cache
        heard = shown(editor, heard_url)
        assert "— Pat Partner" in heard
        assert "hosted by Eastside Youth Alliance" in heard
        assert practice.title in plan_page(editor, plan)

    people.partner.first_name = "Patricia"
    people.partner.save()
    assert "— Patricia Partner" in shown(editor, heard_url)

    host.name = "Eastside Youth Council"
    host.save()
    assert "hosted by Eastside Youth Council" in shown(editor, heard_url)
    host.jurisdiction = people.elsewhere  # moved by a site admin: the old pages let it go
    host.name = "Sample City Youth Council"
    host.save()
    assert "hosted by Sample City Youth Council" in shown(editor, heard_url)

    assert practice.title in plan_page(editor, plan)  # kept again after those changes
    practice.title = "Summer jobs for young people"
    practice.save()
    assert "Summer jobs for young people" in plan_page(editor, plan)


def test_signing_in_or_changing_a_password_does_not_render_the_plans_again(people):
    plan = new_plan(people)
    stamp = plan.updated_at
    signed_in(people.partner)
    people.partner.set_password("another-long-password")
    people.partner.save()
    plan.refresh_from_db()
    assert plan.updated_at == stamp


def test_a_role_gained_or_ended_changes_what_is_offered_at_once(people):
    plan = draft_with_commitments(people, "Youth summer jobs")
    partner = signed_in(people.partner)
    assert "Edit the plan's details" not in plan_page(partner, plan)
    assert "Edit the plan's details" not in plan_page(partner, plan)  # cached

    as_editor = MembershipFactory(user=people.partner, jurisdiction=people.county,
                                  role=Role.EDITOR)
    seen = plan_page(partner, plan)
    assert all(action in seen for action in EDITOR_ONLY)

    as_editor.end(by=people.admin)
    seen = plan_page(partner, plan)
    assert not any(action in seen for action in EDITOR_ONLY)
    assert "Youth summer jobs" in seen

    Membership.objects.get(user=people.partner, role=Role.PARTNER).end(by=people.admin)
    assert partner.get(plan.get_absolute_url()).status_code == 404
    assert partner.get(compare_url(plan)).status_code == 404


def test_an_editor_who_stops_being_one_loses_the_editors_actions(people):
    plan = draft_with_commitments(people, "Youth summer jobs")
    editor = signed_in(people.editor)
    assert all(action in plan_page(editor, plan) for action in EDITOR_ONLY)
    assert all(action in plan_page(editor, plan) for action in EDITOR_ONLY)  # cached

    Membership.objects.get(user=people.editor, role=Role.EDITOR).end(by=people.admin)

    assert editor.get(plan.get_absolute_url()).status_code == 404
    assert editor.get(compare_url(plan)).status_code == 404


def test_becoming_and_ceasing_to_be_a_site_admin_opens_and_closes_the_page(people):
    plan = draft_with_commitments(people, "Youth summer jobs")
    outsider = signed_in(people.outsider)
    assert outsider.get(plan.get_absolute_url()).status_code == 404

    people.outsider.is_staff = people.outsider.is_superuser = True
    people.outsider.save()
    assert "Youth summer jobs" in plan_page(outsider, plan)

    people.outsider.is_staff = people.outsider.is_superuser = False
    people.outsider.save()
    assert outsider.get(plan.get_absolute_url()).status_code == 404


def test_the_persons_saved_language_gives_the_spanish_page(people):
    plan = draft_with_commitments(people, "Youth summer jobs")
    editor = signed_in(people.editor)
    assert "Signed in as Eli Editor" in plan_page(editor, plan)
    assert "Signed in as Eli Editor" in plan_page(editor, plan)  # cached

    people.editor.language = "es"
    people.editor.save()

    seen = plan_page(editor, plan)
    assert "Sesión iniciada como Eli Editor" in seen
    assert "Editar los datos del plan" in seen
    assert "Signed in as" not in seen


def test_the_language_switch_gives_the_spanish_page_and_back(people):
    v1 = signed_off(draft_with_commitments(people, "Youth summer jobs"), people)
    editor, visitor = signed_in(people.editor), Client()
    for client in (editor, visitor):
        assert "Compromisos por principio" not in public_page(client, v1)
        assert "Commitments by principle" in plan_page(editor, v1)

    for client in (editor, visitor):
        client.post(reverse("set_language"), {"language": "es", "next": "/"})
    assert "Compromisos por principio" in plan_page(editor, v1)
    assert "Sesión iniciada como Eli Editor" in shown(editor, compare_url(v1))
    assert "Compromisos por principio" in public_page(visitor, v1)

    for client in (editor, visitor):
        client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert "Commitments by principle" in plan_page(editor, v1)
    assert "Commitments by principle" in public_page(visitor, v1)


def test_a_one_time_message_shows_once_and_is_not_kept(people):
    plan = draft_with_commitments(people, "First", "Second")
    first = plan.commitments.get(local_practice="First")
    editor = signed_in(people.editor)
    plan_page(editor, plan)
    plan_page(editor, plan)  # cached, without a message

    # Moving the first commitment up changes nothing: the page keeps its key.
    editor.post(reverse("plans:commitment_move", args=[first.pk, "up"]))
    assert "“First” is moved." in plan_page(editor, plan)
    assert "“First” is moved." not in plan_page(editor, plan)
    assert "“First” is moved." not in plan_page(editor, plan)

    # A move that changes the order: the message once, then the new order without it.
    editor.post(reverse("plans:commitment_move", args=[first.pk, "down"]))
    seen = plan_page(editor, plan)
    assert "“First” is moved." in seen
    seen = plan_page(editor, plan)
    assert "“First” is moved." not in seen
    assert seen.index("Second") < seen.index("First")


def test_the_plans_details_saved_show_with_their_message_once_then_without(people):
    plan = draft_with_commitments(people, "Youth summer jobs")
    editor = signed_in(people.editor)
    plan_page(editor, plan)
    plan_page(editor, plan)  # cached

    response = editor.post(reverse("plans:edit", args=[plan.pk]), {
        "title": "Example County Safety Plan", "language": "en", "first_year": 2027,
        "last_year": 2031, "vision": "Safe and well.", "lock_version": fresh(plan).lock_version})
    assert response.status_code == 302, response.status_code

    seen = plan_page(editor, plan)
    assert "Saved." in seen
    assert "2027–2031" in seen
    seen = plan_page(editor, plan)
    assert "Saved." not in seen
    assert "2027–2031" in seen


def test_a_plan_under_review_shows_each_signature_at_once(people):
    plan = in_review(draft_with_commitments(people, "Youth summer jobs"), people.editor)
    editor = signed_in(people.editor)
    sam = "Sam Signer, Chief Probation Officer, County Probation Department:"
    tess = "Tess Twosign, Director of Public Health, Example County Public Health:"
    seen = plan_page(editor, plan)
    assert f"{sam} not signed yet" in seen and f"{tess} not signed yet" in seen

    workflow.sign(plan, by=people.first_signatory)

    seen = plan_page(editor, plan)
    assert f"{sam} signed" in seen
    assert f"{tess} not signed yet" in seen

    signer = signed_in(people.second_signatory)
    assert "Sign off" in plan_page(signer, plan)
    signer.post(transition_url(plan, "sign"), follow=True)
    seen = plan_page(editor, plan)
    assert "Signed off" in seen
    assert "not signed yet" not in seen


# --- each address its own page ---------------------------------------------------------------


def selected(html, name):
    """The version chosen on one side of the compare page's form."""
    return re.search(rf'type="radio" name="{name}" id="[^"]+" value="([^"]+)" checked>',
                     html).group(1)


def test_a_compare_page_whose_query_string_differs_is_its_own_page(people):
    v1 = signed_off(draft_with_commitments(people, "Youth summer jobs"), people)
    v2 = workflow.amend(fresh(v1), by=people.editor)
    editor = signed_in(people.editor)
    snapshot = f"snapshot-{fresh(v1).snapshot.pk}"

    default = editor.get(compare_url(v2)).content.decode()
    assert (selected(default, "left"), selected(default, "right")) == (snapshot, f"plan-{v2.pk}")

    chosen = editor.get(compare_url(v2, left=f"plan-{v1.pk}", right=f"plan-{v2.pk}"))
    html = chosen.content.decode()
    assert (selected(html, "left"), selected(html, "right")) == (f"plan-{v1.pk}", f"plan-{v2.pk}")

    wrong = shown(editor, compare_url(v2, left="nonsense", right=f"plan-{v2.pk}"))
    assert "Choose two versions from the lists." in wrong
    assert "Choose two versions from the lists." not in text(editor.get(compare_url(v2)))
    default_again = editor.get(compare_url(v2)).content.decode()
    assert selected(default_again, "left") == snapshot


def test_a_page_cached_for_one_person_is_never_served_to_someone_who_may_not_see_it(people):
    plan = draft_with_commitments(people, "Youth summer jobs")
    assert "Youth summer jobs" in plan_page(signed_in(people.editor), plan)

    stranger = signed_in(UserFactory(first_name="Sue", last_name="Stranger"))
    assert stranger.get(plan.get_absolute_url()).status_code == 404
    assert signed_in(people.outsider).get(compare_url(plan)).status_code == 404
