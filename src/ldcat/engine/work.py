"""The unit of work every engine runs: a chunk of raw records in, one `Outcome` per record out.

Normalising, mapping, validating and rendering happen here, in whatever process runs the chunk
(the main one, a process of the `--jobs` pool, or a Dask worker); the caller only writes the
rendered text in input order. Shapes are parsed once per process (cached in `ldcat.validate`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from typing import TypeVar

from ldcat.errors import RecordError
from ldcat.mapping import MapOptions, Triple, record_triples
from ldcat.model import RawRecord, Record
from ldcat.namespaces import DCAT
from ldcat.normalise import normalise
from ldcat.problems import Problem, Severity
from ldcat.serialise import WRITERS
from ldcat.validate import Result, Validator
from ldcat.validate.fast import gc_paused

CHUNK = 64  # records per unit of work: big enough to amortise, small enough to keep memory flat
# The catalogue links: a set, so each triple's predicate is found by its (cached) hash rather than
# compared with each in Python (URIRef's __eq__).
LINKS = frozenset({DCAT.dataset, DCAT.record})

T = TypeVar("T")


@dataclass(frozen=True)
class Job:
    """What to do with each record: the mapping, the formats to render, the shapes to check."""

    mapping: MapOptions = field(default_factory=MapOptions)
    formats: tuple[str, ...] = ()
    validate: tuple[str, ...] = ()
    shacl_engine: str = "fast"  # one of ldcat.validate.ENGINES
    keep_triples: bool = False  # hand the triples back (for in-process consumers)
    # Hand back only what the writing process uses of each record (`summary`): a worker's outcomes
    # are pickled, and a whole record (its variables, agents...) costs more to unpickle than to map.
    slim: bool = False


@dataclass
class Outcome:
    """One record's result. `record` is None when it could not be read or normalised."""

    origin: str
    record: Record | None
    problems: list[Problem]
    triples: set[Triple] | None = None
    count: int = 0
    rendered: dict[str, str] = field(default_factory=dict)
    results: list[Result] = field(default_factory=list)  # its SHACL results
    links: list[Triple] = field(default_factory=list)  # its catalogue links (dcat:dataset, dcat:record)

    @property
    def violations(self) -> list[Result]:
        return [r for r in self.results if r.severity == "violation"]

    def reject(self) -> dict[str, object]:
        """Its line in the rejects file."""
        assert self.record is not None
        return {"origin": self.origin, "key": self.record.key, "name": self.record.name,
                "problems": [asdict(r) for r in self.results]}


def chunked(items: Iterable[T], size: int = CHUNK) -> Iterator[list[T]]:
    """`items` in lists of `size` (the last one shorter)."""
    chunk: list[T] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def process(chunk: list[RawRecord | Problem], job: Job) -> list[Outcome]:
    """Run one chunk; a reader's problem passes through as a failed outcome.

    Cyclic garbage collection waits for the chunk's end (`gc_paused`): a record's many small
    objects are freed by reference counting, and the collections they set off otherwise walk the
    process's long-lived objects (the shapes graphs) again and again."""
    with gc_paused():
        return _process(chunk, job)


def _process(chunk: list[RawRecord | Problem], job: Job) -> list[Outcome]:
    outcomes: list[Outcome] = []
    made: list[tuple[Outcome, set[Triple]]] = []
    validator = (Validator(job.validate, batch_size=len(chunk) + 1, shacl_engine=job.shacl_engine)
                 if job.validate else None)
    for item in chunk:
        if isinstance(item, Problem):
            outcomes.append(Outcome(item.record or "", None, [item]))
            continue
        try:
            record, problems = normalise(item)
        except RecordError as exc:
            outcomes.append(Outcome(item.origin, None, [exc.problem]))
            continue
        triples = record_triples(record, job.mapping, problems)  # what a profile could not map joins the rest
        outcome = Outcome(item.origin, summary(record) if job.slim else record, problems,
                          triples if job.keep_triples else None, len(triples))
        name = job.mapping.iris.record(record.key)
        outcome.rendered = {fmt: WRITERS[fmt](None).render(triples, name) for fmt in job.formats}
        outcome.links = [t for t in triples if t[1] in LINKS]
        if validator is not None:
            validator.queue(triples)
        outcomes.append(outcome)
        made.append((outcome, triples))
    if validator is not None:
        # pyshacl's order follows set iteration, which differs between processes: sort, so every
        # engine reports (and rejects) a record's results in the same order.
        profiles = {profile: n for n, profile in enumerate(validator.report.profiles)}
        _attribute(sorted(validator.flush(), key=lambda r: (profiles[r.profile], r.key(), r.message)), made,
                   job.slim)
    return outcomes


def summary(record: Record) -> Record:
    """The record as the writing process sees it: its key, name, origin and catalogues (what the
    policy, the catalogue's listing and the rejects file read), the rest left empty."""
    return Record(record.key, record.name, record.origin, catalogues=record.catalogues)


def _attribute(results: list[Result], made: list[tuple[Outcome, set[Triple]]], slim: bool) -> None:
    """Each result goes to every record whose triples describe its focus node, as a problem. With
    `slim`, only a record with violations keeps its results too: the writing process reads them
    only to reject it (`Policy`), and sending every warning twice costs more than finding them."""
    if not results:
        return
    by_focus: dict[str, list[tuple[int, Result]]] = {}  # each result with its place in `results`
    for place, result in enumerate(results):
        by_focus.setdefault(result.focus, []).append((place, result))
    for outcome, triples in made:
        subjects = {str(s) for s in {t[0] for t in triples}}  # each distinct subject once as text
        found = [r for _, r in sorted(pair for focus in subjects & by_focus.keys() for pair in by_focus[focus])]
        outcome.problems += [as_problem(r, outcome.origin) for r in found]
        if not slim or any(r.severity == "violation" for r in found):
            outcome.results = found


def as_problem(result: Result, origin: str) -> Problem:
    severity: Severity = "error" if result.severity == "violation" else "warning"
    where = "" if result.dataset and result.focus == result.dataset else f" on <{result.focus}>"
    value = f" (value: {result.value})" if result.value is not None else ""
    return Problem(f"shape-{result.severity}", f"[{result.profile}]{where} {result.message}{value}", severity,
                   origin, result.path)
