"""Bulk entry of measured values from a CSV file: the template, a good file, each kind of
bad file or row with its message, and generated bad files (hypothesis): only clear
messages, and nothing saved from a refused file."""

import csv
import io
import re
from datetime import date

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from progress.csv_import import ImportRefused, import_values, template_csv
from progress.models import MeasuredValue
from tests.plans.factories import county_people, signed_in, text

from .factories import last_year_period, people_of_a_new_county, plan_in_effect, value

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    people = county_people()
    plan = plan_in_effect(people, commitments=2, measures_per=2)
    measures = list(plan.commitments.order_by("principle__number").first().measures.all())
    measures += list(plan.commitments.order_by("principle__number").last().measures.all())
    return people, plan, measures, last_year_period(plan).ends_on


def csv_bytes(rows, separator=",", bom=False, header=("measure_id", "date", "value",
                                                         "data_source", "note")):
    out = io.StringIO()
    writer = csv.writer(out, delimiter=separator)
    writer.writerow(header)
    writer.writerows(rows)
    return (("\ufeff" if bom else "") + out.getvalue()).encode()


def problems(plan, raw, by):
    with pytest.raises(ImportRefused) as refused:
        import_values(plan, raw, by=by)
    return [str(p) for p in refused.value.problems]


def test_the_template_has_a_row_per_measure_with_its_number_and_unit(world):
    _people, plan, measures, _on = world
    rows = list(csv.reader(io.StringIO(template_csv(plan).lstrip("\ufeff"))))
    assert rows[0] == ["measure_id", "principle", "commitment", "indicator", "unit", "date",
                       "value", "data_source", "note"]
    assert sorted(int(r[0]) for r in rows[1:]) == sorted(m.pk for m in measures)
    assert {r[4] for r in rows[1:]} == {"%"}
    assert {tuple(r[5:]) for r in rows[1:]} == {("", "", "", "")}


def test_a_filled_in_template_is_imported_and_rows_left_empty_are_skipped(world):
    people, plan, measures, on = world
    rows = list(csv.reader(io.StringIO(template_csv(plan).lstrip("\ufeff"))))
    rows[1][5:7] = [on.isoformat(), "14.5"]
    rows[2][5:9] = [on.isoformat(), "11", "Clinic records", "Estimated"]
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    assert import_values(plan, ("\ufeff" + out.getvalue()).encode(), by=people.editor) == 2
    saved = {v.measure_id: v for v in MeasuredValue.objects.all()}
    assert saved[int(rows[1][0])].value == 14.5
    assert saved[int(rows[1][0])].data_source == "County data portal"  # the measure's own
    assert saved[int(rows[2][0])].note == "Estimated"
    assert {v.author for v in saved.values()} == {people.editor}


def test_semicolons_and_decimal_commas_are_read(world):
    people, plan, measures, on = world
    raw = csv_bytes([[measures[0].pk, on.isoformat(), "12,5"]], separator=";", bom=True)
    assert import_values(plan, raw, by=people.editor) == 1
    assert MeasuredValue.objects.get().value == 12.5


def test_one_bad_row_refuses_the_whole_file_with_a_message_per_problem(world):
    people, plan, measures, on = world
    other = plan_in_effect(people_of_a_new_county()).commitments.get().measures.get()
    value(measures[3], people.editor, 15, on)
    raw = csv_bytes([
        [measures[0].pk, on.isoformat(), "12"],  # good, but not saved
        ["abc", on.isoformat(), "12"],
        [other.pk, on.isoformat(), "12"],
        [measures[1].pk, "31/12/2025", "twelve"],
        [measures[1].pk, date(plan.first_year - 1, 6, 1).isoformat(), "101"],
        [measures[0].pk, on.isoformat(), "13"],
        [measures[2].pk, "", ""],  # a template row left empty: skipped
        [measures[2].pk, on.isoformat(), ""],
        [measures[3].pk, on.isoformat(), "16"],
    ])
    assert problems(plan, raw, people.editor) == [
        "Row 3, measure_id: “abc” is not a measure number: keep the template's measure_id "
        "column.",
        f"Row 4, measure_id: Measure {other.pk} is not an outcome measure of this plan.",
        "Row 5, date: “31/12/2025” is not a date written YYYY-MM-DD.",
        "Row 5, value: “twelve” is not a number: write it like 1234.5, without thousands "
        "separators or a unit.",
        "Row 6, value: This measure is a percentage: give a value from 0 to 100.",
        f"Row 6, date: Give a date within the plan's years, {plan.first_year} to "
        f"{plan.last_year}.",
        f"Row 7, date: Measure {measures[0].pk} has a value for {on.isoformat()} on row 2 "
        "already.",
        "Row 9, value: A value is needed.",
        f"Row 10, date: Measure {measures[3].pk} has a value for {on.isoformat()} already: "
        "correct it on the measure's page instead.",
    ]
    assert MeasuredValue.objects.count() == 1  # only the one recorded before


@pytest.mark.parametrize(("raw", "message"), [
    (b"", "The file is empty."),
    ("measure_id,date,value\n1,2025-12-31,é".encode("latin-1"),
     "The file is not UTF-8 text"),
    (b"measure_id\tdate\tvalue\n1\t2025-12-31\t3\n",
     "The columns are separated by tabs"),
    (b"hello world\n", "The first row is not the template's header"),
    (b"measure_id,value\n1,3\n", "The header row lacks the column date"),
    (b"measure_id,date,value,date\n", "The header row names the column date more than once"),
    (b'measure_id,date,value\n1,"2025-12-31,3\n', "The file is not valid CSV near line"),
    (b"measure_id,date,value\x00\n", "The file holds binary data"),
    (b"measure_id,date,value\n" + b"1,2025-12-31,3\n" * 30000, "The file is over 256 KB"),
    (b"measure_id,date,value\n,,\n", "The file has no value to import"),
])
def test_a_file_that_is_not_the_templates_csv_is_refused_saying_why(world, raw, message):
    people, plan, _measures, _on = world
    found = problems(plan, raw, people.editor)
    assert len(found) == 1 and found[0].startswith(message), found
    assert not MeasuredValue.objects.exists()


def test_the_import_page_lists_the_problems_and_saves_nothing(world):
    people, plan, measures, on = world
    editor = signed_in(people.editor)
    url = reverse("progress:import", args=[plan.pk])
    raw = csv_bytes([[measures[0].pk, on.isoformat(), "12"], [measures[1].pk, "soon", "1"]])
    response = editor.post(url, {"file": upload(raw)})
    assert response.status_code == 200
    page = text(response)
    assert "The file was not imported: 1 problem. Nothing was saved." in page
    assert "Row 3, date: “soon” is not a date written YYYY-MM-DD." in page
    assert not MeasuredValue.objects.exists()
    good = csv_bytes([[measures[0].pk, on.isoformat(), "12"]])
    response = editor.post(url, {"file": upload(good)}, follow=True)
    assert "1 value is recorded." in text(response)
    assert MeasuredValue.objects.count() == 1


def test_the_template_downloads_as_a_csv_named_after_the_plan(world):
    people, plan, measures, _on = world
    response = signed_in(people.editor).get(reverse("progress:import_template", args=[plan.pk]))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="example-county-safety-plan-v1-measured-values.csv"')
    assert response.content.decode("utf-8-sig").count("\r\n") == len(measures) + 1


def upload(raw):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("values.csv", raw, content_type="text/csv")


# --- generated bad input -----------------------------------------------------------------

CLEAR = re.compile(r"^Row \d+(, (measure_id|date|value|unit|data_source|note))?: \S")
FILE_MESSAGES = ("The file ", "The columns ", "The first row ", "The header row ")
NASTY_CELLS = st.one_of(
    st.sampled_from(["", " ", "-1", "1e309", "NaN", "Infinity", "1,234.5", "12 %", "0x1A",
                     "2025-02-30", "2025-13-01", "31/12/2025", "9999-12-31", "٣", "１２",
                     "\u202e5", "=1+1", '"', "a\nb", "x" * 2000, "99999999999999999999"]),
    st.text(max_size=30),
    st.integers().map(str),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.dates().map(lambda d: d.isoformat()),
)
HEADERS = st.one_of(
    st.just(["measure_id", "date", "value", "data_source", "note", "unit"]),
    st.permutations(["measure_id", "date", "value", "unit"]).map(list),
    st.lists(st.sampled_from(["measure_id", "date", "value", "unit", "note", "x", ""]),
             max_size=6),
)


@st.composite
def bad_files(draw, measure_ids):
    """A CSV file in a generated layout (header, separator, BOM, line ends, encoding) with
    generated rows, and always one row that is wrong wherever its columns are: a measure
    number that no measure has, with a value."""
    header = draw(HEADERS)
    separator = draw(st.sampled_from([",", ";"]))
    cells = st.one_of(NASTY_CELLS, st.sampled_from([str(i) for i in measure_ids]))
    rows = draw(st.lists(st.lists(cells, max_size=len(header) + 2), max_size=6))
    poison = ["0" if name == "measure_id" else "12" if name == "value" else ""
              for name in header]
    rows.insert(draw(st.integers(min_value=0, max_value=len(rows))), poison)
    out = io.StringIO()
    csv.writer(out, delimiter=separator, lineterminator=draw(st.sampled_from(["\n", "\r\n"]))
               ).writerows([header, *rows])
    raw = out.getvalue()
    if draw(st.booleans()):
        raw = "\ufeff" + raw
    encoding = draw(st.sampled_from(["utf-8", "utf-8", "utf-16", "latin-1"]))
    return raw.encode(encoding, errors="replace")


def test_generated_bad_files_get_only_clear_messages_and_nothing_is_saved(world):
    people, plan, measures, _on = world

    @settings(max_examples=150, deadline=None, derandomize=True,
              suppress_health_check=[HealthCheck.function_scoped_fixture,
                                     HealthCheck.too_slow])
    @given(raw=bad_files([m.pk for m in measures]) | st.binary(max_size=300))
    def feed(raw):
        with pytest.raises(ImportRefused) as refused:
            import_values(plan, raw, by=people.editor)
        assert refused.value.problems
        for problem in refused.value.problems:
            message = str(problem)
            assert CLEAR.match(message) or message.startswith(FILE_MESSAGES), message
            assert len(message) < 400, message
        assert MeasuredValue.objects.count() == 0

    feed()
