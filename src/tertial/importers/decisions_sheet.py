"""Read the decisions spreadsheet (CSV or XLSX, the format `tertial decisions export` writes) into
rows of cell text for `core.decisions_sheet.sheet_plan`.

Read with the csv module and openpyxl rather than `tabular.open_table`: the round trip compares
every cell with the register, so cells are kept as the text that was written (no type inference),
dates and whole numbers Excel turned into typed cells are turned back into text, and the quote the
export put before formula-like text is taken off again.
"""

import csv
import io
from pathlib import Path

from tertial.core.decisions_sheet import SheetRow, canonical_text, headers_check
from tertial.core.errors import InputError, InputProblem
from tertial.renderers.cells import unneutralise

MSG_UNREADABLE = "kan ikke lese fila: %(error)s"
MSG_EMPTY = "fila har ingen overskriftsrad"
MSG_SUFFIX = "ukjent filtype (bruk .csv eller .xlsx)"


def _cell_text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():  # a whole number Excel stored as a float
        return str(int(value))
    if isinstance(value, str):
        return unneutralise(value)
    return canonical_text(value)  # empty, dates and numbers as the round trip compares them


def _csv_rows(path: Path) -> list[list[str]]:
    text = path.read_text(encoding="utf-8-sig")
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    return [[unneutralise(c) for c in row] for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]


def _xlsx_rows(path: Path) -> list[list[str]]:
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True, data_only=True)
    try:
        ws = wb.worksheets[0]
        return [[_cell_text(v) for v in row] for row in ws.iter_rows(values_only=True)]
    finally:
        wb.close()


def decisions_sheet_read(path: Path) -> list[SheetRow]:
    """The data rows of the file; InputError naming file, row and column for a bad header."""
    name = str(path)
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise InputError([InputProblem(name, MSG_SUFFIX)])
    try:
        table = _csv_rows(path) if suffix == ".csv" else _xlsx_rows(path)
    except (OSError, UnicodeDecodeError, csv.Error, ValueError, KeyError) as exc:
        raise InputError([InputProblem(name, MSG_UNREADABLE % {"error": exc})]) from exc
    except Exception as exc:  # openpyxl raises zipfile.BadZipFile and others for a file that is not a workbook
        raise InputError([InputProblem(name, MSG_UNREADABLE % {"error": exc})]) from exc
    if not table:
        raise InputError([InputProblem(name, MSG_EMPTY, row=1)])
    headers = [_cell_text(h).strip() for h in table[0]]
    while headers and not headers[-1]:
        headers.pop()
    problems = headers_check(name, headers)
    if problems:
        raise InputError(problems)
    rows = []
    for n, values in enumerate(table[1:], start=2):
        cells = {h: (values[i] if i < len(values) else "") for i, h in enumerate(headers) if h}
        rows.append(SheetRow(row=n, cells=cells))
    return rows
