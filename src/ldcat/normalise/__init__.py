"""Raw Harmony-shaped records → clean `Record`s, with every repair reported.

Each field is read by one small function; the `_Notes` collector turns what the cleaning
functions said into one `Problem` per record, field and kind of repair, so nothing changes
silently and the report stays readable.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from ldcat.errors import RecordError
from ldcat.model import Agent, Catalogue, Period, RawRecord, Record, RecordRef, Variable
from ldcat.normalise import clean, temporal
from ldcat.normalise.catalogues import SOURCES, catalogue, source_key, unknown_key
from ldcat.problems import Problem, Severity

T = TypeVar("T")
_HEX32 = re.compile(r"^[0-9a-f]{32}$")
_AGENT_SPLIT = re.compile(r"\s*(?:;|<br\s*/?>)\s*", re.IGNORECASE)
_PLACE_SPLIT = re.compile(r"\s*(?:\n|<br\s*/?>|;| / |,)\s*", re.IGNORECASE)
_LANGUAGE = re.compile(r"^[a-z]{2,3}$")


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
    """Clean one raw record. Raises `RecordError` when no usable record is left."""
    data = raw.data
    ds, ed = _section(data, "dataset_schema", raw.origin), _section(data, "extra_data", raw.origin)
    key, how = record_key(ds, ed, raw.origin)
    label = f"{raw.origin} ({ed.get('harmony_id') or ed.get('slug') or key})"
    notes = _Notes(label)
    if how not in ("uuid", "harmony_id"):
        notes.add("extra_data.uuid", "iri-from-" + how.replace("@", ""),
                  f"no Harmony uuid: IRIs are minted from the record's {how}", "info")
    record = _fields(ds, ed, key, raw.origin, notes)
    record.parents = _parents(data, notes)
    record.children = _children(data.get("child_datasets"), raw, notes)
    return record, notes.problems()


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

    Harmony's uuid is the md5 of its harmony_id (true of every record seen), so a record that
    has only a harmony_id gets the same IRIs as when it comes with its uuid.
    """
    uuid = ed.get("uuid")
    if isinstance(uuid, str) and _HEX32.match(uuid.strip().lower()):
        return uuid.strip().lower(), "uuid"
    harmony_id = ed.get("harmony_id")
    if isinstance(harmony_id, str) and harmony_id.strip():
        return hashlib.md5(harmony_id.strip().encode()).hexdigest(), "harmony_id"
    slug = ed.get("slug")
    if isinstance(slug, str) and re.fullmatch(r"[a-z0-9][a-z0-9-]{0,199}", slug.strip()):
        slug = slug.strip()
        return ("s-" + slug if _HEX32.match(slug) else slug), "slug"
    for how, value in (("@id", ed.get("@id")), ("url", _first(ds.get("url")))):
        if isinstance(value, str) and value.strip():
            return hashlib.md5(f"{how}:{value.strip()}".encode()).hexdigest(), how
    for value in _as_list(ds.get("identifier")):
        name, _ = clean.doi(value)
        if name:
            return hashlib.md5(f"doi:{name.lower()}".encode()).hexdigest(), "DOI"
    raise RecordError(Problem("no-identifier", "record has no uuid, harmony_id, slug, @id, url or DOI "
                              "to mint stable IRIs from", "error", origin, "extra_data.uuid"))


def _fields(ds: dict[str, Any], ed: dict[str, Any], key: str, origin: str, notes: _Notes) -> Record:
    name = _text(notes, "dataset_schema.name", ds.get("name")) or _text(notes, "extra_data.name", ed.get("name"))
    if not name:
        raise RecordError(Problem("missing-name", "record has no name (dataset_schema.name)",
                                  "error", notes.record, "dataset_schema.name"))
    variables = _variables(notes, ds.get("variableMeasured"))
    catalogues = _catalogues(notes, ds.get("includedInDataCatalog"), ed.get("source"))
    raw_access = ed.get("data_access")
    access_urls = _urls(notes, "extra_data.data_access", clean.links_in(raw_access)) \
        if isinstance(raw_access, str) else []
    access_text = _text(notes, "extra_data.data_access", raw_access)
    age_lower, age_upper = _age_range(notes, ed.get("age_lower"), ed.get("age_upper"))
    return Record(
        key=key,
        name=name,
        origin=origin,
        description=_text(notes, "dataset_schema.description", ds.get("description")),
        resource_type=_text(notes, "extra_data.resource_type", ed.get("resource_type")),
        harmony_id=_text(notes, "extra_data.harmony_id", ed.get("harmony_id")),
        slug=_text(notes, "extra_data.slug", ed.get("slug")),
        urls=_urls(notes, "dataset_schema.url", [*_as_list(ds.get("url")), *_as_list(ed.get("urls"))]),
        dois=_dois(notes, [*_as_list(ds.get("identifier")), *_as_list(ed.get("dois"))]),
        identifiers=_other_identifiers(notes, _as_list(ds.get("identifier"))),
        keywords=_keywords(notes, ds.get("keywords") or ed.get("keywords")),
        temporal=_temporal(notes, ds.get("temporalCoverage"), ed),
        countries=_countries(notes, ed.get("country_codes")),
        geography=_geography(notes, ed.get("geographic_coverage")),
        languages=_languages(notes, ed.get("language_codes")),
        catalogues=catalogues,
        publishers=_agents(notes, "dataset_schema.publisher", ds.get("publisher")),
        creators=_agents(notes, "dataset_schema.creator", ds.get("creator")),
        funders=_agents(notes, "dataset_schema.funder", ds.get("funder")),
        sponsors=_agents(notes, "dataset_schema.sponsor", ds.get("sponsor")),
        copyright_holders=_agents(notes, "dataset_schema.copyrightHolder", ds.get("copyrightHolder")),
        licenses=_urls(notes, "dataset_schema.license", _as_list(ds.get("license"))),
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
        genetic_data_collected=_flag(ed.get("genetic_data_collected")),
        access_text=None if access_text in access_urls else access_text,
        access_urls=access_urls,
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


def _flag(value: object) -> bool | None:
    return value if isinstance(value, bool) else None


def _unique(values: Iterable[T], key: Callable[[T], object] = lambda v: v) -> tuple[list[T], list[T]]:
    """Values without repeats (first one wins), and the repeats dropped."""
    seen: set[object] = set()
    kept: list[T] = []
    dropped: list[T] = []
    for value in values:
        k = key(value)
        (dropped if k in seen else kept).append(value)
        seen.add(k)
    return kept, dropped


def _dedupe(notes: _Notes, field_name: str, values: list[T], key: Callable[[T], object] = lambda v: v) -> list[T]:
    kept, dropped = _unique(values, key)
    if dropped:
        notes.add(field_name, "duplicate-dropped", f"{len(dropped)} repeated value(s) dropped")
    return kept


def _text(notes: _Notes, field_name: str, value: object) -> str | None:
    result, note = clean.text(value)
    notes.add(field_name, "text-cleaned", note)
    return result


def _count(notes: _Notes, field_name: str, value: object) -> int | None:
    number, note = clean.integer(value)
    notes.add(field_name, "number-repaired", note)
    if number is not None and number < 0:
        notes.add(field_name, "invalid-dropped", f"negative count {number} dropped")
        return None
    return number


def _texts(notes: _Notes, field_name: str, value: object) -> list[str]:
    if isinstance(value, str) and field_name.endswith("keywords") and "," in value:
        notes.add(field_name, "list-repaired", "comma-separated text read as a list")
        value = value.split(",")
    out = [t for t in (_text(notes, field_name, v) for v in _as_list(value)) if t]
    return out


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


def _dois(notes: _Notes, values: list[Any]) -> list[str]:
    out: list[str] = []
    for value in values:
        name, note = clean.doi(value)
        notes.add("dataset_schema.identifier", "doi-normalised", note)
        if name:
            out.append(name)
    # DOI names are case-insensitive; identifier and dois repeat each other by design.
    return _unique(out, str.casefold)[0]


def _other_identifiers(notes: _Notes, values: list[Any]) -> list[str]:
    out = [t for v in values if not clean.doi(v)[0] and (t := _text(notes, "dataset_schema.identifier", v))]
    return _dedupe(notes, "dataset_schema.identifier", out)


def _keywords(notes: _Notes, value: object) -> list[str]:
    return _dedupe(notes, "dataset_schema.keywords", _texts(notes, "dataset_schema.keywords", value),
                   str.casefold)


def _terms(notes: _Notes, field_name: str, value: object, *, lower: bool = True) -> list[str]:
    terms = _texts(notes, field_name, value)
    return _dedupe(notes, field_name, [t.lower() if lower else t for t in terms])


def _temporal(notes: _Notes, value: object, ed: dict[str, Any]) -> Period | None:
    if isinstance(value, str) and not clean.is_placeholder(value):
        try:
            period, changes = temporal.parse(value)
        except temporal.TemporalError as exc:
            notes.add("dataset_schema.temporalCoverage", "invalid-dropped", f"{exc}; start_year/end_year used")
        else:
            for change in changes:
                notes.add("dataset_schema.temporalCoverage", "date-normalised", change)
            return period
    start = _count(notes, "extra_data.start_year", ed.get("start_year"))
    end = _count(notes, "extra_data.end_year", ed.get("end_year"))
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


def _geography(notes: _Notes, value: object) -> list[str]:
    if not isinstance(value, str):
        return []
    parts = [p.lstrip("+ ").strip() for p in _PLACE_SPLIT.split(value)]
    names = [t for p in parts if (t := clean.text(p)[0])]
    if len(names) > 1 or (names and names[0] != value.strip()):
        notes.add("extra_data.geographic_coverage", "list-repaired",
                  f"text split into {len(names)} place name(s)", "info")
    return _dedupe(notes, "extra_data.geographic_coverage", names, str.casefold)


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
        parts = [p for p in _AGENT_SPLIT.split(raw) if p.strip()]
        if len(parts) > 1:
            notes.add(field_name, "list-repaired", f"{len(parts)} organisations in one name, split")
        names.extend(t for p in parts if (t := _text(notes, field_name, p)))
    return [Agent(n) for n in _dedupe(notes, field_name, names, str.casefold)]


def _catalogues(notes: _Notes, listed: object, sources: object) -> list[Catalogue]:
    source_ids = [s.strip().lower() for s in _as_list(sources) if isinstance(s, str) and s.strip()]
    found: list[Catalogue] = []
    for item in _as_list(listed):
        name = _text(notes, "dataset_schema.includedInDataCatalog", item.get("name")) \
            if isinstance(item, dict) else None
        if not name:
            notes.add("dataset_schema.includedInDataCatalog", "invalid-dropped", "catalogue without a name")
            continue
        page = _first(_urls(notes, "dataset_schema.includedInDataCatalog", _as_list(item.get("url"))))
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
    return _unique(found, lambda c: c.key)[0]


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
    key, _ = record_key(ds, ed, origin)
    name = clean.text(ds.get("name") or ed.get("name"))[0]
    urls = [u for v in _as_list(ds.get("url")) if (u := clean.url(v)[0])]
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
                child, problems = normalise(RawRecord({**item, "child_datasets": []}, origin, raw.reader))
                out.append(child)
                for problem in problems:
                    notes.add(f"child_datasets[].{problem.field}", problem.code,
                              f"child {i}: {problem.message}", problem.severity)
            else:
                out.append(_ref(item, origin))
                notes.add("child_datasets", "child-by-reference",
                          f"child {i} has an empty dataset_schema: linked by reference only", "info")
        except RecordError as exc:
            notes.add("child_datasets", "invalid-dropped", f"child {i} dropped: {exc.problem.message}")
    return _dedupe(notes, "child_datasets", out, lambda r: r.key)
