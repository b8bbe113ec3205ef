"""The record only grows: a recorded update or value is never changed or deleted, by the
model or by the database; a correction is a new entry, and the corrected one stays."""

from decimal import Decimal

import pytest
from django.db import DatabaseError, IntegrityError, connection, transaction

from progress.models import EntryImmutable, MeasuredValue, ProgressStatus, ProgressUpdate
from tests.plans.factories import county_people

from .factories import last_year_period, plan_in_effect, update, value

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    people = county_people()
    plan = plan_in_effect(people)
    period = last_year_period(plan)
    commitment = plan.commitments.get()
    return people, plan, period, commitment, commitment.measures.get()


def test_a_recorded_entry_cannot_be_saved_again_or_deleted(world):
    people, _plan, period, commitment, measure = world
    entry = update(commitment, period, people.editor)
    measured = value(measure, people.editor, 12, period.ends_on)
    for recorded in (entry, measured):
        with pytest.raises(EntryImmutable):
            recorded.save()
        with pytest.raises(EntryImmutable):
            recorded.delete()


def test_the_database_refuses_an_update_of_a_recorded_entry(world):
    people, _plan, period, commitment, measure = world
    entry = update(commitment, period, people.editor)
    measured = value(measure, people.editor, 12, period.ends_on)
    with pytest.raises(DatabaseError), transaction.atomic():
        ProgressUpdate.objects.filter(pk=entry.pk).update(account="Rewritten.")
    with pytest.raises(DatabaseError), transaction.atomic():
        MeasuredValue.objects.filter(pk=measured.pk).update(value=Decimal(99))
    assert ProgressUpdate.objects.get(pk=entry.pk).account == "Work went as planned."
    assert MeasuredValue.objects.get(pk=measured.pk).value == Decimal(12)


def test_on_postgresql_the_database_refuses_a_delete_too(world, on_postgresql):
    people, _plan, period, commitment, measure = world
    entry = update(commitment, period, people.editor)
    measured = value(measure, people.editor, 12, period.ends_on)
    with pytest.raises(DatabaseError), transaction.atomic():
        ProgressUpdate.objects.filter(pk=entry.pk).delete()
    with pytest.raises(DatabaseError), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM progress_measuredvalue WHERE id = %s", [measured.pk])
    assert ProgressUpdate.objects.filter(pk=entry.pk).exists()
    assert MeasuredValue.objects.filter(pk=measured.pk).exists()


def test_a_corrected_value_keeps_the_old_one_in_the_record(world):
    people, _plan, period, _commitment, measure = world
    wrong = value(measure, people.editor, 25, period.ends_on)
    right = value(measure, people.other_editor, 52, period.ends_on, corrects=wrong,
                  correction_reason="25 was a typing slip.")
    assert list(MeasuredValue.objects.filter(measure=measure).order_by("pk")) == [wrong, right]
    assert list(MeasuredValue.objects.current().filter(measure=measure)) == [right]
    wrong.refresh_from_db()
    assert wrong.value == Decimal(25)  # unchanged, and now marked as corrected
    assert wrong.correction == right and right.corrects == wrong
    assert right.is_correction and right.correction_reason == "25 was a typing slip."


def test_an_entry_is_corrected_once_and_the_chain_stays_a_line(world):
    people, _plan, period, commitment, _measure = world
    first = update(commitment, period, people.editor)
    update(commitment, period, people.editor, ProgressStatus.AT_RISK, corrects=first,
           correction_reason="Hiring slowed.")
    with pytest.raises(IntegrityError), transaction.atomic():
        ProgressUpdate.objects.create(
            commitment=commitment, period=period, author=people.editor,
            status=ProgressStatus.OFF_TRACK, account="Another fork.", corrects=first,
            correction_reason="A second correction of the same entry.")
    with pytest.raises(IntegrityError), transaction.atomic():  # a second uncorrected one
        ProgressUpdate.objects.create(commitment=commitment, period=period,
                                      author=people.editor, status=ProgressStatus.ON_TRACK,
                                      account="A second first word.")


def test_the_database_requires_a_reason_for_a_stop_and_for_a_correction(world):
    people, _plan, period, commitment, _measure = world
    with pytest.raises(IntegrityError), transaction.atomic():
        ProgressUpdate.objects.create(commitment=commitment, period=period,
                                      author=people.editor, status=ProgressStatus.STOPPED,
                                      account="Stopped.")
    first = update(commitment, period, people.editor)
    with pytest.raises(IntegrityError), transaction.atomic():
        ProgressUpdate.objects.create(commitment=commitment, period=period,
                                      author=people.editor, status=ProgressStatus.ON_TRACK,
                                      account="Again.", corrects=first)
