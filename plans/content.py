"""What a plan says, read in a constant number of queries: the principle sections with their
commitments and measures, coverage, the investment balance, and the snapshot content."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from types import SimpleNamespace

from django.db.models import Prefetch
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from principles.models import Principle

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
    commitments = Commitment.objects.current().filter(plan=plan).select_related("practice__stage")
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


ROW_HEIGHT = 32
ROW_HEIGHT_WITH_SPENT = 50  # a second, thinner bar under the planned one


@dataclass
class BalanceRow:
    label: str
    amount: Decimal | None
    kind: str  # "principle" (planned) or "current" (today's enforcement/incarceration)
    width: float = 0.0  # share of the widest bar, 0–100
    y: int = 0  # top of the row in the chart's SVG units
    # What a signed plan's implementation record says was spent (progress app), if given.
    spent: Decimal | None = None
    spent_width: float = 0.0

    @property
    def bar_length(self):
        """Length in the chart's SVG units (the widest bar is 300)."""
        return round(self.width * 3, 1)

    @property
    def label_x(self):
        return self.bar_length + 176

    @property
    def spent_length(self):
        return round(self.spent_width * 3, 1)

    @property
    def spent_label_x(self):
        return self.spent_length + 176


@dataclass
class InvestmentBalance:
    rows: list
    total_planned: Decimal

    @property
    def has_current_spending(self):
        return any(row.kind == "current" for row in self.rows)

    @property
    def is_empty(self):
        return not any(row.amount for row in self.rows)

    total_spent: Decimal | None = None  # given with ``spent``: the money spent, in all

    @property
    def has_spent(self):
        return self.total_spent is not None

    @property
    def row_height(self):
        return ROW_HEIGHT_WITH_SPENT if self.has_spent else ROW_HEIGHT

    @property
    def height(self):
        return len(self.rows) * self.row_height + 8


def balance(budgets, enforcement, incarceration, spent=None):
    """The investment balance from (label, planned budget) pairs and today's spending;
    ``spent`` ({label: amount spent}) adds the money actually spent beside the planned."""
    rows = [BalanceRow(label, amount, "principle") for label, amount in budgets]
    if enforcement is not None:
        rows.append(BalanceRow(str(_("Enforcement today")), Decimal(enforcement), "current"))
    if incarceration is not None:
        rows.append(BalanceRow(str(_("Incarceration today")), Decimal(incarceration), "current"))
    if spent is not None:
        for row in rows:
            row.spent = spent.get(row.label) if row.kind == "principle" else None
    widest = max((amount or 0 for row in rows for amount in (row.amount, row.spent)), default=0)
    result = InvestmentBalance(rows=rows, total_planned=sum(
        (amount for _label, amount in budgets), Decimal(0)))
    if spent is not None:
        result.total_spent = sum((a for a in spent.values() if a is not None), Decimal(0))
    for index, row in enumerate(rows):
        row.y = index * result.row_height
        row.width = round(float(row.amount or 0) / float(widest) * 100, 2) if widest else 0.0
        row.spent_width = (round(float(row.spent or 0) / float(widest) * 100, 2)
                           if widest else 0.0)
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
        "stage": c.practice.stage.name if c.practice_id else "",
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
