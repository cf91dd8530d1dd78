"""Sick-leave importer (`tertial import sickleave FILE --year Y`).

Columns (CSV or XLSX, see docs/content.md): aar, maaned, nivaa (enhet | tjenesteomrade | kommune),
kode (ansvar for enhet, sector name/code for tjenesteomrade, empty for kommune), navn (optional label
as the source prints it), and either avtalte_dagsverk + egenmeldt + legemeldt_kort + legemeldt_lang
(days, computed figures) or prosent (percent only, stored as given). Nothing is written here.
"""

from collections.abc import Collection, Mapping
from pathlib import Path

import polars as pl

from tertial.core.errors import InputError, InputProblem
from tertial.core.sickleave import Days, Level, Record

from ._common import bad_decimal, bad_integer, missing, to_decimal
from .tabular import ROW, Check, invalid_rows, open_table, raise_problems

REQUIRED = ("aar", "maaned", "nivaa")
OPTIONAL = ("kode", "navn", "avtalte_dagsverk", "egenmeldt", "legemeldt_kort", "legemeldt_lang", "prosent")
DAY_COLUMNS = ("avtalte_dagsverk", "egenmeldt", "legemeldt_kort", "legemeldt_lang")
LEVELS = [lv.value for lv in Level]


def read_sick_leave(
    path: Path,
    *,
    year: int,
    known_units: Collection[str],
    known_sectors: Collection[str],
    mapping: Mapping[str, str] | None = None,
) -> list[Record]:
    """Every row validated before any is returned; rows may be of `year` or the two years before it
    (for the trend), and units and sectors must exist in the organisation of `year`."""
    with open_table(path, required=REQUIRED, optional=OPTIONAL, mapping=mapping) as src:
        present = set(src.columns)
        frame = src.frame.with_columns([pl.lit(None, pl.String).alias(c) for c in OPTIONAL if c not in present])
        has_days = pl.any_horizontal([pl.col(c).is_not_null() for c in DAY_COLUMNS])
        level = pl.col("nivaa").str.to_lowercase()
        code = pl.col("kode")
        checks: list[Check] = [
            missing("aar"),
            missing("maaned"),
            missing("nivaa"),
            bad_integer("aar", year - 2, year, f"år må være {year - 2}–{year}"),
            bad_integer("maaned", 1, 12, "måned må være 1–12"),
            (
                "nivaa",
                pl.col("nivaa").is_not_null() & ~level.is_in(LEVELS),
                "nivå må være enhet, tjenesteomrade eller kommune",
            ),
            ("kode", (level != "kommune") & code.is_null(), "mangler verdi (ansvar eller tjenesteområde)"),
            (
                "kode",
                (level == "enhet") & code.is_not_null() & ~code.is_in(list(known_units)),
                f"ukjent ansvar i organisasjonen for {year}",
            ),
            (
                "kode",
                (level == "tjenesteomrade") & code.is_not_null() & ~code.is_in(list(known_sectors)),
                f"ukjent tjenesteområde i organisasjonen for {year}",
            ),
            ("prosent", has_days & pl.col("prosent").is_not_null(), "oppgi enten dagsverk eller prosent, ikke begge"),
            ("prosent", ~has_days & pl.col("prosent").is_null(), "mangler dagsverk eller prosent"),
            *[
                (c, has_days & pl.col(c).is_null(), "mangler verdi (alle dagsverkkolonnene må fylles ut)")
                for c in DAY_COLUMNS
            ],
            *[bad_decimal(c, negative=False) for c in (*DAY_COLUMNS, "prosent")],
            (
                "nivaa",
                ~pl.struct(["aar", "maaned", level.alias("lv"), pl.col("kode").fill_null("")]).is_first_distinct(),
                "raden finnes tidligere i filen (duplikat)",
            ),
        ]
        raise_problems(src.name, invalid_rows(frame, checks))
        df = frame.collect()
    if df.height == 0:
        raise InputError([InputProblem(src.name, "filen har ingen datarader")])
    records = []
    problems = []
    for r in df.iter_rows(named=True):
        lv = Level(r["nivaa"].lower())
        days = None
        if r["avtalte_dagsverk"] is not None:
            values = [to_decimal(r[c]) for c in DAY_COLUMNS]
            days = Days(*values)  # type: ignore[arg-type]
            if days.lost > days.contracted:
                problems.append(
                    InputProblem(src.name, "tapte dagsverk er flere enn avtalte", row=r[ROW], column="avtalte_dagsverk")
                )
        records.append(
            Record(
                year=int(r["aar"]),
                month=int(r["maaned"]),
                level=lv,
                key="" if lv is Level.MUNICIPALITY else r["kode"],
                label=r["navn"] or "",
                days=days,
                given_percent=None if days else to_decimal(r["prosent"]),
            )
        )
    if problems:
        raise InputError(problems)
    return records
