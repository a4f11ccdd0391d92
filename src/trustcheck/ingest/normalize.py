"""Text clean-up shared by every reader, so the same words match however they were typeset.

NFKC folds ligatures (U+FB01 "fi") and compatibility forms; soft hyphens, zero-width characters,
control characters and pdfminer's ``(cid:N)`` codes for unmapped glyphs are dropped; runs of
whitespace collapse to one space. Control characters (C0, DEL, C1) never carry meaning in
prose, XML output cannot hold them, and a report's text can carry terminal escape codes
(``ESC [2J``, ``ESC ]8;;``) that would act on the terminal of whoever reads trustcheck's output.
Line-end hyphens that PDFium marks with ``\\x02`` are removed by the PDF reader before lines are
joined, not here. A figure glued to the word after it, as text pulled out of a PDF or from
adjacent page elements often is (``1,234Reports``, ``accounts1,204``), is split so the figure
stands on its own; a short number against a word (a footnote marker, ``H1``, ``4K``) is left.
"""

from __future__ import annotations

import re
import unicodedata

_CONTROL = [c for c in (*range(0x20), *range(0x7F, 0xA0)) if not chr(c).isspace()]
_INVISIBLE = dict.fromkeys([*map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"), *_CONTROL])
_SPACE = re.compile(r"\s+")
_CID = re.compile(r"\(cid:\d+\)")
_DIGITS = re.compile(r"[0-9][0-9,]*[0-9]|[0-9]")
_GROUPED = re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+")


def clean(text: str) -> str:
    """Normalise one passage of text: NFKC, no invisible or control characters, single spaces."""
    text = unicodedata.normalize("NFKC", text.translate(_INVISIBLE))
    while True:  # "(cid:(cid:1)2)" leaves "(cid:2)" behind after one pass
        text, removed = _CID.subn("", text)
        if not removed:
            break
    return _SPACE.sub(" ", split_glued(text)).strip()


def split_glued(text: str) -> str:
    """Split a figure from the word it is glued to: ``1,234Reports``, ``accounts1,204``.

    One pass over the runs of digits (a pattern that starts with a digit is cheap to scan for,
    which matters on a 30 MB paragraph); a figure is grouped (``1,234``) or has three digits or
    more, and a word after it starts with a capital and goes on in lower case.
    """
    pieces: list[str] = []
    last = 0
    for match in _DIGITS.finditer(text):
        start, end = match.span()
        run = match.group()
        grouped = _GROUPED.fullmatch(run) is not None
        if not grouped and (len(run) < 3 or not run.isdigit()):
            continue
        before = text[start - 1] if start else ""
        after = text[end : end + 2]
        if grouped and "a" <= before <= "z":
            pieces += [text[last:start], " "]
            last, before = start, " "
        if (
            len(after) == 2
            and after[0].isupper()
            and after[1].islower()
            and not (before.isalnum() or before in "._,")
        ):
            pieces += [text[last:end], " "]
            last = end
    if not pieces:
        return text
    pieces.append(text[last:])
    return "".join(pieces)


def camel_words(key: str) -> str:
    """Turn a JSON key such as ``reportsToNcmecTotal`` or ``reports_to_ncmec`` into words."""
    key = re.sub(r"[_\-.]+", " ", key)
    key = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", key)
    key = re.sub(r"(?<=[A-Z])(?=[A-Z][a-z])", " ", key)
    words = key.split()
    if not words:
        return ""
    out = [words[0][:1].upper() + words[0][1:]]
    out.extend(w if w.isupper() and len(w) > 1 else w.lower() for w in words[1:])
    return " ".join(out)
