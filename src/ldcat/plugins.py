"""The plugin registry: every reader, profile, writer and shapes profile, by kind and name.

ldcat finds all of them through entry points, its own built-ins included (they are declared in
ldcat's ``pyproject.toml`` exactly as a third party declares its own), so a plugin is a package
that names an object in one of these groups:

=====================  ==========================================================================
``ldcat.readers``      a class ``Reader(settings)``: sniffs and reads one input format into raw records
``ldcat.profiles``     a class ``Profile(settings)`` (subclass of `ldcat.mapping.Profile`): records → triples
``ldcat.writers``      a class ``Writer(out)`` (see `ldcat.serialise.Writer`): streams triples to a file
``ldcat.shapes``       a `ShapesProfile`: the SHACL files of one validation profile
``ldcat.harvesters``   reserved for readers of remote catalogues
=====================  ==========================================================================

Nothing is imported until it is used: listing names reads only the installed distributions'
metadata, and `Registry.load` imports one object. A third party cannot replace a built-in by
reusing its name: the built-in wins and `ldcat plugins` shows the other as shadowed.

Settings reach readers and profiles through one channel, `Settings`: a table per plugin name,
from the ``[plugins.<name>]`` tables of ``ldcat.toml`` and ``--set NAME.KEY=VALUE`` options.
"""

from __future__ import annotations

import importlib.metadata as metadata
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, Protocol, runtime_checkable

from ldcat.errors import UsageError

if TYPE_CHECKING:
    from ldcat.model import RawRecord
    from ldcat.problems import Problem

KINDS: dict[str, str] = {  # kind → what one is called in messages
    "readers": "input format",
    "profiles": "profile",
    "writers": "output format",
    "shapes": "shapes profile",
    "harvesters": "harvester",
}
GROUP_PREFIX = "ldcat."
BUILTIN = "ldcat"  # the distribution whose plugins are the built-ins

# Settings: plugin name → its table (nested dicts of TOML values).
Settings = Mapping[str, Mapping[str, Any]]


@runtime_checkable
class Reader(Protocol):
    """One input format. Made as ``factory(settings)``; `read` never raises for bad content:
    what it cannot read becomes a `Problem` in the stream, and reading goes on."""

    name: str
    title: str

    def sniff(self, head: bytes, *, at_eof: bool, name: str | None) -> bool:
        """Whether content starting with `head` is this format (`at_eof`: `head` is all of it;
        `name`: the file name, if any). Only content decides when it can."""
        ...

    def read(self, stream: BinaryIO, origin: str) -> Iterator[RawRecord | Problem]:
        """The records of `stream` in input order; `origin` names it in problems."""
        ...


@dataclass(frozen=True, slots=True)
class ShapesProfile:
    """A SHACL validation profile: its name, what it checks, and the files of shapes it loads
    (importlib resources or paths; all are parsed into one shapes graph)."""

    name: str
    title: str
    files: tuple[Traversable | Path, ...]

    def text(self) -> Iterator[tuple[str, str]]:
        """(file name, Turtle text) of each file."""
        for file in self.files:
            yield file.name, file.read_text(encoding="utf-8")


@dataclass(frozen=True, slots=True)
class Plugin:
    """One registered plugin, as `ldcat plugins` lists it."""

    kind: str
    name: str
    target: str  # the entry point's object reference, "module:attr"
    distribution: str | None
    version: str | None
    shadowed_by: str | None = None  # the distribution whose plugin of the same name wins

    @property
    def builtin(self) -> bool:
        return self.distribution == BUILTIN

    def to_dict(self) -> dict[str, object]:
        return {"kind": self.kind, "name": self.name, "entry_point": f"{self.name} = {self.target}",
                "group": GROUP_PREFIX + self.kind, "distribution": self.distribution, "version": self.version,
                "builtin": self.builtin, "shadowed_by": self.shadowed_by}


EntryPointSource = Callable[[str], Iterable[metadata.EntryPoint]]


def _installed(group: str) -> Iterable[metadata.EntryPoint]:
    return metadata.entry_points(group=group)


class Registry:
    """Plugins by kind and name, found lazily through entry points (or another `source`)."""

    def __init__(self, source: EntryPointSource = _installed) -> None:
        self._source = source
        self._found: dict[str, tuple[dict[str, metadata.EntryPoint], list[Plugin]]] = {}
        self._loaded: dict[tuple[str, str], Any] = {}

    def _scan(self, kind: str) -> tuple[dict[str, metadata.EntryPoint], list[Plugin]]:
        if kind not in KINDS:
            raise UsageError(f"unknown plugin kind {kind!r}; choose from {', '.join(KINDS)}")
        if kind not in self._found:
            # Built-ins first, then others by distribution name: the first of a name wins, so the
            # choice does not depend on the order in which site-packages happens to list them.
            points = sorted(self._source(GROUP_PREFIX + kind), key=_precedence)
            winners: dict[str, metadata.EntryPoint] = {}
            listed: list[Plugin] = []
            for point in points:
                winner = winners.setdefault(point.name, point)
                shadowed_by = None if winner is point else _distribution(winner)[0]
                listed.append(Plugin(kind, point.name, point.value, *_distribution(point), shadowed_by))
            self._found[kind] = winners, listed
        return self._found[kind]

    def refresh(self) -> None:
        """Forget what was found and loaded, e.g. after a package was installed into a running process."""
        self._found.clear()
        self._loaded.clear()

    def names(self, kind: str) -> tuple[str, ...]:
        """The names of one kind, built-ins first, then the others (each by name, as the
        installed metadata lists them)."""
        return tuple(self._scan(kind)[0])

    def plugins(self, kind: str | None = None) -> list[Plugin]:
        """Every registered plugin of a kind (or of all kinds), shadowed ones included."""
        kinds = [kind] if kind else list(KINDS)
        return [plugin for k in kinds for plugin in self._scan(k)[1]]

    def load(self, kind: str, name: str) -> Any:
        """The object a plugin names, imported on first use; a UsageError for an unknown name."""
        key = (kind, name)
        if key not in self._loaded:
            winners = self._scan(kind)[0]
            if name not in winners:
                choices = ", ".join(winners) or "none installed"
                raise UsageError(f"unknown {KINDS[kind]} {name!r}; choose from {choices} (see `ldcat plugins`)")
            try:
                self._loaded[key] = winners[name].load()
            except Exception as exc:  # a broken third-party package must not look like ldcat's bug
                raise UsageError(f"the {KINDS[kind]} {name!r} ({winners[name].value}) cannot be loaded: "
                                 f"{type(exc).__name__}: {exc}") from exc
        return self._loaded[key]

    def check(self, kind: str, names: Iterable[str]) -> tuple[str, ...]:
        """The names, without repeats, in the order given; a UsageError names an unknown one."""
        chosen = tuple(dict.fromkeys(names))
        known = self._scan(kind)[0]
        for name in chosen:
            if name not in known:
                raise UsageError(f"unknown {KINDS[kind]} {name!r}; choose from {', '.join(known)} "
                                 "(see `ldcat plugins`)")
        return chosen


def _distribution(point: metadata.EntryPoint) -> tuple[str | None, str | None]:
    dist = point.dist
    if dist is None:
        return None, None
    return dist.metadata["Name"], dist.version


def _precedence(point: metadata.EntryPoint) -> tuple[int, str]:
    name = _distribution(point)[0]
    return (0 if name == BUILTIN else 1, (name or "").lower())


registry = Registry()
"""The process's registry of installed plugins."""


def reader(name: str, settings: Settings | None = None) -> Reader:
    """A reader by name, made with its settings."""
    factory: Callable[[Mapping[str, Any]], Reader] = registry.load("readers", name)
    return factory((settings or {}).get(name, {}))


def installed_readers(settings: Settings | None = None) -> list[Reader]:
    """Every reader, in detection order (built-ins first)."""
    return [reader(name, settings) for name in registry.names("readers")]


def shapes_profile(name: str) -> ShapesProfile:
    found = registry.load("shapes", name)
    if not isinstance(found, ShapesProfile):
        raise UsageError(f"the shapes profile {name!r} is not a ShapesProfile ({type(found).__name__})")
    return found


def shapes_file(path: Path) -> ShapesProfile:
    """A shapes profile made from any SHACL file a user brings (named after the file)."""
    return ShapesProfile(path.stem, f"shapes from {path}", (path,))


__all__ = ["KINDS", "Plugin", "Reader", "Registry", "Settings", "ShapesProfile", "installed_readers", "reader",
           "registry", "shapes_file", "shapes_profile"]
