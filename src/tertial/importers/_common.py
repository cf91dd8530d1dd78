"""Small checks shared by the content importers (sick leave, indicators, milestones)."""

from decimal import Decimal

import polars as pl

from .tabular import Check

_DECIMAL = r"^[+-]?[0-9]+([.,][0-9]+)?$"


def decimal_text(column: str) -> pl.Expr:
    """'10,17 %', '1 990', '+ 25 %', '−3,2' → '10.17', '1990', '+25', '-3.2'."""
    return (
        pl.col(column)
        .str.replace_all(r"[\s\u00a0\u202f\u2009%]", "")
        .str.replace_all("\u2212", "-", literal=True)
        .str.replace(",", ".", literal=True)
    )


def to_decimal(text: str | None) -> Decimal | None:
    if text is None:
        return None
    cleaned = "".join(ch for ch in text if not ch.isspace() and ch != "%").replace("\u2212", "-").replace(",", ".")
    return Decimal(cleaned)


def missing(col: str) -> Check:
    return (col, pl.col(col).is_null(), "mangler verdi")


def bad_decimal(col: str, *, negative: bool = True) -> Check:
    valid = decimal_text(col).str.contains(_DECIMAL)
    if not negative:
        valid = valid & ~decimal_text(col).str.starts_with("-")
    msg = "ugyldig tall" if negative else "ugyldig tall (må være 0 eller mer)"
    return (col, pl.col(col).is_not_null() & ~valid, msg)


def bad_integer(col: str, low: int, high: int, label: str) -> Check:
    as_int = pl.col(col).str.to_integer(strict=False)
    return (col, pl.col(col).is_not_null() & (as_int.is_null() | (as_int < low) | (as_int > high)), label)


def bad_date(col: str) -> Check:
    iso = pl.col(col).str.contains(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
    nb = pl.col(col).str.contains(r"^[0-9]{1,2}\.[0-9]{1,2}\.[0-9]{2,4}$")
    parsed = pl.coalesce(
        pl.col(col).str.to_date("%Y-%m-%d", strict=False),
        pl.col(col).str.to_date("%d.%m.%Y", strict=False),
        pl.col(col).str.to_date("%d.%m.%y", strict=False),
    )
    return (
        col,
        pl.col(col).is_not_null() & (~(iso | nb) | parsed.is_null()),
        "ugyldig dato (ÅÅÅÅ-MM-DD eller DD.MM.ÅÅÅÅ)",
    )
