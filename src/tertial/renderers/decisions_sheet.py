"""Write the decisions spreadsheet (the round-trip format of `core.decisions_sheet`) as CSV or XLSX.
Every text cell is neutralised (`cells.neutralise`): a cell starting with `=` is shown as text."""

import csv
import io
from collections.abc import Sequence

from tertial.core.decisions_sheet import HEADERS

from .cells import neutralise_workbook, neutralising

Row = Sequence[str | int]


def decisions_sheet_csv(rows: Sequence[Row]) -> str:
    """Semicolon-separated with a BOM, as Excel in Norwegian opens it."""
    buf = io.StringIO()
    buf.write("\ufeff")
    writer = neutralising(csv.writer(buf, delimiter=";", lineterminator="\r\n"))
    writer.writerow(HEADERS)
    writer.writerows(rows)
    return buf.getvalue()


def decisions_sheet_xlsx(rows: Sequence[Row]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = "Vedtak"
    ws.append(list(HEADERS))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append(list(row))
    ws.freeze_panes = "C2"
    neutralise_workbook(wb)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
