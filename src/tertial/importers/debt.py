"""Finance and debt importers: the loan portfolio at a period end, liquidity per month, the finance
rules (finansreglement) and inhabitants per year. See docs/finance.md for the columns.

Each reads a CSV or XLSX file, checks every row and returns core values; on any problem it raises
InputError naming file, row and column, before anything is written.
"""

from collections.abc import Mapping
from pathlib import Path

import polars as pl

from tertial.core.debt import FinanceRules, Liquidity, Loan, LoanKind, RateType, YearFigures
from tertial.core.errors import InputError, InputProblem

from ._common import bad_date, bad_decimal, bad_integer, decimal_text, missing, to_decimal
from .records import parse_date_text
from .tabular import ROW, Check, amount_ore, invalid_rows, open_table, raise_problems

RATE_TYPES = {
    "fast": RateType.FIXED,
    "fastrente": RateType.FIXED,
    "fast rente": RateType.FIXED,
    "flytende": RateType.FLOATING,
    "flytende rente": RateType.FLOATING,
    "flytrente": RateType.FLOATING,
}
LOAN_KINDS = {
    "ordinær": LoanKind.ORDINARY,
    "ordinar": LoanKind.ORDINARY,
    "ordinær gjeld": LoanKind.ORDINARY,
    "investering": LoanKind.ORDINARY,
    "startlån": LoanKind.RELENDING,
    "startlan": LoanKind.RELENDING,
    "videreutlån": LoanKind.RELENDING,
    "videreutlan": LoanKind.RELENDING,
}
MAX_RATE = 30  # a rate above 30 % is a misread column (e.g. the balance), not a loan

LOAN_REQUIRED = ("lanenummer", "langiver", "saldo", "rentetype", "rente", "forfall")
LOAN_OPTIONAL = ("rentebinding_til", "type")


def _bad_amount(col: str, *, negative: bool = True) -> list[Check]:
    checks: list[Check] = [(col, pl.col(col).is_not_null() & amount_ore(col).is_null(), "ugyldig beløp")]
    if not negative:
        checks.append((col, amount_ore(col) < 0, "kan ikke være negativ"))
    return checks


def _bad_rate(col: str) -> list[Check]:
    # the float is only compared with the bound; the rate itself is read exactly by to_decimal
    too_high = decimal_text(col).cast(pl.Float64, strict=False) > MAX_RATE
    return [
        bad_decimal(col, negative=False),
        (col, pl.col(col).is_not_null() & too_high.fill_null(False), f"urimelig rente (over {MAX_RATE} %)"),
        _too_many_places(col, 4),
    ]


def _too_many_places(col: str, places: int) -> Check:
    """More decimals than the database keeps would be rounded silently on PostgreSQL: refuse them."""
    return (
        col,
        pl.col(col).is_not_null() & decimal_text(col).str.contains(rf"\.[0-9]{{{places + 1},}}$"),
        f"for mange desimaler (høyst {places})",
    )


def _one_of(col: str, allowed: Mapping[str, object], label: str) -> Check:
    return (
        col,
        pl.col(col).is_not_null() & ~pl.col(col).str.to_lowercase().is_in(list(allowed)),
        f"ukjent {label} (bruk {', '.join(sorted({str(k) for k in allowed}))})",
    )


def read_loans(path: Path, *, mapping: Mapping[str, str] | None = None) -> list[Loan]:
    """Columns: lanenummer, langiver, saldo (kr), rentetype (fast|flytende), rente ("4,25" or
    "4,25 %"), forfall [, rentebinding_til (required for fast), type (ordinær|startlån)]."""
    with open_table(path, required=LOAN_REQUIRED, optional=LOAN_OPTIONAL, mapping=mapping) as src:
        present = set(src.columns)
        frame = src.frame.with_columns([pl.lit(None, pl.String).alias(c) for c in LOAN_OPTIONAL if c not in present])
        fixed = pl.col("rentetype").str.to_lowercase().is_in([k for k, v in RATE_TYPES.items() if v is RateType.FIXED])
        checks: list[Check] = [
            *(missing(c) for c in LOAN_REQUIRED),
            *_bad_amount("saldo", negative=False),
            *_bad_rate("rente"),
            _one_of("rentetype", RATE_TYPES, "rentetype"),
            _one_of("type", LOAN_KINDS, "lånetype"),
            bad_date("forfall"),
            bad_date("rentebinding_til"),
            ("rentebinding_til", fixed & pl.col("rentebinding_til").is_null(), "et lån med fast rente trenger en dato"),
            (
                "rentebinding_til",
                pl.col("rentetype").is_not_null() & ~fixed & pl.col("rentebinding_til").is_not_null(),
                "gjelder bare lån med fast rente",
            ),
            ("lanenummer", ~pl.col("lanenummer").is_first_distinct(), "lånet finnes tidligere i filen (duplikat)"),
        ]
        raise_problems(src.name, invalid_rows(frame, checks))
        df = frame.with_columns(amount_ore("saldo").alias("ore")).collect()
    if df.height == 0:
        raise InputError([InputProblem(src.name, "filen har ingen datarader")])
    loans = []
    for r in df.iter_rows(named=True):
        rate = to_decimal(r["rente"])
        assert rate is not None
        loans.append(
            Loan(
                number=r["lanenummer"],
                lender=r["langiver"],
                balance=r["ore"],
                rate_type=RATE_TYPES[r["rentetype"].lower()],
                rate=rate,
                maturity=parse_date_text(r["forfall"]),
                fixed_until=parse_date_text(r["rentebinding_til"]) if r["rentebinding_til"] else None,
                kind=LOAN_KINDS[r["type"].lower()] if r["type"] else LoanKind.ORDINARY,
            )
        )
    return loans


LIQUIDITY_OPTIONAL = ("maned", "ubenyttet_trekkrettighet", "plasseringer")


def read_liquidity(path: Path, *, period: int, mapping: Mapping[str, str] | None = None) -> dict[int, Liquidity]:
    """Columns: bankinnskudd [, maned (1–12), ubenyttet_trekkrettighet, plasseringer] (kroner, at the
    month's end). Without `maned` the file has one row, for `period`."""
    with open_table(path, required=("bankinnskudd",), optional=LIQUIDITY_OPTIONAL, mapping=mapping) as src:
        present = set(src.columns)
        frame = src.frame.with_columns(
            [pl.lit(None, pl.String).alias(c) for c in LIQUIDITY_OPTIONAL if c not in present]
        )
        checks: list[Check] = [
            missing("bankinnskudd"),
            *_bad_amount("bankinnskudd"),
            *_bad_amount("ubenyttet_trekkrettighet", negative=False),
            *_bad_amount("plasseringer", negative=False),
            bad_integer("maned", 1, 12, "måned må være 1–12"),
        ]
        if "maned" in present:
            checks += [
                missing("maned"),
                ("maned", ~pl.col("maned").is_first_distinct(), "måneden finnes tidligere i filen (duplikat)"),
            ]
        raise_problems(src.name, invalid_rows(frame, checks))
        df = frame.with_columns(
            *(amount_ore(c).fill_null(0).alias(f"{c}_ore") for c in ("bankinnskudd", *LIQUIDITY_OPTIONAL[1:]))
        ).collect()
    if df.height == 0:
        raise InputError([InputProblem(src.name, "filen har ingen datarader")])
    if "maned" not in present and df.height > 1:
        raise InputError([InputProblem(src.name, "flere rader trenger kolonnen «maned»", row=3)])
    return {
        int(r["maned"]) if r["maned"] else period: Liquidity(
            bank_deposits=r["bankinnskudd_ore"],
            unused_credit=r["ubenyttet_trekkrettighet_ore"],
            placements=r["plasseringer_ore"],
        )
        for r in df.iter_rows(named=True)
    }


RULE_PERCENTS = {
    "fastrente_min": "fixed_share_min",
    "fastrente_maks": "fixed_share_max",
    "forfall_12m_maks": "maturing_12m_max",
    "langiver_maks": "lender_share_max",
}
RULE_OPTIONAL = (*RULE_PERCENTS, "likviditet_min", "likviditet_min_dager", "vedtak")


def read_finance_rules(path: Path, *, mapping: Mapping[str, str] | None = None) -> list[FinanceRules]:
    """One row per version of the finance rules. Columns: gyldig_fra [, fastrente_min, fastrente_maks,
    forfall_12m_maks, langiver_maks (percent), likviditet_min (kr), likviditet_min_dager, vedtak]."""
    with open_table(path, required=("gyldig_fra",), optional=RULE_OPTIONAL, mapping=mapping) as src:
        present = set(src.columns)
        frame = src.frame.with_columns([pl.lit(None, pl.String).alias(c) for c in RULE_OPTIONAL if c not in present])
        checks: list[Check] = [
            missing("gyldig_fra"),
            bad_date("gyldig_fra"),
            ("gyldig_fra", ~pl.col("gyldig_fra").is_first_distinct(), "versjonen finnes tidligere i filen (duplikat)"),
            *(bad_decimal(c, negative=False) for c in RULE_PERCENTS),
            *(_too_many_places(c, 2) for c in RULE_PERCENTS),
            *_bad_amount("likviditet_min", negative=False),
            bad_integer("likviditet_min_dager", 0, 366, "antall dager må være 0–366"),
        ]
        raise_problems(src.name, invalid_rows(frame, checks))
        df = frame.with_columns(amount_ore("likviditet_min").alias("likviditet_ore")).collect()
    if df.height == 0:
        raise InputError([InputProblem(src.name, "filen har ingen datarader")])
    out, problems = [], []
    names = {v: k for k, v in RULE_PERCENTS.items()}
    for r in df.iter_rows(named=True):
        rules = FinanceRules(
            valid_from=parse_date_text(r["gyldig_fra"]),
            **{field: to_decimal(r[col]) for col, field in RULE_PERCENTS.items()},
            liquidity_min=r["likviditet_ore"],
            liquidity_min_days=int(r["likviditet_min_dager"]) if r["likviditet_min_dager"] else None,
            reference=r["vedtak"] or "",
        )
        for field, message in rules.problems():
            problems.append(InputProblem(src.name, message, row=r[ROW], column=names[field]))
        out.append(rules)
    if problems:
        raise InputError(problems)
    return out


def read_inhabitants(path: Path, *, mapping: Mapping[str, str] | None = None) -> list[YearFigures]:
    """Columns: aar, innbyggere [, brutto_driftsutgifter (kr, for liquidity in days)]."""
    with open_table(path, required=("aar", "innbyggere"), optional=("brutto_driftsutgifter",), mapping=mapping) as src:
        present = set(src.columns)
        frame = src.frame
        if "brutto_driftsutgifter" not in present:
            frame = frame.with_columns(pl.lit(None, pl.String).alias("brutto_driftsutgifter"))
        checks: list[Check] = [
            missing("aar"),
            missing("innbyggere"),
            bad_integer("aar", 1900, 2999, "ugyldig år"),
            bad_integer("innbyggere", 1, 10_000_000, "antall innbyggere må være et positivt heltall"),
            *_bad_amount("brutto_driftsutgifter", negative=False),
            ("aar", ~pl.col("aar").is_first_distinct(), "året finnes tidligere i filen (duplikat)"),
        ]
        raise_problems(src.name, invalid_rows(frame, checks))
        df = frame.with_columns(amount_ore("brutto_driftsutgifter").alias("ore")).collect()
    if df.height == 0:
        raise InputError([InputProblem(src.name, "filen har ingen datarader")])
    return [
        YearFigures(year=int(r["aar"]), inhabitants=int(r["innbyggere"]), operating_expenditure=r["ore"])
        for r in df.iter_rows(named=True)
    ]
