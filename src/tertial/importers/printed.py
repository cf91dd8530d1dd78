"""Reading a status table as it was printed (rounded figures), for the consistency checker.

Columns: type (unit|sector|total), tjenesteomrade, ansvar, navn, regnskap, budsjett, forbruk,
prognose, avvik — figures as printed, e.g. in 1000 kr; forbruk in percent with decimal comma."""

from decimal import Decimal
from pathlib import Path

import polars as pl

from tertial.core.checks import FigureRow
from tertial.core.status import RowKind

from .tabular import amount_ore, invalid_rows, open_table, raise_problems

FIGURES = ("regnskap", "budsjett", "prognose", "avvik")


def read_printed_status(path: Path) -> list[FigureRow]:
    cols = ("type", "tjenesteomrade", "ansvar", "navn", *FIGURES, "forbruk")
    with open_table(path, required=cols) as src:
        checks = [
            ("type", ~pl.col("type").is_in([k.value for k in RowKind]), "type må være unit, sector eller total"),
            *((c, amount_ore(c).is_null() | (amount_ore(c) % 100 != 0), "ugyldig heltall") for c in FIGURES),
            ("forbruk", pl.col("forbruk").is_not_null() & amount_ore("forbruk").is_null(), "ugyldig prosent"),
        ]
        raise_problems(src.name, invalid_rows(src.frame, checks))
        df = src.frame.with_columns([amount_ore(c).alias(c) for c in (*FIGURES, "forbruk")]).collect()
    return [
        FigureRow(
            label=f"{r['ansvar']} {r['navn']}" if r["ansvar"] else r["navn"],
            kind=RowKind(r["type"]),
            group=r["tjenesteomrade"],
            actual=r["regnskap"] // 100,
            budget=r["budsjett"] // 100,
            forecast=r["prognose"] // 100,
            deviation=r["avvik"] // 100,
            usage_percent=None if r["forbruk"] is None else Decimal(r["forbruk"]) / 100,
        )
        for r in df.iter_rows(named=True)
    ]
