"""Readers: any supported input → `RawRecord`s in Harmony's discovery-API shape.

Every input format is a reader plugin (`ldcat.plugins.Reader`, group ``ldcat.readers``); the
built-ins are in `ldcat.read.readers`. ``read(source, fmt)`` yields one `RawRecord` per record,
in input order, and a `Problem` instead of a record it cannot read, then carries on: bad input
never raises out of the iterator. Only a source that cannot be opened raises (`InputError`), and
an unknown format name (`UsageError`).

Origins say where a record came from: ``file.jsonl:12`` (line), ``file.json#3`` (3rd item of a
list or of ``results``, 1-based), ``page.rsc.txt`` (the page's one record), ``page.html#2`` (2nd
ld+json script; ``page.html#2.3`` for the 3rd item of a list in it).
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from typing import BinaryIO

from ldcat.errors import InputError, UsageError
from ldcat.model import RawRecord
from ldcat.plugins import Reader, Settings, installed_readers, reader, registry
from ldcat.problems import Problem
from ldcat.read import detect

__all__ = ["detect_format", "format_of", "formats", "no_records", "read"]


def formats() -> tuple[str, ...]:
    """The names of every installed reader, in detection order."""
    return registry.names("readers")


def read(
    source: str | os.PathLike[str] | BinaryIO,
    fmt: str | None = None,
    *,
    name: str | None = None,
    settings: Settings | None = None,
) -> Iterator[RawRecord | Problem]:
    """Records of `source` (a path, or a binary stream such as ``sys.stdin.buffer``).

    `fmt` None detects the format from the content; otherwise it is a reader's name (see
    `formats()`). `name` labels a stream in origins (default ``<stdin>``); for a path it
    overrides the path. `settings` are the readers' settings, by reader name.
    """
    chosen = reader(fmt, settings) if fmt is not None else None
    if isinstance(source, str | os.PathLike):
        path = os.fspath(source)
        _check_readable(path)
        return _read_path(path, chosen, name or path, settings)
    if isinstance(source, io.TextIOBase):
        raise UsageError("read() needs a binary stream (use sys.stdin.buffer, not sys.stdin)")
    return _read_stream(source, chosen, name or "<stdin>", settings)


def format_of(path: str | os.PathLike[str], fmt: str | None = None, *,
              settings: Settings | None = None) -> str | None:
    """The name of the reader `read(path, fmt)` reads the file with (None: it is empty, or in no
    known format, which `read` reports as a problem). Raises as `read` does for a file it cannot open."""
    if fmt is not None:
        return reader(fmt, settings).name
    path = os.fspath(path)
    _check_readable(path)
    with open(path, "rb") as stream:
        head, at_eof = detect.read_head(stream)
    found = _detect(head, at_eof, path, settings) if head.strip() else None
    return found.name if found is not None else None


def detect_format(head: bytes, *, name: str | None = None, complete: bool = False,
                  settings: Settings | None = None) -> str | None:
    """The name of the first reader (built-ins first) that claims content starting with `head`."""
    found = _detect(head, complete, name, settings)
    return found.name if found is not None else None


def _detect(head: bytes, at_eof: bool, name: str | None, settings: Settings | None) -> Reader | None:
    return next((r for r in installed_readers(settings) if r.sniff(head, at_eof=at_eof, name=name)), None)


def _check_readable(path: str) -> None:
    # Fail now, not at the first next(): "file not found" is the caller's mistake, not a record's.
    try:
        with open(path, "rb"):
            pass
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory, not a file") from None
    except OSError as error:
        raise InputError(f"{path}: cannot be read: {error.strerror or error}") from None


def _read_path(path: str, chosen: Reader | None, name: str, settings: Settings | None) -> Iterator[RawRecord | Problem]:
    try:
        stream = open(path, "rb")  # noqa: SIM115 - closed by the with below, in the generator
    except OSError as error:
        raise InputError(f"{path}: cannot be read: {error.strerror or error}") from None
    with stream:
        yield from _read_stream(stream, chosen, name, settings)


def _read_stream(stream: BinaryIO, chosen: Reader | None, name: str,
                 settings: Settings | None) -> Iterator[RawRecord | Problem]:
    head, at_eof = detect.read_head(stream)
    if not head.strip():
        yield Problem(code="empty-input", severity="error", record=name, message="the input is empty")
        return
    found = chosen or _detect(head, at_eof, name, settings)
    if found is None:
        yield Problem(
            code="unknown-format",
            severity="error",
            record=name,
            message=(
                f"not a known input format (starts with {_preview(head)}); expected one of "
                f"{', '.join(formats())} — name one with --from"
            ),
        )
        return
    nothing = True
    for item in found.read(detect.replay(head, stream), name):
        nothing = False
        yield item
    if nothing:
        yield no_records(name, found.name)


def no_records(name: str, fmt: str) -> Problem:
    """What a source that holds no records gets (`[]`, `{"results": []}`): nothing is lost, but a
    person should hear that nothing was there."""
    return Problem(code="no-records", severity="warning", record=name, message=f"holds no records (read as {fmt})")


def _preview(head: bytes) -> str:
    text = head.lstrip()[:32].decode("utf-8", errors="replace")
    return repr(text + ("…" if len(head.lstrip()) > 32 else ""))
