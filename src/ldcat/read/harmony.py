"""Harmony discovery-API records: one record, a list, an API response, or JSON Lines of them.

Records pass through unchanged (quirks and all): cleaning is the normaliser's job, and it can
only report what it repaired if it sees the record as Harmony served it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, BinaryIO

from ldcat.model import RawRecord
from ldcat.problems import Problem
from ldcat.read.jsontext import NotJson, parse_json

READER = "harmony"
RECORD_KEYS = ("dataset_schema", "extra_data")


def read_document(stream: BinaryIO, name: str) -> Iterator[RawRecord | Problem]:
    """One JSON document: a record, a list of records, or ``{"results": [...]}``."""
    doc = parse_json(stream.read(), name)
    if isinstance(doc, NotJson):
        yield doc.problem
        return
    yield from records_from_document(doc, name, reader=READER)


def read_lines(stream: BinaryIO, name: str) -> Iterator[RawRecord | Problem]:
    """JSON Lines, one line at a time: memory stays flat however long the file is."""
    for lineno, raw in enumerate(stream, start=1):
        origin = f"{name}:{lineno}"
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            yield _problem("invalid-encoding", origin, f"not UTF-8 text: {error.reason}")
            continue
        if lineno == 1:
            line = line.removeprefix("\ufeff")
        if not line.strip():
            continue
        doc = parse_json(line, origin, one_line=True)
        if isinstance(doc, NotJson):
            yield doc.problem
            continue
        # A line may itself be a saved API response; its records are numbered within the line.
        yield from records_from_document(doc, origin, reader="jsonl")


def records_from_document(doc: Any, origin: str, *, reader: str) -> Iterator[RawRecord | Problem]:
    """The records of a parsed document; list items get ``#n`` (1-based) in their origin."""
    if isinstance(doc, dict) and "results" in doc and not _is_record(doc):
        results = doc["results"]
        if not isinstance(results, list):
            yield _problem("not-a-record", origin, "'results' is not a list", field="results")
            return
        yield from _items(results, origin, reader)
    elif isinstance(doc, list):
        yield from _items(doc, origin, reader)
    else:
        yield _record(doc, origin, reader)


def _items(items: Iterable[Any], origin: str, reader: str) -> Iterator[RawRecord | Problem]:
    for index, item in enumerate(items, start=1):
        yield _record(item, f"{origin}#{index}", reader)


def _record(value: Any, origin: str, reader: str) -> RawRecord | Problem:
    if not isinstance(value, dict):
        return _problem("not-an-object", origin, f"a record must be a JSON object, not {_kind(value)}")
    if not _is_record(value):
        keys = ", ".join(sorted(value)[:8]) or "none"
        return _problem(
            "not-a-record",
            origin,
            f"not a Harmony record: no 'dataset_schema' or 'extra_data' (keys: {keys})",
        )
    return RawRecord(data=value, origin=origin, reader=reader)


def _is_record(value: dict[str, Any]) -> bool:
    return any(key in value for key in RECORD_KEYS)


def _kind(value: Any) -> str:
    names = {bool: "a boolean", int: "a number", float: "a number", str: "a string", list: "a list"}
    return "null" if value is None else names.get(type(value), type(value).__name__)


def _problem(code: str, origin: str, message: str, *, field: str | None = None) -> Problem:
    return Problem(code=code, message=message, severity="error", record=origin, field=field)
