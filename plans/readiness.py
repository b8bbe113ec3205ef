"""What is unfinished in a plan before it closes its consultation or goes to sign-off.

The one rule: ``unfinished(plan, step)`` lists the findings, each one sentence with its count
and links to where it is fixed. Some make the step impossible (``blocking``); the others
only need the editor to say they have seen them. The transitions of plans/workflow.py
enforce it, and the transition page shows it.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Q, Window
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from principles.models import Principle
from stakeholders.input import Comment

from .models import Commitment

CHECKED_STEPS = frozenset({"close_consultation", "request_signoff"})
MOST_LINKS = 10  # per finding; the rest are one link away, where they are all listed


@dataclass(frozen=True)
class Link:
    label: str
    url: str


@dataclass(frozen=True)
class Finding:
    """One thing unfinished, as a sentence with its count, and where it is fixed."""

    kind: str
    message: str
    links: tuple = ()
    more: int = 0  # how many more there are than ``links`` shows
    more_link: Link | None = None
    blocking: bool = False


@dataclass
class Findings:
    """The findings of one step, blocking ones first."""

    items: list = field(default_factory=list)

    def __iter__(self):
        return iter(self.items)

    def __len__(self):
        return len(self.items)

    def __bool__(self):
        return bool(self.items)

    @property
    def blocking(self):
        return [f for f in self.items if f.blocking]


def unfinished(plan, step):
    """What is unfinished before ``step`` (a transition's name) in a constant number of
    queries (four); nothing for the steps that have no check."""
    if step not in CHECKED_STEPS:
        return Findings()
    from .workflow import designated_signatories  # the workflow imports this module

    signoff = step == "request_signoff"
    plan_url = plan.get_absolute_url()
    items = []

    if not designated_signatories(plan.jurisdiction_id).exists():
        items.append(Finding(
            "signatories",
            _("The jurisdiction has no signatory yet: a jurisdiction admin invites them "
              "under Members."),
            (Link(_("Signatories of %(jurisdiction)s") % {"jurisdiction": plan.jurisdiction},
                  reverse("stakeholders:jurisdiction", args=[plan.jurisdiction.slug])
                  + "#signatories-heading"),),
            blocking=signoff,
        ))

    commitments = list(
        Commitment.objects.current()
        .filter(plan=plan)
        .select_related("practice", "principle")
        .annotate(measure_count=Count("measures", filter=Q(measures__removed_at__isnull=True)))
        .order_by("principle__number", "position", "pk")
    )
    if signoff and not commitments:
        items.append(Finding(
            "no_commitment",
            _("A plan without any commitment cannot go to sign-off."),
            (Link(_("Commitments by principle"), f"{plan_url}#commitments-heading"),),
            blocking=True,
        ))

    # The first comments and, on each row, how many there are in all: one query.
    listed = list(
        Comment.objects.filter(plan=plan)
        .awaiting_response()
        .select_related("author")
        .annotate(total=Window(Count("pk")))
        .order_by("created_at", "pk")[:MOST_LINKS]
    )
    if listed:
        count = listed[0].total
        consultation_url = reverse("stakeholders:consultation", args=[plan.pk])
        items.append(Finding(
            "comments",
            ngettext("%(count)s comment waits for an official answer.",
                     "%(count)s comments wait for an official answer.", count)
            % {"count": count},
            tuple(Link(_("%(author)s: “%(excerpt)s”") % {
                "author": c.author, "excerpt": Truncator(c.body).words(10)},
                f"{consultation_url}?comment={c.pk}#comment-{c.pk}") for c in listed),
            *more(count, lambda n: ngettext(
                "and %(count)s more, on the Comments page",
                "and %(count)s more, on the Comments page", n), consultation_url),
        ))

    covered = {c.principle_id for c in commitments}
    gaps = [p for p in Principle.objects.all() if p.pk not in covered]
    if gaps:
        items.append(Finding(
            "principles",
            ngettext("%(count)s principle has no commitment.",
                     "%(count)s principles have no commitment.", len(gaps))
            % {"count": len(gaps)},
            tuple(Link(f"{p.number}. {p.name}", f"{plan_url}#principle-{p.slug}") for p in gaps),
        ))

    def about(kind, message, matching):
        """A finding on some commitments, each linked to where it shows on the plan page."""
        return Finding(
            kind,
            message,
            tuple(Link(_("%(name)s (principle %(number)s)") % {
                "name": c.name, "number": c.principle.number},
                f"{plan_url}#commitment-{c.pk}") for c in matching[:MOST_LINKS]),
            *more(len(matching), lambda n: ngettext(
                "and %(count)s more, under Commitments by principle",
                "and %(count)s more, under Commitments by principle", n),
                f"{plan_url}#commitments-heading"),
        )

    if without := [c for c in commitments if not c.measure_count]:
        items.append(about("measures", ngettext(
            "%(count)s commitment has no outcome measure.",
            "%(count)s commitments have no outcome measure.", len(without))
            % {"count": len(without)}, without))
    if without := [c for c in commitments if c.annual_budget is None]:
        items.append(about("budgets", ngettext(
            "%(count)s commitment has no annual budget.",
            "%(count)s commitments have no annual budget.", len(without))
            % {"count": len(without)}, without))
    if outside := [c for c in commitments if not within_period(c, plan)]:
        items.append(about("timelines", ngettext(
            "%(count)s commitment has a timeline outside the plan's period "
            "(%(first)s–%(last)s).",
            "%(count)s commitments have a timeline outside the plan's period "
            "(%(first)s–%(last)s).", len(outside))
            % {"count": len(outside), "first": plan.first_year, "last": plan.last_year},
            outside))
    items.sort(key=lambda f: not f.blocking)
    return Findings(items)


def more(count, label, url):
    """The ``more`` and ``more_link`` of a finding listing ``count`` things, past the first
    MOST_LINKS: one link to the place where they are all listed."""
    extra = max(count - MOST_LINKS, 0)
    return extra, (Link(label(extra) % {"count": extra}, url) if extra else None)


def within_period(commitment, plan):
    """The commitment's start and end, where given, fall within the plan's years."""
    return all(
        plan.first_year <= day.year <= plan.last_year
        for day in (commitment.starts_on, commitment.ends_on)
        if day is not None
    )
