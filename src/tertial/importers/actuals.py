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

from tertial.core import progress
from tertial.core.errors import InputError, InputProblem

from .tabular import (
    ORE_MAX,
    ORE_MIN,
    ROW,
    Check,
    Source,
    amount_ore,
    bad_rows,
    kroner_text,
    open_table,
    ore_out_of_range,
    ore_sum,
    plain_amount_ore,
    problems_in,
    raise_problems,
    rows_text,
)

BALANCE_COLUMNS = ("period", "ansvar", "art", "funksjon", "prosjekt", "amount")
REQUIRED = ("periode", "ansvar", "art", "funksjon", "belop")


def _aggregate_first(src: Source, checks: list[Check], regroup, any_bad) -> pl.DataFrame | None:
    """The fast pass: aggregate the untrimmed lines, then trim and check the distinct keys.

    Every check but the amount's depends on the key columns only, so checking the ~400 000
    distinct (periode, ansvar, art, funksjon, prosjekt) of a 10 M-line ledger finds exactly the
    lines the per-line checks would — at a fraction of the cost; sums are merged when trimming
    makes two keys equal. Amounts are read in the plain form machine exports use
    (`plain_amount_ore`). None when some amount is not plain: the caller then runs the general
    pass. One streaming pass: about 0.6 GB peak RSS at 10 M lines (benchmarks/import_gl.py).
    """
    keys = [c for c in ("periode", "ansvar", "art", "funksjon", "prosjekt") if c in src.columns]
    belop = pl.col("belop")
    plain = plain_amount_ore("belop")
    assert src.raw is not None
    groups = (
        src.raw.group_by(keys)
        .agg(
            ore_sum(plain).alias("amount"),
            pl.len().alias("lines"),
            (belop.is_not_null() & plain.is_null()).sum().alias("unparsed"),
            belop.is_null().sum().alias("missing"),
        )
        .collect(engine="streaming")
    )
    if groups["unparsed"].sum():
        return None
    trimmed = {c: pl.col(c).str.strip_chars() for c in keys}
    cleaned = groups.lazy().with_columns([pl.when(t != "").then(t).alias(c) for c, t in trimmed.items()])
    key_checks = [c for c in checks if c[0] != "belop"]  # a missing amount is counted per line above
    return regroup(cleaned, pl.col("amount"), pl.col("lines"), any_bad(key_checks) | (pl.col("missing") > 0))


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
    progress.report("read")
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

        keys = ["period", "ansvar", "art", "funksjon", "prosjekt"]

        def regroup(frame: pl.LazyFrame, amount: pl.Expr, lines: pl.Expr, bad: pl.Expr) -> pl.DataFrame:
            return (
                frame.select(
                    month.cast(pl.Int8).alias("period"),
                    "ansvar",
                    "art",
                    "funksjon",
                    prosjekt.alias("prosjekt"),
                    amount.cast(pl.Int128).alias("amount"),
                    lines.alias("lines"),
                    bad.alias("bad"),
                )
                .group_by(keys)
                .agg(pl.col("amount").sum(), pl.col("lines").sum(), pl.col("bad").sum())
                .sort(keys)
                .collect(engine="streaming")
            )

        def any_bad(checks: list[Check]) -> pl.Expr:
            return pl.any_horizontal([pred.fill_null(False) for _, pred, _ in checks])

        balances = None
        if src.raw is not None and "bilag" not in src.columns:
            balances = _aggregate_first(src, checks, regroup, any_bad)
        if balances is None:
            # The general pass: every line trimmed, checked and read with `amount_ore`.
            balances = regroup(src.frame, amount_ore("belop"), pl.lit(1, pl.UInt32), any_bad(all_checks))
        progress.report("check")  # the streaming pass above read, checked and grouped every line
        if balances["bad"].sum():
            # Only when a line is bad does a further pass fetch the first bad rows for the message.
            bad = bad_rows(src.frame, all_checks).collect(engine="streaming")
            raise_problems(src.name, problems_in(bad, all_checks))
        overflowing = balances.filter(ore_out_of_range("amount"))
        if overflowing.height:
            raise _overflow_problem(src, overflowing.row(0, named=True), month, prosjekt)
    if balances.height == 0:
        raise InputError([InputProblem(src.name, "filen har ingen datarader")])
    progress.report("aggregate")
    total = int(balances["amount"].sum())  # Int128 balances: a Python int, exact
    if not ORE_MIN <= total <= ORE_MAX:
        message = f"summen av alle linjene er for stor til å lagres ({kroner_text(total)} kr){_LIMIT}"
        raise InputError([InputProblem(src.name, message, column="belop")])
    return ActualsBatch(
        source=src.name,
        year=year,
        periods=tuple(sorted(balances["period"].unique().to_list())),
        balances=balances.select(BALANCE_COLUMNS).with_columns(pl.col("amount").cast(pl.Int64)),
        line_count=int(balances["lines"].sum()),
        total=total,
    )


_LIMIT = f"; største beløp som kan lagres er ±{kroner_text(ORE_MAX)} kr"


def _overflow_problem(src: Source, key: dict, month: pl.Expr, prosjekt: pl.Expr) -> InputError:
    """A balance beyond the 64-bit øre range: name its key and the first lines that make it up."""
    match = (month == key["period"]) & (prosjekt == key["prosjekt"])
    for c in ("ansvar", "art", "funksjon"):
        match = match & (pl.col(c) == key[c])
    rows = src.frame.filter(match).select(ROW).head(6).collect()[ROW].to_list()
    where = f"ansvar {key['ansvar']}, art {key['art']}, funksjon {key['funksjon']}"
    where += f", prosjekt {key['prosjekt']}" if key["prosjekt"] else ""
    message = (
        f"summen er for stor: {where}, måned {key['period']} summerer til {kroner_text(key['amount'])} kr "
        f"({rows_text(rows)}){_LIMIT}"
    )
    return InputError([InputProblem(src.name, message, row=rows[0] if rows else None, column="belop")])
