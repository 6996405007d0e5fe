"""Which shapes to validate against: the built-in shapes profiles, a name or a file resolved to a
`ShapesProfile`, each profile's parsed shapes graph, and the offline ontology graph from vocab/.

The built-ins are `GOOGLE`, `DCAT_AP_3`, `LDCAT` and `CESSDA` (opt-in), registered under the ``ldcat.shapes`` entry
point group in pyproject.toml exactly as a third party registers its own. A profile's title is
its shapes file's own description (the rdfs:comment of its owl:Ontology), so the text lives in one
place; reading it means parsing the file, so each built-in is made on first use, and that parse is
the one validation uses too. Graphs are cached by the text of their files, so the processes of a
``--jobs`` pool, forked after the first parse, never parse again, and an edited file is re-read.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache, lru_cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from rdflib import Graph
from rdflib.term import Node

from ldcat.errors import InputError, UsageError
from ldcat.namespaces import OWL, RDF, RDFS, SH
from ldcat.plugins import BUILTIN, ShapesProfile, registry, shapes_file, shapes_profile

# The built-in profiles: module attribute → (profile name, file in shapes/).
_BUILTINS: dict[str, tuple[str, str]] = {
    "GOOGLE": ("google", "google.ttl"),
    "DCAT_AP_3": ("dcat-ap-3", "dcat-ap-3.ttl"),
    "LDCAT": ("ldcat", "ldcat.ttl"),
    "CESSDA": ("cessda", "cessda.ttl"),
}
# Built-ins checked only when asked for: CESSDA's requirements are for those who feed its catalogue.
OPT_IN = frozenset({"cessda"})
_made: dict[str, ShapesProfile] = {}

# What makes a node a shape: declared as one, or given targets (SHACL does not require the type).
_TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)
# Suffixes that say a --shapes value meant a file, so a missing one is reported as a missing file.
_FILE_SUFFIXES = (".ttl", ".nt", ".shacl", ".rdf", ".n3")


def __getattr__(name: str) -> ShapesProfile:
    """`GOOGLE`, `DCAT_AP_3`, `LDCAT` and `CESSDA`, made on first use (the entry points name them)."""
    if name not in _BUILTINS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    if name not in _made:
        profile, filename = _BUILTINS[name]
        files = (resources.files("ldcat").joinpath("shapes").joinpath(filename),)
        _made[name] = ShapesProfile(profile, description(_parse(_texts(files))), files)
    return _made[name]


def profile_names() -> tuple[str, ...]:
    """Every registered shapes profile: the built-ins in the order of `_BUILTINS` (installers sort
    entry points by name, and reports list Google's profile first, as documented), then the others."""
    order = [profile for profile, _ in _BUILTINS.values()]
    names = registry.names("shapes")
    return tuple(sorted(names, key=lambda n: order.index(n) if n in order else len(order)))


def default_shapes() -> tuple[str, ...]:
    """The names of the built-in shapes profiles: what validation checks when no shapes are named
    (a third party's profiles, and the built-ins in `OPT_IN`, are checked only when asked for)."""
    builtin = {p.name for p in registry.plugins("shapes") if p.distribution == BUILTIN and p.shadowed_by is None
               and p.name not in OPT_IN}
    return tuple(name for name in profile_names() if name in builtin)


def resolve(shapes: str | Path | ShapesProfile) -> ShapesProfile:
    """A shapes profile from what a user names: an existing file is a shapes file (its results are
    labelled with the file's stem), anything else a registered profile's name."""
    if isinstance(shapes, ShapesProfile):
        return shapes
    if Path(shapes).is_file():
        return shapes_file(Path(shapes))
    if isinstance(shapes, str) and (shapes in registry.names("shapes") or not _looks_like_a_file(shapes)):
        return shapes_profile(shapes)  # an unknown name is a UsageError listing the known ones
    raise UsageError(f"no such shapes file: {shapes} (nor a shapes profile of that name; choose from "
                     f"{', '.join(profile_names())}, or see `ldcat shapes list`)")


def resolve_all(shapes: Iterable[str | Path | ShapesProfile]) -> tuple[ShapesProfile, ...]:
    """The profiles named, each once, in the order given; the built-in ones when none are."""
    chosen = tuple(resolve(s) for s in shapes) or tuple(shapes_profile(name) for name in default_shapes())
    # Keyed by what a profile is, not by hashing it: a third party's files need not be hashable.
    return tuple({(p.name, tuple(map(str, p.files))): p for p in chosen}.values())


def _looks_like_a_file(value: str) -> bool:
    return "/" in value or "\\" in value or value.lower().endswith(_FILE_SUFFIXES)


def shapes_graph(shapes: str | Path | ShapesProfile) -> Graph:
    """The parsed shapes of one profile, named as `resolve` takes it (parsed once per process).

    A file that is not Turtle, or holds no shapes, is an InputError naming it.
    """
    return _parse(_texts(resolve(shapes).files))


def _texts(files: Iterable[Traversable | Path]) -> tuple[tuple[str, str], ...]:
    texts: list[tuple[str, str]] = []
    for file in files:
        try:
            texts.append((str(file), file.read_text(encoding="utf-8")))
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"{file}: the shapes file cannot be read: {exc}") from None
    return tuple(texts)


@lru_cache(maxsize=32)
def _parse(texts: tuple[tuple[str, str], ...]) -> Graph:
    graph = Graph()
    for name, text in texts:
        try:
            graph.parse(data=text, format="turtle")
        except Exception as exc:  # rdflib's parsers raise many kinds; each means "not Turtle"
            raise InputError(f"{name}: the shapes file is not valid Turtle: {_syntax_error(exc)}") from None
    if not shapes_in(graph):
        raise InputError(f"{', '.join(name for name, _ in texts)}: no SHACL shapes in it (no sh:NodeShape, "
                         "sh:PropertyShape or sh:target...)")
    return graph


def _syntax_error(exc: Exception) -> str:
    """rdflib's message in one line: "at line 3: Bad syntax (expected ...)", without the echo of the input."""
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()][:2]
    text = re.sub(r" of <[^>]*>:", ":", " ".join(lines)).removesuffix(" at ^ in:")
    return text or type(exc).__name__


def shapes_in(graph: Graph) -> set[Node]:
    """The shapes a shapes graph declares: nodes typed as shapes, or with targets."""
    typed = {s for t in (SH.NodeShape, SH.PropertyShape) for s in graph.subjects(RDF.type, t)}
    return typed | {s for p in _TARGETS for s in graph.subjects(p, None)}


def description(graph: Graph) -> str:
    """A shapes graph's own description: the rdfs:comment of its owl:Ontology ("" without one)."""
    for ontology in graph.subjects(RDF.type, OWL.Ontology):
        comment = graph.value(ontology, RDFS.comment)
        if comment is not None:
            return str(comment)
    return ""


@cache
def ontology_graph() -> Graph:
    """Offline vocabulary data: authority IRIs typed, the study-design scheme, class axioms."""
    graph = Graph()
    vocab = resources.files("ldcat").joinpath("vocab")
    for name in ("authorities.ttl", "study-design.ttl", "ldcat.ttl"):
        graph.parse(data=vocab.joinpath(name).read_text(encoding="utf-8"), format="turtle")
    return graph
