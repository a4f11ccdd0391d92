"""Read a YAML file safely and remember where each value was written.

Errors in a framework file must point at a line, so parsing keeps PyYAML's node tree long enough
to map every path inside the document (``("sections", 2, "elements", 0, "id")``) to the line of
its value, and of its key. Only the safe loader is used: a framework file is data, never code.

Two deliberate departures from plain ``yaml.safe_load``:

* dates stay strings (``published: 2020-03-05`` is the text ``"2020-03-05"``), because the
  schema says strings and a ``datetime.date`` would only produce a confusing type error;
* a key written twice in one mapping is a problem, not a silent "last one wins".

A framework file may come from anyone, so its shape is bounded before it is built: values nested
more than :data:`MAX_DEPTH` deep (libyaml's composer recurses in C and crashes the interpreter on a
deep enough file), aliases that make a value contain itself, and aliases that expand to more than
:data:`MAX_VALUES` values ("billion laughs": a few lines that every later layer would walk in full)
are reported as problems like any other.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

MAX_DEPTH = 64
"""Deepest nesting of mappings and lists; the bundled frameworks use 12."""
MAX_VALUES = 100_000
"""Most values once aliases are expanded; the largest bundled framework has about 2,300."""

_UNKNOWN_TAG = re.compile(
    r"could not determine a constructor for the tag '(?:tag:yaml\.org,2002:)?(.*)'"
)

_NON_TEXT_TAGS = {
    "tag:yaml.org,2002:int": "a number",
    "tag:yaml.org,2002:float": "a number",
    "tag:yaml.org,2002:bool": "a boolean",
    "tag:yaml.org,2002:null": "null",
}

PathPart = str | int
DocPath = tuple[PathPart, ...]


def dotted(path: DocPath) -> str:
    """``("sections", 2, "elements", 0, "id")`` as ``sections[2].elements[0].id``."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


# libyaml's parser when PyYAML was built with it (several times faster), else the pure-Python one.
_SafeBase: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_SafeBase):  # type: ignore[valid-type,misc]
    """The safe loader without the timestamp resolver, so dates load as the strings written."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass
class SourceProblem:
    """A problem found while reading, before the document has any shape."""

    message: str
    line: int | None = None


@dataclass
class YamlSource:
    """A parsed YAML document with the line of every value and key inside it."""

    path: Path
    data: Any
    value_lines: dict[DocPath, int] = field(default_factory=dict)
    key_lines: dict[DocPath, int] = field(default_factory=dict)
    duplicate_keys: list[tuple[DocPath, int]] = field(default_factory=list)
    non_text_keys: list[tuple[DocPath, str]] = field(default_factory=list)
    """Keys YAML reads as numbers, booleans or null (JSON Schema knows text keys only)."""

    def line_of(self, path: DocPath, *, key: bool = False) -> int | None:
        """The line of ``path``, or of its nearest ancestor written in the file.

        With ``key=True`` the line of the key that introduces the value is preferred (for
        "unknown key" problems, where the value may span many lines).
        """
        if key and path in self.key_lines:
            return self.key_lines[path]
        probe = path
        while True:
            if probe in self.value_lines:
                return self.value_lines[probe]
            if not probe:
                return None
            probe = probe[:-1]


class YamlReadError(Exception):
    """The file cannot be read as a YAML mapping; carries one located problem."""

    def __init__(self, problem: SourceProblem) -> None:
        super().__init__(problem.message)
        self.problem = problem


def read_yaml(path: str | os.PathLike[str]) -> YamlSource:
    """Parse ``path`` into a :class:`YamlSource`; raise :class:`YamlReadError` when unreadable."""
    file = Path(path)
    if not file.exists():
        raise YamlReadError(SourceProblem("no such file"))
    if file.is_dir():
        raise YamlReadError(SourceProblem("is a directory, not a YAML file"))
    try:
        raw = file.read_bytes()
    except OSError as exc:
        raise YamlReadError(SourceProblem(f"cannot be read: {exc.strerror or exc}")) from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise YamlReadError(
            SourceProblem(f"is not valid UTF-8 (byte 0x{raw[exc.start]:02x})", line)
        ) from exc
    return parse_yaml(text, file)


def parse_yaml(text: str, path: Path) -> YamlSource:
    """Parse YAML ``text`` read from ``path`` (used for messages only)."""
    loader = _Loader(text)
    try:
        _check_depth(text)
        node = loader.get_single_node()
        if node is None:
            raise YamlReadError(SourceProblem("is empty; expected a YAML mapping", 1))
        _check_aliases(node)
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        what = " ".join(part for part in (exc.context, exc.problem) if part)
        tag = _UNKNOWN_TAG.match(exc.problem or "")
        if isinstance(exc, yaml.constructor.ConstructorError) and tag:
            message = f"the tag {tag[1]!r} is not allowed: a framework file is plain YAML data"
            raise YamlReadError(SourceProblem(message, line)) from exc
        if exc.context_mark is not None and exc.context_mark.line + 1 != line:
            what += f" (the construct starts on line {exc.context_mark.line + 1})"
        raise YamlReadError(SourceProblem(f"YAML syntax error: {what}", line)) from exc
    except yaml.reader.ReaderError as exc:
        code = exc.character if isinstance(exc.character, int) else ord(exc.character or "?")
        line = text[: exc.position].count("\n") + 1
        message = f"contains the control character U+{code:04X}, which YAML does not allow"
        raise YamlReadError(SourceProblem(message, line)) from exc
    except yaml.YAMLError as exc:
        message = " ".join(str(exc).split())
        raise YamlReadError(SourceProblem(f"YAML error: {message}")) from exc
    finally:
        loader.dispose()
    if not isinstance(data, dict):
        kind = "a list" if isinstance(data, list) else f"a {type(data).__name__} value"
        line = node.start_mark.line + 1
        raise YamlReadError(SourceProblem(f"top level is {kind}; expected a mapping of keys", line))
    source = YamlSource(path=path, data=data)
    _index(node, (), source)
    return source


def _check_depth(text: str) -> None:
    """Refuse nesting deeper than MAX_DEPTH, from the event stream (which does not recurse)."""
    depth = 0
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                line = event.start_mark.line + 1 if event.start_mark is not None else None
                message = f"values are nested more than {MAX_DEPTH} levels deep"
                raise YamlReadError(SourceProblem(message, line))
        elif isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
            depth -= 1


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _check_aliases(root: yaml.Node) -> None:
    """Refuse aliases that make a value contain itself or expand past MAX_VALUES values.

    An alias is the very node its anchor names, so the node tree is a graph: its expanded size is
    counted once per node (post-order, without recursion), and a node met again while it is still
    open is a cycle.
    """
    sizes: dict[int, int] = {}
    open_nodes: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, closing = stack.pop()
        key = id(node)
        if closing:
            open_nodes.discard(key)
            sizes[key] = 1 + sum(sizes[id(child)] for child in _children(node))
            if sizes[key] > MAX_VALUES:
                raise YamlReadError(
                    SourceProblem(
                        f"aliases expand to more than {MAX_VALUES} values; write the values out",
                        node.start_mark.line + 1,
                    )
                )
            continue
        if key in sizes:
            continue
        if key in open_nodes:
            raise YamlReadError(
                SourceProblem(
                    "an alias refers to a value that contains it; recursive values are not allowed",
                    node.start_mark.line + 1,
                )
            )
        open_nodes.add(key)
        stack.append((node, True))
        stack.extend((child, False) for child in _children(node) if id(child) not in sizes)


def _index(node: yaml.Node, path: DocPath, source: YamlSource) -> None:
    """Record the line of ``node`` and of everything below it."""
    source.value_lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                continue
            key = key_node.value
            child = (*path, key)
            if key in seen:
                source.duplicate_keys.append((child, key_node.start_mark.line + 1))
                continue
            seen.add(key)
            if key_node.tag in _NON_TEXT_TAGS:
                source.non_text_keys.append((child, _NON_TEXT_TAGS[key_node.tag]))
            source.key_lines[child] = key_node.start_mark.line + 1
            _index(value_node, child, source)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _index(item, (*path, index), source)
