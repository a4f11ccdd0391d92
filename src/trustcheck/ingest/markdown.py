"""Reading Markdown with markdown-it-py (CommonMark plus GitHub pipe tables).

A maintained CommonMark parser gets the edge cases right (setext headings, lazy continuation,
nested lists, escaped pipes) that a regex reader would not. The token stream is walked once:
headings feed the heading path, paragraphs inside list items become ``list_item`` passages, and
table rows become ``table_row`` passages whose ``columns`` come from the header row. Markdown
converted from PDF goes through ``text_flow`` as plain text does: sentences wrapped across blank
lines are joined, and running headers, page numbers, banners and contents pages are furniture.
"""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.token import Token

from trustcheck.document import PassageKind
from trustcheck.ingest.normalize import clean
from trustcheck.ingest.passages import PassageBuilder
from trustcheck.ingest.text_flow import Flow, hyphenated, running_keys


def _inline_text(token: Token) -> str:
    """Plain text of an inline token: markup dropped, link text kept, breaks as spaces; a word
    hyphenated at a line break (``pro-`` / ``tection``) is joined, as converted text has it."""
    parts: list[str] = []
    children = token.children or []
    for index, child in enumerate(children):
        if child.type in ("text", "code_inline", "html_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            after = children[index + 1].content if index + 1 < len(children) else ""
            if parts and hyphenated(parts[-1], after):
                parts[-1] = parts[-1][:-1]
            else:
                parts.append(" ")
        elif child.type == "image":
            parts.append(child.content)
    return "".join(parts)


def read_markdown(text: str, builder: PassageBuilder) -> str | None:
    """Read Markdown into ``builder``; return the first top-level heading as the title."""
    lines = text.split("\n")
    builder.budget.check_lines(lines)
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    single = [
        block.strip() for block in "\n".join(lines).split("\n\n") if block.strip().count("\n") == 0
    ]
    flow = Flow(builder, running=running_keys(single), lines=lambda: lines)
    title: str | None = None
    list_depth = 0
    in_item_paragraph = False
    heading_level: int | None = None
    row: list[str] | None = None
    columns: list[str] | None = None
    in_head = False
    for token in tokens:
        kind = token.type
        if kind == "heading_open":
            heading_level = int(token.tag[1])
        elif kind == "heading_close":
            heading_level = None
        elif kind in ("bullet_list_open", "ordered_list_open"):
            list_depth += 1
        elif kind in ("bullet_list_close", "ordered_list_close"):
            list_depth -= 1
        elif kind == "paragraph_open":
            in_item_paragraph = list_depth > 0
        elif kind == "thead_open":
            flow.before_other()
            in_head, columns = True, []
        elif kind == "thead_close":
            in_head = False
        elif kind == "table_close":
            columns = None
        elif kind == "tr_open":
            row = []
        elif kind == "tr_close" and row is not None:
            if not in_head:
                builder.table_row(row, columns)
            row = None
        elif kind == "inline":
            content = _inline_text(token)
            if row is not None:
                row.append(content)
                if in_head and columns is not None:
                    columns.append(content)
            elif heading_level is not None:
                flow.heading(content, heading_level)
                if title is None and heading_level == 1:
                    title = clean(content) or None
            elif flow.take_furniture(content, list_item=in_item_paragraph):
                continue
            elif in_item_paragraph:
                flow.add(PassageKind.LIST_ITEM, content)
            else:
                flow.paragraph(content, len(token.content.rstrip().rsplit("\n", 1)[-1]))
        elif kind in ("fence", "code_block"):
            flow.add(PassageKind.PARAGRAPH, token.content)
    flow.flush()
    return title
