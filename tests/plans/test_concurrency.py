"""No lost update: when two editors edit the same thing, the second save is refused with the
other person's change shown, and nothing is overwritten."""

import json
import re
import threading
from decimal import Decimal
from html import unescape

import pytest
from django.db import connection
from django.urls import reverse

from plans.models import Commitment, EditConflict, OutcomeMeasure, Plan, PriorityPopulation

from .factories import (
    CommitmentFactory,
    MeasureFactory,
    PriorityFactory,
    county_people,
    new_plan,
    principle,
    signed_in,
    text,
)

HTMX = {"HX-Request": "true"}


@pytest.fixture
def people(db):
    return county_people()


@pytest.fixture
def commitment(people):
    plan = new_plan(people)
    return CommitmentFactory(
        plan=plan,
        principle=principle(2),
        local_practice="Youth summer jobs",
        local_action="Pay 100 young people for summer work.",
        lead_agency="Workforce Board",
        partners="",
        annual_budget=Decimal("100000"),
        funding_source="County general fund",
    )


def form_values(html):
    """The values a browser would post back from the form in ``html``."""
    values = {}
    for tag in re.findall(r"<input[^>]*>", html):
        name = re.search(r'name="([^"]+)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        if name and name.group(1) != "csrfmiddlewaretoken":
            values[name.group(1)] = unescape(value.group(1)) if value else ""
    for name, value in re.findall(
        r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', html, flags=re.DOTALL
    ):
        values[name] = unescape(value.strip())
    for name, options in re.findall(
        r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', html, flags=re.DOTALL
    ):
        selected = re.search(r'<option value="([^"]*)"[^>]*selected', options)
        values[name] = selected.group(1) if selected else ""
    return values


def their_version(html):
    """{label: value} of the other person's version shown beside the form."""
    match = re.search(r"Their version</h\d>\s*<dl[^>]*>(.*?)</dl>", html, flags=re.DOTALL)
    assert match, "the page does not show their version"
    pairs = re.findall(r"<dt[^>]*>(.*?)</dt><dd[^>]*>(.*?)</dd>", match.group(1), flags=re.DOTALL)
    return {text(label): text(value) for label, value in pairs}


def test_the_second_of_two_editors_is_refused_and_loses_nothing(people, commitment):
    url = reverse("plans:commitment_edit", args=[commitment.pk])
    first, second = signed_in(people.editor), signed_in(people.other_editor)
    first_form = form_values(first.get(url).content.decode())
    second_form = form_values(second.get(url).content.decode())
    assert first_form["lock_version"] == second_form["lock_version"] == "1"

    first_form["local_action"] = "Pay 300 young people for summer work."
    first_form["annual_budget"] = "300000"
    assert first.post(url, first_form).status_code == 302

    second_form["local_action"] = "Pay 150 young people and train their mentors."
    response = second.post(url, second_form)
    assert response.status_code == 409
    html = response.content.decode()
    page = text(html)
    assert "Someone else saved this while you were editing." in page
    assert "Eli Editor saved it at" in page
    assert "Nothing was overwritten." in page
    theirs = their_version(html)
    assert theirs["Local action"] == "Pay 300 young people for summer work."
    assert theirs["Annual budget (USD)"] == "300000.00"
    assert theirs["Lead agency"] == "Workforce Board"
    assert theirs["Status"] == "Planned"
    # The second editor's text is still in the form, now carrying the newer version.
    again = form_values(html)
    assert again["local_action"] == "Pay 150 young people and train their mentors."
    assert again["lock_version"] == "2"

    commitment.refresh_from_db()
    assert commitment.local_action == "Pay 300 young people for summer work."
    assert commitment.annual_budget == Decimal("300000")
    assert commitment.lock_version == 2

    # Saving again from that form is a deliberate choice to keep their own text.
    response = second.post(url, again)
    assert response.status_code == 302
    commitment.refresh_from_db()
    assert commitment.local_action == "Pay 150 young people and train their mentors."
    assert commitment.annual_budget == Decimal("100000")  # what the second editor's form held
    assert commitment.lock_version == 3
    # The old form of the first editor is stale now as well.
    assert first.post(url, first_form).status_code == 409


def test_an_inline_htmx_conflict_comes_back_into_the_form(people, commitment):
    url = reverse("plans:commitment_edit", args=[commitment.pk])
    first, second = signed_in(people.editor), signed_in(people.other_editor)
    first_form = form_values(first.get(url, headers=HTMX).content.decode())
    second_form = form_values(second.get(url, headers=HTMX).content.decode())
    first_form["local_action"] = "First editor's action."
    assert first.post(url, first_form, headers=HTMX).status_code == 200
    second_form["local_action"] = "Second editor's action."
    response = second.post(url, second_form, headers=HTMX)
    assert response.status_code == 409
    assert response["HX-Retarget"] == f"#formcommitments-{commitment.pk}-edit"
    assert response["HX-Reswap"] == "outerHTML"
    html = response.content.decode()
    assert "<html" not in html
    assert "Someone else saved this while you were editing." in text(html)
    assert their_version(html)["Local action"] == "First editor's action."
    assert form_values(html)["local_action"] == "Second editor's action."
    commitment.refresh_from_db()
    assert commitment.local_action == "First editor's action."


def test_the_browser_swaps_an_inline_conflict_into_the_page(people, commitment):
    url = reverse("plans:commitment_edit", args=[commitment.pk])
    editor = signed_in(people.editor)
    form = form_values(editor.get(url, headers=HTMX).content.decode())
    Commitment.objects.get(pk=commitment.pk).save_unless_changed(1)
    response = editor.post(url, form, headers=HTMX)
    assert response.status_code == 409
    page = editor.get(commitment.plan.get_absolute_url()).content.decode()
    config = json.loads(re.search(r"<meta name=\"htmx-config\" content='([^']*)'>", page)[1])
    # htmx 2.0's default: 2xx and 3xx swap; 4xx and 5xx do not.
    rules = config.get("responseHandling", [{"code": "[45]..", "swap": False}])
    rule = next(r for r in rules if re.fullmatch(r["code"], str(response.status_code)))
    assert rule["swap"]


def stale_edit(people, url, changes):
    """Two editors open ``url``; the first saves ``changes``; the second then saves the form
    as they opened it. Returns the second's response."""
    first, second = signed_in(people.editor), signed_in(people.other_editor)
    first_form = form_values(first.get(url).content.decode())
    second_form = form_values(second.get(url).content.decode())
    assert first.post(url, {**first_form, **changes}).status_code == 302
    return second.post(url, second_form)


def test_every_kind_of_content_refuses_a_stale_save(people, commitment):
    plan = commitment.plan
    measure = MeasureFactory(commitment=commitment, indicator="Youth employed", unit="people")
    priority = PriorityFactory(plan=plan, who="Young people aged 16-24")
    cases = [
        (reverse("plans:edit", args=[plan.pk]), {"vision": "Theirs"}, Plan, plan, "vision"),
        (
            reverse("plans:measure_edit", args=[measure.pk]),
            {"data_source": "Theirs"},
            OutcomeMeasure,
            measure,
            "data_source",
        ),
        (
            reverse("plans:priority_edit", args=[priority.pk]),
            {"why": "Theirs"},
            PriorityPopulation,
            priority,
            "why",
        ),
    ]
    for url, changes, model, obj, field in cases:
        response = stale_edit(people, url, changes)
        assert response.status_code == 409, url
        assert "Someone else saved this while you were editing." in text(response)
        assert "Theirs" in their_version(response.content.decode()).values()
        assert getattr(model.objects.get(pk=obj.pk), field) == "Theirs", url


# --- real concurrency -----------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_saves_from_the_same_version_cannot_both_pass(on_postgresql, catalogue):
    people = county_people()
    plan = new_plan(people)
    for round_ in range(5):
        commitment = CommitmentFactory(plan=plan, local_action="Original")
        start = threading.Barrier(2, timeout=10)
        outcomes = []

        def save(action, commitment=commitment, start=start, outcomes=outcomes):
            try:
                mine = Commitment.objects.get(pk=commitment.pk)
                mine.local_action = action
                start.wait()
                mine.save_unless_changed(1)
                outcomes.append(("saved", action))
            except EditConflict as conflict:
                outcomes.append(("refused", action, conflict.current.local_action))
            finally:
                connection.close()

        threads = [
            threading.Thread(target=save, args=(f"Editor {n}, round {round_}",)) for n in (1, 2)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=20)
        assert not any(thread.is_alive() for thread in threads)

        assert sorted(outcome[0] for outcome in outcomes) == ["refused", "saved"], outcomes
        saved = next(outcome for outcome in outcomes if outcome[0] == "saved")
        refused = next(outcome for outcome in outcomes if outcome[0] == "refused")
        assert refused[2] == saved[1]  # the refused one is shown the winner's text
        commitment.refresh_from_db()
        assert commitment.local_action == saved[1]
        assert commitment.lock_version == 2
