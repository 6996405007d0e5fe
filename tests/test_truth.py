"""Say only what is true (issue 10, item 3): article DOIs are citations, access pages are no licences,
HTML is parsed without losing text, a repair reaches every place the value is written, text carries its
language, a country is said once, and funders and sponsors reach the DCAT side."""

from __future__ import annotations

import itertools
import json
from dataclasses import replace

import pytest
from rdflib import Graph, Literal, URIRef

from conftest import OPTIONS, RECORDS, ROOT, convert_graph
from ldcat.errors import UsageError
from ldcat.mapping import record_triples
from ldcat.model import RawRecord
from ldcat.namespaces import ADMS, DCAT, DCT, DISCO, PROV, RDF, RDFS, SDO
from ldcat.normalise import clean, normalise
from ldcat.normalise.dois import classify
from ldcat.normalise.licences import access_right, is_licence
from ldcat.problems import Problem
from ldcat.publish.pages import landing_page
from ldcat.validate import ontology_graph

EXAMPLES = ROOT / "examples" / "records.jsonl"
ACCESS = "http://publications.europa.eu/resource/authority/access-right/"
ROLE = "http://registry.it.csiro.au/def/isotc211/CI_RoleCode/"


def _record(data: dict[str, object]) -> tuple[Graph, list[Problem], URIRef]:
    record, problems = normalise(RawRecord(data, "test", "harmony"))
    graph = Graph()
    graph += record_triples(record, OPTIONS)
    return graph, problems, OPTIONS.iris.dataset(record.key)


def _raw(**extra: object) -> dict[str, object]:
    data: dict[str, object] = {"dataset_schema": {"name": "A study", "description": "What it is about."},
                               "extra_data": {"uuid": "0" * 31 + "1"}}
    for key, value in extra.items():
        section, _, name = key.partition("__")
        data[section][name] = value  # type: ignore[index]
    return data


def _doi_nodes(graph: Graph) -> set[str]:
    """Every DOI said to be the dataset's: identifier values, sameAs, adms notations."""
    said = {str(o) for o in graph.objects(None, SDO.sameAs)}
    said |= {str(o) for n in graph.objects(None, SDO.identifier) for o in graph.objects(n, SDO.value)}
    said |= {str(o) for n in graph.objects(None, ADMS.identifier) for o in graph.objects(n, URIRef(
        "http://www.w3.org/2004/02/skos/core#notation"))}
    return said


# --- DOIs: the dataset's, or an article's ----------------------------------------------------------

@pytest.mark.parametrize(("doi", "kind", "because"), [
    ("10.5255/UKDA-SN-856152", "dataset", "registrant 10.5255 (UK Data Service"),
    ("10.5281/zenodo.123456", "dataset", "registrant 10.5281 (Zenodo"),
    ("10.1093/ije/dyi127", "article", "registrant 10.1093 (Oxford University Press) publishes articles"),
    ("10.1136/bmjopen-2019-030000", "article", "registrant 10.1136 (BMJ)"),
    ("10.1016/S2215-0366(15)00358-2", "article", "Elsevier"),
    ("10.99999/UKDA-SN-1234-1", "dataset", "the suffix has the form of a UK Data Service study number"),
    ("10.99999/S2215-0366(15)00358-2", "article", "the suffix has the form of an Elsevier PII"),
    ("10.99999/1234-5678.2020.1", "article", "the suffix has the form of a journal's ISSN"),
    ("10.99999/abc", "undecided", "registrant 10.99999 is in neither table"),
])
def test_each_doi_is_classified_by_a_named_rule(doi: str, kind: str, because: str) -> None:
    decision = classify(doi)
    assert decision.kind == kind and because in decision.rule


def test_cohort_profile_dois_become_citations_not_identity() -> None:
    graph, report = convert_graph(RECORDS / "closer_hertfordshire-cohort-study-hcs.json")
    study = URIRef(OPTIONS.base_iri + "dataset/55a5ffcee3dc2dc5c13bb03b3c2270ba")
    papers = {URIRef("https://doi.org/10.1093/ije/dyi127"), URIRef("https://doi.org/10.12688/f1000research.17457.1")}
    assert set(graph.objects(study, SDO.citation)) == papers
    assert set(graph.objects(study, DCT.isReferencedBy)) == papers
    assert all((p, RDF.type, SDO.CreativeWork) in graph for p in papers)
    assert not _doi_nodes(graph) & ({str(p) for p in papers} | {"doi:10.1093/ije/dyi127", "10.1093/ije/dyi127"})
    assert (study, SDO.identifier, None) not in graph and (study, ADMS.identifier, None) not in graph
    [reported] = [p for p in report.problems if p.code == "doi-is-citation"]
    assert reported.field == "dataset_schema.identifier" and reported.severity == "warning"
    assert "10.1093/ije/dyi127" in reported.message and "Oxford University Press" in reported.message
    assert "10.12688/f1000research.17457.1" in reported.message


def test_an_archive_doi_stays_the_datasets_identity_and_the_decision_is_reported() -> None:
    graph, report = convert_graph(RECORDS / "01_ukds_dataset_856152.json")
    assert "https://doi.org/10.5255/UKDA-SN-856152" in _doi_nodes(graph)
    assert (None, SDO.citation, None) not in graph and (None, DCT.isReferencedBy, None) not in graph
    [kept] = [p for p in report.problems if p.code == "doi-is-dataset"]
    assert kept.severity == "info" and "10.5255" in kept.message and "UK Data Service" in kept.message


def test_fixture_dois_split_into_seven_citations_and_five_identifiers() -> None:
    """The figures the README gives, over the real API records."""
    citations: list[str] = []
    own: list[str] = []
    for path in sorted(RECORDS.glob("*.json")):
        record, _ = normalise(RawRecord(json.loads(path.read_text()), path.name, "harmony"))
        citations += record.citations
        own += record.dois
    assert len(citations) == 7 and all(d.startswith(("10.1093/", "10.1016/", "10.12688/", "10.1375/"))
                                       for d in citations)
    assert len(own) == 5 and all(d.startswith("10.5255/") for d in own)


def test_an_undecided_doi_is_kept_as_the_record_says_with_a_warning() -> None:
    graph, problems, ds = _record(_raw(dataset_schema__identifier=["10.99999/xyz"]))
    assert (ds, SDO.sameAs, URIRef("https://doi.org/10.99999/xyz")) in graph
    [warned] = [p for p in problems if p.code == "doi-undecided"]
    assert warned.severity == "warning" and "10.99999/xyz" in warned.message


# --- licences and access -------------------------------------------------------------------------

@pytest.mark.parametrize(("url", "licence"), [
    ("https://creativecommons.org/licenses/by/4.0/", True),
    ("http://creativecommons.org/publicdomain/zero/1.0/", True),
    ("https://spdx.org/licenses/CC-BY-4.0.html", True),
    ("https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/", True),
    ("http://publications.europa.eu/resource/authority/licence/CC_BY_4_0", True),
    ("https://ukdataservice.ac.uk/app/uploads/cd137-enduserlicence.pdf", True),
    ("https://creativecommons.org/licenses/", False),  # the list of licences, not one
    ("https://borninbradford.nhs.uk/research/how-to-access-data/", False),
    ("https://generic.wordpress.soton.ac.uk/herts/contact/", False),
    ("https://beta.ukdataservice.ac.uk/datacatalogue/series/series?id=2000124", False),
])
def test_a_url_is_a_licence_only_if_it_names_one(url: str, licence: bool) -> None:
    assert (is_licence(url) is not None) == licence


def test_an_access_page_in_license_becomes_access_conditions_never_a_licence() -> None:
    page = URIRef("https://borninbradford.nhs.uk/research/how-to-access-data/")
    graph, report = convert_graph(RECORDS / "mhc_born-in-bradford-bib.json")
    assert (None, DCT.license, None) not in graph and (None, SDO.license, None) not in graph
    assert (page, RDF.type, DCT.LicenseDocument) not in graph
    (dist,) = graph.subjects(DCAT.accessURL, page)
    assert (None, DCAT.distribution, dist) in graph
    assert (None, SDO.conditionsOfAccess, Literal(str(page))) in graph
    [reported] = [p for p in report.problems if p.code == "licence-is-access-page"]
    assert reported.field == "dataset_schema.license" and str(page) in reported.message


def test_a_real_licence_stays_a_licence() -> None:
    cc = "https://creativecommons.org/licenses/by/4.0/"
    graph, problems, ds = _record(_raw(dataset_schema__license=[cc]))
    assert (ds, DCT.license, URIRef(cc)) in graph and (ds, SDO.license, URIRef(cc)) in graph
    assert not [p for p in problems if p.code == "licence-is-access-page"]


@pytest.mark.parametrize(("text", "right"), [
    ("The Data Collection is available for download to users registered with the UK Data Service.", "RESTRICTED"),
    ("The Data Collection is to be made available to any user without the requirement for registration for "
     "download/access under an\nOpen Government Licence.", "PUBLIC"),
    ("Contact study team to express an interest in accessing the data", "RESTRICTED"),
    ("Project proposal - contact study team by emailing edgi@kcl.ac.uk", "RESTRICTED"),
    ("Data are not publicly available.", "NON_PUBLIC"),
    ("Not publicly available; apply to the data access committee.", "RESTRICTED"),
    ("Available on ESS Data Portal", None),
    ("UK Data Service", None),
])
def test_access_rights_are_read_only_from_words_that_say_them(text: str, right: str | None) -> None:
    found = access_right(text)
    assert (found[0] if found else None) == right


def test_a_decided_access_right_is_the_eu_concept_and_the_text_is_kept() -> None:
    graph, report = convert_graph(RECORDS / "ukds_5992-ape5-spss-data-inc-urbanity.json")
    ds = next(graph.subjects(RDF.type, DCAT.Dataset))
    assert list(graph.objects(ds, DCT.accessRights)) == [URIRef(ACCESS + "PUBLIC")]
    (rights,) = graph.objects(ds, DCT.rights)
    assert "without the requirement for registration" in str(graph.value(rights, RDFS.label))
    assert any(p.code == "access-rights-decided" and "PUBLIC" in p.message for p in report.problems)
    # Undecided: the text is the access rights statement itself.
    graph, _, ds = _record(_raw(extra_data__data_access="Available on the ESS Data Portal"))
    (rights,) = graph.objects(ds, DCT.accessRights)
    assert (rights, RDF.type, DCT.RightsStatement) in graph


# --- HTML is parsed, and no text is lost ------------------------------------------------------------

@pytest.mark.parametrize(("raw", "text"), [
    ("Participants aged <16 years and >65 years were excluded.",
     "Participants aged <16 years and >65 years were excluded."),
    ("1<2 and 3>2, a < b > c", "1<2 and 3>2, a < b > c"),
    ("Tom & Jerry; AT&T", "Tom & Jerry; AT&T"),
    ("R&amp;D &lt;b&gt;not bold&lt;/b&gt; &copy; &#169; &#x41;", "R&D <b>not bold</b> © © A"),
    ("a </16 b> c <!x> d", "a </16 b> c <!x> d"),
    ("values <x and y> kept", "values <x and y> kept"),
    ("a <b and c>d", "a <b and c>d"),
    ("broken <b", "broken <b"),
    ('broken <a href="https://x.org/a', 'broken <a href="https://x.org/a'),
    ("<b>bold</b> and <i>italic</i>", "bold and italic"),
    ("one<br>two<br/>three", "one\ntwo\nthree"),
    ("<p>First.</p><p>Second.</p>", "First.\n\nSecond."),
    ("<ul><li>one</li><li>two</li></ul>", "one\ntwo"),
    ('See <a href="https://x.org/form">the form</a>.', "See the form (https://x.org/form)."),
    ('<a href="https://x.org/a">x.org/a</a>', "https://x.org/a"),
    ('<a href="https://x.org/a">https://x.org/a</a>', "https://x.org/a"),
    ('<a href="mailto:team@x.org">team@x.org</a>', "team@x.org"),
    ('<a href="#top">back</a>', "back"),
    ("<script>alert(1)</script> after", "alert(1) after"),
    ("<script>if (x<5) y()</script> after", "if (x<5) y() after"),
    ("<!-- a comment --> text", "text"),
])
def test_html_is_parsed_not_cut(raw: str, text: str) -> None:
    assert clean.text(raw)[0] == text


@pytest.mark.parametrize("raw", ["age <16", "x > y", "a & b", "n<5>m", "I <3 data", "x </ y"])
def test_text_without_markup_is_never_changed(raw: str) -> None:
    assert clean.text(raw) == (raw, None)


def test_no_text_is_lost_around_lone_brackets_and_ampersands() -> None:
    """Every string of words, numbers, "<", ">", "&", "/" and "!" that holds no HTML element and no
    entity comes out as it went in."""
    tokens = ["aged", "16", "<", ">", "&", "/", "!", " ", "<16", ">65", "</", "x>", "a&b", "&&"]
    for first, second, third in itertools.product(tokens, repeat=3):
        raw = f"t {first}{second} {third} e"
        assert clean.text(raw)[0] == " ".join(raw.split()), raw


def test_the_link_targets_of_an_access_text_become_access_pages() -> None:
    html = 'Apply <br> <a href="https://x.org/apply">here</a> or at https://y.org/form.'
    assert clean.links_in(html) == ["https://x.org/apply", "https://y.org/form."]
    graph, _, ds = _record(_raw(extra_data__data_access=html))
    urls = {str(u) for d in graph.objects(ds, DCAT.distribution) for u in graph.objects(d, DCAT.accessURL)}
    assert urls == {"https://x.org/apply", "https://y.org/form"}
    assert (ds, SDO.conditionsOfAccess, Literal("Apply\nhere (https://x.org/apply) or at https://y.org/form.",
                                               lang="en")) in graph


# --- a repair reaches every place the value is written --------------------------------------------

def test_a_repaired_access_url_is_nowhere_raw_not_even_on_the_landing_page() -> None:
    raw, fixed = "https://discovery.example.ac.uk/access/nguc)", "https://discovery.example.ac.uk/access/nguc"
    lines = [json.loads(line) for line in EXAMPLES.read_text().splitlines() if line.strip()]
    [data] = [d for d in lines if d["extra_data"].get("data_access") == raw]
    graph, problems, ds = _record(data)
    assert any(p.code == "url-repaired" and fixed in p.message for p in problems)
    assert not [t for t in graph for term in t if raw in str(term)]
    assert (ds, SDO.conditionsOfAccess, Literal(fixed)) in graph
    html = landing_page(set(graph), ds, base=str(ds).rsplit("dataset/", 1)[0], key="x")
    assert fixed in html and raw not in html


def test_a_stray_bracket_in_prose_is_repaired_in_the_text_too() -> None:
    graph, _, ds = _record(_raw(extra_data__data_access="Apply at https://x.org/apply)"))
    assert (ds, SDO.conditionsOfAccess, Literal("Apply at https://x.org/apply", lang="en")) in graph
    graph, _, ds = _record(_raw(extra_data__data_access="Apply (see https://x.org/apply)"))
    assert (ds, SDO.conditionsOfAccess, Literal("Apply (see https://x.org/apply)", lang="en")) in graph


# --- language tags; countries once ------------------------------------------------------------------

def test_text_carries_the_metadata_language_and_names_do_not() -> None:
    graph, _ = convert_graph(RECORDS / "01_ukds_dataset_856152.json")
    ds = next(graph.subjects(RDF.type, DCAT.Dataset))
    for prop in (DCT.title, DCT.description, DCAT.keyword, SDO.name, SDO.description, SDO.keywords):
        assert {o.language for o in graph.objects(ds, prop)} == {"en"}, prop  # type: ignore[attr-defined]
    (sponsor,) = graph.objects(ds, SDO.sponsor)
    assert graph.value(sponsor, SDO.name) == Literal("Economic and Social Research Council")


@pytest.mark.parametrize(("language", "expected"), [("cy", "cy"), ("", None)])
def test_the_metadata_language_is_a_setting(language: str, expected: str | None) -> None:
    table = {name: {"language": language} for name in ("schema", "dcat-ap-3", "ddi-discovery")}
    graph, _ = convert_graph(RECORDS / "01_ukds_dataset_856152.json", options=replace(OPTIONS, settings=table))
    ds = next(graph.subjects(RDF.type, DCAT.Dataset))
    assert {o.language for o in graph.objects(ds, DCT.title)} == {expected}  # type: ignore[attr-defined]
    assert {o.language for o in graph.objects(ds, SDO.name)} == {expected}  # type: ignore[attr-defined]


def test_a_bad_language_setting_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="not a language tag"):
        convert_graph(RECORDS / "01_ukds_dataset_856152.json",
                      options=replace(OPTIONS, settings={"schema": {"language": "english please"}}))


def test_a_country_is_listed_once_in_spatial_coverage() -> None:
    graph, report = convert_graph(RECORDS / "03_adruk_dataset_nhs_tayside_fife_immunology.json")
    ds = next(graph.subjects(RDF.type, DCAT.Dataset))
    names = [str(graph.value(p, SDO.name)) for p in graph.objects(ds, SDO.spatialCoverage)]
    assert names.count("United Kingdom") == 1 and sorted(names) == ["Fife", "Scotland", "Tayside Region",
                                                                    "United Kingdom"]
    assert len(list(graph.objects(ds, DCT.spatial))) == 4
    assert any(p.code == "place-is-country" and "United Kingdom" in p.message for p in report.problems)


# --- funders and sponsors on the DCAT side ----------------------------------------------------------

def test_funders_and_sponsors_reach_the_dcat_side() -> None:
    graph, _ = convert_graph(RECORDS / "01_ukds_dataset_856152.json", RECORDS / "02_mhc_study_edgi.json")
    for name, role in (("Economic and Social Research Council", "sponsor"), ("NIHR", "funder")):
        (agent,) = {a for a in graph.subjects(URIRef("http://xmlns.com/foaf/0.1/name"), Literal(name))}
        (attribution,) = graph.subjects(PROV.agent, agent)
        assert (attribution, RDF.type, PROV.Attribution) in graph
        assert (attribution, DCAT.hadRole, URIRef(ROLE + role)) in graph
        (ds,) = graph.subjects(PROV.qualifiedAttribution, attribution)
        assert (ds, DISCO.fundedBy, agent) in graph
        assert (ds, SDO.funder if role == "funder" else SDO.sponsor, agent) in graph


def test_access_rights_and_roles_are_typed_offline() -> None:
    """For the DCAT-AP range checks (dct:accessRights → dct:RightsStatement), from vocab/authorities.ttl;
    tests/test_conformance.py runs the official SEMIC shapes over every fixture."""
    vocab = ontology_graph()
    for right in ("PUBLIC", "RESTRICTED", "NON_PUBLIC"):
        assert (URIRef(ACCESS + right), RDF.type, DCT.RightsStatement) in vocab
    for role in ("funder", "sponsor"):
        assert (URIRef(ROLE + role), RDF.type, DCAT.Role) in vocab
