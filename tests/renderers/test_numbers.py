from datetime import date
from decimal import Decimal

from tertial.core.document import Amount, AmountStyle
from tertial.renderers import numbers as nb

NBSP = "\u00a0"
MINUS = "\u2212"


def test_thousands_use_a_no_break_space_as_separator():
    assert nb.thousands(139_606_123_456) == f"1{NBSP}396{NBSP}061"


def test_negative_figures_get_the_minus_sign():
    assert nb.thousands(-6_270_000_000) == f"{MINUS}62{NBSP}700"


def test_percent_has_decimal_comma_and_a_no_break_space_before_the_sign():
    assert nb.percent(Decimal("29.94")) == f"29,9{NBSP}%"
    assert nb.percent(Decimal("-36.31")) == f"{MINUS}36,3{NBSP}%"
    assert nb.percent(None) == "–"


def test_millions_have_one_decimal():
    assert nb.millions(-4_270_000_000) == f"{MINUS}42,7{NBSP}mill."
    assert nb.amount(Amount(-6_270_000_000, AmountStyle.MILLIONS, absolute=True)) == f"62,7{NBSP}mill."


def test_kroner_and_dates():
    assert nb.kroner(12_500_000) == f"125{NBSP}000"
    assert nb.kroner_exact(-123_456) == f"{MINUS}1{NBSP}234,56"
    assert nb.date_nb(date(2024, 3, 31)) == "31.03.2024"


def test_a_thousand_kroner_figure_is_exact_and_rounded_half_up_only_when_shown():
    from tertial.core.document import Figure, FigureKind

    f = Figure.thousands(139_606_123_456)  # 1 396 061 234,56 kr
    assert f.kind is FigureKind.THOUSAND_KRONER
    assert f.value == Decimal("1396061.23456")
    assert nb.figure(f) == "1\u00a0396\u00a0061"
    assert nb.figure(Figure.thousands(-6_270_050_000)) == "\u221262\u00a0701"
    assert nb.figure(Figure.thousands(None)) == "–"
