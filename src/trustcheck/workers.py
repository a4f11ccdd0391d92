"""Assessing documents in worker processes, so that limits hold even inside native parsers.

The cooperative checks of :class:`~trustcheck.ingest.limits.Budget` run between pages; a parser
stuck inside PDFium or pdfminer on one page, or a decompression bomb, never reaches them. Here
each document is read in a worker process (pebble's ``ProcessPool``) that:

* has its address space bounded (``RLIMIT_AS``, Linux) at ``Limits.max_memory_mb``, so an
  allocation past it raises ``MemoryError`` (reported as E305) or, inside a native library that
  aborts on a failed allocation, ends the worker;
* is stopped once the document has taken ``Limits.hard_seconds`` (reported as E305);
* when it dies or is stopped, is replaced, and only its document is reported as failed;
* dies with the process that started it (Linux), so a killed command leaves no worker behind.

On Linux a worker is forked from the command's process whenever that process is small (at most
``_FORK_MAX_MB`` of address space, as the command line's is when it starts its worker): the
worker then starts in milliseconds with the modules the command has already imported, where a
fresh interpreter would import them all again (about 0.3 s per command), and what it inherits
leaves the document nearly all of the memory bound, as a fresh worker's own imports would.
Otherwise, and on other systems (where forking a process that has loaded system frameworks is
unsafe), a worker is a fresh interpreter (``spawn``), so a large caller's memory (a library
user's process, a test runner; the command itself once its threads have reserved their memory
arenas, when it replaces a dead worker) never counts against a document's bound.

Used by the audit runner and by ``trustcheck FILE``, whose results come back as assessment JSON,
and by ``trustcheck extract``, whose result is the document's JSON.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import multiprocessing.context
import os
import signal
import sys
import traceback
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, as_completed
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, TypeVar

from trustcheck.errors import LimitExceeded, TrustcheckError
from trustcheck.ingest.limits import Limits

if TYPE_CHECKING:
    from pebble import ProcessPool

    from trustcheck.framework.models import Framework

K = TypeVar("K")
_MB = 1024 * 1024
#: Address space a worker needs beyond what it uses at start to read even a small document.
_START_HEADROOM_MB = 64
_PR_SET_PDEATHSIG = 1
#: Largest address space of a process whose workers are forked from it (a fresh worker's is
#: about 70 MB once it has imported the readers).
_FORK_MAX_MB = 128


@dataclass(frozen=True, slots=True)
class Outcome:
    """What assessing one document gave: assessment JSON, or a one-line error."""

    ok: bool
    payload: str
    traceback: str = ""


class AssessmentPool:
    """Worker processes that assess documents under hard time and memory limits.

    Use as a context manager; leaving it (also by an exception or Ctrl-C) stops the workers.
    Entering starts the workers at once, so they import the readers while this process goes
    on (loading the framework, say).
    """

    def __init__(
        self, limits: Limits | None = None, *, workers: int = 1, password: str | None = None
    ) -> None:
        self.limits = limits or Limits()
        self.workers = max(1, workers)
        self.password = password
        self._pool: ProcessPool | None = None

    def __enter__(self) -> AssessmentPool:
        from pebble import ProcessPool

        self._pool = ProcessPool(
            max_workers=self.workers,
            initializer=_init_worker,
            initargs=(self.limits, os.getpid()),
            context=_worker_context(),
        )
        self._pool.schedule(_start)  # pebble starts its workers with the first task
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        assert self._pool is not None
        if kind is None:
            self._pool.close()  # type: ignore[no-untyped-call]
        else:
            self._pool.stop()  # type: ignore[no-untyped-call]
        self._pool.join()
        self._pool = None

    def assess(
        self,
        items: Iterable[tuple[K, str]],
        framework: Framework,
        *,
        password_of: Callable[[K], str | None] | None = None,
    ) -> Iterator[tuple[K, Outcome]]:
        """Assess each ``(key, path)``; yield ``(key, outcome)`` as each document finishes.

        ``password_of`` gives a document's own password (an audit's members each have theirs);
        where it gives None, the pool's ``password`` applies.
        """
        assert self._pool is not None, "use AssessmentPool as a context manager"
        futures: dict[Future[Outcome], tuple[K, str]] = {}
        for key, path in items:
            password = password_of(key) if password_of is not None else None
            future: Future[Outcome] = self._pool.schedule(
                _assess_in_worker,
                args=(path, framework, password if password is not None else self.password),
                timeout=self.limits.hard_seconds,
            )
            futures[future] = (key, path)
        for future in as_completed(futures):
            key, path = futures[future]
            yield key, self._settle(future, path, "read and assess")

    def read(self, path: str, *, ocr: bool | None = None) -> Outcome:
        """Read one document; the outcome's payload is its :class:`Document` as JSON."""
        assert self._pool is not None, "use AssessmentPool as a context manager"
        future: Future[Outcome] = self._pool.schedule(
            _read_in_worker, args=(path, self.password, ocr), timeout=self.limits.hard_seconds
        )
        return self._settle(future, path, "read")

    def _settle(self, future: Future[Outcome], path: str, doing: str) -> Outcome:
        from pebble import ProcessExpired

        try:
            return future.result()
        except FutureTimeout:
            return Outcome(False, _took_too_long(path, self.limits, doing))
        except ProcessExpired as err:
            return Outcome(False, _died(path, err.exitcode, self.limits))
        except Exception as err:  # the result could not come back: still one line
            return Outcome(
                False, f"error[E100]: internal error on {path}: {type(err).__name__}: {err}"
            )


def start_method() -> str:
    """How the next worker starts: forked from a small process on Linux, else spawned."""
    if sys.platform.startswith("linux") and _address_space_mb() <= _FORK_MAX_MB:
        return "fork"
    return "spawn"


class _ForkWhenSmall(multiprocessing.context.SpawnContext):
    """A spawn context whose processes are forked while :func:`start_method` says so.

    Its pipes and locks are the spawn context's, which a forked child inherits and a spawned
    one receives, so one pool can hold workers started either way.
    """

    def Process(self, *args: Any, **kwargs: Any) -> multiprocessing.process.BaseProcess:  # type: ignore[override]
        if start_method() == "fork":
            return multiprocessing.context.ForkProcess(*args, **kwargs)
        return multiprocessing.context.SpawnProcess(*args, **kwargs)


def _worker_context() -> multiprocessing.context.BaseContext:
    if sys.platform.startswith("linux"):
        return _ForkWhenSmall()
    return multiprocessing.get_context("spawn")


def _took_too_long(path: str, limits: Limits, doing: str) -> str:
    return LimitExceeded(
        f"{path} took over {limits.hard_seconds:g} s to {doing} and was stopped"
    ).one_line()


def _died(path: str, exitcode: int | None, limits: Limits) -> str:
    if exitcode is not None and exitcode < 0:
        try:
            how = f"killed by {signal.Signals(-exitcode).name}"
        except ValueError:
            how = f"killed by signal {-exitcode}"
    else:
        how = f"exit code {exitcode}"
    return (
        f"error[E100]: the process reading {path} died ({how}): a parser crashed, most likely "
        f"on running out of the {limits.max_memory_mb} MB memory bound (raise it with "
        "--max-memory if the file is trusted; otherwise please report it as a bug)"
    )


# --- inside a worker -----------------------------------------------------------------------

_LIMITS = Limits()
_START_ERROR: str | None = None


def _init_worker(limits: Limits, parent: int) -> None:
    """Import the assessment and the PDF reader and read the default lexicon, then bound the
    address space (never raises: pebble would respawn). What every file needs is done once,
    outside its budget; the lighter readers of HTML, Markdown and text are imported by the
    first file that needs one (a command on a PDF never imports them)."""
    global _LIMITS, _START_ERROR
    die_with_parent(parent)
    _LIMITS = limits
    import trustcheck.assessment.engine
    import trustcheck.ingest.pdf  # noqa: F401
    from trustcheck.match.lexicon import lexicon

    with contextlib.suppress(Exception):  # a lexicon that cannot load fails each file, not this
        lexicon()

    _START_ERROR = bound_memory(limits.max_memory_mb)


def die_with_parent(parent: int) -> None:
    """End this worker when the process that started it ends, however it ends.

    A worker stuck in a native parser never reads its task queue, so it cannot notice that the
    command which started it was killed; re-parented to PID 1, it would run on for minutes.
    On Linux the kernel sends it SIGKILL when its parent dies (``PR_SET_PDEATHSIG``); a parent
    that died before that was set is caught by comparing the parent's PID.
    """
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # no prctl: the worker ends when its queue closes
        return
    if os.getppid() != parent:
        os._exit(1)


def bound_memory(max_mb: int) -> str | None:
    """Bound this process's address space to ``max_mb``; return why it cannot be, or None.

    Only on Linux, where ``RLIMIT_AS`` is enforced; elsewhere the bound is not applied.
    """
    if not sys.platform.startswith("linux"):
        return None
    import resource

    in_use = _address_space_mb()
    if in_use + _START_HEADROOM_MB > max_mb:
        return LimitExceeded(
            f"the memory bound of {max_mb} MB is below the {in_use + _START_HEADROOM_MB} MB a "
            "worker process needs to read anything",
            hint="raise --max-memory",
        ).one_line()
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    wanted = max_mb * _MB
    if hard != resource.RLIM_INFINITY:
        wanted = min(wanted, hard)
    resource.setrlimit(resource.RLIMIT_AS, (wanted, hard))
    return None


def _address_space_mb() -> int:
    with Path("/proc/self/status").open(encoding="ascii") as status:
        for line in status:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) // 1024
    return 0


def _start() -> None:
    """The first task: its only purpose is to make pebble start the workers."""


def _assess_in_worker(path: str, framework: Framework, password: str | None) -> Outcome:
    """Read and assess one file; every failure becomes a one-line error."""
    from trustcheck.assessment.engine import assess_document
    from trustcheck.ingest import read_document

    def work() -> str:
        document = read_document(path, password=password, limits=_LIMITS)
        return assess_document(document, framework).model_dump_json()

    return _guarded(path, work)


def _read_in_worker(path: str, password: str | None, ocr: bool | None) -> Outcome:
    """Read one file into its document JSON; every failure becomes a one-line error."""
    from trustcheck.ingest import read_document

    def work() -> str:
        return read_document(path, password=password, limits=_LIMITS, ocr=ocr).model_dump_json()

    return _guarded(path, work)


def _guarded(path: str, work: Callable[[], str]) -> Outcome:
    """Run ``work`` for ``path``: its JSON, or the one-line error it ended in."""
    if _START_ERROR is not None:
        return Outcome(False, _START_ERROR)
    try:
        return Outcome(True, work())
    except MemoryError:
        message = LimitExceeded(
            f"{path} needed more than the memory bound of {_LIMITS.max_memory_mb} MB"
        ).one_line()
        return Outcome(False, message)
    except TrustcheckError as err:
        return Outcome(False, err.one_line(), traceback.format_exc())
    except Exception as err:  # a parser bug must cost one report, not the run
        return Outcome(
            False,
            f"error[E100]: internal error on {path}: {type(err).__name__}: {err} "
            "(a bug in trustcheck; please report it)",
            traceback.format_exc(),
        )
