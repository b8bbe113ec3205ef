"""What the implementation record of a signed version says of the commitments that an
amendment carried over from it: the Blueprint's "strengthen" stage, so that the next version
starts from what the evaluation showed. And where a signed plan's record is read.

The record lives in the progress app, which plans never imports (STYLE.md): progress
registers its readers here when Django starts (progress/apps.py). Without them the plan
pages show nothing of it.
"""

from dataclasses import dataclass, field


@dataclass
class CarriedMeasure:
    indicator: str
    summary: str  # its latest value and whether it is on track, in words
    flagged: bool


@dataclass
class CarriedRecord:
    """What the record of the signed version says of one carried-over commitment."""

    status: str  # the last status reported, in words; "" when none was
    period: str  # the period it was reported for
    flagged: bool  # off track, stopped, or a measure behind its path
    notes: list = field(default_factory=list)  # why it stopped, what happened: in words
    measures: list = field(default_factory=list)
    link: str = ""  # where its record is read


_carried_readers = []
_link_readers = []


def register(carried=None, links=None):
    """``carried(origin ids)`` answers {origin commitment id: CarriedRecord} in a fixed
    number of queries; ``links(plan, public)`` answers [(words, address)] of the plan's
    record, for its page (members) or its public blueprint."""
    if carried is not None and carried not in _carried_readers:
        _carried_readers.append(carried)
    if links is not None and links not in _link_readers:
        _link_readers.append(links)


def carried_records(plan, sections):
    """{commitment pk: CarriedRecord} for the commitments of a version being prepared that
    were carried over from the signed one it amends; empty otherwise."""
    if not plan.previous_id or plan.is_signed or not _carried_readers:
        return {}
    origins = {c.carried_from_id: c.pk for s in sections for c in s.commitments
               if c.carried_from_id}
    if not origins:
        return {}
    found = {}
    for reader in _carried_readers:
        found.update(reader(list(origins)))
    return {origins[origin]: record for origin, record in found.items() if origin in origins}


def flagged(sections, records):
    """The carried-over commitments whose record is flagged, in the order of the page."""
    return [c for s in sections for c in s.commitments
            if c.pk in records and records[c.pk].flagged]


def record_links(plan, public=False):
    """[(words, address)] where the signed plan's implementation record is read."""
    return [link for reader in _link_readers for link in reader(plan, public)]
