"""Temporal coverage: every written form → a `Period` with the precision the source gave.

Forms seen in Harmony: ``2021-03-01/2022-08-01``, ``1996-04-01T00:00:00Z/1997-03-01T00:00:00Z``,
``2007/..`` (ISO 8601-2 open end), ``2008``, ``1996..1997``; and start_year/end_year fields.
"""

from __future__ import annotations

import re
from datetime import date

from ldcat.model import Period

_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$", re.ASCII)
_DATETIME = re.compile(r"^(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$",
                       re.ASCII)
YEARS = (1000, 2999)  # = ldcat.normalise.values.YEARS
_OPEN = {"..", "", "*"}


class TemporalError(ValueError):
    """A coverage string that is not an ISO 8601 date or interval."""


def _point(value: str) -> tuple[str, bool]:
    """One end of an interval → (ISO date of its precision, whether a time part was dropped)."""
    value = value.strip()
    match = _DATE.match(value)
    if match:
        year, month, day = match.groups()
        date(int(year), int(month or 1), int(day or 1))  # raises ValueError on 2021-13-40
        if not YEARS[0] <= int(year) <= YEARS[1]:
            raise TemporalError(f"year {year} out of range {YEARS[0]}-{YEARS[1]}")
        return value, False
    match = _DATETIME.match(value)
    if match:
        date.fromisoformat(match.group(1))
        if not YEARS[0] <= int(match.group(1)[:4]) <= YEARS[1]:
            raise TemporalError(f"year {match.group(1)[:4]} out of range {YEARS[0]}-{YEARS[1]}")
        return match.group(1), True
    raise TemporalError(f"{value!r} is not an ISO 8601 date")


def parse(value: str) -> tuple[Period, list[str]]:
    """Parse a coverage string; the notes say what was changed to get there."""
    notes: list[str] = []
    raw = value.strip()
    if "/" in raw:
        left, _, right = raw.partition("/")
    elif re.fullmatch(r"\d{4}(?:-\d{2}){0,2}\.\.\d{4}(?:-\d{2}){0,2}", raw, re.ASCII):
        left, _, right = raw.partition("..")
        notes.append(f"range {raw!r} written as an ISO 8601 interval")
    else:
        left, right = raw, raw
    try:
        start, start_cut = (None, False) if left.strip() in _OPEN else _point(left)
        end, end_cut = (None, False) if right.strip() in _OPEN else _point(right)
    except ValueError as exc:
        raise TemporalError(f"{raw!r} is not an ISO 8601 date or interval ({exc})") from exc
    if start is None and end is None:
        raise TemporalError(f"{raw!r} is open at both ends")
    if start_cut or end_cut:
        notes.append("time of day dropped: coverage is given to the day")
    if start and end and _key(end, last=True) < _key(start, last=False):
        notes.append(f"start and end of {raw!r} were reversed, swapped")
        start, end = end, start
    return Period(start, end), notes


def from_years(start: int | None, end: int | None) -> Period | None:
    """Coverage from separate start/end years; an absent end year means still running."""
    if start is None and end is None:
        return None
    return Period(str(start) if start is not None else None, str(end) if end is not None else None)


def _key(value: str, *, last: bool) -> str:
    """Comparable form: a year or month stands for its first (or last) day."""
    pad = "-12-31" if last else "-01-01"
    return value + pad[len(value) - 4 :]
