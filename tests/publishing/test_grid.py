"""The principles-by-stage grid fills from real plans: where the catalogue has no practice,
a cell shows the local practices that blueprints in force adopted for that principle and
stage, each with its jurisdictions. Nothing unpublished, nothing without a named stage."""

import re

import pytest
from django.urls import reverse

from plans.models import Commitment
from principles.models import Principle, Stage
from tests.factories import example_county, sample_city
from tests.publishing.factories import commit, plan_in_review, sign_off

pytestmark = pytest.mark.django_db


def local(plan, number, name, stage=None):
    commitment = commit(plan, number, local=name)
    if stage:
        Commitment.objects.filter(pk=commitment.pk).update(stage=Stage.objects.get(slug=stage))
    return commitment


def cell(page, principle_number, stage_number):
    """The grid's cell of a principle and a stage, whitespace collapsed."""
    name = Principle.objects.get(number=principle_number).name
    rows = re.findall(r"<tr>(.*?)</tr>", page, flags=re.DOTALL)
    row = next(row for row in rows if f">{name}</a>" in row)
    return " ".join(re.findall(r"<td>(.*?)</td>", row, flags=re.DOTALL)[stage_number - 1].split())


def blueprint(jurisdiction, title, *locals_):
    story = plan_in_review(jurisdiction, title=title)
    for number, name, stage in locals_:
        local(story.plan, number, name, stage)
    return sign_off(story).plan


def test_a_cell_names_the_local_practices_blueprints_in_force_adopted_there(client):
    county, city = example_county(), sample_city()
    county_plan = blueprint(county, "Example County Safety Plan",
                            (2, "Neighbourhood peacekeepers", "invest"),
                            (2, "Unnamed stage practice", None))
    city_plan = blueprint(city, "Sample City Safety Plan",
                          (2, " neighbourhood Peacekeepers ", "invest"),
                          (4, "Reentry housing", "strengthen"))
    draft = plan_in_review(county, title="Next plan").plan
    local(draft, 3, "Still a draft", "plan")

    page = client.get(reverse("plans:grid")).content.decode()

    invest = cell(page, 2, 3)
    assert invest.count("eighbourhood peacekeepers") == 1  # one practice, two jurisdictions
    assert f'<a href="{reverse("plans:blueprint", args=[county_plan.pk])}">Example County</a>' in (
        invest)
    assert f'<a href="{reverse("plans:blueprint", args=[city_plan.pk])}">Sample City</a>' in invest
    assert "Not yet in the catalogue" in invest  # the catalogue has none there
    assert "Reentry housing" in cell(page, 4, 5)
    assert "Still a draft" not in page and "Unnamed stage practice" not in page
    # the catalogue's own practice still heads its cell
    envision = cell(page, 2, 1)
    assert "Blueprint" in envision and "Not yet in the catalogue" not in envision


def test_the_grid_costs_the_same_for_one_blueprint_or_four(client, django_assert_num_queries):
    blueprint(example_county(), "Example County Safety Plan", (2, "Peacekeepers", "invest"))
    with django_assert_num_queries(4):
        assert client.get(reverse("plans:grid")).status_code == 200
    for n in range(3):
        blueprint(sample_city() if n == 0 else example_county(), f"Plan {n}",
                  (n + 1, f"Practice {n}", "plan"), (5, f"Other {n}", "evaluate"))
    with django_assert_num_queries(4):
        page = client.get(reverse("plans:grid")).content.decode()
    assert all(f"Practice {n}" in page for n in range(3))
