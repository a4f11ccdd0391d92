"""Writing command output: to stdout, or atomically to a file."""

from __future__ import annotations

import sys
from pathlib import Path

from trustcheck.fsutil import write_atomic

__all__ = ["write_atomic", "write_output"]


def write_output(text: str, path: Path | None) -> None:
    """Print ``text``, or write it atomically to ``path``."""
    if path is None:
        sys.stdout.write(text)
        sys.stdout.flush()
    else:
        write_atomic(path, text)
