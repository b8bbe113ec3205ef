"""The progress pages as people use them: the admin chooses the schedule, editors record
updates and values (and correct them) through the forms, everyone reads the record, and the
public reads how the plan is going on the portal."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from plans import workflow
from progress.models import MeasuredValue, ProgressStatus, ProgressUpdate, ReportingPeriod
from tests.plans.factories import county_people, signed_in, signed_off, text

from .factories import last_year_period, plan_in_effect, update, value

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    return county_people()


def test_the_admin_chooses_the_schedule_and_the_periods_appear(people):
    plan = plan_in_effect(people, cadence=None, years=2)
    record_url = reverse("progress:record", args=[plan.pk])
    admin, editor = signed_in(people.admin), signed_in(people.editor)
    assert "No reporting schedule is chosen yet" in text(editor.get(record_url))
    refused = editor.get(reverse("progress:schedule", args=[plan.pk]))
    assert refused.status_code == 403
    assert "Only the admins of Example County choose how its plans report." in text(refused)
    response = admin.post(reverse("progress:schedule", args=[plan.pk]),
                          {"cadence": "quarterly", "due_days": "20"}, follow=True)
    page = text(response)
    assert "The reporting schedule is saved." in page
    assert "The plan reports every quarter. Updates are due 20 days after each period ends." \
        in page
    assert f"Q4 {plan.last_year}" in page and "0 of 1" in page


def test_the_schedule_form_says_what_is_wrong(people):
    plan = plan_in_effect(people, cadence=None)
    response = signed_in(people.admin).post(reverse("progress:schedule", args=[plan.pk]),
                                            {"cadence": "weekly", "due_days": "120"})
    page = text(response)
    assert "Select a valid choice. weekly is not one of the available choices." in page
    assert "Allow at most 90 days after a period ends." in page


def update_url(period, commitment):
    return reverse("progress:update", args=[period.pk, commitment.pk])


def test_an_editor_records_an_update_then_corrects_it_and_both_stay(people):
    plan = plan_in_effect(people)
    period, commitment = last_year_period(plan), plan.commitments.get()
    editor = signed_in(people.editor)
    url = update_url(period, commitment)

    empty = text(editor.post(url, {}))
    assert "Choose where the commitment stands." in empty
    assert "Say in a few sentences what happened in the period." in empty
    stopped = text(editor.post(url, {"status": "stopped", "account": "Funding ended."}))
    assert "Say why the commitment stopped." in stopped
    response = editor.post(url, {"status": "on_track", "account": "Forty young people hired.",
                                 "spent_to_date": "600"}, follow=True)
    page = text(response)
    assert "The update on “Local practice" in page and "is recorded." in page
    assert "On track Forty young people hired." in page
    assert "Spent so far this year: $600" in page

    correcting = text(editor.get(url))
    assert "Correct the update on" in correcting and "The update you correct" in correcting
    current = ProgressUpdate.objects.get()
    unexplained = text(editor.post(url, {"status": "at_risk", "account": "Hiring slowed.",
                                         "corrects": current.pk}))
    assert "Say what was wrong with the entry you correct." in unexplained
    response = editor.post(url, {"status": "at_risk", "account": "Hiring slowed.",
                                 "corrects": current.pk,
                                 "correction_reason": "Hires fell through in December."},
                           follow=True)
    page = text(response)
    assert "At risk Hiring slowed." in page
    assert "A correction: Hires fell through in December." in page
    assert "1 earlier entry, corrected" in page
    assert ProgressUpdate.objects.count() == 2
    assert list(ProgressUpdate.objects.current()) == [ProgressUpdate.objects.latest("pk")]


def test_an_update_recorded_meanwhile_is_shown_not_overwritten(people):
    plan = plan_in_effect(people)
    period, commitment = last_year_period(plan), plan.commitments.get()
    editor = signed_in(people.editor)
    assert "Record the update" in text(editor.get(update_url(period, commitment)))
    update(commitment, period, people.other_editor, ProgressStatus.OFF_TRACK,
           account="Nobody was hired.")
    response = editor.post(update_url(period, commitment),
                           {"status": "on_track", "account": "All hired."})
    assert response.status_code == 409
    page = text(response)
    assert "An update for this period was recorded while you were writing yours." in page
    assert "The update you correct Off track Nobody was hired." in page
    assert ProgressUpdate.objects.count() == 1


def value_url(measure):
    return reverse("progress:value_create", args=[measure.pk])


def test_the_value_form_says_what_is_wrong_field_by_field(people):
    plan = plan_in_effect(people)
    measure = plan.commitments.get().measures.get()
    editor = signed_in(people.editor)
    page = text(editor.post(value_url(measure), {"value": "lots", "for_date": ""}))
    assert "Give a number, e.g. 42 or 17.5." in page
    assert "Give the date the value is for." in page
    future = timezone.localdate() + timedelta(days=3)
    page = text(editor.post(value_url(measure), {"value": "140", "for_date": future}))
    assert "This measure is a percentage: give a value from 0 to 100." in page
    assert "This date is in the future: record a value once it is measured." in page
    page = text(editor.post(value_url(measure), {"value": "12.345",
                                                 "for_date": f"{plan.first_year - 1}-06-30"}))
    assert "Give at most two decimal places." in page
    assert (f"Give a date within the plan's years, {plan.first_year} to {plan.last_year}."
            in page)
    assert not MeasuredValue.objects.exists()


def test_an_editor_records_a_value_and_corrects_it(people):
    plan = plan_in_effect(people)
    measure = plan.commitments.get().measures.get()
    on = last_year_period(plan).ends_on
    editor = signed_in(people.editor)
    response = editor.post(value_url(measure), {"value": "25", "for_date": on}, follow=True)
    page = text(response)
    assert f"The value of “{measure.indicator}” is recorded." in page
    assert "latest 25 on" in page
    wrong = MeasuredValue.objects.get()
    correct_url = reverse("progress:value_correct", args=[wrong.pk])
    assert "The value you correct" in text(editor.get(correct_url))
    response = editor.post(correct_url, {"value": "15", "for_date": on,
                                         "correction_reason": "25 was a typing slip."},
                           follow=True)
    assert "latest 15 on" in text(response)
    again = editor.get(correct_url)
    assert "This value was corrected already: correct the current one instead." in text(again)
    refused = editor.post(correct_url, {"value": "16", "for_date": on,
                                        "correction_reason": "Again."})
    assert refused.status_code == 409
    assert MeasuredValue.objects.count() == 2


def test_the_public_page_shows_how_the_plan_is_going_and_states_the_rule(people):
    plan = plan_in_effect(people, commitments=2)
    period = last_year_period(plan)
    first, second = plan.commitments.order_by("principle__number")
    update(first, period, people.editor, ProgressStatus.ON_TRACK, spent_to_date=700)
    update(second, period, people.editor, ProgressStatus.STOPPED,
           stopped_reason="The grant ended.", spent_to_date=300)
    value(first.measures.get(), people.editor, 20, period.ends_on)
    value(second.measures.get(), people.editor, 9, period.ends_on)
    page = text(Client().get(reverse("progress:public", args=[plan.pk])))
    assert f"Progress: {plan.title}" in page
    assert "Commitments by status On track: 1 · Stopped: 1" in page
    assert (f"$1,000 spent in {period.starts_on.year} so far, of $3,000 planned a year"
            in page)
    assert "1 of 2 measures on track, 1 off track" in page
    assert "Why it stopped: The grant ended." in page
    assert "A measure is on track when its latest value has come at least as far as a " \
           "straight line drawn from the baseline" in page
    assert "Investment balance: planned annual budget per principle and the money spent" \
        in page
    assert "Public health $1,000 Public health: $1,000 planned a year $700 spent" in page
    assert people.editor.get_full_name() not in page  # the public record names nobody


def test_the_measure_page_draws_the_values_and_gives_them_as_a_table(people):
    plan = plan_in_effect(people)
    period = last_year_period(plan)
    measure = plan.commitments.get().measures.get()
    wrong = value(measure, people.editor, 21, period.ends_on - timedelta(days=181))
    value(measure, people.editor, 12, wrong.for_date, corrects=wrong,
          correction_reason="21 was the count for the whole county.")
    value(measure, people.editor, 13, period.ends_on)
    response = Client().get(reverse("progress:public_measure", args=[plan.pk, measure.pk]))
    html = response.content.decode()
    assert re.search(r'<svg class="line-chart" role="img" aria-labelledby="chart-title '
                     r'chart-desc"', html)
    assert html.count('<polyline class="chart-values"') == 1
    assert html.count('class="chart-path"') == 1
    page = text(html)
    assert "Is it on track? Off track The latest value is behind the path." in page
    assert "the value measured was 13" in page
    # the table's rows: what, value, where the straight path is on that date, source
    assert "Baseline10—County data portal" in page
    assert "Measured1211.67County data portal" in page  # July 3rd: a sixth of the way
    assert "Measured1313.33" in page and "Target20—" in page
    assert "Corrected entries" in page
    assert "21 for" in page and "21 was the count for the whole county." in page


def test_a_superseded_version_keeps_its_record_readable_and_closed(people):
    plan = plan_in_effect(people)
    period, commitment = last_year_period(plan), plan.commitments.get()
    update(commitment, period, people.editor)
    signed_off(workflow.amend(plan, by=people.editor), people)
    editor = signed_in(people.editor)
    page = text(editor.get(reverse("progress:record", args=[plan.pk])))
    assert "this version's record is closed" in page
    assert "Record a value" not in page and "Import values" not in page
    refused = editor.get(update_url(period, commitment))
    assert refused.status_code == 403
    assert "This version is superseded: its record is closed" in text(refused)
    public = text(Client().get(reverse("progress:public", args=[plan.pk])))
    assert "A newer version of this plan is signed off" in public
    assert "Progress of version 2" in public


def test_the_plan_and_its_blueprint_link_to_the_record_and_a_draft_has_none(people):
    plan = plan_in_effect(people)
    editor = signed_in(people.editor)
    assert reverse("progress:record", args=[plan.pk]) in editor.get(
        plan.get_absolute_url()).content.decode()
    assert reverse("progress:public", args=[plan.pk]) in Client().get(
        reverse("plans:blueprint", args=[plan.pk])).content.decode()
    draft = workflow.amend(plan, by=people.editor)
    draft_page = editor.get(draft.get_absolute_url()).content.decode()
    assert reverse("progress:record", args=[draft.pk]) not in draft_page
    assert Client().get(reverse("progress:public", args=[draft.pk])).status_code == 404
    assert editor.get(reverse("progress:record", args=[draft.pk])).status_code == 404


def test_a_period_page_lists_every_commitment_with_its_update_or_none(people):
    plan = plan_in_effect(people, commitments=2)
    period = last_year_period(plan)
    first, second = plan.commitments.order_by("principle__number")
    update(first, period, people.editor)
    page = text(signed_in(people.partner).get(reverse("progress:period", args=[period.pk])))
    assert f"Updates for {period.label}" in page
    assert f"{first.name} On track" in page and f"{second.name} No update yet" in page
    assert "Record the update" not in page  # a partner reads, and does not record
    future = ReportingPeriod.objects.filter(plan=plan).active().last()
    editor_page = text(signed_in(people.editor).get(reverse("progress:period",
                                                            args=[future.pk])))
    assert "This period has not begun" in editor_page
    assert "Record the update" not in editor_page
