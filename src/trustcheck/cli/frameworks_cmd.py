"""``trustcheck frameworks``: list, show, validate and test framework and cross-walk files.

Thin on purpose: each command calls the loader, renders the result and exits. Invalid files are
reported one problem per line on stderr with exit code 2, never with a traceback.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from trustcheck.errors import EXIT_ERROR, UsageError
from trustcheck.neutral import Neutral, neutralise

if TYPE_CHECKING:
    from trustcheck.framework.models import Crosswalk, Framework, Vocabulary


class ShowFormat(StrEnum):
    """Output formats of ``frameworks show``."""

    TABLE = "table"
    JSON = "json"
    YAML = "yaml"


class ListFormat(StrEnum):
    """Output formats of ``frameworks list``."""

    TABLE = "table"
    JSON = "json"


@click.group("frameworks")
def frameworks() -> None:
    """List, show, validate and test frameworks, vocabularies and cross-walks."""


@frameworks.command("list")
@click.option(
    "--format",
    "fmt",
    type=click.Choice([f.value for f in ListFormat]),
    default=ListFormat.TABLE.value,
    show_default=True,
    help="Output format.",
)
def list_command(fmt: str) -> None:
    """List the bundled frameworks and cross-walks."""
    from trustcheck.framework.loader import list_crosswalks, list_frameworks

    found = list_frameworks()
    walks = list_crosswalks()
    if fmt == ListFormat.JSON:
        data = {
            "frameworks": [
                {"id": f.id, "title": f.title, "version": f.version, "publisher": f.publisher}
                for f in found
            ],
            "crosswalks": [
                {"id": c.id, "title": c.title, "source": c.source, "target": c.target}
                for c in walks
            ],
        }
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    from rich.table import Table

    table = Table(title="Frameworks", title_justify="left")
    table.add_column("id", no_wrap=True)
    table.add_column("title", ratio=3)
    table.add_column("version", no_wrap=True)
    table.add_column("publisher", ratio=2)
    for f in found:
        table.add_row(f.id, f.title, f.version, f.publisher)
    _print(table)
    if walks:
        table = Table(title="Cross-walks", title_justify="left")
        for column in ("id", "source", "target"):
            table.add_column(column, no_wrap=True)
        table.add_column("title")
        for c in walks:
            table.add_row(c.id, c.source, c.target, c.title)
        _print(table)


@frameworks.command("show")
@click.argument("ref", metavar="ID_OR_PATH")
@click.option(
    "--format",
    "fmt",
    type=click.Choice([f.value for f in ShowFormat]),
    default=ShowFormat.TABLE.value,
    show_default=True,
    help="table: sections, elements and criteria; json/yaml: the whole file as loaded.",
)
def show_command(ref: str, fmt: str) -> None:
    """Show a framework (or a vocabulary or cross-walk) by bundled id or path.

    A framework that imports signals with 'signals_from' is shown with them merged in.
    """
    _refuse_empty(ref)
    model = _load_any(ref)
    if fmt == ShowFormat.TABLE:
        from trustcheck.framework.models import Framework, Vocabulary

        if isinstance(model, Framework):
            _show_framework_table(model)
        elif isinstance(model, Vocabulary):
            _show_vocabulary_table(model)
        else:
            _show_crosswalk_table(model)
        return
    data = model.model_dump(by_alias=True, mode="json")
    if fmt == ShowFormat.JSON:
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        import yaml

        click.echo(yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100), nl=False)


@frameworks.command("validate")
@click.argument("refs", metavar="ID_OR_PATH...", nargs=-1, required=True)
def validate_command(refs: tuple[str, ...]) -> None:
    """Validate framework and cross-walk files, by path or bundled id.

    A folder stands for the YAML files in it and its subfolders (hidden ones left out). Prints
    one line per problem on stderr and exits 2 when any file is invalid, 0 otherwise.
    """
    from trustcheck.framework.loader import validate_file

    for ref in refs:
        _refuse_empty(ref)
    files = list(_expand(refs))
    invalid = 0
    for shown, path in files:
        problems = validate_file(path)
        if not path.exists() and not path.suffix and len(path.parts) == 1:
            problems = [_no_such_id(shown)]
        if problems:
            invalid += 1
            for problem in problems:
                click.echo(neutralise(problem), err=True)
        else:
            click.echo(f"ok: {shown}")
    if invalid:
        click.echo(f"{invalid} of {len(files)} file(s) invalid", err=True)
        sys.exit(EXIT_ERROR)


@frameworks.command("test")
@click.argument("refs", metavar="ID_OR_PATH...", nargs=-1, required=True)
def test_command(refs: tuple[str, ...]) -> None:
    """Run the examples of every signal and the cases of every element of frameworks.

    Each failure is one line, FILE:LINE: what failed, on stdout; then one summary line per
    framework. Exits 1 when an example or case fails, 2 when a framework does not load, 0
    otherwise.
    """
    from trustcheck.assessment.framework_tests import run_framework_tests
    from trustcheck.errors import EXIT_BELOW_THRESHOLD, FrameworkError

    failed = broken = 0
    for ref in refs:
        _refuse_empty(ref)
        try:
            report = run_framework_tests(Path(ref) if Path(ref).is_file() else ref)
        except FrameworkError as err:
            broken += 1
            for problem in err.problems or [str(err)]:
                click.echo(neutralise(problem), err=True)
            continue
        for failure in report.failures:
            click.echo(neutralise(failure))
        summary = (
            f"{report.framework}: {report.examples} signal examples, {report.cases} element "
            f"cases, {len(report.failures)} failed"
        )
        untested = []
        if report.signals_without_examples:
            untested.append(_count(len(report.signals_without_examples), "signal", "examples"))
        if report.elements_without_cases:
            untested.append(_count(len(report.elements_without_cases), "element", "cases"))
        click.echo(summary + (f" ({'; '.join(untested)})" if untested else ""))
        failed += not report.passed
    if broken:
        sys.exit(EXIT_ERROR)
    if failed:
        sys.exit(EXIT_BELOW_THRESHOLD)


@frameworks.command("schema")
@click.argument(
    "kind",
    type=click.Choice(["framework", "vocabulary", "lexicon", "crosswalk"]),
    default="framework",
)
def schema_command(kind: str) -> None:
    """Print the JSON Schema of framework (default), vocabulary, lexicon or cross-walk files.

    The schema ships inside the package; save it beside your own files for an editor's
    completion and checking: trustcheck frameworks schema > framework.schema.json
    """
    from trustcheck.framework import resources, schema

    name = {
        "framework": schema.FRAMEWORK_SCHEMA_FILE,
        "vocabulary": schema.VOCABULARY_SCHEMA_FILE,
        "lexicon": schema.LEXICON_SCHEMA_FILE,
        "crosswalk": schema.CROSSWALK_SCHEMA_FILE,
    }[kind]
    click.echo(resources.schema_path(name).read_text(encoding="utf-8"), nl=False)


# --------------------------------------------------------------------------- helpers


def _count(n: int, noun: str, what: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'} without {what}"


def _refuse_empty(ref: str) -> None:
    """An empty argument (an unset shell variable) would otherwise stand for the working folder."""
    if not ref.strip():
        raise UsageError(
            "an empty framework id or path was given",
            hint="give a bundled id such as 'trust', or the path of a YAML file or folder",
        )


def _expand(refs: tuple[str, ...]) -> Iterator[tuple[str, Path]]:
    """(name to show, file) for each argument: folders expand, bundled ids resolve to files."""
    for ref in refs:
        path = Path(ref)
        if path.is_dir():
            found = sorted(
                p
                for p in path.rglob("*")
                if p.suffix in (".yaml", ".yml")
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
            yield from ((str(p), p) for p in found) if found else [(ref, path)]
        elif not path.exists() and (bundled := _bundled_path(ref)) is not None:
            yield ref, bundled
        else:
            yield ref, path


def _no_such_id(ref: str) -> str:
    """The problem for an argument that is neither a file nor a bundled id."""
    from trustcheck.framework import resources
    from trustcheck.framework.validate import suggest

    known = resources.bundled_framework_ids() + resources.bundled_crosswalk_ids()
    return f"{ref}: no such file, and no bundled framework or cross-walk {ref!r}" + (
        suggest(ref, known) or f" (bundled: {', '.join(known)})"
    )


def _bundled_path(ref: str) -> Path | None:
    """The bundled framework or cross-walk file named ``ref``, if any."""
    from trustcheck.framework import resources

    found = resources.bundled_framework_path(ref)
    return found if found is not None else resources.bundled_crosswalk_path(ref)


def _load_any(ref: str) -> Framework | Crosswalk | Vocabulary:
    """A framework by id or path; a cross-walk or vocabulary when the path or id names one."""
    from trustcheck.framework import loader, resources

    is_path = Path(ref).is_file()
    if is_path and loader.file_kind(ref) == "crosswalk":
        return loader.load_crosswalk(Path(ref))
    if is_path and loader.file_kind(ref) == "vocabulary":
        return loader.load_vocabulary(Path(ref))
    framework_ids = resources.bundled_framework_ids()
    is_crosswalk_id = ref in resources.bundled_crosswalk_ids()
    if not is_path and is_crosswalk_id and ref not in framework_ids:
        return loader.load_crosswalk(ref)
    if not is_path and ref in resources.bundled_vocabulary_ids() and ref not in framework_ids:
        return loader.load_vocabulary(ref)
    return loader.load_framework(Path(ref) if is_path else ref)


def _print(renderable: Any) -> None:
    from rich.console import Console

    Console(file=sys.stdout, highlight=False, soft_wrap=False).print(Neutral(renderable))


def _show_vocabulary_table(vocabulary: Vocabulary) -> None:
    from rich.table import Table

    table = Table(title=f"{vocabulary.title} ({vocabulary.id})", title_justify="left")
    table.add_column("signal", no_wrap=True)
    table.add_column("description", ratio=3)
    table.add_column("terms", justify="right")
    table.add_column("patterns", justify="right")
    for signal in vocabulary.signals:
        table.add_row(
            signal.id, signal.description, str(len(signal.terms)), str(len(signal.patterns))
        )
    _print(table)


def _show_framework_table(framework: Framework) -> None:
    from rich.table import Table
    from rich.text import Text

    header = Text()
    header.append(f"{framework.title}", style="bold")
    header.append(f"\nid {framework.id}, version {framework.version}, {framework.publisher}")
    header.append(f"\nsource: {framework.source}")
    if framework.provenance.reconstructed:
        header.append("\nreconstructed: not the publisher's official text")
    if framework.provenance.notes:
        header.append(f"\n{framework.provenance.notes}")
    _print(header)
    rated = [level for level in framework.levels if level.id != framework.lowest_level.id]
    for section in framework.sections:
        table = Table(
            title=f"{section.id}: {section.title}",
            title_justify="left",
            show_lines=True,
            expand=True,
        )
        table.add_column("element", no_wrap=True)
        table.add_column("title and intent", ratio=2)
        for level in rated:
            table.add_column(level.label, ratio=2)
        for element in section.elements:
            cells = [element.criteria.get(level.id, "") for level in rated]
            table.add_row(element.id, f"{element.title}\n{element.intent}", *cells)
        _print(table)


def _show_crosswalk_table(crosswalk: Crosswalk) -> None:
    from rich.table import Table

    table = Table(
        title=f"{crosswalk.title} ({crosswalk.source} -> {crosswalk.target})",
        title_justify="left",
        show_lines=True,
        expand=True,
    )
    table.add_column("source", no_wrap=True)
    table.add_column("targets", ratio=1)
    table.add_column("relationship", no_wrap=True, min_width=15)
    table.add_column("coverage", no_wrap=True)
    table.add_column("notes", ratio=2)
    for m in crosswalk.mappings:
        table.add_row(m.source, ", ".join(m.targets), m.relationship, m.coverage, m.notes)
    _print(table)
