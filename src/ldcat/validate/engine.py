"""Running a SHACL engine on one bounded batch against one shapes profile, giving flat `Result`s:
pyshacl (the reference, any SHACL) on an rdflib graph, or ldcat's fast engine (`ldcat.validate.fast`,
the same results for the shapes it supports) on the triples themselves.

The offline ontology graph is mixed into the data rather than handed to pyshacl as its ontology
graph (which pyshacl would copy whole into every run), and pyshacl queries a view of the data
that parses each SPARQL query once (see `_PreparedQueries`).
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from pyparsing import ParseBaseException
from rdflib import BNode, Graph, URIRef
from rdflib.plugins.sparql.processor import prepareQuery
from rdflib.plugins.sparql.sparql import Query
from rdflib.query import Result as QueryResult
from rdflib.term import Node

from ldcat.config import SHACL_ENGINES
from ldcat.errors import InputError
from ldcat.namespaces import RDF, RDFS, SH
from ldcat.plugins import ShapesProfile
from ldcat.serialise import Triples, compact
from ldcat.validate import fast
from ldcat.validate.fast.index import Index, key
from ldcat.validate.report import Result, Severity
from ldcat.validate.shapes import ontology_graph, resolve, shapes_graph

ENGINES = SHACL_ENGINES  # `fast` where it supports the shapes, else pyshacl


class _PreparedQueries(Graph):
    """A view of a graph (the same store, identifier and prefixes) whose `query` parses each query
    text once. pyshacl runs a SPARQL-based constraint by handing the same text to `query` for every
    focus node, with only the bindings changed, and rdflib would parse it every time: most of the
    cost of a SPARQL-based shape. Only this view caches, so nothing outside ldcat's own runs changes."""

    @classmethod
    def over(cls, graph: Graph) -> _PreparedQueries:
        return cls(store=graph.store, identifier=graph.identifier, namespace_manager=graph.namespace_manager)

    def query(self, query_object: str | Query, processor: Any = "sparql", result: Any = "sparql",
              initNs: Any = None, initBindings: Any = None, use_store_provided: bool = True,
              **kwargs: Any) -> QueryResult:
        if isinstance(query_object, str):
            # What rdflib would parse the text with: the graph's prefixes, unless others are given.
            initNs = initNs or dict(self.namespaces())
            query_object = _prepared(query_object, kwargs.get("base"), tuple(sorted(initNs.items())))
        return super().query(query_object, processor, result, initNs, initBindings, use_store_provided, **kwargs)


@lru_cache(maxsize=1024)
def _prepared(text: str, base: str | None, namespaces: tuple[tuple[str, Any], ...]) -> Query:
    return prepareQuery(text, initNs=dict(namespaces), base=base)


@cache
def _vocabulary_index() -> tuple[list[tuple[Node, Node, Node]], dict[Node, list[tuple[Node, Node, Node]]]]:
    """The ontology graph as (class/property axioms, triples by subject) for quick mixing-in."""
    graph = ontology_graph()
    axioms = [t for t in graph if t[1] in (RDFS.subClassOf, RDFS.subPropertyOf)]
    by_subject: dict[Node, list[tuple[Node, Node, Node]]] = {}
    for triple in graph:
        by_subject.setdefault(triple[0], []).append(triple)
    return axioms, by_subject


def with_vocabulary(data: Graph) -> Graph:
    """A copy of `data` with the vocabulary it refers to (authority IRIs, concepts) and the class
    axioms mixed in: what pyshacl's ontology graph would add, without copying all of it every time."""
    axioms, by_subject = _vocabulary_index()
    mixed = Graph()
    mixed += data
    for triple in axioms:
        mixed.add(triple)
    for node in set(data.objects()):
        for triple in by_subject.get(node, ()):
            mixed.add(triple)
    return mixed


def mix_vocabulary(ix: Index, triples: Triples) -> None:
    """Add `triples` to `ix`, then the vocabulary exactly as `with_vocabulary` mixes it in."""
    ix.add(triples, vocabulary_subjects())
    mix_vocabulary_after(ix)


def mix_vocabulary_after(ix: Index) -> None:
    """The second half of `mix_vocabulary`, for an index whose data was added with the vocabulary's subjects."""
    axioms = _vocabulary_index()[0]
    by_subject = vocabulary_subjects()
    ix.add(axioms)
    for node in list(ix.vocabulary_objects):
        ix.add(by_subject[node])


@cache
def vocabulary_subjects() -> dict[Any, list[tuple[Node, Node, Node]]]:
    """What `Index.add` takes as `vocabulary`: the ontology's triples by subject (as the index keys it)."""
    return {key(s): triples for s, triples in _vocabulary_index()[1].items()}


def fast_unsupported(shapes: str | Path | ShapesProfile) -> str | None:
    """Why the fast engine cannot validate a profile (named as `resolve` takes it); None when it can."""
    try:
        fast.compiled(shapes_graph(resolve(shapes)))
    except fast.Unsupported as exc:
        return str(exc)
    return None


def run_fast(data: Triples, shapes: str | Path | ShapesProfile) -> list[Result]:
    """`run_shacl` with the fast engine: the same results, from the triples (a Graph or any collection
    of them) with the vocabulary mixed in. Raises `fast.Unsupported` for shapes it cannot validate."""
    profile = resolve(shapes)
    compiled = fast.compiled(shapes_graph(profile))
    with fast.gc_paused():
        ix = Index()
        mix_vocabulary(ix, data)
        return compiled.run(ix, profile.name)


# pyshacl fills a SPARQL-based result's message in with re.sub, taking the value as a replacement
# template: a value holding a backslash (``a\\1b``) raises re.error inside pyshacl.
PYSHACL_BACKSLASH_BUG = ("pyshacl could not write a result message: a value holds a backslash, which pyshacl reads "
                         "as a regular-expression template (a pyshacl bug); validate with --shacl-engine fast")


def run_shacl(data: Graph, shapes: str | Path | ShapesProfile, *, mixed: bool = False) -> list[Result]:
    """Validate one (bounded) graph against one shapes profile (named as `resolve` takes it);
    results are not yet attributed to datasets.

    `mixed` says the vocabulary is already in `data` (see `with_vocabulary`), which is then
    validated in place rather than copied. Shapes pyshacl cannot use are an InputError.
    """
    # pyshacl is imported only when it runs: the fast engine serves ldcat's own shapes, and its
    # import costs every other command 130 ms of start-up.
    import pyshacl
    from pyshacl.errors import ReportableRuntimeError

    profile = resolve(shapes)
    target = data if mixed else with_vocabulary(data)
    if not target.context_aware:  # a dataset of named graphs goes to pyshacl as it is, uncached
        target = _PreparedQueries.over(target)
    try:
        _, report, _ = pyshacl.validate(
            target, shacl_graph=shapes_graph(profile), inference="none", inplace=True, abort_on_first=False,
            allow_infos=True, allow_warnings=True, meta_shacl=False, advanced=True, do_owl_imports=False, js=False,
        )
    except (ReportableRuntimeError, ParseBaseException) as exc:
        raise InputError(f"shapes {profile.name}: not usable SHACL: {_first_line(exc)}") from None
    except re.error:
        raise InputError(PYSHACL_BACKSLASH_BUG) from None
    if not isinstance(report, Graph):  # pyshacl hands back a ValidationFailure instead of raising it
        raise InputError(f"shapes {profile.name}: not usable SHACL: {_first_line(report)}")
    results: list[Result] = []
    for node in report.subjects(RDF.type, SH.ValidationResult):
        value = report.value(node, SH.value)
        component = str(report.value(node, SH.sourceConstraintComponent))
        results.append(Result(
            profile=profile.name,
            severity=_severity(report.value(node, SH.resultSeverity)),
            focus=str(report.value(node, SH.focusNode)),
            path=_path(report, node),
            message=str(report.value(node, SH.resultMessage) or "does not conform"),
            value=None if value is None else str(value),
            constraint="sh:" + component.removeprefix(str(SH)) if component.startswith(str(SH)) else component,
            shape=term_label(report.value(node, SH.sourceShape)),
        ))
    return results


def _first_line(error: object) -> str:
    text = str(getattr(error, "message", None) or error).strip()
    return text.splitlines()[0] if text else type(error).__name__


def _severity(term: Node | None) -> Severity:
    # SHACL lets a shapes file use severities of its own; counting them as violations errs safe.
    name = str(term).removeprefix(str(SH))
    return "warning" if name == "Warning" else "info" if name == "Info" else "violation"


def term_label(term: Node | None) -> str | None:
    if term is None:
        return None
    if isinstance(term, URIRef):
        return compact(str(term)) or str(term)
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


def _path(report: Graph, node: Node) -> str | None:
    path = report.value(node, SH.resultPath)
    if path is None:
        return None
    if isinstance(path, BNode):  # a complex path: show it in SPARQL-ish form
        inverse = report.value(path, SH.inversePath)
        return f"^{term_label(inverse)}" if inverse is not None else "(complex path)"
    return term_label(path)
