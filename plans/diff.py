"""Compare two versions of a plan's content as a readable, side-by-side diff.

Both sides are plan content as plans.content.plan_content builds it (a live plan or a
signed snapshot). Each is flattened into labelled fields; changed fields are shown word by
word with <del> on the older side and <ins> on the newer.
"""

import difflib
import re
from dataclasses import dataclass

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


def text(value):
    return "" if value is None else str(value)


def flatten(content):
    """{key: (section, label, text)} in reading order."""
    fields = {}
    for name, label in PLAN_FIELDS:
        fields[("plan", name)] = (_("The plan"), _(label), text(content["plan"].get(name)))
    for priority in content.get("priorities", []):
        who = priority["who"]
        fields[("priority", who)] = (_("Priority populations"), who, _("(listed)"))
        for name, label in PRIORITY_FIELDS:
            fields[("priority", who, name)] = (who, _(label), text(priority.get(name)))
    for principle in content["principles"]:
        section = f"{principle['number']}. {principle['name']}"
        seen = {}
        for commitment in principle["commitments"]:
            name = commitment["practice"]
            seen[name] = seen.get(name, 0) + 1
            key = (principle["number"], name, seen[name])
            fields[("commitment",) + key] = (section, name, _("(committed)"))
            for field, label in COMMITMENT_FIELDS:
                value = commitment.get(field)
                if field == "status" and value in Commitment.Progress.values:
                    value = Commitment.Progress(value).label
                fields[("commitment",) + key + (field,)] = (
                    f"{section} · {name}",
                    _(label),
                    text(value),
                )
            for measure in commitment["measures"]:
                m_key = ("measure",) + key + (measure["indicator"],)
                fields[m_key] = (f"{section} · {name}", _("Outcome measure"), measure["indicator"])
                for field, label in MEASURE_FIELDS:
                    fields[m_key + (field,)] = (
                        f"{name} · {measure['indicator']}",
                        _(label),
                        text(measure.get(field)),
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


def compare(old_content, new_content):
    """The fields that differ, in the newer version's reading order (removed ones last)."""
    old, new = flatten(old_content), flatten(new_content)
    rows = []
    for key, (section, label, new_text) in new.items():
        if key not in old:
            rows.append(DiffRow(section, label, "", word_diff("", new_text)[1], "added"))
        elif old[key][2] != new_text:
            before, after = word_diff(old[key][2], new_text)
            rows.append(DiffRow(section, label, before, after, "changed"))
    for key, (section, label, old_text) in old.items():
        if key not in new:
            rows.append(DiffRow(section, label, word_diff(old_text, "")[0], "", "removed"))
    return rows
