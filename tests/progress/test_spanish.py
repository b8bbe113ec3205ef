"""The progress pages read in Spanish, with no English sentence of the catalogue left over,
and the record's own words (statuses, verdicts, the on-track rule, periods) translated."""

import pytest
from django.urls import reverse

from progress import record
from progress.models import Cadence, ProgressStatus, ReportingPeriod
from tests.plans.factories import county_people
from tests.test_languages import english_left_in, page_text, reader_in

from .factories import last_year_period, plan_in_effect, update, value

pytestmark = pytest.mark.django_db


def test_the_progress_pages_leave_no_english_sentence_in_spanish():
    people = county_people()
    plan = plan_in_effect(people, commitments=2, cadence=None,
                          names=["Empleos de verano", "Círculos de sanación"])

    record.set_schedule(plan, cadence=Cadence.QUARTERLY, due_days=30, by=people.admin)
    period = ReportingPeriod.objects.filter(plan=plan).active().first()
    first, second = plan.commitments.order_by("principle__number")
    wrong = update(first, period, people.editor, ProgressStatus.ON_TRACK, spent_to_date=100)
    update(first, period, people.editor, ProgressStatus.OFF_TRACK, corrects=wrong,
           correction_reason="Se contrató a menos gente.", account="Pocas contrataciones.")
    update(second, period, people.editor, ProgressStatus.STOPPED, account="Se acabó.",
           stopped_reason="Terminó la subvención.")
    measure = first.measures.get()
    typo = value(measure, people.editor, 25, period.ends_on)
    value(measure, people.editor, 11, period.ends_on, corrects=typo,
          correction_reason="Error de tecleo.")
    value(second.measures.get(), people.editor, 14, last_year_period(plan).ends_on)
    pages = {
        "public": (None, reverse("progress:public", args=[plan.pk]),
                   ["Cómo avanza el plan", "Fuera de rumbo: 1 · Detenido: 1",
                    f"T1 {plan.first_year}", "Cómo se valora “en camino”",
                    "Por qué se detuvo: Terminó la subvención."]),
        "measure": (None, reverse("progress:public_measure", args=[plan.pk, measure.pk]),
                    ["¿Va en camino?", "Entradas corregidas", "Las mismas cifras en una tabla",
                     "Línea gris discontinua"]),
        "record": (people.editor, reverse("progress:record", args=[plan.pk]),
                   ["Periodos de informe", "El plan informa cada trimestre.",
                    "Importar valores de un archivo CSV"]),
        "period": (people.editor, reverse("progress:period", args=[period.pk]),
                   [f"Avances de T1 {plan.first_year}", "1 entrada anterior, corregida"]),
        "update form": (people.editor, reverse("progress:update", args=[period.pk, second.pk]),
                        ["El informe de avance que corrige", "Registrar la corrección"]),
        "value form": (people.editor, reverse("progress:value_create", args=[measure.pk]),
                       ["Valor (%)", "Registrar el valor"]),
        "import": (people.editor, reverse("progress:import", args=[plan.pk]),
                   ["Descargue la plantilla", "Comprobar e importar"]),
        "schedule": (people.admin, reverse("progress:schedule", args=[plan.pk]),
                     ["Calendario de informes", "Trimestral", "Anual"]),
    }
    for name, (user, path, spanish) in pages.items():
        html, seen = page_text(reader_in("es", user), path)
        assert '<html lang="es">' in html, name
        for sentence in spanish:
            assert sentence in seen, (name, sentence)
        assert english_left_in(seen) == [], name
