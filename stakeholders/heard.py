"""What was heard on a plan and what was done about it, as plain data: frozen into the signed
snapshot (and into a draft preview), and read back for the blueprint PDF's appendix, which
groups it as the What we heard page does.

Comments are kept as their authors wrote them; the appendix renders their Markdown when it
prints, through the pages' own sanitizer (stakeholders.markup.render_comment). Snapshots
signed before replies were nested hold a flat list instead, each entry with a principle
number, a ``reply`` flag and no author: ``appendix`` reads both shapes.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils import translation
from django.utils.translation import gettext as _

from .input import Comment, Disposition, ListeningSession
from .models import Membership

TEXT_FIELDS = ("body", "author", "organization", "commitment", "disposition",
               "disposition_label", "response", "reason")


def heard_content(plan):
    """What was heard and what was done, as plain data for the signed snapshot and its PDF
    appendix: comments in sight with their replies nested, each with its author (and a
    partner's organization) as the consultation page shows them; labels in the plan's
    language, not the reader's. Six queries, however many comments."""
    with translation.override(plan.language):
        return _heard_content(plan)


def _heard_content(plan):
    replies = Comment.objects.in_sight().select_related("author", "response")
    comments = (
        Comment.objects.filter(plan=plan, parent__isnull=True).in_sight()
        .select_related("author", "response", "principle", "commitment__practice",
                        "commitment__principle")
        .prefetch_related(Prefetch("replies", queryset=replies, to_attr="reply_list"))
    )
    sessions = (ListeningSession.objects.filter(plan=plan).select_related("host")
                .prefetch_related("principles"))
    hidden = Comment.objects.filter(plan=plan, hidden_at__isnull=False).count()
    organizations = Membership.objects.partner_organizations(plan.jurisdiction_id)

    def said(comment):
        response = getattr(comment, "response", None)
        organization = organizations.get(comment.author_id)
        return {
            # the public record names people by their name, never by their user name
            # (often the first half of their email address)
            "author": comment.author.get_full_name() or _("A participant"),
            "organization": organization.name if organization else "",
            "body": comment.body,
            "disposition": response.disposition if response else "",
            "disposition_label": str(response.get_disposition_display()) if response else "",
            "response": response.text if response else "",
            "reason": response.reason if response else "",
            "awaiting": comment.is_awaiting_response,
        }

    entries = []
    for comment in comments:
        for reply in comment.reply_list:
            reply.parent = comment  # is_in_sight reads the parent; no query
        principle = comment.principle_of
        entries.append({
            **said(comment),
            "principle": principle.number if principle else None,
            "commitment": comment.commitment.name if comment.commitment_id else "",
            "replies": [said(reply) for reply in comment.reply_list],
        })
    return {
        "comments": entries,
        "hidden": hidden,
        "sessions": [
            {
                "held_on": s.held_on.isoformat(),
                "place": s.place,
                "format": str(s.get_format_display()),
                "host": s.host.name if s.host else "",
                "attendees": s.attendees,
                "summary": s.summary,
                "principles": sorted(p.number for p in s.principles.all()),
            }
            for s in sessions
        ],
    }


@dataclass
class HeardComment:
    """A comment of the appendix, as written (Markdown), with its replies under it."""

    body: str
    author: str = ""
    organization: str = ""
    commitment: str = ""
    disposition: str = ""
    disposition_label: str = ""
    response: str = ""
    reason: str = ""
    awaiting: bool = False
    replies: list = field(default_factory=list)
    # A reply in a snapshot from before replies were nested: printed on its own, plainly.
    loose_reply: bool = False

    @classmethod
    def read(cls, entry):
        text = {name: entry.get(name) or "" for name in TEXT_FIELDS}
        if "replies" in entry:
            return cls(**text, awaiting=bool(entry.get("awaiting")),
                       replies=[cls.read({**reply, "replies": []})
                                for reply in entry["replies"]])
        # A flat snapshot froze only comments in sight, so of its entries those awaiting an
        # answer were the comments, not replies, without one (Comment.is_awaiting_response).
        reply = bool(entry.get("reply"))
        return cls(**text, awaiting=not reply and not text["disposition"], loose_reply=reply)

    @property
    def thread(self):
        return [self, *self.replies]


@dataclass
class Appendix:
    """The PDF's "What we heard, what we did": comments grouped by principle as on the What
    we heard page (the whole plan first), the listening sessions, and the counts."""

    groups: list  # [(principle, or None for the whole plan, [HeardComment])]
    sessions: list
    hidden: int

    @property
    def comments(self):
        return [comment for _principle, comments in self.groups for comment in comments]

    @property
    def comment_count(self):
        """Comments and replies in sight, counted as on the What we heard page."""
        return sum(len(comment.thread) for comment in self.comments)

    @property
    def disposition_counts(self):
        """[(label, count)]: each disposition, then the comments awaiting a response."""
        counts = Counter(x.disposition for comment in self.comments for x in comment.thread)
        return [(label, counts[value]) for value, label in Disposition.choices] + [
            (_("Awaiting an official answer"), sum(1 for c in self.comments if c.awaiting))
        ]


def appendix(heard, principles):
    """Read a snapshot's ``heard`` (either shape) for print. ``principles`` are the
    snapshot's own, with number and name, so the groups bear the signed plan's names."""
    by_number = {principle.number: principle for principle in principles}
    groups = {None: [], **{number: [] for number in by_number}}
    for entry in heard.get("comments", []):
        number = entry.get("principle")
        groups[number if number in by_number else None].append(HeardComment.read(entry))
    return Appendix(
        groups=[(by_number.get(number), comments) for number, comments in groups.items()],
        sessions=heard.get("sessions", []),
        hidden=heard.get("hidden", 0),
    )
