"""Text normalisation and sentence splitting, shared by every matcher.

Matching runs on a normalised form of the text: Unicode NFKC (ligatures, full-width forms), lower
case, one kind of dash, apostrophe and quote, soft hyphens removed and whitespace collapsed. Terms
are normalised the same way, so "Photo‑DNA", "photo-dna" and "PHOTODNA" meet on common ground.

Sentences are split with a small rule set rather than a general NLP library: report prose is
formal, the splitter has to run over thousands of passages in a few milliseconds, and it must
not break on the abbreviations, figures and legal citations that transparency reports are full of.
"""

from __future__ import annotations

import re

from trustcheck.ingest.normalize import clean as ingest_clean

_TRANSLATE = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2212": "-",
        "_": " ",
    }
)


def clean(text: str) -> str:
    """The reader's clean-up (NFKC, no invisible characters, single spaces), plus one kind of
    dash, apostrophe and quote, and snake_case identifiers as words: the form quotes are shown
    in, case kept."""
    return ingest_clean(ingest_clean(text).translate(_TRANSLATE))


def normalise(text: str) -> str:
    """The form matching runs on: :func:`clean`, then lower case."""
    return clean(text).lower()


def squash(text: str) -> str:
    """Letters and digits only, for comparing spellings that differ in spaces and hyphens."""
    return re.sub(r"[^0-9a-z]+", "", normalise(text))


_BOUNDARY = re.compile(r"(?<=[.!?])[\"')\]]*\s+(?=[\"'(\[]?[A-Z0-9•\-])")


def split_sentences(text: str, abbreviations: frozenset[str] | None = None) -> list[str]:
    """Split prose into sentences, keeping abbreviations, decimals and initials intact.

    ``abbreviations`` are those of the document's language (the English lexicon's by default).
    """
    if abbreviations is None:
        from trustcheck.match.lexicon import lexicon

        abbreviations = lexicon().abbreviations
    text = clean(text)
    if not text:
        return []
    sentences: list[str] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        # The word before the break, found from the break back: slicing the whole candidate
        # would cost the square of a paragraph's length when abbreviations chain ("A. B. C.").
        end = match.start()
        while end > start and text[end - 1].isspace():
            end -= 1
        word_start = max(start, text.rfind(" ", start, end) + 1)
        last_word = text[word_start:end].rstrip(".!?\"')]").lower()
        if last_word in abbreviations or (len(last_word) == 1 and last_word.isalpha()):
            continue
        sentences.append(text[start : match.end()].strip())
        start = match.end()
    tail = text[start:].strip()
    if tail:
        sentences.append(tail)
    return sentences
