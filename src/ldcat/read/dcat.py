"""RDF → Harmony-shaped records: datasets in DCAT / DCAT-AP 2 and 3 or schema.org, ldcat's own output included.

The RDF reader (``rdf``; ``jsonld`` hands it JSON-LD in other vocabularies than schema.org) parses
the input (`ldcat.read.rdf.read_quads`) and turns each dataset node, with what it links (periods,
agents, identifiers, distributions, places, catalogue records, catalogues), into a record in
Harmony's discovery-API shape, so the normaliser and the mappers do the rest.

Which nodes are records: every ``dcat:Dataset``, ``dcat:DatasetSeries`` or ``schema:Dataset`` that
is the primary topic of a ``dcat:CatalogRecord``, or is no part (``dct:hasPart``/``isPartOf``,
``schema:hasPart``/``isPartOf``) of another dataset that is a record. A part is read as its whole's
``child_datasets`` (described if it is typed as a dataset, by reference otherwise); a whole (and a
``dcat:inSeries`` series) as ``ancestors``. In N-Quads or TriG with named graphs, each graph is read
on its own (as ldcat writes one graph per record), the other graphs only consulted for catalogue
names. A dataset's catalogues are the ``dcat:Catalog``s that ``dcat:dataset`` it and its
``schema:includedInDataCatalog`` (ldcat's aggregating catalogue, ``<base>catalog``, is not one).

Reading ldcat's own output back gives the same IRIs and the same triples: its IRIs carry the
record's key (``<base>dataset/<key>``; the base is the reader's ``base_iri`` setting, ldcat's default
base, or the one the input's own catalogue records show), its parts are hash IRIs numbered in order
(``#doi-1``, ``#distribution-2``), and each term is read back into the field it was written from.
What ldcat derives rather than reads (types, the catalogue record's harvest date, its catalogues'
descriptions, the EU access right decided from the access text, the EU data themes and the contact
point it gives from the record's catalogues) is consumed without a word.

Nothing is dropped silently: every statement read is marked, and each statement about a record (or
what it links) that no Harmony field carries is reported as ``field-not-mapped`` (info), with its
path (``dcat:distribution/dcat:mediaType``) and values; statements about nothing a record links (a
catalogue's publisher, a data service) are reported once for the input. Text in several languages:
the reader's ``language`` setting (default ``en``) is kept, else the untagged text, else the first
language found; the other languages are reported.

Modules: this one decides which nodes are records and reads their listing; `ldcat.read.dcat_terms`
reads the general terms of a dataset node, `ldcat.read.dcat_study` its study terms,
`ldcat.read.statements` indexes the statements and keeps track of what was read, and
`ldcat.read.harmonise` holds what the schema.org JSON-LD reader shares (the translation of Google's
terms into Harmony fields, ldcat's IRIs back into keys).

Limits: the whole input is held in memory while it is read (its statements, indexed); a
third-party dataset's own IRI is not kept in the output (ldcat mints its IRIs from a key; the
normaliser reports the ``@id``); nothing is fetched, so an IRI with no statements in the input (a
publisher named only by IRI) cannot be named.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from ldcat.errors import InputError
from ldcat.model import RawRecord
from ldcat.normalise.catalogues import SOURCES, unknown_key
from ldcat.problems import Problem
from ldcat.read import harmonise
from ldcat.read.dcat_study import StudyTerms
from ldcat.read.rdf import Quad, read_quads
from ldcat.read.statements import (
    DATASET_TYPES,
    DCAT,
    DCT,
    DISCO,
    FOAF,
    IN_SERIES,
    PROV,
    RDF,
    SDO,
    VCARD,
    Statements,
    Visit,
    curie,
    normal,
    show,
)

READER = "rdf"
DATA_THEME = "http://publications.europa.eu/resource/authority/data-theme/"


# --- entry points -------------------------------------------------------------------------------


def read_document(data: bytes, origin: str, settings: Mapping[str, Any] | None = None,
                  syntax: str | None = None) -> Iterator[RawRecord | Problem]:
    """Every dataset record of an RDF document (any syntax `read_quads` reads)."""
    try:
        quads = list(read_quads(data, syntax, origin))
    except InputError as exc:
        yield Problem("invalid-rdf", str(exc).removeprefix(f"{origin}: "), "error", origin)
        return
    yield from read_statements(quads, origin, settings)


def read_statements(quads: Iterable[Quad], origin: str, settings: Mapping[str, Any] | None = None,
                    reader: str = READER) -> Iterator[RawRecord | Problem]:
    """Every dataset record of parsed statements (graph names kept: each named graph is read on its own)."""
    settings = dict(settings or {})
    graphs: dict[Node | None, list[tuple[Node, URIRef, Node]]] = {}
    https = False
    for s, p, o, g in quads:
        triple = (normal(s), normal(p), normal(o) if p == RDF.type else o)
        https = https or triple[1] != p or triple[2] != o
        graphs.setdefault(g, []).append(triple)  # type: ignore[arg-type]
    union = Statements(t for triples in graphs.values() for t in triples)
    configured = settings.get("base_iri")
    known = harmonise.bases(configured if isinstance(configured, str) else None,
                            (str(s) for s in union.spo if isinstance(s, URIRef)))
    language = settings.get("language", "en")
    run = _Run(union, known, language if isinstance(language, str) else "en", origin, reader)
    if https:
        yield Problem("https-schema-namespace", "uses https://schema.org/ terms; schema.org's namespace is "
                      "http://schema.org/ (read as schema.org anyway)", "warning", origin)
    scopes = [union] if len(graphs) == 1 else [Statements(triples) for triples in graphs.values()]
    found = False
    for scope in scopes:
        for item in run.scope(scope):
            found = found or isinstance(item, RawRecord)
            yield item
    yield from run.leftovers()
    if not found:
        yield Problem("no-dataset", "no dcat:Dataset, dcat:DatasetSeries or schema:Dataset in the RDF", "error", origin)


# --- reading ------------------------------------------------------------------------------------


class _Run(StudyTerms):
    def __init__(self, union: Statements, known: tuple[str, ...], language: str, origin: str, reader: str) -> None:
        super().__init__(union, known, language)
        self.origin = origin
        self.reader = reader
        self.count = 0

    def scope(self, scope: Statements) -> Iterator[RawRecord | Problem]:
        self.g = scope
        candidates = [s for s in scope.spo if DATASET_TYPES & set(scope.types(s))]
        typed = set(candidates)
        topics = {t for cr in scope.spo for t in scope.objects(cr, FOAF.primaryTopic)
                  if DCAT.CatalogRecord in scope.types(cr) or harmonise.is_ldcat(str(cr), self.known)}
        wholes = {d: [w for w in self._wholes(d) if w in typed and w != d] for d in candidates}
        records = [d for d in candidates if d in topics or not wholes[d]]
        chosen = set(records)
        # A part whose wholes are all parts themselves is a record of its own (one level of parts is read).
        records += [d for d in candidates if d not in chosen and not any(w in chosen for w in wholes[d])]
        order = {d: n for n, d in enumerate(candidates)}
        for node in sorted(records, key=order.__getitem__):
            self.count += 1
            origin = f"{self.origin}#{self.count}"
            visit = Visit()
            data = self.record(node, visit, origin)
            yield from self._unused(visit, origin)
            yield RawRecord(data=data, origin=origin, reader=self.reader)

    def _wholes(self, node: Node) -> list[Node]:
        g = self.g
        return [*g.objects(node, DCT.isPartOf), *g.objects(node, SDO.isPartOf),
                *g.subjects(DCT.hasPart, node), *g.subjects(SDO.hasPart, node)]

    def _parts(self, node: Node) -> list[Node]:
        g = self.g
        return [*g.objects(node, DCT.hasPart), *g.objects(node, SDO.hasPart),
                *g.subjects(DCT.isPartOf, node), *g.subjects(SDO.isPartOf, node)]

    def record(self, node: Node, visit: Visit, origin: str) -> dict[str, Any]:
        data = self.dataset(node, visit, origin, "")
        self._listing(node, data, visit, origin)
        children = []
        for part in dict.fromkeys(self._parts(node)):
            self._use_link(node, part)
            if part in self.datasets and DATASET_TYPES & set(self.g.types(part)):
                children.append(self.dataset(part, visit, origin, "dct:hasPart/"))
            else:
                children.append(self._reference(part, visit, path="dct:hasPart/"))
        wholes = list(dict.fromkeys(self._wholes(node)))
        for whole in wholes:
            self._use_link(whole, node)
        for series in self.g.objects(node, IN_SERIES):  # DCAT 3: inSeries is a kind of isPartOf
            self.use(node, IN_SERIES, series)
            if series not in wholes:
                wholes.append(series)
        parents = [self._reference(whole, visit, path="dct:isPartOf/", described=whole in self.datasets)
                   for whole in wholes]
        if children:
            data["child_datasets"] = children
        if parents:
            data["ancestors"] = parents  # (Harmony repeats its parent as "parent"; one list says it)
        return data

    def _use_link(self, whole: Node, part: Node) -> None:
        for s, p, o in ((whole, DCT.hasPart, part), (whole, SDO.hasPart, part),
                        (part, DCT.isPartOf, whole), (part, SDO.isPartOf, whole)):
            if o in self.g.objects(s, p):
                self.use(s, p, o)

    def _reference(self, node: Node, visit: Visit, *, path: str, described: bool = False) -> dict[str, Any]:
        """A related dataset by reference: its key (or IRI) and name, with an empty dataset_schema.
        One described in the input (a record of its own) is read there; its name here is only used."""
        extra = self._identity(node)
        names = [lit for p in (SDO.name, DCT.title) for lit in self._literals(node, p, use=not described)]
        if names:
            extra["name"] = str(self._pick(names)[0])
        if not described:
            visit.add(node, path.rstrip("/"))
        return {"dataset_schema": {}, "extra_data": extra}

    def _identity(self, node: Node) -> dict[str, Any]:
        if isinstance(node, URIRef):
            key = harmonise.ldcat_key(str(node), self.known)
            if key is not None:
                return harmonise.key_fields(key)
            page = harmonise.harmony_page(str(node))
            if page is not None:
                return {"slug": page[1], **({"resource_type": "study"} if page[0] == "studies" else {})}
            return {"@id": str(node)}
        return {}

    def dataset(self, node: Node, visit: Visit, origin: str, path: str) -> dict[str, Any]:
        g = self.g
        visit.add(node, path.rstrip("/"))
        schema: dict[str, Any] = {"@context": "https://schema.org/", "@type": "Dataset"}
        extra: dict[str, Any] = self._identity(node)
        data: dict[str, Any] = {"dataset_schema": schema, "extra_data": extra}
        for kind in g.types(node):
            if kind in DATASET_TYPES or kind == DCAT.Resource:
                self.use(node, RDF.type, kind)
            elif kind == DISCO.Study:
                self.use(node, RDF.type, kind)
                extra["resource_type"] = "study"
        self._text(node, (SDO.name, DCT.title), schema, "name")
        self._text(node, (SDO.description, DCT.description), schema, "description")
        key = harmonise.ldcat_key(str(node), self.known) if isinstance(node, URIRef) else None
        identifiers = self._identifiers(node, visit, path, schema, extra)
        self._harmony_id(node, key, identifiers, extra, schema)
        pages = self._urls(node, schema, extra, key)
        keywords = [str(k) for k in self._texts(node, (SDO.keywords, DCAT.keyword), visit, path)]
        if keywords:
            schema["keywords"] = list(dict.fromkeys(keywords))
        self._temporal(node, schema, visit, path)
        self._places(node, schema, visit, path)
        self._languages(node, schema)
        self._agents(node, schema, visit, path)
        self._licences(node, schema, visit, path)
        self._image(node, schema, visit, path)
        self._access(node, schema, extra, visit, path)
        self._study(node, schema, extra, visit, path)
        self._annotations(node, extra, visit, path)
        self._catalogues(node, data, pages)
        if isinstance(node, BNode) and "@id" not in extra and identifiers:
            extra["@id"] = f"urn:dct-identifier:{identifiers[0]}"  # a stable key for a blank node
        self.pending.extend(harmonise.carry(data, origin))
        return data

    def _listing(self, node: Node, data: dict[str, Any], visit: Visit, origin: str) -> None:
        """The catalogue records of a record (the catalogues that list it are read with the dataset)."""
        g = self.g
        for cr in g.subjects(FOAF.primaryTopic, node):
            self.use(cr, FOAF.primaryTopic, node)
            self._use_types(cr, {DCAT.CatalogRecord})
            visit.add(cr, "dcat:CatalogRecord")
            for cat in g.subjects(DCAT.record, cr):
                self.use(cat, DCAT.record, cr)
            if isinstance(cr, URIRef) and harmonise.is_ldcat(str(cr), self.known):
                # ldcat's: its identifier is read with the dataset's, its date is the harvest's, and
                # the catalogues it was derived from list the dataset.
                for p in (DCT.modified, DCT.identifier, PROV.wasDerivedFrom):
                    for o in g.objects(cr, p):
                        self.use(cr, p, o)

    def _catalogues(self, node: Node, data: dict[str, Any], pages: list[str]) -> None:
        """The source catalogues that list the dataset (not ldcat's aggregator), and its page in each."""
        g = self.g
        schema, extra = data["dataset_schema"], data["extra_data"]
        catalogues: list[Node] = []
        for cat in g.subjects(DCAT.dataset, node):
            self.use(cat, DCAT.dataset, node)
            catalogues.append(cat)
        for cat in g.objects(node, SDO.includedInDataCatalog):
            self.use(node, SDO.includedInDataCatalog, cat)
            catalogues.append(cat)
        for cr in g.subjects(FOAF.primaryTopic, node):
            for cat in g.objects(cr, PROV.wasDerivedFrom):
                if isinstance(cr, URIRef) and harmonise.is_ldcat(str(cr), self.known):
                    catalogues.append(cat)
        sources: list[str] = []
        listed: list[dict[str, str]] = []
        pending = list(pages)
        for cat in dict.fromkeys(catalogues):
            key = harmonise.ldcat_catalogue(str(cat), self.known) if isinstance(cat, URIRef) else None
            if key == "":
                continue  # the aggregator (Harmony): ldcat lists every record there
            name = self._catalogue_name(cat, key)
            if key is not None and key in SOURCES:
                sources.append(key)
                name = SOURCES[key].name
            elif key is not None and (name is None or key != unknown_key(name)):
                sources.append(key)
            entry = {"@type": "DataCatalog", "name": name or str(cat)}
            if pending:
                entry["url"] = pending.pop(0)
            # A source ldcat knows is named by its key; its entry is needed only for its page.
            if key is None or ("url" in entry if key in SOURCES else name is not None):
                listed.append(entry)
        if pending:
            self.pending.append(harmonise.not_mapped("?", "schema:mainEntityOfPage", pending))
        if listed:
            schema["includedInDataCatalog"] = listed
        if sources:
            extra["source"] = sources
        self._use_derived(node, sources)

    def _use_derived(self, node: Node, sources: list[str]) -> None:
        """What ldcat derives from a record's catalogues (`ldcat.mapping.dcat_ap`): their EU data
        themes, and each known one as a contact point. Any other theme or contact is a statement of
        the input's own, left to be reported."""
        g = self.g
        known = [key for key in sources if key in SOURCES]
        themes = {f"{DATA_THEME}{SOURCES[key].theme}" for key in known if SOURCES[key].theme}
        for theme in g.objects(node, DCAT.theme):
            if str(theme) in themes:
                self.use(node, DCAT.theme, theme)
        for contact in g.objects(node, DCAT.contactPoint):
            catalogue, _, fragment = str(contact).partition("#")
            if fragment != "contact" or harmonise.ldcat_catalogue(catalogue, self.known) not in known:
                continue
            self.use(node, DCAT.contactPoint, contact)
            self._use_types(contact, {VCARD.Kind, VCARD.Organization})
            for p in (VCARD.fn, VCARD.hasURL):
                for o in g.objects(contact, p):
                    self.use(contact, p, o)

    def _catalogue_name(self, cat: Node, key: str | None) -> str | None:
        for statements in (self.g, self.union):
            names = [lit for p in (SDO.name, DCT.title) for lit in statements.objects(cat, p)
                     if isinstance(lit, Literal)]
            if names:
                chosen = str(self._pick(names)[0])
                for p in (SDO.name, DCT.title):
                    for lit in statements.objects(cat, p):
                        if key is not None or str(lit) == chosen:
                            self.use(cat, p, lit)
                self._use_types(cat, {DCAT.Catalog, SDO.DataCatalog})
                return chosen
        return None

    def _unused(self, visit: Visit, origin: str) -> Iterator[Problem]:
        pending, self.pending = self.pending, []
        yield from pending
        groups: dict[str, list[str]] = {}
        for node, path in visit.paths.items():
            for s, p, o in self.g.triples(node):
                if (s, p, o) in self.used:
                    continue
                if p == RDF.type and o in DATASET_TYPES:
                    continue
                field_name = "/".join(part for part in (path, curie(p)) if part)
                groups.setdefault(field_name, []).append(self._describe(o, depth=0))
                self.used.add((s, p, o))
        for field_name, values in groups.items():
            yield harmonise.not_mapped(origin, field_name, values)

    def leftovers(self) -> Iterator[Problem]:
        """Statements about nothing any record links (a catalogue's own description, a data
        service...), once for the input; ldcat's own catalogue descriptions are regenerated."""
        self._use_catalogues()
        self.g = self.union
        # A blank node another such statement points at is described there, inside its value.
        inner = {o for s, p, o in self.union if isinstance(o, BNode) and (s, p, o) not in self.used}
        groups: dict[str, list[str]] = {}
        for s in [s for s in self.union.spo if s not in inner] + [s for s in self.union.spo if s in inner]:
            kinds = [curie(t) for t in self.union.types(s)] or ["(untyped)"]
            for _, p, o in list(self.union.triples(s)):
                if (s, p, o) in self.used:
                    continue
                self.used.add((s, p, o))
                groups.setdefault(f"{kinds[0]} {curie(p)}", []).append(f"{show(s)} {self._describe(o, depth=0)}")
        for field_name, values in groups.items():
            yield harmonise.not_mapped(self.origin, field_name, values)

    def _use_catalogues(self) -> None:
        """ldcat writes each catalogue's description (title, description, publisher, homepage) from
        its key, once per run: read back, it is regenerated, so it is consumed here."""
        union = self.union
        for s in list(union.spo):
            if not isinstance(s, URIRef) or harmonise.ldcat_catalogue(str(s), self.known) is None:
                continue
            for _, p, o in union.triples(s):
                self.use(s, p, o)
                if p in (DCT.publisher, SDO.publisher, FOAF.homepage, SDO.url):
                    for t in union.triples(o):
                        if t[1] in (RDF.type, FOAF.name, SDO.name):
                            self.use(*t)


__all__ = ["READER", "read_document", "read_statements"]
