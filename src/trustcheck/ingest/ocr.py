"""OCR for image-only pages, with Tesseract through pytesseract (the optional ``ocr`` extra).

Scanned letters and exported slides often reach reports as pictures of text. Those pages are
rendered at 200 dpi with PDFium and read by Debian's ``tesseract`` binary; each Tesseract
paragraph becomes a passage with its box on the page. When pytesseract or the binary is missing,
callers list the pages as unread instead (never silently empty).
"""

from __future__ import annotations

import shutil
from typing import Any

from trustcheck.document import BBox

DPI = 200


def ocr_available() -> bool:
    """True when both the pytesseract package and the tesseract binary are installed."""
    try:
        import pytesseract  # noqa: F401
    except ImportError:
        return False
    return shutil.which("tesseract") is not None


def ocr_page(page: Any, lang: str = "eng") -> list[tuple[str, BBox]]:
    """Read one PDFium page with Tesseract; paragraphs with their boxes in points."""
    import pytesseract

    image = page.render(scale=DPI / 72).to_pil()
    data = pytesseract.image_to_data(image, lang=lang, output_type=pytesseract.Output.DICT)
    paragraphs: dict[tuple[int, int], list[int]] = {}
    for i, word in enumerate(data["text"]):
        if word.strip() and float(data["conf"][i]) >= 0:
            key = (data["block_num"][i], data["par_num"][i])
            paragraphs.setdefault(key, []).append(i)
    scale = 72 / DPI
    out: list[tuple[str, BBox]] = []
    for indexes in paragraphs.values():
        text = " ".join(data["text"][i] for i in indexes)
        box = BBox(
            x0=min(data["left"][i] for i in indexes) * scale,
            top=min(data["top"][i] for i in indexes) * scale,
            x1=max(data["left"][i] + data["width"][i] for i in indexes) * scale,
            bottom=max(data["top"][i] + data["height"][i] for i in indexes) * scale,
        )
        out.append((text, box))
    return out
