"""Comments are plain text or a small Markdown subset; the HTML that reaches a page passes
an allow-list sanitizer (nh3), so raw HTML, scripts and javascript: links never do."""

import nh3
from django.utils.safestring import mark_safe
from markdown_it import MarkdownIt

ALLOWED_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "a", "code", "blockquote"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
ALLOWED_SCHEMES = {"http", "https", "mailto"}


# CommonMark (linear time, even on thousands of unclosed brackets), with a line break kept
# where the author pressed Enter; raw HTML passes the parser and nh3 removes it. One parser
# for the process: building it costs more than rendering a comment.
PARSER = MarkdownIt("commonmark", {"html": True, "breaks": True}).disable(
    ["image", "heading", "lheading", "code", "fence", "table", "hr"], ignoreInvalid=True
)


def render_comment(text):
    """Markdown to sanitized HTML, safe to put in a page."""
    html = PARSER.render(text).strip()
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_SCHEMES,
        link_rel="nofollow noopener noreferrer",
        strip_comments=True,
    )
    return mark_safe(clean)  # noqa: S308 - sanitized by nh3 above
