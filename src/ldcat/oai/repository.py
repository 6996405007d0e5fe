"""The records an OAI-PMH provider serves: a published site's state, read as OAI-PMH sees it.

Each record (not the child datasets a record describes) is an item with an identifier
(``oai:<host of the site's base URL>:<key>``), a datestamp (the day of its last real change),
its sets (the catalogues that hold it) and whether it is deleted (a tombstone). Items are in key
order, which resumption tokens page through (`Page`): a token names the last key given, not an
offset, so it stays right after a restart and across a republish.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from ldcat.errors import InputError
from ldcat.publish.state import STATE, State, read_state


@dataclass(frozen=True, slots=True)
class Item:
    key: str
    datestamp: str  # YYYY-MM-DD
    sets: tuple[str, ...]
    deleted: bool = False


class Repository:
    """A site's items, read again whenever its state file changes (a republish)."""

    def __init__(self, site: Path) -> None:
        self.site = site
        self._stamp: tuple[int, int] | None = None
        self._state = State()
        self._items: list[Item] = []
        self._by_key: dict[str, Item] = {}
        self._sets: dict[str, str] = {}
        self.refresh()
        if not self._state.base_url:
            raise InputError(f"{site}: its state has no base URL; publish it again with this version of ldcat "
                             "to serve OAI-PMH")

    def refresh(self) -> None:
        try:
            info = (self.site / STATE).stat()
        except OSError:
            raise InputError(f"{self.site}: not a published site (no {STATE})") from None
        stamp = (info.st_mtime_ns, info.st_size)
        if stamp == self._stamp:
            return
        state = read_state(self.site)
        items = [Item(k, v.modified, tuple(sorted(v.sets))) for k, v in state.records.items() if not v.part]
        items += [Item(k, t.deleted, tuple(sorted(t.sets)), True) for k, t in state.deleted.items()]
        items.sort(key=lambda item: item.key)
        sets: dict[str, str] = {}
        for held in [*(k.sets for k in state.records.values()), *(t.sets for t in state.deleted.values())]:
            sets.update(held)
        self._state, self._items, self._sets, self._stamp = state, items, dict(sorted(sets.items())), stamp
        self._by_key = {item.key: item for item in items}

    @property
    def base_url(self) -> str:
        return self._state.base_url

    @property
    def host(self) -> str:
        return urlsplit(self._state.base_url).hostname or "localhost"

    @property
    def sets(self) -> dict[str, str]:
        """Set spec (a catalogue's key) → set name."""
        return self._sets

    def identifier(self, key: str) -> str:
        return f"oai:{self.host}:{key}"

    def key_of(self, identifier: str) -> str | None:
        prefix = f"oai:{self.host}:"
        return identifier[len(prefix):] if identifier.startswith(prefix) else None

    def item(self, identifier: str) -> Item | None:
        key = self.key_of(identifier)
        return self._by_key.get(key) if key is not None else None

    def earliest(self) -> str:
        return min((item.datestamp for item in self._items), default="1970-01-01")

    def select(self, set_spec: str | None, start: str | None, until: str | None) -> list[Item]:
        """The items in `set_spec` whose datestamp is within [start, until] (days, inclusive)."""
        return [item for item in self._items
                if (set_spec is None or set_spec in item.sets)
                and (start is None or item.datestamp >= start) and (until is None or item.datestamp <= until)]
