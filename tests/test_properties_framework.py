"""Property tests of the framework loader: any file loads or fails with one-line problems.

A framework file may come from anyone (``--framework PATH``), so the loader's contract is tested
on what hypothesis makes of it: arbitrary text and bytes, YAML-shaped noise, and a valid file
with keys deleted, values of the wrong type, unknown keys and duplicated ids. Whatever it is,
the result is a :class:`Framework` or a :class:`FrameworkError` whose every problem is one line
naming the file, never another exception and never a hang. Aliases, deep nesting and Python tags
have fixed examples in ``tests/data/frameworks/bad_yaml_*.yaml``.
"""

from __future__ import annotations

import copy
import hashlib
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from trustcheck import Framework, FrameworkError, load_framework, validate_file

MINIMAL = Path(__file__).parent / "data" / "frameworks" / "minimal.yaml"
MINIMAL_TEXT = MINIMAL.read_text(encoding="utf-8")
MINIMAL_DATA: dict[str, Any] = yaml.safe_load(MINIMAL_TEXT)

PROPERTY = settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


@pytest.fixture(scope="module")
def folder() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as name:
        yield Path(name)


def _write(folder: Path, data: bytes) -> Path:
    """One file per content: loaded files are cached by path, modification time and size."""
    path = folder / f"{hashlib.sha1(data).hexdigest()}.yaml"
    path.write_bytes(data)
    return path


def _load(path: Path) -> Framework | FrameworkError:
    """Load ``path`` and check the error contract; return the framework or the error."""
    try:
        framework = load_framework(path)
    except FrameworkError as err:
        assert err.problems, "a FrameworkError lists at least one problem"
        assert all(len(problem.splitlines()) == 1 for problem in err.problems), err.problems
        assert err.problems[0].split(":")[0].endswith(path.name), err.problems[0]
        line = err.one_line()
        assert line.startswith("error[E200]: ") and "\n" not in line
        return err
    assert isinstance(framework, Framework)
    return framework


# --------------------------------------------------------------------------- arbitrary input

YAML_ALPHABET = st.sampled_from([*"ab1:-[]{}&*!|>'\"#?%@`,. \n\t", "\u00e9", "\x00"])


@PROPERTY
@given(text=st.text())
@example(text="schema: trustcheck/framework/v1\n? [a, b]\n: 1\n")
@example(text="schema: trustcheck/framework/v1\n1: 2\nnull: 3\ntrue: 4\n")
@example(text=MINIMAL_TEXT.replace("partial: hash matching only", "partial: x\n          0: y"))
@example(text='schema: trustcheck/framework/v1\n"\\n": 1\n"a\\u2028b": 2\n')
@example(text="%YAML 1.1\n---\nschema: a\n---\nschema: b\n")
def test_any_text_loads_or_reports(folder: Path, text: str) -> None:
    _load(_write(folder, text.encode("utf-8", "surrogatepass")))


@PROPERTY
@given(text=st.text(YAML_ALPHABET, max_size=200))
def test_yaml_shaped_noise_loads_or_reports(folder: Path, text: str) -> None:
    _load(_write(folder, ("schema: trustcheck/framework/v1\n" + text).encode()))


@PROPERTY
@given(data=st.binary(), at=st.integers(min_value=0))
def test_garbage_bytes_in_a_valid_file(folder: Path, data: bytes, at: int) -> None:
    raw = MINIMAL_TEXT.encode()
    at %= len(raw) + 1
    _load(_write(folder, raw[:at] + data + raw[at:]))


# --------------------------------------------------------------------------- structured mutations


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path below the root of a loaded YAML document."""
    found = [prefix] if prefix else []
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _paths(value, (*prefix, index))
    return found


def _parent(data: Any, path: tuple[Any, ...]) -> Any:
    for part in path[:-1]:
        data = data[part]
    return data


SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text(max_size=12)
    | st.sampled_from(["full", "partial", "none", "csea", "hash_matching", "PS1", ""])
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)
KEYS = st.text(max_size=10) | st.integers() | st.booleans() | st.none()
OPERATIONS = st.sampled_from(["delete", "replace", "inject", "duplicate"])


@st.composite
def mutated_frameworks(draw: st.DrawFn) -> dict[str, Any]:
    data = copy.deepcopy(MINIMAL_DATA)
    for _ in range(draw(st.integers(1, 3))):
        paths = _paths(data)
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent, last = _parent(data, path), path[-1]
        operation = draw(OPERATIONS)
        if operation == "delete":
            del parent[last]
        elif operation == "replace":
            parent[last] = draw(VALUES)
        elif operation == "inject" and isinstance(parent, dict):
            parent[draw(KEYS)] = draw(VALUES)
        elif operation == "duplicate" and isinstance(parent, list):
            parent.insert(last, copy.deepcopy(parent[last]))
    return data


@PROPERTY
@given(data=mutated_frameworks())
def test_mutated_framework_loads_or_reports(folder: Path, data: dict[str, Any]) -> None:
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    _load(_write(folder, text.encode()))


@PROPERTY
@given(key=st.sampled_from(["schema", "id", "title", "levels", "sections"]))
def test_deleting_a_required_key_is_reported(folder: Path, key: str) -> None:
    data = copy.deepcopy(MINIMAL_DATA)
    del data[key]
    path = _write(folder, yaml.safe_dump(data).encode())
    result = _load(path)
    assert isinstance(result, FrameworkError)
    assert repr(key) in " ".join(result.problems)
    problems = validate_file(path)  # a framework or a cross-walk, by the file's schema key
    assert problems and all("\n" not in problem for problem in problems)


@settings(PROPERTY, max_examples=20)
@given(
    path=st.sampled_from(_paths(MINIMAL_DATA)).filter(
        lambda p: (
            isinstance(_parent(MINIMAL_DATA, p), dict) and p[:2] not in {("provenance", "sources")}
        )
    ),
    key=st.from_regex(r"\Azz[a-z_]{1,8}\Z"),
)
def test_an_unknown_key_is_reported_where_it_is(
    folder: Path, path: tuple[Any, ...], key: str
) -> None:
    data = copy.deepcopy(MINIMAL_DATA)
    _parent(data, path)[key] = "x"
    result = _load(_write(folder, yaml.safe_dump(data, sort_keys=False).encode()))
    assert isinstance(result, FrameworkError)
    assert any(repr(key) in problem for problem in result.problems), result.problems


@PROPERTY
@given(
    which=st.sampled_from([("signals",), ("sections",), ("sections", 0, "elements"), ("levels",)])
)
def test_a_duplicated_id_is_reported(folder: Path, which: tuple[Any, ...]) -> None:
    data = copy.deepcopy(MINIMAL_DATA)
    items = _parent(data, (*which, None))
    items.append(copy.deepcopy(items[0]))
    result = _load(_write(folder, yaml.safe_dump(data, sort_keys=False).encode()))
    assert isinstance(result, FrameworkError)
    assert repr(items[0]["id"]) in " ".join(result.problems), result.problems


def test_the_unmutated_file_loads(folder: Path) -> None:
    assert isinstance(_load(_write(folder, yaml.safe_dump(MINIMAL_DATA).encode())), Framework)


@settings(PROPERTY, max_examples=25)
@given(width=st.integers(2, 12), depth=st.integers(1, 10))
def test_nested_aliases_are_bounded(folder: Path, width: int, depth: int) -> None:
    """ "Billion laughs" of any shape: refused when it expands past the bound, fast either way."""
    lines = ["schema: trustcheck/framework/v1", f"a0: &a0 [{', '.join(['lol'] * width)}]"]
    for level in range(1, depth + 1):
        aliases = ", ".join([f"*a{level - 1}"] * width)
        lines.append(f"a{level}: &a{level} [{aliases}]")
    started = time.monotonic()
    result = _load(_write(folder, "\n".join(lines).encode()))
    assert time.monotonic() - started < 5
    assert isinstance(result, FrameworkError)
    sizes = [1 + width]  # the list a0 and its items
    for _ in range(depth):
        sizes.append(1 + width * sizes[-1])
    expanded = 1 + 2 + sum(1 + size for size in sizes)  # the mapping, schema, each key and list
    bounded = any("aliases expand to more than" in problem for problem in result.problems)
    assert bounded == (expanded > 100_000), (expanded, result.problems[:1])
