"""Coverage-guided fuzzing of :func:`trustcheck.read_document`, one report format at a time.

Reports are untrusted input: whatever bytes arrive, reading them must end in a
:class:`~trustcheck.errors.TrustcheckError` with a one-line message, or in a ``Document`` whose
passage offsets point at the passages' own text. Any other exception, a hang past libFuzzer's
``-timeout`` or memory past ``-rss_limit_mb`` is a crash, and its input is saved.

Run with atheris (``pip install '.[fuzz]'``)::

    python fuzz/fuzz_readers.py --format pdf -max_total_time=300 -timeout=30 -rss_limit_mb=2048

or without it, as a seeded random mutator (bit flips, inserted and deleted chunks, splices,
truncation) that needs nothing beyond trustcheck itself::

    python fuzz/fuzz_readers.py --format html --no-atheris --seconds 60

The working corpus starts from the matching files in ``fixtures/ingest`` and
``fixtures/corpus/reports`` and lives in ``fuzz/corpus/<format>`` (not committed); crash inputs
are written to ``fuzz/crashes/``. ``--replay FILE...`` runs saved inputs once, for triage.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib
import logging
import random
import re
import shutil
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SEEDS = (ROOT / "fixtures" / "ingest", ROOT / "fixtures" / "corpus" / "reports")
SUFFIXES = {
    "pdf": (".pdf",),
    "html": (".html", ".htm"),
    "markdown": (".md",),
    "text": (".txt", ".bin", ".md"),
}
READERS = (
    "trustcheck.ingest.detect",
    "trustcheck.ingest.passages",
    "trustcheck.ingest.pdf",
    "trustcheck.ingest.html",
    "trustcheck.ingest.markdown",
    "trustcheck.ingest.text",
    "pdfplumber",
)
_HTML_START = re.compile(rb"\s*(?:<!doctype\s+html|<html)\b", re.I)


def steer(data: bytes, fmt: str) -> bytes:
    """Keep mutated bytes in the reader under test: detection goes by content, not by name."""
    if fmt == "pdf" and b"%PDF-" not in data[:1024]:
        return b"%PDF-1.7\n" + data
    if fmt == "html" and not _HTML_START.match(data[:256]):
        return b"<!doctype html>\n" + data
    return data


def make_target(fmt: str) -> Callable[[bytes], None]:
    """The function run on every input: read it and check what came back."""
    from trustcheck import Limits, TrustcheckError, read_document

    # pdfminer logs a warning for every oddity of a damaged file: thousands a minute here.
    logging.getLogger("pdfminer").setLevel(logging.ERROR)

    # Tight enough that a slow input ends in LimitExceeded well before libFuzzer's -timeout.
    limits = Limits(max_bytes=8 * 1024 * 1024, max_pages=60, max_passages=50_000, max_seconds=10)

    def target(data: bytes) -> None:
        data = steer(data, fmt)
        try:
            document = read_document(data, name=f"fuzz.{fmt}", limits=limits, ocr=False)
        except TrustcheckError as err:
            line = err.one_line()
            if "\n" in line or not line.startswith("error[E"):
                raise AssertionError(f"error message is not one line: {line!r}") from err
            return
        text = document.text
        for passage in document.passages:
            if text[passage.start : passage.end] != passage.text:
                raise AssertionError(f"passage {passage.id} offsets do not point at its text")

    return target


def seed_corpus(fmt: str, corpus: Path) -> None:
    """Copy the fixtures of ``fmt`` into the working corpus (once)."""
    corpus.mkdir(parents=True, exist_ok=True)
    for folder in SEEDS:
        for path in sorted(folder.iterdir()):
            if path.suffix in SUFFIXES[fmt] and path.stat().st_size > 0:
                target = corpus / f"seed-{path.name}"
                if not target.exists():
                    shutil.copyfile(path, target)


def save_crash(data: bytes, crashes: Path) -> Path:
    crashes.mkdir(parents=True, exist_ok=True)
    path = crashes / f"crash-{hashlib.sha1(data).hexdigest()}"
    path.write_bytes(data)
    return path


# --------------------------------------------------------------------------- plain mutator


def mutate(data: bytes, pool: list[bytes], rng: random.Random) -> bytes:
    """One to four random edits of ``data``: what libFuzzer's default mutators do, blindly."""
    buf = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        choice = rng.randrange(7)
        pos = rng.randrange(len(buf) + 1)
        if choice == 0 and buf:  # flip a bit
            i = rng.randrange(len(buf))
            buf[i] ^= 1 << rng.randrange(8)
        elif choice == 1:  # insert random bytes
            buf[pos:pos] = rng.randbytes(rng.randint(1, 16))
        elif choice == 2 and buf:  # delete a chunk
            del buf[pos : pos + rng.randint(1, 64)]
        elif choice == 3 and buf:  # duplicate a chunk
            chunk = buf[pos : pos + rng.randint(1, 256)]
            buf[pos:pos] = chunk * rng.randint(1, 8)
        elif choice == 4 and pool:  # splice in part of another input
            other = rng.choice(pool)
            start = rng.randrange(len(other) + 1)
            buf[pos:pos] = other[start : start + rng.randint(1, 512)]
        elif choice == 5:  # truncate
            del buf[pos:]
        elif choice == 6 and buf:  # an interesting byte
            buf[rng.randrange(len(buf))] = rng.choice(b"\x00\xff<>&;/%()[]{}\\\n\r\t#|*-0")
    return bytes(buf)


def run_plain(fmt: str, corpus: Path, crashes: Path, seconds: float, seed: int) -> int:
    """Mutate the corpus at random for ``seconds``; return the number of crashes found."""
    target = make_target(fmt)
    pool = [p.read_bytes() for p in sorted(corpus.iterdir()) if p.is_file()]
    if not pool:
        pool = [b""]
    rng = random.Random(seed)
    started = time.monotonic()
    runs = found = 0
    while time.monotonic() - started < seconds:
        data = mutate(rng.choice(pool), pool, rng)
        runs += 1
        try:
            target(data)
        except Exception:
            found += 1
            path = save_crash(steer(data, fmt), crashes)
            print(f"CRASH {path}\n{traceback.format_exc()}", file=sys.stderr)
    elapsed = time.monotonic() - started
    print(f"{fmt}: {runs} runs in {elapsed:.0f} s ({runs / elapsed:.0f}/s), {found} crashes")
    return found


# --------------------------------------------------------------------------- entry point


def replay(fmt: str, files: list[str]) -> int:
    target = make_target(fmt)
    failed = 0
    for name in files:
        try:
            target(Path(name).read_bytes())
            print(f"ok    {name}")
        except Exception:
            failed += 1
            print(f"CRASH {name}\n{traceback.format_exc()}")
    return failed


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--format", choices=sorted(SUFFIXES), required=True)
    parser.add_argument("--no-atheris", action="store_true", help="plain random mutation")
    parser.add_argument("--seconds", type=float, default=60.0, help="plain mode: run time")
    parser.add_argument("--seed", type=int, default=0, help="plain mode: random seed")
    parser.add_argument("--corpus", type=Path, help="working corpus (default fuzz/corpus/FMT)")
    parser.add_argument("--crashes", type=Path, default=HERE / "crashes")
    parser.add_argument("--replay", nargs="+", metavar="FILE", help="run saved inputs once")
    args, rest = parser.parse_known_args(argv[1:])
    if args.replay:
        return 1 if replay(args.format, args.replay) else 0
    corpus = args.corpus or HERE / "corpus" / args.format
    seed_corpus(args.format, corpus)
    if args.no_atheris:
        return 1 if run_plain(args.format, corpus, args.crashes, args.seconds, args.seed) else 0

    import atheris

    with atheris.instrument_imports(include=["trustcheck", "pdfplumber", "pdfminer"]):
        # read_document imports its readers lazily: import them here so they are instrumented.
        for module in READERS:
            importlib.import_module(module)
        target = make_target(args.format)
    args.crashes.mkdir(parents=True, exist_ok=True)
    libfuzzer_args = [argv[0], f"-artifact_prefix={args.crashes}/", *rest, str(corpus)]
    atheris.Setup(libfuzzer_args, target)
    atheris.Fuzz()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
