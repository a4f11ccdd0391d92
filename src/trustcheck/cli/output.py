"""Writing command output: to stdout, or atomically to a file."""

from __future__ import annotations

import sys
from pathlib import Path

from trustcheck.errors import UsageError
from trustcheck.fsutil import write_atomic

__all__ = ["write_atomic", "write_output"]


def write_output(text: str, path: Path | None) -> None:
    """Print ``text``, or write it atomically to ``path``.

    A path that cannot be written (its folder is missing, it is a folder, no permission) is the
    user's to fix, so it is a one-line :class:`UsageError`, not a traceback.
    """
    if path is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    try:
        write_atomic(path, text)
    except OSError as err:
        raise UsageError(f"cannot write {path}: {err.strerror or err}") from err
