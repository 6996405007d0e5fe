"""Problems are data: every repair, rejection and failure is a `Problem` in a `Report`.

One report type serves every command, so the CLI renders them all the same way and
`--report json` has one schema.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from typing import Literal

Severity = Literal["error", "warning", "info"]


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

    def to_dict(self) -> dict[str, object]:
        return {
            "ok": self.ok,
            "stats": dict(sorted(self.stats.items())),
            "problems": [p.to_dict() for p in self.problems],
        }
