"""A Harmony search page as served to the browser (``*.rsc.txt``): its one record, in Harmony's shape.

The page is a React Server Components payload (parsed by `ldcat.read.flight`). Study pages
(``/search/studies/<slug>``) pass the whole discovery-API record to the page component
(``{"study": record}``, sometimes ``{"dataset": record}``), which is taken as it is. Item pages
(``/search/items/<slug>``) pass only the page's schema.org JSON-LD (an ld+json script element,
read by `ldcat.read.schemaorg`) and display props built from the record (``{"dataset": {title,
topics, dataCatalogs, additionalLinks, ...}}``); the record is rebuilt from both, the JSON-LD
winning where both say, and its slug comes from the router tree or the page's ``og:url``.

Display props are built by the site's ``transformSearchResultToDatasetDetail(record)``; each
mapping below undoes one step of it. Placeholders it invents for missing values ("Unknown
Publisher", "Untitled Dataset", ...) are not data; ``additionalLinks`` is the record's URLs
followed by identifier and DOI links; ``resourceType`` falls back to the schema.org ``@type``
("Dataset"); ``geographicCoverage`` is the country codes joined with ", " or the free text;
``ageCoverage`` is "<lower>-<upper> years" or "<lower>+ years".

A damaged page still gives its record, with a warning for each damage (bad rows, truncation,
referenced rows missing); for a page without one the last problem is an error saying why.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from ldcat.model import RawRecord
from ldcat.problems import Problem
from ldcat.read.flight import Resolver, Rows, find_in_rows, parse_rows
from ldcat.read.schemaorg import convert, harmony_url

READER = "rsc"


def read_page(data: bytes, name: str) -> Iterator[RawRecord | Problem]:
    """The one record of a page, with warnings for what was damaged; an error if none is found."""
    rows = parse_rows(data)
    resolve = Resolver(rows)
    record = _study_record(rows, resolve)
    problems: list[Problem] = []
    if record is None:
        record, problems = _item_record(rows, resolve, name)
    if record is None:
        yield from problems
        yield _no_record(rows, name)
        return
    yield from problems
    for reason in rows.bad:
        yield _warning("rsc-bad-row", name, f"row skipped: {reason}")
    if rows.truncated:
        yield _warning("rsc-truncated", name, f"the page is truncated ({rows.truncated}); the record may be incomplete")
    if resolve.missing:
        missing = ", ".join(f"${row}" for row in dict.fromkeys(resolve.missing))
        yield _warning("rsc-missing-row", name, f"referenced rows not in the page: {missing}")
    yield RawRecord(data=record, origin=name, reader=READER)


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
        "no record in the page: no {study: ...} prop, no schema.org JSON-LD and no {dataset: ...} display props",
    )


def _study_record(rows: Rows, resolve: Resolver) -> dict[str, Any] | None:
    """A whole discovery-API record passed as a page prop (study pages)."""
    for props in find_in_rows(rows, lambda d: isinstance(d, dict) and ("study" in d or "dataset" in d)):
        for key in ("study", "dataset"):
            value = resolve(props[key]) if key in props else None
            if isinstance(value, dict) and any(k in value for k in ("dataset_schema", "extra_data")):
                return value
    return None


def _item_record(rows: Rows, resolve: Resolver, name: str) -> tuple[dict[str, Any] | None, list[Problem]]:
    """A record rebuilt from the page's JSON-LD and display props (item pages)."""
    problems: list[Problem] = []
    record: dict[str, Any] | None = None
    doc = _page_jsonld(rows, resolve, name, problems)
    if doc is not None:
        for item in convert(doc, name, reader=READER):
            if isinstance(item, RawRecord):
                record = record or item.data
            else:
                problems.append(item)
    props = _display_props(rows, resolve)
    if record is None and props is None:
        return None, problems
    if record is None:
        record = {"dataset_schema": {"@context": "https://schema.org/", "@type": "Dataset"}, "extra_data": {}}
    if props is not None:
        _merge_props(record, props)
    slug = _route_slug(rows) or _og_slug(rows, resolve)
    if slug:
        record["extra_data"]["slug"] = slug
    return record, problems


def _page_jsonld(
    rows: Rows, resolve: Resolver, name: str, problems: list[Problem]
) -> dict[str, Any] | list[Any] | None:
    def is_script(d: Any) -> bool:
        return isinstance(d, dict) and d.get("type") == "application/ld+json"

    for props in find_in_rows(rows, is_script):
        inner = props.get("dangerouslySetInnerHTML")
        html = resolve(inner.get("__html")) if isinstance(inner, dict) else resolve(props.get("children"))
        if not isinstance(html, str):
            continue
        try:
            doc = json.loads(html)
        except json.JSONDecodeError as error:
            problems.append(
                _warning(
                    "invalid-json", name, f"the page's JSON-LD is not valid JSON (column {error.colno}: {error.msg})"
                )
            )
            continue
        except RecursionError:
            problems.append(_warning("invalid-json", name, "the page's JSON-LD is nested too deeply to read"))
            continue
        if isinstance(doc, dict | list):
            return doc
    return None


def _display_props(rows: Rows, resolve: Resolver) -> dict[str, Any] | None:
    for props in find_in_rows(rows, lambda d: isinstance(d, dict) and "dataset" in d):
        value = resolve(props["dataset"])
        if isinstance(value, dict) and any(k in value for k in ("title", "topics", "dataCatalogs")):
            return value
    return None


def _route_slug(rows: Rows) -> str | None:
    # The router tree names the dynamic segment: ["slug", "<slug>", "d"].
    def is_param(d: Any) -> bool:
        return isinstance(d, list) and len(d) == 3 and d[0] == "slug" and isinstance(d[1], str)

    return next((param[1] for param in find_in_rows(rows, is_param) if param[1]), None)


def _og_slug(rows: Rows, resolve: Resolver) -> str | None:
    for meta in find_in_rows(rows, lambda d: isinstance(d, dict) and d.get("property") == "og:url"):
        url = resolve(meta.get("content"))
        page = harmony_url(url) if isinstance(url, str) else None
        if page is not None:
            return page[1]
    return None


def _warning(code: str, origin: str, message: str) -> Problem:
    return Problem(code=code, message=message, severity="warning", record=origin)


def _error(code: str, origin: str, message: str) -> Problem:
    return Problem(code=code, message=message, severity="error", record=origin)


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
