"""Writing a table (opendata.tables) as CSV, Excel or JSON.

Excel cells carry numbers as numbers and dates as dates (openpyxl); text a person wrote is
always a text cell, so a comment beginning with "=" never becomes a formula; in a person's CSV
such text gets a leading apostrophe. CSV is UTF-8
without a byte-order mark. Downloads for people have headers in their language and choices
in words; open-data files have the stable field names and codes of the data dictionary.
"""

import csv
import io
import json
from datetime import UTC, date, datetime
from decimal import Decimal

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from .tables import DATE, DATETIME, MONEY

CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
JSON_TYPE = "application/json"
# A measure's figures keep Excel's general format: as many decimals as they have.
NUMBER_FORMATS = {MONEY: "#,##0.00", DATE: "yyyy-mm-dd", DATETIME: "yyyy-mm-dd hh:mm"}


def as_text(value):
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


# A spreadsheet opening a CSV runs a cell beginning with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def in_words(value):
    """A value as a person reads it in a CSV: yes or no in their language, and text that a
    spreadsheet would run as a formula made inert with a leading apostrophe, which
    spreadsheets hide (OWASP's advice on CSV injection). Numbers and dates are not text and
    stay as they are; open-data files keep every text exact."""
    if isinstance(value, bool):
        return str(_("Yes") if value else _("No"))
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return as_text(value)


def to_csv(headers, rows, text=as_text):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers)
    writer.writerows([text(value) for value in row] for row in rows)
    return buffer.getvalue().encode("utf-8")


def readable_csv(table, rows):
    """A person's download: headers in their language, choices and yes or no in words."""
    return to_csv([str(c.label) for c in table.columns], [table.readable(r) for r in rows],
                  in_words)


def open_csv(table, rows):
    """An open-data file: the dictionary's field names and codes, true or false."""
    return to_csv(table.keys, [table.coded(r) for r in rows])


def cell_value(value):
    if isinstance(value, datetime):  # Excel knows no time zones: shown in UTC, as in CSV
        return value.astimezone(UTC).replace(tzinfo=None)
    return value


def readable_xlsx(table, rows):
    """A person's download as an Excel workbook of one sheet, its header row frozen."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = str(table.title)[:31]
    sheet.append([str(c.label) for c in table.columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([cell_value(v) for v in table.readable(row)])
        for column, cell in zip(table.columns, sheet[sheet.max_row], strict=True):
            if isinstance(cell.value, str):
                cell.data_type = "s"  # text stays text, whatever its first character
            elif column.kind in NUMBER_FORMATS:
                cell.number_format = NUMBER_FORMATS[column.kind]
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def json_value(value):
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, date | datetime):
        return as_text(value)
    return value


def open_record(table, row):
    """One row of an open-data table as a JSON object, by field name."""
    return {key: json_value(value) for key, value in zip(table.keys, table.coded(row),
                                                         strict=True)}


def open_json(document):
    return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")
