"""The plan's life, driven through the transition pages the way editors and signatories use
them: every transition, its guard, who may take it, and the audit entry it leaves."""

import hashlib
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from plans import workflow
from plans.content import plan_content
from plans.models import (
    AuditEntry,
    Commitment,
    OutcomeMeasure,
    Plan,
    PriorityPopulation,
    Signature,
    Snapshot,
    Status,
)
from plans.models.signoff import canonical_json
from principles.models import Stage
from stakeholders.models import Membership, Role

from .factories import (
    CommitmentFactory,
    MeasureFactory,
    PriorityFactory,
    county_people,
    fresh,
    in_consultation,
    in_review,
    in_revision,
    new_plan,
    practice_of,
    principle,
    signatory,
    signed_in,
    signed_off,
    text,
    transition_url,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    return county_people()


@pytest.fixture
def plan(people):
    """A draft with one commitment (with a measure) under principle 1 and one priority."""
    plan = new_plan(people, vision="Everyone is safe.")
    commitment = CommitmentFactory(
        plan=plan, principle=principle(1), local_practice="Violence interrupters"
    )
    MeasureFactory(commitment=commitment, indicator="Shootings", unit="per year")
    PriorityFactory(plan=plan, who="Young men aged 16-24")
    return plan


def post(user, plan, name, data=None, follow=False):
    return signed_in(user).post(transition_url(plan, name), data or {}, follow=follow)


def dates(opens_in=0, closes_in=30):
    today = timezone.localdate()
    return {
        "opens": (today + timedelta(days=opens_in)).isoformat(),
        "closes": (today + timedelta(days=closes_in)).isoformat(),
    }


# The plan fixture leaves four principles without a commitment: closing its consultation
# and requesting sign-off ask the editor to confirm having seen that.
SEEN = {"seen_unfinished": "on"}


def last_entry(plan):
    return AuditEntry.objects.filter(plan=plan).first()


# --- starting a plan ------------------------------------------------------------------------


def test_an_editor_starts_a_plan_as_a_draft_of_version_1(people):
    response = signed_in(people.editor).post(
        reverse("plans:create", args=[people.county.slug]),
        {
            "title": "Our shared safety plan",
            "language": "en",
            "first_year": "2027",
            "last_year": "2030",
            "vision": "Safe and well",
            "summary": "",
        },
    )
    plan = Plan.objects.get(title="Our shared safety plan")
    assert response.status_code == 302
    assert response["Location"] == plan.get_absolute_url()
    assert (plan.status, plan.version, plan.previous, plan.created_by) == (
        Status.DRAFT,
        1,
        None,
        people.editor,
    )
    entry = last_entry(plan)
    assert (entry.action, entry.from_status, entry.to_status, entry.actor) == (
        "create",
        "",
        Status.DRAFT,
        people.editor,
    )


@pytest.mark.parametrize("who", ["partner", "first_signatory", "admin", "site_admin"])
def test_only_editors_start_plans(people, who):
    user = getattr(people, who)
    response = signed_in(user).post(
        reverse("plans:create", args=[people.county.slug]),
        {"title": "Not mine", "language": "en", "first_year": "2027", "last_year": "2030"},
    )
    assert response.status_code == 403
    with pytest.raises(PermissionDenied):
        workflow.create_plan(
            jurisdiction=people.county, by=user, title="Not mine", first_year=2027, last_year=2030
        )
    assert not Plan.objects.exists()


def test_an_editor_of_another_jurisdiction_cannot_start_a_plan_here(people):
    response = signed_in(people.outsider).post(
        reverse("plans:create", args=[people.county.slug]),
        {"title": "Not mine", "language": "en", "first_year": "2027", "last_year": "2030"},
    )
    assert response.status_code == 404
    with pytest.raises(PermissionDenied):
        workflow.create_plan(
            jurisdiction=people.county,
            by=people.outsider,
            title="Not mine",
            first_year=2027,
            last_year=2030,
        )
    assert not Plan.objects.exists()


# --- consultation ---------------------------------------------------------------------------


def test_an_editor_opens_consultation_from_draft_with_its_dates(people, plan):
    window = dates(0, 30)
    response = post(people.editor, plan, "open_consultation", window)
    assert response.status_code == 302
    plan = fresh(plan)
    assert plan.status == Status.CONSULTATION
    assert plan.consultation_opens.isoformat() == window["opens"]
    assert plan.consultation_closes.isoformat() == window["closes"]
    assert plan.consultation_is_open()
    entry = last_entry(plan)
    assert (entry.action, entry.from_status, entry.to_status, entry.actor) == (
        "open_consultation",
        Status.DRAFT,
        Status.CONSULTATION,
        people.editor,
    )
    assert entry.note == f"{window['opens']} – {window['closes']}"


@pytest.mark.parametrize("move_to", ["consultation", "revision", "review", "signed_off"])
def test_consultation_opens_only_from_draft(people, plan, move_to):
    plan = {
        "consultation": lambda: in_consultation(plan, people.editor),
        "revision": lambda: in_revision(plan, people.editor),
        "review": lambda: in_review(plan, people.editor),
        "signed_off": lambda: signed_off(plan, people),
    }[move_to]()
    response = post(people.editor, plan, "open_consultation", dates())
    assert response.status_code == 409
    assert "“Open consultation” is not possible while the plan is" in text(response)
    assert fresh(plan).status == move_to
    today = timezone.localdate()
    with pytest.raises(workflow.TransitionRefused):
        workflow.open_consultation(
            plan, by=people.editor, opens=today, closes=today + timedelta(days=9)
        )


def test_consultation_cannot_close_before_it_opens(people, plan):
    today = timezone.localdate()
    with pytest.raises(workflow.TransitionRefused, match="cannot close before it opens"):
        workflow.open_consultation(
            plan,
            by=people.editor,
            opens=today + timedelta(days=10),
            closes=today + timedelta(days=5),
        )
    assert fresh(plan).status == Status.DRAFT
    assert not AuditEntry.objects.filter(plan=plan, action="open_consultation").exists()


def test_consultation_cannot_close_on_a_date_that_has_passed(people, plan):
    today = timezone.localdate()
    with pytest.raises(workflow.TransitionRefused, match="closing date has passed"):
        workflow.open_consultation(
            plan,
            by=people.editor,
            opens=today - timedelta(days=10),
            closes=today - timedelta(days=1),
        )
    assert fresh(plan).status == Status.DRAFT


@pytest.mark.parametrize("who", ["partner", "first_signatory", "admin", "site_admin"])
def test_only_editors_open_consultation(people, plan, who):
    assert post(getattr(people, who), plan, "open_consultation", dates()).status_code == 403
    assert fresh(plan).status == Status.DRAFT


def test_closing_consultation_moves_the_plan_to_revision_and_ends_comments_today(people, plan):
    plan = in_consultation(plan, people.editor)
    response = post(people.editor, plan, "close_consultation", SEEN)
    assert response.status_code == 302
    plan = fresh(plan)
    assert plan.status == Status.REVISION
    assert plan.consultation_closes == timezone.localdate()
    entry = last_entry(plan)
    assert (entry.action, entry.from_status, entry.to_status, entry.actor) == (
        "close_consultation",
        Status.CONSULTATION,
        Status.REVISION,
        people.editor,
    )


def test_consultation_closes_only_while_in_consultation(people, plan):
    response = post(people.editor, plan, "close_consultation")
    assert response.status_code == 409
    assert "is not possible while the plan is draft" in text(response)
    assert fresh(plan).status == Status.DRAFT


@pytest.mark.parametrize("start", ["consultation", "revision"])
def test_an_editor_takes_the_plan_back_to_draft(people, plan, start):
    plan = (
        in_consultation(plan, people.editor)
        if start == "consultation"
        else in_revision(plan, people.editor)
    )
    response = post(people.editor, plan, "back_to_draft", follow=True)
    assert response.redirect_chain[-1] == (plan.get_absolute_url(), 302)
    assert "The plan is back in draft." in text(response)
    assert fresh(plan).status == Status.DRAFT
    entry = last_entry(plan)
    assert (entry.action, entry.from_status, entry.to_status, entry.actor) == (
        "back_to_draft",
        start,
        Status.DRAFT,
        people.editor,
    )


@pytest.mark.parametrize("start", ["draft", "review", "signed_off"])
def test_back_to_draft_is_refused_from_draft_review_and_signed_off(people, plan, start):
    plan = {
        "draft": lambda: plan,
        "review": lambda: in_review(plan, people.editor),
        "signed_off": lambda: signed_off(plan, people),
    }[start]()
    assert post(people.editor, plan, "back_to_draft").status_code == 409
    assert fresh(plan).status == start


# --- asking for sign-off --------------------------------------------------------------------


def test_sign_off_is_refused_while_the_jurisdiction_has_no_signatory(people, plan):
    plan = in_revision(plan, people.editor)
    Membership.objects.filter(role=Role.SIGNATORY).update(ended_at=timezone.now())
    response = post(people.editor, plan, "request_signoff")
    assert response.status_code == 409
    assert "The jurisdiction has no signatory yet" in text(response)
    assert fresh(plan).status == Status.REVISION


def test_sign_off_is_refused_for_a_plan_without_commitments(people):
    plan = new_plan(people)
    removed = CommitmentFactory(plan=plan, removed_at=timezone.now())
    plan = in_revision(plan, people.editor)
    response = post(people.editor, plan, "request_signoff")
    assert response.status_code == 409
    assert "A plan without any commitment cannot go to sign-off." in text(response)
    assert fresh(plan).status == Status.REVISION
    assert Commitment.objects.filter(pk=removed.pk).exists()


def test_requesting_sign_off_puts_the_plan_in_review(people, plan):
    plan = in_revision(plan, people.editor)
    response = post(people.editor, plan, "request_signoff", SEEN)
    assert response.status_code == 302
    plan = fresh(plan)
    assert plan.status == Status.REVIEW and not plan.is_editable
    entry = last_entry(plan)
    assert (entry.action, entry.from_status, entry.to_status, entry.actor) == (
        "request_signoff",
        Status.REVISION,
        Status.REVIEW,
        people.editor,
    )
    page = text(signed_in(people.first_signatory).get(plan.get_absolute_url()))
    assert "Sam Signer, Chief Probation Officer, County Probation Department: not signed yet" in (
        page
    )


def test_sign_off_is_requested_only_from_revision(people, plan):
    assert post(people.editor, plan, "request_signoff").status_code == 409
    assert fresh(plan).status == Status.DRAFT


# --- in review the content is frozen --------------------------------------------------------


def frozen_edits(plan):
    """(url, data) of every edit of content an editor could try."""
    commitment = plan.commitments.get()
    measure = commitment.measures.get()
    priority = plan.priorities.get()
    slug = principle(2).slug
    commitment_data = {
        "local_practice": "Changed while frozen",
        "local_action": "Something else",
        "lead_agency": "Someone",
        "progress": "planned",
        "lock_version": commitment.lock_version,
    }
    return [
        (reverse("plans:commitment_edit", args=[commitment.pk]), commitment_data),
        (reverse("plans:commitment_create", args=[plan.pk, slug]), commitment_data),
        (reverse("plans:commitment_remove", args=[commitment.pk]), {}),
        (reverse("plans:commitment_move", args=[commitment.pk, "up"]), {}),
        (reverse("plans:measure_create", args=[commitment.pk]), {"indicator": "New"}),
        (
            reverse("plans:measure_edit", args=[measure.pk]),
            {"indicator": "Changed", "lock_version": measure.lock_version},
        ),
        (reverse("plans:measure_remove", args=[measure.pk]), {}),
        (reverse("plans:priority_create", args=[plan.pk]), {"who": "New", "why": "Because"}),
        (
            reverse("plans:priority_edit", args=[priority.pk]),
            {"who": "Changed", "why": "x", "lock_version": priority.lock_version},
        ),
        (reverse("plans:priority_remove", args=[priority.pk]), {}),
        (
            reverse("plans:edit", args=[plan.pk]),
            {
                "title": "Changed while frozen",
                "language": "en",
                "first_year": "2027",
                "last_year": "2030",
                "lock_version": plan.lock_version,
            },
        ),
    ]


def content_rows():
    return (
        list(Plan.objects.values()),
        list(Commitment.objects.values()),
        list(OutcomeMeasure.objects.values()),
        list(PriorityPopulation.objects.values()),
    )


@pytest.mark.parametrize("htmx", [False, True], ids=["page", "htmx"])
def test_in_review_the_content_is_frozen_for_editors(people, plan, htmx):
    plan = in_review(plan, people.editor)
    before = content_rows()
    client = signed_in(people.editor)
    headers = {"HX-Request": "true"} if htmx else {}
    for url, data in frozen_edits(plan):
        response = client.post(url, data, headers=headers)
        assert response.status_code == 403, url
        page = text(response)
        assert "This plan is in review for sign-off: its content is frozen" in page, url
        assert "To change it, a signatory returns it to revision with a reason" in page, url
        assert "ask your jurisdiction's admin to change your role" not in page, url
    assert content_rows() == before


def test_a_signed_plan_is_never_edited_and_says_to_amend(people, plan):
    plan = signed_off(plan, people)
    before = content_rows()
    client = signed_in(people.editor)
    for url, data in frozen_edits(plan):
        response = client.post(url, data)
        assert response.status_code == 403, url
        page = text(response)
        assert "This plan is signed off: its content is frozen for good" in page
        assert "To change it, amend it from the plan's page: that starts version 2" in page
        assert "ask your jurisdiction's admin to change your role" not in page
        assert f'href="{plan.get_absolute_url()}"' in response.content.decode()
    assert content_rows() == before


# --- signing --------------------------------------------------------------------------------


def test_the_plan_stays_in_review_until_every_signatory_has_signed(people, plan):
    plan = in_review(plan, people.editor)
    response = post(people.first_signatory, plan, "sign", follow=True)
    assert response.status_code == 200
    assert "Your signature is recorded." in text(response)
    plan = fresh(plan)
    assert plan.status == Status.REVIEW
    assert not Snapshot.objects.exists()
    signature = Signature.objects.get(plan=plan)
    assert (signature.user, signature.round, signature.name, signature.title, signature.agency) == (
        people.first_signatory,
        1,
        "Sam Signer",
        "Chief Probation Officer",
        "County Probation Department",
    )
    entry = last_entry(plan)
    assert (entry.action, entry.from_status, entry.to_status, entry.actor) == (
        "sign",
        Status.REVIEW,
        Status.REVIEW,
        people.first_signatory,
    )
    assert "Sam Signer, Chief Probation Officer, County Probation Department: signed" in text(
        signed_in(people.editor).get(plan.get_absolute_url())
    )


def test_the_last_signature_signs_the_plan_off_into_a_snapshot_with_its_digest(people, plan):
    plan = in_review(plan, people.editor)
    expected_content = plan_content(fresh(plan))
    post(people.first_signatory, plan, "sign")
    response = post(people.second_signatory, plan, "sign", follow=True)
    assert "Every signatory has signed: the plan is signed off." in text(response)
    plan = fresh(plan)
    assert plan.status == Status.SIGNED_OFF and plan.is_signed

    snapshot = Snapshot.objects.get(plan=plan)
    digest = hashlib.sha256(canonical_json(snapshot.content).encode("utf-8")).hexdigest()
    assert snapshot.digest == digest
    assert snapshot.verify()
    for key in ("plan", "priorities", "principles"):
        assert snapshot.content[key] == expected_content[key]
    assert [(s["name"], s["title"], s["agency"]) for s in snapshot.content["signatures"]] == [
        ("Sam Signer", "Chief Probation Officer", "County Probation Department"),
        ("Tess Twosign", "Director of Public Health", "Example County Public Health"),
    ]
    assert all(s["signed_at"] for s in snapshot.content["signatures"])
    entry = last_entry(plan)
    assert (entry.action, entry.from_status, entry.to_status, entry.actor) == (
        "signed_off",
        Status.REVIEW,
        Status.SIGNED_OFF,
        people.second_signatory,
    )
    assert digest in response.content.decode()


def test_a_signatory_cannot_sign_twice(people, plan):
    plan = in_review(plan, people.editor)
    post(people.first_signatory, plan, "sign")
    page = signed_in(people.first_signatory).get(plan.get_absolute_url())
    assert transition_url(plan, "sign") not in page.content.decode()
    assert transition_url(plan, "return_plan") in page.content.decode()

    response = post(people.first_signatory, plan, "sign")
    assert response.status_code == 409
    assert "You have signed this plan already." in text(response)
    with pytest.raises(workflow.TransitionRefused):
        workflow.sign(plan, by=people.first_signatory)
    assert Signature.objects.filter(plan=plan).count() == 1
    assert fresh(plan).status == Status.REVIEW


@pytest.mark.parametrize("who", ["editor", "partner", "admin", "site_admin"])
def test_only_designated_signatories_sign(people, plan, who):
    plan = in_review(plan, people.editor)
    user = getattr(people, who)
    page = signed_in(user).get(plan.get_absolute_url())
    assert page.status_code == 200
    assert transition_url(plan, "sign") not in page.content.decode()
    assert post(user, plan, "sign").status_code == 403
    with pytest.raises(PermissionDenied):
        workflow.sign(plan, by=user)
    assert not Signature.objects.exists()
    assert fresh(plan).status == Status.REVIEW


def test_a_signatory_of_another_jurisdiction_cannot_find_the_plan(people, plan):
    stranger = signatory(people.elsewhere, "Sid", "Stranger", "City Police", "Chief")
    plan = in_review(plan, people.editor)
    assert post(stranger, plan, "sign").status_code == 404
    with pytest.raises(PermissionDenied):
        workflow.sign(plan, by=stranger)
    assert not Signature.objects.exists()


def test_signing_is_possible_only_in_review(people, plan):
    plan = in_revision(plan, people.editor)
    assert post(people.first_signatory, plan, "sign").status_code == 409
    assert not Signature.objects.exists()


# --- returning ------------------------------------------------------------------------------


def test_returning_needs_a_reason(people, plan):
    plan = in_review(plan, people.editor)
    response = post(people.first_signatory, plan, "return_plan", {"reason": ""})
    assert response.status_code == 200
    assert "Say why you return the plan, so the editors can act on it." in text(response)
    with pytest.raises(workflow.TransitionRefused, match="Say why"):
        workflow.return_plan(plan, by=people.first_signatory, reason="   ")
    assert fresh(plan).status == Status.REVIEW
    assert not AuditEntry.objects.filter(action="return_plan").exists()


def test_a_signatory_returns_the_plan_to_revision_with_the_reason_shown(people, plan):
    plan = in_review(plan, people.editor)
    reason = "The budget for principle 3 is missing."
    response = post(people.second_signatory, plan, "return_plan", {"reason": reason})
    assert response.status_code == 302
    plan = fresh(plan)
    assert (plan.status, plan.signoff_round) == (Status.REVISION, 2)
    entry = last_entry(plan)
    assert (entry.action, entry.from_status, entry.to_status, entry.actor, entry.note) == (
        "return_plan",
        Status.REVIEW,
        Status.REVISION,
        people.second_signatory,
        reason,
    )
    page = text(signed_in(people.editor).get(plan.get_absolute_url()))
    assert "Returned by Tess Twosign on" in page and reason in page


@pytest.mark.parametrize("who", ["editor", "partner", "site_admin"])
def test_only_signatories_return_a_plan(people, plan, who):
    plan = in_review(plan, people.editor)
    response = post(getattr(people, who), plan, "return_plan", {"reason": "No."})
    assert response.status_code == 403
    assert fresh(plan).status == Status.REVIEW


def test_after_a_return_every_signatory_signs_again(people, plan):
    plan = in_review(plan, people.editor)
    post(people.first_signatory, plan, "sign")
    post(people.second_signatory, plan, "return_plan", {"reason": "Add a measure."})
    post(people.editor, plan, "request_signoff", SEEN)
    assert fresh(plan).status == Status.REVIEW

    # The first signatory's signature of round 1 no longer counts.
    post(people.second_signatory, plan, "sign")
    assert fresh(plan).status == Status.REVIEW
    assert not Snapshot.objects.exists()
    page = text(signed_in(people.editor).get(plan.get_absolute_url()))
    assert "Sam Signer, Chief Probation Officer, County Probation Department: not signed yet" in (
        page
    )

    assert post(people.first_signatory, plan, "sign").status_code == 302
    plan = fresh(plan)
    assert plan.status == Status.SIGNED_OFF
    assert [s["name"] for s in plan.snapshot.content["signatures"]] == [
        "Tess Twosign",
        "Sam Signer",
    ]
    assert list(Signature.objects.filter(plan=plan).values_list("round", "user__first_name")) == [
        (1, "Sam"),
        (2, "Tess"),
        (2, "Sam"),
    ]


# --- amending -------------------------------------------------------------------------------


def signed_plan_with_content(people):
    plan = new_plan(
        people,
        vision="Safe and well.",
        summary="Prevention first.",
        enforcement_spending=1_000_000,
        incarceration_spending=2_000_000,
    )
    PriorityFactory(plan=plan, who="Young men aged 16-24", place="Eastside", position=1)
    PriorityFactory(plan=plan, who="Gone", removed_at=timezone.now(), position=2)
    catalogue = CommitmentFactory(
        plan=plan, principle=principle(1), practice=practice_of(1), local_practice=""
    )
    MeasureFactory(commitment=catalogue, indicator="Shootings", unit="per year")
    MeasureFactory(commitment=catalogue, indicator="Dropped", removed_at=timezone.now())
    local = CommitmentFactory(plan=plan, principle=principle(3), local_practice="Recovery centre",
                              stage=Stage.objects.get(slug="invest"))
    MeasureFactory(commitment=local, indicator="Survivors served")
    CommitmentFactory(plan=plan, principle=principle(5), removed_at=timezone.now())
    return signed_off(plan, people)


def copied(plan):
    return {
        "priorities": list(
            plan.priorities.filter(removed_at__isnull=True).values_list("who", "place", "why")
        ),
        "commitments": list(
            Commitment.objects.current()
            .filter(plan=plan)
            .values_list(
                "principle__number",
                "practice",
                "local_practice",
                "stage__slug",
                "local_action",
                "lead_agency",
                "annual_budget",
                "position",
            )
            .order_by("principle__number", "position")
        ),
        "measures": sorted(
            OutcomeMeasure.objects.filter(
                commitment__plan=plan, removed_at__isnull=True
            ).values_list("commitment__principle__number", "indicator", "unit", "target")
        ),
    }


def test_amending_starts_version_2_as_a_draft_holding_a_copy_of_the_content(people):
    v1 = signed_plan_with_content(people)
    response = post(people.editor, v1, "amend", follow=True)
    v2 = Plan.objects.get(previous=v1)
    assert response.redirect_chain[-1][0] == v2.get_absolute_url()
    assert "Version 2 is started as a draft." in text(response)
    assert (v2.version, v2.status, v2.jurisdiction, v2.created_by) == (
        2,
        Status.DRAFT,
        people.county,
        people.editor,
    )
    for name in ("title", "first_year", "last_year", "vision", "summary"):
        assert getattr(v2, name) == getattr(v1, name), name
    assert (v2.enforcement_spending, v2.incarceration_spending) == (1_000_000, 2_000_000)
    assert copied(v2) == copied(v1)
    assert len(copied(v2)["commitments"]) == 2 and len(copied(v2)["measures"]) == 2
    # The copies are new rows: editing v2 leaves the signed v1 as it was.
    assert not set(v2.commitments.values_list("pk", flat=True)) & set(
        v1.commitments.values_list("pk", flat=True)
    )
    assert fresh(v1).status == Status.SIGNED_OFF
    entry = last_entry(v2)
    assert (entry.action, entry.to_status, entry.actor, entry.note) == (
        "amend",
        Status.DRAFT,
        people.editor,
        "Amends version 1.",
    )


def test_amending_keeps_the_language_of_the_published_plan(people):
    plan = new_plan(people, language="es")
    CommitmentFactory(plan=plan)
    v1 = signed_off(plan, people)
    v2 = workflow.amend(v1, by=people.editor)
    assert v2.language == "es"


def test_a_plan_is_amended_only_once(people, plan):
    v1 = signed_off(plan, people)
    post(people.editor, v1, "amend")
    response = post(people.editor, v1, "amend")
    assert response.status_code == 409
    assert "This plan is being amended already: open the new version." in text(response)
    with pytest.raises(workflow.TransitionRefused):
        workflow.amend(v1, by=people.editor)
    assert Plan.objects.count() == 2


def test_a_plan_being_amended_leads_to_its_amendment_instead_of_offering_amend(people, plan):
    v1 = signed_off(plan, people)
    editor = signed_in(people.editor)
    assert "Amend (start a new version)" in text(editor.get(v1.get_absolute_url()))

    post(people.editor, v1, "amend")

    page = editor.get(v1.get_absolute_url())
    v2 = Plan.objects.get(previous=v1)
    assert "Amend (start a new version)" not in text(page)
    assert "Version 2 amends this plan; it is draft." in text(page)
    assert f'href="{v2.get_absolute_url()}"' in page.content.decode()


@pytest.mark.parametrize("start", ["draft", "review"])
def test_only_a_signed_off_plan_is_amended(people, plan, start):
    if start == "review":
        plan = in_review(plan, people.editor)
    assert post(people.editor, plan, "amend").status_code == 409
    assert Plan.objects.count() == 1


@pytest.mark.parametrize("who", ["first_signatory", "partner", "site_admin"])
def test_only_editors_amend(people, plan, who):
    v1 = signed_off(plan, people)
    assert post(getattr(people, who), v1, "amend").status_code == 403
    assert Plan.objects.count() == 1


def test_signing_off_version_2_supersedes_version_1(people, plan):
    v1 = signed_off(plan, people)
    v1_snapshot = v1.snapshot
    post(people.editor, v1, "amend")
    v2 = Plan.objects.get(previous=v1)
    v2 = signed_off(v2, people)
    assert fresh(v2).status == Status.SIGNED_OFF
    v1 = fresh(v1)
    assert v1.status == Status.SUPERSEDED and v1.is_signed
    # v1's snapshot is untouched.
    assert Snapshot.objects.get(plan=v1).digest == v1_snapshot.digest
    assert Snapshot.objects.get(plan=v1).verify()
    entry = last_entry(v1)
    assert (entry.action, entry.from_status, entry.to_status, entry.actor, entry.note) == (
        "superseded",
        Status.SIGNED_OFF,
        Status.SUPERSEDED,
        people.second_signatory,
        "Superseded by version 2.",
    )
    # A superseded plan is not amended again, and version 2 can be.
    assert post(people.editor, v1, "amend").status_code == 409
    assert post(people.editor, v2, "amend").status_code == 302
    assert Plan.objects.get(previous=v2).version == 3


# --- the whole life in the audit log --------------------------------------------------------


def test_every_transition_leaves_an_audit_entry_with_actor_statuses_and_note(people, plan):
    window = dates(0, 20)
    post(people.editor, plan, "open_consultation", window)
    post(people.editor, plan, "back_to_draft")
    post(people.editor, plan, "open_consultation", window)
    post(people.editor, plan, "close_consultation", SEEN)
    post(people.editor, plan, "request_signoff", SEEN)
    post(people.first_signatory, plan, "return_plan", {"reason": "Fix the dates."})
    post(people.editor, plan, "request_signoff", SEEN)
    post(people.first_signatory, plan, "sign")
    post(people.second_signatory, plan, "sign")
    post(people.editor, plan, "amend")
    v2 = Plan.objects.get(previous=plan)

    entries = list(
        AuditEntry.objects.filter(plan__in=[plan, v2])
        .order_by("pk")
        .values_list("plan", "action", "from_status", "to_status", "actor", "note")
    )
    e, s1, s2 = people.editor.pk, people.first_signatory.pk, people.second_signatory.pk
    note = f"{window['opens']} – {window['closes']}"
    p = plan.pk
    assert entries == [
        (p, "create", "", "draft", e, ""),
        (p, "open_consultation", "draft", "consultation", e, note),
        (p, "back_to_draft", "consultation", "draft", e, ""),
        (p, "open_consultation", "draft", "consultation", e, note),
        (p, "close_consultation", "consultation", "revision", e, ""),
        (p, "request_signoff", "revision", "review", e, ""),
        (p, "return_plan", "review", "revision", s1, "Fix the dates."),
        (p, "request_signoff", "revision", "review", e, ""),
        (p, "sign", "review", "review", s1, ""),
        (p, "sign", "review", "review", s2, ""),
        (p, "signed_off", "review", "signed_off", s2, ""),
        (v2.pk, "amend", "", "draft", e, "Amends version 1."),
    ]
    assert {entry.jurisdiction_id for entry in AuditEntry.objects.all()} == {people.county.pk}


def test_refused_transitions_leave_no_audit_entry_and_no_change(people, plan):
    before = list(AuditEntry.objects.values_list("pk", flat=True))
    post(people.editor, plan, "close_consultation", SEEN)
    post(people.editor, plan, "request_signoff", SEEN)
    post(people.partner, plan, "open_consultation", dates())
    post(people.first_signatory, plan, "sign")
    assert list(AuditEntry.objects.values_list("pk", flat=True)) == before
    assert fresh(plan).status == Status.DRAFT


def test_the_plan_page_offers_each_role_only_the_transitions_it_may_take(people, plan):
    def offered(user, plan):
        html = signed_in(user).get(plan.get_absolute_url()).content.decode()
        return {name for name in workflow.TRANSITIONS if transition_url(plan, name) in html}

    assert offered(people.editor, plan) == {"open_consultation"}
    assert offered(people.partner, plan) == set()
    assert offered(people.first_signatory, plan) == set()
    plan = in_consultation(plan, people.editor)
    assert offered(people.editor, plan) == {"close_consultation", "back_to_draft"}
    plan = workflow.close_consultation(plan, by=people.editor, seen_unfinished=True)
    assert offered(people.editor, plan) == {"request_signoff", "back_to_draft"}
    plan = workflow.request_signoff(plan, by=people.editor, seen_unfinished=True)
    assert offered(people.editor, plan) == set()
    assert offered(people.first_signatory, plan) == {"sign", "return_plan"}
    assert offered(people.site_admin, plan) == set()
    workflow.sign(plan, by=people.first_signatory)
    plan = workflow.sign(plan, by=people.second_signatory)
    assert offered(people.editor, plan) == {"amend"}
    assert offered(people.first_signatory, plan) == set()


def test_the_confirmation_page_explains_the_transition(people, plan):
    response = signed_in(people.editor).get(transition_url(plan, "open_consultation"))
    assert response.status_code == 200
    page = text(response)
    assert "Partners of the jurisdiction can comment on the draft" in page
    assert "Confirm: Open consultation" in page
    assert fresh(plan).status == Status.DRAFT


def test_an_unknown_transition_is_not_found(people, plan):
    assert post(people.editor, plan, "publish").status_code == 404
