"""Rendered parts of the main pages, kept in Django's cache under keys that name exactly
what they show, so that a key never needs invalidating: it simply stops being asked for.

A plan's key carries its ``updated_at``, which moves whenever the plan or anything shown
with it changes (see ``touch_plan``, called from plans/signals.py); a signed snapshot's
key carries its digest. Every key carries the language. A fragment holding a form is
rendered with a placeholder for the CSRF token, put back per request on the way out.
"""

import hashlib

from django.core.cache import cache
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import mark_safe

CSRF_PLACEHOLDER = "csrf-placeholder-4c1e0a7b"
TIMEOUT = 15 * 60  # names of people and of the catalogue are shown too: refresh them often


def touch_plan(plan_queryset):
    """Mark the plans of ``plan_queryset`` as changed now, so their fragments re-render."""
    plan_queryset.update(updated_at=timezone.now())


def plan_stamp(plan):
    return f"{plan.pk}.{plan.updated_at.timestamp():.6f}"


def render(request, template, key_parts, context):
    """``template`` rendered with ``context`` (a callable, called on a miss only), from the
    cache when the same parts were rendered before."""
    raw = ":".join(str(part) for part in (template, translation.get_language(), *key_parts))
    key = "fragment:" + hashlib.sha256(raw.encode()).hexdigest()
    html = cache.get(key)
    if html is None:
        html = render_to_string(
            template, {**context(), "csrf_token": CSRF_PLACEHOLDER}, request=request)
        cache.set(key, html, TIMEOUT)
    if CSRF_PLACEHOLDER in html:
        html = html.replace(CSRF_PLACEHOLDER, get_token(request))
    return mark_safe(html)  # noqa: S308 - rendered by our own templates, which escape
