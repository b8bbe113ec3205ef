"""Consultation pages: comments, replies, responses, moderation, listening sessions, what
we heard and whose voices were heard. Scoping and permissions follow the plan's pages."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Prefetch, Q
from django.db.models.functions import Coalesce
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView, UpdateView

from plans import fragments
from plans.content import principle_sections
from plans.models import AuditEntry, Plan
from plans.views import CachedPageMixin, PlanMixin
from principles.models import Principle
from shared_safety.events import announce
from shared_safety.paging import page_number, page_of

from .input import IN_SIGHT, OUT_OF_SIGHT, Comment, Disposition, ListeningSession, Response
from .input_forms import (
    CommentEditForm,
    CommentFilter,
    CommentForm,
    HideForm,
    ListeningSessionForm,
    ReplyForm,
    ResponseForm,
)
from .models import Membership, Organization
from .rules import readable_comments


def consultation_state(plan):
    """One sentence on whether and when people can comment."""
    if plan.consultation_is_open():
        return _("Consultation is open until %(date)s: comments are welcome.") % {
            "date": date_format(plan.consultation_closes)
        }
    if plan.consultation_opens and plan.consultation_opens > timezone.localdate():
        return _("Consultation opens on %(date)s; comments are read-only until then.") % {
            "date": date_format(plan.consultation_opens)
        }
    if plan.consultation_closes:
        return _("Consultation closed on %(date)s; comments are read-only.") % {
            "date": date_format(plan.consultation_closes)
        }
    return _("This plan has not been opened for consultation; comments are read-only.")


def comments_page(comment):
    """Where a comment is read: its plan's consultation page, or the page of the progress
    report it is on."""
    if comment.report_id:
        return comment.report.get_comments_url()
    return reverse("stakeholders:consultation", args=[comment.plan_id])


def comment_address(comment):
    """A comment's own address: its comments page, at the page that holds its conversation
    (``?comment=``, read by ConsultationView), scrolled to it."""
    return f"{comments_page(comment)}?comment={comment.pk}#comment-{comment.pk}"


def comment_refused(plan, report=None):
    """Why the user may not comment: the consultation's (or the report's) state, or, while
    it takes comments, the user's role."""
    if report is not None:
        if report.takes_comments():
            return _("Your role does not allow commenting on this report: community "
                     "partners, editors and jurisdiction admins comment.")
        return report.comments_state()
    if plan.consultation_is_open():
        return _(
            "Your role does not allow commenting on this plan: community partners, editors "
            "and jurisdiction admins comment."
        )
    return consultation_state(plan)


# What a comment shows: who wrote it, what about, its official answer and who hid it.
SHOWN_WITH = ("author", "principle", "commitment__practice", "commitment__principle",
              "response__responded_by", "hidden_by")


def comments_of(plan, report=None, *, only):
    """These top-level comments (ids, ``only``), in that order, with their replies and all
    that they show, in a fixed number of queries: those of the plan's consultation, or of
    ``report``, one of its published progress reports. Each comment's replies are a list,
    ``reply_list``: read many times over, a list costs nothing where ``replies.all()``
    builds a new queryset each time."""
    replies = Comment.objects.select_related(*SHOWN_WITH)
    read = Comment.objects.of_discussion(plan, report).conversations().filter(pk__in=only)
    by_pk = {comment.pk: comment for comment in read.select_related(*SHOWN_WITH)
             .prefetch_related(Prefetch("replies", queryset=replies, to_attr="reply_list"))}
    comments = [by_pk[pk] for pk in only if pk in by_pk]
    for comment in comments:
        # rules read the plan's jurisdiction and state, or the report's: no extra query
        comment.plan, comment.report = plan, report
        for reply in comment.reply_list:
            # is_in_sight reads the parent
            reply.plan, reply.parent, reply.report = plan, comment, report
    return comments


def partner_organizations(plan):
    """{user id: organization} of the jurisdiction's partners."""
    return Membership.objects.partner_organizations(plan.jurisdiction_id)


def grouped_by_principle(comments, principles=None):
    """[(principle or None for the whole plan, [comments])], in principle order."""
    groups = {None: []}
    for principle in Principle.objects.all() if principles is None else principles:
        groups[principle] = []
    for comment in comments:
        groups[comment.principle_of].append(comment)
    return list(groups.items())


class ConsultationView(PlanMixin, TemplateView):
    """The plan's comments, threaded, with the form to add one while consultation is open,
    and filters (state, what they are about, who, words) read from the address."""

    template_name = "stakeholders/consultation.html"
    report = None  # a published progress report whose comments these are (progress app)

    def discussion(self):
        """What the comments are on, for the rules: the plan, or the progress report."""
        return self.report or self.plan

    def state(self):
        return consultation_state(self.plan)

    def get_context_data(self, **kwargs):
        plan, user = self.plan, self.request.user
        sections = principle_sections(plan, measures=False)  # names for the choices
        can_comment = user.has_perm("stakeholders.comment_on_plan", self.discussion())
        if can_comment and "form" not in kwargs:
            kwargs["form"] = CommentForm(sections=sections, about=self.request.GET.get("about"))
        can_moderate = user.has_perm("stakeholders.moderate_comment", plan)
        organizations = partner_organizations(plan)
        discussion = Comment.objects.of_discussion(plan, self.report)
        readable = readable_comments(user, plan)
        # comments and replies alike, as What we heard and the plan page count them
        counts = discussion.aggregate(
            readable=Count("pk", filter=readable),
            readable_out_of_sight=Count("pk", filter=readable & OUT_OF_SIGHT),
            hidden=Count("pk", filter=Q(hidden_at__isnull=False)))
        filters = CommentFilter(
            self.request.GET or None, sections=sections, organizations=organizations,
            may_see_hidden=can_moderate or counts["readable_out_of_sight"] > 0,
            action=f"{self.request.path}#comments")
        shown = filters.conversations(discussion, readable)
        page = self.page_of_conversations(shown.in_principle_order().values_list("pk", flat=True))
        groups = grouped_by_principle(self.in_full(list(page)), [s.principle for s in sections])
        if filters.chosen or page.paginator.num_pages > 1:  # only where something is shown
            groups = [(principle, group) for principle, group in groups if group]
        return super().get_context_data(
            groups=groups,
            page_obj=page,
            filters=filters,
            filtered=bool(filters.chosen),
            shown_count=(discussion.filter(readable)
                         .alias(conversation=Coalesce("parent_id", "pk"))
                         .filter(conversation__in=shown.values("pk")).count()
                         if filters.chosen else counts["readable"]),
            total_count=counts["readable"],
            state=self.state(),
            can_comment=can_comment,
            can_respond=user.has_perm("stakeholders.respond_to_comment", self.discussion()),
            can_moderate=can_moderate,
            organizations=organizations,
            hidden_count=counts["hidden"],
            **kwargs,
        )

    def in_full(self, pks):
        """These conversations in this order, read with all that they show, and what the
        reader may do with each comment and reply."""
        user = self.request.user
        conversations = comments_of(self.plan, self.report, only=pks)
        for x in (x for c in conversations for x in [c, *c.reply_list]):
            x.can_edit = user.has_perm("stakeholders.edit_comment", x)
            x.readable = user.has_perm("stakeholders.read_comment", x)
        return conversations

    def page_of_conversations(self, ordered):
        """The page of conversations (ids of comments that start one, ``ordered`` as they
        show) asked for; ``?comment=`` without ``?page=`` asks for the page that holds that
        comment or reply."""
        wanted = self.request.GET.get("comment", "")
        if "page" not in self.request.GET and wanted.isdigit():
            holder = Comment.objects.filter(pk=int(wanted)).values_list(
                Coalesce("parent_id", "pk"), flat=True).first()
            order = list(ordered)
            at = order.index(holder) if holder in order else 0
            return Paginator(ordered, settings.PAGE_SIZE).page(at // settings.PAGE_SIZE + 1)
        return page_of(self.request, ordered)

    def post(self, request, *args, **kwargs):
        if not request.user.has_perm("stakeholders.comment_on_plan", self.discussion()):
            raise PermissionDenied(comment_refused(self.plan, self.report))
        form = CommentForm(request.POST, sections=principle_sections(self.plan, measures=False))
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        form.instance.plan, form.instance.author = self.plan, request.user
        form.instance.report = self.report
        comment = form.save()
        messages.success(request, _("Your comment is posted."))
        return HttpResponseRedirect(comment_address(comment))


class CommentMixin(PlanMixin):
    """Find the comment among the plans the user may see (else 404)."""

    comment_permission = None
    denied = ""

    def load(self):
        self.comment = get_object_or_404(
            Comment.objects.select_related("plan__jurisdiction", "author", "parent",
                                           "report__plan", "report__period"),
            pk=self.kwargs["pk"],
            plan__in=Plan.objects.visible_to(self.request.user),
        )
        self.plan = self.comment.plan

    def check_comment_permission(self):
        if self.comment_permission and not self.request.user.has_perm(
            self.comment_permission, self.comment_or_plan()
        ):
            raise PermissionDenied(self.denial())

    def denial(self):
        return self.denied or comment_refused(self.plan, self.comment.report)

    def comment_or_plan(self):
        return self.plan

    def get(self, request, *args, **kwargs):
        self.check_comment_permission()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.check_comment_permission()
        return super().post(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            comment=self.comment, comment_url=comment_address(self.comment), **kwargs)

    def back_to_comment(self, comment=None):
        comment = comment or self.comment
        return HttpResponseRedirect(comment_address(comment))


class ReplyView(CommentMixin, FormView):
    template_name = "stakeholders/comment_action.html"
    form_class = ReplyForm
    comment_permission = "stakeholders.reply_to_comment"

    def comment_or_plan(self):
        return self.comment

    def denial(self):
        if not (self.comment.parent or self.comment).is_in_sight:
            return _("A moderator hid this comment: it takes no replies.")
        return super().denial()

    def form_valid(self, form):
        parent = self.comment.parent or self.comment  # replies stay one level deep
        form.instance.plan, form.instance.author, form.instance.parent = (
            self.plan,
            self.request.user,
            parent,
        )
        form.instance.report_id = parent.report_id  # replies stay where their comment is
        reply = form.save()
        announce("comment_replied", reply.pk)  # the author is told once this commits
        messages.success(self.request, _("Your reply is posted."))
        return self.back_to_comment(reply)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            heading=_("Reply to %(name)s") % {"name": self.comment.author}, **kwargs)


class CommentEditView(CommentMixin, UpdateView):
    template_name = "stakeholders/comment_action.html"
    form_class = CommentEditForm
    comment_permission = "stakeholders.edit_comment"

    def comment_or_plan(self):
        return self.comment

    def check_comment_permission(self):
        if not self.request.user.has_perm(self.comment_permission, self.comment):
            if self.comment.author_id != self.request.user.pk:
                raise PermissionDenied(_("Only its author edits a comment."))
            raise PermissionDenied(
                _(
                    "A comment can be edited for 15 minutes after it is "
                    "written, while consultation is open."
                )
            )

    def get_object(self, queryset=None):
        return self.comment

    def form_valid(self, form):
        form.instance.edited_at = timezone.now()
        form.save()
        messages.success(
            self.request, _("Your comment is updated; the earlier wording is kept in its history.")
        )
        return self.back_to_comment()

    def get_context_data(self, **kwargs):
        return super().get_context_data(heading=_("Edit your comment"), **kwargs)


class RespondView(CommentMixin, UpdateView):
    template_name = "stakeholders/comment_action.html"
    form_class = ResponseForm
    comment_permission = "stakeholders.respond_to_comment"

    def check_comment_permission(self):
        if not self.request.user.has_perm(self.comment_permission, self.comment):
            if self.comment.report_id:
                raise PermissionDenied(
                    _("Only editors give the official answer to a comment on a progress "
                      "report, while the plan is in effect."))
            raise PermissionDenied(
                _("Only editors give the official answer to a comment, until the plan is "
                  "signed off."))
        if not self.request.user.has_perm("stakeholders.answer_comment", self.comment):
            raise PermissionDenied(
                _("A moderator hid this comment: only its author and the moderators read it."))

    def get_object(self, queryset=None):
        return Response.objects.filter(comment=self.comment).first()

    def form_valid(self, form):
        first_answer = form.instance.pk is None
        form.instance.comment = self.comment
        form.instance.responded_by = self.request.user
        form.instance.responded_at = timezone.now()
        form.save()
        if first_answer:
            announce("comment_answered", self.comment.pk)
        messages.success(self.request, _("The official answer is published."))
        return self.back_to_comment()

    def get_context_data(self, **kwargs):
        heading = _("Change the official answer") if self.object else _("Give the official answer")
        return super().get_context_data(heading=heading, **kwargs)


class HideView(CommentMixin, FormView):
    template_name = "stakeholders/comment_action.html"
    form_class = HideForm
    comment_permission = "stakeholders.moderate_comment"

    def check_comment_permission(self):
        if not self.request.user.has_perm(self.comment_permission, self.plan):
            raise PermissionDenied(_("Only the jurisdiction's admins moderate comments."))
        if self.comment.is_hidden:
            raise PermissionDenied(_("This comment is hidden already."))

    @transaction.atomic
    def form_valid(self, form):
        reason = form.cleaned_data["reason"]
        self.comment.hide(by=self.request.user, reason=reason)
        AuditEntry.objects.create(
            jurisdiction_id=self.plan.jurisdiction_id,
            plan=self.plan,
            action="hide_comment",
            actor=self.request.user,
            note=f"#{self.comment.pk}: {reason}",
        )
        announce("comment_hidden", self.comment.pk)
        messages.success(self.request, _("The comment is hidden and its author is told why."))
        return self.back_to_comment()

    def get_context_data(self, **kwargs):
        return super().get_context_data(heading=_("Hide a comment"), **kwargs)


class HeardView(CachedPageMixin, PlanMixin, TemplateView):
    """What we heard, and what we did: input by principle with dispositions and counts. Kept
    whole per viewer too: what was heard moves the plan's and its jurisdiction's stamps."""

    template_name = "stakeholders/heard.html"
    page_params = ("page", "sessions")  # the page of the comments, of the listening sessions

    def page_cached(self):
        """Kept only at page numbers written plainly, so that ``?page=01`` and the like
        cannot fill the cache with copies of one page."""
        return all(self.request.GET[name] == page_number(self.request, name)
                   for name in self.page_params if name in self.request.GET)

    def get_context_data(self, **kwargs):
        can_record = self.request.user.has_perm("stakeholders.record_listening_session", self.plan)
        # rendered once per change of the plan or of what was heard on it (its updated_at),
        # per page of each list
        pages = tuple(page_number(self.request, name) for name in self.page_params)
        # its links between pages keep the address's other parameters: an address with
        # any is rendered for its viewer alone, never shared through the cache
        body = fragments.render(
            self.request, "stakeholders/_heard_body.html",
            (fragments.plan_stamp(self.plan), can_record, pages),
            lambda: self.body_context(can_record),
            keep=set(self.request.GET) <= set(self.page_params))
        return super().get_context_data(body=body, **kwargs)

    def body_context(self, can_record):
        plan = self.plan
        heard = Comment.objects.of_discussion(plan)
        counts = heard.aggregate(
            in_sight=Count("pk", filter=IN_SIGHT),
            hidden=Count("pk", filter=Q(hidden_at__isnull=False)),
            awaiting=Count("pk", filter=IN_SIGHT & Q(parent__isnull=True,
                                                     response__isnull=True)),
            **{f"disposition_{value}": Count("pk", filter=IN_SIGHT & Q(
                response__disposition=value)) for value in Disposition.values})
        on_principle = heard.in_sight().counts_by_target()["principle"]
        sessions = list(
            plan.listening_sessions.select_related("host")
            .prefetch_related(Prefetch("principles", to_attr="principle_list"))
        )
        by_principle = []
        for principle in [None, *Principle.objects.all()]:
            touched = [
                s
                for s in sessions
                if principle is None and not s.principle_list or principle in s.principle_list
            ]
            count = (on_principle.get(principle.pk, 0) if principle
                     else counts["in_sight"] - sum(on_principle.values()))
            by_principle.append((principle, touched, count))
        page = page_of(self.request, heard.conversations().in_sight().in_principle_order()
                       .values_list("pk", flat=True))
        # the comments of this page, read with all that they show; with several pages, the
        # sections that hold some of them only
        shown_here = dict(grouped_by_principle(
            comments_of(plan, only=list(page)),
            [principle for principle, _touched, _count in by_principle if principle]))
        listed = [(principle, shown_here[principle], touched, count)
                  for principle, touched, count in by_principle
                  if page.paginator.num_pages == 1 or shown_here[principle]]
        for number, session in enumerate(sessions):  # where the links to a session lead
            session.page_number = number // settings.PAGE_SIZE + 1
        return dict(
            plan=plan,
            by_principle=by_principle,
            listed=listed,
            page_obj=page,
            sessions=sessions,
            sessions_page=page_of(self.request, sessions, param="sessions"),
            disposition_counts=[
                (label, counts[f"disposition_{value}"])
                for value, label in Disposition.choices
            ]
            + [(_("Awaiting an official answer"), counts["awaiting"])],
            comment_count=counts["in_sight"],
            hidden_count=counts["hidden"],
            attendee_count=sum(s.attendees for s in sessions),
            can_record=can_record,
        )


class VoicesView(PlanMixin, TemplateView):
    """Which sectors took part in the consultation (through partners who commented and hosts
    of listening sessions), and which were missing."""

    template_name = "stakeholders/voices.html"

    def get_context_data(self, **kwargs):
        plan = self.plan
        organizations = partner_organizations(plan)
        authors = set(
            Comment.objects.filter(plan=plan).consultation().in_sight().values_list(
                "author_id", flat=True
            )
        )
        heard = {}
        for user_id in authors:
            organization = organizations.get(user_id)
            if organization is not None:
                heard.setdefault(organization.sector, set()).add(organization.name)
        for session in plan.listening_sessions.select_related("host"):
            if session.host is not None:
                heard.setdefault(session.host.sector, set()).add(session.host.name)
        sectors = [
            (label, sorted(heard.get(value, [])))
            for value, label in Organization.Sector.choices
            if value != Organization.Sector.OTHER
        ]
        return super().get_context_data(
            present=[(label, names) for label, names in sectors if names],
            missing=[label for label, names in sectors if not names],
            **kwargs,
        )


class ListeningSessionMixin(PlanMixin):
    permission_required = "stakeholders.record_listening_session"
    template_name = "stakeholders/listening_session_form.html"
    form_class = ListeningSessionForm
    model = ListeningSession

    def denied_message(self):
        return _("Only editors record listening sessions, until the plan is signed off.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "jurisdiction": self.plan.jurisdiction}

    def get_success_url(self):
        messages.success(self.request, _("The listening session is saved."))
        return reverse("stakeholders:heard", args=[self.plan.pk]) + "#sessions"


class ListeningSessionCreateView(ListeningSessionMixin, FormView):
    def form_valid(self, form):
        form.instance.plan, form.instance.recorded_by = self.plan, self.request.user
        form.save()
        return HttpResponseRedirect(self.get_success_url())


class ListeningSessionUpdateView(ListeningSessionMixin, UpdateView):
    def load(self):
        self.object = get_object_or_404(
            ListeningSession.objects.select_related("plan__jurisdiction"),
            pk=self.kwargs["pk"],
            plan__in=Plan.objects.visible_to(self.request.user),
        )
        self.plan = self.object.plan

    def get_object(self, queryset=None):
        return self.object
