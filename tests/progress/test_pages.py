"""The public progress pages are kept whole per viewer, like the blueprint: a second view is
served from the cache, and every entry recorded shows on the next view."""

import pytest
from django.test import Client
from django.urls import reverse

from progress.models import ProgressStatus
from tests.plans.factories import county_people, text

from .factories import last_year_period, plan_in_effect, update, value

pytestmark = pytest.mark.django_db

ANONYMOUS_CACHED = 1  # no session, no person: the plan with its jurisdiction, which name it


def test_the_public_pages_are_kept_and_show_each_new_entry(django_assert_num_queries):
    people = county_people()
    plan = plan_in_effect(people)
    period, commitment = last_year_period(plan), plan.commitments.get()
    measure = commitment.measures.get()
    visitor = Client()
    progress_url = reverse("progress:public", args=[plan.pk])
    measure_url = reverse("progress:public_measure", args=[plan.pk, measure.pk])
    assert "No update yet" in text(visitor.get(progress_url))
    assert "No value is measured yet." in text(visitor.get(measure_url))
    for url in (progress_url, measure_url):
        with django_assert_num_queries(ANONYMOUS_CACHED):
            assert visitor.get(url).status_code == 200

    update(commitment, period, people.editor, ProgressStatus.AT_RISK, account="Slow hiring.")
    assert "At risk" in text(visitor.get(progress_url))
    value(measure, people.editor, 14, period.ends_on)
    page = text(visitor.get(measure_url))
    assert "the value measured was 14" in page
    assert "14 % on" in text(visitor.get(progress_url))
