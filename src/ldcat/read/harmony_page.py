"""A Harmony search page as served to the browser (``*.rsc.txt``): its one record, in Harmony's shape.

The page is a React Server Components payload (parsed by `ldcat.read.flight`). Harmony's builds
put the record into the page in different ways: study pages pass the whole discovery-API record
to the page component (``{"study": record}``, sometimes ``{"dataset": record}``); item pages of
one build pass it as ``{"identifier": "<uuid or slug>", "initialData": record}``; item pages of
another pass only the page's schema.org JSON-LD (an ld+json script element, read by
`ldcat.read.schemaorg`) and display props built from the record (``{"dataset": {title, topics,
dataCatalogs, additionalLinks, ...}}``). So nothing here depends on a prop's name or depth: the
page is searched for its *sources* by their structure, through references from row to row:

- a **record**: an object holding a ``dataset_schema`` and/or an ``extra_data`` object (not one
  inside another record: those are its children, parents and ancestors);
- **JSON-LD**: a schema.org ``Dataset`` in an ld+json script element, or as an object in the props;
- **display props**: an object with a ``title`` and any of ``topics``, ``dataCatalogs``,
  ``additionalLinks`` (not one inside a record or other display props).

**Which source, when there are several.** Each source is ranked by, in order:

1. whether it is about the page's own record: +1 when its uuid or slug is one the page names
   (the route, the canonical path, ``og:url``, an ``identifier`` prop beside ``initialData``), -1
   when it names only others (a related record shown on the page); when either side names no
   uuid or slug, the same by its name against the page's title (``<title>``, ``og:title``); 0
   when that cannot tell either;
2. its kind: a full record (both ``dataset_schema`` and ``extra_data`` non-empty) beats the
   JSON-LD and a partial record (one of the two) alike, which beat display props;
3. its number of non-empty leaves (strings, numbers and booleans; ``@context``/``@type`` not
   counted), in the Harmony-shaped record it gives;
4. the first in the payload.

The best-ranked source is the record. A full record is taken as it is (the page's JSON-LD and
display props are built from it, so they add nothing). Otherwise the sources that are not about
other records fill, in rank order, only what the best one lacks (so the JSON-LD wins over
display props where both say); a source whose name is not the best one's is not merged.
When a page has several sources, an info ``rsc-record-source``
says which one was used and which were merged or left out; it travels with the record
(`RawRecord.notes`), so it is reported with the record's problems, not as a failure.

**Identity.** The uuid or slug the page names is written to ``extra_data.uuid`` (a 32-digit hex
value: Harmony routes items by uuid as well as by slug) or ``extra_data.slug`` where the record
lacks it; a record that names another uuid than the page keeps its own, with a warning
``rsc-identifier-mismatch`` (a note on the record, too).

Display props are built by the site's ``transformSearchResultToDatasetDetail(record)``; each
mapping below undoes one step of it. Placeholders it invents for missing values ("Unknown
Publisher", "Untitled Dataset", ...) are not data; ``additionalLinks`` is the record's URLs
followed by identifier and DOI links; ``resourceType`` falls back to the schema.org ``@type``
("Dataset"); ``geographicCoverage`` is the country codes joined with ", " or the free text;
``ageCoverage`` is "<lower>-<upper> years" or "<lower>+ years".

A damaged page still gives its record, with a warning for each damage (bad rows, truncation,
rows referenced by the sources used but missing); for a page without one the last problem is an
error saying why.
"""

from __future__ import annotations

import copy
import hashlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from ldcat.model import RawRecord
from ldcat.problems import Problem
from ldcat.read import jsontext
from ldcat.read.flight import Place, Resolver, Rows, parse_rows, reference, walk
from ldcat.read.schemaorg import convert, harmony_url

READER = "rsc"

_HEX32 = re.compile(r"[0-9a-fA-F]{32}")
_SLUG = re.compile(r"[a-z0-9][a-z0-9-]{0,199}")
_SECTIONS = ("dataset_schema", "extra_data")
_RELATIVES = ("child_datasets", "parent", "ancestors")
_DISPLAY_KEYS = ("topics", "dataCatalogs", "additionalLinks")
_ID_PROPS = ("identifier", "uuid", "slug")
_FULL, _PARTIAL, _JSONLD, _DISPLAY = "API record", "partial API record", "schema.org JSON-LD", "display props"
_TIER = {_FULL: 3, _PARTIAL: 2, _JSONLD: 2, _DISPLAY: 1}


def read_page(data: bytes, name: str) -> Iterator[RawRecord | Problem]:
    """The one record of a page, with warnings for what was damaged; an error if none is found."""
    rows = parse_rows(data)
    scan = _Scan(rows, name)
    walk(rows, scan.enter)
    sources = scan.sources()
    if not sources:
        yield from scan.problems
        yield _no_record(rows, name)
        return
    record, used, notes = _combine(sources, scan.page_ids, scan.page_names, name)
    # What could not be read of a JSON-LD script matters only when the record was rebuilt.
    rebuilt = used[0].kind != _FULL
    yield from (problem for source in used for problem in source.problems)
    if rebuilt:
        yield from scan.problems
    for reason in rows.bad:
        yield _warning("rsc-bad-row", name, f"row skipped: {reason}")
    if rows.truncated:
        yield _warning("rsc-truncated", name, f"the page is truncated ({rows.truncated}); the record may be incomplete")
    missing = [row for source in used for row in source.missing] + (scan.missing if rebuilt else [])
    if missing:
        listed = ", ".join(f"${row}" for row in dict.fromkeys(missing))
        yield _warning("rsc-missing-row", name, f"referenced rows not in the page: {listed}")
    yield RawRecord(data=record, origin=name, reader=READER, notes=tuple(notes))


def _no_record(rows: Rows, name: str) -> Problem:
    if rows.truncated:
        message = f"the page is truncated ({rows.truncated}) and no record was found in what remains"
        return _error("rsc-truncated", name, message)
    if not rows.order and not rows.text:
        return _error("rsc-no-rows", name, "no React Server Components rows could be read")
    if not rows.ends_cleanly:
        return _error(
            "rsc-truncated",
            name,
            "the page is truncated (it does not end with a newline) and no record was found in what remains",
        )
    return _error(
        "rsc-no-record",
        name,
        "no record in the page: no object holding dataset_schema or extra_data, no schema.org JSON-LD "
        "Dataset and no display props",
    )


def _warning(code: str, origin: str, message: str) -> Problem:
    return Problem(code=code, message=message, severity="warning", record=origin)


def _error(code: str, origin: str, message: str) -> Problem:
    return Problem(code=code, message=message, severity="error", record=origin)


# --- finding the sources ---------------------------------------------------------------------


@dataclass
class _Source:
    """One candidate for the page's record, already in Harmony's shape (`data`)."""

    kind: str
    where: str
    data: dict[str, Any]
    order: int
    ids: set[str] = field(default_factory=set)  # the uuids and slugs it names
    names: set[str] = field(default_factory=set)  # its name, as `_name_key` writes it
    missing: list[str] = field(default_factory=list)  # rows it refers to that the page lacks
    props: dict[str, Any] | None = None  # display props: the props themselves
    problems: list[Problem] = field(default_factory=list)  # what reading it reported (JSON-LD)
    inner: set[str] = field(default_factory=set)  # fingerprints of the records inside it
    match: int = 0  # +1 about the page's record, -1 about another, 0 cannot tell

    @property
    def rank(self) -> tuple[int, int, int, int]:
        return self.match, _TIER[self.kind], leaves(self.data), -self.order

    def describe(self) -> str:
        return f"{self.kind} ({self.where})"


class _Scan:
    """Visits every value of the page (`enter`), collecting sources and the ids the page names."""

    def __init__(self, rows: Rows, name: str) -> None:
        self.rows, self.name = rows, name
        self.found: list[_Source] = []
        self.page_ids: set[str] = set()
        self.page_names: set[str] = set()  # the page's <title> and og:title
        # From ld+json scripts that gave no source: their problems, the rows their text was in.
        self.problems: list[Problem] = []
        self.missing: list[str] = []

    def enter(self, place: Place) -> bool:
        value = place.value
        if isinstance(value, list):
            self._route(value)
            self._title(value)
            return True
        if _is_record(value, self.rows):
            self._record(place)
            return False
        if _is_display(value):
            self._display(place)
            return False
        if _is_dataset_object(value):
            resolve = Resolver(self.rows)
            self._jsonld(resolve(value), self._where(place), resolve)
            return False
        if value.get("type") == "application/ld+json":
            self._script(value, place)
        self._page_id(value)
        return True

    # -- sources --

    def _record(self, place: Place) -> None:
        resolve = Resolver(self.rows)
        data = resolve(place.value)
        full = all(isinstance(data.get(s), dict) and data[s] for s in _SECTIONS)
        source = _Source(_FULL if full else _PARTIAL, self._where(place), data, len(self.found),
                         missing=resolve.missing)
        source.ids = _record_ids(data)
        holder = place.holder or {}
        for prop in _ID_PROPS:
            if prop != place.key and isinstance(holder.get(prop), str):
                source.ids |= _classify(holder[prop])  # {"identifier": "<uuid>", "initialData": record}
        source.inner = {_fingerprint(inner) for inner in _inner_records(data)}
        self.found.append(source)

    def _display(self, place: Place) -> None:
        resolve = Resolver(self.rows)
        props = resolve(place.value)
        data = _empty_record()
        _merge_props(data, props)
        source = _Source(_DISPLAY, self._where(place), data, len(self.found), missing=resolve.missing, props=props)
        source.inner = {_fingerprint(inner) for inner in _inner_records(data)}
        self.found.append(source)

    def _script(self, script: dict[str, Any], place: Place) -> None:
        resolve = Resolver(self.rows)
        inner = script.get("dangerouslySetInnerHTML")
        html = resolve(inner.get("__html")) if isinstance(inner, dict) else resolve(script.get("children"))
        if not isinstance(html, str):
            self.missing += resolve.missing
            return
        try:
            doc = jsontext.loads(html)
        except json.JSONDecodeError as error:
            message = f"the page's JSON-LD is not valid JSON (column {error.colno}: {error.msg})"
            self.problems.append(_warning("invalid-json", self.name, message))
            return
        except RecursionError:
            self.problems.append(_warning("invalid-json", self.name, "the page's JSON-LD is nested too deeply to read"))
            return
        self._jsonld(doc, f"ld+json script, row {place.row}", resolve)

    def _jsonld(self, doc: Any, where: str, resolve: Resolver) -> None:
        """`doc` is plain JSON-LD: parsed from a script's text, or a props object already resolved."""
        if not isinstance(doc, dict | list):
            return
        problems: list[Problem] = []
        made: list[_Source] = []
        for item in convert(doc, self.name, reader=READER):
            if isinstance(item, Problem):
                problems.append(item)
                continue
            data = item.data
            extra = data["extra_data"]
            slug = extra.get("slug")
            if isinstance(slug, str) and _HEX32.fullmatch(slug):
                # Harmony's URL for the record names it by uuid, not by slug.
                extra.setdefault("uuid", extra.pop("slug").lower())
            source = _Source(_JSONLD, where, data, len(self.found), missing=list(resolve.missing))
            source.ids = _record_ids(data)
            source.inner = {_fingerprint(inner) for inner in _inner_records(data)}
            self.found.append(source)
            made.append(source)
        if made:
            made[0].problems += problems
        else:
            self.problems += problems

    def _where(self, place: Place) -> str:
        return f"prop {place.key!r}, row {place.row}" if place.key else f"row {place.row}"

    # -- the ids the page names --

    def _route(self, value: list[Any]) -> None:
        # The router tree names the dynamic segment: ["slug", "<slug>", "d"] (["slug", ["<a>"], "oc"]
        # for a catch-all route).
        if len(value) == 3 and value[0] == "slug" and isinstance(value[2], str):
            segment = value[1][0] if isinstance(value[1], list) and value[1] else value[1]
            if isinstance(segment, str):
                self.page_ids |= _classify(segment)

    def _title(self, value: list[Any]) -> None:
        # A React element: ["$", "title", key, {"children": "<the page's title>"}].
        if len(value) == 4 and value[0] == "$" and value[1] == "title" and isinstance(value[3], dict):
            title = Resolver(self.rows)(value[3].get("children"))
            if isinstance(title, str) and title.strip():
                self.page_names.add(_name_key(title))

    def _page_id(self, value: dict[str, Any]) -> None:
        canonical = value.get("c")
        if "b" in value and isinstance(canonical, list) and len(canonical) >= 3 and canonical[0] == "" \
                and canonical[1] in ("items", "studies") and isinstance(canonical[2], str):
            self.page_ids |= _classify(canonical[2])  # the page's path: ["", "items", "<slug>"]
        if value.get("property") == "og:title":
            title = Resolver(self.rows)(value.get("content"))
            if isinstance(title, str) and title.strip():
                self.page_names.add(_name_key(title))
        if value.get("property") == "og:url":
            url = Resolver(self.rows)(value.get("content"))
            page = harmony_url(url) if isinstance(url, str) else None
            if page is not None:
                self.page_ids |= _classify(page[1])
        if "initialData" in value and isinstance(value.get("identifier"), str):
            self.page_ids |= _classify(value["identifier"])  # even when initialData is null

    def sources(self) -> list[_Source]:
        """The sources, each once, without those that are inside another (children, parents)."""
        unique: dict[str, _Source] = {}
        for source in self.found:
            key = _fingerprint(source.data)
            if key in unique:
                unique[key].ids |= source.ids
            else:
                unique[key] = source
        inner = set().union(*(source.inner for source in unique.values()))
        return [source for key, source in unique.items() if key not in inner]


def _is_record(value: dict[str, Any], rows: Rows) -> bool:
    return any(isinstance(_deref(value.get(section), rows), dict) for section in _SECTIONS) and any(
        _deref(value.get(section), rows) for section in _SECTIONS
    )


def _deref(value: Any, rows: Rows) -> Any:
    for _ in range(8):
        row = reference(value) if isinstance(value, str) else None
        if row is None or row not in rows.json:
            break
        value = rows.json[row]
    return value


def _is_display(value: dict[str, Any]) -> bool:
    return "title" in value and any(key in value for key in _DISPLAY_KEYS)


def _is_dataset_object(value: dict[str, Any]) -> bool:
    kind = value.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return "@context" in value and any(k in ("Dataset", "schema:Dataset") or (
        isinstance(k, str) and k.endswith("schema.org/Dataset")) for k in kinds)


def _inner_records(data: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """The records inside a record: its children, parents and ancestors, and theirs."""
    stack = [data.get(key) for key in _RELATIVES]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, dict):
            yield item
            stack.extend(item.get(key) for key in _RELATIVES)


def _empty_record() -> dict[str, Any]:
    return {"dataset_schema": {"@context": "https://schema.org/", "@type": "Dataset"}, "extra_data": {}}


# --- ranking and combining -------------------------------------------------------------------


def leaves(value: Any) -> int:
    """Non-empty leaves of a JSON value: strings that are not blank, numbers and booleans."""
    if isinstance(value, dict):
        return sum(leaves(item) for key, item in value.items() if key not in ("@context", "@type"))
    if isinstance(value, list):
        return sum(leaves(item) for item in value)
    if isinstance(value, str):
        return 1 if value.strip() else 0
    return 0 if value is None else 1


def _fingerprint(data: Any) -> str:
    return json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)


def _classify(value: str) -> set[str]:
    """A page's id as ``uuid:<hex>`` or ``slug:<slug>``; nothing if it is neither."""
    value = value.strip()
    if _HEX32.fullmatch(value):
        return {"uuid:" + value.lower()}
    return {"slug:" + value} if _SLUG.fullmatch(value) else set()


def _name_key(name: str) -> str:
    return " ".join(name.split()).casefold()


def _names(data: dict[str, Any]) -> set[str]:
    sections = [data.get(section) for section in _SECTIONS]
    names = [s.get("name") for s in sections if isinstance(s, dict)]
    return {_name_key(n) for n in names if isinstance(n, str) and n.strip() and n not in _PLACEHOLDERS}


def _record_ids(data: dict[str, Any]) -> set[str]:
    extra = data.get("extra_data")
    if not isinstance(extra, dict):
        return set()
    ids: set[str] = set()
    for prop in ("uuid", "slug"):
        if isinstance(extra.get(prop), str):
            ids |= _classify(extra[prop])
    harmony_id = extra.get("harmony_id")
    if isinstance(harmony_id, str) and harmony_id.strip():
        # Harmony's uuid is the md5 of its harmony_id (see ldcat.normalise.record_key).
        ids.add("uuid:" + hashlib.md5(harmony_id.strip().encode()).hexdigest())
    return ids


def _combine(
    sources: list[_Source], page_ids: set[str], page_names: set[str], name: str
) -> tuple[dict[str, Any], list[_Source], list[Problem]]:
    """The record from the best-ranked source (see the module docstring), the sources used, notes."""
    for source in sources:
        source.names = _names(source.data)
        if page_ids and source.ids:
            source.match = 1 if source.ids & page_ids else -1
        elif page_names and source.names:
            source.match = 1 if source.names & page_names else -1
    ranked = sorted(sources, key=lambda s: s.rank, reverse=True)
    best = ranked[0]
    record = copy.deepcopy(best.data)
    merged: list[_Source] = []
    if best.kind != _FULL:
        for section, empty in zip(_SECTIONS, _empty_record().values(), strict=True):
            if not isinstance(record.get(section), dict):
                record[section] = empty
        for other in ranked[1:]:
            if other.match == 0 and other.names and best.names and not other.names & best.names:
                other.match = -1  # not the best one's name: another record's
            if other.match < 0:
                continue
            if other.props is not None:
                _merge_props(record, other.props)
            else:
                _fill(record, other.data)
            merged.append(other)
    notes = _identity(record, best, page_ids, name)
    if len(sources) > 1:
        notes.append(_source_note(name, best, merged, [s for s in ranked[1:] if s not in merged]))
    return record, [best, *merged], notes


def _fill(record: dict[str, Any], other: dict[str, Any]) -> None:
    """Fill what `record` lacks from `other`: section by section, key by key."""
    for key, value in other.items():
        if key in _SECTIONS and isinstance(value, dict):
            section = record.setdefault(key, {})
            if isinstance(section, dict):
                for name, item in value.items():
                    if name not in section and item not in (None, "", [], {}):
                        section[name] = copy.deepcopy(item)
        elif key not in record:
            record[key] = copy.deepcopy(value)


def _identity(record: dict[str, Any], best: _Source, page_ids: set[str], name: str) -> list[Problem]:
    """Give the record the uuid and slug the page names, where it lacks them."""
    extra = record.setdefault("extra_data", {})
    if not isinstance(extra, dict):
        return []
    ids = page_ids | {i for i in best.ids if i not in _record_ids(record)}
    uuids = sorted(i[5:] for i in ids if i.startswith("uuid:"))
    slugs = sorted(i[5:] for i in ids if i.startswith("slug:"))
    notes: list[Problem] = []
    own = _record_ids(record)
    if best.match < 0:
        theirs = ", ".join(sorted(i.split(":", 1)[1] for i in own))
        page = ", ".join(sorted(i.split(":", 1)[1] for i in page_ids))
        notes.append(_warning("rsc-identifier-mismatch", name,
                              f"the page is for {page} but its record is {theirs}; the record's own ids are kept"))
        return notes
    if "uuid" not in extra and len(uuids) == 1 and not any(i.startswith("uuid:") for i in own):
        extra["uuid"] = uuids[0]
    if "slug" not in extra and slugs:
        extra["slug"] = next((s for s in slugs if "slug:" + s in page_ids), slugs[0])
    return notes


def _source_note(name: str, best: _Source, merged: list[_Source], unused: list[_Source]) -> Problem:
    count = 1 + len(merged) + len(unused)
    message = f"record read from the page's {best.describe()}, the richest of {count} sources"
    if merged:
        message += "; what it lacks filled from " + ", ".join(s.describe() for s in merged)
    if unused:
        message += "; not used: " + ", ".join(
            s.describe() + (" (about another record)" if s.match < 0 else "") for s in unused
        )
    return Problem(code="rsc-record-source", message=message, severity="info", record=name)


# --- display props → Harmony fields ----------------------------------------------------------
# Each mapping undoes one step of transformSearchResultToDatasetDetail (see the module docstring).

_PLACEHOLDERS = {"Unknown Publisher", "Funding Organization", "Data Catalog", "Untitled Dataset"}
_DOI_LINK = re.compile(r"https?://(?:dx\.)?doi\.org/10\.", re.IGNORECASE)
_COUNTRY = re.compile(r"[A-Z]{2}")
_AGES = re.compile(r"\s*(\w+)\s*(?:-\s*(\w+)\s*|\+\s*)years?\s*")


def _merge_props(record: dict[str, Any], props: dict[str, Any]) -> None:
    """Fill what the JSON-LD lacks from the display props; the JSON-LD wins where both say."""
    schema, extra = record["dataset_schema"], record["extra_data"]
    for key, prop in (
        ("name", "title"),
        ("description", "description"),
        ("temporalCoverage", "temporalCoverage"),
        ("image", "image"),
    ):
        value = props.get(prop)
        if key not in schema and isinstance(value, str) and value not in _PLACEHOLDERS:
            schema[key] = value
    topics = props.get("topics")
    if "keywords" not in schema and isinstance(topics, list):
        schema["keywords"] = [topic for topic in topics if isinstance(topic, str)]
    _merge_agents(schema, props)
    catalogues = [_catalogue(c) for c in _dicts(props.get("dataCatalogs"))]
    if "includedInDataCatalog" not in schema and catalogues:
        schema["includedInDataCatalog"] = catalogues
    variables = list(_dicts(props.get("allVariables")))
    if "variableMeasured" not in schema and variables:
        schema["variableMeasured"] = variables
    _merge_links(schema, extra, props.get("additionalLinks"))
    _merge_extra(extra, props)
    children = list(_dicts(props.get("child_datasets")))
    if children:
        record["child_datasets"] = children


def _merge_agents(schema: dict[str, Any], props: dict[str, Any]) -> None:
    publisher = props.get("publisher")
    publishers = [publisher] if isinstance(publisher, dict) else []
    for key, agents in (("publisher", publishers), ("funder", list(_dicts(props.get("funders"))))):
        names = [a for a in agents if isinstance(a.get("name"), str) and a["name"] not in _PLACEHOLDERS]
        if key not in schema and names:
            schema[key] = [_organisation(agent) for agent in names]


def _organisation(agent: dict[str, Any]) -> dict[str, Any]:
    result = {"@type": "Organization", "name": agent["name"]}
    if isinstance(agent.get("url"), str):
        result["url"] = agent["url"]
    return result


def _catalogue(catalogue: dict[str, Any]) -> dict[str, Any]:
    result: dict[str, Any] = {"@type": "DataCatalog"}
    for key, prop in (("name", "name"), ("url", "url"), ("image", "logo")):
        value = catalogue.get(prop)
        if isinstance(value, str) and value not in _PLACEHOLDERS:
            result[key] = value
    return result


def _merge_links(schema: dict[str, Any], extra: dict[str, Any], links: Any) -> None:
    """additionalLinks = record url + identifier links + DOI links: split them back."""
    if not isinstance(links, list):
        return
    links = [link for link in links if isinstance(link, str)]
    identifiers = [i for i in schema.get("identifier", []) if isinstance(i, str)]
    id_links = {i for i in identifiers if i.startswith(("http://", "https://"))}
    id_links |= {f"https://doi.org/{i}" for i in identifiers if i.startswith("10.") and "/" in i}
    cut = len(links)
    while cut and (links[cut - 1] in id_links or _DOI_LINK.match(links[cut - 1])):
        cut -= 1
    urls = links[:cut]
    schema_urls = schema.setdefault("url", [])
    schema_urls.extend(url for url in urls if url not in schema_urls)
    if not schema_urls:
        del schema["url"]
    extra.setdefault("urls", urls)
    dois = list(dict.fromkeys(link for link in links[cut:] if _DOI_LINK.match(link)))
    if dois:
        extra.setdefault("dois", dois)


def _merge_extra(extra: dict[str, Any], props: dict[str, Any]) -> None:
    kind = props.get("resourceType")
    # The site falls back to the schema.org @type ("Dataset") when Harmony gave no type.
    if isinstance(kind, str) and kind.islower():
        extra.setdefault("resource_type", kind)
    for key, prop in (("study_design", "studyDesign"), ("instruments", "instruments")):
        if isinstance(props.get(prop), list):
            extra.setdefault(key, props[prop])
    if isinstance(props.get("aiSummary"), str):
        extra.setdefault("ai_summary", props["aiSummary"])
    geography = props.get("geographicCoverage")
    if isinstance(geography, str) and geography.strip():
        # The site shows country_codes joined with ", " when it has them, else the free text.
        codes = [part.strip() for part in geography.split(",")]
        if all(_COUNTRY.fullmatch(code) for code in codes):
            extra.setdefault("country_codes", codes)
        else:
            extra.setdefault("geographic_coverage", geography)
    ages = _AGES.fullmatch(props["ageCoverage"]) if isinstance(props.get("ageCoverage"), str) else None
    if ages is not None:
        for key, value in (("age_lower", ages.group(1)), ("age_upper", ages.group(2))):
            if value is not None and value.isdigit():
                extra.setdefault(key, int(value))


def _dicts(value: Any) -> Iterator[dict[str, Any]]:
    if isinstance(value, list):
        yield from (item for item in value if isinstance(item, dict))
