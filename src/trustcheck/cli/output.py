"""Writing command output: to stdout, or atomically to a file."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path


def write_atomic(path: Path, data: str | bytes) -> None:
    """Write a file so that readers see the old content or the new, never a partial file."""
    path = Path(path)
    directory = path.parent if str(path.parent) else Path()
    payload = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        Path(tmp).replace(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_output(text: str, path: Path | None) -> None:
    """Print ``text``, or write it atomically to ``path``."""
    if path is None:
        sys.stdout.write(text)
        sys.stdout.flush()
    else:
        write_atomic(path, text)
