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
