"""An offline estimate of data.europa.eu's Metadata Quality Assessment (MQA) of each dataset.

The MQA scores a dataset's DCAT-AP description out of 405 points in five dimensions (findability
100, accessibility 100, interoperability 110, reusability 75, contextuality 20) and rates the
catalogue by its mean: Excellent from 351, Good from 221, Sufficient from 121, else Bad. It runs
only after data.europa.eu has harvested a catalogue; this computes the same metrics before, from
the triples ldcat writes, so a publisher sees where points are lost and how to gain them.

Where ldcat's reading may differ from the MQA's, it is conservative, so the score is a lower bound:
* the two reachability metrics (an access or download URL answering HTTP 200: 80 points) need
  fetching, which ldcat never does: they score 0 here and say so;
* a distribution metric (format, licence...) scores when at least one distribution meets it;
* "DCAT-AP compliance" is no violation of ldcat's DCAT-AP 3 shapes (`shapes/dcat-ap-3.ttl`, run
  by the fast engine), where the MQA uses SEMIC's shapes;
* non-proprietary and machine-readable formats are the EU file types listed in `OPEN_FORMATS` and
  `MACHINE_READABLE`, ldcat's reading of the MQA's lists.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from rdflib import URIRef
from rdflib.term import Node

from ldcat.engine.work import chunked
from ldcat.mapping import MapOptions
from ldcat.namespaces import DCAT, DCT
from ldcat.pipeline import Converted
from ldcat.publish.landing import TripleIndex
from ldcat.validate import Validator

EU = "http://publications.europa.eu/resource/authority/"
FILE_TYPE, LICENCE, ACCESS_RIGHT = f"{EU}file-type/", f"{EU}licence/", f"{EU}access-right/"
IANA = ("https://www.iana.org/assignments/media-types/", "http://www.iana.org/assignments/media-types/")
OPEN_FORMATS = frozenset({"CSV", "JSON", "JSON_LD", "XML", "RDF", "RDF_XML", "RDF_TURTLE", "RDF_N_TRIPLES",
                          "RDF_N_QUADS", "TXT", "HTML", "ODS", "ODT", "GEOJSON", "GML", "KML", "SPARQLQ"})
MACHINE_READABLE = frozenset({"CSV", "JSON", "JSON_LD", "XML", "RDF", "RDF_XML", "RDF_TURTLE", "RDF_N_TRIPLES",
                              "RDF_N_QUADS", "ODS", "XLS", "XLSX", "GEOJSON", "GML", "KML", "SPARQLQ", "TSV"})
RATINGS = (("excellent", 351), ("good", 221), ("sufficient", 121), ("bad", 0))
DIMENSIONS = ("findability", "accessibility", "interoperability", "reusability", "contextuality")


@dataclass(frozen=True, slots=True)
class Metric:
    dimension: str
    name: str
    points: int
    gain: str  # how to gain the points
    test: Callable[[TripleIndex, URIRef, list[Node], bool], bool] = field(repr=False)
    offline: bool = True  # False: the MQA fetches to decide; 0 here


def _has(prop: URIRef) -> Callable[[TripleIndex, URIRef, list[Node], bool], bool]:
    return lambda ix, ds, dists, ok: bool(ix.values(ds, prop))


def _any_dist(prop: URIRef, match: Callable[[str], bool] = lambda v: True
              ) -> Callable[[TripleIndex, URIRef, list[Node], bool], bool]:
    return lambda ix, ds, dists, ok: any(match(str(v)) for d in dists for v in ix.values(d, prop))


def _code(value: str) -> str:
    return value.rstrip("/").rsplit("/", 1)[-1].upper()


def _licensed(ix: TripleIndex, ds: URIRef, dists: list[Node], vocabulary: bool) -> bool:
    values = [str(v) for v in [*ix.values(ds, DCT.license), *(v for d in dists for v in ix.values(d, DCT.license))]]
    return any(v.startswith(LICENCE) for v in values) if vocabulary else bool(values)


METRICS: tuple[Metric, ...] = (
    Metric("findability", "dcat:keyword", 30, "give keywords", _has(DCAT.keyword)),
    Metric("findability", "dcat:theme", 30, "give a theme from the EU data-theme vocabulary (ldcat maps each "
           "catalogue to one: `ldcat.mapping.themes`)", _has(DCAT.theme)),
    Metric("findability", "dct:spatial", 20, "say which places the data covers", _has(DCT.spatial)),
    Metric("findability", "dct:temporal", 20, "say which period the data covers", _has(DCT.temporal)),
    Metric("accessibility", "dcat:accessURL answers", 50, "the MQA fetches each access URL; ldcat does not, so "
           "these points are not counted here", lambda ix, ds, dists, ok: False, offline=False),
    Metric("accessibility", "dcat:downloadURL", 20, "give a distribution a download URL (a file, not a page)",
           _any_dist(DCAT.downloadURL)),
    Metric("accessibility", "dcat:downloadURL answers", 30, "the MQA fetches each download URL; ldcat does not",
           lambda ix, ds, dists, ok: False, offline=False),
    Metric("interoperability", "dct:format", 20, "say each distribution's format", _any_dist(DCT.format)),
    Metric("interoperability", "dcat:mediaType", 10, "say each distribution's media type (IANA)",
           _any_dist(DCAT.mediaType)),
    Metric("interoperability", "format or media type from a vocabulary", 10, "use the EU file-type table or IANA "
           "media types", lambda ix, ds, dists, ok: _any_dist(DCT.format, lambda v: v.startswith(FILE_TYPE))(
               ix, ds, dists, ok) or _any_dist(DCAT.mediaType, lambda v: v.startswith(IANA))(ix, ds, dists, ok)),
    Metric("interoperability", "non-proprietary format", 20, "offer an open format (CSV, JSON, XML, RDF...)",
           _any_dist(DCT.format, lambda v: v.startswith(FILE_TYPE) and _code(v) in OPEN_FORMATS)),
    Metric("interoperability", "machine-readable format", 20, "offer a machine-readable format",
           _any_dist(DCT.format, lambda v: v.startswith(FILE_TYPE) and _code(v) in MACHINE_READABLE)),
    Metric("interoperability", "DCAT-AP compliance", 30, "fix what `ldcat validate --shapes dcat-ap-3` reports",
           lambda ix, ds, dists, ok: ok),
    Metric("reusability", "dct:license", 20, "name the licence (an access page is not one)",
           lambda ix, ds, dists, ok: _licensed(ix, ds, dists, vocabulary=False)),
    Metric("reusability", "licence from a vocabulary", 10, "use the EU licence table",
           lambda ix, ds, dists, ok: _licensed(ix, ds, dists, vocabulary=True)),
    Metric("reusability", "dct:accessRights", 10, "say whether access is public, restricted or non-public",
           _has(DCT.accessRights)),
    Metric("reusability", "access rights from the vocabulary", 5, "use the EU access-right table",
           lambda ix, ds, dists, ok: any(str(v).startswith(ACCESS_RIGHT) for v in ix.values(ds, DCT.accessRights))),
    Metric("reusability", "dcat:contactPoint", 20, "give a contact point", _has(DCAT.contactPoint)),
    Metric("reusability", "dct:publisher", 10, "name the publisher", _has(DCT.publisher)),
    Metric("contextuality", "dct:rights", 5, "give a distribution a rights statement", _any_dist(DCT.rights)),
    Metric("contextuality", "dcat:byteSize", 5, "give a distribution its size in bytes", _any_dist(DCAT.byteSize)),
    Metric("contextuality", "dct:issued", 5, "say when the dataset was first published", _has(DCT.issued)),
    Metric("contextuality", "dct:modified", 5, "say when the dataset last changed", _has(DCT.modified)),
)
MAXIMUM = {d: sum(m.points for m in METRICS if m.dimension == d) for d in DIMENSIONS}
TOTAL = sum(MAXIMUM.values())


@dataclass(frozen=True)
class DatasetScore:
    dataset: str
    met: frozenset[str]  # the names of the metrics it meets

    def points(self, dimension: str | None = None) -> int:
        return sum(m.points for m in METRICS if m.name in self.met and dimension in (None, m.dimension))


def score_dataset(index: TripleIndex, dataset: URIRef, compliant: bool) -> DatasetScore:
    """The metrics one dataset (its record's triples, indexed) meets; `compliant`: no DCAT-AP violation."""
    dists = index.values(dataset, DCAT.distribution)
    return DatasetScore(str(dataset), frozenset(m.name for m in METRICS if m.test(index, dataset, dists, compliant)))


def rating(points: float) -> str:
    return next(name for name, floor in RATINGS if points >= floor)


@dataclass
class CatalogueScore:
    """The datasets' scores together: means per dimension, the rating of the mean, and where points go."""

    datasets: list[DatasetScore] = field(default_factory=list)

    def add(self, score: DatasetScore) -> None:
        self.datasets.append(score)

    def mean(self, dimension: str | None = None) -> float:
        return sum(s.points(dimension) for s in self.datasets) / len(self.datasets) if self.datasets else 0.0

    @property
    def rating(self) -> str:
        return rating(self.mean())

    def ratings(self) -> dict[str, int]:
        counts = {name: 0 for name, _ in RATINGS}
        for s in self.datasets:
            counts[rating(s.points())] += 1
        return counts

    def lost(self) -> list[tuple[Metric, int]]:
        """Each metric with the number of datasets that miss it, most points lost first."""
        missing = [(m, sum(m.name not in s.met for s in self.datasets)) for m in METRICS]
        return sorted([(m, n) for m, n in missing if n], key=lambda item: (-item[0].points * item[1], item[0].name))

    def to_dict(self) -> dict[str, object]:
        return {
            "datasets": len(self.datasets), "total": round(self.mean(), 1), "maximum": TOTAL, "rating": self.rating,
            "dimensions": {d: {"mean": round(self.mean(d), 1), "maximum": MAXIMUM[d]} for d in DIMENSIONS},
            "ratings": self.ratings(),
            "lost": [{"metric": m.name, "dimension": m.dimension, "points": m.points, "datasets": n,
                      "checked_offline": m.offline, "gain": m.gain} for m, n in self.lost()],
            "per_dataset": [{"dataset": s.dataset, "total": s.points(), "rating": rating(s.points()),
                             **{d: s.points(d) for d in DIMENSIONS}} for s in self.datasets],
        }

    def to_text(self) -> str:
        n = len(self.datasets)
        lines = [f"MQA score, estimated offline (a lower bound): {n:,} dataset(s)", ""]
        for d in DIMENSIONS:
            lines.append(f"  {d.capitalize():17} {self.mean(d):6.1f} / {MAXIMUM[d]}")
        lines += [f"  {'Total':17} {self.mean():6.1f} / {TOTAL}   {self.rating.capitalize()}", "",
                  "  Ratings: " + ", ".join(f"{k.capitalize()} {v:,}" for k, v in self.ratings().items()), "",
                  "Where points are lost (points x datasets missing them):"]
        for metric, missing in self.lost():
            note = "" if metric.offline else " [not checked offline]"
            lines.append(f"  {metric.points:3} pts  {metric.name:40} {missing:,} of {n:,}{note}: {metric.gain}")
        return "\n".join(lines) + "\n"


def score_records(converted: Iterable[Converted], mapping: MapOptions, shacl_engine: str = "fast",
                  progress: Callable[[int], None] | None = None) -> CatalogueScore:
    """Every record's dataset scored; DCAT-AP compliance checked in batches (`ldcat.validate`)."""
    catalogue = CatalogueScore()
    seen = 0
    for chunk in chunked(converted):
        validator = Validator(("dcat-ap-3",), batch_size=len(chunk) + 1, shacl_engine=shacl_engine)
        for item in chunk:
            validator.queue(item.triples)
        failing = {r.focus for r in validator.flush() if r.severity == "violation"}
        for item in chunk:
            subjects = {str(s) for s, _, _ in item.triples}
            catalogue.add(score_dataset(TripleIndex(item.triples), mapping.iris.dataset(item.record.key),
                                        not subjects & failing))
        seen += len(chunk)
        if progress:
            progress(seen)
    return catalogue
