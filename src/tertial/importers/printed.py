"""Reading a status table as it was printed (rounded figures), for the consistency checker.

Three sources, one result (a list of core FigureRow):

- CSV or XLSX with a header row. Required columns: navn, regnskap, budsjett. Optional: type
  (unit|sector|total), tjenesteomrade, ansvar, forbruk, prognose, avvik. Figures as printed, e.g.
  in 1000 kr; forbruk in percent («25,5» or «25,5 %»).
- Text as `pdftotext -layout` writes a report's table (a file ending in .txt): the header line names
  the columns (Regnskap, Budsjett, Forbruk, Prognose, Avvik — whichever are printed), and every line
  under it whose cells after the first (separated by two or more spaces) are figures is a row. A
  cell is placed in the column whose heading starts at or before the cell's last character, so an
  empty cell stays empty.

A cell may be empty (a column the table leaves blank, e.g. no forecast at year end): the checker then
checks nothing there. Without `type` and `tjenesteomrade`, a row whose name starts with a unit code
(a digit) is a unit, every other row a subtotal, the last one the total; a subtotal closes the units
above it (since the previous subtotal), which is how a printed table shows sector membership.
"""

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

import polars as pl

from tertial.core.checks import FigureRow
from tertial.core.errors import InputError, InputProblem
from tertial.core.money import parse_kroner
from tertial.core.status import RowKind

from .tabular import ROW, amount_ore, invalid_rows, open_table, raise_problems

FIGURES = ("regnskap", "budsjett", "prognose", "avvik")
FIELDS = {"regnskap": "actual", "budsjett": "budget", "prognose": "forecast", "avvik": "deviation"}
TEXT_SUFFIXES = {".txt", ".text"}


@dataclass
class _Row:
    line: int  # row or line number in the file, for messages
    name: str
    code: str
    kind: RowKind | None
    group: str | None
    figures: dict[str, int | None] = field(default_factory=dict)  # in printed units; None = blank
    percent: Decimal | None = None  # None = blank


def read_printed_status(path: Path) -> list[FigureRow]:
    rows = _read_text(path) if path.suffix.lower() in TEXT_SUFFIXES else _read_table(path)
    if not rows:
        raise InputError([InputProblem(str(path), "fant ingen tabellrader (regnskap og budsjett)")])
    return _figure_rows(rows)


def _percent_text(column: str) -> pl.Expr:
    return pl.col(column).str.replace(r"\s*%$", "")


def _read_table(path: Path) -> list[_Row]:
    optional = ("type", "tjenesteomrade", "ansvar", "forbruk", "prognose", "avvik")
    with open_table(path, required=("navn", "regnskap", "budsjett"), optional=optional) as src:
        present = set(src.columns)
        frame = src.frame
        if "forbruk" in present:
            frame = frame.with_columns(_percent_text("forbruk").alias("forbruk"))
        figures = [c for c in FIGURES if c in present]
        checks = [
            *(
                (c, pl.col(c).is_not_null() & (amount_ore(c).is_null() | (amount_ore(c) % 100 != 0)), "ugyldig heltall")
                for c in figures
            ),
        ]
        if "type" in present:
            checks.append(
                ("type", ~pl.col("type").is_in([k.value for k in RowKind]), "type må være unit, sector eller total")
            )
        if "forbruk" in present:
            checks.append(
                ("forbruk", pl.col("forbruk").is_not_null() & amount_ore("forbruk").is_null(), "ugyldig prosent")
            )
        raise_problems(src.name, invalid_rows(frame, checks))
        extra = [amount_ore(c).alias(c) for c in figures] + (
            [amount_ore("forbruk").alias("forbruk")] if "forbruk" in present else []
        )
        df = frame.with_columns(extra).collect()
    out = []
    for r in df.iter_rows(named=True):
        out.append(
            _Row(
                line=r[ROW],
                name=r["navn"] or "",
                code=r.get("ansvar") or "",
                kind=RowKind(r["type"]) if r.get("type") else None,
                group=r.get("tjenesteomrade"),
                figures={c: None if r.get(c) is None else r[c] // 100 for c in FIGURES},
                percent=None if r.get("forbruk") is None else Decimal(r["forbruk"]) / 100,
            )
        )
    return out


_HEADINGS = {
    "regnskap": "regnskap",
    "budsjett": "budsjett",
    "forbruk": "forbruk",
    "prognose": "prognose",
    "avvik": "avvik",
}
_CELL = re.compile(r"\S+(?: \S+)*")  # one cell: words separated by single spaces
_FIGURE = re.compile(r"^[-\u2212\u2013]?\d{1,3}(?:[ \u00a0\u202f]\d{3})*$|^[-\u2212\u2013]?\d+$")
_PERCENT = re.compile(r"^[-\u2212\u2013]?\d+(?:,\d+)?[ \u00a0\u202f]?%$")


def _header(line: str) -> list[tuple[int, str]] | None:
    """[(start column, our column name)] when `line` is a status table's header (Regnskap and Budsjett)."""
    found = []
    for m in re.finditer(r"\S+", line):
        key = _HEADINGS.get(m.group().lower())
        if key and key not in {k for _, k in found}:
            found.append((m.start(), key))
    keys = {k for _, k in found}
    return found if {"regnskap", "budsjett"} <= keys else None


def _cells(line: str) -> list[tuple[int, int, str]]:
    """(start, end, text) of each cell: runs of text separated by two or more spaces."""
    return [(m.start(), m.end(), m.group()) for m in _CELL.finditer(line.replace("\u00a0", " ").replace("\u202f", " "))]


def _read_text(path: Path) -> list[_Row]:
    name = str(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError([InputProblem(name, f"kan ikke leses som tekst ({exc})")]) from exc
    rows: list[_Row] = []
    columns: list[tuple[int, str]] | None = None
    state = "out"  # "header": after a header, before its first row; "rows": in the table
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.replace("\f", " ").rstrip()
        header = _header(line)
        if header:
            columns, state = header, "header"
            continue
        if not line.strip() or columns is None:
            continue
        cells = _cells(line)
        values = cells[1:]
        is_row = len(values) >= 2 and all(_FIGURE.match(v) or _PERCENT.match(v) for _, _, v in values)
        if not is_row:
            if state == "rows":
                state = "out"  # the table ends at the first other line (a page break: until the next header)
            continue
        if state == "out":
            continue
        state = "rows"
        row = _Row(line=number, name=cells[0][2], code="", kind=None, group=None, figures=dict.fromkeys(FIGURES))
        first = row.name.split(" ", 1)[0]
        row.code = first if first[:1].isdigit() else ""
        for _start, end, value in values:
            column = max((c for c in columns if c[0] <= end), default=None, key=lambda c: c[0])
            if column is None:
                raise InputError([InputProblem(name, f"«{value}» står foran første kolonne", row=number)])
            key = column[1]
            try:
                if key == "forbruk":
                    row.percent = Decimal(value.rstrip("%").strip().replace(",", ".").replace("\u2212", "-"))
                else:
                    row.figures[key] = parse_kroner(value) // 100
            except (ValueError, InvalidOperation) as exc:
                raise InputError(
                    [InputProblem(name, f"«{value}» er ikke et tall ({exc})", row=number, column=key)]
                ) from exc
        if row.figures["regnskap"] is None or row.figures["budsjett"] is None:
            continue  # not a row of the status table (e.g. a chart's labels)
        rows.append(row)
    return rows


def _figure_rows(rows: list[_Row]) -> list[FigureRow]:
    """Kinds and sector membership where the file does not give them (see the module docstring)."""
    if any(r.kind is None for r in rows):
        subtotals = [i for i, r in enumerate(rows) if not r.code]
        for i, r in enumerate(rows):
            if r.kind is None:
                r.kind = (
                    RowKind.UNIT if r.code else (RowKind.TOTAL if subtotals and i == subtotals[-1] else RowKind.SECTOR)
                )
    if any(r.group is None for r in rows):
        pending: list[_Row] = []
        for r in rows:
            if r.kind is RowKind.UNIT:
                pending.append(r)
            elif r.kind is RowKind.SECTOR:
                r.group = r.group or r.name
                for u in pending:
                    u.group = u.group or r.group
                pending = []
    out = []
    for r in rows:
        blank = {FIELDS[c] for c, v in r.figures.items() if v is None}
        if r.percent is None:
            blank.add("usage_percent")
        out.append(
            FigureRow(
                label=f"{r.code} {r.name}" if r.code and not r.name.startswith(r.code) else r.name,
                kind=r.kind or RowKind.UNIT,
                group=r.group,
                actual=r.figures["regnskap"] or 0,
                budget=r.figures["budsjett"] or 0,
                forecast=r.figures["prognose"] or 0,
                deviation=r.figures["avvik"] or 0,
                usage_percent=r.percent,
                blank=frozenset(blank),
            )
        )
    return out
