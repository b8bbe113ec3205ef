"""Searching the published blueprints: their commitments (local practices, practices of the
Blueprint, local actions, agencies) and their visions.

On PostgreSQL the words are matched and ranked by full-text search, each blueprint in the
configuration of the language it was written in (English or Spanish), so that "violence
interrupters" finds "interrupting violence" and "jóvenes" finds "joven". On SQLite (the
development default) a row matches when it holds the words as they were typed, and ranks by
how many of its rows match.

A result is a blueprint in force; the superseded versions it amends are listed under it, each
with what matched in it. Every search costs the same few queries, whatever the number of
blueprints.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection
from django.db.models import Case, CharField, F, Q, Value, When
from django.db.models.functions import Coalesce
from django.utils import translation

from plans.models import Commitment, Plan, Status

PUBLISHED = [Status.SIGNED_OFF, Status.SUPERSEDED]
SEARCH_CONFIGS = {"es": "spanish"}  # any other language of a plan: english
COMMITMENT_FIELDS = {  # field: weight (A counts most)
    "local_practice": "A", "practice__title_en": "A", "practice__title_es": "A",
    "local_action": "B", "lead_agency": "C", "partners": "C", "funding_source": "D"}
PLAN_FIELDS = {"title": "A", "vision": "B", "summary": "C"}
MATCHES_SHOWN = 3


@dataclass
class Version:
    """A published version of a blueprint, with what matched in it."""

    plan: Plan
    rank: float = 0.0
    matches: list = field(default_factory=list)  # names of the commitments that matched
    vision_matches: bool = False


@dataclass
class Result:
    """A blueprint in force, and the superseded versions that it amends (newest first)."""

    current: Version
    superseded: list = field(default_factory=list)

    @property
    def rank(self):
        return max([self.current.rank] + [v.rank for v in self.superseded])


def search_config(language_path):
    """The text-search configuration of the plan's language, as an SQL expression."""
    return Case(*(When(**{language_path: code}, then=Value(config))
                  for code, config in SEARCH_CONFIGS.items()),
                default=Value("english"), output_field=CharField())


def ranked(queryset, fields, words, language_path):
    """``queryset`` narrowed to the rows matching ``words``, each annotated with ``rank``."""
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

        config = search_config(language_path)
        vector = None
        for name, weight in fields.items():
            part = SearchVector(name, weight=weight, config=config)
            vector = part if vector is None else vector + part
        query = SearchQuery(words, search_type="websearch", config=config)
        return queryset.annotate(document=vector, rank=SearchRank(vector, query)).filter(
            document=query)
    matching = Q()
    for name in fields:
        matching |= Q(**{f"{name}__icontains": words})
    return queryset.filter(matching).annotate(rank=Value(1.0))


def reader_language():
    language = translation.get_language() or "en"
    return language if language in dict(settings.LANGUAGES) else "en"


def matching_commitments(words, principle=None, practice=None, kind=""):
    commitments = Commitment.objects.current().filter(plan__status__in=PUBLISHED)
    if principle is not None:
        commitments = commitments.filter(principle=principle)
    if practice is not None:
        commitments = commitments.filter(practice=practice)
    if kind:
        commitments = commitments.filter(plan__jurisdiction__kind=kind)
    if words:
        commitments = ranked(commitments, COMMITMENT_FIELDS, words, "plan__language")
    else:
        commitments = commitments.annotate(rank=Value(0.0))
    title = Coalesce(f"practice__title_{reader_language()}", "practice__title_en")
    return commitments.annotate(
        name=Case(When(practice__isnull=False, then=title),
                  default=F("local_practice"), output_field=CharField())
    ).values_list("plan_id", "name", "rank").order_by("-rank", "plan_id", "position")


def matching_visions(words, kind=""):
    plans = Plan.objects.filter(status__in=PUBLISHED)
    if kind:
        plans = plans.filter(jurisdiction__kind=kind)
    return ranked(plans, PLAN_FIELDS, words, "language").values_list("pk", "rank")


def search(words="", principle=None, practice=None, kind=""):
    """[Result] of the published blueprints matching ``words`` (any, if none) and the
    filters, best first; the plans of each are read by ``load`` for one page only."""
    versions = {}
    for plan_id, name, rank in matching_commitments(words, principle, practice, kind):
        version = versions.setdefault(plan_id, Version(plan=plan_id))
        version.rank += rank
        version.matches.append(name)
    if words and principle is None and practice is None:
        for plan_id, rank in matching_visions(words, kind):
            version = versions.setdefault(plan_id, Version(plan=plan_id))
            version.rank += rank
            version.vision_matches = True
    return grouped(versions)


def grouped(versions):
    """The matched versions under the blueprint in force of each (one query)."""
    chains = (Plan.objects.filter(jurisdiction__plans__in=list(versions)).distinct()
              .order_by().values_list("pk", "status", "previous_id"))
    status, amended_by = {}, {}
    for pk, plan_status, previous in chains:
        status[pk] = plan_status
        if previous is not None:
            amended_by[previous] = pk
    results = {}
    for plan_id in versions:
        head = plan_id
        while status.get(head) == Status.SUPERSEDED and head in amended_by:
            head = amended_by[head]
        if status.get(head) != Status.SIGNED_OFF:
            head = plan_id  # no version of it in force: it stands alone
        result = results.setdefault(head, Result(versions.get(head, Version(plan=head))))
        if plan_id != head:
            result.superseded.append(versions[plan_id])
    return sorted(results.values(), key=lambda r: -r.rank)


def load(results):
    """Put the plans of ``results`` (one page of them) in place of their ids (one query)."""
    ids = [v.plan for r in results for v in (r.current, *r.superseded)]
    plans = Plan.objects.filter(pk__in=ids).select_related("jurisdiction", "snapshot").defer(
        "snapshot__content").in_bulk()
    for result in results:
        for version in (result.current, *result.superseded):
            version.plan = plans[version.plan]
            version.matches = version.matches[:MATCHES_SHOWN]
        result.superseded.sort(key=lambda v: -v.plan.version)
    return results
