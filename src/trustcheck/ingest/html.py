"""Reading HTML report pages with selectolax (lexbor): main content only, in document order.

Measured fastest of the parsers with the same boilerplate rules (dependencies.md). The page is
parsed once; figures in script JSON are collected before scripts are dropped; then navigation,
site headers and footers, cookie banners and similar furniture are removed by element name, ARIA
role and class/id hints, and the ``<main>`` or dominant ``<article>`` is walked in document order.
Headings build the heading path, list items and table rows keep their structure, and loose text in
containers (broken or div-soup HTML) is still read. Nothing is executed and nothing is fetched.
"""

from __future__ import annotations

import re
from typing import Any

from selectolax.lexbor import LexborHTMLParser, LexborNode

from trustcheck.document import PassageKind
from trustcheck.ingest.embedded_data import MAX_DATA_PASSAGES, data_values, script_json
from trustcheck.ingest.normalize import clean
from trustcheck.ingest.passages import PassageBuilder

_DROP_TAGS = (
    "script, style, noscript, template, svg, iframe, object, embed, canvas, button, select, "
    "input, textarea, nav, dialog, [hidden], [aria-hidden=true]"
)
_DROP_ROLES = {"navigation", "banner", "contentinfo", "search", "dialog", "alertdialog", "menubar"}
_HINTS = {
    "nav", "navbar", "navigation", "menu", "cookie", "cookies", "consent", "gdpr", "banner",
    "footer", "breadcrumb", "breadcrumbs", "skip", "share", "social", "newsletter", "popup",
    "modal", "sidebar", "masthead", "toolbar", "promo", "subscribe", "onetrust",
}  # fmt: skip
_PROTECTED = {"html", "body", "main", "article"}
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_BLOCKS = {
    "address", "article", "aside", "blockquote", "body", "center", "dd", "details", "dl", "dt",
    "div", "fieldset", "figcaption", "figure", "footer", "form", "header", "hr", "li", "main",
    "ol", "p", "pre", "section", "summary", "table", "ul", "caption", "tbody", "thead", "tfoot",
    "tr", "td", "th",
}  # fmt: skip
_TOKEN = re.compile(r"[a-z0-9]+")
_LONG_TEXT = 3000


def read_html(text: str, builder: PassageBuilder) -> tuple[str | None, list[str]]:
    """Read an HTML page into ``builder``; return its title and any warnings."""
    tree = LexborHTMLParser(text)
    warnings: list[str] = []
    data = _collect_script_data(tree)
    title_node = tree.css_first("title")
    title = clean(title_node.text()) if title_node is not None else ""
    _drop_boilerplate(tree)
    root = _content_root(tree)
    if not title:
        h1 = tree.css_first("h1")
        title = clean(h1.text(separator=" ")) if h1 is not None else ""
    if root is not None:
        _Walker(builder).block(root, PassageKind.PARAGRAPH)
    builder.reset_headings()
    for count, (label, value_text) in enumerate(data):
        if count >= MAX_DATA_PASSAGES:
            warnings.append(
                f"only the first {MAX_DATA_PASSAGES} figures in the page's script data were kept"
            )
            break
        builder.add(PassageKind.DATA, value_text, label=label)
    return title or None, warnings


def _collect_script_data(tree: LexborHTMLParser) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    seen: set[str] = set()
    for script in tree.css("script"):
        attrs = script.attributes
        body = script.text(deep=True) or ""
        for source, value in script_json(attrs.get("type") or "", attrs.get("id") or "", body):
            for item in data_values(source, value):
                if item.text not in seen:
                    seen.add(item.text)
                    out.append((item.label, item.text))
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
    names = f"{attrs.get('class') or ''} {attrs.get('id') or ''}".lower()
    return bool(_HINTS.intersection(_TOKEN.findall(names)))


def _drop_boilerplate(tree: LexborHTMLParser) -> None:
    for node in tree.css(_DROP_TAGS):
        if node.tag not in _PROTECTED:
            node.decompose()
    for node in tree.css("header, footer, aside"):
        if not _inside(node, {"main", "article"}):
            node.decompose()
    for node in tree.css("[role]"):
        role = (node.attributes.get("role") or "").lower()
        if role in _DROP_ROLES and node.tag not in _PROTECTED:
            node.decompose()
    for node in tree.css("[class], [id]"):
        if node.tag in _PROTECTED or not _hinted(node):
            continue
        if node.css_first("h1, main, article") is not None:
            continue  # a "hero banner" holding the page title is content
        if len(node.text(deep=True)) > _LONG_TEXT:
            continue
        node.decompose()


def _content_root(tree: LexborHTMLParser) -> LexborNode | None:
    body = tree.body
    if body is None:
        return tree.root
    total = len(clean(body.text(separator=" ")))
    main = tree.css_first("main, [role=main]")
    if main is not None and len(clean(main.text(separator=" "))) >= 0.2 * total:
        return main
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


def _has_block(node: LexborNode) -> bool:
    return any(child.tag in _BLOCKS or child.tag in _HEADINGS for child in node.traverse())


class _Walker:
    """Walks the content tree once, flushing loose inline text as paragraphs."""

    def __init__(self, builder: PassageBuilder) -> None:
        self.builder = builder
        self.buffer: list[str] = []

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
                self.builder.heading(_text_of(child), _HEADINGS[tag])
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
