"""Refusing HTML nested too deep to parse safely, before the parser sees it.

An HTML parser's tree builder checks the stack of open elements at every tag, so a hundred thousand
nested ``<div>`` elements (1 MB) take lexbor minutes, in C code no time limit can interrupt, and
the reader's walk over such a tree would exhaust Python's recursion limit. Browsers stop nesting at
512 levels; no real page comes near. The nesting is estimated from the tags alone in one linear
pass: start tags of elements that must be closed count up, their end tags count down. Elements
whose end tag may be left out (``p``, ``li``, ``td``...) and void elements (``br``, ``img``) are
not counted, so sloppy but real pages are never mistaken for deep ones; the contents of scripts,
styles and comments are skipped exactly as the parser skips them (``<!-->`` is a whole comment,
``<noscript>`` holds markup, ``<div/>`` opens a div), so no spelling gets deep markup past.
Once parsed, the tree's real depth is checked too (lists nest two elements per level), so the
reader's recursive walk always has room.
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborNode

from trustcheck.errors import UnreadableDocument

MAX_DEPTH = 512
# What the parser skips is skipped here, and only that: a comment ends at ``-->``, ``--!>``, or
# at once for ``<!-->`` and ``<!--->``; the raw-text elements end at their end tag; ``plaintext``
# runs to the end. ``noscript`` is not skipped: without scripting its content is markup.
_TAG = re.compile(
    r"<!--(?:-?>|.*?(?:--!?>|\Z))"
    r"|<(script|style|textarea|title|xmp|iframe|noembed|noframes)\b[^>]*>.*?(?:</\1\s*>|\Z)"
    r"|<plaintext\b.*"
    r"|<(/?)([a-zA-Z][a-zA-Z0-9:-]*)\b[^>]*?(/?)>",
    re.S | re.I,
)
_FOREIGN = frozenset({"svg", "math"})
_NOT_COUNTED = frozenset(
    "p li dt dd tr td th thead tbody tfoot option optgroup rb rt rtc rp colgroup caption html "
    "head body area base br col embed hr img input link meta param source track wbr".split()
)


def check_nesting(text: str, source: str) -> None:
    """Raise :class:`UnreadableDocument` when elements nest deeper than :data:`MAX_DEPTH`."""
    if text.count("<") <= MAX_DEPTH:
        return
    depth = deepest = foreign = 0
    for match in _TAG.finditer(text):
        name = match.group(3)
        if name is None:
            continue
        name = name.lower()
        closing, self_closed = bool(match.group(2)), bool(match.group(4))
        if name in _FOREIGN and not self_closed:
            foreign = max(0, foreign - 1) if closing else foreign + 1
        # ``<div/>`` opens a div like ``<div>``: only inside SVG and MathML does ``/>`` close.
        if name in _NOT_COUNTED or (self_closed and foreign):
            continue
        if closing:
            depth = max(0, depth - 1)
        else:
            depth += 1
            deepest = max(deepest, depth)
    if deepest > MAX_DEPTH:
        _too_deep(source, deepest)


def check_tree_depth(root: LexborNode, source: str) -> None:
    """Raise :class:`UnreadableDocument` when the parsed tree is deeper than :data:`MAX_DEPTH`."""
    depths: dict[int, int] = {}
    deepest = 0
    for node in root.traverse(include_text=False):
        parent = node.parent
        depth = depths.get(parent.mem_id, 0) + 1 if parent is not None else 0
        depths[node.mem_id] = depth
        deepest = max(deepest, depth)
    if deepest > MAX_DEPTH:
        _too_deep(source, deepest)


def _too_deep(source: str, deepest: int) -> None:
    raise UnreadableDocument(
        f"{source} nests HTML elements {deepest} deep, more than the {MAX_DEPTH} levels "
        "browsers build; no real page does",
        hint="open the page in a browser and save it as PDF or text",
    )
