"""Entry point and the command group that treats an unknown first word as a file to check."""

from __future__ import annotations

import sys
import warnings
from typing import Any, TextIO

import click

from trustcheck._version import __version__
from trustcheck.errors import EXIT_ERROR, TrustcheckError, TrustcheckWarning, UsageError
from trustcheck.neutral import neutralise


class DefaultGroup(click.Group):
    """A group whose first argument, when it is not a subcommand, is a file for ``check``."""

    default_command = "check"
    group_flags = ("--debug",)
    own_options = ("--help", "-h", "--version")

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        start = 0
        while start < len(args) and args[start] in self.group_flags:
            start += 1  # `trustcheck --debug FILE`: group flags come before the file
        first = args[start] if start < len(args) else None
        if first is None:
            # Click would print the whole help as the error; the rule is one line.
            raise UsageError(
                "no report given",
                hint="run 'trustcheck REPORT.pdf' to check one, or 'trustcheck --help'",
            )
        if first is not None and first not in self.commands and first not in self.own_options:
            args = [*args[:start], self.default_command, *args[start:]]
        return super().parse_args(ctx, args)


@click.group(cls=DefaultGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="trustcheck")
@click.option("--debug", is_flag=True, help="Show tracebacks instead of one-line errors.")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """Check CSEA transparency reports against the Trust framework and related frameworks.

    Run `trustcheck REPORT.pdf` to assess a report; see the subcommands below for the rest.
    """
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug


def _register() -> None:
    """Attach the subcommands; each lives in its own module named for the command."""
    from trustcheck.cli import commands

    for command in commands.ALL:
        cli.add_command(command)


def main(argv: list[str] | None = None) -> Any:
    """Run the CLI; turn trustcheck's own errors into one line and exit code 2."""
    _register()
    debug = "--debug" in (argv if argv is not None else sys.argv[1:])
    with warnings.catch_warnings():
        warnings.simplefilter("always", TrustcheckWarning)
        warnings.showwarning = _show_warning
        return _main(argv, debug)


def _show_warning(
    message: Warning | str,
    category: type[Warning],
    filename: str,
    lineno: int,
    file: TextIO | None = None,
    line: str | None = None,
) -> None:
    """trustcheck's own warnings as one line on stderr; others as Python shows them."""
    if issubclass(category, TrustcheckWarning):
        click.echo(f"warning: {neutralise(str(message))}", err=True)
    else:
        sys.stderr.write(warnings.formatwarning(message, category, filename, lineno, line))


def _main(argv: list[str] | None, debug: bool) -> Any:
    try:
        return cli.main(args=argv, prog_name="trustcheck", standalone_mode=False)
    except TrustcheckError as err:
        if debug:
            raise
        click.echo(err.one_line(), err=True)
        sys.exit(EXIT_ERROR)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.exceptions.NoArgsIsHelpError as exc:
        click.echo(f"error[E001]: {_missing_command(exc.ctx)}", err=True)
        sys.exit(EXIT_ERROR)
    except click.ClickException as exc:
        if debug:
            raise
        click.echo(f"error[E001]: {neutralise(exc.format_message())}", err=True)
        sys.exit(EXIT_ERROR)
    except (click.exceptions.Abort, KeyboardInterrupt):
        click.echo("error: interrupted", err=True)
        sys.exit(130)
    except ModuleNotFoundError as err:
        if debug:
            raise
        # A broken or partial install, not a bug: say which library and how to put it back.
        click.echo(
            f"error[E002]: the library {err.name or err} is missing from this installation "
            "(in the trustcheck source folder, run: pip install .)",
            err=True,
        )
        sys.exit(EXIT_ERROR)
    except Exception as err:
        if debug:
            raise
        click.echo(
            neutralise(
                f"error[E100]: internal error {type(err).__name__}: {err} "
                "(a bug in trustcheck; run with --debug for the traceback and report it)"
            ),
            err=True,
        )
        sys.exit(EXIT_ERROR)


def _missing_command(ctx: click.Context) -> str:
    """The one line for a group run without a subcommand (click would print the whole help).

    Said as an error, not shown as help with success, so that ``trustcheck $FILES`` with an
    empty list fails in a script instead of passing.
    """
    group = ctx.command
    names = sorted(group.commands) if isinstance(group, click.Group) else []
    return (
        f"{ctx.command_path}: give a command ({', '.join(names)}); "
        f"run '{ctx.command_path} --help' for what each does"
    )
