"""Comments are plain text or a small Markdown subset; the HTML that reaches a page passes
an allow-list sanitizer (nh3), so raw HTML, scripts and javascript: links never do."""

import markdown
import nh3
from django.utils.safestring import mark_safe

ALLOWED_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "a", "code", "blockquote"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
ALLOWED_SCHEMES = {"http", "https", "mailto"}


def render_comment(text):
    """Markdown to sanitized HTML, safe to put in a page."""
    html = markdown.markdown(text, extensions=["nl2br", "sane_lists"], output_format="html")
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_SCHEMES,
        link_rel="nofollow noopener noreferrer",
        strip_comments=True,
    )
    return mark_safe(clean)  # noqa: S308 - sanitized by nh3 above
