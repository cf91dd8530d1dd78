from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from tertial.core.debt import (
    MIN_ABOVE_MAX,
    FinanceRules,
    KeyFigures,
    LimitStatus,
    Liquidity,
    Loan,
    LoanKind,
    RateType,
    add_months,
    finance_blocks,
    interest_cost_forecast,
    key_figure_rows,
    key_figures_compute,
    key_figures_table,
    limits_check,
    loan_problems,
    portfolio_check,
    portfolio_table,
    rules_in_force,
)
from tertial.core.document import Figure, FigureKind, FigureTable, FigureTableRow, Heading, ItemList, Paragraph
from tertial.core.money import round_half_up
from tertial.renderers.numbers import NBSP, run_text

MILL = 100_000_000  # øre in a million kroner
AS_OF = date(2024, 4, 30)

A = Loan("1", "Kommunalbanken", 40 * MILL, RateType.FIXED, Decimal("4.00"), date(2034, 4, 30), date(2026, 4, 30))
B = Loan("2", "Kommunalbanken", 30 * MILL, RateType.FLOATING, Decimal("5.00"), date(2025, 4, 30))
C = Loan("3", "KLP Kommunekreditt", 30 * MILL, RateType.FLOATING, Decimal("5.00"), date(2029, 4, 30))
S = Loan("S1", "Husbanken", 10 * MILL, RateType.FLOATING, Decimal("4.50"), date(2044, 1, 1), kind=LoanKind.RELENDING)
PORTFOLIO = (A, B, C, S)

RULES = FinanceRules(
    valid_from=date(2023, 1, 1),
    fixed_share_min=Decimal(33),
    fixed_share_max=Decimal(67),
    maturing_12m_max=Decimal(25),
    lender_share_max=Decimal(60),
    liquidity_min=100 * MILL,
    liquidity_min_days=15,
    reference="KS-sak 12/23",
)


@pytest.fixture
def figures() -> KeyFigures:
    return key_figures_compute(
        PORTFOLIO,
        as_of=AS_OF,
        inhabitants=20_000,
        liquidity=Liquidity(bank_deposits=50 * MILL, unused_credit=20 * MILL, placements=10 * MILL),
        operating_expenditure=1460 * MILL,  # 4 mill. kr a day
    )


def test_key_figures_of_a_hand_computed_portfolio_leave_startlan_out(figures):
    assert figures.total_debt == 100 * MILL
    assert figures.relending_debt == 10 * MILL
    assert figures.loan_count == 3
    assert figures.fixed_share == Decimal(40)
    assert figures.average_rate == Decimal("4.6")  # (40 × 4 + 60 × 5) / 100
    assert figures.largest_lender is not None
    assert (figures.largest_lender.lender, figures.largest_lender.share) == ("Kommunalbanken", Decimal(70))
    assert figures.maturing_12m_share == Decimal(30)  # loan 2 matures on 30.04.2025, 12 months on
    assert figures.debt_per_inhabitant == 5500 * 100  # 110 mill. kr incl. startlån / 20 000
    assert figures.liquidity == 80 * MILL
    assert figures.liquidity_days == Decimal(20)


def test_time_to_maturity_and_to_rate_reset_are_weighted_by_balance(figures):
    # days to maturity 3652, 365 and 1826; weighted (0.4·3652 + 0.3·365 + 0.3·1826) / 365
    assert round_half_up(figures.years_to_maturity, 6) == Decimal("5.803014")
    # the fixed loan resets in 730 days = 2 years, floating loans at once
    assert figures.years_to_reset == Decimal("0.8")


def test_interest_cost_holds_the_balance_for_the_year_at_the_current_rate(figures):
    assert figures.interest_cost == 460_000_000  # 1,6 + 1,5 + 1,5 mill. kr; startlån left out
    assert interest_cost_forecast((A, B, C), 2024, floating_rate=Decimal(6)) == 520_000_000


def test_a_fixed_rate_ending_in_the_year_continues_at_the_assumed_rate():
    loan = Loan("9", "X", 100 * MILL, RateType.FIXED, Decimal(4), date(2030, 1, 1), date(2024, 6, 30))
    # 182 of 366 days at 4 %, 184 at 6 %: 100 mill. × (4·182 + 6·184) / 100 / 366
    assert interest_cost_forecast([loan], 2024, floating_rate=Decimal(6)) == 500_546_448
    assert interest_cost_forecast([loan], 2024) == 400_000_000


def _share(fixed_mill: int) -> KeyFigures:
    loans = [
        Loan("F", "A", fixed_mill * MILL, RateType.FIXED, Decimal(4), date(2030, 1, 1), date(2028, 1, 1)),
        Loan("V", "B", (100 - fixed_mill) * MILL, RateType.FLOATING, Decimal(5), date(2030, 1, 1)),
    ]
    return key_figures_compute(loans, as_of=AS_OF)


def test_a_fixed_share_of_30_percent_breaches_a_33_to_67_percent_limit():
    rules = FinanceRules(date(2024, 1, 1), fixed_share_min=Decimal(33), fixed_share_max=Decimal(67))
    [check] = limits_check(_share(30), rules)
    assert check.status is LimitStatus.BREACH
    text = "".join(run_text(r) for r in check.explanation)
    assert text == f"Andel fast rente er 30,0{NBSP}%, under minimum 33,0{NBSP}% i finansreglementet."


def test_a_fixed_share_of_50_percent_is_within_33_to_67_percent():
    rules = FinanceRules(date(2024, 1, 1), fixed_share_min=Decimal(33), fixed_share_max=Decimal(67))
    [check] = limits_check(_share(50), rules)
    assert check.status is LimitStatus.WITHIN and not check.breach
    text = "".join(run_text(r) for r in check.explanation)
    assert text == f"Andel fast rente er 50,0{NBSP}%, innenfor grensene 33,0{NBSP}%–67,0{NBSP}%."


def test_each_limit_of_the_rules_is_checked_against_its_figure(figures):
    checks = {c.key: c.status for c in limits_check(figures, RULES)}
    assert checks == {
        "fixed_share": LimitStatus.WITHIN,
        "maturing_12m": LimitStatus.BREACH,  # 30 % > 25 %
        "lender_share": LimitStatus.BREACH,  # 70 % > 60 %
        "liquidity": LimitStatus.BREACH,  # 80 mill. < 100 mill.
        "liquidity_days": LimitStatus.WITHIN,  # 20 days ≥ 15
    }


def test_a_limit_without_a_figure_is_reported_as_missing_not_as_within():
    figures = key_figures_compute([A], as_of=AS_OF)  # no liquidity imported
    [check] = limits_check(figures, FinanceRules(date(2024, 1, 1), liquidity_min=MILL))
    assert check.status is LimitStatus.NO_FIGURE


def test_rules_with_minimum_above_maximum_are_refused():
    rules = FinanceRules(date(2024, 1, 1), fixed_share_min=Decimal(70), fixed_share_max=Decimal(50))
    assert rules.problems() == [("fixed_share_min", MIN_ABOVE_MAX)]
    assert FinanceRules(date(2024, 1, 1), lender_share_max=Decimal(120)).problems()[0][0] == "lender_share_max"


def test_the_rules_in_force_are_the_latest_version_valid_on_the_day():
    old, new = FinanceRules(date(2020, 1, 1)), FinanceRules(date(2024, 6, 1))
    assert rules_in_force([new, old], AS_OF) is old
    assert rules_in_force([new, old], date(2024, 6, 1)) is new
    assert rules_in_force([new], AS_OF) is None


def test_a_loan_at_a_fixed_rate_needs_its_fixed_until_date():
    loan = Loan("1", "X", -1, RateType.FIXED, Decimal(4), date(2030, 1, 1))
    assert [f for f, _ in loan_problems(loan)] == ["balance", "fixed_until"]


def test_twelve_months_on_from_the_end_of_february_keeps_the_month():
    assert add_months(date(2024, 2, 29), 12) == date(2025, 2, 28)
    assert add_months(date(2024, 8, 31), 6) == date(2025, 2, 28)


def test_the_report_section_has_the_portfolio_startlan_key_figures_and_breaches(figures):
    checks = limits_check(figures, RULES)
    blocks = finance_blocks(PORTFOLIO, figures, checks, RULES)
    assert blocks[0] == Heading("Finansforvaltning")
    tables = [b for b in blocks if isinstance(b, FigureTable)]
    portfolio, startlan, keys = tables
    assert [r.label.split(" (")[0] for r in portfolio.rows] == [
        "KLP Kommunekreditt 3",
        "Kommunalbanken 1",
        "Kommunalbanken 2",
        "Sum",
    ]
    total = portfolio.rows[-1]
    assert total.kind == "total" and total.cells[0].value == Decimal(100_000)  # 1000 kr
    assert total.cells[1].value == Decimal("4.6") and total.cells[1].kind is FigureKind.PERCENT2
    assert startlan.rows[-1].cells[0].value == Decimal(10_000)
    labels = [r.label for r in keys.rows]
    assert "Andel fast rente: innenfor" in labels
    assert "Andel hos største långiver (Kommunalbanken): BRUDD" in labels
    [breaches] = [b for b in blocks if isinstance(b, ItemList)]
    assert len(breaches.items) == 3


def test_the_report_section_is_left_out_without_loans():
    figures = key_figures_compute([], as_of=AS_OF)
    assert figures.fixed_share is None and figures.average_rate is None
    assert finance_blocks([], figures, [], None) == []


def test_the_portfolio_table_re_derives_and_a_wrong_sum_row_is_a_mismatch():
    table = portfolio_table([A, B, C], "Lån")
    assert portfolio_check(table) == []
    wrong_total = FigureTableRow(
        "Sum", (Figure(Decimal(99_999), FigureKind.THOUSAND_KRONER), table.rows[-1].cells[1]), "total"
    )
    [mismatch] = portfolio_check(replace(table, rows=(*table.rows[:-1], wrong_total)))
    assert (mismatch.column, mismatch.shown, mismatch.expected) == ("saldo", Decimal(99_999), Decimal(100_000))


def test_the_report_section_states_the_liquidity(figures):
    liquidity = Liquidity(bank_deposits=50 * MILL, unused_credit=20 * MILL, placements=10 * MILL)
    blocks = finance_blocks(PORTFOLIO, figures, [], RULES, liquidity)
    [text] = [
        "".join(run_text(r) for r in b.runs)
        for b in blocks
        if isinstance(b, Paragraph) and "likviditet pr." in str(b.runs[0])
    ]
    assert text == (
        f"Tilgjengelig likviditet pr. 30.04.2024 var 80,0{NBSP}mill. kr: bankinnskudd 50,0{NBSP}mill. kr, "
        f"ubenyttet trekkrettighet 20,0{NBSP}mill. kr og plasseringer 10,0{NBSP}mill. kr."
    )


def test_key_figures_without_a_limit_are_listed_once_and_limited_ones_only_with_their_status(figures):
    plain = [r.label for r in key_figure_rows(figures)]
    assert "Andel fast rente" in plain and "Likviditetsreserve" in plain
    assert "Andel hos største långiver (Kommunalbanken)" in plain
    table = key_figures_table(figures, limits_check(figures, RULES))
    labels = [r.label for r in table.rows]
    assert "Andel fast rente" not in labels and labels.count("Andel fast rente: innenfor") == 1
    assert "Gjennomsnittlig rente" in labels and "Likviditetsreserve: BRUDD" in labels
