"""Every error trustcheck raises on purpose, in one tree.

The command line turns any :class:`TrustcheckError` into a single line on stderr and exit code 2;
anything else is a bug and is reported as one (``E100``). Each class has a stable ``code`` that the
docs explain under ``docs/errors.md#<code>``::

    TrustcheckError                 E000
    ├── UsageError                  E001  bad arguments or options
    ├── FrameworkError              E200  a framework or cross-walk file is invalid
    ├── DocumentError               E300  a report cannot be read
    │   ├── UnsupportedFormat       E301
    │   ├── UnreadableDocument      E302  corrupt, truncated, empty
    │   ├── EncryptedDocument       E303  needs a password we do not have
    │   ├── NoTextLayer             E304  no page has text and OCR is unavailable
    │   └── LimitExceeded           E305  size, page, passage, time or memory limit
    ├── FetchError                  E400  a URL in an audit manifest could not be fetched
    └── AuditError                  E500  an audit folder, manifest or decision is invalid
"""

from __future__ import annotations


class TrustcheckError(Exception):
    """Root of every error trustcheck raises on purpose; the CLI shows ``str(err)`` and exits 2."""

    code = "E000"
    hint = ""

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        message = message.strip() or self.__class__.__name__
        super().__init__(message)
        if hint is not None:
            self.hint = hint

    def one_line(self) -> str:
        """The message a user sees: what is wrong, then what to do, on one line."""
        from trustcheck.neutral import neutralise

        text = str(self).replace("\n", " ")
        if self.hint:
            text = f"{text} ({self.hint})"
        return f"error[{self.code}]: {neutralise(text)}"


class UsageError(TrustcheckError):
    """Arguments or options that cannot work together."""

    code = "E001"


class FrameworkError(TrustcheckError):
    """A framework or cross-walk file is invalid; the message names file, line and path."""

    code = "E200"

    def __init__(self, message: str, *, problems: list[str] | None = None, hint: str | None = None):
        super().__init__(message, hint=hint)
        self.problems: list[str] = problems or [message]


class DocumentError(TrustcheckError):
    """A report cannot be turned into a :class:`~trustcheck.Document`."""

    code = "E300"


class UnsupportedFormat(DocumentError):
    """The bytes are not PDF, HTML, Markdown, text, CSV or XLSX."""

    code = "E301"
    hint = "trustcheck reads PDF, HTML, Markdown, plain text, CSV and XLSX"


class UnreadableDocument(DocumentError):
    """Corrupt, truncated or empty input."""

    code = "E302"


class EncryptedDocument(DocumentError):
    """The PDF needs a user password."""

    code = "E303"
    hint = "pass the password with --password"


class NoTextLayer(DocumentError):
    """No page of the document has text and OCR is not available."""

    code = "E304"
    hint = "install the OCR extra and Debian's tesseract-ocr, see docs/ingest.md"


class LimitExceeded(DocumentError):
    """The document is larger or slower than the configured limits allow."""

    code = "E305"
    hint = "raise the limit with --max-* options if the file is trusted"


class FetchError(TrustcheckError):
    """A URL given in an audit manifest could not be fetched within the limits."""

    code = "E400"


class AuditError(TrustcheckError):
    """An audit folder, manifest or reviewer decision is invalid."""

    code = "E500"


class TrustcheckWarning(UserWarning):
    """Something was skipped or recovered from, and the user should know; the CLI prints
    ``warning: MESSAGE`` on stderr and goes on."""


# Exit codes of every command (docs/cli.md#exit-codes). When several apply, the first of
# 2, 3, 1, 4 wins: an error first, then missing members (figures without them are incomplete),
# then a failed gate, then decisions waiting for review.
EXIT_OK = 0
EXIT_BELOW_THRESHOLD = 1
"""A gate failed: ``--fail-under`` (a level or a score) or ``--require ELEMENT=LEVEL``."""
EXIT_ERROR = 2
"""Bad usage or input, a file that cannot be written, or a bug."""
EXIT_UNREAD = 3
"""An audit command ran, but some members' reports could not be read (and, for ``summary``
and ``export``, were not scored by hand either)."""
EXIT_REVIEW_NEEDED = 4
"""Reviewer decisions are stale: their evidence changed and they need a new review."""
EXIT_PRECEDENCE = (EXIT_ERROR, EXIT_UNREAD, EXIT_BELOW_THRESHOLD, EXIT_REVIEW_NEEDED)


def exit_code(codes: set[int]) -> int:
    """The one exit code for a run that found several things: see :data:`EXIT_PRECEDENCE`."""
    for code in EXIT_PRECEDENCE:
        if code in codes:
            return code
    return EXIT_OK
