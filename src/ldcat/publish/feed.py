"""The site's change feed: SEMIC's DCAT-AP Feeds, as static files that `ldcat publish` extends.

Each publish that changes the catalogue adds Activity Streams events, one per dataset: ``as:Create``
for a record new to the site (or back after leaving it), ``as:Update`` for one whose content changed,
``as:Delete`` for one that left the input. They form a Linked Data Event Stream (LDES) paged with
TREE: ``feed/index.ttl`` describes the stream and points to its first page; each page
``feed/page-N.nt`` holds its events (and, for a create or an update, the dataset's description as
it is then: its N-Triples document, as the site has it) and links to the next. Pages are
N-Triples so that a description is the bytes already written, not rendered again. Pages never
change once written, except that the last one gains the link to the first page of a later
publish. A harvester that read the feed before reads on from the page it stopped at; replaying
every event from the start gives the current catalogue. A publish that changes nothing adds nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Literal as Kind

from rdflib import Literal, Namespace, URIRef

from ldcat.mapping import Triple
from ldcat.namespaces import RDF, XSD
from ldcat.publish.state import Kept, State
from ldcat.serialise import WRITERS
from ldcat.serialise.terms import nt_lines

AS = Namespace("https://www.w3.org/ns/activitystreams#")
LDES = Namespace("https://w3id.org/ldes#")
TREE = Namespace("https://w3id.org/tree#")
FEED = "feed"
PAGE = 500  # events per page
_PAGE = re.compile(r"^page-(\d+)\.nt$")


@dataclass(frozen=True, slots=True)
class Event:
    kind: Kind["Create", "Update", "Delete"]
    key: str


def events(old: State, new: dict[str, Kept]) -> list[Event]:
    """What changed between two states, by key (child datasets a record describes are not in the feed)."""
    found: list[Event] = []
    for key, kept in new.items():
        if kept.part:
            continue
        before = old.records.get(key)
        if before is None or before.part:
            found.append(Event("Create", key))
        elif before.hash != kept.hash:
            found.append(Event("Update", key))
    found += [Event("Delete", key) for key, before in old.records.items() if not before.part and key not in new]
    return sorted(found, key=lambda e: e.key)


def stream_iri(base: str) -> URIRef:
    return URIRef(f"{base}{FEED}/index.ttl#stream")


def page_iri(base: str, n: int) -> URIRef:
    return URIRef(f"{base}{FEED}/page-{n}.nt")


def write_feed(old_site: Path, build: Path, base: str, changes: list[Event], day: date,
               described: Callable[[str], bytes], dataset: Callable[[str], URIRef]) -> int:
    """Carry the old site's feed pages into `build` and add pages for `changes`; `described` gives a
    record's N-Triples document, `dataset` its dataset IRI. Returns the number of pages added."""
    folder = build / FEED
    folder.mkdir(parents=True, exist_ok=True)
    old = old_site / FEED
    pages = sorted(int(m[1]) for p in (old.glob("page-*.nt") if old.is_dir() else ())
                   if (m := _PAGE.match(p.name)))
    for n in pages:
        (folder / f"page-{n}.nt").write_bytes((old / f"page-{n}.nt").read_bytes())
    last = pages[-1] if pages else 0
    chunks = [changes[i:i + PAGE] for i in range(0, len(changes), PAGE)]
    if chunks and last:  # the old last page now leads on to this publish's first
        with (folder / f"page-{last}.nt").open("a", encoding="utf-8") as out:
            out.write(_relation(page_iri(base, last), page_iri(base, last + 1)))
    stamp = Literal(f"{day.isoformat()}T00:00:00Z", datatype=XSD.dateTime)
    stream = stream_iri(base)
    for offset, chunk in enumerate(chunks, 1):
        n = last + offset
        page = page_iri(base, n)
        with (folder / f"page-{n}.nt").open("wb") as out:
            out.write(_lines([(page, RDF.type, TREE.Node)]))
            for event in chunk:
                member = URIRef(f"{page}#{event.key}")
                out.write(_lines([(stream, TREE.member, member), (member, RDF.type, AS[event.kind]),
                                  (member, AS.object, dataset(event.key)), (member, AS.published, stamp)]))
                if event.kind != "Delete":
                    out.write(described(event.key))
            if offset < len(chunks):
                out.write(_relation(page, page_iri(base, n + 1)).encode())
    if pages or chunks:
        _write_index(folder, base)
    return len(chunks)


def _lines(triples: list[Triple]) -> bytes:
    return "".join(nt_lines(triples)).encode()


def _relation(page: URIRef, following: URIRef) -> str:
    """The link on to the next page (a relation node named after the page: N-Triples has no ``[]``)."""
    relation = URIRef(f"{page}#next")
    return "".join(nt_lines([(page, TREE.relation, relation), (relation, RDF.type, TREE.Relation),
                             (relation, TREE.node, following)]))


def _write_index(folder: Path, base: str) -> None:
    stream = stream_iri(base)
    triples: set[Triple] = {
        (stream, RDF.type, LDES.EventStream), (stream, LDES.timestampPath, AS.published),
        (stream, LDES.versionOfPath, AS.object), (stream, TREE.view, page_iri(base, 1)),
    }
    with (folder / "index.ttl").open("w", encoding="utf-8", newline="\n") as out:
        writer = WRITERS["turtle"](out)
        writer.begin()
        writer.write(triples)
        writer.end()
