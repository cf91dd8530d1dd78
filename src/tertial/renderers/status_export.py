"""The status table as a terminal table (tall i 1000 kr, Norwegian formatting), CSV and JSON (exact
kroner with øre, machine-readable) and XLSX (numbers as numbers with a Norwegian number format).

Each format ends as the report does: the central items (sentrale poster) and the net result, unit
avvik + central items' avvik (core.status.net_result_compute)."""

import csv
import io
import json
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

from tertial.core.money import round_half_up, to_kroner
from tertial.core.status import CentralItem, RowKind, StatusTable, net_result_compute

from . import numbers as nb
from .cells import neutralise, neutralise_workbook
from .xlsx import AMOUNT, PERCENT

HEADERS = ("type", "tjenesteomrade", "ansvar", "navn", "regnskap", "budsjett", "forbruk_prosent", "prognose", "avvik")
CSV_HEADERS = (*HEADERS, "prognose_meldt", "kategori")
UNIT_DEVIATION, CENTRAL_DEVIATION, NET = "Avvik enhetene", "Avvik sentrale poster", "Netto prognose (avvik)"


def _net_lines(table: StatusTable, central: Sequence[CentralItem]) -> list[tuple[str, str, int]]:
    """(type, label, avvik øre) of the lines after the unit table: each central item, then the net result."""
    net = net_result_compute(table, central)
    return [
        *(("central", c.text, c.deviation) for c in central),
        ("net", UNIT_DEVIATION, net.unit_deviation),
        ("net", CENTRAL_DEVIATION, net.central_deviation),
        ("net", NET, net.net),
    ]


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


def status_csv(table: StatusTable, central: Sequence[CentralItem] = ()) -> str:
    """Comma-separated, decimal point, exact kroner — for machines (the table format is for people).
    After the unit, sector and total rows: one `central` row per central item (its avvik, `kategori`)
    and three `net` rows (avvik of the units, of the central items, and the net result)."""
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=CSV_HEADERS, lineterminator="\n", restval="")
    w.writeheader()
    for rec in _records(table):
        w.writerow(
            {k: ("" if v is None else str(v).lower() if isinstance(v, bool) else neutralise(v)) for k, v in rec.items()}
        )
    categories = iter(c.category for c in central)
    for kind, label, ore in _net_lines(table, central):
        row = {"type": kind, "navn": neutralise(label), "avvik": to_kroner(ore)}
        if kind == "central":
            row["kategori"] = neutralise(next(categories))
        w.writerow(row)
    return buf.getvalue()


def _json_value(v: object) -> str:
    if isinstance(v, Decimal):
        return str(v)  # a JSON number written from the exact decimal, never through float
    return json.dumps(v, ensure_ascii=False)


def _json_object(rec: dict[str, object]) -> str:
    return "{" + ", ".join(f"{json.dumps(k)}: {_json_value(v)}" for k, v in rec.items()) + "}"


def status_json(table: StatusTable, central: Sequence[CentralItem] = ()) -> str:
    """The rows, the central items (`sentrale_poster`) and the net result (`netto`), exact kroner."""
    rows = ",\n    ".join(_json_object(rec) for rec in _records(table))
    items = ",\n    ".join(
        _json_object({"kategori": c.category, "tekst": c.text, "avvik": to_kroner(c.deviation)}) for c in central
    )
    net = net_result_compute(table, central)
    netto = _json_object(
        {
            "avvik_enheter": to_kroner(net.unit_deviation),
            "avvik_sentrale_poster": to_kroner(net.central_deviation),
            "netto_avvik": to_kroner(net.net),
        }
    )
    return (
        "{\n"
        f'  "periode": "{table.period.key}",\n'
        f'  "per_dato": "{table.period.end_date.isoformat()}",\n'
        '  "enhet": "kroner",\n'
        f'  "rader": [\n    {rows}\n  ],\n'
        f'  "sentrale_poster": [{chr(10) + "    " + items + chr(10) + "  " if items else ""}],\n'
        f'  "netto": {netto}\n'
        "}\n"
    )


def status_text(table: StatusTable, central: Sequence[CentralItem] = ()) -> str:
    """A plain-text table for the terminal, in 1000 kr as the report prints it; after a blank line
    the central items and the net result in the Avvik column."""
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

    def row(line: tuple[str, ...]) -> str:
        cells = [line[0].ljust(widths[0])] + [c.rjust(w) for c, w in zip(line[1:], widths[1:], strict=True)]
        return "  ".join(cells).rstrip()

    width = len(row(head))
    out = [row(head), "-" * width, *(row(line) for line in lines[1:])]
    if central:
        out += ["", "Sentrale poster (tall i 1000 kr; positivt avvik bedrer resultatet)"]
    for kind, label, ore in _net_lines(table, central):
        text = f"  {label}" if kind == "central" else label
        value = nb.thousands(ore)
        out.append(f"{text}  {value.rjust(max(width - len(text) - 2, len(value)))}")
    return "\n".join(out) + "\n"


def status_xlsx(table: StatusTable, path: Path, central: Sequence[CentralItem] = ()) -> None:
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
    ws.append([])
    for kind, label, ore in _net_lines(table, central):
        ws.append([label, "sentral post" if kind == "central" else "", None, None, None, None, to_kroner(ore)])
        ws.cell(row=ws.max_row, column=7).number_format = AMOUNT
        if label == NET:
            for cell in ws[ws.max_row]:
                cell.font = Font(bold=True)
    ws.column_dimensions["A"].width = 44
    ws.column_dimensions["B"].width = 24
    for col in "CDEFG":
        ws.column_dimensions[col].width = 16
    ws.freeze_panes = "C2"
    neutralise_workbook(wb)
    wb.save(path)
