"""SHACL validation with reports a person can act on.

Shapes are parsed once per process; data is validated in bounded batches of records (one
graph per batch, never one graph for the whole catalogue), so cost grows linearly. The offline
vocabulary data in vocab/ is the ontology graph: range checks such as "dct:spatial must be a
dct:Location" work with no network, and owl:imports are never followed.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from functools import cache
from importlib import resources
from typing import Any
from typing import Literal as Lit

import pyshacl
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery
from rdflib.plugins.sparql.processor import SPARQLProcessor
from rdflib.plugins.sparql.sparql import Query
from rdflib.term import Node

from ldcat.errors import UsageError
from ldcat.namespaces import DCAT, DCT, FOAF, RDF, RDFS, SDO
from ldcat.serialise import Triples, compact

SH = "http://www.w3.org/ns/shacl#"
Severity = Lit["violation", "warning", "info"]
SEVERITY_ORDER: dict[str, int] = {"violation": 0, "warning": 1, "info": 2}
BATCH_SIZE = 200

# Profile name → (file in shapes/, one-line description for `ldcat shapes list`).
PROFILE_FILES: dict[str, str] = {
    "google": "google.ttl",
    "dcat-ap-3": "dcat-ap-3.ttl",
    "ldcat": "ldcat.ttl",
}


def _shapes_dir() -> resources.abc.Traversable:
    return resources.files("ldcat").joinpath("shapes")


@cache
def shapes_graph(profile: str) -> Graph:
    """The parsed shapes of one profile (cached: parsed once per process)."""
    if profile not in PROFILE_FILES:
        raise UsageError(f"unknown profile {profile!r}; choose from {', '.join(PROFILE_FILES)}")
    graph = Graph()
    graph.parse(data=_shapes_dir().joinpath(PROFILE_FILES[profile]).read_text(encoding="utf-8"), format="turtle")
    return graph


@cache
def ontology_graph() -> Graph:
    """Offline vocabulary data: authority IRIs typed, the study-design scheme, class axioms."""
    graph = Graph()
    vocab = resources.files("ldcat").joinpath("vocab")
    for name in ("authorities.ttl", "study-design.ttl", "ldcat.ttl"):
        graph.parse(data=vocab.joinpath(name).read_text(encoding="utf-8"), format="turtle")
    return graph


def profile_description(profile: str) -> str:
    """The profile's own description (the rdfs:comment of its shapes file's owl:Ontology)."""
    graph = shapes_graph(profile)
    for _, _, comment in graph.triples((None, URIRef("http://www.w3.org/2000/01/rdf-schema#comment"), None)):
        return str(comment)
    return ""


def check_profiles(names: Iterable[str]) -> tuple[str, ...]:
    chosen = tuple(dict.fromkeys(names)) or tuple(PROFILE_FILES)
    for name in chosen:
        if name not in PROFILE_FILES:
            raise UsageError(f"unknown profile {name!r}; choose from {', '.join(PROFILE_FILES)}")
    return chosen


@dataclass(frozen=True, slots=True)
class Result:
    """One SHACL result, flattened. `dataset` is the dataset it is about (for grouping)."""

    profile: str
    severity: Severity
    focus: str
    path: str | None
    message: str
    value: str | None
    constraint: str
    shape: str | None
    dataset: str | None = None
    dataset_title: str | None = None

    def key(self) -> tuple[str, ...]:
        return (self.profile, self.focus, self.path or "", self.constraint, self.value or "", self.shape or "")


@dataclass
class ValidationReport:
    """Results of validating some datasets against some profiles."""

    profiles: tuple[str, ...]
    results: list[Result] = field(default_factory=list)
    datasets: dict[str, str | None] = field(default_factory=dict)  # IRI → title, every dataset checked

    def count(self, severity: Severity) -> int:
        return sum(1 for r in self.results if r.severity == severity)

    def failing(self, fail_on: Severity = "violation") -> list[Result]:
        return [r for r in self.results if SEVERITY_ORDER[r.severity] <= SEVERITY_ORDER[fail_on]]

    def conforms(self, fail_on: Severity = "violation") -> bool:
        return not self.failing(fail_on)

    def conforming_datasets(self, fail_on: Severity = "violation") -> int:
        bad = {r.dataset for r in self.failing(fail_on)}
        return sum(1 for iri in self.datasets if iri not in bad)

    def summary(self, fail_on: Severity = "violation") -> dict[str, int]:
        return {
            "datasets": len(self.datasets),
            "conforming": self.conforming_datasets(fail_on),
            "violations": self.count("violation"),
            "warnings": self.count("warning"),
            "infos": self.count("info"),
        }

    def to_dict(self, fail_on: Severity = "violation") -> dict[str, object]:
        """The `--report json` document (schema: docs in README, "Validation report JSON")."""
        return {
            "conforms": self.conforms(fail_on),
            "profiles": list(self.profiles),
            "summary": self.summary(fail_on),
            "results": [asdict(r) for r in sorted(self.results, key=_order)],
        }

    def to_json(self, fail_on: Severity = "violation") -> str:
        return json.dumps(self.to_dict(fail_on), indent=2, ensure_ascii=False) + "\n"

    def to_text(self, fail_on: Severity = "violation") -> str:
        """Grouped by dataset (title and IRI), then severity; a summary line last."""
        lines: list[str] = []
        groups: dict[str | None, list[Result]] = {}
        for result in sorted(self.results, key=_order):
            groups.setdefault(result.dataset, []).append(result)
        for dataset, results in groups.items():
            title = results[0].dataset_title
            lines.append(f"{title or '(untitled)'}  <{dataset}>" if dataset else "Other resources")
            for r in results:
                where = "" if r.focus == dataset else f" on <{r.focus}>"
                value = f"  (value: {_short(r.value)})" if r.value is not None else ""
                lines.append(f"  {r.severity.upper():9} [{r.profile}] {r.path or '(node)'}{where}: "
                             f"{r.message}{value}")
            lines.append("")
        s = self.summary(fail_on)
        lines.append(f"{s['datasets']} dataset(s) checked against {', '.join(self.profiles)}: "
                     f"{s['conforming']} conforming, {s['violations']} violation(s), {s['warnings']} warning(s)")
        return "\n".join(lines) + "\n"

    def to_graph(self) -> Graph:
        """A SHACL validation report graph (`--report turtle`)."""
        graph = Graph(bind_namespaces="none")
        graph.bind("sh", SH)
        report = URIRef("urn:ldcat:validation-report")
        sh = _Sh()
        graph.add((report, RDF.type, sh.ValidationReport))
        graph.add((report, sh.conforms, Literal(self.conforms())))
        for n, r in enumerate(sorted(self.results, key=_order), 1):
            node = URIRef(f"urn:ldcat:validation-report#result-{n}")
            graph.add((report, sh.result, node))
            graph.add((node, RDF.type, sh.ValidationResult))
            graph.add((node, sh.focusNode, URIRef(r.focus)))
            graph.add((node, sh.resultSeverity, URIRef(SH + r.severity.capitalize())))
            graph.add((node, sh.resultMessage, Literal(r.message)))
            graph.add((node, sh.sourceConstraintComponent, URIRef(SH + r.constraint.removeprefix("sh:"))))
            if r.path:
                graph.add((node, sh.resultPath, URIRef(_expand(r.path))))
            if r.value is not None:
                graph.add((node, sh.value, Literal(r.value)))
            if r.shape and not r.shape.startswith("_:"):
                graph.add((node, sh.sourceShape, URIRef(_expand(r.shape))))
        return graph


class _Sh:
    def __getattr__(self, name: str) -> URIRef:
        return URIRef(SH + name)


def _order(r: Result) -> tuple[str, int, str, str, str]:
    return (r.dataset or "~", SEVERITY_ORDER[r.severity], r.path or "", r.focus, r.message)


def _short(value: str, limit: int = 80) -> str:
    return value if len(value) <= limit else value[: limit - 1] + "…"


def _expand(name: str) -> str:
    from ldcat.namespaces import PREFIXES

    prefix, _, local = name.partition(":")
    return PREFIXES[prefix] + local if prefix in PREFIXES and not local.startswith("//") else name


# --- running pyshacl -------------------------------------------------------------------------


def _label(term: Node | None) -> str | None:
    if term is None:
        return None
    if isinstance(term, URIRef):
        return compact(str(term)) or str(term)
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


def _path(report: Graph, node: Node) -> str | None:
    path = report.value(node, URIRef(SH + "resultPath"))
    if path is None:
        return None
    if isinstance(path, BNode):  # a complex path: show it in SPARQL-ish form
        inverse = report.value(path, URIRef(SH + "inversePath"))
        return f"^{_label(inverse)}" if inverse is not None else "(complex path)"
    return _label(path)


_QUERIES: dict[tuple[object, ...], Query] = {}


@contextmanager
def _prepared_queries() -> Iterator[None]:
    """Parse each SPARQL constraint once: pyshacl hands rdflib the same query text for every focus
    node, and rdflib would parse it every time (most of the cost of a SPARQL-based shape)."""
    original = SPARQLProcessor.query

    def query(self: SPARQLProcessor, str_or_query: str | Query, initBindings: Any = None,
              initNs: Any = None, base: str | None = None, DEBUG: bool = False) -> Any:
        if isinstance(str_or_query, str):
            # rdflib passes the graph's prefixes as initNs; they are part of what the text means.
            key = (str_or_query, base, tuple(sorted((initNs or {}).items())))
            if key not in _QUERIES:
                if len(_QUERIES) > 1024:
                    _QUERIES.clear()
                _QUERIES[key] = translateQuery(parseQuery(str_or_query), base, initNs)
            str_or_query = _QUERIES[key]
        return original(self, str_or_query, initBindings, initNs, base, DEBUG)

    SPARQLProcessor.query = query  # type: ignore[method-assign]
    try:
        yield
    finally:
        SPARQLProcessor.query = original  # type: ignore[method-assign]


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


def run_shacl(data: Graph, profile: str, *, mixed: bool = False) -> list[Result]:
    """Validate one (bounded) graph against one profile; results are not yet grouped by dataset.

    `mixed` says the vocabulary is already in `data` (see `with_vocabulary`), which is then
    validated in place rather than copied.
    """
    with _prepared_queries():
        _, report, _ = pyshacl.validate(
            data if mixed else with_vocabulary(data), shacl_graph=shapes_graph(profile), inference="none",
            inplace=True, abort_on_first=False, allow_infos=True, allow_warnings=True, meta_shacl=False,
            advanced=True, do_owl_imports=False, js=False,
        )
    sh = _Sh()
    results: list[Result] = []
    for node in report.subjects(RDF.type, sh.ValidationResult):
        severity = str(report.value(node, sh.resultSeverity)).removeprefix(SH).lower()
        value = report.value(node, sh.value)
        results.append(Result(
            profile=profile,
            severity=severity,  # type: ignore[arg-type]
            focus=str(report.value(node, sh.focusNode)),
            path=_path(report, node),
            message=str(report.value(node, sh.resultMessage) or "does not conform"),
            value=None if value is None else str(value),
            constraint="sh:" + str(report.value(node, sh.sourceConstraintComponent)).removeprefix(SH),
            shape=_label(report.value(node, sh.sourceShape)),
        ))
    return results


# --- splitting data into per-dataset pieces ---------------------------------------------------

HTTPS_DATASET = URIRef("https://schema.org/Dataset")  # wrong namespace, but still a dataset to check
ROOT_TYPES = (DCAT.Dataset, SDO.Dataset, HTTPS_DATASET)
STOP_TYPES = (*ROOT_TYPES, DCAT.Catalog, SDO.DataCatalog)


@dataclass(frozen=True, slots=True)
class Piece:
    """Part of a graph to validate: the triples, and the nodes it only refers to (of which it
    holds just the rdf:type, described in their own piece), whose results it must not report."""

    graph: Triples
    refs: frozenset[Node] = frozenset()


def owner(focus: str, datasets: Iterable[str]) -> str | None:
    """The dataset a focus node belongs to: itself, or the dataset whose hash IRI it is."""
    base = focus.split("#", 1)[0]
    return base if base in datasets else None


def dataset_pieces(graph: Graph) -> Iterator[Piece]:
    """Split a graph into one piece per dataset (its description, parts and catalogue records)
    plus one piece per catalogue, so a big file is validated in bounded batches too.

    A piece holds the root's triples, those of nodes it reaches (hash IRIs, agents, periods...),
    and only the rdf:type of other datasets and catalogues it points to, which is what range
    checks need without pulling the whole catalogue into every piece.
    """
    stop = {s for t in STOP_TYPES for s in graph.subjects(RDF.type, t)}
    catalogues = _catalogues(graph)
    roots = sorted({s for t in ROOT_TYPES for s in graph.subjects(RDF.type, t)} - catalogues, key=str)
    for root in roots:
        yield _closure(graph, [root, *graph.subjects(FOAF.primaryTopic, root)], stop - {root})
    for catalogue in sorted(catalogues, key=str):
        yield _closure(graph, [catalogue], stop - {catalogue})


def _catalogues(graph: Graph) -> set[Node]:
    return {s for t in (DCAT.Catalog, SDO.DataCatalog) for s in graph.subjects(RDF.type, t)}


def _closure(graph: Graph, starts: list[Node], stop: set[Node]) -> Piece:
    piece = Graph()
    refs: set[Node] = set()
    seen: set[Node] = set()
    todo = list(starts)
    while todo:
        node = todo.pop()
        if node in seen:
            continue
        seen.add(node)
        if node in stop:
            refs.add(node)
            for t in graph.objects(node, RDF.type):
                piece.add((node, RDF.type, t))
            continue
        for p, o in graph.predicate_objects(node):
            piece.add((node, p, o))
            if isinstance(o, URIRef | BNode) and o not in seen:
                todo.append(o)
    return Piece(piece, frozenset(refs))


def titles(graph: Graph) -> dict[str, str | None]:
    """Every dataset in a graph with its title (dct:title, else schema:name)."""
    found: dict[str, str | None] = {}
    for t in ROOT_TYPES:
        for s in graph.subjects(RDF.type, t):
            if isinstance(s, URIRef) and s not in _catalogues(graph):
                title = graph.value(s, DCT.title) or graph.value(s, SDO.name)
                found[str(s)] = None if title is None else str(title)
    return found


class Validator:
    """Validates pieces in batches and gathers one report. Feed it with `add`, then `finish`."""

    def __init__(self, profiles: Iterable[str], batch_size: int = BATCH_SIZE) -> None:
        self.report = ValidationReport(check_profiles(profiles))
        self.batch_size = batch_size
        self.pending: list[Piece] = []
        self.seen: set[tuple[str, ...]] = set()
        for profile in self.report.profiles:
            shapes_graph(profile)  # parse now, once, rather than inside the first batch

    def queue(self, piece: Triples | Piece) -> bool:
        """Queue a piece without validating; True when a batch is full (time to `flush`)."""
        self.pending.append(piece if isinstance(piece, Piece) else Piece(piece))
        return len(self.pending) >= self.batch_size

    def add(self, piece: Triples | Piece) -> list[Result]:
        """Queue a piece; returns the results of the batch it completed (if it completed one)."""
        return self.flush() if self.queue(piece) else []

    def flush(self) -> list[Result]:
        """Validate what is queued. Returns every result of the batch (for per-record verdicts);
        the report keeps each distinct result once, however many batches share the node."""
        if not self.pending:
            return []
        batch = Graph()
        refs: set[Node] = set()
        for piece in self.pending:
            batch += piece.graph
            refs |= piece.refs
        # A node only referred to here is described (and checked) in a piece of its own.
        refs = {n for n in refs if not any(pr for pr in batch.predicates(n) if pr != RDF.type)}
        self.pending = []
        names = titles(batch)
        self.report.datasets.update(names)
        found: list[Result] = []
        batch = with_vocabulary(batch)
        for profile in self.report.profiles:
            for result in run_shacl(batch, profile, mixed=True):
                if URIRef(result.focus) in refs:
                    continue
                dataset = owner(result.focus, names) or self._topic(batch, result.focus, names)
                result = _with_dataset(result, dataset, names.get(dataset) if dataset else None)
                found.append(result)
                if result.key() not in self.seen:
                    self.seen.add(result.key())
                    self.report.results.append(result)
        return found

    @staticmethod
    def _topic(batch: Graph, focus: str, names: dict[str, str | None]) -> str | None:
        topic = batch.value(URIRef(focus), FOAF.primaryTopic)
        return str(topic) if topic is not None and str(topic) in names else None

    def finish(self) -> ValidationReport:
        self.flush()
        return self.report


def _with_dataset(result: Result, dataset: str | None, title: str | None) -> Result:
    return Result(**{**asdict(result), "dataset": dataset, "dataset_title": title})


def validate_graph(graph: Graph, profiles: Iterable[str] = (), batch_size: int = BATCH_SIZE) -> ValidationReport:
    """Validate any RDF graph (ldcat's or not), piece by piece."""
    validator = Validator(profiles, batch_size)
    for piece in dataset_pieces(graph):
        validator.add(piece)
    return validator.finish()
