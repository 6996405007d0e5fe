"""vocab/ declares exactly the ldcat terms the mapper uses, and holds every authority term it emits."""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef

from conftest import ALL_FIXTURES, ROOT, convert_graph
from ldcat.mapping.designs import DESIGNS, SCHEME
from ldcat.mapping.iris import _LANGUAGES, language_iri
from ldcat.mapping.terms import country_iri
from ldcat.namespaces import DCT, EU_COUNTRY, EU_LANGUAGE, LDCAT, OWL, RDF, RDFS, SKOS
from ldcat.normalise import clean
from ldcat.validate import ontology_graph

VOCAB = ROOT / "vocab"


def _graph(name: str) -> Graph:
    return Graph().parse(VOCAB / name)


def _used_terms() -> set[URIRef]:
    graph, _ = convert_graph(*ALL_FIXTURES, ROOT / "examples" / "records.jsonl")
    terms = set(graph.predicates()) | set(graph.objects(None, RDF.type))
    return {t for t in terms if isinstance(t, URIRef) and str(t).startswith(str(LDCAT))}


def test_every_ldcat_term_used_is_declared_and_every_declared_term_used() -> None:
    vocab = _graph("ldcat.ttl")
    declared = {s for s in vocab.subjects(RDFS.isDefinedBy, None) if str(s).startswith(str(LDCAT))}
    assert _used_terms() == declared


def test_every_declared_term_is_documented() -> None:
    vocab = _graph("ldcat.ttl")
    for term in vocab.subjects(RDFS.isDefinedBy, None):
        for prop in (RDFS.label, RDFS.comment, RDFS.domain, RDFS.range):
            assert vocab.value(term, prop) is not None, f"{term} has no {prop}"
    assert vocab.value(URIRef("https://w3id.org/ldcat/vocab"), OWL.versionInfo) is not None


def test_every_country_and_language_the_mapper_can_emit_is_typed_offline() -> None:
    authorities = _graph("authorities.ttl")
    for alpha2 in clean.countries():
        assert (country_iri(alpha2), RDF.type, DCT.Location) in authorities, alpha2
    for code in _LANGUAGES:
        assert (language_iri(code), RDF.type, DCT.LinguisticSystem) in authorities, code
    emitted = {s for s in authorities.subjects(RDF.type, OWL.NamedIndividual)
               if str(s).startswith((str(EU_COUNTRY), str(EU_LANGUAGE)))}
    assert len(emitted) == len(clean.countries()) + len(_LANGUAGES)


def test_study_design_scheme_matches_the_mapper_list() -> None:
    scheme = _graph("study-design.ttl")
    concepts = set(scheme.subjects(SKOS.inScheme, URIRef(str(SCHEME))))
    assert concepts == {d.iri for d in DESIGNS.values()}
    for design in DESIGNS.values():
        assert scheme.value(design.iri, SKOS.prefLabel) == Literal(design.label, lang="en")
        assert {str(m) for m in scheme.objects(design.iri, SKOS.closeMatch)} == set(design.matches)


def test_the_validation_ontology_graph_is_all_of_vocab() -> None:
    """Range checks ("dct:spatial is a dct:Location") run offline on vocab/: every file of it, and nothing else."""
    files = sorted(VOCAB.glob("*.ttl"))
    assert [f.name for f in files] == ["authorities.ttl", "ldcat.ttl", "study-design.ttl"]
    everything = Graph()
    for file in files:
        everything += _graph(file.name)
    assert set(ontology_graph()) == set(everything)
