"""The ``trustcheck`` command line: parse, call the library, render, exit.

``trustcheck FILE...`` runs the check; everything else is a subcommand (``frameworks``,
``extract``, ``benchmark``...). Any :class:`~trustcheck.errors.TrustcheckError` becomes one line
on stderr and exit code 2; ``--debug`` shows the traceback instead.
"""

from trustcheck.cli.main import main

__all__ = ["main"]
