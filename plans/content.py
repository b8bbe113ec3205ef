"""What a plan says, read in a constant number of queries: the principle sections with their
commitments and measures, coverage, the investment balance, and the snapshot content."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from types import SimpleNamespace

from django.conf import settings
from django.db.models import Prefetch
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from principles.models import Practice, Principle, Stage

from .models import Commitment, OutcomeMeasure


@dataclass
class PrincipleSection:
    principle: Principle
    commitments: list = field(default_factory=list)

    @property
    def is_gap(self):
        return not self.commitments

    @property
    def budget(self):
        return sum((c.annual_budget or Decimal(0) for c in self.commitments), Decimal(0))


def current_commitments(plan, measures=True):
    commitments = (Commitment.objects.current().filter(plan=plan)
                   .select_related("practice__stage", "stage"))
    if not measures:
        return commitments
    measures = OutcomeMeasure.objects.filter(removed_at__isnull=True)
    return commitments.prefetch_related(Prefetch("measures", queryset=measures))


def principle_sections(plan, measures=True):
    """All five principles in order, each with the plan's current commitments (3 queries;
    2 without their outcome measures, when only the commitments' names are wanted)."""
    by_principle = defaultdict(list)
    for commitment in current_commitments(plan, measures):
        by_principle[commitment.principle_id].append(commitment)
    return [PrincipleSection(p, by_principle[p.pk]) for p in Principle.objects.all()]


@dataclass
class Coverage:
    sections: list

    @property
    def covered(self):
        return [s for s in self.sections if not s.is_gap]

    @property
    def gaps(self):
        return [s for s in self.sections if s.is_gap]

    @property
    def commitment_count(self):
        return sum(len(s.commitments) for s in self.sections)


def percent(part, whole):
    """``part`` as a percentage of ``whole`` (0 when there is no whole), rounded for drawing."""
    return round(float(part or 0) / float(whole) * 100, 2) if whole else 0.0


@dataclass
class BalanceRow:
    """One area of the investment balance: a principle's planned budget, or today's spending
    on enforcement or incarceration. ``scale`` is the amount a full-length bar stands for in
    the row's part of the chart, so that any further amount of the row (money spent, say)
    draws on the same scale with ``length``."""

    label: str
    amount: Decimal | None
    kind: str  # "principle" (planned in this plan) or "current" (spending today)
    scale: Decimal = Decimal(0)
    area: str = ""  # of spending today: "enforcement" or "incarceration"
    # What a signed plan's implementation record says was spent (progress app), if given.
    spent: Decimal | None = None

    def length(self, value):
        """``value``'s bar, in percent of the chart's width."""
        return percent(value, self.scale)

    @property
    def bar(self):
        return self.length(self.amount)

    @property
    def spent_bar(self):
        return self.length(self.spent)


@dataclass
class Share:
    """A part of the comparison with today's spending: its amount, its share of the total
    and where its segment starts, both in percent of the chart's width."""

    label: str
    amount: Decimal
    kind: str  # "planned", "enforcement" or "incarceration"
    percent: float = 0.0
    start: float = 0.0


@dataclass
class InvestmentBalance:
    """Planned budgets per principle on their own scale (the largest fills the width), and,
    where today's spending is entered, everything planned beside it as shares of the whole:
    a prevention budget a hundredth of the jail's stays readable either way."""

    rows: list
    total_planned: Decimal
    total_spent: Decimal | None = None  # given with ``spent``: the money spent, in all

    @property
    def has_spent(self):
        return self.total_spent is not None

    @property
    def planned_rows(self):
        return [row for row in self.rows if row.kind == "principle"]

    @property
    def current_rows(self):
        return [row for row in self.rows if row.kind == "current"]

    @property
    def has_current_spending(self):
        return bool(self.current_rows)

    @property
    def total_current(self):
        return sum((row.amount or Decimal(0) for row in self.current_rows), Decimal(0))

    @property
    def is_empty(self):
        return not any(row.amount for row in self.rows)

    @property
    def shares(self):
        """[Share] of the planned total, then of each kind of spending today."""
        parts = [Share(str(_("Planned in this plan")), self.total_planned, "planned")]
        for row in self.current_rows:
            parts.append(Share(row.label, row.amount or Decimal(0), row.area))
        whole = sum((part.amount for part in parts), Decimal(0))
        start = 0.0
        for part in parts:
            part.percent, part.start = percent(part.amount, whole), start
            start = round(start + part.percent, 2)
        return parts

    @property
    def per_hundred_today(self):
        """What the plan plans for every $100 spent today on enforcement and incarceration,
        or None without spending today."""
        total = self.total_current
        return self.total_planned / total * 100 if total else None


def balance(budgets, enforcement, incarceration, spent=None):
    """The investment balance from (label, planned budget) pairs and today's spending;
    ``spent`` ({label: amount spent}) adds the money actually spent beside the planned, on
    the planned amounts' scale."""
    rows = [BalanceRow(label, amount, "principle") for label, amount in budgets]
    if spent is not None:
        for row in rows:
            row.spent = spent.get(row.label)
    if enforcement is not None:
        rows.append(BalanceRow(str(_("Enforcement today")), Decimal(enforcement), "current",
                               area="enforcement"))
    if incarceration is not None:
        rows.append(BalanceRow(str(_("Incarceration today")), Decimal(incarceration), "current",
                               area="incarceration"))
    planned_scale = max((amount or 0 for row in rows if row.kind == "principle"
                         for amount in (row.amount, row.spent)), default=0)
    current_scale = max((row.amount or 0 for row in rows if row.kind == "current"), default=0)
    for row in rows:
        row.scale = Decimal(planned_scale if row.kind == "principle" else current_scale)
    total = sum((amount or Decimal(0) for _label, amount in budgets), Decimal(0))
    result = InvestmentBalance(rows=rows, total_planned=total)
    if spent is not None:
        result.total_spent = sum((a for a in spent.values() if a is not None), Decimal(0))
    return result


def investment_balance(plan, sections):
    """Budget per principle beside today's enforcement and incarceration spending."""
    return balance([(s.principle.short_name, s.budget) for s in sections],
                   plan.enforcement_spending, plan.incarceration_spending)


@dataclass
class ContentSection:
    """A principle of a frozen snapshot, shaped like PrincipleSection for the templates."""

    principle: object
    commitments: list

    @property
    def is_gap(self):
        return not self.commitments

    @property
    def budget(self):
        return sum((Decimal(c["annual_budget"]) for c in self.commitments
                    if c["annual_budget"] is not None), Decimal(0))


def content_sections(content):
    """Sections of a snapshot's content; principles come from the content itself."""
    sections = []
    for entry in content["principles"]:
        principle = SimpleNamespace(
            number=entry["number"], name=entry["name"],
            short_name=entry.get("short_name", entry["name"]),
            slug=entry.get("slug", f"principle-{entry['number']}"))
        sections.append(ContentSection(principle, entry["commitments"]))
    return sections


def catalogue_labels(field_name, objects):
    """{the name in any language: the name in the active one} of catalogue rows, read from
    their per-language columns (name_en, name_es...)."""
    labels = {}
    for obj in objects:
        current = getattr(obj, field_name)
        for code, _name in settings.LANGUAGES:
            written = getattr(obj, f"{field_name}_{code}", None)
            if written:
                labels.setdefault(written, current)
    return labels


def in_reader_language(sections):
    """A snapshot's sections with the catalogue's words (principle names, stage names and
    the titles of Blueprint practices) in the reader's language: the snapshot holds them in
    the plan's. What the jurisdiction wrote stays as signed. Three queries."""
    principles = {p.number: p for p in Principle.objects.all()}
    stages = catalogue_labels("name", Stage.objects.all())
    titles = catalogue_labels("title", Practice.objects.all())
    translated = []
    for section in sections:
        signed = section.principle
        catalogue = principles.get(signed.number)
        principle = SimpleNamespace(
            number=signed.number, slug=signed.slug,
            name=catalogue.name if catalogue else signed.name,
            short_name=catalogue.short_name if catalogue else signed.short_name)
        commitments = [
            {**c,
             "practice_label": titles.get(c["practice"], c["practice"])
             if c.get("from_catalogue") else c["practice"],
             "stage_label": stages.get(c.get("stage") or "", c.get("stage") or "")}
            for c in section.commitments]
        translated.append(ContentSection(principle, commitments))
    return translated


def content_balance(content, sections=None):
    """The investment balance of a snapshot, drawn by the same chart as a live plan's."""
    sections = sections if sections is not None else content_sections(content)
    return balance([(s.principle.short_name, s.budget) for s in sections],
                   content["plan"]["enforcement_spending"],
                   content["plan"]["incarceration_spending"])


def money(value):
    return None if value is None else f"{value:.2f}"


def plan_content(plan, sections=None):
    """The plan's content as plain data: what a snapshot freezes and what a diff compares.
    Catalogue names are given in the plan's language, as its PDF is."""
    sections = sections if sections is not None else principle_sections(plan)
    with translation.override(plan.language):
        return _plan_content(plan, sections)


def _plan_content(plan, sections):
    return {
        "plan": {
            "jurisdiction": plan.jurisdiction.name,
            "title": plan.title,
            "language": plan.language,
            "version": plan.version,
            "first_year": plan.first_year,
            "last_year": plan.last_year,
            "vision": plan.vision,
            "summary": plan.summary,
            "enforcement_spending": money(plan.enforcement_spending),
            "incarceration_spending": money(plan.incarceration_spending),
        },
        "priorities": [
            {"who": p.who, "place": p.place, "why": p.why, "data_source": p.data_source}
            for p in plan.priorities.filter(removed_at__isnull=True)
        ],
        "principles": [
            {
                "number": s.principle.number,
                "name": s.principle.name,
                "short_name": s.principle.short_name,
                "slug": s.principle.slug,
                "commitments": [commitment_content(c) for c in s.commitments],
            }
            for s in sections
        ],
    }


def commitment_content(c):
    return {
        "practice": c.name,
        "from_catalogue": bool(c.practice_id),
        "stage": c.serves_stage.name if c.serves_stage else "",
        "local_action": c.local_action,
        "lead_agency": c.lead_agency,
        "partners": c.partners,
        "starts_on": c.starts_on.isoformat() if c.starts_on else None,
        "ends_on": c.ends_on.isoformat() if c.ends_on else None,
        "annual_budget": money(c.annual_budget),
        "funding_source": c.funding_source,
        "status": c.progress,
        "measures": [
            {
                "indicator": m.indicator,
                "unit": m.unit,
                "baseline": money(m.baseline),
                "target": money(m.target),
                "data_source": m.data_source,
            }
            for m in c.measures.all()
        ],
    }
