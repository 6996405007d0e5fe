"""Loading into triple stores: the embedded pyoxigraph store (the default) or any SPARQL 1.1 server.

Every record lives in its own named graph (the record's IRI, ``<base>record/<key>``), and every
catalogue in its own (``<base>catalog/<key>``), so loading a record again replaces it: no
duplicates, no stale triples. `sync` also drops the record graphs the input no longer has.
"""

from __future__ import annotations

import netrc
import os
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from ldcat.errors import InputError, UsageError
from ldcat.mapping import MapOptions, Triple, catalogue_graphs
from ldcat.model import Catalogue
from ldcat.pipeline import Source, records
from ldcat.problems import Problem, Report
from ldcat.read.rdf import is_rdf_file, load_rdf
from ldcat.serialise import nt_term

DEFAULT_STORE = Path("ldcat.store")
STORE_ENV = "LDCAT_STORE"
BULK_THRESHOLD = 1000  # records; above it the embedded store uses its bulk loader
RDF_PREFERENCE = (".nq", ".nt", ".ttl", ".jsonld")  # for a directory: load one format, the best


@dataclass(frozen=True, slots=True)
class NamedGraph:
    name: str
    graph: Graph | set[Triple]  # any collection of triples
    origin: str


def default_store() -> Path:
    return Path(os.environ.get(STORE_ENV) or DEFAULT_STORE)


# --- inputs: records (converted) or RDF files ----------------------------------------------------


def input_graphs(sources: Iterable[Source], report: Report, mapping: MapOptions,
                 reader: str | None = None) -> Iterator[NamedGraph]:
    """Named graphs from records (one per record, one per catalogue) and from RDF files (the
    graphs of an N-Quads file as they are; any other RDF file as one graph named by its URI)."""
    record_sources: list[Source] = []
    for source in _expand(sources):
        if isinstance(source, Path) and is_rdf_file(source):
            yield from _rdf_graphs(source)
        else:
            record_sources.append(source)
    if record_sources:
        catalogues: dict[str, Catalogue] = {}
        for item in records(record_sources, report, reader=reader, mapping=mapping):
            catalogues.update((c.key, c) for c in item.record.catalogues)
            yield NamedGraph(str(mapping.iris.record(item.record.key)), item.triples, item.record.origin)
        for name, graph in catalogue_graphs(catalogues.values(), mapping):
            yield NamedGraph(str(name), graph, "catalogue")


def _expand(sources: Iterable[Source]) -> Iterator[Source]:
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


def _rdf_graphs(path: Path) -> Iterator[NamedGraph]:
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


# --- term conversion -----------------------------------------------------------------------------


@lru_cache(maxsize=1 << 16)
def _named_node(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def to_ox(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    if isinstance(term, URIRef):
        return _named_node(str(term))  # predicates, types and shared nodes repeat a lot
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    assert isinstance(term, Literal)
    if term.language:
        return ox.Literal(str(term), language=term.language)
    if term.datatype:
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
    return ox.Literal(str(term))


def from_ox(term: object) -> Node:
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    assert isinstance(term, ox.Literal)
    if term.language:
        return Literal(term.value, lang=term.language)
    if term.datatype.value == "http://www.w3.org/2001/XMLSchema#string":
        return Literal(term.value)
    return Literal(term.value, datatype=URIRef(term.datatype.value))


def ntriples(graph: Iterable[Triple]) -> bytes:
    return "".join(f"{nt_term(s)} {nt_term(p)} {nt_term(o)} .\n" for s, p, o in graph).encode()


# --- the embedded store ------------------------------------------------------------------------


@dataclass
class LoadOptions:
    sync: bool = False
    namespaces: tuple[str, ...] = ()  # graph-name prefixes that --sync may remove (ldcat's own)


def open_store(path: Path, *, read_only: bool = False) -> ox.Store:
    """Open (or create) the embedded store, with a clear message when another process has it."""
    try:
        if read_only:
            if not path.exists():
                raise InputError(f"{path}: no store here; load something first (ldcat load ...)")
            return ox.Store.read_only(str(path))
        return ox.Store(str(path))
    except OSError as exc:
        text = str(exc)
        if "lock" in text.lower():
            raise InputError(f"{path}: the store is open in another process (only one may write at a "
                             "time); close it and try again") from None
        raise InputError(f"{path}: cannot open the store: {text}") from None


def load_embedded(store: ox.Store, graphs: Iterable[NamedGraph], report: Report, options: LoadOptions) -> None:
    """Replace each named graph in the store; batches of records go through the bulk loader."""
    loaded: set[str] = set()
    batch: list[NamedGraph] = []
    bulk = False
    for named in graphs:
        batch.append(named)
        if len(batch) >= BULK_THRESHOLD:
            bulk = True
            _write_batch(store, batch, bulk, report, loaded)
            batch = []
    _write_batch(store, batch, bulk, report, loaded)
    if options.sync:
        stale = [g for g in store.named_graphs() if isinstance(g, ox.NamedNode) and g.value not in loaded
                 and g.value.startswith(options.namespaces)]
        for graph in stale:
            store.remove_graph(graph)
        report.count("removed", len(stale))
    store.flush()


def _write_batch(store: ox.Store, batch: list[NamedGraph], bulk: bool, report: Report, loaded: set[str]) -> None:
    """Replace the batch's graphs. The quads go in as N-Quads text, which pyoxigraph parses far
    faster than Python can build term objects for it."""
    lines: list[str] = []
    for named in batch:
        name = ox.NamedNode(named.name)
        if store.contains_named_graph(name):
            store.remove_graph(name)
            report.count("replaced")
        graph = f" <{named.name}> .\n"
        lines.extend(f"{nt_term(s)} {nt_term(p)} {nt_term(o)}{graph}" for s, p, o in named.graph)
        loaded.add(named.name)
        report.count("graphs")
    data = "".join(lines).encode()
    if bulk:
        store.bulk_load(data, format=ox.RdfFormat.N_QUADS)
    else:
        store.load(data, format=ox.RdfFormat.N_QUADS)
    report.count("quads", len(lines))


# --- any SPARQL 1.1 server -----------------------------------------------------------------------

SERVERS = {
    # name: (graph store path, query path, update path, auth)
    "oxigraph": ("/store", "/query", "/update", "basic"),
    "virtuoso": ("/sparql-graph-crud-auth", "/sparql", "/sparql-auth", "digest"),
    "fuseki": ("/data", "/query", "/update", "basic"),  # base is the dataset URL: http://host:3030/ds
}
PASSWORD_ENV = "LDCAT_PASSWORD"
TRANSIENT = {408, 425, 429, 500, 502, 503, 504}


@dataclass
class Endpoint:
    """A SPARQL 1.1 server: its Graph Store, query and update URLs and credentials."""

    gsp_url: str
    query_url: str
    update_url: str
    user: str | None = None
    password: str | None = field(default=None, repr=False)
    auth: str = "basic"
    retries: int = 3
    timeout: float = 60.0

    @classmethod
    def from_base(cls, base: str, server: str = "oxigraph", user: str | None = None,
                  password: str | None = None) -> Endpoint:
        if server not in SERVERS:
            raise UsageError(f"unknown server kind {server!r}; choose from {', '.join(SERVERS)}")
        parts = urllib.parse.urlsplit(base)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise UsageError(f"{base!r} is not an http(s) URL")
        gsp, query, update, auth = SERVERS[server]
        root = base.rstrip("/")
        user, password = _credentials(parts.hostname or "", user, password)
        return cls(root + gsp, root + query, root + update, user, password, auth)

    def _opener(self) -> urllib.request.OpenerDirector:
        if not self.user:
            return urllib.request.build_opener()
        manager = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        manager.add_password(None, self.gsp_url, self.user, self.password or "")
        for url in (self.query_url, self.update_url):
            manager.add_password(None, url, self.user, self.password or "")
        handler = (urllib.request.HTTPDigestAuthHandler if self.auth == "digest"
                   else urllib.request.HTTPBasicAuthHandler)(manager)
        return urllib.request.build_opener(handler)

    def request(self, method: str, url: str, body: bytes | None = None,
                headers: dict[str, str] | None = None) -> bytes:
        """One HTTP request, retried with backoff on connection errors and transient statuses."""
        opener = self._opener()
        for attempt in range(self.retries + 1):
            req = urllib.request.Request(url, data=body, method=method, headers=headers or {})
            try:
                with opener.open(req, timeout=self.timeout) as response:
                    return response.read()
            except urllib.error.HTTPError as exc:
                detail = exc.read()[:300].decode("utf-8", "replace").strip()
                if exc.code not in TRANSIENT or attempt == self.retries:
                    raise EndpointError(f"{method} {_safe(url)}: HTTP {exc.code} {exc.reason}"
                                        + (f": {detail}" if detail else "")) from None
            except (urllib.error.URLError, TimeoutError, ConnectionError) as exc:
                if attempt == self.retries:
                    reason = getattr(exc, "reason", exc)
                    raise EndpointError(f"{method} {_safe(url)}: unreachable ({reason})") from None
            time.sleep(0.25 * 2**attempt)
        raise AssertionError("unreachable")

    def put_graph(self, name: str, data: bytes, *, append: bool = False) -> None:
        url = f"{self.gsp_url}?{urllib.parse.urlencode({'graph': name})}"
        self.request("POST" if append else "PUT", url, data, {"Content-Type": "application/n-triples"})

    def update(self, text: str) -> None:
        self.request("POST", self.update_url, urllib.parse.urlencode({"update": text}).encode(),
                     {"Content-Type": "application/x-www-form-urlencoded"})

    def query(self, text: str, accept: str) -> bytes:
        return self.request("POST", self.query_url, urllib.parse.urlencode({"query": text}).encode(),
                            {"Content-Type": "application/x-www-form-urlencoded", "Accept": accept})


class EndpointError(InputError):
    """A server that did not answer, or answered with an error."""


def _safe(url: str) -> str:
    """A URL fit for messages: credentials in it are never echoed."""
    parts = urllib.parse.urlsplit(url)
    host = parts.hostname or ""
    netloc = host + (f":{parts.port}" if parts.port else "")
    return urllib.parse.urlunsplit((parts.scheme, netloc, parts.path, parts.query, ""))


def _credentials(host: str, user: str | None, password: str | None) -> tuple[str | None, str | None]:
    """Options first, then LDCAT_PASSWORD, then ~/.netrc for the host."""
    password = password or os.environ.get(PASSWORD_ENV)
    if user and password:
        return user, password
    try:
        found = netrc.netrc().authenticators(host)
    except (FileNotFoundError, netrc.NetrcParseError, OSError):
        found = None
    if found and (not user or user == found[0]):
        return found[0], password or found[2]
    return user, password


def load_remote(endpoint: Endpoint, graphs: Iterable[NamedGraph], report: Report, *, protocol: str = "gsp",
                append: bool = False, batch_size: int = 50, sync: bool = False,
                namespaces: tuple[str, ...] = ()) -> None:
    """Graph Store Protocol: PUT per named graph (POST with `append`). SPARQL Update: batches of
    `DROP SILENT GRAPH` + `INSERT DATA`. A failed graph is reported and the others go on."""
    loaded: set[str] = set()
    batch: list[NamedGraph] = []
    for named in graphs:
        if protocol == "gsp":
            _send(report, [named], lambda n=named: endpoint.put_graph(n.name, ntriples(n.graph), append=append))
        else:
            batch.append(named)
            if len(batch) >= batch_size:
                _send(report, batch, lambda b=batch: endpoint.update(_update_text(b, append)))
                batch = []
        loaded.add(named.name)
    if batch:
        _send(report, batch, lambda: endpoint.update(_update_text(batch, append)))
    if sync:
        _sync_remote(endpoint, loaded, namespaces, report)


def _send(report: Report, graphs: list[NamedGraph], action: Callable[[], None]) -> None:
    try:
        action()
    except EndpointError as exc:
        for named in graphs:
            report.add(Problem("load-failed", str(exc), "error", named.origin, named.name))
            report.count("failed")
        return
    report.count("graphs", len(graphs))
    report.count("quads", sum(len(g.graph) for g in graphs))


def _update_text(graphs: list[NamedGraph], append: bool) -> str:
    drops = "" if append else "".join(f"DROP SILENT GRAPH <{g.name}> ;\n" for g in graphs)
    body = "\n".join(f"GRAPH <{g.name}> {{\n{ntriples(g.graph).decode()}}}" for g in graphs)
    return f"{drops}INSERT DATA {{\n{body}\n}}"


def _sync_remote(endpoint: Endpoint, loaded: set[str], namespaces: tuple[str, ...], report: Report) -> None:
    import json

    answer = json.loads(endpoint.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }",
                                       "application/sparql-results+json"))
    names = [b["g"]["value"] for b in answer["results"]["bindings"]]
    stale = [n for n in names if n not in loaded and n.startswith(namespaces)]
    if stale:
        endpoint.update("".join(f"DROP SILENT GRAPH <{n}> ;\n" for n in stale).rstrip(" ;\n"))
    report.count("removed", len(stale))
