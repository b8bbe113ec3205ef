"""Downloads for the people who work in a plan: offered and refused with the rules of the
page that shows the same data, read back with csv and openpyxl, the same number of queries
for a small plan and a large one."""

import csv
import io
from datetime import date, datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from stakeholders.input import Comment, Disposition, Response
from tests.plans.factories import MeasureFactory, signed_in
from tests.progress.factories import (
    last_year_period,
    people_of_a_new_county,
    plan_in_effect,
    update,
    value,
)

pytestmark = pytest.mark.django_db


def download(client, name, fmt, **kwargs):
    return client.get(reverse(f"opendata:{name}", kwargs={**kwargs, "fmt": fmt}))


def read_csv(response):
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = response.content.decode("utf-8")
    assert not text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text)))


def read_xlsx(response):
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


@pytest.fixture
def county():
    people = people_of_a_new_county()
    plan = plan_in_effect(people, commitments=2, names=["Street outreach", "Youth jobs"])
    commitment = plan.commitments.order_by("pk").first()
    MeasureFactory(commitment=commitment, indicator="Shootings", unit="incidents",
                   baseline=Decimal("40"), target=Decimal("25.5"))
    period = last_year_period(plan)
    update(commitment, period, people.editor, spent_to_date=Decimal("1234.50"))
    value(commitment.measures.order_by("pk").first(), people.editor, "12.5",
          date(plan.first_year, 6, 30))
    people.plan, people.commitment = plan, commitment
    return people


def test_an_editor_downloads_the_commitments_with_numbers_and_dates_as_such(county):
    client = signed_in(county.editor)
    response = download(client, "plan_download", "xlsx", pk=county.plan.pk,
                        table="commitments")
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f'attachment; filename="{county.plan.title.lower().replace(" ", "-")}'
        f'-v1-commitments.xlsx"')
    header, first, second = read_xlsx(response)
    assert header[:4] == ["Commitment number", "Principle number", "Principle", "Practice"]
    assert "Annual budget" in header and "Lead agency" in header
    budget = header.index("Annual budget")
    assert (first[budget], second[budget]) == (1000, 2000)  # numeric cells
    assert first[header.index("Practice")] == "Street outreach"
    assert first[header.index("Status")] == "Planned"  # a choice in words

    rows = read_csv(download(client, "plan_download", "csv", pk=county.plan.pk,
                             table="commitments"))
    assert rows[0] == header
    assert rows[1][budget] == "1000.00"
    assert rows[1][header.index("Practice from the Blueprint")] == "No"


def test_the_measures_download_keeps_baseline_and_target_numeric(county):
    header, *rows = read_xlsx(download(signed_in(county.partner), "plan_download", "xlsx",
                                       pk=county.plan.pk, table="measures"))
    shootings = next(r for r in rows if r[header.index("Indicator")] == "Shootings")
    assert shootings[header.index("Baseline")] == 40
    assert shootings[header.index("Target")] == 25.5
    assert shootings[header.index("Commitment number")] == "1.1"


def test_headers_come_in_the_readers_language(county):
    county.editor.language = "es"
    county.editor.save()
    client = signed_in(county.editor)
    client.cookies["django_language"] = "es"
    rows = read_csv(client.get(
        reverse("opendata:plan_download", kwargs={"pk": county.plan.pk, "table": "commitments",
                                                  "fmt": "csv"}),
        HTTP_ACCEPT_LANGUAGE="es"))
    assert "Presupuesto anual" in rows[0]
    assert "Previsto" in rows[1]


def test_a_hidden_comment_is_marked_and_its_text_left_out(county):
    plan = county.plan
    shown = Comment.objects.create(plan=plan, author=county.partner, body="Fund the clinic.")
    hidden = Comment.objects.create(plan=plan, author=county.partner, body="Something rude.")
    reply = Comment.objects.create(plan=plan, author=county.editor, body="Noted, thanks.",
                                   parent=hidden)
    Response.objects.create(comment=hidden, disposition=Disposition.NOTED,
                            text="We hear you about Officer Smith.", responded_by=county.editor)
    hidden.hide(by=county.admin, reason="Abusive")
    Response.objects.create(comment=shown, disposition=Disposition.ADOPTED,
                            text="We added it.", responded_by=county.editor)
    header, *rows = read_xlsx(download(signed_in(county.admin), "plan_download", "xlsx",
                                       pk=plan.pk, table="comments"))
    by_number = {r[header.index("Comment number")]: dict(zip(header, r, strict=True)) for r in rows}
    assert by_number[shown.pk]["Comment"] == "Fund the clinic."
    assert by_number[shown.pk]["Disposition"] == "Adopted"
    assert by_number[shown.pk]["Official answer"] == "We added it."
    assert by_number[shown.pk]["Hidden by moderation"] is False
    assert isinstance(by_number[shown.pk]["Written"], datetime)
    for secret in (hidden, reply):
        row = by_number[secret.pk]
        assert row["Hidden by moderation"] is True
        # only that a comment was there, and when: not what, who, about what, or the answer
        assert {name for name, cell in row.items() if cell not in (None, "")} == {
            "Comment number", "Reply to comment number", "Written", "Hidden by moderation",
        } - ({"Reply to comment number"} if secret is hidden else set())
    assert by_number[reply.pk]["Reply to comment number"] == hidden.pk
    assert b"Something rude" not in download(signed_in(county.admin), "plan_download", "csv",
                                             pk=plan.pk, table="comments").content


def test_a_comment_starting_with_an_equals_sign_stays_text_in_excel(county):
    Comment.objects.create(plan=county.plan, author=county.partner, body="=1+1")
    response = download(signed_in(county.editor), "plan_download", "xlsx", pk=county.plan.pk,
                        table="comments")
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = [c for row in sheet.iter_rows(min_row=2) for c in row if c.value == "=1+1"]
    assert cells and all(c.data_type == "s" for c in cells)


def test_a_comment_that_a_spreadsheet_would_run_is_inert_in_a_persons_csv(county):
    Comment.objects.create(plan=county.plan, author=county.partner,
                           body='=HYPERLINK("http://evil.example","Click")')
    header, *rows = read_csv(download(signed_in(county.editor), "plan_download", "csv",
                                      pk=county.plan.pk, table="comments"))
    texts = [row[header.index("Comment")] for row in rows]
    assert '\'=HYPERLINK("http://evil.example","Click")' in texts
    assert not any(text.startswith("=") for text in texts)


def test_the_record_downloads_carry_updates_and_values(county):
    client = signed_in(county.partner)
    header, *rows = read_xlsx(download(client, "record_download", "xlsx", pk=county.plan.pk,
                                       table="progress-updates"))
    assert len(rows) == 1
    row = dict(zip(header, rows[0], strict=True))
    assert row["Status"] == "On track"
    assert row["Spent so far this year"] == 1234.5
    assert row["Period ends"] == datetime(county.plan.first_year, 12, 31)  # a date cell
    header, *rows = read_xlsx(download(client, "record_download", "xlsx", pk=county.plan.pk,
                                       table="measured-values"))
    assert [dict(zip(header, r, strict=True))["Value"] for r in rows] == [12.5]
    rows = read_csv(download(client, "record_download", "csv", pk=county.plan.pk,
                             table="measured-values"))
    assert rows[1][rows[0].index("For the date")] == f"{county.plan.first_year}-06-30"


def test_the_audit_log_download_is_for_the_jurisdictions_admins(county):
    args = {"slug": county.county.slug}
    header, *rows = read_xlsx(download(signed_in(county.admin), "audit_download", "xlsx",
                                       **args))
    assert header[:4] == ["When", "Who", "Plan", "Action"]
    assert "Signed off by all" in [r[3] for r in rows]
    assert download(signed_in(county.editor), "audit_download", "csv", **args
                    ).status_code == 403


@pytest.mark.parametrize("name,args", [
    ("plan_download", {"table": "commitments"}),
    ("plan_download", {"table": "comments"}),
    ("record_download", {"table": "measured-values"}),
])
def test_downloads_are_refused_to_outsiders_and_the_signed_out(county, name, args):
    from tests.factories import JurisdictionFactory, member

    outsider = member(JurisdictionFactory())
    kwargs = {"pk": county.plan.pk, **args}
    assert download(signed_in(outsider), name, "csv", **kwargs).status_code == 404
    anonymous = download(Client(), name, "xlsx", **kwargs)
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]


def test_the_record_download_needs_a_signed_plan(county):
    from tests.plans.factories import new_plan

    draft = new_plan(county)
    assert download(signed_in(county.editor), "record_download", "csv", pk=draft.pk,
                    table="progress-updates").status_code == 404


def test_the_pages_offer_their_downloads(county):
    client = signed_in(county.admin)
    plan = county.plan
    pages = {
        reverse("plans:plan", args=[plan.pk]): "commitments.xlsx",
        reverse("stakeholders:heard", args=[plan.pk]): "comments.csv",
        reverse("stakeholders:consultation", args=[plan.pk]): "comments.xlsx",
        reverse("progress:record", args=[plan.pk]): "measured-values.xlsx",
        reverse("plans:audit_log", args=[county.county.slug]): "audit/download.csv",
    }
    for page, link in pages.items():
        assert link in client.get(page).content.decode(), page


def sized_plan(commitments):
    people = people_of_a_new_county()
    plan = plan_in_effect(people, commitments=commitments, measures_per=2)
    period = last_year_period(plan)
    for c in plan.commitments.all():
        update(c, period, people.editor)
        for m in c.measures.all():
            value(m, people.editor, 3, date(plan.first_year, 3, 1))
        comment = Comment.objects.create(plan=plan, author=people.partner, body="Yes.")
        Comment.objects.create(plan=plan, author=people.editor, body="Thanks.", parent=comment)
    return people, plan


def queries_of(client, address):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(address).status_code == 200
    return len(queries)


def test_downloads_cost_the_same_for_3_and_30_commitments():
    counts = []
    for size in (3, 30):
        people, plan = sized_plan(size)
        client = signed_in(people.admin)
        counts.append([queries_of(client, reverse(name, kwargs={**kwargs, "fmt": fmt}))
                       for name, kwargs in (
                           ("opendata:plan_download", {"pk": plan.pk, "table": "commitments"}),
                           ("opendata:plan_download", {"pk": plan.pk, "table": "measures"}),
                           ("opendata:plan_download", {"pk": plan.pk, "table": "comments"}),
                           ("opendata:record_download",
                            {"pk": plan.pk, "table": "progress-updates"}),
                           ("opendata:record_download",
                            {"pk": plan.pk, "table": "measured-values"}),
                           ("opendata:audit_download", {"slug": plan.jurisdiction.slug}))
                       for fmt in ("csv", "xlsx")])
    assert counts[0] == counts[1]
    assert max(counts[0]) <= 10
