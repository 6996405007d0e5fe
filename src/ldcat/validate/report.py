"""What validation found: flat `Result`s, gathered into a `ValidationReport` rendered as text, JSON or Turtle."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, replace
from typing import Literal as Lit

from rdflib import Graph, Literal, URIRef

from ldcat.handoff import by_fields
from ldcat.namespaces import PREFIXES, RDF, SH

Severity = Lit["violation", "warning", "info"]
SEVERITY_ORDER: dict[str, int] = {"violation": 0, "warning": 1, "info": 2}


@by_fields
@dataclass(frozen=True, slots=True)
class Result:
    """One SHACL result, flattened. `profile` names the shapes it came from; `dataset` is the
    dataset it is about (for grouping)."""

    profile: str
    severity: Severity
    focus: str
    path: str | None
    message: str
    value: str | None
    constraint: str
    shape: str | None
    dataset: str | None = None
    dataset_title: str | None = None

    def key(self) -> tuple[str, ...]:
        """What makes two results the same finding, whichever batch each came from."""
        return (self.profile, self.focus, self.path or "", self.constraint, self.value or "", self.shape or "")

    def about(self, dataset: str | None, title: str | None) -> Result:
        """The same result, attributed to a dataset."""
        return replace(self, dataset=dataset, dataset_title=title)


@dataclass
class ValidationReport:
    """Results of validating some datasets against some shapes profiles."""

    profiles: tuple[str, ...]
    results: list[Result] = field(default_factory=list)
    datasets: dict[str, str | None] = field(default_factory=dict)  # IRI → title, every dataset checked

    def count(self, severity: Severity) -> int:
        return sum(1 for r in self.results if r.severity == severity)

    def failing(self, fail_on: Severity = "violation") -> list[Result]:
        return [r for r in self.results if SEVERITY_ORDER[r.severity] <= SEVERITY_ORDER[fail_on]]

    def conforms(self, fail_on: Severity = "violation") -> bool:
        return not self.failing(fail_on)

    def conforming_datasets(self, fail_on: Severity = "violation") -> int:
        bad = {r.dataset for r in self.failing(fail_on)}
        return sum(1 for iri in self.datasets if iri not in bad)

    def summary(self, fail_on: Severity = "violation") -> dict[str, int]:
        return {
            "datasets": len(self.datasets),
            "conforming": self.conforming_datasets(fail_on),
            "violations": self.count("violation"),
            "warnings": self.count("warning"),
            "infos": self.count("info"),
        }

    def to_dict(self, fail_on: Severity = "violation") -> dict[str, object]:
        """The `-f json` document (schema: docs in README, "Validation report JSON")."""
        return {
            "conforms": self.conforms(fail_on),
            "profiles": list(self.profiles),
            "summary": self.summary(fail_on),
            "results": [asdict(r) for r in sorted(self.results, key=_order)],
        }

    def to_json(self, fail_on: Severity = "violation") -> str:
        return json.dumps(self.to_dict(fail_on), indent=2, ensure_ascii=False) + "\n"

    def to_text(self, fail_on: Severity = "violation") -> str:
        """Grouped by dataset (title and IRI), then severity; a summary line last."""
        lines: list[str] = []
        groups: dict[str | None, list[Result]] = {}
        for result in sorted(self.results, key=_order):
            groups.setdefault(result.dataset, []).append(result)
        for dataset, results in groups.items():
            title = results[0].dataset_title
            lines.append(f"{title or '(untitled)'}  <{dataset}>" if dataset else "Other resources")
            for r in results:
                where = "" if r.focus == dataset else f" on <{r.focus}>"
                value = f"  (value: {_short(r.value)})" if r.value is not None else ""
                lines.append(f"  {r.severity.upper():9} [{r.profile}] {r.path or '(node)'}{where}: "
                             f"{r.message}{value}")
            lines.append("")
        s = self.summary(fail_on)
        lines.append(f"{s['datasets']} dataset(s) checked against {', '.join(self.profiles)}: "
                     f"{s['conforming']} conforming, {s['violations']} violation(s), {s['warnings']} warning(s)")
        return "\n".join(lines) + "\n"

    def to_graph(self) -> Graph:
        """A SHACL validation report graph (`-f turtle`)."""
        graph = Graph(bind_namespaces="none")
        graph.bind("sh", str(SH))
        report = URIRef("urn:ldcat:validation-report")
        graph.add((report, RDF.type, SH.ValidationReport))
        graph.add((report, SH.conforms, Literal(self.conforms())))
        for n, r in enumerate(sorted(self.results, key=_order), 1):
            node = URIRef(f"urn:ldcat:validation-report#result-{n}")
            graph.add((report, SH.result, node))
            graph.add((node, RDF.type, SH.ValidationResult))
            graph.add((node, SH.focusNode, URIRef(r.focus)))
            graph.add((node, SH.resultSeverity, URIRef(str(SH) + r.severity.capitalize())))
            graph.add((node, SH.resultMessage, Literal(r.message)))
            graph.add((node, SH.sourceConstraintComponent, URIRef(_expand(r.constraint))))
            if r.path:
                graph.add((node, SH.resultPath, URIRef(_expand(r.path))))
            if r.value is not None:
                graph.add((node, SH.value, Literal(r.value)))
            if r.shape and not r.shape.startswith("_:"):
                graph.add((node, SH.sourceShape, URIRef(_expand(r.shape))))
        return graph


def _order(r: Result) -> tuple[str, int, str, str, str]:
    return (r.dataset or "~", SEVERITY_ORDER[r.severity], r.path or "", r.focus, r.message)


def _short(value: str, limit: int = 80) -> str:
    return value if len(value) <= limit else value[: limit - 1] + "…"


def _expand(name: str) -> str:
    """The IRI of a compacted name (results hold ``schema:name``; the report graph needs the IRI).
    Anything else (a user's own vocabulary) is already a full IRI."""
    prefix, _, local = name.partition(":")
    namespace = str(SH) if prefix == "sh" else PREFIXES.get(prefix)
    return namespace + local if namespace is not None and not local.startswith("//") else name
