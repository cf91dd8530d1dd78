import pytest

from tertial.core.errors import InputError
from tertial.importers.actuals import read_actuals

UNITS = {"100", "235"}
HEADER = "periode;ansvar;art;funksjon;belop\n"


def problems(exc):
    return [(p.row, p.column, p.message) for p in exc.value.problems]


def test_lines_are_aggregated_to_period_balances_in_exact_ore(write):
    path = write(
        "gl.csv",
        HEADER + "202401;235;10100;202;1 000,10\n202401;235;10100;202;2000,20\n202402;235;10100;202;5\n"
        "202402;100;16000;100;-0,30\n",
    )
    batch = read_actuals(path, year=2024, known_units=UNITS)
    assert batch.balances.rows() == [
        (1, "235", "10100", "202", "", 300030),
        (2, "100", "16000", "100", "", -30),
        (2, "235", "10100", "202", "", 500),
    ]
    assert batch.periods == (1, 2)
    assert batch.line_count == 4
    assert batch.total == 300500


def test_project_column_is_kept_in_the_balance_key(write):
    path = write(
        "gl.csv", "periode;ansvar;art;funksjon;prosjekt;belop\n202401;235;10100;202;P1;1\n202401;235;10100;202;;2\n"
    )
    rows = read_actuals(path, year=2024, known_units=UNITS).balances.rows()
    assert [(r[4], r[5]) for r in rows] == [("", 200), ("P1", 100)]


def test_unknown_ansvar_is_reported_with_row_and_column(write):
    path = write("gl.csv", HEADER + "202401;235;10100;202;1\n202401;999;10100;202;1\n")
    with pytest.raises(InputError) as exc:
        read_actuals(path, year=2024, known_units=UNITS)
    assert problems(exc) == [(3, "ansvar", "ukjent ansvar i organisasjonen for 2024")]
    assert str(exc.value) == "gl.csv, rad 3, kolonne «ansvar»: ukjent ansvar i organisasjonen for 2024 («999»)"


def test_unparsable_amount_is_reported(write):
    path = write("gl.csv", HEADER + "202401;235;10100;202;12,345\n202401;235;10100;202;tolv\n")
    with pytest.raises(InputError) as exc:
        read_actuals(path, year=2024, known_units=UNITS)
    assert problems(exc) == [(2, "belop", "ugyldig beløp"), (3, "belop", "ugyldig beløp")]


def test_wrong_year_is_reported(write):
    path = write("gl.csv", HEADER + "202312;235;10100;202;1\n")
    with pytest.raises(InputError) as exc:
        read_actuals(path, year=2024, known_units=UNITS)
    assert problems(exc) == [(2, "periode", "feil år (importen gjelder 2024)")]


def test_bad_period_and_month_are_reported(write):
    path = write("gl.csv", HEADER + "2024-01;235;10100;202;1\n202413;235;10100;202;1\n")
    with pytest.raises(InputError) as exc:
        read_actuals(path, year=2024, known_units=UNITS)
    assert problems(exc) == [(2, "periode", "periode må være ÅÅÅÅMM"), (3, "periode", "måned må være 01–12")]


def test_missing_values_are_reported(write):
    path = write("gl.csv", HEADER + "202401;;10100;202;1\n202401;235;10100;202;\n")
    with pytest.raises(InputError) as exc:
        read_actuals(path, year=2024, known_units=UNITS)
    assert problems(exc) == [(2, "ansvar", "mangler verdi"), (3, "belop", "mangler verdi")]


def test_duplicate_voucher_line_is_reported(write):
    path = write(
        "gl.csv",
        "periode;ansvar;art;funksjon;belop;bilag\n202401;235;10100;202;1;77\n202401;235;10100;202;1;78\n"
        "202401;235;10100;202;1;77\n",
    )
    with pytest.raises(InputError) as exc:
        read_actuals(path, year=2024, known_units=UNITS)
    assert problems(exc) == [(4, "bilag", "linjen finnes tidligere i filen (duplikat)")]


def test_a_missing_column_is_reported(write):
    path = write("gl.csv", "periode;ansvar;art;belop\n202401;235;10100;1\n")
    with pytest.raises(InputError, match="mangler kolonnen «funksjon»"):
        read_actuals(path, year=2024, known_units=UNITS)


def test_a_file_with_only_a_header_is_refused(write):
    with pytest.raises(InputError, match="ingen datarader"):
        read_actuals(write("gl.csv", HEADER), year=2024, known_units=UNITS)


def test_xlsx_ledger_with_mapped_headers_is_read(xlsx):
    from tertial.importers.tabular import parse_mapping

    path = xlsx("unit4.xlsx", [["Periode", "Ansvar", "Art", "Funksjon", "Beløp"], [202403, 235, 10100, 202, 1234.5]])
    batch = read_actuals(path, year=2024, known_units=UNITS, mapping=parse_mapping("belop=Beløp"))
    assert batch.balances.rows() == [(3, "235", "10100", "202", "", 123450)]


# --- the plain-amount fast path and the write path (issue 10) --------------------------------------


def test_plain_amounts_are_read_exactly_like_the_general_parser_and_others_are_left_to_it():
    import polars as pl

    from tertial.importers.tabular import amount_ore, plain_amount_ore

    texts = ["1234,56", "-0,5", "+12", "1.5", "0,05", "999999999999999,99", "-12", "0"]
    others = ["1 234,56", "\u2212500", "1.234", "1.234,5", "12,345", "1,", ".5", "abc", "1234567890123456", None]
    df = pl.DataFrame({"a": texts + others}, schema={"a": pl.String})
    got = df.select(general=amount_ore("a"), plain=plain_amount_ore("a"))
    assert got["plain"].to_list()[: len(texts)] == got["general"].to_list()[: len(texts)] == [
        123456, -50, 1200, 150, 5, 99999999999999999, -1200, 0
    ]  # fmt: skip
    assert got["plain"].to_list()[len(texts) :] == [None] * len(others)
    assert got["general"].to_list()[len(texts) :] == [123456, -50000, 123400, 123450, None, None, None, None,
                                                      123456789012345600, None]  # fmt: skip


def test_a_ledger_mixing_plain_and_formatted_amounts_gives_the_same_balances_as_an_all_plain_one(write):
    plain = write("a.csv", HEADER + "202401;235;10100;202;1234567,50\n202401;235;10100;202;-1000\n")
    mixed = write("b.csv", HEADER + "202401;235;10100;202;1 234 567,50\n202401;235;10100;202;\u22121.000\n")
    a = read_actuals(plain, year=2024, known_units=UNITS)
    b = read_actuals(mixed, year=2024, known_units=UNITS)
    assert a.balances.rows() == b.balances.rows() == [(1, "235", "10100", "202", "", 123356750)]
    assert (a.total, a.line_count) == (b.total, b.line_count) == (123356750, 2)


def test_a_formatted_amount_late_in_the_file_still_counts_exactly(write):
    lines = "".join(f"202401;235;10100;202;{i},01\n" for i in range(1, 2001)) + "202401;100;16000;100;1 000 000,00\n"
    batch = read_actuals(write("gl.csv", HEADER + lines), year=2024, known_units=UNITS)
    assert batch.total == sum(i * 100 + 1 for i in range(1, 2001)) + 100_000_000
    assert batch.balances.rows()[0] == (1, "100", "16000", "100", "", 100_000_000)


def test_a_bad_amount_among_plain_ones_is_still_reported_with_its_row(write):
    path = write("gl.csv", HEADER + "202401;235;10100;202;10,50\n202401;235;10100;202;1,005\n")
    with pytest.raises(InputError) as exc:
        read_actuals(path, year=2024, known_units=UNITS)
    assert problems(exc) == [(3, "belop", "ugyldig beløp")]


def _balances():
    from tertial.web.budget.models import Balance

    return sorted(Balance.objects.values_list("unit__code", "period", "art", "funksjon", "prosjekt", "amount"))


def _import(path, year=2024):
    from tertial.web.imports import ImportRequest, import_file

    return import_file("actuals", ImportRequest(path=path, year=year))


@pytest.fixture
def world(db):
    from tertial.core.org import Sector, Unit
    from tertial.web.org.services import municipality_set, org_import

    municipality_set(name="Testvik kommune")
    org_import(
        year=2024,
        sectors=[Sector("FELLES", "Fellesområder", 0), Sector("OPPV", "Oppvekst og utdanning", 1)],
        units=[
            Unit("130", "Fellesområder", "FELLES", 0),
            Unit("137", "Barnehage", "OPPV", 1),
            Unit("235", "Nesheim skole", "OPPV", 2),
        ],
    )


def _ledger(write, name, rows):
    return write(name, HEADER + "".join(f"2024{m:02d};{u};{a};202;{x}\n" for m, u, a, x in rows))


def test_reimport_with_corrections_leaves_exactly_the_new_file(world, write):
    first = [(1, "235", "10100", "100"), (1, "235", "10200", "5"), (2, "137", "10100", "7"), (2, "130", "16000", "9")]
    _import(_ledger(write, "a.csv", first))
    # most balances unchanged: the difference is applied (one changed, one gone, one new)
    second = [(1, "235", "10100", "100"), (1, "235", "10200", "6"), (2, "137", "10100", "7"), (2, "235", "11000", "3")]
    receipt = _import(_ledger(write, "b.csv", second))
    assert "erstattet 4" in receipt
    assert _balances() == [
        ("137", 2, "10100", "202", "", 700),
        ("235", 1, "10100", "202", "", 10000),
        ("235", 1, "10200", "202", "", 600),
        ("235", 2, "11000", "202", "", 300),
    ]


def test_reimport_of_an_entirely_different_file_replaces_every_balance_of_its_months(world, write):
    _import(_ledger(write, "a.csv", [(1, "235", "10100", "100"), (2, "137", "10100", "7"), (3, "130", "1", "2")]))
    _import(_ledger(write, "b.csv", [(1, "130", "10900", "1"), (2, "235", "10100", "-8")]))
    assert _balances() == [
        ("130", 1, "10900", "202", "", 100),
        ("130", 3, "1", "202", "", 200),  # month 3 was not in the second file: kept
        ("235", 2, "10100", "202", "", -800),
    ]


def test_reimport_never_touches_another_years_balances(world, write):
    from tertial.core.org import Sector, Unit
    from tertial.web.org.services import org_import

    org_import(year=2025, sectors=[Sector("FELLES", "Fellesområder", 0)], units=[Unit("235", "Nesheim", "FELLES", 0)])
    _import(_ledger(write, "a.csv", [(1, "235", "10100", "100")]))
    _import(write("c.csv", HEADER + "202501;235;10100;202;5\n"), year=2025)
    _import(_ledger(write, "b.csv", [(1, "235", "10100", "1")]))
    assert _balances() == [("235", 1, "10100", "202", "", 100), ("235", 1, "10100", "202", "", 500)]


def test_cells_padded_with_spaces_are_trimmed_and_summed_with_the_unpadded(write):
    path = write("gl.csv", HEADER + "202401; 235 ;10100 ;202;1\n202401;235;10100;202;2\n 202401;235;10100; 202 ;3\n")
    batch = read_actuals(path, year=2024, known_units=UNITS)
    assert batch.balances.rows() == [(1, "235", "10100", "202", "", 600)]
    assert batch.line_count == 3


def test_a_blank_key_or_amount_is_reported_as_missing_with_its_row(write):
    path = write("gl.csv", HEADER + "202401;235;10100;202;1\n202401;  ;10100;202;1\n202401;235;10100;202;\n")
    with pytest.raises(InputError) as exc:
        read_actuals(path, year=2024, known_units=UNITS)
    assert problems(exc) == [(3, "ansvar", "mangler verdi"), (4, "belop", "mangler verdi")]


@pytest.mark.parametrize("amount", ["90000000000000000,00", "90000000000000000.00", "90 000 000 000 000 000,00"])
def test_a_balance_beyond_the_64_bit_ore_range_is_refused_naming_the_key_and_rows(write, amount):
    """Issue 22: two such lines were stored as a balance of −4 467 440 737 095 516,16 kr (wrapped)."""
    path = write(
        "gl.csv", HEADER + f"202401;100;10100;202;5\n202401;235;10100;202;{amount}\n202401;235;10100;202;{amount}\n"
    )
    with pytest.raises(InputError) as exc:
        read_actuals(path, year=2024, known_units=UNITS)
    [problem] = exc.value.problems
    assert (problem.file, problem.row, problem.column) == ("gl.csv", 3, "belop")
    assert "summen er for stor" in problem.message
    assert "rad 3, 4" in problem.message and "ansvar 235, art 10100, funksjon 202" in problem.message


def test_a_total_beyond_the_64_bit_ore_range_is_refused(write):
    """Each balance fits, their sum for the receipt does not."""
    big = "50000000000000000,00"
    path = write("gl.csv", HEADER + f"202401;100;10100;202;{big}\n202401;235;10100;202;{big}\n")
    with pytest.raises(InputError, match=r"gl.csv.*summen av alle linjene er for stor"):
        read_actuals(path, year=2024, known_units=UNITS)


def test_an_amount_beyond_the_64_bit_ore_range_is_an_invalid_amount_with_its_row(write):
    path = write("gl.csv", HEADER + "202401;235;10100;202;100000000000000000,00\n")
    with pytest.raises(InputError) as exc:
        read_actuals(path, year=2024, known_units=UNITS)
    assert problems(exc) == [(2, "belop", "ugyldig beløp")]


def test_negative_sums_are_checked_too(write):
    path = write(
        "gl.csv", HEADER + "202401;235;10100;202;-90000000000000000\n202401;235;10100;202;-90000000000000000\n"
    )
    with pytest.raises(InputError, match="summen er for stor"):
        read_actuals(path, year=2024, known_units=UNITS)


def test_the_fast_path_for_plain_amounts_is_checked_too(write):
    """Plain 15-digit amounts take the aggregate-first pass: 93 of them already overflow an Int64."""
    path = write("gl.csv", HEADER + "202403;235;10100;202;999999999999999,99\n" * 100)
    with pytest.raises(InputError) as exc:
        read_actuals(path, year=2024, known_units=UNITS)
    [problem] = exc.value.problems
    assert problem.row == 2 and "rad 2, 3, 4, 5, 6 …" in problem.message and "måned 3" in problem.message
    assert "99 999 999 999 999 999,00 kr" in problem.message
