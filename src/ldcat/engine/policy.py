"""What becomes of each record's outcome: written, skipped as a repeat, rejected, or the end of the run.

Every engine hands its outcomes to one `Policy`, in input order, in the process that writes the
output; so `--strict`, `--on-invalid`, duplicates, the rejects file and the report's counts and
problems are the same whichever engine computed the outcomes.
"""

from __future__ import annotations

import json
from contextlib import ExitStack
from pathlib import Path
from types import TracebackType
from typing import IO, Literal

from ldcat.engine.seen import SeenKeys
from ldcat.engine.work import Outcome
from ldcat.errors import StopRun
from ldcat.problems import Problem, Report
from ldcat.serialise import atomic_open

OnInvalid = Literal["skip", "keep", "fail"]


class Policy:
    """Decides, outcome by outcome, whether a record is written; problems and counts go to `report`.

    A failed record (unreadable, or not normalisable: an error) is counted and, with `strict`, stops
    the run; a reader's warning or note that comes without a record is only reported.
    A record whose key was seen before is skipped with a ``duplicate-record`` warning. A record with
    SHACL violations is kept, skipped (and listed in `rejects`, JSON Lines) or stops the run, per
    `on_invalid`. Use it as a context manager: the rejects file appears only if the run completes.
    """

    def __init__(self, report: Report, *, strict: bool = False, on_invalid: OnInvalid = "skip",
                 rejects: Path | None = None) -> None:
        self.report = report
        self.strict = strict
        self.on_invalid = on_invalid
        self.rejects = rejects
        self._files = ExitStack()
        self._seen = self._files.enter_context(SeenKeys())  # on disk: memory stays flat however many records
        self._rejects_file: IO[str] | None = None

    def __enter__(self) -> Policy:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self._files.__exit__(kind, error, traceback)

    def admit(self, outcome: Outcome) -> bool:
        """Report the outcome's problems and count it; True when its record is to be written."""
        return self._converted(outcome) and self._first(outcome) and self._valid(outcome)

    def _converted(self, outcome: Outcome) -> bool:
        self.report.extend(outcome.problems)
        if outcome.record is None:
            # A reader's note about the input (a truncated page whose record was still read) is no record
            # of its own: only an error means a record was lost.
            errors = [p for p in outcome.problems if p.severity == "error"]
            if errors:
                self.report.count("failed")
                if self.strict:
                    raise StopRun(str(errors[0]))
            return False
        self.report.count("read")
        return True

    def _first(self, outcome: Outcome) -> bool:
        assert outcome.record is not None
        if not self._seen.add(outcome.record.key):
            self.report.add(Problem("duplicate-record", "same key as an earlier record; this copy skipped",
                                    "warning", outcome.origin, "extra_data.uuid"))
            return False
        self.report.count("records")
        self.report.count("triples", outcome.count)
        return True

    def _valid(self, outcome: Outcome) -> bool:
        if not outcome.violations or self.on_invalid == "keep":
            return True
        self.report.count("rejected")
        if self.on_invalid == "fail":
            first = outcome.violations[0]
            raise StopRun(f"{outcome.origin}: {first.path}: {first.message}")
        if self.rejects is not None:
            if self._rejects_file is None:
                self._rejects_file = self._files.enter_context(atomic_open(self.rejects))
            self._rejects_file.write(json.dumps(outcome.reject(), ensure_ascii=False) + "\n")
        return False
