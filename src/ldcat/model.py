"""The normalised record model: plain typed data between readers and mappers.

Readers turn any input into `RawRecord`s (Harmony-shaped dicts); `normalise` turns a raw record
into a `Record`; mappers turn a `Record` into triples. A new input format is one reader, a new
output profile is one mapper, and neither needs to know about the other.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ldcat.handoff import by_fields
from ldcat.problems import Problem


@dataclass(frozen=True, slots=True)
class RawRecord:
    """One record as read, before any cleaning.

    `data` is in the shape of a Harmony discovery API result:
    ``{"dataset_schema": {...schema.org Dataset...}, "extra_data": {...}, "ancestors": [...],
    "child_datasets": [...], "parent": {...}}``; readers of other formats fill what they can.
    `origin` says where it came from (``records.jsonl:12``) for error messages. `notes` are what
    the reader has to say about this record (which of a page's sources it is, for instance): they
    are reported with the record's own problems, not as a record that failed.
    """

    data: dict[str, Any]
    origin: str
    reader: str
    notes: tuple[Problem, ...] = ()


@dataclass(frozen=True, slots=True)
class Agent:
    """An organisation (Harmony names only organisations, sometimes people, never typed)."""

    name: str


@by_fields
@dataclass(frozen=True, slots=True)
class Catalogue:
    """A source catalogue that holds the record (UK Data Service, CLOSER...).

    `key` is Harmony's source id (``ukds``); `page` is the record's page in that catalogue.
    """

    key: str
    name: str
    homepage: str | None = None
    page: str | None = None


@dataclass(frozen=True, slots=True)
class Period:
    """Temporal coverage. `start`/`end` are ISO 8601 strings whose length is their precision:
    ``2007`` (year), ``2007-11`` (month), ``2007-11-01`` (day); `end` None means open-ended."""

    start: str | None
    end: str | None

    def iso(self) -> str:
        """The ISO 8601 form Google reads: ``2008``, ``2008/2009``, ``2007/..``."""
        if self.start and self.end == self.start:
            return self.start
        return f"{self.start or '..'}/{self.end or '..'}"


@dataclass(frozen=True, slots=True)
class Variable:
    name: str
    description: str | None = None


@dataclass(frozen=True, slots=True)
class RecordRef:
    """A related record known only by reference (an ancestor study, a parent)."""

    key: str
    name: str | None = None
    urls: tuple[str, ...] = ()


@by_fields
@dataclass(slots=True)
class Record:
    """One dataset or study, cleaned. Lists are de-duplicated and keep input order.

    `key` is the stable id IRIs are minted from: Harmony's uuid where known, else a value
    derived from another stable id (see `ldcat.normalise.record_key`), never from the title.
    """

    key: str
    name: str
    origin: str
    description: str | None = None
    resource_type: str | None = None  # "study" | "dataset"
    harmony_id: str | None = None
    slug: str | None = None
    harmony_page: str | None = None  # the record's page on Harmony (https://harmonydata.ac.uk/search/items/<slug>)
    urls: list[str] = field(default_factory=list)
    dois: list[str] = field(default_factory=list)  # the dataset's own DOIs, canonical "10.xxxx/..." form
    # DOIs of articles about the dataset (cohort profiles...): citations, not its identity
    # (`ldcat.normalise.dois` decides which is which).
    citations: list[str] = field(default_factory=list)
    identifiers: list[str] = field(default_factory=list)  # other identifiers, as given
    keywords: list[str] = field(default_factory=list)
    imputed_keywords: list[str] = field(default_factory=list)  # Harmony's machine-imputed keywords, not the source's
    temporal: Period | None = None
    countries: list[str] = field(default_factory=list)  # ISO 3166-1 alpha-2, e.g. "GB"
    geography: list[str] = field(default_factory=list)  # free-text place names
    languages: list[str] = field(default_factory=list)  # ISO 639-1, e.g. "en"
    catalogues: list[Catalogue] = field(default_factory=list)
    publishers: list[Agent] = field(default_factory=list)
    creators: list[Agent] = field(default_factory=list)
    funders: list[Agent] = field(default_factory=list)
    sponsors: list[Agent] = field(default_factory=list)
    copyright_holders: list[Agent] = field(default_factory=list)
    licenses: list[str] = field(default_factory=list)  # only URLs that name a licence (`normalise.licences`)
    image: str | None = None
    sample_size: int | None = None
    age_lower: int | None = None
    age_upper: int | None = None
    sex: str | None = None  # as the source says it ("all", "male", "female")
    study_design: list[str] = field(default_factory=list)
    instruments: list[str] = field(default_factory=list)
    variables: list[Variable] = field(default_factory=list)
    num_variables: int | None = None
    num_sweeps: int | None = None
    duration_years: int | None = None  # Harmony's end year - start year; said by `temporal`, not written
    genetic_data_collected: bool | None = None
    access_text: str | None = None
    access_urls: list[str] = field(default_factory=list)  # data_access pages, and `license` pages naming no licence
    access_rights: str | None = None  # "PUBLIC" | "RESTRICTED" | "NON_PUBLIC": the EU access right, where decided
    summary: str | None = None  # Harmony's machine-written summary
    parents: list[RecordRef] = field(default_factory=list)
    # Child datasets described in this record; those it names without describing are refs.
    children: list[Record | RecordRef] = field(default_factory=list)
    # Other keys the same study is known by in its other forms (the slug key a page naming only the
    # slug mints): each is to be linked to this record with owl:sameAs (`ldcat.normalise.record_aliases`).
    also_known_as: list[str] = field(default_factory=list)
