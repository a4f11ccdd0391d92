"""Load and validate framework and cross-walk files, bundled or the user's own.

A bundled framework is loaded exactly like a user's file, in four layers, each of which reports
every problem it finds before the next runs:

1. YAML (safe loader only), keeping the line of every value;
2. JSON Schema (``frameworks/schema/*.schema.json``): shape, types, unknown keys;
3. pydantic (:mod:`trustcheck.framework.models`): the typed model;
4. semantic checks (:mod:`trustcheck.framework.validate`): unique ids, dangling references.

Every problem is one line, ``FILE:LINE: PATH: what is wrong``, and a file with problems raises
:class:`~trustcheck.errors.FrameworkError` with all of them in ``problems``.

Loaded files are cached by path, modification time and size, so asking for the same framework
many times is cheap and an edited file is read again. Loaded models are shared: treat them as
read-only.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TypeVar

from pydantic import BaseModel, ValidationError

from trustcheck.errors import FrameworkError
from trustcheck.framework import resources
from trustcheck.framework.models import (
    Crosswalk,
    Framework,
    Language,
    Lexicon,
    Signal,
    Vocabulary,
)
from trustcheck.framework.schema import (
    CROSSWALK_SCHEMA_ID,
    FRAMEWORK_SCHEMA_ID,
    LEXICON_SCHEMA_ID,
    VOCABULARY_SCHEMA_ID,
    crosswalk_schema,
    framework_schema,
    lexicon_schema,
    vocabulary_schema,
)
from trustcheck.framework.validate import (
    PLACEHOLDER,
    Issue,
    check_crosswalk,
    check_framework,
    check_vocabulary,
    suggest,
)
from trustcheck.framework.validated_cache import Built, load_validated
from trustcheck.framework.yamlsource import DocPath, YamlReadError, YamlSource, dotted, read_yaml

if TYPE_CHECKING:
    import jsonschema  # imported when a file is validated: a cached framework needs none of it

__all__ = [
    "CrosswalkInfo",
    "FrameworkInfo",
    "list_crosswalks",
    "list_frameworks",
    "load_crosswalk",
    "load_framework",
    "load_lexicon",
    "load_vocabulary",
    "validate_file",
]

Kind = Literal["framework", "crosswalk", "vocabulary", "lexicon"]
_SCHEMA_IDS: dict[str, Kind] = {
    FRAMEWORK_SCHEMA_ID: "framework",
    CROSSWALK_SCHEMA_ID: "crosswalk",
    VOCABULARY_SCHEMA_ID: "vocabulary",
    LEXICON_SCHEMA_ID: "lexicon",
}
_SCHEMA_OF_KIND: dict[Kind, str] = {kind: schema_id for schema_id, kind in _SCHEMA_IDS.items()}
_KIND_WORDS: dict[Kind, str] = {
    "framework": "framework",
    "crosswalk": "cross-walk",
    "vocabulary": "vocabulary",
    "lexicon": "lexicon",
}
_MAX_MESSAGE = 240
_LINE_BREAKS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_M = TypeVar("_M", bound=BaseModel)


@dataclass(frozen=True)
class FrameworkInfo:
    """A bundled framework as listed by :func:`list_frameworks`."""

    id: str
    title: str
    version: str
    publisher: str
    path: Path


@dataclass(frozen=True)
class CrosswalkInfo:
    """A bundled cross-walk as listed by :func:`list_crosswalks`."""

    id: str
    title: str
    source: str
    target: str
    path: Path


# --------------------------------------------------------------------------- public API


def load_framework(ref: str | os.PathLike[str]) -> Framework:
    """Load a framework by bundled id (``"trust"``) or from a YAML file path.

    When the file sets ``signals_from``, the returned framework carries the imported
    framework's language (unless it has its own) and its signals, with the file's own signals
    replacing imported ones of the same id; a file that names a ``vocabulary`` carries that
    vocabulary's language and signals the same way. Raises :class:`FrameworkError` listing every
    problem.
    """
    path = _resolve_ref(ref, "framework")
    return _load_framework_path(path)


def framework_files(ref: str | os.PathLike[str]) -> list[Path]:
    """The files a framework is built from: its own file first, then the vocabulary or the
    frameworks it takes its signals from, in the order a signal id is looked up."""
    path = _resolve_ref(ref, "framework")
    framework = _load_framework_path(path)
    files = [path]
    if framework.vocabulary is not None:
        found = _resolve_vocabulary_id(framework.vocabulary, path.parent)
        files += [found] if found is not None else []
    elif framework.signals_from is not None:
        base = _resolve_framework_id(framework.signals_from, path.parent)
        files += framework_files(base) if base is not None else []
    return files


def load_lexicon(ref: str | os.PathLike[str]) -> Lexicon:
    """Load a lexicon (a language's general words) by bundled id (``"en"``) or path."""
    path = _resolve_ref(ref, "lexicon")
    return _cached_lexicon(*_stat_key(path))


def load_vocabulary(ref: str | os.PathLike[str]) -> Vocabulary:
    """Load a vocabulary (language cues and signals) by bundled id (``"csea"``) or path."""
    path = _resolve_ref(ref, "vocabulary")
    return _cached_vocabulary(*_stat_key(path))


def load_crosswalk(ref: str | os.PathLike[str]) -> Crosswalk:
    """Load a cross-walk by bundled id or path, checking both frameworks and every element id."""
    path = _resolve_ref(ref, "crosswalk")
    return _cached_crosswalk(*_stat_key(path))


def list_frameworks() -> list[FrameworkInfo]:
    """The bundled frameworks, sorted by id (each is loaded and validated)."""
    infos = []
    for framework_id in resources.bundled_framework_ids():
        path = resources.bundled_framework_path(framework_id)
        assert path is not None
        framework = _load_framework_path(path)
        infos.append(
            FrameworkInfo(
                framework.id, framework.title, framework.version, framework.publisher, path
            )
        )
    return infos


def list_crosswalks() -> list[CrosswalkInfo]:
    """The bundled cross-walks, sorted by id (each is loaded and validated)."""
    infos = []
    for crosswalk_id in resources.bundled_crosswalk_ids():
        path = resources.bundled_crosswalk_path(crosswalk_id)
        assert path is not None
        crosswalk = load_crosswalk(path)
        infos.append(
            CrosswalkInfo(crosswalk.id, crosswalk.title, crosswalk.source, crosswalk.target, path)
        )
    return infos


def validate_file(path: str | os.PathLike[str]) -> list[str]:
    """Every problem of a framework, vocabulary or cross-walk file (told apart by ``schema:``);
    [] if valid."""
    file = Path(path)
    try:
        source = _read(file)
        kind = _kind_of(source, expected=None)
        if kind == "framework":
            _load_framework_path(file)
        elif kind == "vocabulary":
            _cached_vocabulary(*_stat_key(file))
        elif kind == "lexicon":
            _cached_lexicon(*_stat_key(file))
        else:
            _cached_crosswalk(*_stat_key(file))
    except FrameworkError as err:
        return list(err.problems)
    return []


def file_kind(path: str | os.PathLike[str]) -> Kind:
    """Whether the file at ``path`` is a framework, a vocabulary or a cross-walk, from its
    ``schema:`` key."""
    return _kind_of(_read(Path(path)), expected=None)


# --------------------------------------------------------------------------- references


def _looks_like_path(ref: str) -> bool:
    return "/" in ref or os.sep in ref or ref.endswith(resources.SUFFIXES) or Path(ref).exists()


def _resolve_ref(ref: str | os.PathLike[str], kind: Kind) -> Path:
    if not isinstance(ref, str) or _looks_like_path(ref):
        return Path(ref)
    if kind == "framework":
        found, known = resources.bundled_framework_path(ref), resources.bundled_framework_ids()
    elif kind == "vocabulary":
        found, known = resources.bundled_vocabulary_path(ref), resources.bundled_vocabulary_ids()
    elif kind == "lexicon":
        found, known = resources.bundled_lexicon_path(ref), resources.bundled_lexicon_ids()
    else:
        found, known = resources.bundled_crosswalk_path(ref), resources.bundled_crosswalk_ids()
    if found is None:
        label = _KIND_WORDS[kind]
        message = f"no bundled {label} {ref!r}{suggest(ref, known)}"
        raise FrameworkError(
            message,
            problems=[message],
            hint=f"bundled: {', '.join(known) or 'none'}; or give the path of a YAML file",
        )
    return found


def _resolve_framework_id(framework_id: str, relative_to: Path) -> Path | None:
    """Find the framework a file names: a path beside it, a bundled id, or ``<id>.yaml`` nearby.

    ``trust.yaml`` (with a suffix) is a file in the naming file's folder or the folder above; a
    bare id is a bundled framework, else a file ``<id>.yaml`` in one of those two folders.
    """
    if framework_id.endswith(resources.SUFFIXES):
        names = [framework_id]
    else:
        bundled = resources.bundled_framework_path(framework_id)
        if bundled is not None:
            return bundled
        names = [f"{framework_id}{suffix}" for suffix in resources.SUFFIXES]
    for folder in (relative_to, relative_to.parent):
        for name in names:
            candidate = folder / name
            if candidate.is_file():
                return candidate
    return None


# --------------------------------------------------------------------------- caching


def _stat_key(path: Path) -> tuple[Path, int, int]:
    """Cache key of a file: its resolved path, mtime and size (missing files never cache)."""
    try:
        resolved = path.resolve()
        stat = resolved.stat()
    except OSError:
        return path, -1, -1
    return resolved, stat.st_mtime_ns, stat.st_size


_LOADING: ContextVar[tuple[Path, ...]] = ContextVar("trustcheck_loading", default=())


@contextmanager
def _loading(path: Path) -> Iterator[None]:
    token = _LOADING.set((*_LOADING.get(), path))
    try:
        yield
    finally:
        _LOADING.reset(token)


def _resolve_vocabulary_id(vocabulary_id: str, relative_to: Path) -> Path | None:
    """Find the vocabulary a framework names: ``<id>.yaml`` beside it, else a bundled one."""
    names = (
        [vocabulary_id]
        if vocabulary_id.endswith(resources.SUFFIXES)
        else [f"{vocabulary_id}{suffix}" for suffix in resources.SUFFIXES]
    )
    for folder in (relative_to, relative_to / resources.VOCABULARY_DIR):
        for name in names:
            candidate = folder / name
            if candidate.is_file():
                return candidate
    return resources.bundled_vocabulary_path(vocabulary_id)


_DEPENDENCIES: dict[Path, tuple[tuple[Path, int, int], ...]] = {}
"""The stat keys of the files a loaded framework was built from (its vocabulary, imports)."""


def _load_framework_path(path: Path) -> Framework:
    resolved, mtime, size = _stat_key(path)
    if mtime < 0:  # missing or unreadable: report against the name the user gave
        return _cached_framework(path, mtime, size)
    dependencies = _DEPENDENCIES.get(resolved, ())
    if any(_stat_key(dep) != (dep, m, s) for dep, m, s in dependencies):
        _cached_framework.cache_clear()  # an edited vocabulary: read the frameworks again
    return _cached_framework(resolved, mtime, size)


@lru_cache(maxsize=64)
def _cached_framework(path: Path, mtime_ns: int, size: int) -> Framework:
    del size  # part of the cache key only
    if mtime_ns < 0:
        return _read_framework(path)
    framework = load_validated(
        path, Framework, lambda: _build_framework(path), lambda found: _named_file(found, path)
    )
    named = _named_file(framework, path)
    if named is not None:
        _DEPENDENCIES.setdefault(path, (_stat_key(named),))  # also when it came from the cache
    return framework


def _build_framework(path: Path) -> Built:
    """Read and validate a framework, with what the on-disk cache needs to store it: the file
    it names and the files it was built from (none when it takes its signals from a chain of
    frameworks, which is then validated each time)."""
    framework = _read_framework(path)
    named = _named_file(framework, path)
    if len(_DEPENDENCIES.get(path, ())) > 1:
        return framework, named, None
    language = framework.language
    lexicon = resources.bundled_lexicon_path(language.lexicon if language is not None else "en")
    others = [named] if named is not None else []
    return framework, named, [*others, *([lexicon] if lexicon is not None else [])]


def _named_file(framework: Framework, path: Path) -> Path | None:
    """The vocabulary or base framework a framework file names, where it is found now."""
    if framework.vocabulary is not None:
        found = _resolve_vocabulary_id(framework.vocabulary, path.parent)
    elif framework.signals_from is not None:
        found = _resolve_framework_id(framework.signals_from, path.parent)
    else:
        return None
    return found.resolve() if found is not None else None


@lru_cache(maxsize=8)
def _cached_lexicon(path: Path, mtime_ns: int, size: int) -> Lexicon:
    del size
    if mtime_ns < 0:
        return _read_lexicon(path)
    return load_validated(path, Lexicon, lambda: (_read_lexicon(path), None, []), lambda _: None)


def _read_lexicon(path: Path) -> Lexicon:
    source = _read(path)
    _kind_of(source, expected="lexicon")
    return _shape(source, "lexicon", Lexicon)


@lru_cache(maxsize=16)
def _cached_vocabulary(path: Path, mtime_ns: int, size: int) -> Vocabulary:
    del mtime_ns, size
    return _read_vocabulary(path)


@lru_cache(maxsize=64)
def _cached_crosswalk(path: Path, mtime_ns: int, size: int) -> Crosswalk:
    del mtime_ns, size
    return _read_crosswalk(path)


# --------------------------------------------------------------------------- layers


def _read_framework(path: Path) -> Framework:
    source = _read(path)
    _kind_of(source, expected="framework")
    framework = _shape(source, "framework", Framework)
    imported: Framework | Vocabulary | None = None
    issues: list[Issue] = []
    extra: list[str] = []
    if framework.vocabulary is not None and framework.signals_from is not None:
        message = "set 'vocabulary' or 'signals_from', not both"
        issues.append(Issue(("signals_from",), message, at_key=True))
    elif framework.vocabulary is not None:
        imported, problem, extra = _import_vocabulary(framework.vocabulary, path)
        if problem:
            issues.append(Issue(("vocabulary",), problem))
    elif framework.signals_from is not None:
        imported, problem, extra = _import(framework.signals_from, path)
        if problem:
            issues.append(Issue(("signals_from",), problem))
    issues += check_framework(framework, imported)
    issues += _check_lexicon(framework.language)
    _raise_if(source, issues, extra)
    merged = framework if imported is None else _merge(framework, imported)
    return merged.model_copy(update={"signals": _expand(merged.signals, merged.language)})


def _import_vocabulary(vocabulary_id: str, path: Path) -> tuple[Vocabulary | None, str, list[str]]:
    """Load the vocabulary a framework names: (vocabulary, problem, its own problems)."""
    found = _resolve_vocabulary_id(vocabulary_id, path.parent)
    if found is None:
        nearby = path.parent / resources.VOCABULARY_DIR
        known = [p.stem for p in sorted(nearby.glob("*.y*ml"))] + resources.bundled_vocabulary_ids()
        return None, f"unknown vocabulary {vocabulary_id!r}{suggest(vocabulary_id, known)}", []
    key = _stat_key(found)
    _DEPENDENCIES[_stat_key(path)[0]] = (key,)
    try:
        return _cached_vocabulary(*key), "", []
    except FrameworkError as err:
        return None, f"vocabulary {vocabulary_id!r} is invalid ({_display(found)})", err.problems


def _import(framework_id: str, path: Path) -> tuple[Framework | None, str, list[str]]:
    """Load the framework named by ``signals_from``: (framework, problem, its own problems)."""
    base = _resolve_framework_id(framework_id, path.parent)
    if base is None:
        known = resources.bundled_framework_ids()
        return None, f"unknown framework {framework_id!r}{suggest(framework_id, known)}", []
    stack = _LOADING.get()
    if base.resolve() in stack or base.resolve() == path.resolve():
        chain = " -> ".join(p.name for p in (*stack, path.resolve(), base.resolve()))
        return None, f"signals_from makes a cycle: {chain}", []
    try:
        with _loading(path.resolve()):
            loaded = _load_framework_path(base)
        base_key = _stat_key(base)
        _DEPENDENCIES[_stat_key(path)[0]] = (base_key, *_DEPENDENCIES.get(base_key[0], ()))
        return loaded, "", []
    except FrameworkError as err:
        return None, f"framework {framework_id!r} is invalid ({_display(base)})", err.problems


def _merge(framework: Framework, imported: Framework | Vocabulary) -> Framework:
    own = {s.id: s for s in framework.signals}
    imported_ids = {s.id for s in imported.signals}
    signals = [own.get(s.id, s) for s in imported.signals]
    signals += [s for s in framework.signals if s.id not in imported_ids]
    language = framework.language if framework.language is not None else imported.language
    return framework.model_copy(update={"signals": signals, "language": language})


def _read_vocabulary(path: Path) -> Vocabulary:
    source = _read(path)
    _kind_of(source, expected="vocabulary")
    vocabulary = _shape(source, "vocabulary", Vocabulary)
    _raise_if(source, check_vocabulary(vocabulary) + _check_lexicon(vocabulary.language))
    signals = _expand(vocabulary.signals, vocabulary.language)
    return vocabulary.model_copy(update={"signals": signals})


def _expand(signals: list[Signal], language: Language | None) -> list[Signal]:
    """Signals with the placeholders of their patterns (``<month>``) written out from the
    lexicon, so that every later stage sees plain regular expressions."""
    if not any(PLACEHOLDER.search(p) for s in signals for p in s.patterns):
        return signals
    lexicon = load_lexicon(language.lexicon if language is not None else "en")
    words = {"month": lexicon.month_pattern()}
    return [
        s.model_copy(
            update={"patterns": [PLACEHOLDER.sub(lambda m: words[m[1]], p) for p in s.patterns]}
        )
        if any(PLACEHOLDER.search(p) for p in s.patterns)
        else s
        for s in signals
    ]


def _check_lexicon(language: Language | None) -> list[Issue]:
    """The lexicon a language block names must be a bundled one."""
    if language is None or resources.bundled_lexicon_path(language.lexicon) is not None:
        return []
    known = resources.bundled_lexicon_ids()
    message = f"unknown lexicon {language.lexicon!r}{suggest(language.lexicon, known)}"
    return [Issue(("language", "lexicon"), message)]


def _read_crosswalk(path: Path) -> Crosswalk:
    source = _read(path)
    _kind_of(source, expected="crosswalk")
    crosswalk = _shape(source, "crosswalk", Crosswalk)
    issues: list[Issue] = []
    extra: list[str] = []
    frameworks: dict[str, Framework | None] = {}
    for key in ("source", "target"):
        framework_id = getattr(crosswalk, key)
        found = _resolve_framework_id(framework_id, path.parent)
        if found is None:
            known = resources.bundled_framework_ids()
            message = f"unknown framework {framework_id!r}{suggest(framework_id, known)}"
            issues.append(Issue((key,), message))
            frameworks[key] = None
            continue
        try:
            frameworks[key] = _load_framework_path(found)
        except FrameworkError as err:
            issues.append(Issue((key,), f"framework {framework_id!r} is invalid"))
            extra += err.problems
            frameworks[key] = None
    issues += check_crosswalk(crosswalk, frameworks["source"], frameworks["target"])
    _raise_if(source, issues, extra)
    return crosswalk


def _read(path: Path) -> YamlSource:
    try:
        return read_yaml(path)
    except YamlReadError as exc:
        line = f":{exc.problem.line}" if exc.problem.line else ""
        message = f"{_display(path)}{line}: {exc.problem.message}"
        raise FrameworkError(message, problems=[message]) from exc


def _kind_of(source: YamlSource, expected: Kind | None) -> Kind:
    declared = source.data.get("schema")
    allowed = " or ".join(repr(s) for s in _SCHEMA_IDS)
    if declared is None:
        wanted = allowed if expected is None else repr(_SCHEMA_OF_KIND[expected])
        issue = Issue((), f"missing key 'schema'; expected {wanted}")
        _raise_if(source, [issue])
    kind = _SCHEMA_IDS.get(declared) if isinstance(declared, str) else None
    if kind is None:
        issue = Issue(("schema",), f"unknown schema {declared!r}; expected {allowed}")
        _raise_if(source, [issue])
    assert kind is not None
    if expected is not None and kind != expected:
        label, want = _KIND_WORDS[kind], _KIND_WORDS[expected]
        issue = Issue(("schema",), f"this is a {label} file ({declared!r}), not a {want} file")
        _raise_if(source, [issue])
    return kind


@lru_cache(maxsize=4)
def _validator(kind: Kind) -> jsonschema.Draft202012Validator:
    """The schema validator, built from the models (the committed files are tested equal)."""
    builders = {
        "framework": framework_schema,
        "crosswalk": crosswalk_schema,
        "vocabulary": vocabulary_schema,
        "lexicon": lexicon_schema,
    }
    schema = builders[kind]()
    import jsonschema

    return jsonschema.Draft202012Validator(schema)


def _shape(source: YamlSource, kind: Kind, model: type[_M]) -> _M:
    """Layers 2 and 3: JSON Schema, then pydantic (only once the shape is right)."""
    issues: list[Issue] = []
    for duplicate, _line in source.duplicate_keys:
        issues.append(Issue(duplicate, f"key {duplicate[-1]!r} written twice", at_key=True))
    for key_path, read_as in source.non_text_keys:
        message = f"key {key_path[-1]!r} is read as {read_as}, not text: quote it"
        issues.append(Issue(key_path, message, at_key=True))
    if source.non_text_keys:
        _raise_if(source, issues)  # the schema layer cannot look at keys that are not text
    errors = sorted(_validator(kind).iter_errors(source.data), key=_error_sort_key)
    for error in errors:
        issues += _schema_issues(error)
    _raise_if(source, issues)
    try:
        return model.model_validate(source.data)
    except ValidationError as exc:
        _raise_if(source, _pydantic_issues(exc, source.data))
        raise  # pragma: no cover - _raise_if always raises for a non-empty list


def _error_sort_key(error: jsonschema.ValidationError) -> tuple[str, ...]:
    return tuple(f"{p:08d}" if isinstance(p, int) else str(p) for p in error.absolute_path)


# --------------------------------------------------------------------------- schema messages

_CONDITION_KEYS = {
    "signal": "SignalCondition",
    "figure": "FigureCondition",
    "all": "AllCondition",
    "any": "AnyCondition",
    "at_least": "AtLeastCondition",
    "of": "AtLeastCondition",
}


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _schema_issues(error: jsonschema.ValidationError) -> list[Issue]:
    """Turn one JSON Schema error into located, readable issues."""
    path: DocPath = tuple(error.absolute_path)
    validator = error.validator
    if validator == "additionalProperties" and isinstance(error.instance, dict):
        return _unknown_keys(error, path)
    if validator == "anyOf" and _is_condition(error):
        return _condition_issues(error, path)
    if validator == "anyOf":
        return _any_of_issues(error, path)
    if validator == "required":
        missing = error.message.split("'")[1] if "'" in error.message else error.message
        return [Issue(path, f"missing required key {missing!r}")]
    if validator == "minItems" and error.validator_value == 1:
        return [Issue(path, "must not be empty")]
    if validator == "minItems" and isinstance(error.instance, list):
        wanted = error.validator_value
        return [Issue(path, f"needs at least {wanted} items, has {len(error.instance)}")]
    if validator == "type" and error.instance is None:
        # Python's "None is not of type 'string'" means nothing to someone editing YAML
        return [Issue(path, f"has no value; expected {_type_words(error.validator_value)}")]
    if validator == "type":
        message = f"{_short(error.instance)} is not of type {error.validator_value!r}"
        if isinstance(error.instance, bool) and error.validator_value == "string":
            message += " (YAML reads yes, no, on, off, true and false as booleans: quote the text)"
        return [Issue(path, message)]
    return [Issue(path, error.message)]


def _type_words(json_type: object) -> str:
    """A JSON Schema type as an editor of a YAML file would say it."""
    words = {
        "string": "text",
        "array": "a list",
        "object": "a mapping",
        "integer": "a whole number",
        "number": "a number",
        "boolean": "true or false",
    }
    types = json_type if isinstance(json_type, list) else [json_type]
    return " or ".join(words.get(str(t), str(t)) for t in types)


def _any_of_issues(error: jsonschema.ValidationError, path: DocPath) -> list[Issue]:
    """Report the errors of the branches whose type fits, or the types that would fit."""
    by_branch: dict[int, list[jsonschema.ValidationError]] = {}
    for sub in error.context or []:
        by_branch.setdefault(int(sub.relative_schema_path[0]), []).append(sub)
    fitting: list[jsonschema.ValidationError] = []
    wanted: list[str] = []
    for subs in by_branch.values():
        mismatch = [e for e in subs if _keywords(e) == ["type"]]
        if mismatch:
            wanted.append(str(mismatch[0].validator_value))
        else:
            fitting += subs
    if fitting:
        return [issue for sub in fitting for issue in _schema_issues(sub)]
    if wanted:
        return [Issue(path, f"{_short(error.instance)} is not of type {' or '.join(wanted)}")]
    return [Issue(path, error.message)]


def _keywords(error: jsonschema.ValidationError) -> list[str | int]:
    """The keywords of an error's schema path inside an anyOf branch, without ``$ref`` hops."""
    return [p for p in list(error.relative_schema_path)[1:] if p != "$ref"]


def _unknown_keys(error: jsonschema.ValidationError, path: DocPath) -> list[Issue]:
    schema = error.schema if isinstance(error.schema, dict) else {}
    allowed = list(schema.get("properties", {}))
    patterns = list(schema.get("patternProperties", {}))
    issues = []
    for key in error.instance:
        if key in allowed:
            continue
        if patterns and isinstance(key, str):
            if any(re.search(p, key) for p in patterns):
                continue
            message = f"key {key!r} must match {patterns[0]}"
        else:
            listed = ", ".join(allowed)
            message = f"unknown key {key!r}{suggest(str(key), allowed)} (allowed: {listed})"
        issues.append(Issue((*path, key), message, at_key=True))
    return issues or [Issue(path, error.message)]


def _is_condition(error: jsonschema.ValidationError) -> bool:
    branches = error.validator_value if isinstance(error.validator_value, list) else []
    return any(b.get("$ref") == "#/$defs/SignalCondition" for b in branches if isinstance(b, dict))


def _condition_issues(error: jsonschema.ValidationError, path: DocPath) -> list[Issue]:
    """Report a bad condition against the branch its keys select, not all six at once."""
    instance = error.instance
    branches = [b.get("$ref", "").rsplit("/", 1)[-1] or "string" for b in error.validator_value]
    if isinstance(instance, str):
        chosen = "string"
    elif isinstance(instance, dict):
        names = {_CONDITION_KEYS[k] for k in instance if k in _CONDITION_KEYS}
        if len(names) != 1:
            keys = ", ".join(map(repr, instance)) or "none"
            return [
                Issue(
                    path,
                    "a condition mapping needs exactly one of the keys 'signal', 'figure', "
                    f"'all', 'any', or 'at_least' with 'of' (found: {keys})",
                )
            ]
        chosen = names.pop()
    else:
        return [
            Issue(path, f"{_short(instance)} is not a condition: give a signal id or a mapping")
        ]
    index = branches.index(chosen)
    issues: list[Issue] = []
    for sub in error.context or []:
        if sub.schema_path and sub.schema_path[0] == index:
            issues += _schema_issues(sub)
    return issues or [Issue(path, error.message)]


# --------------------------------------------------------------------------- pydantic messages


def _pydantic_issues(exc: ValidationError, data: Any) -> list[Issue]:
    """Locate pydantic errors, dropping union member names from their paths.

    Once the schema layer has passed, what pydantic still rejects are the models' own checks
    (``value_error``); within a union those are the errors worth showing.
    """
    errors = exc.errors(include_url=False)
    chosen = [e for e in errors if e["type"] == "value_error"] or errors
    issues: list[Issue] = []
    for err in chosen:
        message = str(err["msg"]).removeprefix("Value error, ")
        issue = Issue(_data_path(err["loc"], data), message)
        if issue not in issues:
            issues.append(issue)
    return issues


def _data_path(loc: tuple[int | str, ...], data: Any) -> DocPath:
    path: list[int | str] = []
    node = data
    for part in loc:
        in_dict = isinstance(node, dict) and part in node
        in_list = isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        if in_dict or in_list:
            node = node[part]
            path.append(part)
    return tuple(path)


# --------------------------------------------------------------------------- formatting


def _display(path: Path) -> str:
    """A path as the user will recognise it: relative to the working folder when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        return str(path)


def _format(source: YamlSource, issue: Issue) -> str:
    line = source.line_of(issue.path, key=issue.at_key)
    where = f"{_display(source.path)}:{line}" if line else _display(source.path)
    message = issue.message.replace("\n", " ")
    if len(message) > _MAX_MESSAGE:
        message = message[: _MAX_MESSAGE - 3] + "..."
    text = f"{where}: {dotted(issue.path)}: {message}" if issue.path else f"{where}: {message}"
    return _LINE_BREAKS.sub(lambda m: repr(m[0])[1:-1], text)  # a key may hold a line break


def _raise_if(source: YamlSource, issues: list[Issue], extra: list[str] | None = None) -> None:
    """Raise one FrameworkError for all issues (plus problems of files this one depends on)."""
    if not issues:
        return
    problems = [_format(source, issue) for issue in issues] + list(extra or [])
    summary = problems[0]
    if len(problems) > 1:
        summary += f" (and {len(problems) - 1} more problem{'s' if len(problems) > 2 else ''})"
    raise FrameworkError(
        summary,
        problems=problems,
        hint=f"run 'trustcheck frameworks validate {_display(source.path)}' to see every problem"
        if len(problems) > 1
        else None,
    )
