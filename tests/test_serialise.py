"""The three formats of the same input are the same graph, read back by two independent parsers."""

from __future__ import annotations

import io

import pyoxigraph
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic, to_isomorphic

from conftest import ALL_FIXTURES, OPTIONS
from ldcat.namespaces import XSD
from ldcat.pipeline import ConvertOptions, convert
from ldcat.serialise import serialise

OXI = {"turtle": pyoxigraph.RdfFormat.TURTLE, "nt": pyoxigraph.RdfFormat.N_TRIPLES,
       "jsonld": pyoxigraph.RdfFormat.JSON_LD}
RDFLIB = {"turtle": "turtle", "nt": "nt", "jsonld": "json-ld"}


def _text(fmt: str, sources: list) -> str:
    out = io.StringIO()
    convert(sources, ConvertOptions(formats=(fmt,), mapping=OPTIONS), stream=out)
    return out.getvalue()


def _from_oxigraph(text: str, fmt: str) -> Graph:
    """Oxigraph's parse, handed to rdflib only for the comparison."""
    graph = Graph()
    for quad in pyoxigraph.parse(text.encode(), format=OXI[fmt]):
        graph.add((URIRef(quad.subject.value), URIRef(quad.predicate.value), _term(quad.object)))
    return graph


def _term(term: object) -> object:
    if isinstance(term, pyoxigraph.NamedNode):
        return URIRef(term.value)
    assert isinstance(term, pyoxigraph.Literal)
    if term.language:
        return Literal(term.value, lang=term.language)
    if term.datatype.value == str(XSD.string):
        return Literal(term.value)
    return Literal(term.value, datatype=URIRef(term.datatype.value))


@pytest.fixture(scope="module")
def outputs() -> dict[str, str]:
    return {fmt: _text(fmt, ALL_FIXTURES) for fmt in OXI}


def test_all_formats_parse_to_isomorphic_graphs(outputs: dict[str, str]) -> None:
    graphs = [Graph().parse(data=text, format=RDFLIB[fmt]) for fmt, text in outputs.items()]
    graphs += [_from_oxigraph(text, fmt) for fmt, text in outputs.items()]
    assert len(graphs[0]) > 4000
    for other in graphs[1:]:
        assert len(other) == len(graphs[0])
        assert isomorphic(graphs[0], other)


def test_output_is_byte_identical_across_runs(outputs: dict[str, str]) -> None:
    for fmt, text in outputs.items():
        assert _text(fmt, ALL_FIXTURES) == text


def test_nquads_put_each_record_in_its_own_named_graph() -> None:
    text = _text("nq", ALL_FIXTURES)
    quads = list(pyoxigraph.parse(text.encode(), format=pyoxigraph.RdfFormat.N_QUADS))
    graphs = {q.graph_name.value for q in quads}
    assert "https://data.example.org/record/5050ed61f083639e6f2563d215c23229" in graphs
    assert "https://data.example.org/catalog/ukds" in graphs
    merged = Graph()
    for quad in quads:
        merged.add((URIRef(quad.subject.value), URIRef(quad.predicate.value), _term(quad.object)))
    assert isomorphic(merged, Graph().parse(data=_text("nt", ALL_FIXTURES), format="nt"))


def test_no_blank_nodes(outputs: dict[str, str]) -> None:
    assert "_:" not in outputs["nt"]


HARD = [
    'quote " and backslash \\ and """triple""" quotes',
    "line one\nline two\r\nand a tab\t",
    "ends with a quote\"",
    "ends with a backslash \\",
    "unicode — ’ ü 漢字 \U0001F600",
    "control \x01 char",
]


@pytest.mark.parametrize("fmt", list(OXI))
def test_hard_literals_round_trip(fmt: str) -> None:
    graph = Graph()
    s = URIRef("https://data.example.org/dataset/x")
    for n, value in enumerate(HARD):
        graph.add((s, URIRef(f"http://schema.org/p{n}"), Literal(value)))
    graph.add((s, URIRef("http://schema.org/lang"), Literal("Cymraeg", lang="cy")))
    graph.add((s, URIRef("http://schema.org/n"), Literal(42)))
    graph.add((s, URIRef("http://schema.org/b"), Literal(False)))
    graph.add((s, URIRef("http://schema.org/iri"), URIRef("https://doi.org/10.1016/S2215-0366(15)00358-2")))
    out = io.StringIO()
    serialise([graph], fmt, out)
    text = out.getvalue()
    assert to_isomorphic(Graph().parse(data=text, format=RDFLIB[fmt])) == to_isomorphic(graph)
    assert to_isomorphic(_from_oxigraph(text, fmt)) == to_isomorphic(graph)


@pytest.mark.parametrize("value", ["", "a", "é 😀", "line\nbreak", '"quoted"', "x" * 1000])
@pytest.mark.parametrize("language", [None, "en", "en-GB"])
def test_the_mappings_quick_terms_are_rdflibs_own(value: str, language: str | None) -> None:
    """`text()` and `iri()` make terms without rdflib's checks (values are checked at the edge);
    they must be the very terms rdflib makes, in every field, in hash and pickling."""
    import pickle

    from rdflib import Literal, URIRef

    from ldcat import literals
    from ldcat.literals import text
    from ldcat.mapping.iris import iri
    assert text is literals._quick_text  # this rdflib makes literals so: the quick way is in use
    made, reference = text(value, language), Literal(value, lang=language)
    assert type(made) is Literal and made == reference and hash(made) == hash(reference)
    assert (made.value, made.language, made.datatype, made.ill_typed, made.n3()) == (
        reference.value, reference.language, reference.datatype, reference.ill_typed, reference.n3())
    assert pickle.loads(pickle.dumps(made)) == reference
    link = "https://example.org/" + "a" * len(value)
    assert type(iri(link)) is URIRef and iri(link) == URIRef(link) and hash(iri(link)) == hash(URIRef(link))


@pytest.mark.parametrize("fmt", ["turtle", "jsonld", "nt", "nq"])
def test_a_documents_body_is_what_render_gave_and_bodies_gather_into_one_document(fmt: str) -> None:
    """`Writer.body`, with which a published site gathers its records' documents into the
    catalogue files: each body is the record's render, and the bodies of two documents emitted
    into one writer make the document of both (checked by parsing with Oxigraph)."""
    from ldcat.pipeline import records
    from ldcat.problems import Report
    from ldcat.serialise import WRITERS

    graphs = [c.triples for c in records(ALL_FIXTURES[:2], Report(), mapping=OPTIONS)]
    documents = []
    for graph in graphs:
        out = io.StringIO()
        writer = WRITERS[fmt](out)
        writer.begin()
        writer.write(graph)
        writer.end()
        documents.append(out.getvalue())
        assert writer.body(out.getvalue()) == WRITERS[fmt](None).render(graph)
    empty = io.StringIO()
    writer = WRITERS[fmt](empty)
    writer.begin()
    writer.write(set())
    writer.end()
    assert writer.body(empty.getvalue()) == ""
    gathered = io.StringIO()
    writer = WRITERS[fmt](gathered)
    writer.begin()
    for document in documents:
        writer.emit(writer.body(document))
    writer.end()
    oxi = {**OXI, "nq": pyoxigraph.RdfFormat.N_QUADS}[fmt]
    parsed = {(q.subject, q.predicate, q.object) for q in pyoxigraph.parse(gathered.getvalue().encode(), format=oxi)}
    expected = {(q.subject, q.predicate, q.object) for document in documents
                for q in pyoxigraph.parse(document.encode(), format=oxi)}
    assert parsed == expected
    assert len(parsed) > max(len(graph) for graph in graphs)  # both records' triples, not one's
    with pytest.raises(ValueError, match="not a document"):
        WRITERS["jsonld" if fmt == "turtle" else "turtle"](None).body(documents[0])


def test_terms_of_one_text_are_each_written_as_what_they_are() -> None:
    """nt_lines writes each IRI once per record and reuses it: a blank node, a literal and a tagged
    literal spelt like an IRI (equal text, equal hash) are still written as themselves, and equal
    literals whose tags differ in case keep each its own tag."""
    from rdflib import BNode

    from ldcat.serialise.terms import nt_lines

    text = "https://example.org/a"
    iri, p = URIRef(text), URIRef("https://example.org/p")
    triples = [(iri, p, iri), (BNode(text), p, iri), (iri, p, Literal(text)), (iri, p, BNode(text)),
               (iri, p, Literal("x", lang="en")), (iri, p, Literal("x", lang="EN")), (iri, p, Literal(text, lang="en"))]
    assert nt_lines(triples) == [
        f"<{text}> <{p}> <{text}> .\n", f"_:{text} <{p}> <{text}> .\n", f'<{text}> <{p}> "{text}" .\n',
        f"<{text}> <{p}> _:{text} .\n", f'<{text}> <{p}> "x"@en .\n', f'<{text}> <{p}> "x"@EN .\n',
        f'<{text}> <{p}> "{text}"@en .\n']


def test_literals_made_as_they_are_read_are_each_written_as_themselves() -> None:
    """nt_lines reuses a literal's text when the same literal object recurs (the mapping makes each
    text once): triples whose literals are made afresh as they are read, and dropped at once, must
    still be written as themselves (CPython reuses a freed object's id at once)."""
    from collections.abc import Iterator

    from ldcat.serialise.terms import nt_lines

    p = URIRef("https://example.org/p")

    class Fresh:
        def __len__(self) -> int:
            return 50

        def __contains__(self, item: object) -> bool:
            return False

        def __iter__(self) -> Iterator[tuple[URIRef, URIRef, Literal]]:
            for n in range(50):
                yield URIRef(f"https://example.org/s{n}"), p, Literal(f"v{n}", lang="en" if n % 2 else None)

    assert nt_lines(Fresh()) == [f'<https://example.org/s{n}> <{p}> "v{n}"{"@en" if n % 2 else ""} .\n'
                                 for n in range(50)]
