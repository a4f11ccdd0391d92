"""``trustcheck schema``: print the JSON Schema of ``--format json`` output.

Published so that consumers can validate what they read; ``docs/assessment.schema.json`` is the
same text, and a test keeps it so.
"""

from __future__ import annotations

import click


@click.command("schema")
def schema() -> None:
    """Print the JSON Schema of the assessment JSON (trustcheck --format json)."""
    from trustcheck.render.json_output import schema_json

    click.echo(schema_json(), nl=False)
