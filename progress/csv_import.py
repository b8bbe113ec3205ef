"""Bulk entry of measured values: a CSV template to download (one row per outcome measure of
the plan) and the import of the filled-in file.

The whole file is checked before anything is saved: one bad row refuses the file, with one
message per problem (its row as a spreadsheet numbers it, the column, and why), and nothing
of it is saved. Values follow the same rules as the form (progress.record.value_problems).
UTF-8 with or without a byte-order mark; commas or semicolons between columns (with
semicolons, a decimal comma is read too); anything else is refused with a message that says
how to save the file.
"""

import csv
import io
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from plans.models import OutcomeMeasure, Plan

from .models import MeasuredValue
from .record import refuse_unless_in_effect, touch, value_problems

MAX_BYTES = 256 * 1024
MAX_ROWS = 5000
COLUMNS = ["measure_id", "principle", "commitment", "indicator", "unit", "date", "value",
           "data_source", "note"]
REQUIRED = ("measure_id", "date", "value")
FILLED = ("date", "value", "data_source", "note")  # none filled: a template row left empty
NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
QUOTED = 40  # characters of a cell repeated in a message


@dataclass(frozen=True)
class Problem:
    row: int | None  # as a spreadsheet numbers it (the header is row 1); None: the file
    column: str
    message: str

    def __str__(self):
        if self.row is None:
            return self.message
        if not self.column:
            return _("Row %(row)s: %(message)s") % {"row": self.row, "message": self.message}
        return _("Row %(row)s, %(column)s: %(message)s") % {
            "row": self.row, "column": self.column, "message": self.message}


class ImportRefused(Exception):
    """The file was refused and nothing of it saved; ``problems`` say why."""

    def __init__(self, problems):
        super().__init__(f"{len(problems)} problems")
        self.problems = problems


def quoted(text):
    return text if len(text) <= QUOTED else text[:QUOTED] + "…"


def template_csv(plan):
    """The CSV to fill in: the header, then one row per current outcome measure of the plan
    with its number, principle, commitment, indicator and unit, and the date, value, source
    and note left empty. A byte-order mark lets spreadsheets read it as UTF-8."""
    from plans.content import principle_sections

    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for section in principle_sections(plan):
        for commitment in section.commitments:
            for measure in commitment.measures.all():
                writer.writerow([measure.pk, section.principle.short_name, commitment.name,
                                 measure.indicator, measure.unit, "", "", "", ""])
    return out.getvalue()


def refuse(message):
    raise ImportRefused([Problem(None, "", message)])


def read_rows(raw):
    """(header, [(row number, cells)], separator) of the file, or ImportRefused for a file
    that cannot be read as the template's CSV."""
    if len(raw) > MAX_BYTES:
        refuse(_("The file is over %(size)s KB: split it into smaller files.")
               % {"size": MAX_BYTES // 1024})
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        refuse(_("The file is not UTF-8 text: in your spreadsheet, save it as “CSV UTF-8” and "
                 "upload it again."))
    if "\x00" in text:
        refuse(_("The file holds binary data, not CSV text: save it as CSV and upload it "
                 "again."))
    if not text.strip():
        refuse(_("The file is empty."))
    first = text.splitlines()[0]
    if ";" not in first and "," not in first:
        if "\t" in first:
            refuse(_("The columns are separated by tabs: separate them with commas or "
                     "semicolons, as in the template."))
        refuse(_("The first row is not the template's header: start from the template."))
    separator = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator, strict=True)
    rows = []
    try:
        for number, cells in enumerate(reader, start=1):
            if number > MAX_ROWS + 1:
                refuse(_("The file has over %(count)s rows: split it into smaller files.")
                       % {"count": MAX_ROWS})
            rows.append((number, cells))
    except csv.Error:
        refuse(_("The file is not valid CSV near line %(line)s: check the quotation marks "
                 "there.") % {"line": reader.line_num})
    header = [name.strip().lower() for name in rows[0][1]]
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        refuse(_("The header row lacks the column %(columns)s: start from the template.")
               % {"columns": ", ".join(missing)})
    twice = sorted({name for name in header if name and header.count(name) > 1})
    if twice:
        refuse(_("The header row names the column %(columns)s more than once.")
               % {"columns": ", ".join(twice)})
    return header, rows[1:], separator


def read_number(text, separator):
    """A Decimal, or None when ``text`` is not written as a plain number."""
    if separator == ";" and text.count(",") == 1 and "." not in text:
        text = text.replace(",", ".")  # a decimal comma, where semicolons separate columns
    if not NUMBER.fullmatch(text):
        return None
    try:
        return Decimal(text)
    except InvalidOperation:  # pragma: no cover - the pattern admits only numbers
        return None


def read_date(text):
    if not ISO_DATE.fullmatch(text):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def check_rows(plan, header, rows, separator, *, measures, existing, by, today):
    """(values ready to save, problems): every row of the file checked."""
    values, problems, seen = [], [], {}
    for number, cells in rows:
        if len(cells) > len(header) and any(cell.strip() for cell in cells[len(header):]):
            problems.append(Problem(number, "", _("It has more cells than the header row.")))
            continue
        row = {name: (cells[i].strip() if i < len(cells) else "")
               for i, name in enumerate(header) if name}
        if not any(row.get(name) for name in FILLED):
            continue  # a blank line, or a measure of the template left without a value
        found = []
        measure, on, value = None, None, None
        text = row["measure_id"]
        if not text:
            found.append(("measure_id", _("The measure's number is missing: keep the "
                                          "template's measure_id column.")))
        elif not (text.isascii() and text.isdigit()):
            found.append(("measure_id", _("“%(text)s” is not a measure number: keep the "
                                          "template's measure_id column.")
                          % {"text": quoted(text)}))
        else:
            measure = measures.get(int(text))
            if measure is None:
                found.append(("measure_id", _("Measure %(id)s is not an outcome measure of "
                                              "this plan.") % {"id": quoted(text)}))
        text = row["date"]
        if not text:
            found.append(("date", _("A date is needed.")))
        else:
            on = read_date(text)
            if on is None:
                found.append(("date", _("“%(text)s” is not a date written YYYY-MM-DD.")
                              % {"text": quoted(text)}))
        text = row["value"]
        if not text:
            found.append(("value", _("A value is needed.")))
        else:
            value = read_number(text, separator)
            if value is None:
                found.append(("value", _("“%(text)s” is not a number: write it like 1234.5, "
                                         "without thousands separators or a unit.")
                              % {"text": quoted(text)}))
        unit = row.get("unit", "")
        if measure is not None and unit and measure.unit and (
                unit.casefold() != measure.unit.strip().casefold()):
            found.append(("unit", _("The measure counts in “%(expected)s”, not “%(given)s”: "
                                    "convert the figure or keep the template's unit.")
                          % {"expected": measure.unit, "given": quoted(unit)}))
        source, note = row.get("data_source", ""), row.get("note", "")
        if len(source) > 300:
            found.append(("data_source", _("Keep the data source under 300 characters.")))
        if len(note) > 1000:
            found.append(("note", _("Keep the note under 1,000 characters.")))
        if measure is not None:
            for name, message in value_problems(measure, plan, value, on, today).items():
                found.append(("date" if name == "for_date" else name, message))
        if measure is not None and on is not None and not any(c == "date" for c, _m in found):
            key = (measure.pk, on)
            if key in seen:
                found.append(("date", _("Measure %(id)s has a value for %(date)s on row "
                                        "%(other)s already.")
                              % {"id": measure.pk, "date": on.isoformat(), "other": seen[key]}))
            elif key in existing:
                found.append(("date", _("Measure %(id)s has a value for %(date)s already: "
                                        "correct it on the measure's page instead.")
                              % {"id": measure.pk, "date": on.isoformat()}))
            seen.setdefault(key, number)
        if found:
            problems += [Problem(number, column, message) for column, message in found]
            continue
        values.append(MeasuredValue(measure=measure, author=by, value=value, for_date=on,
                                    data_source=source or measure.data_source, note=note))
    return values, problems


@transaction.atomic
def import_values(plan, raw, *, by, today=None):
    """Save every value of the CSV file ``raw`` (bytes), or none: ImportRefused says why.
    Returns how many values were recorded."""
    today = today or timezone.localdate()
    header, rows, separator = read_rows(raw)
    touch(plan.pk)  # first: the lock that serves concurrent imports one after the other
    plan = Plan.objects.get(pk=plan.pk)
    refuse_unless_in_effect(plan)
    measures = {m.pk: m for m in OutcomeMeasure.objects.filter(
        commitment__plan=plan, removed_at__isnull=True, commitment__removed_at__isnull=True)}
    existing = set(MeasuredValue.objects.current().filter(measure__in=list(measures))
                   .values_list("measure_id", "for_date"))
    values, problems = check_rows(plan, header, rows, separator, measures=measures,
                                  existing=existing, by=by, today=today)
    if problems:
        raise ImportRefused(problems)
    if not values:
        refuse(_("The file has no value to import: fill in the date and value of at least one "
                 "row."))
    MeasuredValue.objects.bulk_create(values)
    return len(values)
