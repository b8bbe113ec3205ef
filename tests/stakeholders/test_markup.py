"""Comments are plain text or a small Markdown subset: hostile input never reaches a page,
long input is refused by the form and stays cheap to render, and every script of the world
comes through as written."""

import re
import signal
import time
from contextlib import contextmanager
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest

from stakeholders.input import MAX_COMMENT_LENGTH
from stakeholders.markup import render_comment
from tests.stakeholders.test_consultation import (
    article,
    consultation_url,
    example_people,
    heard_url,
    plan_in_consultation,
    post_comment,
    signed_in,
    text,
    url,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    return example_people()


# What a comment may become: the subset the issue allows, and nothing else.
ALLOWED_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "a", "code", "blockquote"}
ALLOWED_SCHEMES = {"http", "https", "mailto"}
# nh3 keeps `title` and `lang` on any allowed tag: text for a tooltip, harmless.
GENERIC_ATTRIBUTES = {"title", "lang"}
REL = "nofollow noopener noreferrer"

HOSTILE = {
    "script tag": "<script>alert('xss')</script>Hello",
    "script split by a script": "<scr<script>ipt>alert('xss')</script>",
    "script in script": "<<script>script>alert('xss')<</script>/script>",
    "img onerror": '<img src="x" onerror="alert(\'xss\')">',
    "svg onload": "<svg onload=alert('xss')>",
    "onclick on an allowed tag": "<p onclick=\"alert('xss')\">Click me</p>",
    "onmouseover on a link": '<a href="https://example.org" onmouseover="alert(\'xss\')">x</a>',
    "style attribute": '<strong style="position:fixed;top:0">Big</strong>',
    "javascript: markdown link": "[click](javascript:alert('xss'))",
    "javascript: html link": "<a href=\"JaVaScRiPt:alert('xss')\">click</a>",
    "javascript: with spaces": "<a href=\"  javascript:alert('xss')\">click</a>",
    "javascript: as entities": "[click](&#106;avascript:alert('xss'))",
    "javascript: autolink": "<javascript:alert('xss')>",
    "vbscript: link": "[click](vbscript:msgbox)",
    "data: link": "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "data: image": "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    "iframe": '<iframe src="https://evil.example/"></iframe>',
    "style tag": "<style>body { display: none }</style>Hidden page",
    "form": '<form action="https://evil.example/"><input name="password"></form>',
    "meta refresh": '<meta http-equiv="refresh" content="0;url=javascript:alert(\'xss\')">',
    "base href": '<base href="https://evil.example/">',
    "math xlink": "<math><mi xlink:href=\"javascript:alert('xss')\">x</mi></math>",
    "html comment": "<!-- <script>alert('xss')</script> -->Visible",
    "object": '<object data="https://evil.example/x.swf"></object>',
}


class Tags(HTMLParser):
    """Every start tag of a piece of HTML, with its attributes."""

    def __init__(self, html):
        super().__init__()
        self.found = []
        self.scripts = []  # the text inside <script> and <style> elements
        self.feed(str(html))
        self.close()

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))
        if tag in {"script", "style"}:
            self.scripts.append("")

    def handle_startendtag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))

    def handle_data(self, data):
        if self.found and self.found[-1][0] in {"script", "style"}:
            self.scripts[-1] += data


def tag_names(tags):
    return {tag for tag, attributes in tags.found}


def assert_harmless(html):
    """Only allowed tags; no attribute but a link's href (of an allowed scheme) and rel, and
    the harmless generic ones."""
    for tag, attributes in Tags(html).found:
        assert tag in ALLOWED_TAGS, f"<{tag}> reached the page: {html}"
        allowed = GENERIC_ATTRIBUTES | ({"href", "rel"} if tag == "a" else set())
        assert set(attributes) <= allowed, f"<{tag} {attributes}> reached the page: {html}"
        if "href" in attributes:
            assert urlsplit(attributes["href"]).scheme in ALLOWED_SCHEMES, html
            assert attributes["rel"] == REL
    lowered = str(html).lower()
    assert "<script" not in lowered and "<iframe" not in lowered and "<style" not in lowered


def comment_body(response, comment):
    """The rendered body of one comment on a page."""
    return re.search(
        r'<div class="comment-body">(.*?)</div>', article(response, comment), re.S
    ).group(1)


class TooSlow(Exception):
    pass


@contextmanager
def finishes_within(seconds):
    """Fail with TimeoutError, rather than wait, once rendering has used ``seconds`` of CPU.

    CPU time of this process, not wall time: other work on a busy machine does not count.
    """

    def too_slow(signum, frame):
        raise TooSlow

    previous = signal.signal(signal.SIGPROF, too_slow)
    signal.setitimer(signal.ITIMER_PROF, seconds)
    try:
        yield
    except TooSlow:
        # A fresh exception: the interrupted frames deep in Markdown are of no use to a reader.
        raise TimeoutError(f"rendering used more than {seconds} s of CPU") from None
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)


# --- hostile input -------------------------------------------------------------------------


@pytest.mark.parametrize("hostile", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_input_is_rendered_harmless(hostile):
    assert_harmless(render_comment(hostile))


@pytest.mark.parametrize(
    ("hostile", "kept"),
    [
        (HOSTILE["script tag"], "Hello"),
        (HOSTILE["onclick on an allowed tag"], "<p>Click me</p>"),
        (HOSTILE["style attribute"], "<strong>Big</strong>"),
        (HOSTILE["style tag"], "Hidden page"),
        (HOSTILE["html comment"], "Visible"),
        (HOSTILE["javascript: html link"], f'<a rel="{REL}">click</a>'),
    ],
)
def test_the_harmless_part_of_hostile_input_stays(hostile, kept):
    html = render_comment(hostile)

    assert kept in html
    assert "alert" not in html and "display" not in html


def test_hostile_comments_reach_no_page_harmful(people):
    plan = plan_in_consultation(people)
    comments = [post_comment(people.partner, plan, hostile) for hostile in HOSTILE.values()]
    editor = signed_in(people.editor)

    consultation = editor.get(consultation_url(plan))
    for comment in comments:
        assert_harmless(comment_body(consultation, comment))
    heard = editor.get(heard_url(plan)).content.decode()
    for page in [
        editor.get(url("reply", comments[0])),
        editor.get(url("respond", comments[3])),
        signed_in(people.partner).get(url("comment_edit", comments[4])),
    ]:
        quoted = re.search(
            r'<blockquote class="card[^>]*>.*?<div>(.*?)</div>', page.content.decode(), re.S
        )
        assert_harmless(quoted.group(1))
    for page in [consultation.content.decode(), heard]:
        tags = Tags(page)
        for tag, attributes in tags.found:
            assert not set(attributes) & {"onerror", "onload", "onclick", "onmouseover"}, tag
            for value in attributes.values():
                assert "javascript:" not in (value or "") and "evil.example" not in (value or "")
        assert tag_names(tags) & {"iframe", "object", "form", "svg", "math", "img", "base"} <= {
            "form",  # the page's own forms (sign out, language), checked below
            "img",  # the planner's own mark, in the header and the footer
        }
        assert all("evil" not in (a.get("action") or "") for t, a in tags.found if t == "form")
        assert {a.get("src") for t, a in tags.found if t == "img"} == {"/static/favicon.svg"}
        assert not any("alert" in script for script in tags.scripts)


# --- allowed Markdown ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("markdown", "html"),
    [
        ("Make it **bold**.", "<p>Make it <strong>bold</strong>.</p>"),
        ("Say it *softly*.", "<p>Say it <em>softly</em>.</p>"),
        ("- housing\n- jobs", "<ul>\n<li>housing</li>\n<li>jobs</li>\n</ul>"),
        ("1. listen\n2. act", "<ol>\n<li>listen</li>\n<li>act</li>\n</ol>"),
        (
            "See [the report](https://example.org/report).",
            f'<p>See <a href="https://example.org/report" rel="{REL}">the report</a>.</p>',
        ),
        (
            "<https://example.org/auto>",
            f'<p><a href="https://example.org/auto" rel="{REL}">https://example.org/auto</a></p>',
        ),
        (
            "[Write to us](mailto:plan@example.org)",
            f'<p><a href="mailto:plan@example.org" rel="{REL}">Write to us</a></p>',
        ),
        ("> They said so.", "<blockquote>\n<p>They said so.</p>\n</blockquote>"),
        ("Run `make plan`.", "<p>Run <code>make plan</code>.</p>"),
        ("line one\nline two", "<p>line one<br>\nline two</p>"),
        ("1 < 2 & 3 > 2", "<p>1 &lt; 2 &amp; 3 &gt; 2</p>"),
    ],
)
def test_the_small_markdown_subset_renders(markdown, html):
    assert render_comment(markdown) == html


def test_markdown_outside_the_subset_keeps_its_text_only():
    html = render_comment("# A heading\n\n![a picture](https://example.org/p.png)\n\nText.")

    assert "A heading" in html and "Text." in html
    assert "<h1" not in html and "<img" not in html
    assert_harmless(html)


def test_allowed_markdown_renders_on_the_consultation_page(people):
    plan = plan_in_consultation(people)
    comment = post_comment(
        people.partner, plan, "**Housing** first, *then* jobs:\n\n- [plan](https://example.org)"
    )

    body = comment_body(signed_in(people.neighbour).get(consultation_url(plan)), comment)

    assert "<strong>Housing</strong>" in body and "<em>then</em>" in body
    assert f'<li><a href="https://example.org" rel="{REL}">plan</a></li>' in body


# --- unicode -------------------------------------------------------------------------------

UNICODE = {
    "accents": "Café, crème brûlée, São Paulo, Łódź, naïve résumé",
    "right to left": "السلامة للجميع — שלום לכולם",
    "emoji": "Safe streets 🙂👩🏽‍⚕️🏳️‍🌈",
    "east asian": "社区安全 · 지역 안전 · 地域の安全",
}


@pytest.mark.parametrize("written", UNICODE.values(), ids=UNICODE.keys())
def test_unicode_comes_through_as_written(written):
    assert render_comment(written) == f"<p>{written}</p>"


def test_unicode_comes_through_on_the_page(people):
    plan = plan_in_consultation(people)
    written = " ".join(UNICODE.values())
    comment = post_comment(people.partner, plan, written)

    page = signed_in(people.neighbour).get(consultation_url(plan))

    assert page["Content-Type"] == "text/html; charset=utf-8"
    assert comment_body(page, comment) == f"<p>{written}</p>"


# --- long input ----------------------------------------------------------------------------

TOO_LONG = f"Ensure this value has at most {MAX_COMMENT_LENGTH} characters (it has 100000)."


def test_the_comment_form_refuses_100_kb(people):
    plan = plan_in_consultation(people)
    client = signed_in(people.partner)

    page = client.post(consultation_url(plan), {"about": "plan", "body": "a" * 100_000})

    assert page.status_code == 200
    assert TOO_LONG in text(page)
    assert not plan.comments.exists()
    longest = client.post(
        consultation_url(plan), {"about": "plan", "body": "a" * MAX_COMMENT_LENGTH}
    )
    assert longest.status_code == 302
    assert plan.comments.count() == 1


def test_the_reply_and_edit_forms_refuse_100_kb(people):
    plan = plan_in_consultation(people)
    comment = post_comment(people.partner, plan, "Short.")

    reply = signed_in(people.editor).post(url("reply", comment), {"body": "b" * 100_000})
    edit = signed_in(people.partner).post(url("comment_edit", comment), {"body": "c" * 100_000})

    for page in [reply, edit]:
        assert page.status_code == 200
        assert TOO_LONG in text(page)
    comment.refresh_from_db()
    assert comment.body == "Short."
    assert plan.comments.count() == 1


BIG = {
    "one word": "a" * 100_000,
    "words": "word " * 20_000,
    "paragraphs": "A sentence of a comment.\n\n" * 4_000,
    "links": "[a](https://example.org) " * 4_000,
    "closed brackets": "[a] " * 25_000,
    "less-than signs": "<" * 100_000,
    "backticks": "`" * 100_000,
    "unicode": "🙂é" * 33_000,
}


@pytest.mark.parametrize("big", BIG.values(), ids=BIG.keys())
def test_rendering_100_kb_of_text_stays_fast(big):
    started = time.process_time()
    with finishes_within(1.0):
        html = render_comment(big)

    assert time.process_time() - started < 1.0
    assert_harmless(html)


AT_THE_LIMIT = {
    "list items": "- item\n" * (MAX_COMMENT_LENGTH // 7),
    "emphasis": "*a* **b** " * (MAX_COMMENT_LENGTH // 10),
    "tags": "<b>" * (MAX_COMMENT_LENGTH // 3),
    "quote marks": ">" * MAX_COMMENT_LENGTH,
    "quoted lines": "> a\n" * (MAX_COMMENT_LENGTH // 4),
    "unclosed links": "[a](" * (MAX_COMMENT_LENGTH // 16),
}


@pytest.mark.parametrize("markup", AT_THE_LIMIT.values(), ids=AT_THE_LIMIT.keys())
def test_a_comment_the_form_accepts_renders_within_a_second(markup):
    assert len(markup) <= MAX_COMMENT_LENGTH
    with finishes_within(1.0):
        assert_harmless(render_comment(markup))


# Python-Markdown's inline patterns backtrack over unclosed brackets: n of them cost O(n²),
# over 6 s for 10,000 here, paid again on every view of every page that shows the comment.
UNCLOSED_BRACKETS = {
    "open brackets": "[" * MAX_COMMENT_LENGTH,
    "bracketed words": "[a " * (MAX_COMMENT_LENGTH // 3),
}


@pytest.mark.parametrize("markup", UNCLOSED_BRACKETS.values(), ids=UNCLOSED_BRACKETS.keys())
def test_unclosed_brackets_the_form_accepts_render_within_a_second(markup):
    assert len(markup) <= MAX_COMMENT_LENGTH
    with finishes_within(1.0):
        render_comment(markup)
