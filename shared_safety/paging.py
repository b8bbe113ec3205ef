"""Every list grows with an installation, so every list pages: one page size, one way to read
the page asked for, and one include that draws the links (templates/_pagination.html, with
the ``page_address`` tag of this module, loaded as ``{% load paging %}``)."""

import re

from django import template
from django.conf import settings
from django.core.paginator import Paginator

register = template.Library()
PLAIN_NUMBER = re.compile(r"[1-9][0-9]{0,5}")  # a million pages is past any list's end


def page_number(request, param="page"):
    """The page number that ``?page=`` (or ``param``) asks for, written plainly: "1" for
    anything but a plain number, so that a page kept in a cache has one address."""
    asked = request.GET.get(param, "")
    return asked if PLAIN_NUMBER.fullmatch(asked) else "1"


def page_of(request, items, per_page=None, param="page"):
    """The page of ``items`` (``settings.PAGE_SIZE`` of them) that ``?page=`` (or ``param``)
    asks for: two queries for a queryset (its count and the page) whatever its size. A
    number past the end gives the last page and anything else the first, so that an old or
    edited link lands on a list."""
    return Paginator(items, per_page or settings.PAGE_SIZE).get_page(page_number(request, param))


@register.simple_tag(takes_context=True)
def page_address(context, param, number):
    """This page's address with ``param`` set to ``number``, every other parameter (the
    filters, another list's page) kept."""
    query = context["request"].GET.copy()
    query[param] = number
    return f"?{query.urlencode()}"


class PagedListMixin:
    """For a ListView: pages of ``paginate_by`` (else ``settings.PAGE_SIZE``) read as
    ``page_of`` reads them: clamped, never a 404 for a page number."""

    def get_paginate_by(self, queryset):
        return self.paginate_by or settings.PAGE_SIZE

    def paginate_queryset(self, queryset, page_size):
        page = page_of(self.request, queryset, page_size)
        return page.paginator, page, page.object_list, page.has_other_pages()
