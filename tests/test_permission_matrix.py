"""The permission matrix: every role (and a signed-out visitor) against every view.

EVERY NAMED URL OF THE PROJECT MUST HAVE A ROW IN ``MATRIX`` BELOW.
``test_every_url_of_the_project_has_a_row`` walks the URL resolver and fails for any URL
name without a row, so each new view must be added here in the same change.

To add a view:
1. If its URL needs an object, create that object in the ``world`` fixture (in "the"
   jurisdiction, Example County) and add it to the namespace the fixture returns.
2. Add a ``Case(name, kwargs, expected)`` to ``MATRIX``: ``name`` is the namespaced URL name
   (``"plans:detail"``), ``kwargs`` a function from the world to the URL's keyword
   arguments, ``expected`` a ``row(...)`` with the status of a GET per actor:
     OK 200 · LOGIN 302 to the sign-in page · FORBIDDEN 403 · NOT_FOUND 404 ·
     POST_ONLY 405 (the view answers POST only) · GONE 410 · NO_CONTENT 204 (nothing to
     show, e.g. the header's unread count signed out).
   A URL may have several cases (an ``id`` tells them apart), e.g. a usable and a used link.
3. If the view changes state, add its POST to ``POSTS`` with the data a permitted actor
   would send and the actors that must be refused; the test checks that a refused POST
   changes nothing in the database and that a permitted one does.

Actors: anonymous; outsider (editor of another jurisdiction); partner, signatory, editor and
jurisdiction_admin of the jurisdiction; site_admin (is_staff, no membership).
Not in the matrix: Django admin (``admin:``), ``set_language``, static and media files.
"""

import hashlib
from dataclasses import dataclass, field
from datetime import date, timedelta
from html import unescape
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from notifications.models import EmailOptOut, Notification
from plans import workflow
from plans.models import Commitment, ExportJob, OutcomeMeasure, Plan, PriorityPopulation
from principles.catalogue import read_catalogue
from principles.models import Principle
from progress import record, reports
from progress.models import (
    Cadence,
    MeasuredValue,
    ProgressReport,
    ProgressStatus,
    ProgressUpdate,
    ReportingPeriod,
    ReportingSchedule,
)
from stakeholders.accounts import confirmation_token
from stakeholders.models import (
    Comment,
    Invitation,
    Jurisdiction,
    ListeningSession,
    Membership,
    Organization,
    Response,
    Role,
)
from tests.factories import (
    InvitationFactory,
    OrganizationFactory,
    UserFactory,
    example_county,
    member,
    sample_city,
)

OK, LOGIN, FORBIDDEN, NOT_FOUND, POST_ONLY, GONE, NO_CONTENT = 200, 302, 403, 404, 405, 410, 204
POLL_STOP = 286  # an export's status once finished: htmx stops polling

ACTORS = [
    "anonymous",
    "outsider",
    "partner",
    "signatory",
    "editor",
    "jurisdiction_admin",
    "site_admin",
]
EXCLUDED_NAMESPACES = {"admin"}
EXCLUDED_NAMES = {"set_language"}
UNNAMED_PREFIXES = ("static/", "media/", "^static/", "^media/")


def row(anonymous, outsider, partner, signatory, editor, jurisdiction_admin, site_admin):
    """The expected status per actor, in the order of ACTORS."""
    statuses = [anonymous, outsider, partner, signatory, editor, jurisdiction_admin, site_admin]
    return dict(zip(ACTORS, statuses, strict=True))


def everyone(status):
    return row(*[status] * len(ACTORS))


SIGNED_IN = row(LOGIN, OK, OK, OK, OK, OK, OK)
MEMBERS_SEE = row(LOGIN, NOT_FOUND, OK, OK, OK, OK, OK)
ADMINS_ONLY = row(LOGIN, NOT_FOUND, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK, OK)
ADMINS_AND_EDITORS = row(LOGIN, NOT_FOUND, FORBIDDEN, FORBIDDEN, OK, OK, OK)
# Plan content: editors only (the world's admin and the site admin hold no editor role).
EDITORS = row(LOGIN, NOT_FOUND, FORBIDDEN, FORBIDDEN, OK, FORBIDDEN, FORBIDDEN)
SIGNATORIES = row(LOGIN, NOT_FOUND, FORBIDDEN, OK, FORBIDDEN, FORBIDDEN, FORBIDDEN)
COMMENTERS = row(LOGIN, NOT_FOUND, OK, FORBIDDEN, OK, OK, FORBIDDEN)


@dataclass
class Case:
    name: str
    kwargs: object = field(default=lambda w: {})
    expected: dict = field(default_factory=lambda: everyone(OK))
    id: str = ""

    def __str__(self):
        return f"{self.name}[{self.id}]" if self.id else self.name


DATA = read_catalogue()
PRINCIPLE = DATA["principles"][0]
PRACTICE = PRINCIPLE["practices"][0]

MATRIX = [
    # Public pages
    Case("home"),
    Case("healthz"),
    Case("principles:list"),
    Case("plans:grid"),
    Case("principles:principle", lambda w: {"slug": PRINCIPLE["slug"]}),
    Case(
        "principles:practice",
        lambda w: {"principle": PRINCIPLE["slug"], "slug": PRACTICE["slug"]},
    ),
    # Accounts (Django's auth views)
    Case("login"),
    Case("logout", expected=everyone(POST_ONLY)),
    Case("password_change", expected=SIGNED_IN),
    Case("password_change_done", expected=SIGNED_IN),
    Case("password_reset"),
    Case("password_reset_done"),
    Case(
        "password_reset_confirm",
        lambda w: {"uidb64": "MQ", "token": "not-a-token"},
        id="bad link",
    ),
    Case("password_reset_complete"),
    # People, jurisdictions and roles
    Case("dashboard", expected=SIGNED_IN),
    Case("stakeholders:profile", expected=SIGNED_IN),
    *[
        Case(
            "stakeholders:email_action",
            lambda w, action=action: {"action": action},
            row(LOGIN, *[POST_ONLY] * 6),
            id=action,
        )
        for action in ("send", "cancel")
    ],
    # the link sent to a new address works for whoever holds it: it went to that mailbox
    Case("stakeholders:email_confirm", lambda w: {"token": w.email_token}, id="pending"),
    Case(
        "stakeholders:email_confirm",
        lambda w: {"token": w.email_token[:-2] + "xx"},
        everyone(NOT_FOUND),
        id="forged",
    ),
    Case(
        "stakeholders:jurisdiction_create",
        expected=row(LOGIN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK),
    ),
    Case("stakeholders:jurisdiction", lambda w: {"slug": w.slug}, MEMBERS_SEE),
    Case("stakeholders:members", lambda w: {"slug": w.slug}, ADMINS_ONLY),
    Case("stakeholders:invite", lambda w: {"slug": w.slug}, ADMINS_ONLY),
    Case(
        "stakeholders:membership_edit",
        lambda w: {"slug": w.slug, "pk": w.membership.pk},
        ADMINS_ONLY,
    ),
    Case(
        "stakeholders:membership_remove",
        lambda w: {"slug": w.slug, "pk": w.membership.pk},
        ADMINS_ONLY,
    ),
    *[
        Case(
            "stakeholders:invitation_action",
            lambda w, action=action: {"slug": w.slug, "pk": w.invitation.pk, "action": action},
            row(LOGIN, NOT_FOUND, FORBIDDEN, FORBIDDEN, FORBIDDEN, POST_ONLY, POST_ONLY),
            id=action,
        )
        for action in ("resend", "revoke")
    ],
    Case("stakeholders:organizations", lambda w: {"slug": w.slug}, MEMBERS_SEE),
    Case(
        "stakeholders:organization_edit",
        lambda w: {"slug": w.slug, "pk": w.organization.pk},
        ADMINS_AND_EDITORS,
    ),
    Case("stakeholders:accept", lambda w: {"token": w.invitation.token}, id="pending"),
    Case(
        "stakeholders:accept",
        lambda w: {"token": w.used_invitation.token},
        everyone(GONE),
        id="used",
    ),
    Case(
        "stakeholders:accept",
        lambda w: {"token": "no-such-token"},
        everyone(NOT_FOUND),
        id="unknown",
    ),
    # Plans (the world's plan is in consultation, so its content is editable)
    Case("plans:list", lambda w: {"slug": w.slug}, MEMBERS_SEE),
    Case("plans:create", lambda w: {"slug": w.slug}, EDITORS),
    Case("plans:audit_log", lambda w: {"slug": w.slug}, ADMINS_ONLY),
    Case("plans:plan", lambda w: {"pk": w.plan.pk}, MEMBERS_SEE),
    Case("plans:edit", lambda w: {"pk": w.plan.pk}, EDITORS),
    Case("plans:history", lambda w: {"pk": w.plan.pk}, MEMBERS_SEE),
    Case("plans:compare", lambda w: {"pk": w.plan.pk}, MEMBERS_SEE),
    Case(
        "plans:transition",
        lambda w: {"pk": w.plan.pk, "name": "close_consultation"},
        EDITORS,
        id="close_consultation",
    ),
    Case("plans:transition", lambda w: {"pk": w.plan.pk, "name": "sign"}, SIGNATORIES, id="sign"),
    Case(
        "plans:transition",
        lambda w: {"pk": w.plan.pk, "name": "no-such-step"},
        row(LOGIN, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND),
        id="unknown",
    ),
    Case("plans:priorities", lambda w: {"pk": w.plan.pk}, MEMBERS_SEE),
    Case("plans:priority_create", lambda w: {"pk": w.plan.pk}, EDITORS),
    Case("plans:priority_edit", lambda w: {"pk": w.priority.pk}, EDITORS),
    Case("plans:priority_remove", lambda w: {"pk": w.priority.pk}, EDITORS),
    Case(
        "plans:principle_section",
        lambda w: {"pk": w.plan.pk, "principle": PRINCIPLE["slug"]},
        MEMBERS_SEE,
    ),
    Case(
        "plans:commitment_create",
        lambda w: {"pk": w.plan.pk, "principle": PRINCIPLE["slug"]},
        EDITORS,
    ),
    Case("plans:commitment_edit", lambda w: {"pk": w.commitment.pk}, EDITORS),
    Case("plans:commitment_remove", lambda w: {"pk": w.commitment.pk}, EDITORS),
    Case(
        "plans:commitment_move",
        lambda w: {"pk": w.commitment.pk, "direction": "up"},
        row(LOGIN, NOT_FOUND, FORBIDDEN, FORBIDDEN, POST_ONLY, FORBIDDEN, FORBIDDEN),
    ),
    Case("plans:measure_create", lambda w: {"pk": w.commitment.pk}, EDITORS),
    Case("plans:measure_edit", lambda w: {"pk": w.measure.pk}, EDITORS),
    Case("plans:measure_remove", lambda w: {"pk": w.measure.pk}, EDITORS),
    # Stakeholder input on the plan in consultation (the comment is the partner's)
    Case("stakeholders:consultation", lambda w: {"pk": w.plan.pk}, MEMBERS_SEE),
    Case("stakeholders:heard", lambda w: {"pk": w.plan.pk}, MEMBERS_SEE),
    Case("stakeholders:voices", lambda w: {"pk": w.plan.pk}, MEMBERS_SEE),
    Case("stakeholders:session_create", lambda w: {"pk": w.plan.pk}, EDITORS),
    Case("stakeholders:session_edit", lambda w: {"pk": w.session.pk}, EDITORS),
    Case("stakeholders:reply", lambda w: {"pk": w.comment.pk}, COMMENTERS),
    Case(
        "stakeholders:comment_edit",
        lambda w: {"pk": w.comment.pk},
        row(LOGIN, NOT_FOUND, OK, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN),
    ),
    Case("stakeholders:respond", lambda w: {"pk": w.comment.pk}, EDITORS),
    Case(
        "stakeholders:hide",
        lambda w: {"pk": w.comment.pk},
        row(LOGIN, NOT_FOUND, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK, FORBIDDEN),
    ),
    # Notifications: each person's own (the world's one notice is the partner's)
    Case("notifications:list", expected=SIGNED_IN),
    Case("notifications:unread", expected=row(NO_CONTENT, OK, OK, OK, OK, OK, OK)),
    Case("notifications:read_all", expected=row(LOGIN, *[POST_ONLY] * 6)),
    Case("notifications:read", lambda w: {"pk": w.notice.pk}, row(LOGIN, *[POST_ONLY] * 6)),
    Case("notifications:open", lambda w: {"pk": w.notice.pk}, row(LOGIN, *[POST_ONLY] * 6)),
    Case("notifications:preferences", expected=SIGNED_IN),
    # Publishing: export jobs (the world's signed plan has a finished blueprint export)
    Case(
        "plans:request_export",
        lambda w: {"pk": w.plan.pk},
        row(LOGIN, NOT_FOUND, FORBIDDEN, FORBIDDEN, POST_ONLY, FORBIDDEN, FORBIDDEN),
    ),
    Case("plans:export", lambda w: {"pk": w.job.pk}, MEMBERS_SEE),
    Case(
        "plans:export_status",
        lambda w: {"pk": w.job.pk},
        row(LOGIN, NOT_FOUND, POLL_STOP, POLL_STOP, POLL_STOP, POLL_STOP, POLL_STOP),
    ),
    Case(
        "plans:export_retry",
        lambda w: {"pk": w.job.pk},
        row(LOGIN, NOT_FOUND, POST_ONLY, POST_ONLY, POST_ONLY, POST_ONLY, POST_ONLY),
    ),
    Case("plans:export_download", lambda w: {"pk": w.job.pk}, MEMBERS_SEE),
    # The public portal and verification
    Case("plans:portal"),
    Case("plans:practices_adopted"),
    Case("plans:blueprint", lambda w: {"pk": w.signed_plan.pk}),
    Case("plans:blueprint", lambda w: {"pk": w.plan.pk}, everyone(NOT_FOUND), id="unsigned"),
    Case("plans:blueprint_pdf", lambda w: {"pk": w.signed_plan.pk}),
    Case("plans:verify"),
    # Progress: the record of the plan in effect (signed, reporting every year; last year's
    # period holds an update and a value). Public on the portal, like its blueprint.
    Case("progress:public", lambda w: {"pk": w.in_effect.pk}),
    Case("progress:public", lambda w: {"pk": w.plan.pk}, everyone(NOT_FOUND), id="unsigned"),
    Case("progress:public_measure",
         lambda w: {"pk": w.in_effect.pk, "measure_pk": w.in_effect_measure.pk}),
    Case("progress:record", lambda w: {"pk": w.in_effect.pk}, MEMBERS_SEE),
    Case("progress:record", lambda w: {"pk": w.plan.pk},
         row(LOGIN, *[NOT_FOUND] * 6), id="unsigned"),
    Case("progress:schedule", lambda w: {"pk": w.in_effect.pk}, ADMINS_ONLY),
    Case("progress:period", lambda w: {"pk": w.period.pk}, MEMBERS_SEE),
    Case("progress:update",
         lambda w: {"pk": w.period.pk, "commitment_pk": w.in_effect_commitment.pk}, EDITORS),
    Case("progress:value_create", lambda w: {"pk": w.in_effect_measure.pk}, EDITORS),
    Case("progress:value_correct", lambda w: {"pk": w.value.pk}, EDITORS),
    Case("progress:import", lambda w: {"pk": w.in_effect.pk}, EDITORS),
    Case("progress:import_template", lambda w: {"pk": w.in_effect.pk}, EDITORS),
    # Progress reports: the reported plan's first period is published, with its PDF made and
    # a partner's comment; its second period is over and waits for its report.
    Case("progress:report", lambda w: {"pk": w.reported.pk, "report_pk": w.report.pk}),
    Case("progress:report", lambda w: {"pk": w.in_effect.pk, "report_pk": w.report.pk},
         everyone(NOT_FOUND), id="another plan"),
    Case("progress:report_pdf", lambda w: {"pk": w.reported.pk, "report_pk": w.report.pk}),
    Case("progress:publish", lambda w: {"pk": w.unreported.pk}, EDITORS),
    Case("progress:report_comments", lambda w: {"pk": w.report.pk}, MEMBERS_SEE),
    Case("stakeholders:reply", lambda w: {"pk": w.report_comment.pk}, COMMENTERS,
         id="on a report"),
    Case("stakeholders:comment_edit", lambda w: {"pk": w.report_comment.pk},
         row(LOGIN, NOT_FOUND, OK, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN), id="on a report"),
    Case("stakeholders:respond", lambda w: {"pk": w.report_comment.pk}, EDITORS,
         id="on a report"),
    Case("stakeholders:hide", lambda w: {"pk": w.report_comment.pk},
         row(LOGIN, NOT_FOUND, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK, FORBIDDEN), id="on a report"),
]


def url_names(patterns, namespace=""):
    """Yield (namespaced name or None, pattern text) for every URL under ``patterns``."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            if pattern.namespace in EXCLUDED_NAMESPACES:
                continue
            yield from url_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}{pattern.name}" if pattern.name else None
            yield name, str(pattern.pattern)


def test_every_url_of_the_project_has_a_row():
    named, unnamed = set(), []
    for name, text in url_names(get_resolver().url_patterns):
        if name is None:
            if not text.startswith(UNNAMED_PREFIXES):
                unnamed.append(text)
        elif name not in EXCLUDED_NAMES:
            named.add(name)
    in_matrix = {case.name for case in MATRIX}
    assert named - in_matrix == set(), (
        "add these views to MATRIX in tests/test_permission_matrix.py"
    )
    assert in_matrix - named == set(), "these rows name no URL of the project any more"
    assert unnamed == [], "give these URLs a name and a row in the matrix"


@pytest.fixture
def world(db):
    """Example County with one person per role, plus the objects the URLs point at."""
    county = example_county()
    admin = member(county, Role.JURISDICTION_ADMIN)
    colleague = member(county, Role.EDITOR)
    invitation = InvitationFactory(jurisdiction=county, invited_by=admin)
    used_invitation = InvitationFactory(jurisdiction=county, invited_by=admin)
    used_invitation.accept(UserFactory(email=used_invitation.email))
    users = {
        "anonymous": None,
        "outsider": member(sample_city(), Role.EDITOR),
        "partner": member(county, Role.PARTNER),
        "signatory": member(county, Role.SIGNATORY),
        "editor": member(county, Role.EDITOR),
        "jurisdiction_admin": admin,
        "site_admin": UserFactory(is_staff=True),
    }
    users["partner"].request_email_change("partner.new@example.org")
    plan = plan_in_consultation(county, users["editor"])
    commitment = plan.commitments.get()
    comment = Comment.objects.create(plan=plan, author=users["partner"], body="Add reentry.")
    session = ListeningSession.objects.create(
        plan=plan,
        held_on=date(2026, 1, 15),
        place="Library",
        attendees=12,
        summary="Residents asked for youth jobs.",
        recorded_by=users["editor"],
    )
    signed_plan = signed_off_plan(county, users["editor"], users["signatory"])
    in_effect = signed_off_plan(county, users["editor"], users["signatory"],
                                first_year=timezone.localdate().year - 1)
    record.set_schedule(in_effect, cadence=Cadence.ANNUAL, due_days=30, by=admin)
    period = ReportingPeriod.objects.get(plan=in_effect, starts_on__year=in_effect.first_year)
    in_effect_commitment = in_effect.commitments.get()
    record.record_update(in_effect_commitment, period, by=users["editor"],
                         status=ProgressStatus.ON_TRACK, account="Forty young people hired.")
    value = record.record_value(in_effect_commitment.measures.get(), by=users["editor"],
                                value=40, for_date=period.ends_on)
    reported = signed_off_plan(county, users["editor"], users["signatory"],
                               first_year=timezone.localdate().year - 2)
    record.set_schedule(reported, cadence=Cadence.ANNUAL, due_days=30, by=admin)
    first, unreported = ReportingPeriod.objects.filter(plan=reported).order_by("starts_on")[:2]
    report = reports.publish(first, by=users["editor"], seen_missing=True)
    finished(reports.pdf_job(report))
    report_comment = Comment.objects.create(plan=reported, report=report,
                                            author=users["partner"], body="Say more.")
    notice = Notification.objects.create(
        recipient=users["partner"], kind=Notification.Kind.COMMENT_ANSWERED, jurisdiction=county,
        plan=plan, comment=comment, actor=users["editor"], key="matrix:partner",
    )
    return SimpleNamespace(
        reported=reported,
        report=report,
        unreported=unreported,
        report_comment=report_comment,
        in_effect=in_effect,
        in_effect_commitment=in_effect_commitment,
        in_effect_measure=in_effect_commitment.measures.get(),
        period=period,
        value=value,
        notice=notice,
        signed_plan=signed_plan,
        job=signed_plan.exports.get(),
        plan=plan,
        priority=plan.priorities.get(),
        commitment=commitment,
        measure=commitment.measures.get(),
        comment=comment,
        session=session,
        jurisdiction=county,
        slug=county.slug,
        membership=colleague.memberships.get(),
        organization=OrganizationFactory(jurisdiction=county),
        invitation=invitation,
        used_invitation=used_invitation,
        email_token=confirmation_token(users["partner"], "partner.new@example.org"),
        users=users,
    )


def plan_in_consultation(jurisdiction, editor, first_year=2027):
    """A plan with one priority, one commitment and one measure, open for comments."""
    plan = workflow.create_plan(
        jurisdiction=jurisdiction, by=editor, title="Safety Plan", first_year=first_year,
        last_year=first_year + 3,
    )
    PriorityPopulation.objects.create(plan=plan, who="Youth", why="Most harmed")
    commitment = Commitment.objects.create(
        plan=plan,
        principle=Principle.objects.get(slug=PRINCIPLE["slug"]),
        local_practice="Youth jobs",
        local_action="Summer jobs",
        lead_agency="Workforce",
    )
    OutcomeMeasure.objects.create(commitment=commitment, indicator="Youth employed")
    today = timezone.localdate()
    return workflow.open_consultation(
        plan, by=editor, opens=today, closes=today + timedelta(days=30)
    )


def signed_off_plan(jurisdiction, editor, signatory, first_year=2027):
    """A signed plan whose blueprint export has finished (a stand-in file, not a render)."""
    plan = plan_in_consultation(jurisdiction, editor, first_year)
    workflow.close_consultation(plan, by=editor, seen_unfinished=True)
    workflow.request_signoff(plan, by=editor, seen_unfinished=True)
    plan = workflow.sign(plan, by=signatory)
    finished(plan.exports.get())
    return plan


def finished(job):
    """The export job as if its worker had made the file (a stand-in, not a render)."""
    data = b"%PDF-1.7 matrix"
    path = default_storage.save(f"exports/{job.key}.pdf", ContentFile(data))
    ExportJob.objects.filter(pk=job.pk).update(
        state=ExportJob.State.DONE, file=path, page_count=1, size=len(data),
        sha256=hashlib.sha256(data).hexdigest()
    )


def client_for(world, actor):
    client = Client()
    if world.users[actor] is not None:
        client.force_login(world.users[actor])
    return client


def database_state():
    """What a refused request must leave as it was."""
    return {
        "jurisdictions": list(Jurisdiction.objects.values()),
        "organizations": list(Organization.objects.values()),
        "memberships": list(Membership.objects.values()),
        "invitations": list(Invitation.objects.values()),
        "plans": list(Plan.objects.values()),
        "commitments": list(Commitment.objects.values()),
        "comments": list(Comment.objects.values()),
        "responses": list(Response.objects.values()),
        "notifications": list(Notification.objects.values()),
        "reporting_schedules": list(ReportingSchedule.objects.values()),
        "reporting_periods": list(ReportingPeriod.objects.values()),
        "progress_updates": list(ProgressUpdate.objects.values()),
        "measured_values": list(MeasuredValue.objects.values()),
        "progress_reports": list(ProgressReport.objects.values()),
        "email_opt_outs": list(EmailOptOut.objects.values()),
        "users": list(get_user_model().objects.values("id", "username", "email", "first_name")),
        "emails": len(mail.outbox),
    }


def check_status(response, expected):
    """The status, and for LOGIN a redirect to the sign-in page."""
    if expected == LOGIN:
        return response.status_code == 302 and response["Location"].startswith(reverse("login"))
    return response.status_code == expected


@pytest.mark.parametrize("case", MATRIX, ids=str)
def test_get_answers_each_actor_as_the_matrix_says(world, case):
    url = reverse(case.name, kwargs=case.kwargs(world))
    clients = {actor: client_for(world, actor) for actor in ACTORS}
    before = database_state()
    wrong = []
    for actor in ACTORS:
        response = clients[actor].get(url)
        if not check_status(response, case.expected[actor]):
            wrong.append(f"{actor}: expected {case.expected[actor]}, got {response.status_code}")
    assert wrong == [], f"GET {url}"
    assert database_state() == before, "a GET changed the database"


@pytest.mark.parametrize(
    ("name", "kwargs", "actor", "reason"),
    [
        (
            "stakeholders:members",
            lambda w: {"slug": w.slug},
            "editor",
            "Only the jurisdiction's admins manage its members.",
        ),
        (
            "stakeholders:organization_edit",
            lambda w: {"slug": w.slug, "pk": w.organization.pk},
            "partner",
            "Only admins and editors change organizations.",
        ),
        (
            "stakeholders:jurisdiction_create",
            lambda w: {},
            "jurisdiction_admin",
            "Only a site admin creates jurisdictions.",
        ),
    ],
    ids=["members", "organization_edit", "jurisdiction_create"],
)
def test_a_refused_action_gets_a_403_page_that_says_why(world, name, kwargs, actor, reason):
    response = client_for(world, actor).get(reverse(name, kwargs=kwargs(world)))
    assert response.status_code == 403
    page = unescape(response.content.decode())
    assert "Not allowed" in page
    assert reason in page


@dataclass
class Post:
    name: str
    kwargs: object
    data: object
    refused: dict
    allowed: tuple
    id: str = ""

    def __str__(self):
        return f"{self.name}[{self.id}]" if self.id else self.name


MANAGE_MEMBERS_REFUSED = {
    "anonymous": LOGIN,
    "outsider": NOT_FOUND,
    "partner": FORBIDDEN,
    "signatory": FORBIDDEN,
    "editor": FORBIDDEN,
}
MANAGE_ORGANIZATIONS_REFUSED = {
    "anonymous": LOGIN,
    "outsider": NOT_FOUND,
    "partner": FORBIDDEN,
    "signatory": FORBIDDEN,
}
ADMINS = ("jurisdiction_admin", "site_admin")

POSTS = [
    Post(
        "stakeholders:email_action",
        lambda w: {"action": "send"},
        lambda w: {},
        {"anonymous": LOGIN},
        ("partner",),  # the one with a new address waiting: the link goes out again
    ),
    Post(
        "stakeholders:invite",
        lambda w: {"slug": w.slug},
        lambda w: {"email": "new.person@example.org", "role": Role.EDITOR},
        MANAGE_MEMBERS_REFUSED,
        ADMINS,
    ),
    Post(
        "stakeholders:membership_edit",
        lambda w: {"slug": w.slug, "pk": w.membership.pk},
        lambda w: {"role": Role.SIGNATORY, "agency": "Sheriff's Office", "title": "Sheriff"},
        MANAGE_MEMBERS_REFUSED,
        ADMINS,
    ),
    Post(
        "stakeholders:membership_remove",
        lambda w: {"slug": w.slug, "pk": w.membership.pk},
        lambda w: {},
        MANAGE_MEMBERS_REFUSED,
        ADMINS,
    ),
    *[
        Post(
            "stakeholders:invitation_action",
            lambda w, action=action: {"slug": w.slug, "pk": w.invitation.pk, "action": action},
            lambda w: {},
            MANAGE_MEMBERS_REFUSED,
            ADMINS,
            id=action,
        )
        for action in ("resend", "revoke")
    ],
    Post(
        "stakeholders:organizations",
        lambda w: {"slug": w.slug},
        lambda w: {"name": "Example Food Bank", "sector": "other"},
        MANAGE_ORGANIZATIONS_REFUSED,
        ("editor", *ADMINS),
    ),
    Post(
        "stakeholders:organization_edit",
        lambda w: {"slug": w.slug, "pk": w.organization.pk},
        lambda w: {"name": "Renamed Alliance", "sector": "youth"},
        MANAGE_ORGANIZATIONS_REFUSED,
        ("editor", *ADMINS),
    ),
    Post(
        "stakeholders:jurisdiction_create",
        lambda w: {},
        lambda w: {
            "name": "Other County",
            "kind": "county",
            "state": "OR",
            "slug": "other-county",
            "first_admin_email": "first.admin@example.org",
        },
        {
            actor: LOGIN if actor == "anonymous" else FORBIDDEN
            for actor in ACTORS
            if actor != "site_admin"
        },
        ("site_admin",),
    ),
]
EDITORS_ONLY_REFUSED = {
    "anonymous": LOGIN,
    "outsider": NOT_FOUND,
    "partner": FORBIDDEN,
    "signatory": FORBIDDEN,
    "jurisdiction_admin": FORBIDDEN,
    "site_admin": FORBIDDEN,
}
POSTS += [
    Post(
        "plans:commitment_create",
        lambda w: {"pk": w.plan.pk, "principle": PRINCIPLE["slug"]},
        lambda w: {
            "local_practice": "Violence interrupters",
            "local_action": "Hire six",
            "lead_agency": "Public Health",
            "progress": "planned",
        },
        EDITORS_ONLY_REFUSED,
        ("editor",),
    ),
    Post(
        "plans:commitment_remove",
        lambda w: {"pk": w.commitment.pk},
        lambda w: {},
        EDITORS_ONLY_REFUSED,
        ("editor",),
    ),
    Post(
        "plans:transition",
        lambda w: {"pk": w.plan.pk, "name": "close_consultation"},
        lambda w: {"seen_unfinished": "on"},  # the world's plan has principles uncovered
        EDITORS_ONLY_REFUSED,
        ("editor",),
        id="close_consultation",
    ),
    Post(
        "stakeholders:consultation",
        lambda w: {"pk": w.plan.pk},
        lambda w: {"about": "plan", "body": "More youth programs, please."},
        {
            "anonymous": LOGIN,
            "outsider": NOT_FOUND,
            "signatory": FORBIDDEN,
            "site_admin": FORBIDDEN,
        },
        ("partner", "editor", "jurisdiction_admin"),
    ),
    Post(
        "stakeholders:hide",
        lambda w: {"pk": w.comment.pk},
        lambda w: {"reason": "Off topic."},
        {
            "anonymous": LOGIN,
            "outsider": NOT_FOUND,
            "partner": FORBIDDEN,
            "signatory": FORBIDDEN,
            "editor": FORBIDDEN,
            "site_admin": FORBIDDEN,
        },
        ("jurisdiction_admin",),
    ),
]
NOT_THEIRS = {actor: NOT_FOUND for actor in ACTORS if actor not in ("anonymous", "partner")}
POSTS += [
    *[
        Post(
            f"notifications:{name}",
            lambda w: {"pk": w.notice.pk},
            lambda w: {},
            {"anonymous": LOGIN, **NOT_THEIRS},  # nobody reads another's notices
            ("partner",),
        )
        for name in ("read", "open")
    ],
    Post("notifications:read_all", lambda w: {}, lambda w: {}, {"anonymous": LOGIN}, ("partner",)),
    Post(  # every box unticked: each kind's email is turned off
        "notifications:preferences", lambda w: {}, lambda w: {}, {"anonymous": LOGIN}, ("partner",)
    ),
]
ADMINS_ONLY_REFUSED = {**MANAGE_MEMBERS_REFUSED}


def csv_upload(world):
    measure = world.in_effect_measure
    on = world.period.starts_on.replace(month=6, day=30)
    content = f"measure_id,date,value\n{measure.pk},{on.isoformat()},41\n".encode()
    return {"file": SimpleUploadedFile("values.csv", content, content_type="text/csv")}


POSTS += [
    Post(  # the same cadence (updates are recorded), due later: the periods' dates move
        "progress:schedule",
        lambda w: {"pk": w.in_effect.pk},
        lambda w: {"cadence": Cadence.ANNUAL, "due_days": 45},
        ADMINS_ONLY_REFUSED,
        ADMINS,
    ),
    Post(  # a correction of the update the period holds
        "progress:update",
        lambda w: {"pk": w.period.pk, "commitment_pk": w.in_effect_commitment.pk},
        lambda w: {"status": ProgressStatus.AT_RISK, "account": "Hiring slowed.",
                   "corrects": ProgressUpdate.objects.get(period=w.period).pk,
                   "correction_reason": "Hiring slowed in December."},
        EDITORS_ONLY_REFUSED,
        ("editor",),
    ),
    Post(
        "progress:value_create",
        lambda w: {"pk": w.in_effect_measure.pk},
        lambda w: {"value": "12", "for_date": w.period.starts_on.replace(month=3, day=31)},
        EDITORS_ONLY_REFUSED,
        ("editor",),
    ),
    Post(
        "progress:value_correct",
        lambda w: {"pk": w.value.pk},
        lambda w: {"value": "42", "for_date": w.value.for_date,
                   "correction_reason": "The count missed two hires."},
        EDITORS_ONLY_REFUSED,
        ("editor",),
    ),
    Post("progress:import", lambda w: {"pk": w.in_effect.pk}, csv_upload,
         EDITORS_ONLY_REFUSED, ("editor",)),
    Post("progress:publish", lambda w: {"pk": w.unreported.pk},
         lambda w: {"seen_missing": "on"}, EDITORS_ONLY_REFUSED, ("editor",)),
    Post(
        "progress:report_comments",
        lambda w: {"pk": w.report.pk},
        lambda w: {"about": "plan", "body": "Which neighbourhoods?"},
        {"anonymous": LOGIN, "outsider": NOT_FOUND, "signatory": FORBIDDEN,
         "site_admin": FORBIDDEN},
        ("partner", "editor", "jurisdiction_admin"),
    ),
    Post(
        "stakeholders:respond",
        lambda w: {"pk": w.report_comment.pk},
        lambda w: {"disposition": "noted", "text": "The next report says more."},
        EDITORS_ONLY_REFUSED,
        ("editor",),
        id="on a report",
    ),
]
POST_CASES = [
    pytest.param(post, actor, status, id=f"{post}-{actor}-refused")
    for post in POSTS
    for actor, status in post.refused.items()
] + [
    pytest.param(post, actor, 302, id=f"{post}-{actor}-allowed")
    for post in POSTS
    for actor in post.allowed
]


@pytest.mark.parametrize(("post", "actor", "expected"), POST_CASES)
def test_post_of_a_state_changing_view_is_refused_or_done_as_the_role_allows(
    world, post, actor, expected
):
    client = client_for(world, actor)
    before = database_state()
    response = client.post(reverse(post.name, kwargs=post.kwargs(world)), post.data(world))
    if actor in post.allowed:
        assert response.status_code == 302
        assert not response["Location"].startswith(reverse("login"))
        assert database_state() != before
    else:
        assert check_status(response, expected), response.status_code
        assert database_state() == before
