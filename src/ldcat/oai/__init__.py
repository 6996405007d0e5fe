"""An OAI-PMH 2.0 provider over a published site: `OaiApp`, a WSGI application (mounted at
``/oai`` by `ldcat serve`, or in any WSGI server by a publisher).

All six verbs, GET and POST; sets are the source catalogues; ``from`` and ``until`` select by
datestamp (day granularity: a record's datestamp is the day of its last real change, as
`ldcat publish` keeps it); records that left the input stay as deleted records (``persistent``).
Lists come in pages with resumption tokens that carry the request and the last key given, so a
token stays good after a restart. Every error condition of the protocol gets its code (badVerb,
badArgument, badResumptionToken, cannotDisseminateFormat, idDoesNotExist, noRecordsMatch,
noSetHierarchy; noMetadataFormats cannot arise: every record is offered in every format).

Metadata formats (`FORMATS`): ``oai_dc``, ``oai_ddi25`` (DDI-Codebook 2.5) and ``dcat_ap``
(the record's DCAT-AP and schema.org triples as RDF/XML, as data.europa.eu harvests them), each
made on request from the record's N-Triples document.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox
from rdflib import URIRef
from werkzeug.datastructures import MultiDict
from werkzeug.wrappers import Request, Response

from ldcat.mapping import Triple
from ldcat.namespaces import PREFIXES
from ldcat.publish.facts import dataset_facts
from ldcat.publish.landing import TripleIndex
from ldcat.publish.state import dataset_triples
from ldcat.serialise import ddi, dublincore
from ldcat.serialise.xmldoc import XSI, child, main_dataset
from ldcat.store import to_ox

from .repository import Item, Repository

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIEnvironment

OAI = "http://www.openarchives.org/OAI/2.0/"
OAI_SCHEMA = "http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd"
RDF_NS = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
ET.register_namespace("", OAI)  # the envelope's own elements unprefixed, as every OAI-PMH example has them
for _prefix, _namespace in PREFIXES.items():  # the record's RDF/XML with the prefixes ldcat's other formats use
    ET.register_namespace(_prefix, _namespace)
PAGE = 100  # records (or headers) per response
_DAY = re.compile(r"^\d{4}-\d\d-\d\d$")
_SECONDS = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")


@dataclass(frozen=True, slots=True)
class Format:
    prefix: str
    schema: str
    namespace: str
    make: Callable[[list[Triple], URIRef], ET.Element | None]


def _dc(triples: list[Triple], dataset: URIRef) -> ET.Element:
    return dublincore.oai_dc(dataset_facts(TripleIndex(triples), dataset))


def _ddi(triples: list[Triple], dataset: URIRef) -> ET.Element:
    return ddi.codebook(dataset_facts(TripleIndex(triples), dataset))


def _rdfxml(triples: list[Triple], dataset: URIRef) -> ET.Element:
    """The record's triples as one rdf:RDF element (pyoxigraph writes it; sorted, so the same bytes)."""
    ordered = sorted(triples, key=lambda t: (str(t[0]), str(t[1]), str(t[2])))
    text = ox.serialize([ox.Triple(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in ordered],  # type: ignore[arg-type]
                        format=ox.RdfFormat.RDF_XML)
    return ET.fromstring(text or b"<rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'/>")


FORMATS = {f.prefix: f for f in (
    Format("oai_dc", dublincore.SCHEMA, dublincore.OAI_DC, _dc),
    Format("oai_ddi25", ddi.SCHEMA, ddi.DDI, _ddi),
    Format("dcat_ap", "https://www.w3.org/TR/rdf-syntax-grammar/", RDF_NS, _rdfxml),
)}
VERBS = {  # verb → (required arguments, optional arguments); resumptionToken is exclusive
    "Identify": (set(), set()),
    "ListMetadataFormats": (set(), {"identifier"}),
    "ListSets": (set(), {"resumptionToken"}),
    "GetRecord": ({"identifier", "metadataPrefix"}, set()),
    "ListIdentifiers": ({"metadataPrefix"}, {"from", "until", "set", "resumptionToken"}),
    "ListRecords": ({"metadataPrefix"}, {"from", "until", "set", "resumptionToken"}),
}


class OaiError(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


class OaiApp:
    """The OAI-PMH provider over one published site (see the module docstring). `admin_email`
    is the repository's contact, which the protocol requires; `page` the list page size."""

    def __init__(self, site: Path, admin_email: str, *, name: str | None = None, page: int = PAGE) -> None:
        self.repository = Repository(site)
        self.admin_email = admin_email
        self.name = name or f"ldcat catalogue at {self.repository.base_url}"
        self.page = page

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        return self.respond(Request(environ))(environ, start_response)

    def respond(self, request: Request, now: datetime | None = None) -> Response:
        if request.method not in ("GET", "HEAD", "POST"):
            return Response("OAI-PMH takes GET or POST\n", status=405, mimetype="text/plain",
                            headers={"Allow": "GET, HEAD, POST"})
        args = request.form if request.method == "POST" else request.args
        self.repository.refresh()
        root = ET.Element(f"{{{OAI}}}OAI-PMH", {f"{{{XSI}}}schemaLocation": f"{OAI} {OAI_SCHEMA}"})
        stamp = (now or datetime.now(UTC)).strftime("%Y-%m-%dT%H:%M:%SZ")
        child(root, f"{{{OAI}}}responseDate", stamp)
        echo = child(root, f"{{{OAI}}}request", request.base_url)
        try:
            verb, params = _check(args)
            for name, value in [("verb", verb), *sorted(params.items())]:
                echo.set(name, value)
            getattr(self, f"_{verb}")(root, params)
        except OaiError as exc:
            if exc.code in ("badVerb", "badArgument"):  # the request's arguments are not echoed then
                echo.attrib.clear()
            child(root, f"{{{OAI}}}error", str(exc), code=exc.code)
        ET.indent(root, space=" ")
        body = b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="utf-8",
                                                                          xml_declaration=False) + b"\n"
        return Response(body, mimetype="text/xml")

    # --- verbs ---------------------------------------------------------------------------------

    def _Identify(self, root: ET.Element, params: dict[str, str]) -> None:
        out = child(root, f"{{{OAI}}}Identify")
        for name, value in (("repositoryName", self.name), ("baseURL", root[1].text or ""),
                            ("protocolVersion", "2.0"), ("adminEmail", self.admin_email),
                            ("earliestDatestamp", self.repository.earliest()), ("deletedRecord", "persistent"),
                            ("granularity", "YYYY-MM-DD")):
            child(out, f"{{{OAI}}}{name}", value)

    def _ListMetadataFormats(self, root: ET.Element, params: dict[str, str]) -> None:
        if "identifier" in params:
            self._item(params["identifier"])
        out = child(root, f"{{{OAI}}}ListMetadataFormats")
        for fmt in FORMATS.values():
            node = child(out, f"{{{OAI}}}metadataFormat")
            child(node, f"{{{OAI}}}metadataPrefix", fmt.prefix)
            child(node, f"{{{OAI}}}schema", fmt.schema)
            child(node, f"{{{OAI}}}metadataNamespace", fmt.namespace)

    def _ListSets(self, root: ET.Element, params: dict[str, str]) -> None:
        if "resumptionToken" in params:  # every set fits in one response: no token is ever given
            raise OaiError("badResumptionToken", "this repository gives no resumption tokens for ListSets")
        if not self.repository.sets:
            raise OaiError("noSetHierarchy", "this repository has no sets (its records name no catalogue)")
        out = child(root, f"{{{OAI}}}ListSets")
        for spec, name in self.repository.sets.items():
            node = child(out, f"{{{OAI}}}set")
            child(node, f"{{{OAI}}}setSpec", spec)
            child(node, f"{{{OAI}}}setName", name or spec)

    def _GetRecord(self, root: ET.Element, params: dict[str, str]) -> None:
        fmt = _format(params["metadataPrefix"])
        item = self._item(params["identifier"])
        self._record(child(root, f"{{{OAI}}}GetRecord"), item, fmt)

    def _ListIdentifiers(self, root: ET.Element, params: dict[str, str]) -> None:
        self._list(root, params, records=False)

    def _ListRecords(self, root: ET.Element, params: dict[str, str]) -> None:
        self._list(root, params, records=True)

    # --- the parts -------------------------------------------------------------------------------

    def _item(self, identifier: str) -> Item:
        item = self.repository.item(identifier)
        if item is None:
            raise OaiError("idDoesNotExist", f"no record has the identifier {identifier!r}")
        return item

    def _list(self, root: ET.Element, params: dict[str, str], *, records: bool) -> None:
        request = _from_token(params["resumptionToken"]) if "resumptionToken" in params else params
        fmt = _format(request["metadataPrefix"])
        start, until = _dates(request.get("from"), request.get("until"))
        set_spec = request.get("set")
        if set_spec is not None and not self.repository.sets:
            raise OaiError("noSetHierarchy", "this repository has no sets (its records name no catalogue)")
        selected = self.repository.select(set_spec, start, until)
        after = request.get("after")
        remaining = [item for item in selected if after is None or item.key > after]
        if not remaining:
            raise OaiError("noRecordsMatch", "no record matches these arguments")
        page = remaining[:self.page]
        out = child(root, f"{{{OAI}}}{'ListRecords' if records else 'ListIdentifiers'}")
        for item in page:
            if records:
                self._record(out, item, fmt)
            else:
                self._header(out, item)
        cursor = len(selected) - len(remaining)
        if "resumptionToken" in params or len(remaining) > len(page):
            token = child(out, f"{{{OAI}}}resumptionToken", completeListSize=str(len(selected)), cursor=str(cursor))
            if len(remaining) > len(page):
                kept: dict[str, str] = {k: request[k] for k in ("metadataPrefix", "from", "until", "set")
                                        if k in request}
                token.text = _to_token({**kept, "after": page[-1].key})

    def _header(self, parent: ET.Element, item: Item) -> None:
        header = child(parent, f"{{{OAI}}}header", **({"status": "deleted"} if item.deleted else {}))
        child(header, f"{{{OAI}}}identifier", self.repository.identifier(item.key))
        child(header, f"{{{OAI}}}datestamp", item.datestamp)
        for spec in item.sets:
            child(header, f"{{{OAI}}}setSpec", spec)

    def _record(self, parent: ET.Element, item: Item, fmt: Format) -> None:
        record = child(parent, f"{{{OAI}}}record")
        self._header(record, item)
        if item.deleted:
            return
        triples = dataset_triples(self.repository.site, item.key)
        dataset = main_dataset(TripleIndex(triples), URIRef(f"{self.repository.base_url}record/{item.key}"))
        made = fmt.make(triples, dataset) if dataset is not None else None
        if made is not None:
            child(record, f"{{{OAI}}}metadata").append(made)


def _check(args: MultiDict[str, str]) -> tuple[str, dict[str, str]]:
    """The verb and its arguments, or the protocol's error for them."""
    verbs = args.getlist("verb")
    if len(verbs) != 1 or verbs[0] not in VERBS:
        raise OaiError("badVerb", "missing verb" if not verbs else "repeated verb" if len(verbs) > 1
                       else f"illegal verb {verbs[0]!r}; the verbs are {', '.join(VERBS)}")
    verb = verbs[0]
    required, optional = VERBS[verb]
    params: dict[str, str] = {}
    for name in args:
        if name == "verb":
            continue
        values = args.getlist(name)
        if name not in required | optional:
            raise OaiError("badArgument", f"{verb} takes no argument {name!r}")
        if len(values) > 1:
            raise OaiError("badArgument", f"the argument {name!r} is repeated")
        params[name] = values[0]
    if "resumptionToken" in params:
        if len(params) > 1:
            raise OaiError("badArgument", "resumptionToken is an exclusive argument: give it alone, with the verb")
        return verb, params
    missing = sorted(required - params.keys())
    if missing:
        raise OaiError("badArgument", f"{verb} needs the argument {missing[0]!r}")
    return verb, params


def _format(prefix: str) -> Format:
    fmt = FORMATS.get(prefix)
    if fmt is None:
        raise OaiError("cannotDisseminateFormat", f"no metadata format {prefix!r}; this repository offers "
                       f"{', '.join(FORMATS)}")
    return fmt


def _dates(start: str | None, until: str | None) -> tuple[str | None, str | None]:
    """`from` and `until` as days (inclusive bounds). A time of day is finer than this repository's
    granularity (days): the protocol makes it a badArgument."""
    for name, value in (("from", start), ("until", until)):
        if value is None:
            continue
        if _SECONDS.match(value):
            raise OaiError("badArgument", f"{name}={value}: this repository's granularity is YYYY-MM-DD")
        if not _DAY.match(value) or not _real_day(value):
            raise OaiError("badArgument", f"{name}={value!r} is not a date (YYYY-MM-DD)")
    if start is not None and until is not None and start > until:
        raise OaiError("badArgument", f"from ({start}) is later than until ({until})")
    return start, until


def _real_day(value: str) -> bool:
    try:
        datetime.strptime(value, "%Y-%m-%d")
    except ValueError:
        return False
    return True


def _to_token(request: dict[str, str]) -> str:
    return base64.urlsafe_b64encode(json.dumps(request, sort_keys=True, separators=(",", ":")).encode()).decode()


def _from_token(token: str) -> dict[str, str]:
    """The request a token carries (see `_to_token`), or badResumptionToken."""
    try:
        data = json.loads(base64.urlsafe_b64decode(token.encode("ascii")))
    except (ValueError, binascii.Error, UnicodeError):
        raise OaiError("badResumptionToken", "this resumption token is not one this repository gave") from None
    if not isinstance(data, dict) or not isinstance(data.get("metadataPrefix"), str) \
            or not isinstance(data.get("after"), str) \
            or not all(isinstance(v, str) for v in data.values()) \
            or not set(data) <= {"metadataPrefix", "from", "until", "set", "after"}:
        raise OaiError("badResumptionToken", "this resumption token is not one this repository gave")
    return data
