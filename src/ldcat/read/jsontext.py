"""JSON text → a value, or the `Problem` that says why it is not JSON (shared by the JSON readers)."""

from __future__ import annotations

import json
from typing import Any

from ldcat.problems import Problem

MAX_DIGITS = 30  # = ldcat.normalise.values.MAX_DIGITS (read does not import normalise)


class NotJson:
    """Why some text is not JSON: `problem` is what the reader reports in its stead."""

    __slots__ = ("problem",)

    def __init__(self, problem: Problem) -> None:
        self.problem = problem


def loads(data: bytes | str) -> Any:
    """`json.loads` as ldcat reads JSON: numbers too long for Python's int stay their digits, NaN and
    Infinity stay text (raises what json.loads raises for text that is not JSON)."""
    return json.loads(data, parse_int=_int, parse_constant=str)


def parse_json(data: bytes | str, origin: str, *, one_line: bool = False) -> Any | NotJson:
    """The parsed value, or `NotJson` with an error naming `origin` and where the JSON broke
    (the column only, for a JSON Lines line: its line number is in `origin`)."""
    try:
        return loads(data)
    except json.JSONDecodeError as error:
        where = f"column {error.colno}" if one_line else f"line {error.lineno} column {error.colno}"
        return _not_json("invalid-json", origin, f"invalid JSON at {where}: {error.msg}")
    except UnicodeDecodeError as error:
        return _not_json("invalid-encoding", origin, f"not UTF-8 text: {error.reason}")
    except ValueError as error:  # what JSONDecodeError does not cover (a number json cannot convert)
        return _not_json("invalid-json", origin, f"invalid JSON: {error}")
    except RecursionError:
        return _not_json("invalid-json", origin, "the JSON is nested too deeply to read")


def _int(digits: str) -> int | str:
    """A JSON integer; one too long to be a count or a year (past Python's 4,300-digit limit too) is
    kept as its digits, for the field that reads it to refuse."""
    return int(digits) if len(digits) <= MAX_DIGITS else digits


def _not_json(code: str, origin: str, message: str) -> NotJson:
    return NotJson(Problem(code=code, message=message, severity="error", record=origin))
