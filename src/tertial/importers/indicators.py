"""Indicator importer (`tertial import indicators FILE --year Y --period M`).

One row per indicator value (long format). Columns: tabell (table key), tittel, indikator (key),
navn, enhet (antall | kroner | mill. kroner | prosent), periode (ÅÅÅÅ or ÅÅÅÅ-MM), verdi; optional
ansvar (the unit whose comment the table belongs to), merke ("*", "**"), fotnote (the text the mark
refers to), kilde, trykt_endring (the change as the source printed it, checked, never shown as
ours). See docs/content.md.
"""

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import polars as pl

from tertial.core.errors import InputError, InputProblem
from tertial.core.indicators import Indicator, Measure, Value

from ._common import bad_decimal, missing, to_decimal
from .tabular import ROW, Check, invalid_rows, open_table, raise_problems

REQUIRED = ("tabell", "tittel", "indikator", "navn", "enhet", "periode", "verdi")
OPTIONAL = ("ansvar", "merke", "fotnote", "kilde", "trykt_endring")
MEASURES = [m.value for m in Measure]


@dataclass
class TableData:
    """One indicator table as read: everything the web app stores for it."""

    key: str
    title: str
    unit_code: str = ""
    indicators: list[Indicator] = field(default_factory=list)
    values: list[Value] = field(default_factory=list)
    periods: list[str] = field(default_factory=list)
    footnotes: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    printed_changes: dict[str, Decimal] = field(default_factory=dict)


def read_indicators(
    path: Path, *, known_units: Collection[str], mapping: Mapping[str, str] | None = None
) -> list[TableData]:
    with open_table(path, required=REQUIRED, optional=OPTIONAL, mapping=mapping) as src:
        present = set(src.columns)
        frame = src.frame.with_columns([pl.lit(None, pl.String).alias(c) for c in OPTIONAL if c not in present])
        checks: list[Check] = [
            *(missing(c) for c in REQUIRED),
            (
                "enhet",
                pl.col("enhet").is_not_null() & ~pl.col("enhet").is_in(MEASURES),
                f"enhet må være én av {', '.join(MEASURES)}",
            ),
            (
                "periode",
                pl.col("periode").is_not_null() & ~pl.col("periode").str.contains(r"^[0-9]{4}(-(0[1-9]|1[0-2]))?$"),
                "periode må være ÅÅÅÅ eller ÅÅÅÅ-MM",
            ),
            bad_decimal("verdi"),
            bad_decimal("trykt_endring"),
            ("ansvar", pl.col("ansvar").is_not_null() & ~pl.col("ansvar").is_in(list(known_units)), "ukjent ansvar"),
            (
                "indikator",
                ~pl.struct(["tabell", "indikator", "periode"]).is_first_distinct(),
                "verdien finnes tidligere i filen (duplikat)",
            ),
        ]
        raise_problems(src.name, invalid_rows(frame, checks))
        df = frame.collect()
    if df.height == 0:
        raise InputError([InputProblem(src.name, "filen har ingen datarader")])
    tables: dict[str, TableData] = {}
    problems = []
    seen_indicator: dict[tuple[str, str], Indicator] = {}
    for r in df.iter_rows(named=True):
        t = tables.setdefault(r["tabell"], TableData(key=r["tabell"], title=r["tittel"], unit_code=r["ansvar"] or ""))
        if r["tittel"] != t.title or (r["ansvar"] or "") != t.unit_code:
            problems.append(
                InputProblem(
                    src.name, "tabellen har ulik tittel eller ansvar på ulike rader", row=r[ROW], column="tabell"
                )
            )
        ind = Indicator(
            code=r["indikator"], name=r["navn"], measure=Measure(r["enhet"]), footnote_mark=r["merke"] or ""
        )
        known = seen_indicator.setdefault((t.key, ind.code), ind)
        if known != ind:
            problems.append(
                InputProblem(
                    src.name,
                    "indikatoren har ulik navn, enhet eller merke på ulike rader",
                    row=r[ROW],
                    column="indikator",
                )
            )
        elif known is ind:
            t.indicators.append(ind)
        if r["periode"] not in t.periods:
            t.periods.append(r["periode"])
        t.values.append(Value(indicator=ind.code, period=r["periode"], value=to_decimal(r["verdi"]) or Decimal(0)))
        note = (r["fotnote"] or "").strip()
        if note:
            text = f"{ind.footnote_mark} {note}".strip()
            if text not in t.footnotes:
                t.footnotes.append(text)
        if r["kilde"] and r["kilde"] not in t.sources:
            t.sources.append(r["kilde"])
        if r["trykt_endring"] is not None:
            t.printed_changes[ind.code] = to_decimal(r["trykt_endring"]) or Decimal(0)
    if problems:
        raise InputError(problems)
    for t in tables.values():
        t.periods.sort()
    return list(tables.values())
