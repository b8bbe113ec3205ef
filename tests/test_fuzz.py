"""Every form and state-changing view, fed generated bad input by hypothesis, answers with a
page (2xx/3xx, or 4xx with a message) and never a server error."""

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from notifications.models import OPTIONAL_EMAILS
from tests.test_permission_matrix import PRINCIPLE, world  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db

NASTY = st.sampled_from([
    "", " ", "-1", "0", "1e309", "NaN", "inf", "99999999999999999999", "2026-02-30",
    "13/45/2026", "<script>alert(1)</script>", "javascript:alert(1)", "\x00", "a\x00b",
    "𝕊𝕒𝕗𝕖 ✨ ñandú", "‮reversed", "x" * 20_000, "' OR 1=1 --", "../../etc/passwd",
    "plan", "principle-999999", "commitment-0", "adopted", "not_adopted", "editor", "partner",
])
VALUE = st.one_of(NASTY, st.text(max_size=300), st.integers().map(str))

# (URL name, kwargs from the world, actor allowed to post, the form's field names)
TARGETS = [
    ("stakeholders:invite", lambda w: {"slug": w.slug}, "jurisdiction_admin",
     ["email", "role", "agency", "title", "organization"]),
    ("stakeholders:membership_edit", lambda w: {"slug": w.slug, "pk": w.membership.pk},
     "jurisdiction_admin", ["role", "agency", "title", "organization"]),
    ("stakeholders:organizations", lambda w: {"slug": w.slug}, "editor", ["name", "sector"]),
    ("stakeholders:jurisdiction_create", lambda w: {}, "site_admin",
     ["name", "kind", "state", "slug", "first_admin_email"]),
    ("stakeholders:profile", lambda w: {}, "partner",
     ["first_name", "last_name", "email", "language"]),
    ("notifications:preferences", lambda w: {}, "partner", [str(k) for k in OPTIONAL_EMAILS]),
    ("plans:create", lambda w: {"slug": w.slug}, "editor",
     ["title", "language", "first_year", "last_year", "vision", "summary",
      "enforcement_spending", "incarceration_spending"]),
    ("plans:edit", lambda w: {"pk": w.plan.pk}, "editor",
     ["title", "language", "first_year", "last_year", "vision", "summary",
      "enforcement_spending", "incarceration_spending", "lock_version"]),
    ("plans:commitment_create", lambda w: {"pk": w.plan.pk, "principle": PRINCIPLE["slug"]},
     "editor", ["practice", "local_practice", "local_action", "lead_agency", "partners",
                "starts_on", "ends_on", "annual_budget", "funding_source", "progress"]),
    ("plans:commitment_edit", lambda w: {"pk": w.commitment.pk}, "editor",
     ["practice", "local_practice", "local_action", "lead_agency", "starts_on", "ends_on",
      "annual_budget", "progress", "lock_version"]),
    ("plans:measure_edit", lambda w: {"pk": w.measure.pk}, "editor",
     ["indicator", "unit", "baseline", "target", "data_source", "lock_version"]),
    ("plans:priority_create", lambda w: {"pk": w.plan.pk}, "editor",
     ["who", "place", "why", "data_source"]),
    ("plans:transition", lambda w: {"pk": w.plan.pk, "name": "open_consultation"}, "editor",
     ["opens", "closes"]),
    ("plans:transition", lambda w: {"pk": w.signed_plan.pk, "name": "return_plan"},
     "signatory", ["reason"]),
    ("stakeholders:consultation", lambda w: {"pk": w.plan.pk}, "partner", ["about", "body"]),
    ("stakeholders:reply", lambda w: {"pk": w.comment.pk}, "editor", ["body"]),
    ("stakeholders:comment_edit", lambda w: {"pk": w.comment.pk}, "partner", ["body"]),
    ("stakeholders:respond", lambda w: {"pk": w.comment.pk}, "editor",
     ["disposition", "text", "reason"]),
    ("stakeholders:hide", lambda w: {"pk": w.comment.pk}, "jurisdiction_admin", ["reason"]),
    ("stakeholders:session_create", lambda w: {"pk": w.plan.pk}, "editor",
     ["held_on", "place", "format", "host", "attendees", "summary", "principles"]),
    ("progress:schedule", lambda w: {"pk": w.in_effect.pk}, "jurisdiction_admin",
     ["cadence", "due_days"]),
    ("progress:update", lambda w: {"pk": w.period.pk, "commitment_pk": w.in_effect_commitment.pk},
     "editor", ["status", "stopped_reason", "account", "spent_to_date", "corrects",
                "correction_reason"]),
    ("progress:value_create", lambda w: {"pk": w.in_effect_measure.pk}, "editor",
     ["value", "for_date", "data_source", "note"]),
    ("progress:value_correct", lambda w: {"pk": w.value.pk}, "editor",
     ["value", "for_date", "data_source", "note", "correction_reason"]),
    ("progress:publish", lambda w: {"pk": w.unreported.pk}, "editor", ["seen_missing"]),
    ("progress:report_comments", lambda w: {"pk": w.report.pk}, "partner", ["about", "body"]),
    ("plans:verify", lambda w: {}, "anonymous", ["digest"]),
    ("login", lambda w: {}, "anonymous", ["username", "password"]),
    ("password_reset", lambda w: {}, "anonymous", ["email"]),
]


@pytest.mark.parametrize(("name", "kwargs", "actor", "fields"), TARGETS,
                         ids=[f"{t[0]}[{t[2]}]" for t in TARGETS])
def test_generated_bad_input_never_causes_a_server_error(world, name, kwargs, actor, fields):  # noqa: F811
    client = Client(raise_request_exception=False)
    if world.users[actor] is not None:
        client.force_login(world.users[actor])
    url = reverse(name, kwargs=kwargs(world))

    @settings(max_examples=25, deadline=None, derandomize=True,
              suppress_health_check=[HealthCheck.function_scoped_fixture,
                                     HealthCheck.too_slow])
    @given(data=st.fixed_dictionaries({}, optional={f: VALUE for f in fields}))
    def post(data):
        response = client.post(url, data)
        assert response.status_code < 500, (url, data, response.status_code)
        if 400 <= response.status_code < 500:
            assert response.content.strip(), "a 4xx without a message"

    post()


@pytest.mark.parametrize("path", [
    "/plans/{}/compare/?left={}&right={}", "/principles/{}/", "/blueprints/{}/",
    "/exports/{}/status/", "/plans/{}/principles/{}/", "/invitations/{}/",
    "/blueprints/{}/progress/measures/{}/", "/progress/periods/{}/commitments/{}/",
    "/blueprints/{}/progress/reports/{}/", "/progress/reports/{}/comments/?state={}",
])
def test_generated_bad_addresses_and_query_strings_never_cause_a_server_error(world, path):  # noqa: F811
    client = Client(raise_request_exception=False)
    client.force_login(world.users["editor"])
    part = st.one_of(NASTY.filter(lambda s: "/" not in s and "\x00" not in s),
                     st.integers(min_value=-5, max_value=10**12).map(str))

    @settings(max_examples=20, deadline=None, derandomize=True,
              suppress_health_check=[HealthCheck.function_scoped_fixture,
                                     HealthCheck.too_slow])
    @given(parts=st.tuples(part, part, part))
    def get(parts):
        response = client.get(path.format(*parts))
        assert response.status_code < 500, (path, parts, response.status_code)

    get()


@pytest.mark.parametrize("actor", ["partner", "jurisdiction_admin"])
def test_generated_comment_filters_never_cause_a_server_error(world, actor):  # noqa: F811
    """The consultation page reads its filters (and the comment form's target) from the
    address: any value is answered with the page, a bad one with the form's message."""
    client = Client(raise_request_exception=False)
    client.force_login(world.users[actor])
    url = reverse("stakeholders:consultation", args=[world.plan.pk])
    fields = ["state", "topic", "sector", "organization", "q", "about"]

    @settings(max_examples=25, deadline=None, derandomize=True,
              suppress_health_check=[HealthCheck.function_scoped_fixture,
                                     HealthCheck.too_slow])
    @given(data=st.fixed_dictionaries({}, optional={f: VALUE for f in fields}))
    def get(data):
        response = client.get(url, data)
        assert response.status_code == 200, (data, response.status_code)

    get()
