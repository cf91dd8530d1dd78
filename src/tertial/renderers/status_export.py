"""The status table as a terminal table (tall i 1000 kr, Norwegian formatting), CSV and JSON (exact
kroner with øre, machine-readable) and XLSX (numbers as numbers with a Norwegian number format)."""

import csv
import io
import json
from decimal import Decimal
from pathlib import Path

from tertial.core.money import round_half_up, to_kroner
from tertial.core.status import RowKind, StatusTable

from . import numbers as nb
from .cells import neutralise, neutralise_workbook
from .xlsx import AMOUNT, PERCENT

HEADERS = ("type", "tjenesteomrade", "ansvar", "navn", "regnskap", "budsjett", "forbruk_prosent", "prognose", "avvik")


def _records(table: StatusTable) -> list[dict[str, object]]:
    out = []
    for r in table.rows:
        pct = r.usage_percent
        out.append(
            {
                "type": r.kind.value,
                "tjenesteomrade": r.sector_code or "",
                "ansvar": r.code if r.kind is RowKind.UNIT else "",
                "navn": r.name,
                "regnskap": to_kroner(r.actual),
                "budsjett": to_kroner(r.budget),
                "forbruk_prosent": None if pct is None else round_half_up(pct, 1),
                "prognose": to_kroner(r.forecast),
                "avvik": to_kroner(r.deviation),
                "prognose_meldt": r.forecast_reported,
            }
        )
    return out


def status_csv(table: StatusTable) -> str:
    """Comma-separated, decimal point, exact kroner — for machines (the table format is for people)."""
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=[*HEADERS, "prognose_meldt"], lineterminator="\n")
    w.writeheader()
    for rec in _records(table):
        w.writerow(
            {k: ("" if v is None else str(v).lower() if isinstance(v, bool) else neutralise(v)) for k, v in rec.items()}
        )
    return buf.getvalue()


def _json_value(v: object) -> str:
    if isinstance(v, Decimal):
        return str(v)  # a JSON number written from the exact decimal, never through float
    return json.dumps(v, ensure_ascii=False)


def status_json(table: StatusTable) -> str:
    rows = ",\n    ".join(
        "{" + ", ".join(f'"{k}": {_json_value(v)}' for k, v in rec.items()) + "}" for rec in _records(table)
    )
    return (
        "{\n"
        f'  "periode": "{table.period.key}",\n'
        f'  "per_dato": "{table.period.end_date.isoformat()}",\n'
        '  "enhet": "kroner",\n'
        f'  "rader": [\n    {rows}\n  ]\n'
        "}\n"
    )


def status_text(table: StatusTable) -> str:
    """A plain-text table for the terminal, in 1000 kr as the report prints it."""
    head = (
        "Ansvar (tall i 1000 kr)",
        f"Regnskap {table.period.month_name} {table.period.year}",
        f"Budsjett inkl. endring {table.period.year}",
        "Forbruk",
        "Prognose",
        "Avvik",
    )
    lines = [head]
    for r in table.rows:
        lines.append(
            (
                r.label,
                nb.thousands(r.actual),
                nb.thousands(r.budget),
                nb.percent(r.usage_percent),
                nb.thousands(r.forecast),
                nb.thousands(r.deviation),
            )
        )
    widths = [max(len(line[i]) for line in lines) for i in range(len(head))]
    out = []
    for n, line in enumerate(lines):
        cells = [line[0].ljust(widths[0])] + [c.rjust(w) for c, w in zip(line[1:], widths[1:], strict=True)]
        out.append("  ".join(cells).rstrip())
        if n == 0:
            out.append("-" * len(out[0]))
    return "\n".join(out) + "\n"


def status_xlsx(table: StatusTable, path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = f"Status {table.period.key}"
    ws.append(["Ansvar", "Tjenesteområde", "Regnskap", "Budsjett inkl. endring", "Forbruk", "Prognose", "Avvik"])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for r in table.rows:
        pct = r.usage_percent
        ws.append(
            [
                r.label,
                r.sector_code or "",
                to_kroner(r.actual),
                to_kroner(r.budget),
                None if pct is None else pct / 100,
                to_kroner(r.forecast),
                to_kroner(r.deviation),
            ]
        )
        row = ws.max_row
        for col in (3, 4, 6, 7):
            ws.cell(row=row, column=col).number_format = AMOUNT
        ws.cell(row=row, column=5).number_format = PERCENT
        if r.kind is not RowKind.UNIT:
            for cell in ws[row]:
                cell.font = Font(bold=True)
    ws.column_dimensions["A"].width = 44
    ws.column_dimensions["B"].width = 24
    for col in "CDEFG":
        ws.column_dimensions[col].width = 16
    ws.freeze_panes = "C2"
    neutralise_workbook(wb)
    wb.save(path)
