"""A dictionary that makes what it lacks: the one memo of the hot path's terms and keys.

`functools.lru_cache` would serve, but a hit costs a Python-level call through its wrapper, and these
memos are read hundreds of times a record; a hit here is a plain dictionary lookup, in C (`__missing__`
runs only on a miss). With a `limit`, the memo starts again when full: it keeps what recurs within a
few records (a record's IRIs and texts), not everything a long run has seen.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

K = TypeVar("K")
V = TypeVar("V")


class Memo(dict[K, V]):
    """``memo[key]`` is ``make(key)``, made once while it is kept."""

    __slots__ = ("_limit", "_make")

    def __init__(self, make: Callable[[K], V], limit: int | None = None) -> None:
        super().__init__()
        self._make = make
        self._limit = limit

    def __missing__(self, key: K) -> V:
        made = self._make(key)  # whole before it is kept: another thread may take it at once
        if self._limit is not None and len(self) >= self._limit:
            self.clear()
        self[key] = made
        return made
