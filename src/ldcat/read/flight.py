"""React Server Components "flight" payloads, as a Next.js page sends them to the browser.

Nothing here knows what the page is about: it parses the rows, resolves references and walks the
values (following references from row to row), and the reader of a particular site
(`ldcat.read.harmony_page`) decides what in them is data.

The payload is a sequence of rows. ``ID:JSON`` rows end at a newline; ``ID:T<hex>,<text>`` rows
hold exactly <hex> UTF-8 *bytes* of text and the next row may follow on the same line, so rows
are parsed on bytes, not lines (other length-prefixed rows, typed arrays, are skipped by length).
Tagged rows (``I[...]`` module imports, ``HL[...]`` hints, ``E{...}`` errors) hold no data. JSON
rows refer to other rows as ``"$ID"``, write a missing value as ``"$undefined"`` and a literal
leading dollar as ``"$$"``; other ``$`` strings (``$L12`` lazy components, ``$Sreact...``
symbols) are not data. A complete payload ends with a newline, so a broken last row is one cut
short.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from ldcat.read import jsontext

_ROW_ID = re.compile(rb"([0-9a-fA-F]*):")
# Length-prefixed rows: T is text; the others are typed arrays, skipped by length.
_SIZED_ROW = re.compile(rb"([TAOoUSsLlGgMmV])([0-9a-fA-F]+),")
_TAG = re.compile(rb"[A-Z]{1,2}(?=[\[{\"])")
_REF = re.compile(r"[0-9a-fA-F]+")
UNDEFINED = object()  # what a Resolver makes of "$undefined": dropped from lists and dicts


@dataclass
class Rows:
    """The parsed rows of a payload. Row ids are the hex strings as written."""

    json: dict[str, Any] = field(default_factory=dict)
    text: dict[str, str] = field(default_factory=dict)
    order: list[str] = field(default_factory=list)  # ids of JSON rows, in payload order
    truncated: str | None = None  # why the payload looks cut short
    bad: list[str] = field(default_factory=list)  # rows that could not be read, and why
    ends_cleanly: bool = True  # a complete payload ends with a newline


def parse_rows(data: bytes) -> Rows:
    """Split a payload into rows. Never raises: what cannot be read is noted in the result."""
    rows = Rows(ends_cleanly=data.endswith(b"\n"))
    pos, end = 0, len(data)
    while pos < end:
        if data[pos] in b"\r\n":
            pos += 1
            continue
        head = _ROW_ID.match(data, pos)
        if head is None:
            stop = _line_end(data, pos)
            rows.bad.append(f"byte {pos}: not an RSC row: {_preview(data[pos:stop])}")
            pos = stop + 1
            continue
        row_id, pos = head.group(1).decode("ascii"), head.end()
        sized = _SIZED_ROW.match(data, pos)
        if sized is not None:
            pos = _sized_row(data, sized, row_id, rows)
        else:
            stop = _line_end(data, pos)
            _json_row(data[pos:stop], row_id, rows, last=stop >= end)
            pos = stop + 1
    return rows


def _line_end(data: bytes, pos: int) -> int:
    stop = data.find(b"\n", pos)
    return len(data) if stop < 0 else stop


def _sized_row(data: bytes, sized: re.Match[bytes], row_id: str, rows: Rows) -> int:
    size, start = int(sized.group(2), 16), sized.end()
    available = len(data) - start
    if size > available:
        rows.truncated = f"row {row_id} declares {size} bytes of text but only {available} remain"
        return len(data)
    if sized.group(1) == b"T":
        try:
            rows.text[row_id] = data[start : start + size].decode("utf-8")
        except UnicodeDecodeError as error:
            rows.bad.append(f"row {row_id}: text is not UTF-8 ({error.reason})")
    return start + size


def _json_row(payload: bytes, row_id: str, rows: Rows, *, last: bool) -> None:
    if _TAG.match(payload):
        return  # module imports, hints, errors: nothing a record is made of
    try:
        rows.json[row_id] = jsontext.loads(payload)
    except (json.JSONDecodeError, UnicodeDecodeError, RecursionError) as error:
        if last:
            # Complete payloads end with a newline: a broken last row is one cut short.
            rows.truncated = f"the last row ({row_id or 'no id'}) is cut short"
        else:
            rows.bad.append(f"row {row_id or '(no id)'}: invalid JSON ({error})")
        return
    rows.order.append(row_id)


def _preview(data: bytes) -> str:
    return repr(data[:40].decode("utf-8", errors="replace"))


# --- references ---------------------------------------------------------------------------------


class Resolver:
    """Replaces ``"$ID"`` references with the rows they name and drops ``"$undefined"``.

    A reference to a row the payload lacks is dropped too, and its id noted in `missing`.
    """

    def __init__(self, rows: Rows) -> None:
        self.rows = rows
        self.missing: list[str] = []

    def __call__(self, value: Any, depth: int = 0) -> Any:
        if depth > 64:  # a reference cycle: leave the rest unresolved
            return value
        if isinstance(value, str):
            return self._string(value, depth)
        if isinstance(value, list):
            items = (self(item, depth + 1) for item in value)
            return [item for item in items if item is not UNDEFINED]
        if isinstance(value, dict):
            pairs = ((key, self(item, depth + 1)) for key, item in value.items())
            return {key: item for key, item in pairs if item is not UNDEFINED}
        return value

    def _string(self, value: str, depth: int) -> Any:
        if not value.startswith("$"):
            return value
        if value == "$undefined":
            return UNDEFINED
        if value.startswith("$$"):
            return value[1:]  # an escaped literal dollar
        match = _REF.fullmatch(value, 1)
        if match is None:
            return value  # lazy component refs ($L12), symbols ($Sreact...): not data
        row_id = match.group(0)
        if row_id in self.rows.text:
            return self.rows.text[row_id]
        if row_id in self.rows.json:
            return self(self.rows.json[row_id], depth + 1)
        self.missing.append(row_id)
        return UNDEFINED


def find(value: Any, predicate: Callable[[Any], bool]) -> Iterator[Any]:
    """Dicts and lists inside `value` (depth first, in order) that satisfy `predicate`."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict | list):
            if predicate(item):
                yield item
            children = item.values() if isinstance(item, dict) else item
            stack.extend(reversed(list(children)))


def find_in_rows(rows: Rows, predicate: Callable[[Any], bool]) -> Iterator[Any]:
    """`find` over every JSON row in payload order; references in what it yields are unresolved."""
    for row_id in rows.order:
        yield from find(rows.json[row_id], predicate)


@dataclass(frozen=True, slots=True)
class Place:
    """Where `walk` found a dict or list: the value (unresolved), the prop it is the value of (the
    nearest dict key above it, through lists and references; None at the top of a row), the dict
    that holds it under that prop (None inside a list or at the top of a row), and its row."""

    value: Any
    key: str | None
    holder: dict[str, Any] | None
    row: str


MAX_DEPTH = 256  # deeper values are not walked: no page nests its data this deep


def walk(rows: Rows, enter: Callable[[Place], bool]) -> None:
    """Call `enter` on every dict and list of every JSON row, depth first in payload order.

    A ``"$ID"`` reference to a JSON row is followed, as if that row's value were written in its
    place (a row is not followed twice on one path, so reference cycles end), and the row is also
    walked on its own: a value may be seen more than once. When `enter` returns False, what is
    inside the value is not walked.
    """
    stack: list[tuple[Any, str | None, dict[str, Any] | None, str, frozenset[str], int]] = [
        (rows.json[row_id], None, None, row_id, frozenset((row_id,)), 0) for row_id in reversed(rows.order)
    ]
    while stack:
        value, key, holder, row, path, depth = stack.pop()
        if isinstance(value, str):
            target = reference(value)
            if target is not None and target in rows.json and target not in path:
                stack.append((rows.json[target], key, holder, target, path | {target}, depth + 1))
            continue
        if not isinstance(value, dict | list) or depth > MAX_DEPTH:
            continue
        if not enter(Place(value, key, holder, row)):
            continue
        children: list[tuple[Any, str | None, dict[str, Any] | None]]
        if isinstance(value, dict):
            children = [(item, name, value) for name, item in value.items()]
        else:
            children = [(item, key, None) for item in value]
        stack.extend((item, name, owner, row, path, depth + 1) for item, name, owner in reversed(children))


def reference(value: str) -> str | None:
    """The row id a ``"$ID"`` string refers to, else None (``$undefined``, ``$$`` escapes, ``$L12``...)."""
    if not value.startswith("$") or value.startswith("$$"):
        return None
    match = _REF.fullmatch(value, 1)
    return match.group(0) if match else None
