"""Importers for the appropriation overview (bevilgningsoversikt drift, § 5-4).

- `tertial import areas FILE --year Y`: the year's appropriation areas (rammeområder). Columns
  `rammeomrade;ansvar` (one row per unit) or `rammeomrade;tjenesteomrade` (one row per sector, which
  maps all its units); optional `rekkefolge` (the area's place in the overview). Every unit of the
  year's organisation must land in exactly one area.
- `tertial import general-lines FILE --year Y --period M`: columns `linje;budsjett;regnskap`
  (kroner). `linje` is a key of core.appropriation.GENERAL_LINES; `budsjett` is the year's original
  budget of the line, `regnskap` the actuals year-to-date pr. the period.

Both read and check the whole file and return core values; nothing is written here.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from tertial.core.appropriation import GENERAL_LINE_KEYS, Area
from tertial.core.errors import InputError, InputProblem
from tertial.core.org import Organisation

from ._common import bad_integer, missing
from .tabular import ROW, Check, amount_ore, invalid_rows, open_table, raise_problems


def _bad_amount(col: str) -> Check:
    return (col, pl.col(col).is_not_null() & amount_ore(col).is_null(), "ugyldig beløp")


def read_areas(path: Path, *, org: Organisation, mapping: Mapping[str, str] | None = None) -> list[Area]:
    """The year's areas in order (by `rekkefolge`, else first appearance), each with its units."""
    if not org.units:
        raise InputError([InputProblem(path.name, f"organisasjonen for {org.year} har ingen enheter")])
    # a sector by its code or, when no code is spelt so, by its name
    sector_by_key = {s.name: s for s in org.sectors} | {s.code: s for s in org.sectors}
    with open_table(
        path, required=["rammeomrade"], optional=["ansvar", "tjenesteomrade", "rekkefolge"], mapping=mapping
    ) as src:
        present = set(src.columns)
        by_unit = "ansvar" in present
        if by_unit == ("tjenesteomrade" in present):
            raise InputError(
                [
                    InputProblem(
                        src.name, "filen må ha én av kolonnene «ansvar» og «tjenesteomrade», ikke begge/ingen", row=1
                    )
                ]
            )
        key = "ansvar" if by_unit else "tjenesteomrade"
        known = [u.code for u in org.units] if by_unit else list(sector_by_key)
        checks: list[Check] = [
            missing("rammeomrade"),
            missing(key),
            (
                key,
                pl.col(key).is_not_null() & ~pl.col(key).is_in(known),
                f"ukjent ansvar i organisasjonen for {org.year}"
                if by_unit
                else f"ukjent tjenesteområde i organisasjonen for {org.year}",
            ),
            (
                key,
                pl.col(key).is_not_null() & ~pl.col(key).is_first_distinct(),
                f"{'ansvaret' if by_unit else 'tjenesteområdet'} står to ganger i filen",
            ),
        ]
        if "rekkefolge" in present:
            checks.append(bad_integer("rekkefolge", 0, 10_000, "rekkefølge må være et heltall 0–10000"))
        raise_problems(src.name, invalid_rows(src.frame, checks))
        df = src.frame.collect()
    if df.height == 0:
        raise InputError([InputProblem(src.name, "filen har ingen datarader")])
    problems: list[InputProblem] = []
    orders: dict[str, int | None] = {}
    units: dict[str, list[str]] = {}
    for r in df.iter_rows(named=True):
        name = r["rammeomrade"]
        order = int(r["rekkefolge"]) if r.get("rekkefolge") is not None else None
        if name in orders and orders[name] != order:
            problems.append(
                InputProblem(
                    src.name,
                    f"rammeområdet «{name}» har ulik rekkefølge på ulike rader",
                    row=r[ROW],
                    column="rekkefolge",
                )
            )
        orders.setdefault(name, order)
        codes = [r["ansvar"]] if by_unit else [u.code for u in org.units_of(sector_by_key[r["tjenesteomrade"]].code)]
        units.setdefault(name, []).extend(codes)
    mapped = {c for cs in units.values() for c in cs}
    for u in org.units:
        if u.code not in mapped:
            where = f"ansvar {u.code} {u.name}" if by_unit else f"tjenesteområdet {org.sector(u.sector_code).name}"
            problems.append(
                InputProblem(src.name, f"{where} mangler i filen; hvert ansvar må høre til ett rammeområde", column=key)
            )
            if not by_unit:
                mapped |= {x.code for x in org.units_of(u.sector_code)}  # one problem per sector
    if problems:
        raise InputError(problems)
    first = list(orders)
    ranked = sorted(first, key=lambda n: (orders[n] if orders[n] is not None else 10_001, first.index(n)))
    return [Area(name=n, order=i, units=tuple(units[n])) for i, n in enumerate(ranked)]


@dataclass(frozen=True)
class GeneralLineFigures:
    line: str
    budget: int  # original budget for the year, øre
    actual: int  # actuals year-to-date pr. the period, øre


def read_general_lines(path: Path, *, mapping: Mapping[str, str] | None = None) -> list[GeneralLineFigures]:
    """One row per line; a line not in the file has 0 budget and 0 actuals."""
    with open_table(path, required=["linje", "budsjett", "regnskap"], mapping=mapping) as src:
        frame = src.frame.with_columns(pl.col("linje").str.to_lowercase())
        checks: list[Check] = [
            missing("linje"),
            (
                "linje",
                pl.col("linje").is_not_null() & ~pl.col("linje").is_in(sorted(GENERAL_LINE_KEYS)),
                "ukjent linje i bevilgningsoversikten (kjente: " + ", ".join(sorted(GENERAL_LINE_KEYS)) + ")",
            ),
            (
                "linje",
                pl.col("linje").is_not_null() & ~pl.col("linje").is_first_distinct(),
                "linjen står to ganger i filen",
            ),
            missing("budsjett"),
            _bad_amount("budsjett"),
            missing("regnskap"),
            _bad_amount("regnskap"),
        ]
        raise_problems(src.name, invalid_rows(frame, checks))
        df = frame.with_columns(amount_ore("budsjett").alias("b"), amount_ore("regnskap").alias("a")).collect()
    if df.height == 0:
        raise InputError([InputProblem(src.name, "filen har ingen datarader")])
    return [GeneralLineFigures(line=r["linje"], budget=r["b"], actual=r["a"]) for r in df.iter_rows(named=True)]
