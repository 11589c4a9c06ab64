"""quotewire's expected failures: one base class, so the interfaces catch those and nothing else.

The CLI, the API and the web pages catch ``QuotewireError`` (``NotFound``, ``BadInput`` and
``InputError``) and show its one line; anything else is a bug and must look like one (the API
answers 500, the CLI says "internal error"), never a 404 or an "error: 'x'" that hides it.
``NotFound`` is also a ``LookupError`` and ``BadInput`` a ``ValueError``, so library callers that
caught the built-in types keep working.
"""

from __future__ import annotations

from quotewire.models import Failure

_MAX_LINE = 300
"""Longest message shown; a value quoted in a message (a user's query, a path) may be huge."""
DETAIL = 200
"""Longest detail (a parser's or a stage's error) inside a message that names its input."""


class QuotewireError(Exception):
    """An expected failure; ``str(e)`` is the message for the user."""


class NotFound(QuotewireError, LookupError):
    """A speaker, article or story asked for by id or name that the database does not hold."""


class BadInput(QuotewireError, ValueError):
    """A value the user gave (an option, a parameter, a request body) that cannot be used."""


class ConfigError(QuotewireError):
    """A setting from the environment ($QUOTEWIRE_*) that cannot be used: found when the server or
    command starts, so a typo stops it with one line instead of failing every request."""


class InputError(BadInput):
    """An input that cannot be processed; ``message`` is the one line shown to the user.

    Raised by readers and cleaners, caught by the batch loops, which record it as a ``Failure``
    and go on with the next input.
    """

    def __init__(self, input: str, reason: str, detail: str) -> None:
        self.input = input
        self.reason = reason
        self.detail = detail
        super().__init__(self.message)

    @property
    def message(self) -> str:
        return f"{self.input}: {self.detail}"

    def failure(self) -> Failure:
        return Failure(input=self.input, reason=self.reason, message=self.message)


class UnknownRule(KeyError):
    """A rule name no module registered (``extract.registry``)."""


class ModelMissing(RuntimeError):
    """The accurate extractor's model is not in the package (``make model-accurate`` rebuilds it)."""


class PrivateAddress(Exception):
    """Raised inside the network layer; ``sources.http.fetch`` turns it into ``InputError(private_address)``."""


class StoreBusy(RuntimeError):
    """Another process held the SQLite database for longer than ``store.sql.SQLITE_MAX_WAIT_S``."""


class WorkerStartError(RuntimeError):
    """Analysis workers cannot start (a memory cap too small for the model, a broken install)."""


class HTTPError(Exception):
    """An HTTP status the API answers with (401, 403, 413, 422), with its one-line message."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status, self.message, self.headers = status, message, headers


class StorageError(QuotewireError):
    """A database or output location that cannot be used as asked; the message names it and says
    what to do. Raised by ``quotewire.store`` and the output writers, shown by the interfaces as
    one line (exit status 1), never as an internal error."""


class DatabaseMissing(StorageError):
    """A read command pointed at a location that holds no quotewire database (no file, an empty
    file, a server database without our tables): reads never create one."""


class DatabaseTooNew(StorageError):
    """A database whose schema revision this quotewire does not know: a newer version wrote it."""


class DatabaseOutdated(StorageError):
    """A database from an older quotewire, opened by a read command (which never migrates)."""


class DatabaseDamaged(StorageError):
    """A file that is not, or no longer, a sound SQLite database."""


class UnsupportedDatabase(StorageError):
    """A ``--db`` URL for a database quotewire does not speak (mysql://, ...)."""


class StorageFull(StorageError):
    """The disk (or the database server's) has no space left for what was being written."""


class ReadOnlyLocation(StorageError):
    """A write into a location that can only be read (a read-only filesystem or file)."""


class OutputRefused(StorageError):
    """An output file that would destroy something: the database itself, or an existing file
    without ``--force``."""


class ClusterError(QuotewireError):
    """A Dask scheduler that cannot be used: unreachable, not a Dask scheduler, no workers in
    time, or workers that cannot run the analysis; found before any work is sent."""


def one_line(error: BaseException | str, limit: int = _MAX_LINE) -> str:
    """The message of ``error`` as one line of at most ``limit`` characters: the one truncation,
    the form every interface shows.

    A ``KeyError`` stringifies as its quoted key, so for anything that is not ours the class name
    leads: "KeyError: 'x'" says what happened, "'x'" does not.
    """
    if isinstance(error, str):
        text = error
    elif isinstance(error, QuotewireError):
        text = str(error)
    else:
        text = f"{type(error).__name__}: {error}".rstrip(": ")
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def database_line(error: BaseException) -> str:
    """The driver's first line for a SQLAlchemy error ("database is locked"), without the SQL."""
    text = str(getattr(error, "orig", None) or error).strip()
    return one_line(text.splitlines()[0] if text else type(error).__name__)


def internal_error_line(error: BaseException) -> str:
    """What a user sees for a bug: clearly ours, with enough to report it, no traceback."""
    return f"internal error (a bug in quotewire, please report it): {one_line(error)}"
