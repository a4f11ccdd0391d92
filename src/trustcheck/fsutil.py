"""Writing files so that a reader, or a run interrupted half-way, never sees a partial one.

Lives outside ``cli`` because the library writes files too (the audit's per-document results),
and nothing in the library may import the command line.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path


def shown_path(path: str | os.PathLike[str]) -> str:
    """``path`` as text that can be written anywhere: bytes that are not UTF-8 as ``\\xNN``.

    Python keeps such bytes of a file name as lone surrogates, which no UTF-8 output (JSON,
    HTML, a terminal) can hold; the file is still opened by its real name.
    """
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def special_kind(mode: int) -> str | None:
    """What a file that is not a regular file is ("a FIFO", "a character device"...), or None.

    Reading a FIFO waits for a writer and ``/dev/zero`` never ends, so sources that are not
    regular files are refused by name before they are opened.
    """
    if stat.S_ISREG(mode):
        return None
    kinds = (
        (stat.S_ISDIR, "a directory"),
        (stat.S_ISFIFO, "a FIFO (named pipe)"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
    )
    return next((name for test, name in kinds if test(mode)), "not a regular file")


def write_atomic(path: Path, data: str | bytes) -> None:
    """Write a file so that readers see the old content or the new, never a partial file."""
    path = Path(path)
    directory = path.parent if str(path.parent) else Path()
    payload = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    try:
        # mkstemp creates the file 0600; a report file gets the mode any new file would get.
        os.fchmod(fd, 0o666 & ~_umask())
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        Path(tmp).replace(path)
    except OSError as err:
        Path(tmp).unlink(missing_ok=True)
        if err.filename is None:  # a failed write names no file: name the one being written
            raise OSError(err.errno, err.strerror, str(path)) from err
        raise
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    """The process umask (reading it means setting it; set it straight back)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
