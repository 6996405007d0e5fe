"""Harvest RDF from a paged DCAT catalogue (Hydra) or an OAI-PMH provider (``dcat_ap``), into one
N-Triples file that ldcat's RDF reader reads back into records (``ldcat convert FILE``).

A Hydra catalogue is read page by page, each page in the format its server prefers of those
pyoxigraph parses (Turtle, N-Triples, JSON-LD, RDF/XML), following ``hydra:next``; a page seen
before ends the walk with an error (a loop would never end), keeping what was read. An OAI-PMH
provider is read with ListRecords and its resumption tokens; deleted records are counted, not
written. The file is written as ``OUT.part`` and renamed when whole; an interrupted harvest is run
again from the start (these sources are small next to Harmony's, and pages carry no cursor that
survives a republish).
"""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from urllib.parse import urlencode, urljoin

import pyoxigraph as ox

from ldcat.harvest.http import Client, HarvestError
from ldcat.problems import Problem, Report

HYDRA = "http://www.w3.org/ns/hydra/core#"
NEXT = (f"{HYDRA}next", f"{HYDRA}nextPage")
OAI = "{http://www.openarchives.org/OAI/2.0/}"
RDF_TYPES = {"text/turtle": ox.RdfFormat.TURTLE, "application/n-triples": ox.RdfFormat.N_TRIPLES,
             "application/ld+json": ox.RdfFormat.JSON_LD, "application/rdf+xml": ox.RdfFormat.RDF_XML,
             "application/n-quads": ox.RdfFormat.N_QUADS}
ACCEPT = "text/turtle, application/n-triples;q=0.9, application/ld+json;q=0.8, application/rdf+xml;q=0.7"


def write_rdf(out: Path, chunks: Iterable[list[ox.Triple]], report: Report,
              progress: Callable[[int], None] | None = None) -> int:
    """Each chunk's triples appended as N-Triples to ``OUT.part``, renamed to `out` when all are in."""
    part = out.with_name(out.name + ".part")
    count = 0
    try:
        with part.open("wb") as handle:
            for n, triples in enumerate(chunks, 1):
                handle.write(ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b"")
                count += len(triples)
                report.count("triples", len(triples))
                if progress:
                    progress(n)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:  # nothing half-harvested is left to be taken for a whole one
        part.unlink(missing_ok=True)
        raise
    os.replace(part, out)
    return count


def hydra_pages(start: str, client: Client, report: Report) -> Iterator[list[ox.Triple]]:
    """The triples of each page of a Hydra-paged catalogue, from `start` along hydra:next."""
    url: str | None = start
    seen: set[str] = set()
    while url is not None:
        if url in seen:
            raise HarvestError(f"{url}: this page was read before (hydra:next goes round in a loop); stopping")
        seen.add(url)
        body, kind = client.fetch(url, ACCEPT)
        fmt = RDF_TYPES.get(kind) or ox.RdfFormat.from_extension(url.rsplit(".", 1)[-1])
        if fmt is None:
            raise HarvestError(f"{url}: {kind} is no RDF format ldcat reads")
        try:
            triples = [q.triple for q in ox.parse(body, format=fmt, base_iri=url)]
        except SyntaxError as exc:
            raise HarvestError(f"{url}: not {fmt.name}: {exc}") from None
        report.count("pages")
        yield triples
        following = sorted({t.object.value for t in triples if t.predicate.value in NEXT
                            and t.subject.value in (url, *seen) and isinstance(t.object, ox.NamedNode)} - {url})
        url = urljoin(url, following[0]) if following else None


def oai_records(base: str, prefix: str, client: Client, report: Report, set_spec: str | None = None,
                start: str | None = None, until: str | None = None) -> Iterator[list[ox.Triple]]:
    """The RDF/XML metadata of each record an OAI-PMH provider lists, page by page."""
    query: dict[str, str] = {"verb": "ListRecords", "metadataPrefix": prefix,
                             **{k: v for k, v in (("set", set_spec), ("from", start), ("until", until)) if v}}
    while True:
        body = client.get(f"{base}?{urlencode(query)}", "text/xml")
        try:
            root = ET.fromstring(body)
        except ET.ParseError as exc:
            raise HarvestError(f"{base}: the response is not XML ({exc})") from None
        error = root.find(f"{OAI}error")
        if error is not None:
            if error.get("code") == "noRecordsMatch":
                report.add(Problem("no-records", "the provider has no record for these arguments", "warning", base))
                return
            raise HarvestError(f"{base}: {error.get('code')}: {(error.text or '').strip()}")
        page: list[ox.Triple] = []
        for record in root.iter(f"{OAI}record"):
            header = record.find(f"{OAI}header")
            if header is not None and header.get("status") == "deleted":
                report.count("deleted")
                continue
            metadata = record.find(f"{OAI}metadata")
            if metadata is None or not len(metadata):
                continue
            identifier = header.findtext(f"{OAI}identifier", "") if header is not None else ""
            try:
                page += [q.triple for q in ox.parse(ET.tostring(metadata[0]), format=ox.RdfFormat.RDF_XML)]
            except SyntaxError as exc:
                report.add(Problem("record-unreadable", f"its metadata is not RDF/XML: {exc}", "error", identifier))
                continue
            report.count("records")
        yield page
        token = (root.findtext(f".//{OAI}resumptionToken") or "").strip()
        if not token:
            return
        query = {"verb": "ListRecords", "resumptionToken": token}
