"""The general-ledger importer: streams the accounting system's export and aggregates it to period
balances per (periode, ansvar, art, funksjon, prosjekt) before anything touches the database.

Columns: periode (YYYYMM), ansvar, art, funksjon, belop [, prosjekt, bilag]. Identical lines are
legitimate in a ledger (two equal postings), so duplicates are only detectable — and refused — when
the export carries the voucher number (`bilag`).
"""

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from tertial.core.errors import InputError, InputProblem

from .tabular import Check, amount_ore, bad_rows, open_table, plain_amount_ore, problems_in, raise_problems

BALANCE_COLUMNS = ("period", "ansvar", "art", "funksjon", "prosjekt", "amount")
REQUIRED = ("periode", "ansvar", "art", "funksjon", "belop")


@dataclass(frozen=True)
class ActualsBatch:
    source: str
    year: int
    periods: tuple[int, ...]  # the months the file covers; a re-import replaces exactly these
    balances: pl.DataFrame  # BALANCE_COLUMNS; amount in øre (Int64), prosjekt "" when absent
    line_count: int
    total: int  # øre, the sum of every line, for the import receipt


def read_actuals(
    path: Path, *, year: int, known_units: Collection[str], mapping: Mapping[str, str] | None = None
) -> ActualsBatch:
    with open_table(path, required=REQUIRED, optional=("prosjekt", "bilag"), mapping=mapping) as src:
        periode = pl.col("periode")
        valid_periode = periode.str.contains(r"^[0-9]{6}$")
        month = periode.str.slice(4, 2).cast(pl.Int32, strict=False)
        checks = [(c, pl.col(c).is_null(), "mangler verdi") for c in REQUIRED]
        checks += [
            ("periode", periode.is_not_null() & ~valid_periode, "periode må være ÅÅÅÅMM"),
            (
                "periode",
                valid_periode & (periode.str.slice(0, 4) != str(year)),
                f"feil år (importen gjelder {year})",
            ),
            ("periode", valid_periode & ((month < 1) | (month > 12)), "måned må være 01–12"),
            (
                "ansvar",
                pl.col("ansvar").is_not_null() & ~pl.col("ansvar").is_in(list(known_units)),
                f"ukjent ansvar i organisasjonen for {year}",
            ),
        ]
        amount_check = ("belop", pl.col("belop").is_not_null() & amount_ore("belop").is_null(), "ugyldig beløp")
        if "bilag" in src.columns:
            key = [c for c in (*REQUIRED, "prosjekt", "bilag") if c in src.columns]
            checks.append(("bilag", ~pl.struct(key).is_first_distinct(), "linjen finnes tidligere i filen (duplikat)"))
        all_checks = [*checks, amount_check]
        prosjekt = pl.col("prosjekt").fill_null("") if "prosjekt" in src.columns else pl.lit("")

        def aggregate(amount: pl.Expr, checks: list[Check], unparsed: pl.Expr) -> pl.DataFrame:
            any_bad = pl.any_horizontal([pred.fill_null(False) for _, pred, _ in checks])
            return (
                src.frame.select(
                    month.cast(pl.Int8).alias("period"),
                    "ansvar",
                    "art",
                    "funksjon",
                    prosjekt.alias("prosjekt"),
                    amount.alias("amount"),
                    any_bad.alias("bad"),
                    unparsed.alias("unparsed"),
                )
                .group_by(["period", "ansvar", "art", "funksjon", "prosjekt"])
                .agg(pl.col("amount").sum(), pl.len().alias("lines"), pl.col("bad").sum(), pl.col("unparsed").sum())
                .sort(["period", "ansvar", "art", "funksjon", "prosjekt"])
                .collect(engine="streaming")
            )

        # One streaming pass aggregates and counts bad lines at once (10 M lines: about 0.6 GB peak
        # RSS). It reads amounts in the plain form machine exports use (`plain_amount_ore`, several
        # times faster); only if some amount is not plain is the file read again with the general
        # `amount_ore` (thousands separators, typographic minus …) — the result is the same.
        # Only when a line is bad does a further pass fetch the first bad rows for the message.
        plain = plain_amount_ore("belop")
        balances = aggregate(plain, checks, pl.col("belop").is_not_null() & plain.is_null())
        if balances["unparsed"].sum():
            balances = aggregate(amount_ore("belop"), all_checks, pl.lit(False))
        if balances["bad"].sum():
            bad = bad_rows(src.frame, all_checks).collect(engine="streaming")
            raise_problems(src.name, problems_in(bad, all_checks))
    if balances.height == 0:
        raise InputError([InputProblem(src.name, "filen har ingen datarader")])
    return ActualsBatch(
        source=src.name,
        year=year,
        periods=tuple(sorted(balances["period"].unique().to_list())),
        balances=balances.select(BALANCE_COLUMNS),
        line_count=int(balances["lines"].sum()),
        total=int(balances["amount"].sum()),
    )
