"""Errors the command line turns into a clear message and a non-zero exit code."""

from __future__ import annotations

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
        What was expected, in a sentence.
    """

    def __init__(self, file: str | Path | None, field: str | None, message: str) -> None:
        self.file = str(file) if file is not None else None
        self.field = field
        self.message = message
        super().__init__(str(self))

    def __str__(self) -> str:
        where = self.file or "<input>"
        if self.field:
            where += f": field '{self.field}'"
        return f"{where}: {self.message}"
