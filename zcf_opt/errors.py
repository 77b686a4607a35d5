"""Errors the command line turns into a clear message and a non-zero exit code."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path


class InputError(Exception):
    """Bad user input: names the file, the field and what was expected.

    Parameters
    ----------
    file
        The file that holds the bad value (scenario, factory model or data file).
    field
        Dotted path of the field inside that file (``"roof.tilt_deg"``), or a
        column / row description for data files.
    message
        What was expected, and what was found, in a sentence.
    """

    def __init__(self, file: str | Path | None, field: str | None, message: str) -> None:
        self.file = str(file) if file is not None else None
        self.field = field
        self.message = message
        super().__init__(str(self))

    @classmethod
    def several(cls, problems: Sequence[InputError]) -> InputError:
        """One error that reports every one of ``problems`` (each on its own line)."""
        flat = [p for problem in problems for p in problem.problems]
        error = cls(flat[0].file, flat[0].field, flat[0].message)
        error._all = flat
        error.args = (str(error),)
        return error

    @property
    def problems(self) -> list[InputError]:
        """Every problem this error reports (each a single problem), one per line of output."""
        return list(getattr(self, "_all", [self]))

    def line(self) -> str:
        """The problem as one line: ``file: field 'path': message``."""
        where = self.file or "<input>"
        if self.field:
            where += f": field '{self.field}'"
        return f"{where}: {self.message}"

    def __str__(self) -> str:
        return "\n".join(problem.line() for problem in self.problems)


def raise_problems(problems: Sequence[InputError]) -> None:
    """Raise the problems as one error (nothing when there are none)."""
    if problems:
        raise InputError.several(problems)


class OutputError(Exception):
    """An output folder that cannot be written: one line naming the folder and why.

    Raised before anything is written, or after a failed write that left every file as it was.
    """
