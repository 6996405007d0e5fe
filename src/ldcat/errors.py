"""The errors ldcat raises: one root, a few kinds. Only the CLI turns them into messages and exit codes."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ldcat.problems import Problem


class LdcatError(Exception):
    """Root of the errors ldcat raises; the CLI turns these into messages and exit codes."""


class UsageError(LdcatError):
    """The caller asked for something impossible (unknown format, missing file...)."""


class InputError(LdcatError):
    """Input that cannot be read at all (not one bad record: the whole source)."""


class RecordError(LdcatError):
    """One record cannot be converted; carries the problem that says why."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


class StopRun(LdcatError):
    """A run stopped on purpose: strict mode at the first record error, or `--on-invalid fail`."""
