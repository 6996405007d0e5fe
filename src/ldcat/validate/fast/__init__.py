"""A fast SHACL engine that gives exactly pyshacl's results for the shapes it supports.

pyshacl validates ~100 records/s; a 100,000-record run must validate ~30 times faster than that
on two cores. No engine on PyPI gives pyshacl's exact results at that speed (the issue measured
`shacl`, `shacl-rust`, `pyshifty`, `pyrudof` and `pyshacl-turbo`: different SPARQL semantics or
SHACL-AF coverage, different messages and values, or no faster once rdflib terms are converted),
so ldcat compiles its own: each shapes graph once (cached by identity) into per-shape Python
checks, run over dictionaries built from a batch's triples (`Index`), never an rdflib Graph.

Supported, exactly as pyshacl 0.40 (advanced mode, allow_warnings, no inference) evaluates them:

- targets: sh:targetClass (rdfs:subClassOf closure over the data and the offline vocabulary),
  sh:targetNode, sh:targetSubjectsOf, sh:targetObjectsOf, and SHACL-AF sh:SPARQLTarget for the
  queries ldcat's shapes use (`sparql.TARGETS`);
- paths: an IRI, sh:inversePath of an IRI;
- constraints: sh:minCount, sh:maxCount, sh:datatype (an ill-typed literal fails, as in pyshacl),
  sh:class (subclass closure), sh:nodeKind, sh:pattern (+ sh:flags i, m), sh:minLength,
  sh:maxLength, sh:or of such shapes, and sh:sparql SELECT constraints for the queries ldcat's
  shapes use (`sparql.CONSTRAINTS`, prefixes from sh:prefixes / sh:declare as pyshacl reads them,
  messages with {$this} / {?value} filled in as pyshacl fills them);
- sh:severity, sh:deactivated, one sh:message per shape.

Anything else raises `Unsupported` when the shapes are compiled: other constraint components
(sh:property, sh:node, sh:and, sh:not, sh:xone, sh:in, sh:hasValue, sh:qualifiedValueShape,
sh:closed, property pairs, ranges, languages...), other paths, SPARQL texts it does not know,
shapes without exactly one sh:message (pyshacl's generic messages are not reproduced), implicit
class targets, SHACL rules, custom constraint components and functions, JavaScript. The caller
(`ldcat.validate.validator.Validator`) then validates that profile with pyshacl: a constraint is
never skipped silently.
"""

from __future__ import annotations

import gc
from collections.abc import Collection, Iterator
from contextlib import contextmanager

from rdflib import Graph
from rdflib.term import Node

from ldcat.validate.fast.compile import Compiled, Unsupported, compile_shapes
from ldcat.validate.fast.index import Index
from ldcat.validate.report import Result

__all__ = ["Compiled", "Index", "Unsupported", "compiled", "gc_paused", "index_of", "validate_index"]

_cache: dict[int, tuple[Graph, Compiled | Unsupported]] = {}


def compiled(graph: Graph) -> Compiled:
    """`graph` compiled (once per graph object: shapes graphs are cached by `shapes_graph`);
    raises Unsupported, every time, when it cannot be."""
    found = _cache.get(id(graph))
    if found is None or found[0] is not graph:
        try:
            result: Compiled | Unsupported = compile_shapes(graph)
        except Unsupported as exc:
            result = exc
        _cache[id(graph)] = found = (graph, result)
    if isinstance(found[1], Unsupported):
        raise found[1]
    return found[1]


@contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic garbage collection while a batch is made, indexed and checked (a chunk of the unit of
    work, `ldcat.engine.work.process`; a validation batch; the pieces of a file): its many small
    objects (no cycles among them, freed by reference counting) would otherwise set off collections
    that walk every object of the process, which cost twice the validation itself."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def validate_index(ix: Index, shapes: Compiled, profile: str) -> list[Result]:
    """Every result of `shapes` on the batch in `ix`, labelled with `profile`'s name."""
    return shapes.run(ix, profile)


def index_of(triples: Collection[tuple[Node, Node, Node]]) -> Index:
    """An index of `triples` with the offline vocabulary mixed in as `with_vocabulary` does."""
    from ldcat.validate.engine import mix_vocabulary

    ix = Index()
    mix_vocabulary(ix, triples)
    return ix
