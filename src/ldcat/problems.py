"""Problems are data: every repair, rejection and failure is a `Problem` in a `Report`.

One report type serves every command, so the CLI renders them all the same way and
`--report-json` writes one documented schema (`data/report.schema.json`, `report_schema()`).
Every code is declared in `ldcat.problem_codes` (`ldcat problems` lists them).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import asdict, dataclass, field
from importlib import resources
from typing import Any, Literal

from ldcat.handoff import by_fields

Severity = Literal["error", "warning", "info"]
SCHEMA_FILE = "report.schema.json"  # in ldcat/data/
SCHEMA_ID = "urn:ldcat:schema:report:1"  # the schema's $id


@by_fields
@dataclass(frozen=True, slots=True)
class Problem:
    """One thing worth telling the user about one record (or the whole input).

    `code` is a stable kebab-case identifier (e.g. ``doi-repaired``) that scripts can match on;
    `record` says which record (its id, or where it was read from); `field` the input field.
    """

    code: str
    message: str
    severity: Severity = "warning"
    record: str | None = None
    field: str | None = None

    def __str__(self) -> str:
        where = ", ".join(p for p in (self.record, self.field) if p)
        return f"{self.severity}: {where}: {self.message}" if where else f"{self.severity}: {self.message}"

    def to_dict(self) -> dict[str, str | None]:
        return asdict(self)


@dataclass
class Report:
    """What a run did: counts, and the problems it met, in the order met.

    A long run should not hold a million warnings: give it a `sink` (the CLI prints each problem
    as it comes) and `keep=False`, and it keeps only the counts.
    """

    problems: list[Problem] = field(default_factory=list)
    stats: Counter[str] = field(default_factory=Counter)
    sink: Callable[[Problem], None] | None = None
    keep: bool = True

    def add(self, problem: Problem) -> None:
        self.stats[f"{problem.severity}s"] += 1
        if self.sink is not None:
            self.sink(problem)
        if self.keep:
            self.problems.append(problem)

    def extend(self, problems: Iterable[Problem]) -> None:
        for problem in problems:
            self.add(problem)

    def count(self, name: str, n: int = 1) -> None:
        self.stats[name] += n

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def ok(self) -> bool:
        return self.stats["errors"] == 0

    def __iter__(self) -> Iterator[Problem]:
        return iter(self.problems)

    def to_dict(self, command: str | None = None,
                validation: Mapping[str, object] | None = None) -> dict[str, object]:
        """The report as a JSON document (schema: `report_schema()`). `command` names the command
        that ran (convert, validate, load, publish); `validation` is a `ValidationReport.to_dict()`,
        for a run that validated. Both are left out when not given."""
        document: dict[str, object] = {} if command is None else {"command": command}
        document.update(ok=self.ok, stats=dict(sorted(self.stats.items())),
                        problems=[p.to_dict() for p in self.problems])
        if validation is not None:
            document["validation"] = dict(validation)
        return document


def report_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of `Report.to_dict()`, the document `--report-json` writes."""
    text = resources.files("ldcat").joinpath("data", SCHEMA_FILE).read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema
