"""Text clean-up shared by every reader, so the same words match however they were typeset.

NFKC folds ligatures (U+FB01 "fi") and compatibility forms; soft hyphens and zero-width characters
are dropped; runs of whitespace collapse to one space. Control characters (C0, DEL, C1) are dropped
too: a report's text can carry terminal escape codes (``ESC [2J``, ``ESC ]8;;``) that would act on
the terminal of whoever reads trustcheck's output, and they never carry meaning in prose.
Line-end hyphens that PDFium marks with ``\\x02`` are removed by the PDF reader before lines are
joined, not here.
"""

from __future__ import annotations

import re
import unicodedata

_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff\x02"), None)
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_SPACE = re.compile(r"\s+")
_CID = re.compile(r"\(cid:\d+\)")


def clean(text: str) -> str:
    """Normalise one passage of text: NFKC, no invisible or control characters, single spaces."""
    text = unicodedata.normalize("NFKC", _CONTROL.sub("", text.translate(_INVISIBLE)))
    text = _CID.sub("", text)
    return _SPACE.sub(" ", text).strip()


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
