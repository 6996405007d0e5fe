"""The OAI-PMH provider (`ldcat.oai`) over sites published from the real fixture records.

Three publishes on three days make the history a harvester sees: the first publishes every record,
the second drops two (tombstones) and changes one, the third brings one back. Every response is
validated against the official OAI-PMH, oai_dc and DDI-Codebook 2.5 schemas (tests/fixtures/xsd,
offline); two independent harvesting clients from PyPI (Sickle and oaipmh-scythe) harvest the repository over HTTP, in
pages of three, whole, by set and by date, and must get every record exactly once.
"""

from __future__ import annotations

import json
import shutil
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from oaipmh_scythe import Scythe
from sickle import Sickle
from werkzeug.test import Client

import xsd
from conftest import serving
from history import DAYS, RECORDS, inputs
from ldcat.oai import OaiApp
from ldcat.publish import PublishOptions, publish
from ldcat.publish.state import read_state
from ldcat.serve import SiteApp

OAI = "{http://www.openarchives.org/OAI/2.0/}"
EMAIL = "catalogue@example.org"
BASE = "https://data.example.org/"


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """The site after each of the three publishes (copies, so each stays as it was)."""
    root = tmp_path_factory.mktemp("oai")
    site = root / "site"
    sites = []
    for step, day in enumerate(DAYS):
        report = publish(inputs(root / f"in-{step}", step), PublishOptions(site, BASE, harvested=day))
        assert report.ok
        shutil.copytree(site, root / f"after-{step}")
        sites.append(root / f"after-{step}")
    return sites


@pytest.fixture(scope="module")
def site(history: list[Path]) -> Path:
    return history[-1]


@pytest.fixture(scope="module")
def schema() -> etree.XMLSchema:
    """The official OAI-PMH schema with oai_dc's and DDI-Codebook 2.5's: responses and their metadata, strictly."""
    return xsd.oai()


def _get(app: OaiApp, **params: str) -> etree._Element:
    response = Client(app).get("/oai?" + urlencode(params))
    assert response.status_code == 200
    assert response.mimetype == "text/xml"
    return etree.fromstring(response.get_data())


def _valid(schema: etree.XMLSchema, doc: etree._Element) -> etree._Element:
    assert schema.validate(doc), schema.error_log
    return doc


def _error(doc: etree._Element) -> str | None:
    found = doc.find(f"{OAI}error")
    return None if found is None else found.get("code")


def _ids(doc: etree._Element) -> list[str]:
    return [e.text or "" for e in doc.iter(f"{OAI}identifier") if e.getparent().tag == f"{OAI}header"]


def _keys_in(site: Path, *, deleted: bool | None = None) -> set[str]:
    state = read_state(site)
    live = {k for k, v in state.records.items() if not v.part}
    return live if deleted is False else set(state.deleted) if deleted else live | set(state.deleted)


def oai_id(key: str) -> str:
    return f"oai:data.example.org:{key}"


# --- the protocol, response by response ------------------------------------------------------------

def test_identify_says_what_a_harvester_needs(site: Path, schema: etree.XMLSchema) -> None:
    doc = _valid(schema, _get(OaiApp(site, EMAIL), verb="Identify"))
    identify = doc.find(f"{OAI}Identify")
    assert identify is not None
    values = {e.tag.removeprefix(OAI): e.text for e in identify}
    assert values["adminEmail"] == EMAIL
    assert values["protocolVersion"] == "2.0"
    assert values["deletedRecord"] == "persistent"
    assert values["granularity"] == "YYYY-MM-DD"
    assert values["earliestDatestamp"] == "2026-01-10"
    assert values["baseURL"] == "http://localhost/oai"


def test_formats_and_sets(site: Path, schema: etree.XMLSchema) -> None:
    app = OaiApp(site, EMAIL)
    doc = _valid(schema, _get(app, verb="ListMetadataFormats"))
    assert [e.text for e in doc.iter(f"{OAI}metadataPrefix")] == ["oai_dc", "oai_ddi25", "dcat_ap"]
    key = sorted(_keys_in(site, deleted=False))[0]
    doc = _valid(schema, _get(app, verb="ListMetadataFormats", identifier=oai_id(key)))
    assert len(list(doc.iter(f"{OAI}metadataFormat"))) == 3
    sets = _valid(schema, _get(app, verb="ListSets"))
    specs = {e.text for e in sets.iter(f"{OAI}setSpec")}
    state = read_state(site)
    assert specs == {s for v in [*state.records.values(), *state.deleted.values()] for s in v.sets}
    assert {"ukds", "mhc"} <= specs


@pytest.mark.parametrize("prefix", ["oai_dc", "oai_ddi25", "dcat_ap"])
def test_every_record_in_every_format_is_valid(site: Path, schema: etree.XMLSchema, prefix: str) -> None:
    app = OaiApp(site, EMAIL, page=1000)
    doc = _valid(xsd.skip() if prefix == "dcat_ap" else schema, _get(app, verb="ListRecords", metadataPrefix=prefix))
    records = list(doc.iter(f"{OAI}record"))
    assert len(records) == len(_keys_in(site))
    for record in records:
        header = record.find(f"{OAI}header")
        assert header is not None
        metadata = record.find(f"{OAI}metadata")
        if header.get("status") == "deleted":
            assert metadata is None
            continue
        assert metadata is not None and len(metadata) == 1
        root = metadata[0]
        expected = {"oai_dc": "{http://www.openarchives.org/OAI/2.0/oai_dc/}dc",
                    "oai_ddi25": "{ddi:codebook:2_5}codeBook",
                    "dcat_ap": "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}RDF"}[prefix]
        assert root.tag == expected
        if prefix == "oai_dc":  # on its own, against its own schema too
            assert xsd.oai_dc().validate(etree.ElementTree(root)), xsd.oai_dc().error_log
            assert root.find("{http://purl.org/dc/elements/1.1/}title").text
        elif prefix == "oai_ddi25":
            assert xsd.ddi().validate(etree.ElementTree(root)), xsd.ddi().error_log
        else:  # RDF/XML has no XML Schema: it must parse as RDF, with the record's own triples
            import pyoxigraph as ox

            assert list(ox.parse(etree.tostring(root), format=ox.RdfFormat.RDF_XML))


def test_getrecord_dcat_ap_is_the_records_rdf(site: Path) -> None:
    import pyoxigraph as ox

    key = sorted(_keys_in(site, deleted=False))[0]
    doc = _get(OaiApp(site, EMAIL), verb="GetRecord", identifier=oai_id(key), metadataPrefix="dcat_ap")
    rdf = doc.find(f"{OAI}GetRecord/{OAI}record/{OAI}metadata")[0]
    got = set(ox.parse(etree.tostring(rdf), format=ox.RdfFormat.RDF_XML))
    expected = set(ox.parse(path=str(site / "dataset" / f"{key}.nt"), format=ox.RdfFormat.N_TRIPLES))
    assert got == expected and got


def test_deleted_records_are_tombstones_for_ever(history: list[Path], schema: etree.XMLSchema) -> None:
    first, second, third = history
    assert not read_state(first).deleted
    gone = read_state(second).deleted
    assert len(gone) == 2 and {t.deleted for t in gone.values()} == {"2026-02-10"}
    back = set(gone) - set(read_state(third).deleted)
    assert len(back) == 1  # the one that came back is a record again, with the day it came back
    assert read_state(third).records[back.pop()].modified == "2026-03-10"
    still = next(iter(read_state(third).deleted))
    doc = _valid(schema, _get(OaiApp(third, EMAIL), verb="GetRecord", identifier=oai_id(still),
                              metadataPrefix="oai_ddi25"))
    header = doc.find(f"{OAI}GetRecord/{OAI}record/{OAI}header")
    assert header.get("status") == "deleted"
    assert header.find(f"{OAI}datestamp").text == "2026-02-10"
    assert doc.find(f"{OAI}GetRecord/{OAI}record/{OAI}metadata") is None


def test_datestamps_follow_real_changes(history: list[Path]) -> None:
    third = read_state(history[-1])
    changed = {k for k, v in third.records.items() if not v.part and v.modified == "2026-02-10"}
    assert len(changed) == 1  # only the revised record moved in the second publish
    unchanged = {k for k, v in third.records.items() if not v.part and v.modified == "2026-01-10"}
    assert len(unchanged) == len(RECORDS) - 3


@pytest.mark.parametrize(("params", "code"), [
    ({}, "badVerb"),
    ({"verb": "Dance"}, "badVerb"),
    ({"verb": "Identify", "set": "x"}, "badArgument"),
    ({"verb": "GetRecord", "identifier": "oai:data.example.org:x"}, "badArgument"),
    ({"verb": "ListRecords"}, "badArgument"),
    ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2026-13-01"}, "badArgument"),
    ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2026-01-10T00:00:00Z"}, "badArgument"),
    ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2026-03-01", "until": "2026-01-01"},
     "badArgument"),
    ({"verb": "ListRecords", "resumptionToken": "nonsense!"}, "badResumptionToken"),
    ({"verb": "ListRecords", "resumptionToken": "e30="}, "badResumptionToken"),
    ({"verb": "ListSets", "resumptionToken": "x"}, "badResumptionToken"),
    ({"verb": "ListRecords", "metadataPrefix": "marc21"}, "cannotDisseminateFormat"),
    ({"verb": "GetRecord", "identifier": "oai:data.example.org:nope", "metadataPrefix": "oai_dc"}, "idDoesNotExist"),
    ({"verb": "GetRecord", "identifier": "oai:elsewhere.org:x", "metadataPrefix": "oai_dc"}, "idDoesNotExist"),
    ({"verb": "ListMetadataFormats", "identifier": "nope"}, "idDoesNotExist"),
    ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2030-01-01"}, "noRecordsMatch"),
    ({"verb": "ListIdentifiers", "metadataPrefix": "oai_dc", "set": "no-such-set"}, "noRecordsMatch"),
])
def test_each_error_has_its_code(site: Path, schema: etree.XMLSchema, params: dict[str, str], code: str) -> None:
    doc = _valid(schema, _get(OaiApp(site, EMAIL), **params))
    assert _error(doc) == code
    request = doc.find(f"{OAI}request")
    assert request is not None
    if code in ("badVerb", "badArgument"):
        assert not request.attrib  # the protocol: no arguments echoed for these
    else:
        assert request.attrib == params


def test_repeated_arguments_and_post(site: Path, schema: etree.XMLSchema) -> None:
    client = Client(OaiApp(site, EMAIL))
    doc = etree.fromstring(client.get("/oai?verb=Identify&verb=Identify").get_data())
    assert _error(_valid(schema, doc)) == "badVerb"
    doc = etree.fromstring(client.get("/oai?verb=ListRecords&metadataPrefix=oai_dc&metadataPrefix=oai_dc")
                           .get_data())
    assert _error(_valid(schema, doc)) == "badArgument"
    posted = client.post("/oai", data={"verb": "ListIdentifiers", "metadataPrefix": "oai_dc"})
    assert len(_ids(_valid(schema, etree.fromstring(posted.get_data())))) == len(_keys_in(site))


def test_no_sets_when_no_record_names_a_catalogue(tmp_path: Path, schema: etree.XMLSchema) -> None:
    record = json.loads(RECORDS[0].read_text(encoding="utf-8"))
    record["dataset_schema"].pop("includedInDataCatalog", None)
    record.get("extra_data", {}).pop("source", None)
    source = tmp_path / "one.json"
    source.write_text(json.dumps(record), encoding="utf-8")
    publish([source], PublishOptions(tmp_path / "site", BASE, harvested=DAYS[0]))
    if read_state(tmp_path / "site").records and not any(v.sets for v in read_state(tmp_path / "site")
                                                          .records.values()):
        app = OaiApp(tmp_path / "site", EMAIL)
        assert _error(_valid(schema, _get(app, verb="ListSets"))) == "noSetHierarchy"
        assert _error(_valid(schema, _get(app, verb="ListRecords", metadataPrefix="oai_dc", set="x"))) \
            == "noSetHierarchy"
    else:
        pytest.fail("the record still names a catalogue: the test needs another way to drop it")


# --- paging ------------------------------------------------------------------------------------------

def _pages(app: OaiApp, schema: etree.XMLSchema, **params: str) -> Iterator[etree._Element]:
    doc = _valid(schema, _get(app, **params))
    yield doc
    while (token := doc.find(f".//{OAI}resumptionToken")) is not None and token.text:
        doc = _valid(schema, _get(app, verb=params["verb"], resumptionToken=token.text))
        yield doc


def test_resumption_pages_cover_every_record_once(site: Path, schema: etree.XMLSchema) -> None:
    app = OaiApp(site, EMAIL, page=3)
    pages = list(_pages(app, schema, verb="ListIdentifiers", metadataPrefix="oai_dc"))
    ids = [i for doc in pages for i in _ids(doc)]
    assert Counter(ids) == Counter(oai_id(k) for k in _keys_in(site))
    tokens = [doc.find(f".//{OAI}resumptionToken") for doc in pages]
    assert tokens[0] is not None and tokens[0].get("cursor") == "0"
    assert tokens[-1] is not None and not tokens[-1].text  # the last page: an empty token
    assert {t.get("completeListSize") for t in tokens if t is not None} == {str(len(ids))}
    assert [int(t.get("cursor")) for t in tokens if t is not None] == list(range(0, len(ids), 3))


def test_a_token_survives_a_restart(site: Path, schema: etree.XMLSchema) -> None:
    first = _get(OaiApp(site, EMAIL, page=4), verb="ListRecords", metadataPrefix="oai_ddi25", set="mhc")
    token = first.find(f".//{OAI}resumptionToken")
    assert token is not None and token.text
    restarted = OaiApp(site, EMAIL, page=4)  # a new provider: nothing of the first is kept
    rest = _valid(schema, _get(restarted, verb="ListRecords", resumptionToken=token.text))
    assert _error(rest) is None and not set(_ids(first)) & set(_ids(rest))


# --- two independent harvesters over HTTP --------------------------------------------------------

def _by_set(site: Path, spec: str) -> set[str]:
    state = read_state(site)
    return {oai_id(k) for k, v in [*state.records.items(), *state.deleted.items()]
            if spec in v.sets and not getattr(v, "part", False)}


@pytest.fixture(scope="module")
def paged(site: Path) -> Iterator[str]:
    """`ldcat serve` over `site` with OAI-PMH pages of three, so every harvest resumes several times."""
    with serving(site, admin_email=EMAIL, oai_page=3, seconds=5) as base:
        yield f"{base}/oai"


@pytest.mark.parametrize("prefix", ["oai_dc", "oai_ddi25"])
def test_sickle_harvests_everything_once(paged: str, site: Path, prefix: str) -> None:
    harvester = Sickle(paged)
    got = [r.header.identifier for r in harvester.ListRecords(metadataPrefix=prefix, ignore_deleted=False)]
    assert Counter(got) == Counter(oai_id(k) for k in _keys_in(site))
    deleted = [h.identifier for h in harvester.ListIdentifiers(metadataPrefix=prefix) if h.deleted]
    assert set(deleted) == {oai_id(k) for k in _keys_in(site, deleted=True)}
    for spec in ("ukds", "mhc", "closer"):
        in_set = [h.identifier for h in harvester.ListIdentifiers(metadataPrefix=prefix, set=spec)]
        assert Counter(in_set) == Counter(_by_set(site, spec)), spec


def test_scythe_harvests_by_set_and_by_date(paged: str, site: Path) -> None:
    with Scythe(paged) as harvester:
        assert harvester.identify().adminEmail == EMAIL
        everything = [r.header.identifier for r in harvester.list_records(metadata_prefix="oai_dc")]
        assert Counter(everything) == Counter(oai_id(k) for k in _keys_in(site))
        since = [h.identifier for h in harvester.list_identifiers(metadata_prefix="oai_dc", from_="2026-02-01")]
        state = read_state(site)
        expected = {oai_id(k) for k, v in state.records.items() if not v.part and v.modified >= "2026-02-01"}
        expected |= {oai_id(k) for k, t in state.deleted.items() if t.deleted >= "2026-02-01"}
        assert Counter(since) == Counter(expected), (since, expected)
        assert len(expected) == 3  # the revised record, the one back, and the tombstone of the other
        until = [h.identifier for h in harvester.list_identifiers(metadata_prefix="oai_dc", until="2026-01-31")]
        assert set(until) | set(since) == set(everything) and not set(until) & set(since)
        for spec in ("ukds", "mhc"):
            got = [h.identifier for h in harvester.list_identifiers(metadata_prefix="oai_ddi25", set_=spec)]
            assert Counter(got) == Counter(_by_set(site, spec))


def test_serve_without_an_admin_email_says_how_to_turn_oai_on(site: Path) -> None:
    response = Client(SiteApp.from_site(site)).get("/oai?verb=Identify")
    assert response.status_code == 404
    assert b"--admin-email" in response.get_data()


# --- hostile requests ------------------------------------------------------------------------------

NAMES = ["verb", "metadataPrefix", "identifier", "set", "from", "until", "resumptionToken", "x"]
VALUES = st.one_of(st.sampled_from(["Identify", "ListRecords", "ListIdentifiers", "GetRecord", "ListSets",
                                    "ListMetadataFormats", "oai_dc", "oai_ddi25", "dcat_ap", "ukds", "2026-02-10",
                                    "2026-02-30", "oai:data.example.org:", "e30=", "", "\x00", "%ff"]),
                   st.text(max_size=40))


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True, database=None)
@given(st.lists(st.tuples(st.sampled_from(NAMES), VALUES), max_size=5), st.sampled_from(["GET", "POST"]))
def test_any_request_gets_a_valid_oai_response(site: Path, params: list[tuple[str, str]], method: str) -> None:
    client = Client(OaiApp(site, EMAIL, page=3))
    query = urlencode(params)
    response = client.get(f"/oai?{query}") if method == "GET" else client.post("/oai", data=query,
                                                                               content_type="application/"
                                                                               "x-www-form-urlencoded")
    assert response.status_code == 200
    doc = etree.fromstring(response.get_data())
    checked = xsd.skip() if ("metadataPrefix", "dcat_ap") in params or "resumptionToken" in dict(params) \
        else xsd.oai()
    assert checked.validate(doc), (params, checked.error_log)
