"""The public portal, signed out: published blueprints of every jurisdiction, each drawn from
its signed snapshot with its PDF, and the practices most adopted across jurisdictions."""

import hashlib
import re
from decimal import Decimal
from html import unescape
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from plans import workflow
from plans.models import Commitment, ExportJob, Plan
from principles.models import Practice, Principle
from stakeholders.models import Role
from tests.factories import JurisdictionFactory, example_county, member, sample_city
from tests.publishing.factories import (
    amend,
    blueprint_story,
    commit,
    plan_in_review,
    practice,
    sign_off,
    signed_plan,
    visible_text,
    walk_to_review,
)

pytestmark = pytest.mark.django_db


def draft_plan(jurisdiction, title, practices=(1,)):
    editor = member(jurisdiction, Role.EDITOR)
    plan = workflow.create_plan(jurisdiction=jurisdiction, by=editor, title=title,
                                first_year=2027, last_year=2030)
    for number in practices:
        commit(plan, number, practice_of=number)
    return plan


def blueprint_url(plan):
    return reverse("plans:blueprint", args=[plan.pk])


def pdf_url(plan):
    return reverse("plans:blueprint_pdf", args=[plan.pk])


def test_the_portal_lists_signed_blueprints_of_every_jurisdiction_and_no_drafts(client):
    county, city = example_county(), sample_city()
    county_plan = signed_plan(county, title="Example County Safety Plan").plan
    city_plan = signed_plan(city, title="Sample City Safety Plan").plan
    plan_in_review(city, title="Sample City Plan In Review")
    draft_plan(county, "Example County Draft Plan")

    response = client.get(reverse("plans:portal"))

    assert response.status_code == 200
    text = visible_text(response)
    assert "Example County Example County Safety Plan version 1, 2027–2030 · signed off on" in text
    assert "Sample City Sample City Safety Plan version 1, 2027–2030 · signed off on" in text
    assert f'href="{blueprint_url(county_plan)}"' in response.text
    assert f'href="{blueprint_url(city_plan)}"' in response.text
    assert "Plan In Review" not in text and "Draft Plan" not in text
    assert f'href="{reverse("plans:verify")}"' in response.text
    assert f'href="{reverse("plans:practices_adopted")}"' in response.text


def test_the_portal_says_so_when_nothing_is_published(client):
    draft_plan(example_county(), "Example County Draft Plan")
    response = client.get(reverse("plans:portal"))
    assert "No blueprint is published yet." in visible_text(response)


@pytest.fixture
def published():
    """Example County's blueprint, its PDF rendered for real (once, for this test)."""
    return blueprint_story()


def test_a_blueprint_page_shows_summary_coverage_chart_signatories_digest_and_pdf(
    published, client
):
    response = client.get(blueprint_url(published.plan))

    assert response.status_code == 200
    text = visible_text(response)
    assert "Example County Safety Plan" in text
    assert ("Example County Example County Safety Plan Signed off version 1, 2027–2030 · "
            "signed off on") in text
    assert "Everyone in the county is safe and well." in text
    assert "3 commitments cover 3 of the 5 principles." in text
    assert "Gaps: Crime Survivors at the Center, Making the System Work." in text
    for commitment in published.commitments:
        assert commitment.name in text
    assert "Gap: this plan makes no commitment under “Making the System Work”." in text
    assert 'role="img"' in chart_html(response)
    assert "Sam Signer, Chief Probation Officer, County Probation Department" in text
    assert "Tess Twosign, Director of Public Health, Example County Public Health" in text
    assert f'<code class="digest">{published.plan.snapshot.digest}</code>' in response.text
    job = published.job
    assert f'href="{pdf_url(published.plan)}"' in response.text
    assert f"Download the PDF ({job.page_count} pages, " in text

    download = client.get(pdf_url(published.plan))  # still signed out

    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"] == (
        'attachment; filename="example-county-v1-blueprint.pdf"')
    body = b"".join(download.streaming_content)
    assert body.startswith(b"%PDF-") and hashlib.sha256(body).hexdigest() == job.sha256


def chart_html(response):
    match = re.search(r'<div class="balance-chart".*?</figure>', response.text,
                      flags=re.DOTALL)
    assert match, "no investment chart on the page"
    return match.group(0)


def chart_description(response):
    match = re.search(r'<span id="balance-desc"[^>]*>(.*?)</span>', chart_html(response),
                      flags=re.DOTALL)
    return unescape(match.group(1))


def test_the_blueprint_chart_is_drawn_from_the_signed_snapshot(client):
    story = plan_in_review(example_county(), title="Example County Safety Plan",
                           principles=(1, 4))
    commit(story.plan, 2, local="Neighbourhood healing circles", budget="250000")
    plan = sign_off(story).plan
    content = plan.snapshot.content
    expected = []
    for entry in content["principles"]:
        budget = sum(Decimal(c["annual_budget"]) for c in entry["commitments"])
        expected.append(f"{entry['short_name']}: ${budget:,.0f}")
    for label, key in [("Enforcement today", "enforcement_spending"),
                       ("Incarceration today", "incarceration_spending")]:
        expected.append(f"{label}: ${Decimal(content['plan'][key]):,.0f} (today)")
    assert expected[1] == "Well-being: $250,000"  # the local practice's budget

    response = client.get(blueprint_url(plan))
    assert 'role="img"' in chart_html(response)
    assert chart_description(response) == "; ".join(expected)

    # Live rows do not change once signed; should one change anyway, the page keeps showing
    # what was signed.
    Commitment.objects.filter(plan=plan).update(annual_budget=Decimal("1"))
    Plan.objects.filter(pk=plan.pk).update(enforcement_spending=Decimal("5"))
    assert chart_description(client.get(blueprint_url(plan))) == "; ".join(expected)


def test_a_blueprint_whose_pdf_is_not_rendered_yet_says_so(client):
    plan = signed_plan(example_county(), title="Example County Safety Plan").plan
    assert ExportJob.objects.get(plan=plan).state == ExportJob.State.QUEUED

    page = client.get(blueprint_url(plan))

    assert "The PDF is being prepared; come back in a minute." in visible_text(page)
    assert pdf_url(plan) not in page.text
    assert client.get(pdf_url(plan)).status_code == 404


def test_a_plan_that_is_not_signed_off_has_no_public_blueprint(client):
    county = example_county()
    for plan in [draft_plan(county, "Draft plan"),
                 plan_in_review(county, title="Plan in review").plan]:
        assert client.get(blueprint_url(plan)).status_code == 404
        assert client.get(pdf_url(plan)).status_code == 404


def test_a_superseded_blueprint_points_to_the_newer_version(client):
    v1 = signed_plan(example_county(), title="Example County Safety Plan")
    draft = workflow.amend(v1.plan, by=v1.editor)
    assert "A newer version" not in visible_text(client.get(blueprint_url(v1.plan)))

    v2 = sign_off(SimpleNamespace(plan=walk_to_review(draft, v1.editor),
                                  signatories=v1.signatories)).plan

    page = client.get(blueprint_url(v1.plan))
    assert page.status_code == 200
    text = visible_text(page)
    assert "A newer version of this blueprint is signed off: version 2" in text
    assert f'href="{blueprint_url(v2)}"' in page.text
    assert "Superseded" in text
    assert "A newer version" not in visible_text(client.get(blueprint_url(v2)))
    portal = client.get(reverse("plans:portal"))
    assert f'href="{blueprint_url(v2)}"' in portal.text
    assert f'href="{blueprint_url(v1.plan)}"' not in portal.text


def test_a_blueprint_superseded_twice_still_points_to_a_newer_version(client):
    v1 = signed_plan(example_county(), title="Example County Safety Plan")
    v3 = amend(amend(v1)).plan
    assert v3.version == 3 and v3.status == "signed_off"

    text = visible_text(client.get(blueprint_url(v1.plan)))

    assert "A newer version of this blueprint is signed off: version 3" in text


# --- the practices most adopted --------------------------------------------------------------


def adopted(response):
    """Each practice's title with the number the page gives it."""
    rows = re.findall(r'<tr><th scope="row"><a href="[^"]*">(.*?)</a></th>.*?'
                      r'<td class="text-end">(\d+)</td></tr>', response.text)
    return {unescape(title): int(count) for title, count in rows}


def titles(*numbers):
    return [practice(number).title for number in numbers]


def test_practices_adopted_counts_the_jurisdictions_committing_to_each_and_ignores_drafts(
    client
):
    signed_plan(example_county(), title="Example County Safety Plan", principles=(1, 2))
    signed_plan(sample_city(), title="Sample City Safety Plan", principles=(1,))
    town = JurisdictionFactory(name="Other Town", slug="other-town", kind="city")
    draft_plan(town, "Other Town Draft", practices=(1, 3))
    plan_in_review(town, title="Other Town Plan in Review", principles=(1, 4))

    response = client.get(reverse("plans:practices_adopted"))

    assert response.status_code == 200
    counts = adopted(response)
    assert len(counts) == Practice.objects.count()
    one, two, three, four, five = titles(1, 2, 3, 4, 5)
    assert counts[one] == 2 and counts[two] == 1
    assert counts[three] == counts[four] == counts[five] == 0
    assert list(counts)[:2] == [one, two]  # most adopted first
    assert "Across 2 jurisdictions with a blueprint in force." in visible_text(response)


def test_practices_adopted_ignores_superseded_versions_and_removed_commitments(client):
    v1 = signed_plan(example_county(), title="Example County Safety Plan", principles=(1, 2))

    def drop_the_second_practice(plan):
        Commitment.objects.filter(plan=plan, practice=practice(2)).update(
            removed_at=timezone.now())

    amend(v1, change=drop_the_second_practice)

    counts = adopted(client.get(reverse("plans:practices_adopted")))
    one, two = titles(1, 2)
    assert counts[one] == 1  # v1 (superseded) and v2 count once: v2 is in force
    assert counts[two] == 0  # only the superseded v1 and v2's removed row commit to it


def test_a_jurisdiction_with_two_signed_plans_counts_once_per_practice(client):
    county = example_county()
    signed_plan(county, title="Example County Safety Plan", principles=(1,))
    signed_plan(county, title="Example County Youth Safety Plan", principles=(1,))

    counts = adopted(client.get(reverse("plans:practices_adopted")))

    assert counts[titles(1)[0]] == 1


# --- query counts ----------------------------------------------------------------------------


def queries_for(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def jurisdiction(n):
    return JurisdictionFactory(name=f"County {n:02d}", slug=f"county-{n:02d}")


@pytest.mark.parametrize("page", ["plans:portal", "plans:practices_adopted"])
def test_portal_pages_cost_the_same_for_1_and_4_blueprints(
    client, page, django_assert_num_queries
):
    url = reverse(page)
    signed_plan(jurisdiction(0), title="Plan 0", principles=(1, 2))
    expected = queries_for(client, url)
    for n in range(1, 4):
        signed_plan(jurisdiction(n), title=f"Plan {n}", principles=(1, 2, 3))
    with django_assert_num_queries(expected):
        client.get(url)


BIG_SIGNATORIES = [
    ("Sam", "Signer", "Chief Probation Officer", "County Probation Department"),
    ("Tess", "Twosign", "Director of Public Health", "Example County Public Health"),
    ("Uma", "Third", "Sheriff", "Example County Sheriff's Office"),
    ("Vic", "Fourth", "District Attorney", "Office of the District Attorney"),
]


def test_a_blueprint_page_costs_the_same_for_a_small_and_a_large_plan(
    client, django_assert_num_queries
):
    small = signed_plan(jurisdiction(1), title="Small plan", principles=(1,),
                        signatories=BIG_SIGNATORIES[:1]).plan
    expected = queries_for(client, blueprint_url(small))

    large = signed_plan(jurisdiction(2), title="Large plan", principles=(1, 2, 3, 4, 5),
                        extra=10, signatories=BIG_SIGNATORIES, with_input=True).plan
    with django_assert_num_queries(expected):
        response = client.get(blueprint_url(large))
    assert "15 commitments cover 5 of the 5 principles." in visible_text(response)


def squeezed(text):
    return "".join(text.split())


def test_the_blueprint_page_shows_what_the_pdf_shows(published, client):
    text = visible_text(client.get(blueprint_url(published.plan)))

    # each commitment with its partners, timeline, budget and outcome measures
    assert squeezed("Lead agency Public Health Department Partners Youth Alliance Timeline — – "
                    "— Annual budget $250,000 · County general fund") in squeezed(text)
    assert "Residents who feel safe at night (%): baseline 10, target 20 · County data portal" in (
        text)
    assert "Measure of principle 4" in text
    # what was heard and what was done, as the PDF's appendix prints it
    assert "What we heard, what we did 2 comments and 1 listening session." in text
    assert "Please add a youth mentoring programme." in text
    assert "Adopted We added mentoring to the first commitment." in text
    assert ("Not adopted We link to the state budget instead. Reason: The budget is published "
            "by the state already.") in text
    assert "Eastside Community Hall" in text and "42 attendees" in text


def test_a_spanish_reader_gets_the_catalogues_words_in_spanish(published, client):
    client.cookies["django_language"] = "es"
    response = client.get(blueprint_url(published.plan))
    text = visible_text(response)
    chart = chart_description(response)

    with translation.override("es"):
        spanish = {p.number: (p.name, p.short_name) for p in Principle.objects.all()}
        practice = Practice.objects.get(pk=published.commitments[0].practice_id).title
    assert f"{spanish[1][1]} 1 compromiso" in text  # the coverage, in Spanish
    assert "Public health" not in text and "Public health" not in chart
    assert chart.startswith(f"{spanish[1][1]}: $")
    assert f"1. {spanish[1][0]}" in text
    assert practice in text  # a Blueprint practice's title, in Spanish
    assert "Neighbourhood healing circles" in text  # what the county wrote stays as signed
    assert "Adoptado" in text and "Lo que escuchamos, lo que hicimos" in text
