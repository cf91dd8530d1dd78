"""Errors the core and the importers raise; each names where the bad value is."""

from dataclasses import dataclass


@dataclass(frozen=True)
class InputProblem:
    """One bad value in an input file. `row` is the line number a spreadsheet would show (header = 1)."""

    file: str
    message: str
    row: int | None = None
    column: str | None = None
    value: str | None = None  # the offending text as found in the file

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"rad {self.row}")
        if self.column is not None:
            where.append(f"kolonne «{self.column}»")
        shown = f" («{self.value}»)" if self.value is not None else ""
        return f"{', '.join(where)}: {self.message}{shown}"


class InputError(Exception):
    """Raised with every problem found in one input; nothing may be written when it is raised."""

    def __init__(self, problems: list[InputProblem]):
        if not problems:
            raise ValueError("InputError needs at least one problem")
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class DomainError(Exception):
    """A rule of the domain was broken (e.g. a budget change that does not balance)."""


class PeriodError(DomainError, ValueError):
    """A month outside 1–12 (a ValueError too, for the callers of `Period` that catch that)."""
