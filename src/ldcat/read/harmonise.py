"""Harmony-shaped fields from what other vocabularies say: shared by the schema.org and RDF readers.

A reader's job is to hand the normaliser a record in Harmony's discovery-API shape
(``dataset_schema`` in compact schema.org terms, ``extra_data`` for Harmony's own fields). Harmony
keeps some things in ``extra_data`` that schema.org says on the Dataset (`carry` moves them:
``spatialCoverage`` → ``country_codes`` / ``geographic_coverage``, ``inLanguage`` →
``language_codes``, ``conditionsOfAccess`` and ``distribution`` → ``data_access``,
``typicalAgeRange`` → ``age_lower`` / ``age_upper``, ``sameAs`` → ``urls`` or a DOI), and ldcat's
own IRIs carry the record's key (`key_fields`), so that reading ldcat's output back gives the same
IRIs. A term `carry` cannot translate stays where it is, and the normaliser's field accounting
reports it (``field-not-mapped``) like any other field it does not map; what a reader cannot even
put into the Harmony shape it reports itself (`not_mapped`).
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable
from typing import Any

from ldcat.config import DEFAULT_BASE
from ldcat.normalise import clean
from ldcat.problems import Problem

_HEX32 = re.compile(r"[0-9a-f]{32}")
_SLUG = re.compile(r"[a-z0-9][a-z0-9-]{0,199}")
_EU_COUNTRY = re.compile(r"https?://publications\.europa\.eu/(?:resource|mdr)/authority/country/([A-Z]{3})/?")
_EU_LANGUAGE = re.compile(r"https?://publications\.europa\.eu/(?:resource|mdr)/authority/language/([A-Z]{3})/?")
_LANGUAGE_TAG = re.compile(r"([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]{1,8})*")
_AGE_RANGE = re.compile(r"\s*(\d{1,3})?\s*(?:-|–|—|to)\s*(\d{1,3})?\s*(?:years?)?\s*")
_AGE_FROM = re.compile(r"\s*(\d{1,3})\s*\+\s*")
_DOI_IRI = re.compile(r"https?://(?:dx\.)?doi\.org/10\.", re.IGNORECASE)
_HARMONY_PAGE = re.compile(r"https?://(?:www\.)?harmonydata\.ac\.uk/search/(items|studies)/([^/?#]+)/?")


# --- problems -----------------------------------------------------------------------------------


def not_mapped(origin: str, field: str, values: Iterable[object]) -> Problem:
    """An info ``field-not-mapped`` Problem: `field` of the input (for RDF, its property path, such as
    ``dcat:distribution/dcat:mediaType``) holds `values` that no ldcat field carries. The message
    has the normaliser's form: ``not mapped: 'v'`` / ``not mapped (n values): 'v1', 'v2', 'v3', …``."""
    shown = list(dict.fromkeys(_show(value) for value in values))
    head = ", ".join(_short(v) for v in shown[:3])
    if len(shown) == 1:
        message = f"not mapped: {head}"
    else:
        message = f"not mapped ({len(shown)} values): {head}{', …' if len(shown) > 3 else ''}"
    return Problem("field-not-mapped", message, "info", origin, field)


def _short(value: str, width: int = 160) -> str:
    text = repr(value)
    return text if len(text) <= width else text[: width - 2] + "…" + text[-1]


def _show(value: object) -> str:
    if isinstance(value, str):
        return value
    try:
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    except (TypeError, ValueError):
        return str(value)


# --- ldcat's own IRIs ---------------------------------------------------------------------------


def bases(configured: str | None, iris: Iterable[str]) -> tuple[str, ...]:
    """The base IRIs ldcat minted this input's IRIs from: the configured one (default ldcat's
    default), and any other that the input's own IRIs show (``B record/K`` beside ``B dataset/K``,
    or ``B catalog``): ldcat's output says which base it was written with."""
    found = [_with_slash(configured or DEFAULT_BASE)]
    names = set(iris)
    for iri in names:
        head, sep, key = iri.rpartition("/dataset/")
        if sep and _key(key) and (f"{head}/record/{key}" in names or f"{head}/catalog" in names):
            found.append(head + "/")
    return tuple(dict.fromkeys(found))


def _with_slash(base: str) -> str:
    return base if base.endswith(("/", "#")) else base + "/"


def _key(key: str) -> bool:
    return bool(_HEX32.fullmatch(key) or (key.startswith("s-") and _HEX32.fullmatch(key[2:])) or _SLUG.fullmatch(key))


def ldcat_key(iri: str, known: Iterable[str]) -> str | None:
    """The record key of ``<base>dataset/<key>`` under one of the `known` bases, else None."""
    for base in known:
        prefix = base + "dataset/"
        if iri.startswith(prefix) and _key(iri[len(prefix):]):
            return iri[len(prefix):]
    return None


def ldcat_part(iri: str, known: Iterable[str]) -> tuple[str, str] | None:
    """(key, fragment) of a part ``<base>dataset/<key>#<fragment>``, else None."""
    head, sep, fragment = iri.partition("#")
    key = ldcat_key(head, known) if sep else None
    return (key, fragment) if key is not None else None


def ldcat_catalogue(iri: str, known: Iterable[str]) -> str | None:
    """The key of a source catalogue ``<base>catalog/<key>``; "" for the aggregator ``<base>catalog``."""
    for base in known:
        if iri == base + "catalog":
            return ""
        prefix = base + "catalog/"
        if iri.startswith(prefix) and iri[len(prefix):] and "/" not in iri[len(prefix):]:
            return iri[len(prefix):]
    return None


def is_ldcat(iri: str, known: Iterable[str]) -> bool:
    """An IRI ldcat mints (a dataset, its parts, an agent, a place, a catalogue, a catalogue record)."""
    return any(iri.startswith(base + kind) for base in known
               for kind in ("dataset/", "agent/", "place/", "catalog", "record/", "concept/"))


def key_fields(key: str) -> dict[str, str]:
    """extra_data fields from which the normaliser derives `key` again."""
    if _HEX32.fullmatch(key):
        return {"uuid": key}
    if key.startswith("s-") and _HEX32.fullmatch(key[2:]):
        return {"slug": key[2:]}
    return {"slug": key}


def harmony_page(url: str) -> tuple[str, str] | None:
    """("items"|"studies", slug) if `url` is a Harmony search page, else None."""
    match = _HARMONY_PAGE.fullmatch(url.strip())
    return (match.group(1), match.group(2)) if match else None


def is_doi_iri(value: str) -> bool:
    return bool(_DOI_IRI.match(value.strip()))


# --- values -------------------------------------------------------------------------------------


@functools.cache
def _countries_by() -> tuple[dict[str, str], dict[str, str]]:
    """alpha-3 → alpha-2, and English name (case-folded) → alpha-2."""
    table = clean.countries()
    return ({alpha3: alpha2 for alpha2, (alpha3, _) in table.items()},
            {name.casefold(): alpha2 for alpha2, (_, name) in table.items()})


def country_code(value: str) -> str | None:
    """The ISO 3166-1 alpha-2 code of an EU country-authority IRI, an ISO code or an English
    country name (as the bundled country table names it), else None."""
    text = value.strip()
    by_alpha3, by_name = _countries_by()
    match = _EU_COUNTRY.fullmatch(text)
    if match:
        return by_alpha3.get(match.group(1))
    if re.fullmatch(r"[A-Za-z]{2}", text):
        return clean.country(text)[0]
    if re.fullmatch(r"[A-Z]{3}", text):
        return by_alpha3.get(text)
    return by_name.get(text.casefold())


def language_code(value: str) -> str | None:
    """An ISO 639 code (2 letters where one exists) from an EU language-authority IRI, a BCP 47 tag
    (``en-GB`` → ``en``) or a bare ISO 639 code, else None."""
    text = value.strip()
    match = _EU_LANGUAGE.fullmatch(text)
    if match:
        return _alpha2(match.group(1).lower())
    match = _LANGUAGE_TAG.fullmatch(text)
    if match:
        return _alpha2(match.group(1).lower())
    return None


def _alpha2(code: str) -> str:
    """The 2-letter form of an ISO 639-2/3 code where one exists (``deu`` → ``de``), else the code."""
    if len(code) != 3:
        return code
    try:
        import pycountry
    except ImportError:  # pragma: no cover - pycountry is a dependency; the code is still ISO 639
        return code
    found = pycountry.languages.get(alpha_3=code)
    if found is None:
        try:
            found = pycountry.languages.get(bibliographic=code)
        except (KeyError, LookupError):
            found = None
    alpha2 = getattr(found, "alpha_2", None) if found is not None else None
    return alpha2 if isinstance(alpha2, str) else code


def age_range(value: str) -> tuple[int | None, int | None] | None:
    """(lower, upper) from ``16-17``, ``16-``, ``-17``, ``16 to 65``, ``18+``; None if not a range."""
    match = _AGE_RANGE.fullmatch(value)
    if match and (match.group(1) or match.group(2)):
        low, high = match.groups()
        return (int(low) if low else None, int(high) if high else None)
    match = _AGE_FROM.fullmatch(value)
    if match:
        return int(match.group(1)), None
    if re.fullmatch(r"\s*\d{1,3}\s*", value):
        return int(value), int(value)
    return None


def access_value(text: str | None, urls: list[str]) -> tuple[str | None, list[str]]:
    """A ``data_access`` value and the access pages to give as ``license`` values, from which the
    normaliser reads back `text` as the access text and `urls`, in that order, as the access URLs
    (each a distribution's access URL).

    The normaliser takes a data-access text's own links first, then the ``license`` values that
    name no licence (access pages): so the text is given as it is, and the URLs it does not yield
    as such pages (that is where ldcat's own such URLs came from). The reading is checked with the
    normaliser itself, so the rule holds however it reads HTML."""
    if text is None:
        if not urls:
            return None, []
        if _read_back(urls[0]) == (None, urls[:1]):
            return urls[0], urls[1:]
        return None, list(urls)
    found = _read_back(text)
    if found is not None and found[0] == text and urls[:len(found[1])] == found[1]:
        return text, urls[len(found[1]):]
    links = found[1] if found is not None else []
    return text, [url for url in urls if url not in links]


def _read_back(candidate: str) -> tuple[str | None, list[str]] | None:
    """The access text and URLs the normaliser reads from a ``data_access`` value."""
    from ldcat.errors import RecordError
    from ldcat.model import RawRecord
    from ldcat.normalise import normalise

    probe = {"dataset_schema": {"name": "probe"}, "extra_data": {"uuid": "0" * 32, "data_access": candidate}}
    try:
        record, _ = normalise(RawRecord(probe, "probe", "probe"))
    except RecordError:
        return None
    return record.access_text, list(record.access_urls)


# --- schema.org terms Harmony keeps elsewhere ---------------------------------------------------


def carry(data: dict[str, Any], origin: str, *, ours: bool = False) -> list[Problem]:
    """Move the schema.org terms of ``data["dataset_schema"]`` that Harmony keeps in ``extra_data``
    (see the module docstring) to their Harmony fields. What cannot be translated is reported
    (an unknown language name, a shape of a place); other terms are left for the normaliser.
    `ours`: the dataset is one ldcat minted, whose ``mainEntityOfPage`` are its catalogues' pages."""
    schema: dict[str, Any] = data.setdefault("dataset_schema", {})
    extra: dict[str, Any] = data.setdefault("extra_data", {})
    problems: list[Problem] = []
    _same_as(schema, extra, _pop_list(schema, "sameAs"))
    _citations(schema)
    _pages(schema, extra, _pop_list(schema, "mainEntityOfPage"), ours)
    _places(extra, _pop_list(schema, "spatialCoverage"), origin, problems)
    _languages(extra, _pop_list(schema, "inLanguage"), origin, problems)
    _ages(extra, _pop_list(schema, "typicalAgeRange"), origin, problems)
    authors = _pop_list(schema, "author")
    if authors:
        schema["creator"] = [*_as_list(schema.get("creator")), *authors]  # schema.org: author = creator
    pages = _access(extra, _pop_list(schema, "conditionsOfAccess"), _pop_list(schema, "distribution"), origin,
                    problems)
    if pages:  # access pages the text does not give: as the license values that name no licence
        schema["license"] = [*_as_list(schema.get("license")), *pages]
    return problems


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _pop_list(schema: dict[str, Any], key: str) -> list[Any]:
    return [item for item in _as_list(schema.pop(key, None)) if item not in (None, "", [], {})]


def _text_of(item: Any) -> str | None:
    if isinstance(item, str):
        return item.strip() or None
    if isinstance(item, int | float) and not isinstance(item, bool):
        return str(item)
    return None


def _same_as(schema: dict[str, Any], extra: dict[str, Any], items: list[Any]) -> None:
    """sameAs: a DOI is an identifier; Harmony's own page gives the slug; any other URL is another URL."""
    for item in items:
        url = _text_of(item) or (item.get("@id") if isinstance(item, dict) else None)
        if not isinstance(url, str):
            continue
        if is_doi_iri(url) or clean.doi(url)[0]:
            schema["identifier"] = [*_as_list(schema.get("identifier")), url]
        elif (page := harmony_page(url)) is not None:
            extra.setdefault("slug", page[1])
        else:
            extra["urls"] = [*_as_list(extra.get("urls")), url]


def _url_of(item: Any) -> str | None:
    if isinstance(item, dict):
        found = item.get("@id") or item.get("url")
        return found if isinstance(found, str) and found.strip() else None
    return _text_of(item)


def _citations(schema: dict[str, Any]) -> None:
    """A citation that is a DOI joins the identifiers: the normaliser tells an article's DOI (a
    citation) from the dataset's own by the DOI itself. Any other citation stays, to be reported."""
    kept = []
    for item in _as_list(schema.pop("citation", None)):
        url = _url_of(item)
        if url is not None and clean.doi(url)[0]:
            schema["identifier"] = [*_as_list(schema.get("identifier")), url]
        else:
            kept.append(item)
    if kept:
        schema["citation"] = kept[0] if len(kept) == 1 else kept


def _pages(schema: dict[str, Any], extra: dict[str, Any], items: list[Any], ours: bool) -> None:
    """mainEntityOfPage: Harmony's page gives the slug; on a dataset ldcat minted, the others are its
    page in each of its catalogues (in order); on any other, another URL of the dataset."""
    catalogues = [c for c in _as_list(schema.get("includedInDataCatalog")) if isinstance(c, dict) and "url" not in c]
    for item in items:
        url = _url_of(item)
        if url is None:
            continue
        page = harmony_page(url)
        if page is not None:
            extra.setdefault("slug", page[1])
            if page[0] == "studies":
                extra.setdefault("resource_type", "study")
        elif ours and catalogues:
            catalogues.pop(0)["url"] = url
        elif url not in _as_list(schema.get("url")):
            schema["url"] = [*_as_list(schema.get("url")), url]


def _places(extra: dict[str, Any], items: list[Any], origin: str, problems: list[Problem]) -> None:
    countries: list[str] = []
    names: list[str] = []
    for item in items:
        place = item if isinstance(item, dict) else {"name": item}
        ident = place.get("@id") if isinstance(place.get("@id"), str) else None
        name = _text_of(place.get("name"))
        code = country_code(ident) if ident else None
        if code is None and ident is None and name:
            code = country_code(name)
        if code is not None:
            countries.append(code)
        elif name:
            names.append(name)
        elif ident:
            problems.append(not_mapped(origin, "spatialCoverage", [ident]))
        rest = {k: v for k, v in place.items() if k not in ("@id", "@type", "name")}
        if rest:
            problems.append(not_mapped(origin, "spatialCoverage[]." + ",".join(sorted(rest)), [rest]))
    if countries:
        extra["country_codes"] = [*_as_list(extra.get("country_codes")), *countries]
    if names:
        known = extra.get("geographic_coverage")
        extra["geographic_coverage"] = "\n".join([*([known] if isinstance(known, str) and known else []), *names])


def _languages(extra: dict[str, Any], items: list[Any], origin: str, problems: list[Problem]) -> None:
    codes: list[str] = []
    for item in items:
        if isinstance(item, dict):  # a schema:Language: its code is its alternateName (or name)
            values = [_text_of(item.get("alternateName")), _text_of(item.get("name")), item.get("@id")]
        else:
            values = [_text_of(item)]
        code = next((c for v in values if isinstance(v, str) and (c := language_code(v))), None)
        if code is None:
            problems.append(not_mapped(origin, "inLanguage", [item]))
        else:
            codes.append(code)
    if codes:
        extra["language_codes"] = [*_as_list(extra.get("language_codes")), *codes]


def _ages(extra: dict[str, Any], items: list[Any], origin: str, problems: list[Problem]) -> None:
    for item in items:
        text = _text_of(item)
        found = age_range(text) if text else None
        if found is None or "age_lower" in extra or "age_upper" in extra:
            problems.append(not_mapped(origin, "typicalAgeRange", [item]))
            continue
        low, high = found
        if low is not None:
            extra["age_lower"] = low
        if high is not None:
            extra["age_upper"] = high


def _access(extra: dict[str, Any], conditions: list[Any], downloads: list[Any], origin: str,
            problems: list[Problem]) -> list[str]:
    """conditionsOfAccess (text; a bare URL is an access page) and each DataDownload's contentUrl →
    ``data_access``."""
    said = [t for item in conditions if (t := _text_of(item))]
    texts = [t for t in said if clean.url(t)[0] != t]
    urls: list[str] = [t for t in said if clean.url(t)[0] == t]
    for item in downloads:
        if isinstance(item, dict):
            url = _text_of(item.get("contentUrl")) or _text_of(item.get("url")) or item.get("@id")
            rest = {k: v for k, v in item.items() if k not in ("@id", "@type", "contentUrl", "url")}
            if rest:
                problems.append(not_mapped(origin, "distribution[]." + ",".join(sorted(rest)), [rest]))
        else:
            url = _text_of(item)
        if isinstance(url, str) and url:
            urls.append(url)
    if not texts and not urls:
        return []
    if "data_access" in extra:
        problems.append(not_mapped(origin, "conditionsOfAccess", [*texts, *urls]))
        return []
    for extra_text in texts[1:]:
        problems.append(not_mapped(origin, "conditionsOfAccess", [extra_text]))
    text = texts[0] if texts else None
    found = _read_back(text) if text else None
    value, pages = access_value(text, list(dict.fromkeys([*(found[1] if found else []), *urls])))
    if value is not None:
        extra["data_access"] = value
    return pages


__all__ = ["access_value", "age_range", "bases", "carry", "country_code",
           "harmony_page", "is_doi_iri", "is_ldcat", "key_fields", "language_code", "ldcat_catalogue", "ldcat_key",
           "ldcat_part", "not_mapped"]
