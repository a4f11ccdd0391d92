"""The ``--max-*`` options that bound what one document may cost, shared by the commands.

``trustcheck FILE``, ``trustcheck extract`` and ``trustcheck audit`` read documents in worker
processes where every limit holds (see :mod:`trustcheck.workers`); the defaults are those of
:class:`~trustcheck.ingest.limits.Limits`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

from trustcheck.ingest.limits import Limits

F = TypeVar("F", bound=Callable[..., Any])
_DEFAULTS = Limits()
_MB = 1024 * 1024


def limit_options(command: F) -> F:
    """Add ``--max-pages``, ``--max-mb``, ``--max-seconds`` and ``--max-memory`` to a command."""
    options = [
        click.option(
            "--max-pages",
            type=click.IntRange(min=1),
            help=f"Most pages in a PDF [default: {_DEFAULTS.max_pages}].",
        ),
        click.option(
            "--max-mb",
            type=click.FloatRange(min=0.001),
            help=f"Largest file, in MB [default: {_DEFAULTS.max_bytes // _MB}].",
        ),
        click.option(
            "--max-seconds",
            type=click.FloatRange(min=0.1),
            help=f"Time to read one document [default: {_DEFAULTS.max_seconds:g}]; "
            "its process is stopped at 1.25 times this plus 1 s.",
        ),
        click.option(
            "--max-memory",
            type=click.IntRange(min=1),
            metavar="MB",
            help=f"Memory of the process reading one document, in MB "
            f"[default: {_DEFAULTS.max_memory_mb}] (Linux).",
        ),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def limits_from(
    max_pages: int | None,
    max_mb: float | None,
    max_seconds: float | None,
    max_memory: int | None,
) -> Limits:
    """The :class:`Limits` the options ask for; the defaults where an option is not given."""
    overrides: dict[str, float | int] = {}
    if max_pages is not None:
        overrides["max_pages"] = max_pages
    if max_mb is not None:
        overrides["max_bytes"] = int(max_mb * _MB)
    if max_seconds is not None:
        overrides["max_seconds"] = max_seconds
    if max_memory is not None:
        overrides["max_memory_mb"] = max_memory
    return Limits(**overrides)
