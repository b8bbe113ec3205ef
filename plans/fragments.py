"""Rendered parts of the main pages, kept in Django's cache under keys that name exactly
what they show, so that a key never needs invalidating: it simply stops being asked for.

A plan's key carries its ``updated_at``, which moves whenever the plan or anything shown
with it changes (see ``touch_plan``, called from plans/signals.py); a signed snapshot's
key carries its digest. Every key carries the language. A fragment holding a form is
rendered with a placeholder for the CSRF token, put back per request on the way out.

The plan page, What we heard, the compare page and the public blueprint are also kept
whole, per viewer (``page``): their keys add the address, the viewer and their roles, and
the jurisdiction's ``changed_at``, which moves with any of its plans, their content or
their exports.
"""

import hashlib
import json

from django.contrib import messages
from django.core.cache import cache, caches
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac
from django.utils.safestring import mark_safe

from stakeholders.models import Jurisdiction

# Secret, so that nobody can write it into a comment or a title and have it replaced by
# each reader's token; the same in every process, so that a shared cache would work too.
CSRF_PLACEHOLDER = "csrf-" + salted_hmac("plans.fragments", "csrf placeholder").hexdigest()[:32]
# Keys move with every change they show (renames included: plans/signals.py); the caches'
# TIMEOUT (settings.CACHE_TIMEOUT) only lets memory go.


def touch_plan(plan_queryset):
    """Mark the plans of ``plan_queryset`` as changed now, so their fragments re-render, and
    their jurisdictions, so that the pages showing them do.

    The jurisdiction's row is written first: every writer takes it before any plan row (see
    ``touch_jurisdictions``), so that two transactions never wait on each other's rows.
    """
    now = timezone.now()
    touch_jurisdictions(Jurisdiction.objects.filter(plans__in=plan_queryset), now)
    plan_queryset.update(updated_at=now)


def touch_jurisdictions(jurisdiction_queryset, now=None):
    """Mark everything shown on the pages of these jurisdictions' plans as changed.

    This locks the jurisdiction's row until the transaction ends, as the workflow's
    ``_locked`` does; both do it before writing a plan's row, one order for every writer.
    """
    jurisdiction_queryset.update(changed_at=now or timezone.now())


def plan_stamp(plan):
    return f"{plan.pk}.{plan.updated_at.timestamp():.6f}"


def cache_key(kind, parts):
    raw = json.dumps([translation.get_language(), *parts], default=str)  # unambiguous
    return f"{kind}:" + hashlib.sha256(raw.encode()).hexdigest()


def with_token(request, html):
    if CSRF_PLACEHOLDER in html and not getattr(request, "_page_keeps_placeholder", False):
        html = html.replace(CSRF_PLACEHOLDER, get_token(request))
    return html


def render(request, template, key_parts, context, keep=True):
    """``template`` rendered with ``context`` (a callable, called on a miss only), from the
    cache when the same parts were rendered before; rendered but neither read nor kept when
    not ``keep`` (an address whose extra parameters the fragment's links would carry)."""
    if not keep:
        return mark_safe(render_to_string(template, context(), request=request))  # noqa: S308
    key = cache_key("fragment", (template, *key_parts))
    html = cache.get(key)
    if html is None:
        html = render_to_string(
            template, {**context(), "csrf_token": CSRF_PLACEHOLDER}, request=request)
        cache.set(key, html)
    return mark_safe(with_token(request, html))  # noqa: S308 - our templates escape


# --- whole pages, per viewer -----------------------------------------------------------------


def stamp_only(plans):
    """``plans`` narrowed to the columns that ``page_stamp`` and a permission check read (the
    consultation's dates decide who may comment today): the first, light query of a cached
    page, whose plan is read in full only to render it."""
    return plans.select_related(None).select_related("jurisdiction").only(
        "updated_at", "status", "consultation_opens", "consultation_closes",
        "jurisdiction__changed_at")


def page_stamp(plan):
    """The parts of a page key that name what a plan's page shows: the plan, and through its
    jurisdiction's ``changed_at`` (which a rename moves too) its other versions and its
    exports."""
    return (plan_stamp(plan), plan.jurisdiction.changed_at.timestamp())


def viewer(request):
    """Who is looking, as far as a page can differ: the header names them and their roles
    decide the links and actions offered."""
    user = request.user
    if not user.is_authenticated:
        return ("anonymous",)
    return (user.pk, str(user), user.is_active, user.is_staff, user.is_superuser,
            sorted((j, sorted(roles)) for j, roles in user.roles_by_jurisdiction().items()))


def page(request, key_parts, respond, params=()):
    """The whole page for this viewer: ``respond()`` (a TemplateResponse) on a miss, then
    the same bytes while nothing in the key changes.

    The key holds the address with its query, the language, the viewer and ``key_parts``,
    which name everything else the page shows. A page carrying one-time messages, asked for
    by htmx, or with a query parameter the view does not read (not in ``params``) is
    neither read from nor kept in the cache: made-up addresses cannot push pages out.
    """
    if (request.method != "GET" or getattr(request, "htmx", False)
            or len(messages.get_messages(request)) or set(request.GET) - set(params)):
        return respond()
    key = cache_key("page", (request.get_full_path(), *viewer(request), *key_parts))
    pages = caches["pages"]  # shared by every web process when it is Redis
    html = pages.get(key)
    if html is not None:
        return HttpResponse(with_token(request, html))
    request._page_keeps_placeholder = True  # fragments rendered for it keep it too
    try:
        response = respond()
        if isinstance(response, TemplateResponse):
            response.context_data["csrf_token"] = CSRF_PLACEHOLDER
            response.render()
    finally:
        del request._page_keeps_placeholder
    if response.streaming:
        return response
    if isinstance(response, TemplateResponse) and response.status_code == 200:
        pages.set(key, response.content.decode())
    response.content = with_token(request, response.content.decode())
    return response
