"""Reading RDF (ldcat's output or anyone's): Turtle, TriG, N-Triples, N-Quads, RDF/XML or JSON-LD, by content.

Two uses: a graph to validate, load or query (`load_rdf`, `parse_rdf`: an rdflib `Graph`), and the
statements the RDF reader turns back into records (`read_quads`: every quad, graph names kept).
N-Triples, N-Quads, Turtle, TriG and RDF/XML are parsed with pyoxigraph (fast, streaming), JSON-LD
with rdflib. JSON-LD contexts are never fetched: schema.org's resolve to the bundled copy and any
other remote context is refused with a clear error.
"""

from __future__ import annotations

import json
import re
import warnings
from collections.abc import Callable, Iterator
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.term import Node

from ldcat.errors import InputError
from ldcat.literals import text
from ldcat.read.detect import rdf_syntax
from ldcat.read.jsonld import localise_contexts

RDF_FORMATS = {"turtle": "turtle", "nt": "nt", "jsonld": "json-ld", "rdfxml": "xml"}
# A statement as the RDF reader sees it: subject, predicate, object, graph name (None: the default graph).
Quad = tuple[Node, URIRef, Node, URIRef | BNode | None]
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_NT_LINE = re.compile(rb"^\s*(<[^>\s]*>|_:\S+)\s+<[^>\s]*>\s+.+\.\s*$")


def sniff_rdf(head: bytes) -> str | None:
    """turtle, nt or jsonld for content that looks like it; None if it does not look like RDF."""
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if text[:1] in (b"{", b"["):
        return "jsonld"
    if rdf_syntax(head) == "rdfxml":
        return "rdfxml"
    lines = [line for line in text.splitlines() if line.strip() and not line.lstrip().startswith(b"#")]
    if not lines:
        return None
    if all(_NT_LINE.match(line) for line in lines[:20] if len(line) < 60000):
        return "nt"
    if re.match(rb"(@prefix|@base|PREFIX|BASE)\b|<[^>\s]*:[^>\s]*>\s|_:", lines[0], re.IGNORECASE):
        return "turtle"
    return None


def load_rdf(path: Path, fmt: str | None = None) -> Graph:
    """Parse one RDF file into a graph; InputError says which file and why it did not parse."""
    return parse_rdf(read_bytes(path), fmt, str(path))


def read_bytes(path: Path) -> bytes:
    """A file's bytes; InputError says which file could not be read, and why."""
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot be read: {exc.strerror or exc}") from None


def parse_rdf(data: bytes, fmt: str | None, origin: str) -> Graph:
    """Parse RDF in memory (format sniffed when `fmt` is None); no remote JSON-LD context is fetched.
    InputError names `origin` and says why it did not parse."""
    fmt = fmt or sniff_rdf(data[:65536])
    if fmt is None:
        raise InputError(f"{origin}: not Turtle, N-Triples, RDF/XML or JSON-LD")
    graph = Graph()
    if fmt == "jsonld":
        try:
            doc, remote = localise_contexts(json.loads(data))
            if remote:
                raise InputError(f"{origin}: remote JSON-LD context {remote[0]!r} is not fetched; "
                                 "inline it or use the schema.org context")
            # RDF text is Unicode scalar values: a lone surrogate (which JSON's \u escapes allow) is refused here,
            # where UTF-8 cannot encode it, not left to fail when a report or output quotes it.
            graph.parse(data=json.dumps(doc, ensure_ascii=False).encode("utf-8"), format="json-ld")
        except InputError:
            raise
        except (ValueError, SyntaxError, TypeError, KeyError) as exc:
            message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise InputError(f"{origin}: invalid {fmt}: {message}") from None
    else:
        graph += rdf_triples(data, fmt, origin)
    return graph


def rdf_triples(data: bytes, fmt: str, origin: str) -> Iterator[tuple[Node, URIRef, Node]]:
    """The triples of Turtle, N-Triples or RDF/XML (`fmt` as `sniff_rdf` names them; graph names
    of N-Quads and TriG are dropped), parsed by pyoxigraph: twenty times rdflib's parsers, for what
    validating a big file needs (its triples, not an rdflib graph). InputError names `origin`."""
    import pyoxigraph as ox

    formats = {"nt": ox.RdfFormat.N_QUADS, "turtle": ox.RdfFormat.TRIG, "rdfxml": ox.RdfFormat.RDF_XML}
    if fmt not in formats:
        raise InputError(f"{origin}: unknown RDF syntax {fmt!r}")
    for s, p, o, _ in _ox_quads(data, formats[fmt], origin, fmt):
        yield s, p, o


def is_rdf_file(path: Path) -> bool:
    """RDF rather than records? Content decides: N-Quads, N-Triples, Turtle, RDF/XML, and JSON-LD
    unless it is Harmony's own JSON (which the record readers take)."""
    if path.suffix == ".nq":
        return True
    try:
        with path.open("rb") as handle:
            head = handle.read(65536)
    except OSError as exc:
        raise InputError(f"{path}: cannot be read: {exc.strerror or exc}") from None
    return is_rdf_head(head, name=path.name)


def is_rdf_head(head: bytes, *, at_eof: bool = False, name: str | None = None) -> bool:
    """`is_rdf_file` for content starting with `head` (standard input, say)."""
    from ldcat.read import detect_format

    kind = sniff_rdf(head[:65536])
    return kind in ("nt", "turtle", "rdfxml") or (
        kind == "jsonld" and detect_format(head, name=name, complete=at_eof) == "jsonld")


def read_quads(data: bytes, syntax: str | None, origin: str) -> Iterator[Quad]:
    """Every statement of RDF in `syntax` ("nquads", "trig", "rdfxml", "jsonld"; None: by content),
    in document order, as rdflib terms; InputError names `origin` and says why it did not parse."""
    syntax = syntax or rdf_syntax(data[:65536]) or ("jsonld" if sniff_rdf(data[:65536]) == "jsonld" else None)
    if syntax is None:
        raise InputError(f"{origin}: not Turtle, TriG, N-Triples, N-Quads, RDF/XML or JSON-LD")
    if syntax == "jsonld":
        yield from _jsonld_quads(data, origin)
        return
    import pyoxigraph as ox

    formats = {"nquads": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG, "rdfxml": ox.RdfFormat.RDF_XML}
    if syntax not in formats:
        raise InputError(f"{origin}: unknown RDF syntax {syntax!r}")
    yield from _ox_quads(data, formats[syntax], origin, _SYNTAX_NAMES[syntax])


def _ox_quads(data: bytes, syntax: Any, origin: str, name: str) -> Iterator[Quad]:
    """pyoxigraph's parse of `data` in `syntax`, as rdflib terms; InputError calls it invalid `name`."""
    import pyoxigraph as ox

    convert, default = _ox_converters(), ox.DefaultGraph
    try:
        for quad in ox.parse(data, syntax):
            s, o, graph = quad.subject, quad.object, quad.graph_name
            yield (convert[type(s)](s), _iri(quad.predicate.value), convert[type(o)](o),  # type: ignore[misc]
                   None if type(graph) is default else convert[type(graph)](graph))
    except SyntaxError as exc:
        message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise InputError(f"{origin}: invalid {name}: {message}") from None
    except KeyError as exc:  # a term ldcat has no use for: an RDF 1.2 triple term, say
        kind = exc.args[0] if exc.args else None
        raise InputError(f"{origin}: unsupported RDF term of type {getattr(kind, '__name__', kind)}") from None


@lru_cache(maxsize=1 << 16)  # predicates, classes and a node's own IRI recur from triple to triple
def _iri(value: str) -> URIRef:
    return URIRef(value)


_SYNTAX_NAMES = {"nquads": "N-Triples / N-Quads", "trig": "Turtle / TriG", "rdfxml": "RDF/XML", "jsonld": "JSON-LD"}


@cache
def _ox_converters() -> dict[type, Callable[[Any], Node]]:
    """pyoxigraph's term classes, each with its conversion to rdflib: looked up by type, one dict
    access a term (a file's every term goes through here)."""
    import pyoxigraph as ox

    return {ox.NamedNode: lambda term: _iri(term.value), ox.BlankNode: lambda term: BNode(term.value),
            ox.Literal: _ox_literal}


def _ox_literal(term: Any) -> Node:
    if term.language:
        return text(term.value, term.language)  # a tag pyoxigraph has checked
    datatype = term.datatype.value
    if datatype == _XSD_STRING:
        return text(term.value)
    with warnings.catch_warnings():  # an ill-typed literal is kept as written
        warnings.simplefilter("ignore")
        return Literal(term.value, datatype=URIRef(datatype))


def _jsonld_quads(data: bytes, origin: str) -> Iterator[Quad]:
    try:
        doc, remote = localise_contexts(json.loads(data))
    except (ValueError, RecursionError) as exc:
        raise InputError(f"{origin}: invalid JSON-LD: {exc}") from None
    if remote:
        raise InputError(f"{origin}: remote JSON-LD context {remote[0]!r} is not fetched; "
                         "inline it or use the schema.org context")
    yield from jsonld_document_quads(doc, origin)


def jsonld_document_quads(doc: object, origin: str) -> Iterator[Quad]:
    """The statements of a parsed JSON-LD document whose contexts are already local."""
    dataset = Dataset()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            dataset.parse(data=json.dumps(doc), format="json-ld")
    except (ValueError, SyntaxError, TypeError, KeyError, AttributeError, IndexError, RecursionError) as exc:
        message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise InputError(f"{origin}: invalid JSON-LD: {message}") from None
    default = dataset.default_graph.identifier
    for s, p, o, g in dataset.quads((None, None, None, None)):
        name = g.identifier if isinstance(g, Graph) else g
        yield s, p, o, (None if name == default or name is None else name)  # type: ignore[misc]
