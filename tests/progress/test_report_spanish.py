"""The report pages read in Spanish, with no English sentence left over."""

import pytest
from django.urls import reverse
from django.utils import timezone

from progress import reports
from stakeholders.models import Comment
from tests.plans.factories import county_people
from tests.test_languages import english_left_in, page_text, reader_in

from .factories import plan_in_effect, update, value

pytestmark = pytest.mark.django_db


def test_the_report_pages_leave_no_english_sentence_in_spanish():
    people = county_people()
    plan = plan_in_effect(people, commitments=2, first_year=timezone.localdate().year - 2,
                          years=3, names=["Empleos de verano", "Círculos de sanación"],
                          language="es")  # the report's frozen words are in the plan's
    first, second, _third = plan.reporting_periods.active()
    jobs, _circles = plan.commitments.order_by("principle__number")
    update(jobs, first, people.editor, account="Trabajaron 120 jóvenes.", spent_to_date=100)
    value(jobs.measures.get(), people.editor, 14, first.ends_on)
    report = reports.publish(first, by=people.editor, seen_missing=True)
    Comment.objects.create(plan=plan, report=report, author=people.partner,
                           body="¿En qué barrios?")
    pages = {
        "report": (None, report.get_absolute_url(),
                   [f"Informe de progreso de {first.label}", "Sin informe de avance para 1 "
                    "compromiso.", "Acerca de este informe", "Cómo leer los gráficos"]),
        "report, signed in": (people.partner, report.get_absolute_url(),
                              ["Comentarios sobre este informe"]),
        "comments": (people.partner, report.get_comments_url(),
                     ["Los comentarios sobre este informe están abiertos", "Todo el informe",
                      "¿En qué barrios?"]),
        "publish": (people.editor, reverse("progress:publish", args=[second.pk]),
                    [f"Publicar el informe de {second.label}", "Informes de avance que faltan",
                     "He visto qué compromisos no tienen informe de avance"]),
        "period": (people.editor, reverse("progress:period", args=[first.pk]),
                   ["El informe de progreso del periodo", "Leer el informe publicado"]),
        "blueprint": (None, reverse("plans:blueprint", args=[plan.pk]),
                      [f"Informe de progreso de {first.label}, publicado el"]),
    }
    for name, (user, path, spanish) in pages.items():
        html, seen = page_text(reader_in("es", user), path)
        assert '<html lang="es">' in html, name
        for sentence in spanish:
            assert sentence in seen, (name, sentence)
        assert english_left_in(seen) == [], name
