"""What went wrong (or is worth knowing) while loading one input."""

from __future__ import annotations

from dataclasses import dataclass

ERROR = "error"
NOTICE = "notice"


@dataclass(frozen=True)
class IngestProblem:
    """A file, line or row that was not loaded (``error``) or loaded with a remark (``notice``).

    ``str(problem)`` is one line naming the file (and line or row) and the problem,
    e.g. ``seeds/x.bin: not a text file (binary content)`` or
    ``feed.jsonl, line 3: invalid JSON (Expecting value at column 1)``.
    """

    path: str
    message: str
    level: str = ERROR
    line: int | None = None
    unit: str = "line"

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}, {self.unit} {self.line}"
        return f"{where}: {self.message}"

    @property
    def is_error(self) -> bool:
        return self.level == ERROR
