"""Property tests of HTML reading on tag soup: no crash, report text kept, scripts never prose.

Web pages are the least disciplined input trustcheck reads: unclosed and misnested tags, stray
entities, attributes with odd values, scripts and styles anywhere. Read through the public
``read_document`` (as bytes, as a fetched page is), any such page gives a ``Document`` whose
passage offsets are right, or a :class:`TrustcheckError`; a paragraph in ``<main>`` survives
whatever furniture surrounds it; and what is inside ``<script>`` or ``<style>`` is never read as
prose (JSON in scripts may only become data passages, by design).
"""

from __future__ import annotations

import re

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from trustcheck import Document, PassageKind, TrustcheckError, read_document

PROPERTY = settings(
    max_examples=80,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
DOCTYPE = "<!doctype html>\n"
MARKER = "zqxmarker"

TAGS = [
    "p", "div", "span", "a", "section", "table", "tr", "td", "th", "thead", "tbody", "ul", "ol",
    "li", "dl", "dt", "dd", "h1", "h2", "h3", "h6", "header", "footer", "nav", "aside", "form",
    "pre", "br", "hr", "b", "i", "caption", "button", "select", "svg", "template", "noscript",
    "details", "summary", "figure", "figcaption", "blockquote", "small", "iframe", "xmp", "title",
]  # fmt: skip
ATTRIBUTES = [
    "", ' class="cookie-banner"', ' class="content"', ' role="navigation"', ' role="main"',
    " hidden", ' aria-hidden="true"', ' colspan="0"', ' colspan="99999"', ' colspan="x"',
    ' id="__NEXT_DATA__"', ' aria-label="Breadcrumb"', ' style="display:none"',
]  # fmt: skip
TEXTS = st.sampled_from(
    [
        "Reports to NCMEC", "1,234", "12%", "Accept all cookies", "Home > Reports > 2024",
        "© 2024 Example", "Was this article helpful?", "&amp;", "&#0;", "&#x110000;", "&lt;p&gt;",
        "&nbsp;", "\u00a0", "\u202e", "\ufb01", "\x00", "\x0c", " ", "\n", "<", ">", "&", '"',
    ]
) | st.text(max_size=12)  # fmt: skip
PIECES = [
    "<main>", "</main>", "<article>", "</article>", "<!--", "-->", "<![CDATA[", "]]>", "<script>",
    "</script>", "<style>", "</style>", "<html>", "<body>", "</body>", "<head>", "<p", "</",
    '<script type="application/json">{"reports": 5}</script>', "<!doctype html>",
]  # fmt: skip
TOKENS = st.one_of(
    st.builds(lambda t, a: f"<{t}{a}>", st.sampled_from(TAGS), st.sampled_from(ATTRIBUTES)),
    st.builds(lambda t: f"</{t}>", st.sampled_from(TAGS)),
    st.sampled_from(PIECES),
    TEXTS,
)
TAG_SOUP = st.lists(TOKENS, max_size=40).map("".join)
# Soup that leaves the parser in its normal state: no open comment, raw-text element or half tag,
# inside which a following "<script>" would be text and not a script.
RAW_TEXT_OPENERS = ("<!--", "<![CDATA[", "<xmp", "<title", "<p", "</", "<script>", "<style>")
PLAIN_SOUP = st.lists(
    TOKENS.filter(
        lambda t: (
            t in ("<p>", "</p>")
            or "<" not in t
            or (re.fullmatch(r"<[^<>]+>", t) is not None and not t.startswith(RAW_TEXT_OPENERS))
        )
    ),
    max_size=40,
).map("".join)


def _read(html: str) -> Document | TrustcheckError:
    """Read ``html`` as a fetched page is read; check the document or the error contract."""
    try:
        document = read_document((DOCTYPE + html).encode("utf-8"), name="page.html", ocr=False)
    except TrustcheckError as err:
        assert "\n" not in err.one_line()
        return err
    assert document.format == "html"
    text = document.text
    for passage in document.passages:
        assert passage.text and text[passage.start : passage.end] == passage.text
    return document


def _prose(document: Document) -> str:
    return "\n".join(p.text for p in document.passages if p.kind != PassageKind.DATA)


@PROPERTY
@given(html=TAG_SOUP)
@example(html="<table><tr><td colspan='99999'>a</td></tr></table>")
@example(html="<p>" * 3000)
def test_tag_soup_reads_or_reports(html: str) -> None:
    assert isinstance(_read(html), Document | TrustcheckError)


@PROPERTY
@given(html=st.text(max_size=300))
def test_arbitrary_text_as_a_page_reads_or_reports(html: str) -> None:
    assert isinstance(_read(html), Document | TrustcheckError)


# Well-formed furniture around the report: balanced elements that never hold main or article.
FURNITURE_TAGS = [t for t in TAGS if t not in {"br", "hr", "title", "xmp", "p"}] + ["p"]
WELL_FORMED = st.recursive(
    TEXTS.map(lambda t: "".join(c for c in t if c.isprintable() and c not in "<&>")),
    lambda inner: st.builds(
        lambda tag, attrs, children: f"<{tag}{attrs}>{''.join(children)}</{tag}>",
        st.sampled_from(FURNITURE_TAGS),
        st.sampled_from(ATTRIBUTES),
        st.lists(inner, max_size=3),
    ),
    max_leaves=12,
)
REPORT_WORDS = st.lists(
    st.sampled_from(["we", "removed", "accounts", "reported", "material", "in", "2024", "hash"]),
    min_size=1,
    max_size=8,
).map(" ".join)


@PROPERTY
@given(before=WELL_FORMED, words=REPORT_WORDS, after=WELL_FORMED)
@example(before='<div role="main">Reports to NCMEC</div>', words="we", after="")
def test_a_paragraph_in_main_survives_any_furniture(before: str, words: str, after: str) -> None:
    sentence = f"{words} {MARKER}"
    document = _read(f"<body>{before}<main><p>{sentence}</p></main>{after}</body>")
    assert isinstance(document, Document)
    paragraphs = [p.text for p in document.passages if p.kind == PassageKind.PARAGRAPH]
    assert sentence in paragraphs


@PROPERTY
@given(
    before=PLAIN_SOUP,
    body=st.text(max_size=40).filter(lambda b: "<" not in b),
    tag=st.sampled_from(["script", "style"]),
)
@example(before="<main><p>", body="document.write('x')", tag="script")
@example(before="<table><tr><td>", body="p { color: red }", tag="style")
@example(before="<b>&amp;</b>", body="", tag="script")
def test_script_and_style_are_never_prose(before: str, body: str, tag: str) -> None:
    page = f"{before}<{tag}>var {MARKER} = 1; {body} {MARKER}</{tag}><p>after</p>"
    document = _read(page)
    if isinstance(document, Document):
        assert MARKER not in _prose(document).lower()
