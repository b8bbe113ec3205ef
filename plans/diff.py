"""Compare two versions of a plan's content as a readable, side-by-side diff.

Both sides are plan content as plans.content.plan_content builds it (a live plan or a
signed snapshot). Each is flattened into labelled fields; changed fields are shown word by
word with <del> on the older side and <ins> on the newer.
"""

import difflib
import re
from dataclasses import dataclass
from dataclasses import field as list_field
from datetime import date
from decimal import Decimal, InvalidOperation

from django.utils.formats import date_format, number_format
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from .models import Commitment

PLAN_FIELDS = [
    ("title", gettext_noop("Title")),
    ("first_year", gettext_noop("First year")),
    ("last_year", gettext_noop("Last year")),
    ("vision", gettext_noop("Vision")),
    ("summary", gettext_noop("Summary")),
    ("enforcement_spending", gettext_noop("Current annual spending on enforcement")),
    ("incarceration_spending", gettext_noop("Current annual spending on incarceration")),
]
PRIORITY_FIELDS = [
    ("place", gettext_noop("Where")),
    ("why", gettext_noop("Why")),
    ("data_source", gettext_noop("Data source")),
]
COMMITMENT_FIELDS = [
    ("stage", gettext_noop("Stage it serves")),
    ("local_action", gettext_noop("Local action")),
    ("lead_agency", gettext_noop("Lead agency")),
    ("partners", gettext_noop("Partner organizations")),
    ("starts_on", gettext_noop("Starts")),
    ("ends_on", gettext_noop("Ends")),
    ("annual_budget", gettext_noop("Annual budget (USD)")),
    ("funding_source", gettext_noop("Funding source")),
    ("status", gettext_noop("Status")),
]
MEASURE_FIELDS = [
    ("unit", gettext_noop("Unit")),
    ("baseline", gettext_noop("Baseline")),
    ("target", gettext_noop("Target")),
    ("data_source", gettext_noop("Data source")),
]


MONEY = {"enforcement_spending", "incarceration_spending", "annual_budget"}
DATES = {"starts_on", "ends_on"}
NUMBERS = {"baseline", "target"}


def text(value, name=""):
    """A field's value as the reader reads it: money as "$48,000,000", a date in their
    language, a measure's figure without trailing zeros."""
    if value is None or value == "":
        return ""
    if name in MONEY or name in NUMBERS:
        try:
            amount = Decimal(str(value))
        except InvalidOperation:
            return str(value)
        places = 2 if amount != amount.to_integral_value() else 0
        figure = number_format(amount, decimal_pos=places, force_grouping=True)
        return "$" + figure if name in MONEY else figure
    if name in DATES:
        try:
            return date_format(date.fromisoformat(str(value)))
        except ValueError:
            return str(value)
    return str(value)


def names_of(principle, catalogue):
    """(name, short name) of a content's principle: the catalogue's in the reader's language
    where ``catalogue`` ({number: principle}) has it, else as the content wrote them."""
    known = (catalogue or {}).get(principle["number"])
    if known is not None:
        return known.name, known.short_name
    return principle["name"], principle.get("short_name") or principle["name"]


def flatten(content, catalogue=None):
    """{key: (section, label, text)} in reading order."""
    fields = {}
    for name, label in PLAN_FIELDS:
        fields[("plan", name)] = (_("The plan"), _(label), text(content["plan"].get(name), name))
    for priority in content.get("priorities", []):
        who = priority["who"]
        fields[("priority", who)] = (_("Priority populations"), who, _("(listed)"))
        for name, label in PRIORITY_FIELDS:
            fields[("priority", who, name)] = (who, _(label), text(priority.get(name), name))
    for principle in content["principles"]:
        section = f"{principle['number']}. {names_of(principle, catalogue)[0]}"
        seen = {}
        for commitment in principle["commitments"]:
            name = commitment["practice"]
            seen[name] = seen.get(name, 0) + 1
            key = (principle["number"], name, seen[name])
            fields[("commitment",) + key] = (f"{section} · {name}", _("Commitment"),
                                             _("(committed)"))
            for field, label in COMMITMENT_FIELDS:
                value = commitment.get(field)
                if field == "status" and value in Commitment.Progress.values:
                    value = Commitment.Progress(value).label
                fields[("commitment",) + key + (field,)] = (
                    f"{section} · {name}",
                    _(label),
                    text(value, field),
                )
            for measure in commitment["measures"]:
                m_key = ("measure",) + key + (measure["indicator"],)
                fields[m_key] = (f"{section} · {name}", _("Outcome measure"), measure["indicator"])
                for field, label in MEASURE_FIELDS:
                    fields[m_key + (field,)] = (
                        f"{name} · {measure['indicator']}",
                        _(label),
                        text(measure.get(field), field),
                    )
    return fields


TOKEN = re.compile(r"\s+|[^\s]+")


def word_diff(old, new):
    """(old with <del> marks, new with <ins> marks), both HTML-escaped."""
    a, b = TOKEN.findall(old), TOKEN.findall(new)
    left, right = [], []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        old_part, new_part = escape("".join(a[i1:i2])), escape("".join(b[j1:j2]))
        if op == "equal":
            left.append(old_part)
            right.append(new_part)
        else:
            if old_part:
                left.append(f"<del>{old_part}</del>")
            if new_part:
                right.append(f"<ins>{new_part}</ins>")
    return mark_safe("".join(left)), mark_safe("".join(right))  # noqa: S308 - escaped above


@dataclass
class DiffRow:
    section: str
    label: str
    old: str
    new: str
    change: str  # "changed", "added" or "removed"


def compare(old_content, new_content, catalogue=None):
    """The fields that differ, in the newer version's reading order (removed ones last)."""
    old, new = flatten(old_content, catalogue), flatten(new_content, catalogue)
    rows = []
    for key, (section, label, new_text) in new.items():
        if key not in old:
            if new_text:  # a field left empty in what was added is no difference to read
                rows.append(DiffRow(section, label, "", word_diff("", new_text)[1], "added"))
        elif old[key][2] != new_text:
            before, after = word_diff(old[key][2], new_text)
            rows.append(DiffRow(section, label, before, after, "changed"))
    for key, (section, label, old_text) in old.items():
        if key not in new and old_text:
            rows.append(DiffRow(section, label, word_diff(old_text, "")[0], "", "removed"))
    return rows


def diff_groups(rows):
    """The rows in runs of the same section (a commitment, a priority, the plan), in order."""
    groups = []
    for row in rows:
        if groups and groups[-1][0] == row.section:
            groups[-1][1].append(row)
        else:
            groups.append((row.section, [row]))
    return groups


# --- the summary at the top of the comparison ------------------------------------------------


def commitments_of(content):
    """{(principle number, name, nth of that name): commitment} of a plan's content."""
    found = {}
    for principle in content["principles"]:
        seen = {}
        for commitment in principle["commitments"]:
            name = commitment["practice"]
            seen[name] = seen.get(name, 0) + 1
            found[(principle["number"], name, seen[name])] = commitment
    return found


def budget(commitments):
    return sum((Decimal(c["annual_budget"]) for c in commitments
                if c.get("annual_budget") is not None), Decimal(0))


@dataclass
class PrincipleBudget:
    number: int
    name: str
    before: Decimal
    after: Decimal

    @property
    def change(self):
        return self.after - self.before


@dataclass
class Summary:
    """What changed between two versions, in a few figures: the commitments added, removed
    and changed (by name), and the planned budget of each principle before and after."""

    added: list = list_field(default_factory=list)
    removed: list = list_field(default_factory=list)
    changed: list = list_field(default_factory=list)
    budgets: list = list_field(default_factory=list)

    @property
    def total_before(self):
        return sum((b.before for b in self.budgets), Decimal(0))

    @property
    def total_after(self):
        return sum((b.after for b in self.budgets), Decimal(0))

    @property
    def total_change(self):
        return self.total_after - self.total_before


def summarize(old_content, new_content, catalogue=None):
    """The Summary of the change from ``old_content`` to ``new_content``; ``catalogue`` as
    for ``flatten``."""
    old, new = commitments_of(old_content), commitments_of(new_content)
    summary = Summary(
        added=[key[1] for key in new if key not in old],
        removed=[key[1] for key in old if key not in new],
        changed=[key[1] for key in new if key in old and old[key] != new[key]],
    )
    before = {p["number"]: p for p in old_content["principles"]}
    for principle in new_content["principles"]:
        earlier = before.pop(principle["number"], {"commitments": []})
        summary.budgets.append(PrincipleBudget(
            principle["number"], names_of(principle, catalogue)[1],
            budget(earlier["commitments"]), budget(principle["commitments"])))
    for number, principle in before.items():  # a principle only the older version has
        summary.budgets.append(PrincipleBudget(
            number, names_of(principle, catalogue)[1],
            budget(principle["commitments"]), Decimal(0)))
    return summary
