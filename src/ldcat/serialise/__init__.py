"""Streaming writers for N-Triples, N-Quads, Turtle and JSON-LD: one record's graph at a time.

Every output format is a writer plugin (group ``ldcat.writers``): a class implementing `Writer`,
made with the stream to write to. ldcat's own are in this package (`ntriples`, `turtle`, `jsonld`)
and registered in pyproject.toml like a third party's.

rdflib's own serialisers pretty-print one whole graph, which slows down faster than the graph
grows; these write each record as it comes, in a fixed order (the dataset first, then subjects,
predicates and objects sorted), so the same input always gives the same bytes. Tests parse the
output with rdflib and pyoxigraph and compare graphs.
"""

from __future__ import annotations

import os
import re
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from ldcat.errors import UsageError
from ldcat.plugins import registry
from ldcat.serialise.base import BaseWriter, Writer
from ldcat.serialise.terms import Triples, compact, grouped, nt_term

# A writer class: made with the stream to write to, or with None to only render (as workers do).
WriterFactory = Callable[[IO[str] | None], Writer]
# Other names people use for the built-in formats.
ALIASES = {"ttl": "turtle", "json-ld": "jsonld", "ntriples": "nt", "n-triples": "nt", "nquads": "nq",
           "n-quads": "nq"}


class _Writers(Mapping[str, WriterFactory]):
    """The installed writers by name, each imported when first asked for."""

    def __getitem__(self, name: str) -> WriterFactory:
        factory: WriterFactory = registry.load("writers", name)
        return factory

    def __iter__(self) -> Iterator[str]:
        return iter(registry.names("writers"))

    def __len__(self) -> int:
        return len(registry.names("writers"))


WRITERS: Mapping[str, WriterFactory] = _Writers()


def format_name(name: str) -> str:
    """The writer's name for a name or an alias, or a UsageError."""
    key = ALIASES.get(name.lower(), name.lower())
    if key not in registry.names("writers"):
        raise UsageError(f"unknown format {name!r}; choose from {', '.join(WRITERS)} (see `ldcat plugins`)")
    return key


def extension(fmt: str) -> str:
    """The file extension a format's writer uses (``ttl`` for turtle)."""
    return str(getattr(WRITERS[format_name(fmt)], "extension", format_name(fmt)))


@contextmanager
def atomic_open(path: Path) -> Iterator[IO[str]]:
    """Write to a temporary file beside `path` and rename it into place only on success,
    so a reader never sees half a file and a failed run leaves the old file as it was."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            yield handle
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; published files are meant to be read
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


# The name atomic_open gives its temporary files: `.<name>.<8 random characters>.tmp`.
TEMP_NAME = re.compile(r"\..+\.[a-z0-9_]{8}\.tmp")


def remove_stale_temps(directory: Path, names: Iterable[str] | None = None, before: float | None = None) -> int:
    """Remove the temporary files a killed run left in `directory` (not below it): those `atomic_open`
    made for `names` (``.<name>.<8 characters>.tmp``), or for any name in a folder only ldcat writes
    (`names` None), last written before `before` (now unless told). Returns how many."""
    cutoff = time.time() if before is None else before
    wanted = None if names is None else {f".{name}." for name in names}
    removed = 0
    if not directory.is_dir():
        return 0
    for path in directory.glob(".*.tmp"):
        if not TEMP_NAME.fullmatch(path.name) or (wanted is not None and path.name[:-13] + "." not in wanted):
            continue
        try:
            if path.is_file() and path.stat().st_mtime < cutoff:
                path.unlink()
                removed += 1
        except OSError:
            continue
    return removed


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def serialise(graphs: Iterable[Triples], fmt: str, out: IO[str]) -> None:
    """Write graphs to one stream in one format."""
    writer = WRITERS[format_name(fmt)](out)
    writer.begin()
    for graph in graphs:
        writer.write(graph)
    writer.end()


__all__ = ["ALIASES", "WRITERS", "BaseWriter", "Triples", "Writer", "atomic_open", "compact", "extension",
           "format_name", "grouped", "nt_term", "remove_stale_temps", "serialise"]
