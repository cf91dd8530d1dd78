"""Imports of this app for `tertial import KIND` (merged into tertial.web.imports.IMPORTERS)."""

from collections.abc import Callable

from tertial.importers.debt import read_finance_rules, read_inhabitants, read_liquidity, read_loans
from tertial.web.import_request import need as _need

from .services import finance_rules_import, inhabitants_import, liquidity_import, loans_import


def _loans(r) -> str:
    year, period = _need(r.year, "--year"), _need(r.period, "--period")
    return loans_import(year=year, month=period, loans=read_loans(r.path, mapping=r.mapping), actor=r.actor)


def _liquidity(r) -> str:
    year, period = _need(r.year, "--year"), _need(r.period, "--period")
    months = read_liquidity(r.path, period=period, mapping=r.mapping)
    return liquidity_import(year=year, months=months, actor=r.actor)


def _finance_rules(r) -> str:
    return finance_rules_import(versions=read_finance_rules(r.path, mapping=r.mapping), actor=r.actor)


def _inhabitants(r) -> str:
    return inhabitants_import(years=read_inhabitants(r.path, mapping=r.mapping), actor=r.actor)


IMPORTERS: dict[str, Callable] = {
    "loans": _loans,
    "liquidity": _liquidity,
    "finance-rules": _finance_rules,
    "inhabitants": _inhabitants,
}

# Demo files of this app, loaded by `tertial demo` after the base data: (kind, file in
# the demo data set, tertial.web.demo.demo_dir(), period or None). Year is the demo year. All SYNTHETIC (see README.md).
DEMO_FILES: list[tuple[str, str, int | None]] = [
    ("finance-rules", "finance_rules.csv", None),
    ("inhabitants", "inhabitants.csv", None),
    ("loans", "loans_202404.csv", 4),
    ("liquidity", "liquidity_2024.csv", 4),
]
