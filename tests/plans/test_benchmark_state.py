"""`make bench`'s state-sized installation (plans/benchmark_state.py), at a small scale: it
writes what it says, where the pages it measures read it."""

import pytest
from django.urls import reverse

from plans import demo
from plans.benchmark_state import StateSize, grow
from plans.models import Plan, Snapshot, Status
from progress.models import MeasuredValue
from stakeholders.input import Comment, Response
from stakeholders.models import Jurisdiction, User
from tests.factories import FAST_HASHERS

pytestmark = pytest.mark.django_db

SMALL = StateSize(jurisdictions=6, plans=30, comments=600, measured_values=90,
                  busiest_comments=100, county_plans=6)


@pytest.fixture
def grown(settings):
    settings.PASSWORD_HASHERS = FAST_HASHERS
    list(demo.seed())
    county = Jurisdiction.objects.get(slug="example-county")
    busiest = Plan.objects.get(jurisdiction=county, status=Status.CONSULTATION)
    before = {"plans": Plan.objects.count(), "comments": Comment.objects.count(),
              "busiest": busiest.comments.count(), "county": county.plans.count(),
              "jurisdictions": Jurisdiction.objects.count()}
    return busiest, before, grow(county, busiest, SMALL)


def test_the_installation_grows_by_the_sizes_asked(grown):
    busiest, before, report = grown
    assert Jurisdiction.objects.count() == before["jurisdictions"] + SMALL.jurisdictions
    assert Plan.objects.count() == before["plans"] + SMALL.plans
    assert Comment.objects.count() == before["comments"] + SMALL.comments
    assert busiest.comments.count() == before["busiest"] + SMALL.busiest_comments
    assert busiest.jurisdiction.plans.count() == before["county"] + SMALL.county_plans
    assert report["measured values written"] == SMALL.measured_values
    assert MeasuredValue.objects.filter(data_source="State data").count() == SMALL.measured_values
    # each new jurisdiction's first plan is signed, with the snapshot the portal reads
    new = Snapshot.objects.filter(plan__jurisdiction__slug__startswith="state-county-")
    assert new.count() == SMALL.jurisdictions
    assert Response.objects.filter(comment__plan=busiest).count() >= SMALL.busiest_comments / 2


def test_the_measured_pages_show_the_grown_data(grown, client):
    busiest, _before, _report = grown
    assert "State County 000" in client.get(reverse("plans:portal")).content.decode()
    client.force_login(User.objects.get(username="official"))
    response = client.get(reverse("stakeholders:consultation", args=[busiest.pk]))
    assert response.status_code == 200
    assert "please weigh this point too" in response.content.decode()
