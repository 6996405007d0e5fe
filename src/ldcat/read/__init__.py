"""Readers: any supported input → `RawRecord`s in Harmony's discovery-API shape.

``read(source, fmt)`` yields one `RawRecord` per record, in input order, and a `Problem` instead
of a record it cannot read, then carries on: bad input never raises out of the iterator. Only a
source that cannot be opened raises (`InputError`), and an unknown format name (`UsageError`).

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
from ldcat.problems import Problem
from ldcat.read import detect, harmony, jsonld, rsc

FORMATS = ("harmony", "jsonl", "rsc", "jsonld", "html")

__all__ = ["FORMATS", "detect_format", "read"]


def read(
    source: str | os.PathLike[str] | BinaryIO,
    fmt: str | None = None,
    *,
    name: str | None = None,
) -> Iterator[RawRecord | Problem]:
    """Records of `source` (a path, or a binary stream such as ``sys.stdin.buffer``).

    `fmt` None detects the format from the content; otherwise it is one of `FORMATS`. `name`
    labels a stream in origins (default ``<stdin>``); for a path it overrides the path.
    """
    if fmt is not None and fmt not in FORMATS:
        raise UsageError(f"unknown input format {fmt!r}; choose one of: {', '.join(FORMATS)}")
    if isinstance(source, str | os.PathLike):
        path = os.fspath(source)
        _check_readable(path)
        return _read_path(path, fmt, name or path)
    if isinstance(source, io.TextIOBase):
        raise UsageError("read() needs a binary stream (use sys.stdin.buffer, not sys.stdin)")
    return _read_stream(source, fmt, name or "<stdin>")


def detect_format(head: bytes, *, name: str | None = None, complete: bool = False) -> str | None:
    """The format of content starting with `head` (see `ldcat.read.detect`), None if unknown."""
    return detect.sniff(head, at_eof=complete, name=name)


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


def _read_path(path: str, fmt: str | None, name: str) -> Iterator[RawRecord | Problem]:
    try:
        stream = open(path, "rb")  # noqa: SIM115 - closed by the with below, in the generator
    except OSError as error:
        raise InputError(f"{path}: cannot be read: {error.strerror or error}") from None
    with stream:
        yield from _read_stream(stream, fmt, name)


def _read_stream(stream: BinaryIO, fmt: str | None, name: str) -> Iterator[RawRecord | Problem]:
    head, at_eof = detect.read_head(stream)
    if not head.strip():
        yield Problem(code="empty-input", severity="error", record=name, message="the input is empty")
        return
    found = fmt or detect.sniff(head, at_eof=at_eof, name=name)
    if found is None:
        yield Problem(
            code="unknown-format",
            severity="error",
            record=name,
            message=(
                f"not a known input format (starts with {_preview(head)}); expected one of "
                f"{', '.join(FORMATS)} — name one with --from"
            ),
        )
        return
    yield from _dispatch(found, detect.replay(head, stream), name)


def _dispatch(fmt: str, stream: BinaryIO, name: str) -> Iterator[RawRecord | Problem]:
    if fmt == "jsonl":
        yield from harmony.read_lines(stream, name)
    elif fmt == "harmony":
        yield from harmony.read_document(stream, name)
    elif fmt == "rsc":
        yield from rsc.read_page(stream.read(), name)
    elif fmt == "jsonld":
        yield from jsonld.read_document(stream.read(), name)
    else:
        yield from jsonld.read_html(stream.read(), name)


def _preview(head: bytes) -> str:
    text = head.lstrip()[:32].decode("utf-8", errors="replace")
    return repr(text + ("…" if len(head.lstrip()) > 32 else ""))
