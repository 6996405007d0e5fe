"""schema.org Dataset JSON-LD, standalone or embedded in HTML, read into Harmony-shaped dicts.

Every node typed schema.org ``Dataset`` that is not inside, nor a ``hasPart`` of, another Dataset
is a record (``dataset_schema`` in compact schema.org terms, ``extra_data`` for what Harmony keeps
apart). Contexts are never fetched and the document must parse as JSON-LD (`ldcat.read.jsonld`);
it is then read from the JSON itself, term by term through the active context: that keeps the
document's order for keywords and URLs, and keeps values RDF would drop or rewrite (an empty URL,
a relative image path) for the normaliser to see and report.

Quirks handled here: terms in the ``https://schema.org/`` namespace are read as schema.org (with a
warning: the namespace is ``http://schema.org/``); a URL or ``@id`` that is Harmony's own search
page for the record is not the dataset's landing page, so only its slug is kept; parts and
parents are read as related records (``child_datasets``, ``parent``/``ancestors``); an ``@id``
ldcat minted (``<base>dataset/<key>``) gives the record's key back, so its IRIs are the same.

Every term Google documents for a Dataset is kept: those Harmony keeps in ``dataset_schema`` stay
there; those it keeps in ``extra_data`` (``spatialCoverage``, ``inLanguage``,
``conditionsOfAccess``, ``typicalAgeRange``, ``distribution``, ``sameAs``) are moved there
(`ldcat.read.harmonise.carry`); ``author`` is read as ``creator``. Any other term, of schema.org or
another vocabulary, is kept too, as plain JSON under its schema.org name (or its IRI), so the
normaliser's field accounting reports what no profile maps (``field-not-mapped``): nothing is
dropped here without a word.

Design: JSON-LD is one input format, read by one reader, ``jsonld``. A document in schema.org
alone (a dataset page's JSON-LD) is read here, term by term, for the reasons above. A document that
also speaks DCAT, DCTERMS, ADMS, FOAF, PROV, DDI-Discovery, HealthDCAT-AP or ldcat's vocabulary
(ldcat's own JSON-LD output, a DCAT-AP catalogue) is read as the RDF it is, by the RDF reader
(`ldcat.read.dcat`), which knows those vocabularies and schema.org alike. Making this reader read
DCAT from JSON would duplicate that reader; making the RDF reader read Google's pages would lose
the document order and the raw values the normaliser reports.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Iterator, Mapping
from typing import Any

from rdflib.plugins.shared.jsonld.context import Context

from ldcat.model import RawRecord
from ldcat.problems import Problem
from ldcat.read import harmonise, jsontext
from ldcat.read.html import ld_scripts
from ldcat.read.jsonld import Node, Nodes, localise_contexts, parse, properties, values
from ldcat.read.jsontext import NotJson, parse_json

SCHEMA_NAMESPACES = ("http://schema.org/", "https://schema.org/")
_DATASET_TYPES = {ns + "Dataset" for ns in SCHEMA_NAMESPACES}
_HARMONY_PAGE = re.compile(r"https?://(?:www\.)?harmonydata\.ac\.uk/search/(items|studies)/([^/?#]+)/?")
# A document using any of these is read as RDF (`ldcat.read.dcat`): they are what the RDF reader knows.
RDF_VOCABULARIES = (
    "http://www.w3.org/ns/dcat#", "http://purl.org/dc/terms/", "http://www.w3.org/ns/adms#",
    "http://xmlns.com/foaf/0.1/", "http://www.w3.org/ns/prov#", "http://rdf-vocabulary.ddialliance.org/discovery#",
    "http://healthdataportal.eu/ns/health#", "https://w3id.org/ldcat/vocab#", "http://data.europa.eu/r5r/",
)


def harmony_url(url: str) -> tuple[str, str] | None:
    """("items"|"studies", slug) if `url` is a Harmony search page, else None."""
    match = _HARMONY_PAGE.fullmatch(url.strip())
    return (match.group(1), match.group(2)) if match else None


def local_name(iri: str | None) -> str | None:
    """The schema.org local name of `iri` (http or https namespace), else None."""
    for namespace in SCHEMA_NAMESPACES:
        if iri and iri.startswith(namespace):
            rest = iri[len(namespace) :]
            return rest if rest and not any(c in rest for c in "/#?") else None
    return None


# --- entry points -------------------------------------------------------------------------------


def read_document(data: bytes, name: str, settings: Mapping[str, Any] | None = None) -> Iterator[RawRecord | Problem]:
    """A standalone JSON-LD document: an object, a list, or an ``@graph``. One in other
    vocabularies than schema.org is read as RDF (see the module docstring)."""
    doc = parse_json(data, name)
    if isinstance(doc, NotJson):
        yield doc.problem
        return
    nodes = yield from parse(doc, name)
    if nodes is None:
        return
    if speaks_rdf(nodes):
        from ldcat.read.dcat import read_statements
        from ldcat.read.rdf import jsonld_document_quads

        yield from read_statements(jsonld_document_quads(localise_contexts(doc)[0], name), name, settings,
                                   reader="jsonld")
        return
    found = False
    for item in _convert(nodes, doc, name, reader="jsonld", settings=settings):
        found = found or isinstance(item, RawRecord) or item.severity == "error"
        yield item
    if not found:
        yield _error("no-dataset", name, _no_dataset_message(doc))


def speaks_rdf(nodes: Nodes) -> bool:
    """Whether a document uses a vocabulary the RDF reader knows besides schema.org (DCAT...)."""
    for node in nodes.all:
        iris = [*node.types, *(node.ctx.expand(key) or "" for key, _ in properties(node.obj, node.ctx))]
        if any(iri.startswith(RDF_VOCABULARIES) for iri in iris):
            return True
    return False


def read_html(data: bytes, name: str) -> Iterator[RawRecord | Problem]:
    """Every ``<script type="application/ld+json">`` of a page; scripts without a Dataset are
    skipped. The nth script is ``page.html#n``; the kth item of a list in it ``page.html#n.k``."""
    scripts = ld_scripts(data.decode("utf-8", errors="replace"))
    if not scripts:
        yield _error("no-jsonld", name, 'no <script type="application/ld+json"> in the page')
        return
    found = False
    for number, text in enumerate(scripts, start=1):
        origin = f"{name}#{number}"
        try:
            doc = jsontext.loads(text)
        except json.JSONDecodeError as error:
            yield _error(
                "invalid-json",
                origin,
                f"invalid JSON in ld+json script at line {error.lineno} column {error.colno}: {error.msg}",
            )
            continue
        except RecursionError:
            yield _error("invalid-json", origin, "the ld+json script is nested too deeply to read")
            continue
        for item in convert(doc, origin, reader="html", index_sep="."):
            found = found or isinstance(item, RawRecord) or item.severity == "error"
            yield item
    if not found:
        yield _error("no-dataset", name, f"none of the {len(scripts)} ld+json scripts describes a schema.org Dataset")


def convert(doc: Any, origin: str, *, reader: str, index_sep: str = "#",
            settings: Mapping[str, Any] | None = None) -> Iterator[RawRecord | Problem]:
    """The Dataset records of a parsed JSON-LD document, in document order.

    Records that are items of a top-level list or ``@graph`` get ``<index_sep><n>`` (1-based) in
    their origin. Yields nothing (no Problem) when the document holds no Dataset. `settings`: the
    reader's (``base_iri``: the base of the IRIs ldcat minted, if not its default).
    """
    nodes = yield from parse(doc, origin)
    if nodes is None:
        return
    yield from _convert(nodes, doc, origin, reader=reader, index_sep=index_sep, settings=settings)


def _convert(nodes: Nodes, doc: Any, origin: str, *, reader: str, index_sep: str = "#",
             settings: Mapping[str, Any] | None = None) -> Iterator[RawRecord | Problem]:
    configured = (settings or {}).get("base_iri")
    known = harmonise.bases(configured if isinstance(configured, str) else None,
                            (n.node_id for n in nodes.all if n.node_id))
    reader_ = _Reader(nodes, known)
    pending = _non_objects(doc)
    for node in roots(nodes):
        while pending and node.top is not None and pending[0] < node.top:
            yield _not_an_object(origin, index_sep, pending.pop(0))
        where = origin if node.top is None else f"{origin}{index_sep}{node.top}"
        data = reader_.dataset(node, frozenset())
        yield from reader_.take_problems(where)
        if reader_.https_seen:
            reader_.https_seen = False
            yield Problem(
                code="https-schema-namespace",
                severity="warning",
                record=where,
                message="uses https://schema.org/ terms; schema.org's namespace is "
                "http://schema.org/ (read as schema.org anyway)",
            )
        yield RawRecord(data=data, origin=where, reader=reader)
    for index in pending:
        yield _not_an_object(origin, index_sep, index)


def _non_objects(doc: Any) -> list[int]:
    """1-based positions of top-level list (or @graph) items that are not JSON objects."""
    items = doc.get("@graph") if isinstance(doc, dict) else doc
    if not isinstance(items, list):
        return []
    return [index for index, item in enumerate(items, start=1) if not isinstance(item, dict)]


def _not_an_object(origin: str, index_sep: str, index: int) -> Problem:
    return _error("not-an-object", f"{origin}{index_sep}{index}", "a JSON-LD node must be a JSON object")


def _no_dataset_message(doc: Any) -> str:
    if isinstance(doc, dict) and "@context" not in doc and "@graph" not in doc:
        return "no schema.org Dataset: the document has no @context, so its terms are not schema.org"
    return "no schema.org Dataset (no node typed http://schema.org/Dataset) in the document"


def _error(code: str, origin: str, message: str, *, field: str | None = None) -> Problem:
    return Problem(code=code, message=message, severity="error", record=origin, field=field)


# --- which nodes are records --------------------------------------------------------------------


def is_dataset(node: Node) -> bool:
    return any(t in _DATASET_TYPES for t in node.types)


def roots(nodes: Nodes) -> list[Node]:
    """Datasets that are records of their own: not inside, nor a part of, another one."""
    parts = {
        target.node_id
        for node in nodes.all
        if is_dataset(node)
        for key, value in properties(node.obj, node.ctx)
        if local_name(node.ctx.expand(key)) == "hasPart"
        for target in _targets(nodes, value, node.ctx)
    }
    return [
        node
        for node in nodes.all
        if is_dataset(node) and not _in_dataset(node) and (node.node_id is None or node.node_id not in parts)
    ]


def _in_dataset(node: Node) -> bool:
    """Inside a Dataset node (a part, a parent, a related dataset)."""
    return any(is_dataset(ancestor) for ancestor in node.ancestors())


def _targets(nodes: Nodes, value: Any, ctx: Context) -> Iterator[Node]:
    for item in values(value, ctx):
        node = nodes.node(item)
        if node is not None and node.node_id is not None:
            yield node


# --- reading a Dataset node ---------------------------------------------------------------------

_AGENTS = (
    "creator",
    "publisher",
    "funder",
    "sponsor",
    "copyrightHolder",
    "author",
    "contributor",
    "provider",
    "producer",
    "maintainer",
)
_FIRST_TEXT = (
    "name",
    "description",
    "temporalCoverage",
    "version",
    "abstract",
    "dateCreated",
    "dateModified",
    "datePublished",
)


class _Reader:
    """Rebuilds plain compact schema.org dicts (Harmony's dataset_schema shape) from nodes."""

    def __init__(self, nodes: Nodes, known: tuple[str, ...] = ()) -> None:
        self.nodes = nodes
        self.known = known  # the bases of IRIs ldcat minted (`harmonise.bases`)
        self.https_seen = False
        self.problems: list[Problem] = []

    def take_problems(self, origin: str) -> list[Problem]:
        """What reading the last record could not translate, now that its origin is known."""
        found, self.problems = self.problems, []
        return [dataclasses.replace(p, record=origin) for p in found]

    def _identity(self, node_id: str, extra: dict[str, Any]) -> None:
        key = harmonise.ldcat_key(node_id, self.known)
        if key is not None:  # ldcat's own IRI: the record's key, so the IRIs come back the same
            extra.update(harmonise.key_fields(key))
        else:
            extra["@id"] = node_id
            self._harmony_page(node_id, extra)

    def dataset(self, node: Node, seen: frozenset[int]) -> dict[str, Any]:
        seen = seen | {id(node.obj)}
        if "https://schema.org/Dataset" in node.types:
            self.https_seen = True
        schema: dict[str, Any] = {"@context": "https://schema.org/", "@type": "Dataset"}
        extra: dict[str, Any] = {}
        data: dict[str, Any] = {"dataset_schema": schema, "extra_data": extra}
        if node.node_id is not None:
            self._identity(node.node_id, extra)
        for key, value in properties(node.obj, node.ctx):
            iri = node.ctx.expand(key)
            name = local_name(iri)
            if iri is None:
                continue
            if name is None:
                # Another vocabulary: kept under its IRI, for the normaliser to report.
                items = [self.plain(item, node.ctx, depth=1) for item in values(value, node.ctx)]
                if items:
                    schema[iri] = items[0] if len(items) == 1 else items
                continue
            if iri.startswith("https://schema.org/"):
                self.https_seen = True
            self._property(name, values(value, node.ctx), node.ctx, data, seen)
        ours = node.node_id is not None and harmonise.ldcat_key(node.node_id, self.known) is not None
        self.problems.extend(harmonise.carry(data, "?", ours=ours))
        return data

    def _property(self, name: str, items: list[Any], ctx: Context, data: dict[str, Any], seen: frozenset[int]) -> None:
        schema, extra = data["dataset_schema"], data["extra_data"]
        if name == "url":
            for url in (self.text(item, ctx) for item in items):
                if url is not None and not self._harmony_page(url, extra):
                    schema.setdefault("url", []).append(url)
        elif name in ("hasPart", "isPartOf"):
            related = [self._related(item, ctx, seen) for item in items]
            related = [record for record in related if record is not None]
            if name == "hasPart":
                data.setdefault("child_datasets", []).extend(related)
            elif related:
                data.setdefault("ancestors", []).extend(related)
                data.setdefault("parent", related[0])
        else:
            value = self._value(name, items, ctx)
            if value is not None and value != []:
                schema[name] = value
            if name == "includedInDataCatalog":
                self._catalogue_keys(items, extra)

    def _value(self, name: str, items: list[Any], ctx: Context) -> Any:
        if name in _FIRST_TEXT:
            return next(filter(None, (self.text(item, ctx) for item in items)), None)
        if name in _AGENTS:
            return [agent for item in items if (agent := self._agent(item, ctx))]
        handlers = {
            "keywords": self._keywords,
            "identifier": self._identifiers,
            "license": self._licenses,
            "includedInDataCatalog": self._catalogues,
            "variableMeasured": self._variables,
            "spatialCoverage": self._places,
            "image": self._image,
            "size": self._size,
        }
        handler = handlers.get(name)
        if handler is not None:
            return handler(items, ctx)
        plain = [self.plain(item, ctx, depth=0) for item in items]
        return plain[0] if len(plain) == 1 else plain

    def _catalogue_keys(self, items: list[Any], extra: dict[str, Any]) -> None:
        """A catalogue ldcat minted (``<base>catalog/<key>``) whose key its name does not give."""
        from ldcat.normalise.catalogues import source_key, unknown_key

        for item in items:
            node = self.nodes.node(item)
            ident = node.node_id if node is not None else None
            key = harmonise.ldcat_catalogue(ident, self.known) if ident else None
            if not key or node is None:
                continue
            name = self._field_text(node, "name")
            if name is None or (source_key(name) != key and unknown_key(name) != key):
                extra.setdefault("source", []).append(key)

    # -- property readers --

    def _keywords(self, items: list[Any], ctx: Context) -> list[str]:
        words = []
        for item in items:
            text = self.text(item, ctx)
            word = text if text is not None else self._name(item)
            if word is not None:
                words.append(word)
        if len(words) == 1 and "," in words[0]:
            words = [word.strip() for word in words[0].split(",") if word.strip()]
        return words

    def _identifiers(self, items: list[Any], ctx: Context) -> list[str]:
        result: list[tuple[int, str]] = []
        for n, item in enumerate(items):
            node = self.nodes.node(item)
            order = n
            if node is not None and properties(node.obj, node.ctx):
                value = self._field_text(node, "value") or self._field_text(node, "url")
                value = value or node.node_id
                part = harmonise.ldcat_part(node.node_id, self.known) if node.node_id else None
                if part is not None and re.fullmatch(r"doi-\d+", part[1]):
                    order = int(part[1][4:]) - len(items)  # ldcat's DOIs in their #doi-n order, first
            else:
                value = self.text(item, ctx)
            if value is not None:
                result.append((order, value))
        return [value for _, value in sorted(result, key=lambda pair: pair[0])]

    def _licenses(self, items: list[Any], ctx: Context) -> list[str]:
        result = []
        for item in items:
            node = self.nodes.node(item)
            if node is not None and properties(node.obj, node.ctx):
                value = self._field_text(node, "url") or node.node_id or self._field_text(node, "name")
            else:
                value = self.text(item, ctx)
            if value is not None:
                result.append(value)
        return result

    def _agent(self, item: Any, ctx: Context) -> dict[str, str] | None:
        node = self.nodes.node(item)
        if node is None:
            text = self.text(item, ctx)
            return {"@type": "Organization", "name": text} if text else None
        name = self._field_text(node, "name")
        if not name:
            parts = (self._field_text(node, "givenName"), self._field_text(node, "familyName"))
            name = " ".join(part for part in parts if part) or None
        if not name:
            return None
        is_person = any(local_name(t) == "Person" for t in node.types)
        agent: dict[str, Any] = {"@type": "Person" if is_person else "Organization", "name": name}
        # Whatever else it says (url, sameAs, identifier...) is kept for the normaliser to report.
        for key, value in properties(node.obj, node.ctx):
            field = local_name(node.ctx.expand(key)) or node.ctx.expand(key) or key
            if field in ("name", "givenName", "familyName"):
                continue
            converted = [self.plain(v, node.ctx, 1) for v in values(value, node.ctx)]
            if converted:
                agent[field] = converted[0] if len(converted) == 1 else converted
        return agent

    def _catalogues(self, items: list[Any], ctx: Context) -> list[dict[str, str]]:
        result = []
        for item in items:
            node = self.nodes.node(item)
            catalogue = {"@type": "DataCatalog"}
            if node is None:
                text = self.text(item, ctx)
                if not text:
                    continue
                catalogue["url" if text.startswith(("http://", "https://")) else "name"] = text
            else:
                for field in ("name", "url"):
                    value = self._field_text(node, field)
                    if value:
                        catalogue[field] = value
            result.append(catalogue)
        return result

    def _variables(self, items: list[Any], ctx: Context) -> list[dict[str, str]]:
        result = []
        for item in items:
            node = self.nodes.node(item)
            if node is None:
                text = self.text(item, ctx)
                if text:
                    result.append({"name": text})
                continue
            name = (
                self._field_text(node, "name")
                or self._field_text(node, "propertyID")
                or self._field_text(node, "alternateName")
            )
            if not name:
                continue
            variable = {"name": name}
            description = self._field_text(node, "description")
            if description is not None:
                variable["description"] = description
            result.append(variable)
        return result

    def _places(self, items: list[Any], ctx: Context) -> list[Any]:
        """Places as `harmonise.carry` reads them: a name, or {"@id", "name", and the rest}."""
        result: list[Any] = []
        for item in items:
            node = self.nodes.node(item)
            if node is None:
                text = self.text(item, ctx)
                if text:
                    result.append(text)
                continue
            place = self.plain(item, ctx, depth=1)
            if not isinstance(place, dict):
                result.append(place)
                continue
            if "name" not in place and isinstance(place.get("address"), str):
                place["name"] = place.pop("address")
            result.append(place)
        return result

    def _image(self, items: list[Any], ctx: Context) -> str | None:
        for item in items:
            node = self.nodes.node(item)
            if node is None:
                text = self.text(item, ctx)
            else:
                text = self._field_text(node, "contentUrl") or self._field_text(node, "url")
                text = text or node.node_id
            if text:
                return text
        return None

    def _size(self, items: list[Any], ctx: Context) -> Any:
        for item in items:
            node = self.nodes.node(item)
            if node is not None:
                item = self._field_raw(node, "value")
            elif isinstance(item, dict):
                item = ctx.get_value(item)
            if isinstance(item, str | int | float) and not isinstance(item, bool):
                return item
        return None

    def _related(self, item: Any, ctx: Context, seen: frozenset[int]) -> dict[str, Any] | None:
        node = self.nodes.node(item)
        if node is not None and id(node.obj) not in seen and properties(node.obj, node.ctx):
            ident = node.node_id
            # Described, unless it is only ldcat's reference to a dataset it minted (a name, no type).
            if is_dataset(node) or ident is None or harmonise.ldcat_key(ident, self.known) is None:
                return self.dataset(node, seen)
        ref = node.node_id if node is not None else self.text(item, ctx)
        if not ref:
            return None
        if harmonise.ldcat_key(ref, self.known) is not None:
            # A dataset ldcat minted, named by reference (its name, if any, beside it).
            extra: dict[str, Any] = harmonise.key_fields(harmonise.ldcat_key(ref, self.known) or "")
            name = self._field_text(node, "name") if node is not None else None
            if name:
                extra["name"] = name
            return {"dataset_schema": {}, "extra_data": extra}
        extra = {"@id": ref}
        schema: dict[str, Any] = {"@context": "https://schema.org/", "@type": "Dataset"}
        if not self._harmony_page(ref, extra):
            schema["url"] = [ref]
        return {"dataset_schema": schema, "extra_data": extra}

    # -- value helpers --

    def _harmony_page(self, url: str, extra: dict[str, Any]) -> bool:
        # Harmony's own page for the record is not the dataset's landing page: keep only its slug.
        page = harmony_url(url)
        if page is None:
            return False
        extra.setdefault("slug", page[1])
        if page[0] == "studies":
            extra.setdefault("resource_type", "study")
        return True

    def text(self, item: Any, ctx: Context) -> str | None:
        """A plain value as text: a string, number, value object or bare ``@id`` reference."""
        if isinstance(item, str):
            return item
        if isinstance(item, int | float) and not isinstance(item, bool):
            return str(item)
        if isinstance(item, dict):
            value = ctx.get_value(item)
            if isinstance(value, str | int | float) and not isinstance(value, bool):
                return str(value)
            node = self.nodes.node(item)
            if value is None and node is not None and not properties(node.obj, node.ctx):
                return node.node_id
        return None

    def _name(self, item: Any) -> str | None:
        node = self.nodes.node(item)
        return self._field_text(node, "name") if node is not None else None

    def _field_raw(self, node: Node, field: str) -> Any:
        for key, value in properties(node.obj, node.ctx):
            if local_name(node.ctx.expand(key)) == field:
                items = values(value, node.ctx)
                return items[0] if items else None
        return None

    def _field_text(self, node: Node | None, field: str) -> str | None:
        if node is None:
            return None
        value = self._field_raw(node, field)
        return None if value is None else self.text(value, node.ctx)

    def plain(self, item: Any, ctx: Context, depth: int) -> Any:
        """Any other value as plain JSON with schema.org local names (nested objects kept)."""
        node = self.nodes.node(item)
        if node is None or depth > 3:
            text = self.text(item, ctx)
            return item if text is None and not isinstance(item, dict | list) else text
        result: dict[str, Any] = {}
        types = [name for t in node.types if (name := local_name(t))]
        if types:
            result["@type"] = types[0] if len(types) == 1 else types
        if node.node_id is not None:
            result["@id"] = node.node_id
        for key, value in properties(node.obj, node.ctx):
            name = local_name(node.ctx.expand(key))
            if name is not None:
                converted = [self.plain(v, node.ctx, depth + 1) for v in values(value, node.ctx)]
                result[name] = converted[0] if len(converted) == 1 else converted
        return result

