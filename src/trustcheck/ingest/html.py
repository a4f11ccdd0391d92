"""Reading HTML report pages with selectolax (lexbor): main content only, in document order.

Measured fastest of the parsers with the same boilerplate rules (dependencies.md). The page is
parsed once; figures in script JSON are collected before scripts are dropped; then navigation,
site headers and footers, cookie banners and similar furniture are removed by element name, ARIA
role and class/id hints, and the ``<main>`` or dominant ``<article>`` is walked in document order.
Headings build the heading path, list items and table rows keep their structure, and loose text in
containers (broken or div-soup HTML) is still read. Headings set in styled markup are headings
too: ``role="heading"`` with its ``aria-level``, a short ``div`` or ``span`` whose class names it a
heading or title (``section-title``, ``heading-2``), and a short bold line standing alone.
Nothing is executed and nothing is fetched.
Pages nested deeper than browsers allow are refused before parsing (``html_depth``), and the
furniture rules check the time budget as they go.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from selectolax.lexbor import LexborHTMLParser, LexborNode

from trustcheck.document import PassageKind
from trustcheck.ingest.embedded_data import (
    MAX_DATA_PASSAGES,
    DataRecord,
    DataValue,
    data_values,
    script_json,
)
from trustcheck.ingest.html_depth import check_nesting, check_tree_depth
from trustcheck.ingest.limits import Budget
from trustcheck.ingest.normalize import clean
from trustcheck.ingest.passages import PassageBuilder

_DROP_TAGS = (
    "script, style, noscript, template, svg, iframe, object, embed, canvas, button, select, "
    "input, textarea, nav, dialog, [hidden], [aria-hidden=true], [aria-busy=true]"
)
_DROP_ROLES = {"navigation", "banner", "contentinfo", "search", "dialog", "alertdialog", "menubar"}
_HINTS = {
    "nav", "navbar", "navigation", "menu", "cookie", "cookies", "consent", "gdpr", "banner",
    "footer", "foot", "breadcrumb", "breadcrumbs", "crumb", "crumbs", "skip", "share", "sharing",
    "social", "newsletter", "popup", "modal", "sidebar", "masthead", "toolbar", "promo",
    "subscribe", "onetrust", "feedback", "helpful", "skeleton", "spinner",
}  # fmt: skip
"""Whole words in a class, id or aria-label that mark site furniture rather than the report."""
_HINT_STEMS = ("cookie", "consent", "breadcrumb", "gdpr", "onetrust", "skiplink", "skipnav")
"""Stems that mark furniture even inside a longer word (``cookiebar``, ``cookieBanner``)."""
_CONSENT = re.compile(
    r"\b(?:use|uses|using|set|sets|place|places)\s+(?:[\w-]+\s+){0,4}?cookies\b"
    r"|\bcookie (?:settings|preferences|policy|notice|choices)\b|\baccept(?: all)? cookies\b",
    re.I,
)
_CONSENT_ACTION = re.compile(
    r"\b(?:accept|allow|agree|decline|reject|refuse|ok|got it|no thanks|manage|settings|"
    r"preferences|choices|customi[sz]e|learn more|details|opt out)\b",
    re.I,
)
_CONSENT_MAX = 800
_SKIP_LINK = re.compile(
    r"^(?:skip|jump)\s+(?:to|navigation)\b|^(?:skip|jump)\s+\w+\s+(?:content|navigation)", re.I
)
_FEEDBACK = re.compile(
    r"^(?:was|is|did) this (?:article|page|answer|information|post)(?: \w+)? helpful\b", re.I
)
_RELATED = re.compile(
    r"^(?:related|more|recommended|popular)\s+(?:articles|posts|stories|reading|links|pages)\b"
    r"|^(?:share|share this(?: \w+)?)\s*:",
    re.I,
)
_CRUMB_SEPARATORS = set(">›»/→|\\")
_SMALL = 300
_CUE_CONTAINERS = "div, section, p, span, ul, ol, li, form, small"
_PROTECTED = {"html", "body", "main", "article"}
_CONTENT = {"main", "article"}
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_BLOCKS = {
    "address", "article", "aside", "blockquote", "body", "center", "dd", "details", "dl", "dt",
    "div", "fieldset", "figcaption", "figure", "footer", "form", "header", "hr", "li", "main",
    "ol", "p", "pre", "section", "summary", "table", "ul", "caption", "tbody", "thead", "tfoot",
    "tr", "td", "th",
}  # fmt: skip
_TOKEN = re.compile(r"[a-z0-9]+")
_HEADING_CLASS = re.compile(
    r"(?:^|[\s_-])(?:(?:sub|section|page|card|block|chart|panel|report)?[-_]?(?:heading|headline|"
    r"title)|h([1-6]))(?:[-_]?([1-6]))?(?:$|[\s_-])",
    re.I,
)
_NOT_HEADING_CLASS = re.compile(
    r"tooltip|label|caption|subtitle-text|visually-hidden|sr-only", re.I
)
_MAX_STYLED_HEADING = 120
_BOLD = {"strong", "b"}
_LONG_TEXT = 3000


def read_html(text: str, builder: PassageBuilder) -> tuple[str | None, list[str]]:
    """Read an HTML page into ``builder``; return its title and any warnings."""
    budget = builder.budget
    check_nesting(text, budget.source)
    tree = LexborHTMLParser(text)
    if tree.root is not None:
        check_tree_depth(tree.root, budget.source)
    warnings: list[str] = []
    data = _collect_script_data(tree, warnings)
    title_node = tree.css_first("title")
    title = clean(title_node.text()) if title_node is not None else ""
    _drop_boilerplate(tree, budget)
    root = _content_root(tree)
    if not title:
        h1 = tree.css_first("h1")
        title = clean(h1.text(separator=" ")) if h1 is not None else ""
    if root is not None:
        walker = _Walker(builder)
        walker.block(root, PassageKind.PARAGRAPH)
        walker.flush(PassageKind.PARAGRAPH)  # loose text at the very end of the content
    builder.reset_headings()
    titles: tuple[str, ...] = ()
    for count, item in enumerate(data):
        if count >= MAX_DATA_PASSAGES:
            warnings.append(
                f"only the first {MAX_DATA_PASSAGES} figures in the page's script data were kept"
            )
            break
        if isinstance(item, DataRecord):
            if item.titles != titles:
                same = 0  # open headings shared with the record before: not repeated
                while same < min(len(titles), len(item.titles)) and (
                    titles[same] == item.titles[same]
                ):
                    same += 1
                builder.close_headings(same + 1)
                for level, heading in enumerate(item.titles[same:], start=same + 1):
                    builder.heading(heading, level)
                titles = item.titles
            builder.add(
                PassageKind.TABLE_ROW,
                item.text,
                cells=item.cells,
                columns=item.columns,
                label=item.label,
                source_path=item.path,
            )
            continue
        if titles:
            builder.reset_headings()
            titles = ()
        builder.add(PassageKind.DATA, item.text, label=item.label, source_path=item.path)
    return title or None, warnings


def _collect_script_data(
    tree: LexborHTMLParser, warnings: list[str]
) -> list[DataValue | DataRecord]:
    """Every labelled figure, stated period and record in the page's scripts, each only once."""
    out: list[DataValue | DataRecord] = []
    seen: set[tuple[str, ...]] = set()
    for script in tree.css("script"):
        attrs = script.attributes
        body = script.text(deep=True) or ""
        kind, name = attrs.get("type") or "", attrs.get("id") or ""
        for source, value in script_json(kind, name, body, warnings):
            for item in data_values(source, value):
                key = (
                    (*item.titles, *item.columns, item.text)
                    if isinstance(item, DataRecord)
                    else (item.text,)
                )
                if key not in seen:
                    seen.add(key)
                    out.append(item)
    return out


def _inside(node: LexborNode, tags: set[str]) -> bool:
    parent = node.parent
    while parent is not None:
        if parent.tag in tags:
            return True
        parent = parent.parent
    return False


def _hinted(node: LexborNode) -> bool:
    attrs = node.attributes
    names = " ".join(attrs.get(a) or "" for a in ("class", "id", "aria-label"))
    names = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", names).lower()
    if _HINTS.intersection(_TOKEN.findall(names)):
        return True
    return any(stem in names for stem in _HINT_STEMS)


def _link_text(node: LexborNode) -> str:
    return " ".join(clean(a.text(separator=" ")) for a in node.css("a"))


def _is_breadcrumb(node: LexborNode, text: str) -> bool:
    """A short trail of links joined by separators (``Home > Reports > 2024``).

    The text left once the links are taken out must be only separators, except after the last
    one, where the current page's name may stand unlinked.
    """
    links = node.css("a")
    if len(links) < 2 or len(text) > _SMALL:
        return False
    rest = text
    for link in links:
        link_text = clean(link.text(separator=" "))
        if not link_text or link_text not in rest:
            return False
        rest = rest.replace(link_text, " ", 1)
    separators = [i for i, c in enumerate(rest) if c in _CRUMB_SEPARATORS]
    if len(separators) < len(links) - 1:
        return False
    head = rest[: separators[-1]] if separators else rest
    return all(c in _CRUMB_SEPARATORS or c.isspace() for c in head)


def _is_consent_banner(node: LexborNode, text: str) -> bool:
    """A small box that says the site uses cookies and offers a choice as a link or button.

    Both are needed: a report's own sentence about cookies has no Accept/OK control beside it.
    """
    if len(text) > _CONSENT_MAX or not _CONSENT.search(text):
        return False
    if node.css_first("h1, h2, h3, table, main, article") is not None:
        return False
    controls = node.css("a, button")
    return any(_CONSENT_ACTION.search(clean(c.text(separator=" "))) for c in controls)


def _is_prompt(node: LexborNode, text: str) -> bool:
    """Page furniture inside an article too: "Was this article helpful?" and link lists
    introduced as related reading or sharing ("Related articles: A · B", "Share this post: X")."""
    if len(text) > _SMALL:
        return False
    if _FEEDBACK.match(text):
        return True
    return bool(_RELATED.match(text)) and len(node.css("a")) >= 2 and _link_share(node, text) >= 0.4


def _is_copyright_strip(node: LexborNode, text: str) -> bool:
    """A short strip of bare links with a copyright line: a footer without ``<footer>``.

    A third of the text as links is enough: the company name beside the © is often long.
    """
    if len(text) > _SMALL or "©" not in text or len(node.css("a")) < 2:
        return False
    return _link_share(node, text) >= 0.35


def _link_share(node: LexborNode, text: str) -> float:
    """How much of the text (spaces aside) is link text."""
    total = len(text.replace(" ", ""))
    return len(_link_text(node).replace(" ", "")) / total if total else 0.0


def _outermost(nodes: list[LexborNode]) -> list[LexborNode]:
    """Drop nodes inside another dropped node, so nothing is decomposed twice."""
    ids = {n.mem_id for n in nodes}
    out = []
    for node in nodes:
        parent = node.parent
        while parent is not None and parent.mem_id not in ids:
            parent = parent.parent
        if parent is None:
            out.append(node)
    return out


def _decompose(nodes: list[LexborNode]) -> None:
    for node in _outermost([n for n in nodes if n.tag not in _PROTECTED]):
        node.decompose()


def _drop_boilerplate(tree: LexborHTMLParser, budget: Budget) -> None:
    """Remove site furniture so only the report's own text is read.

    Rules run from the surest to the most inferred: element names, then ARIA roles, then
    class/id/aria-label hints, then text cues. Hints and text cues only remove small containers
    (long text is kept whatever its class says) that hold no page title; text cues for banners,
    breadcrumbs and footers apply only outside ``<main>``/``<article>``, where the report is not.
    """
    _decompose(_cued(tree, budget, _is_consent_banner, outside_only=True))
    _decompose(tree.css(_DROP_TAGS))
    _decompose([n for n in tree.css("header, footer, aside") if not _inside(n, _CONTENT)])
    _decompose(
        [n for n in tree.css("[role]") if (n.attributes.get("role") or "").lower() in _DROP_ROLES]
    )
    hinted = []
    for node in tree.css("[class], [id], [aria-label]"):
        budget.check_time("removing site furniture")
        if node.tag in _PROTECTED or not _hinted(node):
            continue
        if node.css_first("h1, main, article") is not None:
            continue  # a "hero banner" holding the page title is content
        if len(node.text(deep=True)) > _LONG_TEXT:
            continue
        hinted.append(node)
    _decompose(hinted)
    _decompose([a for a in tree.css("a") if _SKIP_LINK.match(clean(a.text(separator=" ")))])
    _decompose(_cued(tree, budget, _is_prompt, outside_only=False))
    _decompose(
        _cued(
            tree,
            budget,
            lambda node, text: _is_breadcrumb(node, text) or _is_copyright_strip(node, text),
            outside_only=True,
        )
    )


def _cued(
    tree: LexborHTMLParser,
    budget: Budget,
    test: Callable[[LexborNode, str], bool],
    *,
    outside_only: bool,
) -> list[LexborNode]:
    """Containers that ``test`` recognises as furniture by their text (never a title holder)."""
    found = []
    for node in tree.css(_CUE_CONTAINERS):
        budget.check_time("removing site furniture")
        if outside_only and _inside(node, _CONTENT):
            continue
        text = clean(node.text(separator=" "))
        if text and node.css_first("h1, main, article") is None and test(node, text):
            found.append(node)
    return found


def _content_root(tree: LexborHTMLParser) -> LexborNode | None:
    body = tree.body
    if body is None:
        return tree.root
    total = len(clean(body.text(separator=" ")))
    mains = _outermost(tree.css("main, [role=main]"))
    if len(mains) == 1 and len(clean(mains[0].text(separator=" "))) >= 0.2 * total:
        return mains[0]  # two separate "main" areas say nothing sure: read around them too
    articles = tree.css("article")
    if articles:
        best = max(articles, key=lambda a: len(a.text(separator=" ")))
        if len(clean(best.text(separator=" "))) >= 0.3 * total:
            return best
    return body


def _text_of(node: LexborNode) -> str:
    """Visible text of an element: text nodes joined, ``<br>`` and block edges as spaces."""
    parts: list[str] = []
    for child in node.traverse(include_text=True):
        tag = child.tag
        if tag == "-text":
            parts.append(child.text_content or "")
        elif tag == "br" or tag in _BLOCKS:
            parts.append(" ")
    return "".join(parts)


def _bold_alone(node: LexborNode, text: str) -> bool:
    """The block holds one short line, all of it bold, that does not end as a sentence."""
    if len(text) > 80 or len(text.split()) > 10 or text.endswith((".", ",", ";", "!", "?")):
        return False
    bold = [child for child in node.iter(include_text=True) if child.tag in _BOLD]
    loose = "".join(
        child.text_content or "" for child in node.iter(include_text=True) if child.tag == "-text"
    )
    return len(bold) == 1 and not loose.strip() and clean(_text_of(bold[0])) == text


def _has_inner_block(node: LexborNode) -> bool:
    """A block or heading element inside ``node`` (``traverse`` starts with the node itself)."""
    own = node.mem_id
    return any(
        (child.tag in _BLOCKS or child.tag in _HEADINGS) and child.mem_id != own
        for child in node.traverse()
    )


def _has_block(node: LexborNode) -> bool:
    return any(child.tag in _BLOCKS or child.tag in _HEADINGS for child in node.traverse())


class _Walker:
    """Walks the content tree once, flushing loose inline text as paragraphs."""

    def __init__(self, builder: PassageBuilder) -> None:
        self.builder = builder
        self.buffer: list[str] = []
        self.level = 1
        """The level of the last heading set as one (h1-h6, role or class)."""

    def heading(self, text: str, level: int) -> None:
        self.builder.heading(text, level)
        self.level = level

    def styled_heading(self, node: LexborNode) -> int | None:
        """The level of a heading set in styled markup, or None when ``node`` is not one.

        ``role="heading"`` takes its ``aria-level`` (2 when it has none); a class naming a
        heading or title takes the digit in it, else the level below the last heading; a short
        bold line alone in its block is a heading one below the last heading.
        """
        attrs = node.attributes
        tag = node.tag or ""
        if tag not in ("div", "span", "p", "strong", "b", "a", "section", "header", "label"):
            return None
        role = (attrs.get("role") or "").lower()
        classes = attrs.get("class") or ""
        if role != "heading" and not classes and tag not in ("p", "div"):
            return None
        if _has_inner_block(node):
            return None
        text = clean(_text_of(node))
        if not text or len(text) > _MAX_STYLED_HEADING or not any(c.isalpha() for c in text):
            return None
        if role == "heading":
            level = attrs.get("aria-level") or ""
            found = int(level) if level.isdigit() and 1 <= int(level) <= 6 else 2
            self.level = found
            return found
        match = _HEADING_CLASS.search(classes)
        if match and not _NOT_HEADING_CLASS.search(classes) and not text.endswith((".", ",")):
            digit = match.group(1) or match.group(2)
            found = int(digit) if digit else min(self.level + 1, 6)
            if digit:
                self.level = found
            return found
        if tag in ("p", "div") and _bold_alone(node, text):
            return min(self.level + 1, 6)
        return None

    def flush(self, kind: PassageKind) -> None:
        if self.buffer:
            self.builder.add(kind, "".join(self.buffer))
            self.buffer = []

    def block(self, node: LexborNode, kind: PassageKind) -> None:
        for child in node.iter(include_text=True):
            tag = child.tag or ""
            if tag == "-text":
                self.buffer.append(child.text_content or "")
            elif tag in _HEADINGS:
                self.flush(kind)
                self.heading(_text_of(child), _HEADINGS[tag])
            elif (level := self.styled_heading(child)) is not None:
                self.flush(kind)
                self.builder.heading(_text_of(child), level)
            elif tag in ("ul", "ol", "dl"):
                self.flush(kind)
                self.block(child, PassageKind.LIST_ITEM)
            elif tag in ("li", "dt", "dd"):
                self.flush(kind)
                self.block(child, PassageKind.LIST_ITEM)
                self.flush(PassageKind.LIST_ITEM)
            elif tag == "table":
                self.flush(kind)
                self.table(child)
            elif tag in ("p", "pre") and not _has_block(child):
                self.flush(kind)
                self.builder.add(kind, _text_of(child))
            elif tag in _BLOCKS:
                self.flush(kind)
                self.block(child, kind)
                self.flush(kind)
            elif tag == "br":
                self.buffer.append(" ")
            elif tag.startswith("#") or tag == "-comment":
                continue
            elif _has_block(child):
                self.block(child, kind)
            else:
                self.buffer.append(_text_of(child))
        self.builder.budget.check_time()

    def table(self, table: LexborNode) -> None:
        caption = table.css_first("caption")
        if caption is not None:
            self.builder.add(PassageKind.PARAGRAPH, _text_of(caption))
        columns: list[str] | None = None
        data_started = False
        for cells, header in _rows(table):
            if header and not data_started:
                columns = cells if columns is None else _merge_headers(columns, cells)
                continue
            data_started = True
            self.builder.table_row(cells, columns)


def _merge_headers(upper: list[str], lower: list[str]) -> list[str]:
    width = max(len(upper), len(lower))
    upper = upper + [""] * (width - len(upper))
    lower = lower + [""] * (width - len(lower))
    return [f"{a} {b}".strip() if a != b else a for a, b in zip(upper, lower, strict=True)]


def _rows(table: LexborNode) -> list[tuple[list[str], bool]]:
    """The table's own rows (not those of nested tables) as (cells, is_header_row)."""
    rows: list[tuple[list[str], bool]] = []
    for section in table.iter():
        groups: list[tuple[Any, bool]]
        if section.tag == "tr":
            groups = [(section, False)]
        elif section.tag in ("thead", "tbody", "tfoot"):
            groups = [(tr, section.tag == "thead") for tr in section.iter() if tr.tag == "tr"]
        else:
            continue
        for tr, in_head in groups:
            cells: list[str] = []
            all_th = True
            for cell in tr.iter():
                if cell.tag not in ("td", "th"):
                    continue
                all_th = all_th and cell.tag == "th"
                text = clean(_text_of(cell))
                span = cell.attributes.get("colspan") or "1"
                width = int(span) if span.isdigit() and 0 < int(span) <= 50 else 1
                cells.extend([text] + [text if in_head or all_th else ""] * (width - 1))
            if cells:
                rows.append((cells, in_head or all_th))
    return rows
