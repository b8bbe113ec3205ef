"""seed_demo gives Example County a signed first plan and its amendment in consultation."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from plans.models import AuditEntry, Commitment, OutcomeMeasure, Plan, Signature, Snapshot, Status
from stakeholders.models import User
from tests.factories import FAST_HASHERS

from .factories import signed_in, text

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # seed_demo sets the demo users' passwords; what these tests prove does not depend on
    # the cost of the production hasher.
    settings.PASSWORD_HASHERS = FAST_HASHERS


def seed():
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


@pytest.fixture
def seeded(settings):
    settings.DEBUG = True
    seed()


def example_plans():
    """The county's main plan: its signed first version and the amendment."""
    return list(Plan.objects.filter(jurisdiction__slug="example-county",
                                    title__startswith="Example County Shared Safety Plan")
                .order_by("version"))


def test_example_county_has_a_signed_first_plan_with_its_snapshot(seeded):
    v1, _v2 = example_plans()
    assert (v1.version, v1.status) == (1, Status.SIGNED_OFF)
    snapshot = Snapshot.objects.get(plan=v1)
    assert snapshot.verify()
    assert [s["name"] for s in snapshot.content["signatures"]] == ["Aaron Baptiste"]
    assert snapshot.content["signatures"][0]["title"] == "Chief Probation Officer"
    assert Signature.objects.filter(plan=v1).count() == 1
    assert {p["number"] for p in snapshot.content["principles"] if p["commitments"]} == {1, 3, 5}


def test_the_second_plan_is_in_consultation_with_four_principles_covered_and_one_gap(seeded):
    v1, v2 = example_plans()
    assert (v2.version, v2.status, v2.previous) == (2, Status.CONSULTATION, v1)
    assert v2.consultation_is_open()
    covered = set(
        Commitment.objects.current().filter(plan=v2).values_list("principle__number", flat=True)
    )
    assert covered == {1, 2, 3, 5}
    assert Commitment.objects.current().filter(plan=v2).count() >= 4
    assert OutcomeMeasure.objects.filter(commitment__plan=v2).count() >= 4

    client = signed_in(User.objects.get(username="official"))
    html = client.get(v2.get_absolute_url()).content.decode()
    assert html.count("Gap: no commitment") == 1
    page = text(html)
    assert "5 commitments cover 4 of the 5 principles. Gaps: Breaking the Cycle of Harm." in page
    compare = client.get(reverse("plans:compare", args=[v2.pk]))
    assert "Hospital-based violence intervention" in text(compare)


def test_seeding_twice_changes_nothing(settings):
    settings.DEBUG = True
    seed()

    def state():
        return [
            list(model.objects.order_by("pk").values_list("pk", flat=True))
            for model in (User, Plan, Commitment, OutcomeMeasure, Snapshot, Signature, AuditEntry)
        ] + [list(Plan.objects.order_by("pk").values_list("status", "lock_version"))]

    before = state()
    output = seed()
    assert state() == before
    assert "Example County's plans are already there." in output


def test_seeding_is_refused_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        seed()
    assert not Plan.objects.exists()


@pytest.mark.parametrize("username", ["official", "approver", "partner", "outsider"])
def test_every_demo_person_finds_something_to_do_on_their_dashboard(seeded, username):
    page = text(signed_in(User.objects.get(username=username)).get(reverse("dashboard")))

    assert "What needs you" in page
    assert "Nothing needs you right now." not in page
    expected = {
        "official": "1 comment on “Example County Shared Safety Plan 2027–2030” awaits an "
                    "official answer",
        "approver": "Olivia Ortega asks you to sign off “Example County Youth Justice Plan”",
        "partner": "“Example County Shared Safety Plan 2027–2030” of Example County is open "
                   "for your comments",
        "outsider": "The consultation on “Sample City Community Safety Plan” closes on",
    }
    assert expected[username] in page
