"""docs/errors.md explains every code the command line can print."""

from __future__ import annotations

import re
from pathlib import Path

from trustcheck import errors

DOCS = Path(__file__).resolve().parent.parent / "docs"


def _sections() -> dict[str, str]:
    text = (DOCS / "errors.md").read_text(encoding="utf-8")
    parts = re.split(r"^## (E\d{3})\n", text, flags=re.MULTILINE)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


def test_every_error_class_has_a_section_naming_it() -> None:
    classes = [
        cls
        for cls in vars(errors).values()
        if isinstance(cls, type)
        and issubclass(cls, errors.TrustcheckError)
        and cls is not errors.TrustcheckError
    ]
    sections = _sections()
    assert len(classes) >= 10
    for cls in classes:
        assert cls.code in sections, f"docs/errors.md has no section for {cls.code}"
        assert f"trustcheck.{cls.__name__}" in sections[cls.code]
    assert "E100" in sections  # the code for a bug, which has no class


def test_document_errors_say_what_to_do() -> None:
    sections = _sections()
    for code in ("E301", "E302", "E303", "E304", "E305"):
        assert "What to do" in sections[code] or "raise the limit" in sections[code], code
    assert "--password" in sections["E303"]
    assert "tesseract-ocr" in sections["E304"]
