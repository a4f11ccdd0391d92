"""The list of subcommands, one module each; add a new command here."""

from __future__ import annotations

import click

ALL: list[click.Command] = []
