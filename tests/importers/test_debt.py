from datetime import date
from decimal import Decimal

import pytest

from tertial.core.debt import Liquidity, LoanKind, RateType
from tertial.core.errors import InputError
from tertial.importers.debt import read_finance_rules, read_inhabitants, read_liquidity, read_loans

HEAD = "lanenummer;langiver;saldo;rentetype;rente;rentebinding_til;forfall;type\n"
GOOD = "20230145;Kommunalbanken;150 000 000,00;fast;4,25 %;30.04.2027;2043-04-30;ordinær\n"


def test_loans_are_read_with_rate_with_or_without_percent_sign_and_both_date_forms(write):
    path = write(
        "lan.csv",
        HEAD + GOOD + "S-1;Husbanken;12 500 000,50;Flytende;5,1;;01.06.2045;startlån\n",
    )
    fixed, startlan = read_loans(path)
    assert fixed.balance == 15_000_000_000 and fixed.rate == Decimal("4.25")
    assert fixed.rate_type is RateType.FIXED and fixed.fixed_until == date(2027, 4, 30)
    assert fixed.maturity == date(2043, 4, 30) and fixed.kind is LoanKind.ORDINARY
    assert startlan.balance == 1_250_000_050 and startlan.rate == Decimal("5.1")
    assert startlan.rate_type is RateType.FLOATING and startlan.kind is LoanKind.RELENDING


def test_loans_are_read_from_xlsx_with_real_dates_and_numbers(xlsx):
    path = xlsx(
        "lan.xlsx",
        [
            ["lanenummer", "langiver", "saldo", "rentetype", "rente", "rentebinding_til", "forfall"],
            ["1", "KLP Kommunekreditt", 1000000, "flytende", 4.9, None, date(2030, 1, 15)],
        ],
    )
    [loan] = read_loans(path)
    assert loan.balance == 100_000_000 and loan.rate == Decimal("4.9") and loan.maturity == date(2030, 1, 15)


@pytest.mark.parametrize(
    ("line", "column"),
    [
        ("1;KBN;100;fast;4,2x;30.04.2027;2043-04-30;\n", "rente"),
        ("1;KBN;100;fast;425;30.04.2027;2043-04-30;\n", "rente"),
        ("1;KBN;100;fast;-1;30.04.2027;2043-04-30;\n", "rente"),
        ("1;KBN;100;fast;4,123456;30.04.2027;2043-04-30;\n", "rente"),
        ("1;KBN;100;flytende;4;;31.02.2043;\n", "forfall"),
        ("1;KBN;100;fast;4;2027/04/30;2043-04-30;\n", "rentebinding_til"),
        ("1;KBN;-100;fast;4;30.04.2027;2043-04-30;\n", "saldo"),
        ("1;KBN;100;fast;4;;2043-04-30;\n", "rentebinding_til"),
        ("1;KBN;100;flytende;4;30.04.2027;2043-04-30;\n", "rentebinding_til"),
        ("1;KBN;100;variabel;4;;2043-04-30;\n", "rentetype"),
        ("1;KBN;100;flytende;4;;2043-04-30;leasing\n", "type"),
        ("20230145;KBN;100;flytende;4;;2043-04-30;\n", "lanenummer"),
    ],
)
def test_a_bad_loan_row_is_refused_naming_row_and_column(write, line, column):
    with pytest.raises(InputError) as exc:
        read_loans(write("lan.csv", HEAD + GOOD + line))
    assert [(p.file, p.row, p.column) for p in exc.value.problems] == [("lan.csv", 3, column)]


def test_a_loan_file_without_the_rate_column_is_refused_before_any_row_is_read(write):
    with pytest.raises(InputError) as exc:
        read_loans(write("lan.csv", "lanenummer;langiver;saldo;rentetype;forfall\n1;KBN;100;flytende;2043-04-30\n"))
    [problem] = exc.value.problems
    assert problem.row == 1 and "«rente»" in problem.message


def test_liquidity_is_read_per_month_or_as_one_row_for_the_period(write):
    monthly = write(
        "likv.csv",
        "maned;bankinnskudd;ubenyttet_trekkrettighet;plasseringer\n"
        "3;210 000 000;150 000 000;\n"
        "4;180 500 000;150 000 000;50 000 000\n",
    )
    assert read_liquidity(monthly, period=4) == {
        3: Liquidity(21_000_000_000, 15_000_000_000, 0),
        4: Liquidity(18_050_000_000, 15_000_000_000, 5_000_000_000),
    }
    single = write("l.csv", "bankinnskudd\n180 500 000\n")
    assert read_liquidity(single, period=4) == {4: Liquidity(18_050_000_000)}


def test_liquidity_with_a_month_out_of_range_or_negative_credit_is_refused(write):
    with pytest.raises(InputError) as exc:
        read_liquidity(write("l.csv", "maned;bankinnskudd;ubenyttet_trekkrettighet\n13;1;1\n4;1;-5\n"), period=4)
    assert [(p.row, p.column) for p in exc.value.problems] == [(2, "maned"), (3, "ubenyttet_trekkrettighet")]


def test_finance_rules_are_read_with_limits_in_percent_and_kroner(write):
    path = write(
        "regler.csv",
        "gyldig_fra;fastrente_min;fastrente_maks;forfall_12m_maks;langiver_maks;likviditet_min;likviditet_min_dager;vedtak\n"
        "01.01.2023;33;67;25 %;60;100 000 000;30;KS-sak 12/23\n",
    )
    [rules] = read_finance_rules(path)
    assert rules.valid_from == date(2023, 1, 1)
    assert (rules.fixed_share_min, rules.fixed_share_max) == (Decimal(33), Decimal(67))
    assert rules.maturing_12m_max == Decimal(25) and rules.lender_share_max == Decimal(60)
    assert rules.liquidity_min == 10_000_000_000 and rules.liquidity_min_days == 30
    assert rules.reference == "KS-sak 12/23"


def test_finance_rules_with_minimum_above_maximum_are_refused(write):
    with pytest.raises(InputError) as exc:
        read_finance_rules(write("r.csv", "gyldig_fra;fastrente_min;fastrente_maks\n2024-01-01;70;50\n"))
    assert [(p.row, p.column) for p in exc.value.problems] == [(2, "fastrente_min")]


def test_inhabitants_are_read_per_year(write):
    [y] = read_inhabitants(write("innb.csv", "aar;innbyggere;brutto_driftsutgifter\n2024;20542;\n"))
    assert (y.year, y.inhabitants, y.operating_expenditure) == (2024, 20542, None)
    with pytest.raises(InputError) as exc:
        read_inhabitants(write("innb.csv", "aar;innbyggere\n2024;-3\n"))
    assert exc.value.problems[0].column == "innbyggere"
