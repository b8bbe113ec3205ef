"""The tables that leave the app as files: each defined once, as a list of columns with their
label, unit and meaning. The downloads of the people who work in a plan, the open-data files
of what is published and the data dictionary page all read these definitions, so that a file
and its documentation cannot disagree."""

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from plans.models import Commitment
from progress.models import ProgressStatus
from stakeholders.input import Disposition
from stakeholders.models import DataLicence, Jurisdiction

TEXT, INTEGER, NUMBER, MONEY, DATE, DATETIME, BOOLEAN = (
    "text", "integer", "number", "money", "date", "datetime", "boolean")

KIND_LABELS = {
    TEXT: _("text"),
    INTEGER: _("whole number"),
    NUMBER: _("number"),
    MONEY: _("amount of money"),
    DATE: _("date (YYYY-MM-DD)"),
    DATETIME: _("date and time (ISO 8601, UTC)"),
    BOOLEAN: _("true or false"),
}


@dataclass(frozen=True)
class Column:
    key: str  # the open-data files' name of the field: stable, never translated
    label: str  # the downloads' header, in the reader's language
    meaning: str
    kind: str = TEXT
    unit: str = ""
    choices: type | None = None  # a TextChoices: files carry its codes, downloads its labels

    @property
    def kind_label(self):
        return KIND_LABELS[self.kind]

    def typed(self, value):
        """``value`` as the kind of the column: written data (snapshots, frozen reports) keeps
        amounts and dates as text, the files carry them as numbers and dates."""
        if value is None or value == "":
            return None if self.kind != TEXT else ""
        if self.kind in (MONEY, NUMBER):
            return Decimal(value)
        if self.kind == DATE and isinstance(value, str):
            return date.fromisoformat(value)
        if self.kind == DATETIME and isinstance(value, str):
            return datetime.fromisoformat(value)
        return value

    def shown(self, value):
        """The value as a person reads it: a choice by its label, in the reader's language."""
        if self.choices is not None and value in self.choices.values:
            return str(self.choices(value).label)
        return value


@dataclass(frozen=True)
class Table:
    name: str
    title: str
    description: str
    columns: tuple = field(default_factory=tuple)

    @property
    def keys(self):
        return [column.key for column in self.columns]

    def coded(self, row):
        """A row (a dict by column key) in the columns' order, typed, choices as codes."""
        return [column.typed(row.get(column.key)) for column in self.columns]

    def readable(self, row):
        """The same row with choices in words, for a person's download."""
        return [column.shown(column.typed(row.get(column.key))) for column in self.columns]


# --- what is published -------------------------------------------------------------------------

PRINCIPLE = Column("principle", _("Principle"),
                   _("The principle of the Blueprint for Shared Safety the commitment serves."))
PRINCIPLE_NUMBER = Column("principle_number", _("Principle number"),
                          _("Its number in the Blueprint, 1 to 5."), INTEGER)
REFERENCE = Column(
    "commitment", _("Commitment number"),
    _("The principle's number, a dot and the commitment's place under it (2.3 is the third "
      "commitment under principle 2): it ties measures and progress to their commitment."))
PRACTICE = Column("practice", _("Practice"),
                  _("The practice committed to: a title from the Blueprint or a local one."))

BLUEPRINT = Table("blueprint", _("Blueprint"), _("The signed plan itself, one per file."), (
    Column("id", _("Number"), _("The blueprint's number on this site, as in the address "
                               "of its page, /blueprints/12/."), INTEGER),
    Column("jurisdiction", _("Jurisdiction"), _("The county or city whose plan it is.")),
    Column("jurisdiction_kind", _("Kind of jurisdiction"), _("County or city."),
           choices=Jurisdiction.Kind),
    Column("state", _("State (US)"), _("Two-letter code of the state.")),
    Column("title", _("Plan title"), _("The plan's title.")),
    Column("version", _("Version"), _("1 for the first signed plan; each amendment adds one."),
           INTEGER),
    Column("status", _("Status"), _("signed_off: in force; superseded: a newer signed "
                                    "version replaced it.")),
    Column("first_year", _("First year"), _("The first year the plan covers."), INTEGER),
    Column("last_year", _("Last year"), _("The last year the plan covers."), INTEGER),
    Column("language", _("Language"), _("The language it was written and signed in "
                                        "(en: English, es: Spanish).")),
    Column("vision", _("Vision"), _("What the jurisdiction wants to be true.")),
    Column("summary", _("Summary"), _("The plan in a few lines.")),
    Column("enforcement_spending", _("Enforcement spending today"),
           _("What the jurisdiction spent a year on policing and prosecution when it signed, "
             "if known."), MONEY, "USD"),
    Column("incarceration_spending", _("Incarceration spending today"),
           _("What it spent a year on jail, prison and detention when it signed, if known."),
           MONEY, "USD"),
    Column("signed_on", _("Signed off on"), _("The day the last signatory signed."), DATE),
    Column("digest", _("SHA-256 digest"),
           _("The fingerprint of the signed content; /verify/ checks a copy against it.")),
    Column("licence", _("Licence"), _("The licence the jurisdiction publishes its data under."),
           choices=DataLicence),
    Column("licence_url", _("Licence terms"), _("Where the licence's terms are read.")),
))

COMMITMENTS = Table("commitments", _("Commitments"), _(
    "One row per commitment: what the jurisdiction commits to under each principle, who "
    "leads it, when, and with what money."), (
    REFERENCE, PRINCIPLE_NUMBER, PRINCIPLE, PRACTICE,
    Column("from_catalogue", _("Practice from the Blueprint"),
           _("True for a practice of the Blueprint's catalogue, false for a local one."),
           BOOLEAN),
    Column("stage", _("Stage"), _("The stage of local work it serves: envision, plan, "
                                  "invest, evaluate or strengthen.")),
    Column("local_action", _("Local action"), _("What the jurisdiction will do.")),
    Column("lead_agency", _("Lead agency"), _("The agency answerable for it.")),
    Column("partners", _("Partner organizations"), _("Organizations working with the lead "
                                                     "agency, separated by commas.")),
    Column("starts_on", _("Starts"), _("When the work starts."), DATE),
    Column("ends_on", _("Ends"), _("When the work ends."), DATE),
    Column("annual_budget", _("Annual budget"), _("The money planned for it each year."),
           MONEY, "USD"),
    Column("funding_source", _("Funding source"), _("Where the money comes from.")),
    Column("status", _("Status"), _("Where the work stood when the plan was signed."),
           choices=Commitment.Progress),
))

MEASURES = Table("measures", _("Outcome measures"), _(
    "One row per outcome measure: how the jurisdiction will know a commitment works."), (
    REFERENCE, PRINCIPLE, PRACTICE,
    Column("indicator", _("Indicator"), _("What is measured.")),
    Column("unit", _("Unit"), _("The unit of the baseline and the target (%, people, days…).")),
    Column("baseline", _("Baseline"), _("The value when the plan was made."), NUMBER,
           _("the measure's unit")),
    Column("target", _("Target"), _("The value the plan aims for by its last year."), NUMBER,
           _("the measure's unit")),
    Column("data_source", _("Data source"), _("Where the figures come from.")),
))

REPORT = Table("report", _("Progress report"), _(
    "A published progress report itself, one per file: the record of one reporting period "
    "as it stood when it was published."), (
    Column("id", _("Number"), _("The report's number on this site."), INTEGER),
    Column("blueprint", _("Blueprint number"), _("The number of the blueprint it reports "
                                                "on."), INTEGER),
    Column("jurisdiction", _("Jurisdiction"), _("The county or city whose plan it is.")),
    Column("title", _("Plan title"), _("The plan's title.")),
    Column("version", _("Version"), _("The version of the plan it reports on."), INTEGER),
    Column("period", _("Period"), _("The reporting period, e.g. 2027 or Q1 2027.")),
    Column("period_starts_on", _("Period starts"), _("The first day of the period."), DATE),
    Column("period_ends_on", _("Period ends"), _("The last day of the period."), DATE),
    Column("published_at", _("Published"), _("When an editor published the report."),
           DATETIME),
    Column("digest", _("SHA-256 digest"),
           _("The fingerprint of the report's content; /verify/ checks a copy against it.")),
    Column("licence", _("Licence"), _("The licence the jurisdiction publishes its data under."),
           choices=DataLicence),
    Column("licence_url", _("Licence terms"), _("Where the licence's terms are read.")),
))

PERIOD = Column("period", _("Period"), _("The reporting period, e.g. 2027 or Q1 2027."))
COMMITMENT_NAME = Column("practice", _("Commitment"), _("The practice committed to."))

UPDATES = Table("updates", _("Progress updates"), _(
    "One row per commitment and reporting period: where the commitment stood at the end of "
    "the period, in the words of the agency that leads it."), (
    PERIOD,
    Column("period_ends_on", _("Period ends"), _("The last day of the period."), DATE),
    PRINCIPLE, COMMITMENT_NAME,
    Column("lead_agency", _("Lead agency"), _("The agency answerable for it.")),
    Column("annual_budget", _("Annual budget"), _("The money planned for it each year."),
           MONEY, "USD"),
    Column("status", _("Status"), _("Where the commitment stood at the end of the period."),
           choices=ProgressStatus),
    Column("account", _("What happened"), _("What was done and what held it up.")),
    Column("stopped_reason", _("Why it stopped"), _("Given when the work stopped.")),
    Column("spent_to_date", _("Spent so far this year"),
           _("From 1 January of the period's year to the period's end, if known."),
           MONEY, "USD"),
    Column("recorded_at", _("Recorded"), _("When the update was recorded."), DATETIME),
    Column("correction_reason", _("Correction"),
           _("For a correction of an earlier update: what was wrong.")),
))

VALUES = Table("values", _("Measured values"), _(
    "One row per measured value of an outcome measure, the corrected ones left out."), (
    PRINCIPLE, COMMITMENT_NAME,
    Column("indicator", _("Indicator"), _("What is measured.")),
    Column("unit", _("Unit"), _("The unit of the value.")),
    Column("for_date", _("For the date"), _("The day the figure describes; for a period's "
                                            "figure, its last day."), DATE),
    Column("value", _("Value"), _("The figure measured."), NUMBER, _("the measure's unit")),
    Column("data_source", _("Data source"), _("Where the figure comes from.")),
    Column("note", _("Note"), _("What a reader should know about the figure.")),
))

OPEN_DATA = (BLUEPRINT, COMMITMENTS, MEASURES, REPORT, UPDATES, VALUES)

# --- only for the people who work in a plan -------------------------------------------------------

COMMENTS = Table("comments", _("Comments"), _("The comments on a plan's consultation."), (
    Column("number", _("Comment number"), "", INTEGER),
    Column("reply_to", _("Reply to comment number"), "", INTEGER),
    Column("written", _("Written"), "", DATETIME),
    Column("author", _("Author"), ""),
    Column("organization", _("Organization"), ""),
    Column("on", _("About"), ""),
    Column("hidden", _("Hidden by moderation"), "", BOOLEAN),
    Column("text", _("Comment"), ""),
    Column("disposition", _("Disposition"), "", choices=Disposition),
    Column("answer", _("Official answer"), ""),
    Column("reason", _("Reason"), ""),
    Column("answered_by", _("Answered by"), ""),
    Column("answered_at", _("Answered"), "", DATETIME),
))

AUDIT_LOG = Table("audit", _("Audit log"), _("Every recorded action in a jurisdiction."), (
    Column("at", _("When"), "", DATETIME),
    Column("actor", _("Who"), ""),
    Column("plan", _("Plan"), ""),
    Column("action", _("Action"), ""),
    Column("from_status", _("From"), ""),
    Column("to_status", _("To"), ""),
    Column("note", _("Note"), ""),
))
