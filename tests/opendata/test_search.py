"""The portal's search: it finds published blueprints by their commitments, practices and
visions, filters them, lists superseded versions under the version in force, never shows
anything unpublished, and costs the same queries for few blueprints or many. Ranking by
full-text search is checked on PostgreSQL; the simpler match on SQLite."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from plans import workflow
from plans.models import Commitment
from stakeholders.models import Jurisdiction
from tests.plans.factories import (
    CommitmentFactory,
    new_plan,
    practice_of,
    principle,
    signed_off,
    text,
)
from tests.progress.factories import people_of_a_new_county

pytestmark = pytest.mark.django_db


def blueprint(commitments, *, vision="Safe and well.", kind=Jurisdiction.Kind.COUNTY,
              sign=True, **fields):
    """A plan of a new jurisdiction with ``commitments`` ((name, action) or a dict of
    fields), signed off unless told otherwise."""
    people = people_of_a_new_county()
    people.county.kind = kind
    people.county.save()
    plan = new_plan(people, vision=vision, **fields)
    for number, commitment in enumerate(commitments):
        if isinstance(commitment, tuple):
            name, action = commitment
            commitment = {"local_practice": name, "local_action": action}
        CommitmentFactory(plan=plan, **{"principle": principle(number % 5 + 1),
                                         "funding_source": "General fund",
                                         "lead_agency": "Health", "partners": "",
                                         **commitment})
    if sign:
        plan = signed_off(plan, people)
    plan.people = people
    return plan


def results_page(**params):
    response = Client().get(reverse("opendata:search"), params)
    assert response.status_code == 200
    return response


def found_titles(response):
    return [r.current.plan.title for r in response.context["page"].object_list]


def test_the_portal_has_a_search_box_labelled_for_screen_readers():
    page = Client().get(reverse("plans:portal")).content.decode()
    assert '<label class="form-label" for="portal-q">' in page
    assert f'action="{reverse("opendata:search")}"' in page


def test_search_finds_commitments_and_visions_of_published_blueprints_only():
    outreach = blueprint([("Street outreach", "Hire violence interrupters.")], title="Outreach")
    vision = blueprint([("Parks", "Light the parks.")], title="Vision plan",
                       vision="No violence in any neighbourhood.")
    blueprint([("Violence interrupters", "Unsigned.")], title="Draft plan", sign=False)
    blueprint([("Parks", "Mow the lawns.")], title="Unrelated")
    response = results_page(q="violence")
    assert sorted(found_titles(response)) == ["Outreach", "Vision plan"]
    shown = text(response)
    assert "2 blueprints match." in shown
    assert "Street outreach" in shown  # what matched
    assert 'role="status"' in response.content.decode()
    assert outreach.pk != vision.pk


def test_superseded_versions_are_listed_under_the_version_in_force():
    plan = blueprint([("Hospital-based violence intervention", "Fund it.")], title="County plan")
    people = plan.people
    amendment = workflow.amend(plan, by=people.editor)
    Commitment.objects.filter(plan=amendment).update(local_action="Fund it twice.")
    amendment = signed_off(amendment, people)
    response = results_page(q="hospital")
    [result] = response.context["page"].object_list
    assert result.current.plan.pk == amendment.pk
    assert [v.plan.pk for v in result.superseded] == [plan.pk]
    html = response.content.decode()
    assert reverse("plans:blueprint", args=[plan.pk]) in html
    assert "Earlier versions, superseded by this one:" in text(response)


def test_filters_by_principle_practice_and_kind_of_jurisdiction():
    blueprint([("Youth jobs", "Summer jobs.")], title="County youth")  # principle 1
    blueprint([("Parks", "Lights."), ("Youth mentoring", "Mentors.")], title="City youth",
              kind=Jurisdiction.Kind.CITY)  # mentoring under principle 2
    adopted = practice_of(3)
    blueprint([{"practice": adopted, "local_practice": "", "principle": adopted.principle}],
              title="Adopts a practice")
    assert found_titles(results_page(q="youth", kind="city")) == ["City youth"]
    assert found_titles(results_page(q="youth", principle=principle(1).pk)) == ["County youth"]
    assert found_titles(results_page(practice=adopted.pk)) == ["Adopts a practice"]
    # a practice of the Blueprint is found by its title
    assert "Adopts a practice" in found_titles(results_page(q=adopted.title.split()[0]))


def test_nothing_found_says_what_to_do():
    blueprint([("Parks", "Lights.")])
    response = results_page(q="submarine")
    shown = text(response)
    assert "0 blueprints match." in shown
    assert "Try fewer or other words" in shown
    assert reverse("plans:portal") in response.content.decode()


def test_the_search_page_speaks_spanish():
    response = Client().get(reverse("opendata:search"), {"q": "nada"},
                            HTTP_ACCEPT_LANGUAGE="es")
    assert "Buscar" in response.content.decode()


def test_results_come_ten_a_page():
    for n in range(12):
        blueprint([("Violence prevention", f"Action {n}.")], title=f"Plan {n:02}")
    first = results_page(q="violence")
    assert len(first.context["page"].object_list) == 10
    assert "Page 1 of 2" in text(first)
    assert 'rel="next" href="?q=violence&amp;page=2"' in first.content.decode()  # words kept
    second = results_page(q="violence", page=2)
    assert len(second.context["page"].object_list) == 2


def queries_of(params):
    with CaptureQueriesContext(connection) as queries:
        results_page(**params)
    return len(queries)


def test_search_costs_the_same_for_2_and_12_blueprints():
    counts = []
    for size in (2, 12):
        for n in range(size - (2 if counts else 0)):
            plan = blueprint([("Violence prevention", "Act."), ("Parks", "Lights.")],
                             title=f"Plan {size}-{n}")
            if n == 0:
                amendment = workflow.amend(plan, by=plan.people.editor)
                signed_off(amendment, plan.people)
        counts.append([queries_of({"q": "violence"}), queries_of({"q": "violence", "page": 2}),
                       queries_of({"principle": principle(1).pk}),
                       queries_of({"q": "nothing-matches-this"})])
    assert counts[0] == counts[1]
    assert max(counts[0]) <= 8


@pytest.mark.services
def test_postgresql_ranks_by_where_the_words_are_and_stems_them(on_postgresql):
    blueprint([{"local_practice": "Parks", "local_action": "Lights.",
                "funding_source": "Violence prevention grant"}], title="Only its funding")
    blueprint([("Violence interrupters", "Interrupting violence where it starts.")],
              title="In its name and action")
    blueprint([("Youth programs", "Fund programas de jóvenes.")], title="Programas",
              language="es")
    response = results_page(q="interrupting violence")
    assert found_titles(response) == ["In its name and action"]  # both words needed
    assert found_titles(results_page(q="violence")) == ["In its name and action",
                                                         "Only its funding"]
    assert found_titles(results_page(q="interrupter")) == ["In its name and action"]  # stems
    assert found_titles(results_page(q="programa")) == ["Programas"]  # Spanish stemming
    assert re.search(r"2 blueprints match", text(results_page(q="violence")))
