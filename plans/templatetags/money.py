"""Money and dates as the reader reads them: "$48,000,000", not "48000000.00"."""

from datetime import date
from decimal import Decimal, InvalidOperation

from django import template
from django.utils.formats import date_format, number_format

register = template.Library()


def as_decimal(value):
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


@register.filter
def usd(value):
    """US dollars, whole, grouped in the reader's language; "—" when there is no amount.
    Takes a Decimal or a snapshot's "48000000.00"."""
    amount = as_decimal(value)
    if amount is None:
        return "—"
    return "$" + number_format(amount, decimal_pos=0, force_grouping=True)


@register.filter
def iso_date(value, format_name="DATE_FORMAT"):
    """A snapshot's "2027-01-31" as a date in the reader's language."""
    if not value:
        return ""
    try:
        return date_format(date.fromisoformat(str(value)), format_name)
    except ValueError:
        return value


@register.filter
def abs_usd(value):
    """The size of a change in US dollars, for a sign written before it."""
    amount = as_decimal(value)
    return usd(abs(amount) if amount is not None else None)
