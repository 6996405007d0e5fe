"""What gets loaded: named graphs from the inputs, whatever they are.

Records (any format `ldcat.read` knows) are converted: one graph per record, named by the
record's IRI (``<base>record/<key>``), and one per catalogue (``<base>catalog/<key>``). RDF files
are loaded as they are: an N-Quads file keeps its graphs (its default graph is named by the file's
URI), any other RDF file becomes one graph named by its URI. A directory holding RDF files is
ldcat output: only its files of the best format present are loaded (ldcat writes the same data in
several); a directory without any holds records.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, URIRef

from ldcat.errors import InputError
from ldcat.mapping import MapOptions, Triple, catalogue_graphs
from ldcat.model import Catalogue
from ldcat.pipeline import Source, rendered
from ldcat.problems import Report
from ldcat.read.rdf import is_rdf_file, load_rdf
from ldcat.serialise.ntriples import in_graph, out_of_graph
from ldcat.store.terms import from_ox, ntriples

RDF_PREFERENCE = (".nq", ".nt", ".ttl", ".jsonld")  # for a directory: load one format, the best


@dataclass(frozen=True, slots=True)
class NamedGraph:
    """One graph to load: its triples, or (for a converted record) its N-Quads text already."""

    name: str
    graph: Graph | set[Triple] | None  # any collection of triples; None when `quads` holds them
    origin: str
    quads: str | None = None  # the triples as N-Quads lines in the graph `name`
    size: int = 0  # how many, with `quads`

    def ntriples(self) -> str:
        """The triples as N-Triples lines, each ending in ``" .\\n"`` (no raw newline is inside one)."""
        if self.quads is not None:
            return out_of_graph(self.quads, URIRef(self.name))
        assert self.graph is not None
        return ntriples(self.graph).decode()

    def nquads(self) -> str:
        """The triples as N-Quads lines in the graph `name`."""
        return self.quads if self.quads is not None else in_graph(self.ntriples(), URIRef(self.name))

    def __len__(self) -> int:
        return self.size if self.graph is None else len(self.graph)


def input_graphs(sources: Iterable[Source], report: Report, mapping: MapOptions,
                 reader: str | None = None, jobs: int = 1) -> Iterator[NamedGraph]:
    """Named graphs from records (one per record, converted in `jobs` processes; one per catalogue)
    and from RDF files (the graphs of an N-Quads file as they are; any other RDF file as one graph
    named by its URI)."""
    record_sources: list[Source] = []
    for source in expand(sources):
        if isinstance(source, Path) and is_rdf_file(source):
            yield from rdf_graphs(source)
        else:
            record_sources.append(source)
    if record_sources:
        catalogues: dict[str, Catalogue] = {}
        for item in rendered(record_sources, report, reader=reader, mapping=mapping, jobs=jobs):
            catalogues.update((c.key, c) for c in item.record.catalogues)
            yield NamedGraph(str(mapping.iris.record(item.record.key)), None, item.record.origin, item.nquads,
                             item.count)
        for name, graph in catalogue_graphs(catalogues.values(), mapping):
            yield NamedGraph(str(name), graph, "catalogue")


def expand(sources: Iterable[Source]) -> Iterator[Source]:
    """Directories become their RDF files of the preferred format (ldcat writes the same data
    in several formats; loading all of them would load it several times)."""
    for source in sources:
        if isinstance(source, str | Path) and Path(source).is_dir():
            files = sorted(p for p in Path(source).iterdir() if p.is_file() and not p.name.startswith("."))
            rdf = [p for p in files if p.suffix in RDF_PREFERENCE]
            best = min((RDF_PREFERENCE.index(p.suffix) for p in rdf), default=None)
            # A directory of ldcat output: its best RDF format; otherwise its files are records.
            yield from (p for p in rdf if p.suffix == RDF_PREFERENCE[best]) if best is not None else files
        elif isinstance(source, str) and source != "-":
            yield Path(source)
        else:
            yield source


def rdf_graphs(path: Path) -> Iterator[NamedGraph]:
    """The named graphs of one RDF file (see the module docstring); InputError if it is invalid."""
    if path.suffix != ".nq":
        yield NamedGraph(path.resolve().as_uri(), load_rdf(path), str(path))
        return
    graphs: dict[str, Graph] = {}
    try:
        for quad in ox.parse(path=str(path), format=ox.RdfFormat.N_QUADS):
            name = path.resolve().as_uri() if isinstance(quad.graph_name, ox.DefaultGraph) else quad.graph_name.value
            graphs.setdefault(name, Graph()).add((from_ox(quad.subject), from_ox(quad.predicate),
                                                  from_ox(quad.object)))
    except (SyntaxError, ValueError, OSError) as exc:
        raise InputError(f"{path}: invalid N-Quads: {exc}") from None
    for name, graph in graphs.items():
        yield NamedGraph(name, graph, str(path))
