"""What a person sees on the terminal during a run: one progress bar, the problems worth reading as
they come (printed above the bar, never into it), and at the end the problems grouped by kind.

Built on rich, whose live display owns the terminal while the bar is shown and prints every other
line above it, so a log line never lands inside a bar. Without a terminal (a pipe, a file, CI)
there is no bar; everything else is the same text, uncoloured.

What is printed as it comes: errors (the first `LIVE_ERRORS`; the rest are counted), and with
``-v`` every problem, notes included. Warnings are grouped at the end as counts by code with
`EXAMPLES` examples each: a run over real records meets the same repair thousands of times, and
thousands of lines hide the one that matters. ``--report FILE`` writes every problem, one a line.
``-q`` prints errors only, and no bar.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from types import TracebackType
from typing import IO

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text

from ldcat.problems import Problem

LIVE_ERRORS = 20  # errors printed as they come; past this they are only counted (and grouped at the end)
EXAMPLES = 3  # examples shown for each kind of problem in the grouped summary
_STYLES = {"error": "red", "warning": "yellow", "info": "dim"}


class _Rate(ProgressColumn):
    """Items per second (rich's speed columns are for bytes)."""

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{speed:,.0f}/s" if speed else "", style="progress.data.speed")


@dataclass
class _Kind:
    count: int = 0
    examples: list[str] = field(default_factory=list)


class Terminal:
    """A run's terminal: `advance` moves the bar, `show` is the report's sink (see the module
    docstring), `finish` prints the grouped problems and the summary line. Use it as a context
    manager: the bar is gone, and the terminal restored, however the run ends."""

    def __init__(self, label: str, *, quiet: bool = False, verbose: bool = False, total: int | None = None,
                 bar: bool = True, report_file: IO[str] | None = None,
                 always: Callable[[Problem], bool] | None = None, console: Console | None = None) -> None:
        self.console = console or Console(stderr=True, highlight=False, soft_wrap=True)
        self.quiet, self.verbose = quiet, verbose
        self.report_file = report_file
        self.always = always or (lambda problem: False)
        self.kinds: dict[tuple[str, str], _Kind] = {}
        self.live_errors = 0
        self.start = time.monotonic()
        self._progress = Progress(
            TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(), _Rate(),
            TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn(),
            console=self.console, transient=True, refresh_per_second=5,
            disable=quiet or not bar or not self.console.is_terminal)
        self._task = self._progress.add_task(label, total=total)
        self._stack = ExitStack()

    def __enter__(self) -> Terminal:
        self._stack.enter_context(self._progress)
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self._stack.close()

    @property
    def elapsed(self) -> float:
        return time.monotonic() - self.start

    def advance(self, done: int) -> None:
        """`done` items so far."""
        self._progress.update(self._task, completed=done)

    def show(self, problem: Problem) -> None:
        kind = self.kinds.setdefault((problem.severity, problem.code), _Kind())
        kind.count += 1
        if len(kind.examples) < EXAMPLES:
            kind.examples.append(str(problem))
        if self.report_file is not None:
            self.report_file.write(f"{problem}\n")
        if self._live(problem):
            self.console.print(str(problem), style=_STYLES.get(problem.severity), markup=False, highlight=False)

    def _live(self, problem: Problem) -> bool:
        if self.always(problem):
            return True
        if problem.severity == "error":
            self.live_errors += 1
            return self.verbose or self.quiet or self.live_errors <= LIVE_ERRORS
        return self.verbose and not self.quiet  # warnings and notes: with -v only

    def finish(self, summary: str) -> None:
        """Stop the bar; print the problems grouped by kind (not with -q), then `summary`."""
        self._stack.close()
        if not self.quiet:
            for line in self.grouped():
                self.console.print(line, markup=False, highlight=False)
        self.console.print(summary, markup=False, highlight=False)

    def grouped(self) -> Iterator[str]:
        """The problems by kind: errors first, then warnings (notes with -v), most frequent first."""
        order = {"error": 0, "warning": 1, "info": 2}
        kinds = sorted(((severity, code, kind) for (severity, code), kind in self.kinds.items()
                        if severity != "info" or self.verbose),
                       key=lambda k: (order.get(k[0], 3), -k[2].count, k[1]))
        if not kinds:
            return
        yield "Problems by kind (-v shows each as it comes; --report FILE writes every one):"
        for severity, code, kind in kinds:
            yield f"  {kind.count:>9,}  {severity} {code}"
            for example in kind.examples:
                yield f"             e.g. {example}"
