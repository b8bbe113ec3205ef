from django import template

from stakeholders.markup import render_comment

register = template.Library()


@register.filter
def comment_markup(text):
    return render_comment(text)
