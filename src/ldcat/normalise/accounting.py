"""Field accounting: no source value is lost without a word.

`normalise` reads a raw record only through `track`: every dict of it becomes a `Tracked` dict
that notes each of its keys read with ``get`` or ``[]``. Reading a key consumes the values under
it that are not objects (a string, a number, a list of strings); the keys of an object under it
are consumed one by one, when they are read, each object (each item of a list, each child
dataset) for itself. After normalising, `unread` walks every non-empty leaf of the tracked record
and gives, path by path (the path as written in the input: ``extra_data.sex``,
``dataset_schema.includedInDataCatalog[].image``, ``[]`` for the items of a list), the values
nobody read: `normalise` reports each path as a ``field-not-mapped`` note with a short form of
its values.

Reading a value is not yet carrying it: the normaliser puts what it reads into the `Record`,
which the mapping writes, or reports why not (a repair, a value dropped, a field it does not
map), so every value that reaches a `Record` field or a report is accounted for. What it reads
only to decide something (the key IRIs are minted from, the label of a record in messages) is
read with `peek` or `plain`, which note nothing, and consumed explicitly (`consume`) where the
value itself reaches the RDF. tests/test_accounting.py checks, for every fixture, that each
non-empty leaf is in the record's triples or in its report.

`BOOKKEEPING` is the one list of values that are neither mapped nor reported, each with the
reason: they say nothing about the dataset that the RDF does not already say.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import repeat
from typing import Any


def join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


class Tracked(dict[str, Any]):
    """A dict of a raw record (at `path` in it) that notes in `read` every key read from it."""

    __slots__ = ("nested", "path", "read")

    def __init__(self, data: dict[str, Any], path: str) -> None:
        dict.__init__(self, data)  # copied in C; only the objects and lists in it are replaced, in place
        self.nested: set[str] = set()  # the keys of values that hold tracked dicts: `unread` looks in them
        for key, value in data.items():
            if isinstance(value, _CONTAINERS) and (wrapped := _wrap(value, join(path, key))) is not value:
                dict.__setitem__(self, key, wrapped)
                self.nested.add(key)
        self.path = path
        self.read: set[str] = set()

    # dict's own methods called directly: these run for every key the normaliser reads.
    def get(self, key: str, default: Any = None) -> Any:
        self.read.add(key)
        return dict.get(self, key, default)

    def __getitem__(self, key: str) -> Any:
        self.read.add(key)
        return dict.__getitem__(self, key)


_CONTAINERS = (dict, list)


def _any_container(values: Iterable[Any]) -> bool:
    """Whether any of `values` is an object or a list (the test runs in C: no Python call per value)."""
    return any(map(isinstance, values, repeat(_CONTAINERS)))


def _wrap(value: Any, path: str) -> Any:
    if isinstance(value, dict):
        return Tracked(value, path)
    if isinstance(value, list) and _any_container(value):
        path += "[]"
        return [Tracked(item, path) if type(item) is dict else _wrap(item, path) for item in value]
    # A leaf, or a list of leaves (keywords, URLs) kept as it is: nothing in it notes reads, and the
    # normaliser never changes a list it reads. (A list stays a list: messages name a value's type.)
    return value


def track(data: dict[str, Any]) -> Tracked:
    """A tracked copy of `data` (a raw record): every dict in it notes its keys read."""
    return Tracked(data, "")


def peek(data: dict[str, Any], key: str) -> Any:
    """``data.get(key)`` without noting it: for values read only to decide something."""
    return dict.get(data, key)


def plain(data: dict[str, Any]) -> dict[str, Any]:
    """A shallow untracked copy of `data`, for code that only decides with what it reads."""
    return dict(data)


def consume(data: dict[str, Any], key: str) -> None:
    """Note `key` of a tracked dict as read: its value reaches the RDF some other way (the uuid
    every IRI of the record is minted from)."""
    if isinstance(data, Tracked):
        data.read.add(key)


# --- what is neither mapped nor reported, and why -----------------------------------------------

@dataclass(frozen=True, slots=True)
class Bookkeeping:
    """Leaves at paths matching `path` (a regular expression), with one of `values` (any value when
    empty), are not reported: `reason` says why they carry nothing the RDF lacks."""

    path: str
    values: tuple[str, ...]
    reason: str

    def matches(self, path: str, value: object) -> bool:
        return re.search(self.path, path) is not None and (not self.values or str(value) in self.values)


_SCHEMA_ORG = ("https://schema.org/", "http://schema.org/", "https://schema.org", "http://schema.org")
_AGENTS = r"(creator|publisher|funder|sponsor|copyrightHolder)"

BOOKKEEPING: tuple[Bookkeeping, ...] = (
    Bookkeeping(r"(^|\.)dataset_schema\.@context$", _SCHEMA_ORG,
                "JSON-LD bookkeeping: says the keys are schema.org's, which is how they are read; the RDF "
                "uses schema.org's own namespace"),
    Bookkeeping(r"(^|\.)dataset_schema\.@type$", ("Dataset",),
                "the dataset is written as a schema:Dataset and a dcat:Dataset"),
    Bookkeeping(r"\.includedInDataCatalog(\[\])?\.@type$", ("DataCatalog",),
                "the catalogue is written as a schema:DataCatalog and a dcat:Catalog"),
    Bookkeeping(rf"\.{_AGENTS}(\[\])?\.@type$", ("Organization",),
                "agents are written as schema:Organization and foaf:Agent"),
    Bookkeeping(r"\.variableMeasured(\[\])?\.@type$", ("PropertyValue",),
                "variables are written as schema:PropertyValue and disco:Variable"),
    Bookkeeping(r"^((child_datasets|ancestors|parent)(\[\])?\.)?(score|distance)$", (),
                "search ranking of the API response: relative to the query that found the record, not a "
                "fact about the dataset"),
)


_BOOKKEEPING_KEYS = frozenset({"@context", "@type", "score", "distance"})  # the last keys BOOKKEEPING's paths end in


def bookkeeping(path: str, value: object) -> Bookkeeping | None:
    """The declaration that lets this leaf go unreported, if any."""
    if path.rpartition(".")[2] not in _BOOKKEEPING_KEYS:
        return None
    return _declared(path, str(value))


@lru_cache(maxsize=256)  # the same few paths and values (``@type`` = ``Organization``), record after record
def _declared(path: str, value: str) -> Bookkeeping | None:
    return next((b for b in BOOKKEEPING if b.matches(path, value)), None)


# --- the walk -----------------------------------------------------------------------------------

def is_empty(value: object) -> bool:
    """No value at all: null, an empty or blank string (empty lists and objects have no leaves)."""
    return value is None or (isinstance(value, str) and not value.strip())


def leaves(value: object, path: str = "") -> Iterator[tuple[str, Any]]:
    """Every non-empty leaf (a string, number or boolean) under `value`, with its path."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from leaves(item, join(path, key))
    elif isinstance(value, list):
        for item in value:
            yield from leaves(item, path + "[]")
    elif not is_empty(value):
        yield path, value


def field_of(path: str) -> str:
    """The key a leaf belongs to: its path without the trailing ``[]`` of list items."""
    while path.endswith("[]"):
        path = path[:-2]
    return path


def unread(data: Tracked) -> Iterator[tuple[str, list[Any]]]:
    """Each path (in input order) with leaves nobody read and no `BOOKKEEPING` entry covers, with
    those leaves' values."""
    found: dict[str, list[Any]] = {}

    def leaf(value: object, path: str) -> None:
        if not is_empty(value) and bookkeeping(path, value) is None:
            found.setdefault(path, []).append(value)

    def walk(value: object, path: str, consumed: bool) -> None:
        # A leaf read is consumed: it is not looked at, nor is a list of leaves read.
        if isinstance(value, Tracked):
            read, nested = value.read, value.nested
            for key, item in dict.items(value):
                if key in nested:
                    walk(item, join(path, key), key in read)
                elif key not in read:  # a leaf, or a list of leaves only
                    if isinstance(item, list):
                        walk(item, join(path, key), False)
                    else:
                        leaf(item, join(path, key))
        elif isinstance(value, list) and (not consumed or _any_container(value)):
            path += "[]"
            for item in value:
                if isinstance(item, _CONTAINERS):
                    walk(item, path, consumed)
                elif not consumed:
                    leaf(item, path)

    walk(data, "", False)
    yield from found.items()


def short(value: object, width: int = 60) -> str:
    """A value as the report shows it: its repr, cut to about `width` characters."""
    text = repr(value)
    return text if len(text) <= width else text[: width - 4] + "…" + text[-1]


def describe(values: list[Any], shown: int = 3) -> str:
    """The message of a field-not-mapped note: the values (the first few of many) and how many."""
    head = ", ".join(short(v) for v in values[:shown])
    if len(values) == 1:
        return f"not mapped: {head}"
    more = ", …" if len(values) > shown else ""
    return f"not mapped ({len(values)} values): {head}{more}"
