"""Raw Harmony-shaped records → clean `Record`s, with every repair reported.

Each field is read by one small function; the `_Notes` collector turns what the cleaning
functions said into one `Problem` per record, field and kind of repair, so nothing changes
silently and the report stays readable.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, TypeVar

from ldcat.errors import RecordError
from ldcat.model import Agent, Catalogue, Period, RawRecord, Record, RecordRef, Variable
from ldcat.normalise import accounting, clean, temporal, values
from ldcat.normalise.catalogues import SOURCES, catalogue, source_key, unknown_key
from ldcat.normalise.dois import classify as classify_doi
from ldcat.normalise.licences import ACCESS_RIGHT_BASE, access_right, is_licence
from ldcat.problems import Problem, Severity

T = TypeVar("T")
_HEX32 = re.compile(r"^[0-9a-f]{32}$")
_SLUG = re.compile(r"[a-z0-9][a-z0-9-]{0,199}")
# The separators alone, no "\s*" around them (quadratic in a run of spaces): the parts are stripped.
_AGENT_SPLIT = re.compile(r"(?:;|<br\s*/?>)", re.IGNORECASE)
_PLACE_SPLIT = re.compile(r"(?:\n|<br\s*/?>|;| / |,)", re.IGNORECASE)
_LANGUAGE = re.compile(r"^[a-z]{2,3}$")
# The record's own page on Harmony Data Discovery: items/<slug> (the form Harmony links to).
HARMONY_ITEMS = "https://harmonydata.ac.uk/search/items/"


@dataclass
class _Notes:
    """Collects repairs as (field, code) → details, then reports one problem per group."""

    record: str
    groups: dict[tuple[str, str, Severity], list[str]] = field(default_factory=dict)

    def add(self, field_name: str, code: str, detail: str | None, severity: Severity = "warning") -> None:
        if detail:
            self.groups.setdefault((field_name, code, severity), []).append(detail)

    def problems(self) -> list[Problem]:
        return [
            Problem(code, "; ".join(dict.fromkeys(details)), severity, self.record, field_name)
            for (field_name, code, severity), details in self.groups.items()
        ]


def normalise(raw: RawRecord) -> tuple[Record, list[Problem]]:
    """Clean one raw record. Raises `RecordError` when no usable record is left.

    The record is read through `accounting.track`: every non-empty source value that no field
    read is reported afterwards, path by path, as a ``field-not-mapped`` note (info), so nothing
    is lost without a word (`ldcat.normalise.accounting`).
    """
    cleaned, repairs = values.clean_tree(raw.data)
    data = accounting.track(cleaned)
    record, notes = _normalise(data, raw)
    for path, repair in repairs:
        notes.add(path, "invalid-characters", repair)
    for path, unread in accounting.unread(data):
        notes.add(path, "field-not-mapped", accounting.describe(unread), "info")
    return record, [*raw.notes, *notes.problems()]  # what the reader noted about the record first


def _normalise(data: dict[str, Any], raw: RawRecord, *, nested: bool = False) -> tuple[Record, _Notes]:
    """One tracked record; `nested` for a child its parent describes (its own children are not read)."""
    ds, ed = _section(data, "dataset_schema", raw.origin), _section(data, "extra_data", raw.origin)
    key, how = _key(ds, ed, raw.origin)
    label = f"{raw.origin} ({ed.get('harmony_id') or ed.get('slug') or key})"
    notes = _Notes(label)
    if how not in ("uuid", "harmony_id"):
        notes.add("extra_data.uuid", "iri-from-" + how.replace("@", ""),
                  f"no Harmony uuid: IRIs are minted from the record's {how}", "info")
    record = _fields(ds, ed, key, raw.origin, notes)
    _harmony_fields(record, data, ds, ed, notes)
    record.also_known_as = record_aliases(accounting.plain(ed), key)
    record.parents = _parents(data, notes)
    _top_ancestor(record, ed, notes)
    if not nested:
        record.children = _children(data.get("child_datasets"), raw, notes)
    return record, notes


def _key(ds: dict[str, Any], ed: dict[str, Any], origin: str) -> tuple[str, str]:
    """`record_key`, read untracked (choosing the key carries no value); the uuid, which every IRI
    of the record holds, is consumed."""
    key, how = record_key(accounting.plain(ds), accounting.plain(ed), origin)
    if how == "uuid":
        accounting.consume(ed, "uuid")
    return key, how


def _name(notes: _Notes, stated: object, other: object) -> str | None:
    """dataset_schema.name, else extra_data.name; an extra_data.name that differs is reported."""
    name = _text(notes, "dataset_schema.name", stated)
    alternative = _text(notes, "extra_data.name", other)
    if name and alternative and alternative != name:
        notes.add("extra_data.name", "field-not-mapped",
                  f"{accounting.short(alternative)} differs from dataset_schema.name; not written", "info")
    return name or alternative


def _resource_type(notes: _Notes, value: object) -> str | None:
    kind = _text(notes, "extra_data.resource_type", value)
    kind = kind.lower() if kind else None
    if kind is not None and kind not in ("study", "dataset"):
        notes.add("extra_data.resource_type", "field-not-mapped",
                  f"{kind!r}: only study (a disco:Study) and dataset (a dcat:Dataset) are written", "info")
    return kind


def _harmony_fields(record: Record, data: dict[str, Any], ds: dict[str, Any], ed: dict[str, Any],
                    notes: _Notes) -> None:
    """What Harmony adds to the source's record: its own page of it, the keywords its software
    imputed, the count of the variables below it, and the duration it derives from the coverage."""
    if record.slug and _SLUG.fullmatch(record.slug):
        record.harmony_page = HARMONY_ITEMS + record.slug
    elif record.slug:
        notes.add("extra_data.slug", "field-not-mapped",
                  f"{record.slug!r} is not a slug of Harmony's pages: no Harmony page written", "info")
    field_name = "dataset_schema.keywords_automatically_imputed"
    imputed = [*_texts(notes, field_name, ds.get("keywords_automatically_imputed")),
               *_texts(notes, "extra_data.keywords_automatically_imputed", ed.get("keywords_automatically_imputed"))]
    record.imputed_keywords = _dedupe(notes, field_name, imputed, str.casefold)
    descendants = _count(notes, "num_descendant_variables", data.get("num_descendant_variables"))
    if descendants == 0:
        notes.add("num_descendant_variables", "field-not-mapped",
                  "0: no variables counted in datasets below this one, which says nothing of its own; "
                  "not written", "info")
    elif descendants is not None:
        # A study's variables are those of its datasets: the count is one more lower bound.
        if record.num_variables is not None and record.num_variables != descendants:
            notes.add("num_descendant_variables", "count-mismatch",
                      f"{descendants} variables below this record, {record.num_variables} counted on it; "
                      "largest used")
        record.num_variables = max(descendants, record.num_variables or 0)
    if record.duration_years is not None:
        _duration(notes, record.duration_years, record.temporal)


def _duration(notes: _Notes, years: int, period: Period | None) -> None:
    """Harmony's duration_years is the coverage's end year minus its start year: said by the coverage."""
    field_name = "extra_data.duration_years"
    if period is None or not period.start or not period.end:
        notes.add(field_name, "field-not-mapped",
                  f"{years}: no coverage with a start and an end to say it by; not written", "info")
        return
    span = int(period.end[:4]) - int(period.start[:4])
    if span == years:
        notes.add(field_name, "field-not-mapped",
                  f"{years}: the end year minus the start year of the coverage {period.iso()}, which is written; "
                  "not written again", "info")
    else:
        notes.add(field_name, "count-mismatch",
                  f"duration {years} year(s) disagrees with the coverage {period.iso()} ({span}); the coverage "
                  "is written")


def _top_ancestor(record: Record, ed: dict[str, Any], notes: _Notes) -> None:
    """extra_data.top_level_ancestor_uuid: the record itself, an ancestor it names, or one more whole
    it is part of."""
    field_name = "extra_data.top_level_ancestor_uuid"
    value = ed.get("top_level_ancestor_uuid")
    if accounting.is_empty(value):
        return
    uuid = value.strip().lower() if isinstance(value, str) else ""
    if not _HEX32.match(uuid):
        notes.add(field_name, "invalid-dropped", f"{accounting.short(value)} is not a Harmony uuid, dropped")
        return
    own = accounting.peek(ed, "uuid")
    known = {record.key, *record.also_known_as, *(p.key for p in record.parents),
             own.strip().lower() if isinstance(own, str) else ""}
    if uuid not in known:
        record.parents.append(RecordRef(uuid))


def _section(data: dict[str, Any], name: str, origin: str) -> dict[str, Any]:
    value = data.get(name)
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise RecordError(Problem("wrong-type", f"{name} must be an object, got {type(value).__name__}",
                                  "error", origin, name))
    return value


def record_key(ds: dict[str, Any], ed: dict[str, Any], origin: str) -> tuple[str, str]:
    """The stable id IRIs are minted from, and which field it came from.

    One study gets one key whatever form it comes in (API record, page payload, page JSON-LD):

    1. the Harmony uuid (``extra_data.uuid``, 32 hex digits);
    2. else ``md5(harmony_id)``: Harmony's uuid is the md5 of its harmony_id (true of every record
       seen), so a record that has only a harmony_id gets the same IRIs as with its uuid;
    3. else a slug of 32 hex digits *is* the uuid: Harmony addresses its pages by uuid as well as by
       slug (``/search/items/<uuid>``), and the readers take that segment as the slug;
    4. else the slug, the last resort for Harmony's forms (a page or its JSON-LD that names only
       the slug): the record with both gets the slug key in `record_aliases`, so the two can be
       linked with ``owl:sameAs``;
    5. else, for records from elsewhere, the md5 of the ``@id``, the first URL or the first DOI.
    """
    uuid = ed.get("uuid")
    if isinstance(uuid, str) and _HEX32.match(uuid.strip().lower()):
        return uuid.strip().lower(), "uuid"
    harmony_id = _harmony_key(ed)
    if harmony_id is not None:
        return harmony_id, "harmony_id"
    slug = ed.get("slug")
    if isinstance(slug, str) and _HEX32.match(slug.strip().lower()):
        return slug.strip().lower(), "uuid"
    slug = _slug_key(ed)
    if slug is not None:
        return slug, "slug"
    for how, value in (("@id", ed.get("@id")), ("url", _first(ds.get("url")))):
        if isinstance(value, str) and value.strip():
            return hashlib.md5(f"{how}:{value.strip()}".encode()).hexdigest(), how
    for value in _as_list(ds.get("identifier")):
        name, _ = clean.doi(value)
        if name:
            return hashlib.md5(f"doi:{name.lower()}".encode()).hexdigest(), "DOI"
    raise RecordError(Problem("no-identifier", "record has no uuid, harmony_id, slug, @id, url or DOI "
                              "to mint stable IRIs from", "error", origin, "extra_data.uuid"))


def record_aliases(ed: dict[str, Any], key: str) -> list[str]:
    """The other keys the same study gets from its other forms (to link with ``owl:sameAs``).

    The slug key, which a page or page JSON-LD naming only the slug mints, and ``md5(harmony_id)``
    where the record's uuid is not that (never seen: Harmony's rule has held for every record).
    """
    aliases = [alias for alias in (_harmony_key(ed), _slug_key(ed)) if alias is not None and alias != key]
    return list(dict.fromkeys(aliases))


def _harmony_key(ed: dict[str, Any]) -> str | None:
    harmony_id = ed.get("harmony_id")
    if isinstance(harmony_id, str) and harmony_id.strip():
        return _md5(harmony_id.strip())
    return None


@lru_cache(maxsize=64)  # each record asks twice: for its key, then for its aliases
def _md5(text: str) -> str:
    return hashlib.md5(text.encode()).hexdigest()


def _slug_key(ed: dict[str, Any]) -> str | None:
    """The key a slug gives: the slug itself, if it is one (lower-case kebab, not a uuid)."""
    slug = ed.get("slug")
    if isinstance(slug, str) and _SLUG.fullmatch(slug.strip()) and not _HEX32.match(slug.strip()):
        return slug.strip()
    return None


def _fields(ds: dict[str, Any], ed: dict[str, Any], key: str, origin: str, notes: _Notes) -> Record:
    name = _name(notes, ds.get("name"), ed.get("name"))
    if not name:
        raise RecordError(Problem("missing-name", "record has no name (dataset_schema.name)",
                                  "error", notes.record, "dataset_schema.name"))
    variables = _variables(notes, ds.get("variableMeasured"))
    catalogues = _catalogues(notes, ds.get("includedInDataCatalog"), ed.get("source"))
    own_dois, citations = _dois(notes, [*_as_list(ds.get("identifier")), *_as_list(ed.get("dois"))])
    licence_urls, licence_pages = _licences(notes, _as_list(ds.get("license")))
    access_text, access_urls, access_rights = _access(notes, ed.get("data_access"), licence_pages)
    countries = _countries(notes, ed.get("country_codes"))
    age_lower, age_upper = _age_range(notes, ed.get("age_lower"), ed.get("age_upper"))
    return Record(
        key=key,
        name=name,
        origin=origin,
        description=_text(notes, "dataset_schema.description", ds.get("description")),
        resource_type=_resource_type(notes, ed.get("resource_type")),
        harmony_id=_text(notes, "extra_data.harmony_id", ed.get("harmony_id")),
        slug=_text(notes, "extra_data.slug", ed.get("slug")),
        urls=_urls(notes, "dataset_schema.url", [*_as_list(ds.get("url")), *_as_list(ed.get("urls"))]),
        dois=own_dois,
        citations=citations,
        identifiers=_other_identifiers(notes, _as_list(ds.get("identifier"))),
        keywords=_keywords(notes, ds.get("keywords"), ed.get("keywords")),
        temporal=_temporal(notes, ds.get("temporalCoverage"), ed),
        countries=countries,
        geography=_geography(notes, ed.get("geographic_coverage"), countries),
        languages=_languages(notes, ed.get("language_codes")),
        catalogues=catalogues,
        publishers=_agents(notes, "dataset_schema.publisher", ds.get("publisher")),
        creators=_agents(notes, "dataset_schema.creator", ds.get("creator")),
        funders=_agents(notes, "dataset_schema.funder", ds.get("funder")),
        sponsors=_agents(notes, "dataset_schema.sponsor", ds.get("sponsor")),
        copyright_holders=_agents(notes, "dataset_schema.copyrightHolder", ds.get("copyrightHolder")),
        licenses=licence_urls,
        image=_first(_urls(notes, "dataset_schema.image", _as_list(ds.get("image")))),
        sample_size=_sample_size(notes, ed.get("sample_size"), ds.get("size")),
        age_lower=age_lower,
        age_upper=age_upper,
        sex=_text(notes, "extra_data.sex", ed.get("sex")),
        study_design=_terms(notes, "extra_data.study_design", ed.get("study_design")),
        instruments=_terms(notes, "extra_data.instruments", ed.get("instruments"), lower=False),
        variables=variables,
        num_variables=_num_variables(notes, ds, ed, len(variables)),
        num_sweeps=_count(notes, "extra_data.num_sweeps", ed.get("num_sweeps")),
        duration_years=_count(notes, "extra_data.duration_years", ed.get("duration_years")),
        genetic_data_collected=_flag(notes, "extra_data.genetic_data_collected", ed.get("genetic_data_collected")),
        access_text=access_text,
        access_urls=access_urls,
        access_rights=access_rights,
        summary=_text(notes, "extra_data.ai_summary", ed.get("ai_summary")),
    )


# --- generic readers of one value or a list --------------------------------------------------

def _as_list(value: object) -> list[Any]:
    """A list from a list, a single value, or nothing (Harmony mixes the three)."""
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _first(values: object) -> Any:
    items = _as_list(values)
    return items[0] if items else None


def _flag(notes: _Notes, field_name: str, value: object) -> bool | None:
    if isinstance(value, bool):
        return value
    if not accounting.is_empty(value):
        notes.add(field_name, "invalid-dropped", f"{accounting.short(value)} is not true or false, dropped")
    return None


def _unique(values: Iterable[T], key: Callable[[T], object] | None = None) -> tuple[list[T], list[T]]:
    """Values without repeats (first one wins), and the repeats dropped; `key` (by default the value
    itself) says what a repeat is."""
    values = list(values)
    keys: Sequence[object] = values if key is None else [key(v) for v in values]
    if len(set(keys)) == len(keys):  # the common case, no repeat: seen in C
        return values, []
    seen: set[object] = set()
    kept: list[T] = []
    dropped: list[T] = []
    for value, k in zip(values, keys, strict=True):
        (dropped if k in seen else kept).append(value)
        seen.add(k)
    return kept, dropped


def _dedupe(notes: _Notes, field_name: str, values: list[T], key: Callable[[T], object] | None = None) -> list[T]:
    kept, dropped = _unique(values, key)
    if dropped:
        notes.add(field_name, "duplicate-dropped", f"{len(dropped)} repeated value(s) dropped")
    return kept


def _text(notes: _Notes, field_name: str, value: object) -> str | None:
    result, note = clean.text(value)
    if result is None and note is None and isinstance(value, bool):
        note = "not text (bool), dropped"  # clean.text drops booleans without a word
    if note:  # (as `_Notes.add` would check: not calling it for nearly every value)
        notes.add(field_name, "text-cleaned", note)
    return result


def _count(notes: _Notes, field_name: str, value: object) -> int | None:
    number, note = clean.integer(value)
    if number is None and note is None and not accounting.is_empty(value):
        # clean.integer drops booleans and placeholders ("None", "N/A") without a word.
        note = f"{value!r} is not a whole number, dropped"
    notes.add(field_name, "number-repaired", note)
    if number is not None and number < 0:
        notes.add(field_name, "invalid-dropped", f"negative count {number} dropped")
        return None
    return number


def _year(notes: _Notes, field_name: str, value: object) -> int | None:
    year = _count(notes, field_name, value)
    if year is not None and not values.bounded(year, *values.YEARS):
        low, high = values.YEARS
        notes.add(field_name, "invalid-dropped", f"year {year} out of range {low}-{high}, dropped")
        return None
    return year


def _texts(notes: _Notes, field_name: str, value: object) -> list[str]:
    if isinstance(value, str) and field_name.endswith("keywords") and "," in value:
        notes.add(field_name, "list-repaired", "comma-separated text read as a list")
        value = value.split(",")
    return [t for v in _as_list(value) if (t := _text(notes, field_name, v))]


# --- fields -----------------------------------------------------------------------------------

def _urls(notes: _Notes, field_name: str, values: list[Any]) -> list[str]:
    out: list[str] = []
    for value in values:
        cleaned, note = clean.url(value)
        code = "url-repaired" if cleaned else ("empty-dropped" if value == "" else "url-dropped")
        notes.add(field_name, code, note)
        if cleaned:
            out.append(cleaned)
    return _unique(out)[0]


def _dois(notes: _Notes, values: list[Any]) -> tuple[list[str], list[str]]:
    """The dataset's own DOIs and the DOIs of articles about it (citations), each decision
    reported with the rule that made it (`ldcat.normalise.dois`)."""
    out: list[str] = []
    for value in values:
        name, note = clean.doi(value)
        notes.add("dataset_schema.identifier", "doi-normalised", note)
        if name:
            out.append(name)
    # DOI names are case-insensitive; identifier and dois repeat each other by design.
    own: list[str] = []
    citations: list[str] = []
    for name in _unique(out, str.casefold)[0]:
        decision = classify_doi(name)
        if decision.kind == "article":
            citations.append(name)
            notes.add("dataset_schema.identifier", "doi-is-citation",
                      f"{name} is an article's DOI ({decision.rule}): written as a citation "
                      "(schema:citation, dct:isReferencedBy), not as the dataset's identifier")
        else:
            own.append(name)
            if decision.kind == "dataset":
                notes.add("dataset_schema.identifier", "doi-is-dataset",
                          f"{name} kept as the dataset's DOI ({decision.rule})", "info")
            else:
                notes.add("dataset_schema.identifier", "doi-undecided",
                          f"{name} kept as the dataset's DOI, as the record says, but {decision.rule}: "
                          "check that it is not an article's")
    return own, citations


def _licences(notes: _Notes, values: list[Any]) -> tuple[list[str], list[str]]:
    """The URLs in `license` that name a licence, and the others: access pages (`normalise.licences`)."""
    found: list[str] = []
    pages: list[str] = []
    for url in _urls(notes, "dataset_schema.license", values):
        if is_licence(url) is not None:
            found.append(url)
        else:
            pages.append(url)
            notes.add("dataset_schema.license", "licence-is-access-page",
                      f"{url} names no licence (not an SPDX, Creative Commons, Open Government Licence or other "
                      "licence IRI): written as access conditions, not as a licence")
    return found, pages


def _access(notes: _Notes, raw: object, pages: list[str]) -> tuple[str | None, list[str], str | None]:
    """The access text, the access pages (those it links to, then `pages`) and the EU access right it
    states. A text that is only a URL is that URL, repaired as the URL is, so no raw form survives."""
    links = clean.links_in(raw) if isinstance(raw, str) else []
    urls = _urls(notes, "extra_data.data_access", links)
    text = _text(notes, "extra_data.data_access", raw)
    if text is not None and (only_url := clean.url(text)[0]) is not None and only_url in urls:
        text = None
    for link in links:
        # A ")" the text never opened is the URL's stray one (the repair url-repaired reported), not prose.
        fixed = clean.url(link)[0]
        if text and fixed and fixed != link and link in text and text.count(")") > text.count("("):
            text = text.replace(link, fixed)
    right = None
    if text is not None and (decided := access_right(text)) is not None:
        right, words = decided
        notes.add("extra_data.data_access", "access-rights-decided",
                  f"read as the EU access right {right} ({ACCESS_RIGHT_BASE}{right}) from the words {words!r}",
                  "info")
    return text, _unique([*urls, *pages])[0], right


def _other_identifiers(notes: _Notes, values: list[Any]) -> list[str]:
    out = [t for v in values if not clean.doi(v)[0] and (t := _text(notes, "dataset_schema.identifier", v))]
    return _dedupe(notes, "dataset_schema.identifier", out)


def _keywords(notes: _Notes, value: object, copy: object = None) -> list[str]:
    """dataset_schema.keywords, then those of extra_data.keywords (Harmony's copy of them) it lacks."""
    keywords = _dedupe(notes, "dataset_schema.keywords", _texts(notes, "dataset_schema.keywords", value),
                       str.casefold)
    seen = {k.casefold() for k in keywords}
    extra = [k for k in _texts(notes, "extra_data.keywords", copy) if k.casefold() not in seen]
    return keywords + _dedupe(notes, "extra_data.keywords", extra, str.casefold)


def _terms(notes: _Notes, field_name: str, value: object, *, lower: bool = True) -> list[str]:
    terms = _texts(notes, field_name, value)
    return _dedupe(notes, field_name, [t.lower() if lower else t for t in terms])


def _temporal(notes: _Notes, value: object, ed: dict[str, Any]) -> Period | None:
    period: Period | None = None
    if isinstance(value, str) and not clean.is_placeholder(value):
        try:
            period, changes = temporal.parse(value)
        except temporal.TemporalError as exc:
            notes.add("dataset_schema.temporalCoverage", "invalid-dropped", f"{exc}; start_year/end_year used")
        else:
            for change in changes:
                notes.add("dataset_schema.temporalCoverage", "date-normalised", change)
    elif not accounting.is_empty(value):
        notes.add("dataset_schema.temporalCoverage", "invalid-dropped",
                  f"{accounting.short(value)} is not an ISO 8601 coverage; start_year/end_year used")
    start = _year(notes, "extra_data.start_year", ed.get("start_year"))
    end = _year(notes, "extra_data.end_year", ed.get("end_year"))
    if period is not None:
        # The years repeat the coverage's; one that does not is reported, not silently outvoted.
        for field_name, year, bound in (("extra_data.start_year", start, period.start),
                                        ("extra_data.end_year", end, period.end)):
            if year is not None and not (bound or "").startswith(str(year)):
                notes.add(field_name, "count-mismatch",
                          f"{field_name.split('.')[-1]} {year} disagrees with the temporal coverage "
                          f"{period.iso()}; the coverage is written")
        return period
    if start is not None and end is not None and end < start:
        notes.add("extra_data.end_year", "date-normalised", f"end year {end} before start {start}, swapped")
        start, end = end, start
    return temporal.from_years(start, end)


def _countries(notes: _Notes, value: object) -> list[str]:
    out: list[str] = []
    for item in _as_list(value):
        code, note = clean.country(item)
        notes.add("extra_data.country_codes", "country-repaired" if code else "invalid-dropped", note)
        if code:
            out.append(code)
    return _dedupe(notes, "extra_data.country_codes", out)


def _geography(notes: _Notes, value: object, countries: list[str]) -> list[str]:
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        value = "\n".join(value)  # a list of places is read as the lines of one text
    if not isinstance(value, str):
        if not accounting.is_empty(value):
            notes.add("extra_data.geographic_coverage", "invalid-dropped",
                      f"{accounting.short(value)} is not text, dropped")
        return []
    parts = [p.strip().lstrip("+ ").strip() for p in _PLACE_SPLIT.split(value)]
    names = [t for p in parts if (t := clean.text(p)[0])]
    if len(names) > 1 or (names and names[0] != value.strip()):
        notes.add("extra_data.geographic_coverage", "list-repaired",
                  f"text split into {len(names)} place name(s)", "info")
    places = _dedupe(notes, "extra_data.geographic_coverage", names, str.casefold)
    # A place that is a country of country_codes is that country: say it once, by its code.
    for name in [p for p in places if clean.country_named(p) in countries]:
        places.remove(name)
        notes.add("extra_data.geographic_coverage", "place-is-country",
                  f"{name!r} is the country {clean.country_named(name)} of country_codes: listed once", "info")
    return places


def _languages(notes: _Notes, value: object) -> list[str]:
    out: list[str] = []
    for item in _texts(notes, "extra_data.language_codes", value):
        code = item.lower()
        if _LANGUAGE.match(code):
            out.append(code)
        else:
            notes.add("extra_data.language_codes", "invalid-dropped", f"{item!r} is not an ISO 639 code")
    return _dedupe(notes, "extra_data.language_codes", out)


def _agents(notes: _Notes, field_name: str, value: object) -> list[Agent]:
    names: list[str] = []
    for item in _as_list(value):
        raw = item.get("name") if isinstance(item, dict) else item
        if not isinstance(raw, str):
            notes.add(field_name, "invalid-dropped", f"organisation without a name dropped: {item!r}"[:200])
            continue
        parts = [p.strip() for p in _AGENT_SPLIT.split(raw) if p.strip()]
        if len(parts) > 1:
            notes.add(field_name, "list-repaired", f"{len(parts)} organisations in one name, split")
        names.extend(t for p in parts if (t := _text(notes, field_name, p)))
    return [Agent(n) for n in _dedupe(notes, field_name, names, str.casefold)]


def _catalogues(notes: _Notes, listed: object, sources: object) -> list[Catalogue]:
    source_ids = [s.strip().lower() for s in _as_list(sources) if isinstance(s, str) and s.strip()]
    for odd in [s for s in _as_list(sources) if not isinstance(s, str) and not accounting.is_empty(s)]:
        notes.add("extra_data.source", "invalid-dropped", f"{accounting.short(odd)} is not a source id, dropped")
    found: list[Catalogue] = []
    for item in _as_list(listed):
        name = _text(notes, "dataset_schema.includedInDataCatalog", item.get("name")) \
            if isinstance(item, dict) else None
        if not name:
            notes.add("dataset_schema.includedInDataCatalog", "invalid-dropped", "catalogue without a name")
            continue
        pages = _urls(notes, "dataset_schema.includedInDataCatalog", _as_list(item.get("url")))
        page = _first(pages)
        if len(pages) > 1:
            notes.add("dataset_schema.includedInDataCatalog[].url", "field-not-mapped",
                      f"{accounting.describe(pages[1:])}: one page per catalogue is written", "info")
        key = source_key(name)
        if key is None:
            unmatched = [s for s in source_ids if s not in SOURCES and s not in {c.key for c in found}]
            key = unmatched[0] if len(unmatched) == 1 else unknown_key(name)
        if key in SOURCES:
            found.append(catalogue(key, page))
        else:
            found.append(Catalogue(key=key, name=name, page=page))
    for key in source_ids:
        if key not in {c.key for c in found}:
            found.append(catalogue(key) if key in SOURCES else Catalogue(key=key, name=key))
    return _dedupe(notes, "dataset_schema.includedInDataCatalog", found, lambda c: c.key)


def _sample_size(notes: _Notes, stated: object, size: object) -> int | None:
    sample = _count(notes, "extra_data.sample_size", stated)
    from_size = _count(notes, "dataset_schema.size", size)
    if sample is not None and from_size is not None and sample != from_size:
        notes.add("dataset_schema.size", "count-mismatch",
                  f"size {from_size} disagrees with sample_size {sample}; sample_size used")
    return sample if sample is not None else from_size


def _age_range(notes: _Notes, lower: object, upper: object) -> tuple[int | None, int | None]:
    low = _count(notes, "extra_data.age_lower", lower)
    high = _count(notes, "extra_data.age_upper", upper)
    if low is not None and high is not None and low > high:
        notes.add("extra_data.age_upper", "invalid-dropped", f"age range {low}-{high} reversed, swapped")
        low, high = high, low
    return low, high


def _num_variables(notes: _Notes, ds: dict[str, Any], ed: dict[str, Any], listed: int) -> int | None:
    """Each count is what one system has seen, so each is a lower bound: keep the largest."""
    stated = {
        f: n for f, v in (("extra_data.num_variables", ed.get("num_variables")),
                          ("extra_data.number_of_variables", ed.get("number_of_variables")),
                          ("dataset_schema.number_of_variables", ds.get("number_of_variables")))
        if (n := _count(notes, f, v)) is not None
    }
    if listed:
        stated["variableMeasured"] = listed
    if len(set(stated.values())) > 1:
        detail = ", ".join(f"{f}={n}" for f, n in stated.items())
        notes.add("extra_data.num_variables", "count-mismatch", f"counts disagree ({detail}); largest used")
    return max(stated.values()) if stated else None


def _variables(notes: _Notes, value: object) -> list[Variable]:
    out: list[Variable] = []
    for item in _as_list(value):
        raw = item if isinstance(item, dict) else {"name": item}
        name = _text(notes, "dataset_schema.variableMeasured", raw.get("name"))
        if not name:
            notes.add("dataset_schema.variableMeasured", "invalid-dropped", "variable without a name dropped")
            continue
        description = raw.get("description")
        if isinstance(description, str) and clean.is_placeholder(description) and description.strip():
            notes.add("dataset_schema.variableMeasured", "placeholder-dropped",
                      f"description {description.strip()!r} of variable {name!r} dropped")
            description = None
        out.append(Variable(name, _text(notes, "dataset_schema.variableMeasured", description)))
    return _dedupe(notes, "dataset_schema.variableMeasured", out)


def _ref(item: dict[str, Any], origin: str) -> RecordRef:
    ds: dict[str, Any] = item["dataset_schema"] if isinstance(item.get("dataset_schema"), dict) else {}
    ed: dict[str, Any] = item["extra_data"] if isinstance(item.get("extra_data"), dict) else {}
    key, _ = _key(ds, ed, origin)
    name = clean.text(ds.get("name") or ed.get("name"))[0]
    # Read untracked: no profile writes a related record's URLs, so its url stays reported as not mapped.
    urls = [u for v in _as_list(accounting.peek(ds, "url")) if (u := clean.url(v)[0])]
    return RecordRef(key, name, tuple(urls))


def _parents(data: dict[str, Any], notes: _Notes) -> list[RecordRef]:
    items = [a for a in _as_list(data.get("ancestors")) if a] + [p for p in _as_list(data.get("parent")) if p]
    refs: list[RecordRef] = []
    for i, item in enumerate(items):
        if not isinstance(item, dict):
            notes.add("ancestors", "invalid-dropped", f"ancestor {i} is not an object")
            continue
        try:
            refs.append(_ref(item, f"{notes.record} ancestor {i}"))
        except RecordError as exc:
            notes.add("ancestors", "invalid-dropped", f"ancestor {i}: {exc.problem.message}")
    return _dedupe(notes, "ancestors", refs, lambda r: r.key)


def _children(value: object, raw: RawRecord, notes: _Notes) -> list[Record | RecordRef]:
    out: list[Record | RecordRef] = []
    for i, item in enumerate(_as_list(value)):
        origin = f"{raw.origin} child {i}"
        if not isinstance(item, dict):
            notes.add("child_datasets", "invalid-dropped", f"child {i} is not an object")
            continue
        try:
            if item.get("dataset_schema"):
                child, child_notes = _normalise(item, RawRecord(item, origin, raw.reader), nested=True)
                out.append(child)
                for problem in child_notes.problems():
                    notes.add(f"child_datasets[].{problem.field}", problem.code,
                              f"child {i}: {problem.message}", problem.severity)
            else:
                out.append(_ref(item, origin))
                notes.add("child_datasets", "child-by-reference",
                          f"child {i} has an empty dataset_schema: linked by reference only", "info")
        except RecordError as exc:
            notes.add("child_datasets", "invalid-dropped", f"child {i} dropped: {exc.problem.message}")
    return _dedupe(notes, "child_datasets", out, lambda r: r.key)
