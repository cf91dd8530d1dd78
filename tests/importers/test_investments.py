from datetime import date

import pytest

from tertial.core.errors import InputError
from tertial.core.investments import ProjectBalance, ProjectStatus
from tertial.importers.actuals import read_actuals
from tertial.importers.investments import project_balances, read_financing, read_frames, read_projects

UNITS = {"235", "630"}
HEAD = "nr;navn;ansvar;ramme;budsjett;prognose_aar;prognose_total;status;start;ferdig;kommentar\n"
ROW = "1101;Nesheim skole;235;120 000 000;45 000 000,50;52000000;128.500.000;Bygging;2023-08-01;30.06.2025;Peling\n"


def test_a_project_row_becomes_a_record_in_ore_with_status_and_dates(write):
    [p] = read_projects(write("p.csv", HEAD + ROW), year=2024, known_units=UNITS)
    assert (p.number, p.name, p.ansvar) == ("1101", "Nesheim skole", "235")
    assert (p.frame, p.budget, p.forecast_year, p.forecast_total) == (
        12_000_000_000,
        4_500_000_050,
        5_200_000_000,
        12_850_000_000,
    )
    assert p.status is ProjectStatus.CONSTRUCTION
    assert (p.start, p.completion, p.comment) == (date(2023, 8, 1), date(2025, 6, 30), "Peling")


def test_the_frame_and_comment_columns_are_optional(write):
    text = (
        "nr;navn;ansvar;budsjett;prognose_aar;prognose_total;status\n"
        "2201;Veier;630;9000000;9000000;9000000;anskaffelse\n"
    )
    [p] = read_projects(write("p.csv", text), year=2024, known_units=UNITS)
    assert p.frame is None and p.comment == "" and p.status is ProjectStatus.PROCUREMENT


@pytest.mark.parametrize(
    ("line", "column"),
    [
        ("1101;Skole;999;1;1;1;1;bygging;;;\n", "ansvar"),
        ("1101;Skole;235;1;1;1;1;underveis;;;\n", "status"),
        ("1101;Skole;235;1;1,234;1;1;bygging;;;\n", "budsjett"),
        ("1101;Skole;235;1;1;;1;bygging;;;\n", "prognose_aar"),
        ("1101;Skole;235;1;1;1;1;bygging;31.02.2024;;\n", "start"),
        ("1101;;235;1;1;1;1;bygging;;;\n", "navn"),
    ],
)
def test_bad_project_rows_are_refused_naming_row_and_column(write, line, column):
    with pytest.raises(InputError) as exc:
        read_projects(write("prosjekter.csv", HEAD + line), year=2024, known_units=UNITS)
    assert [(p.file, p.row, p.column) for p in exc.value.problems] == [("prosjekter.csv", 2, column)]


def test_a_project_twice_in_the_file_is_refused(write):
    with pytest.raises(InputError) as exc:
        read_projects(write("p.csv", HEAD + ROW + ROW), year=2024, known_units=UNITS)
    assert [(p.row, p.column) for p in exc.value.problems] == [(3, "nr")]


def test_projects_are_read_from_xlsx(xlsx):
    path = xlsx(
        "p.xlsx",
        [
            ["nr", "navn", "ansvar", "budsjett", "prognose_aar", "prognose_total", "status"],
            ["6102", "Velferdsteknologi", "235", 1500000, 1500000.5, 3000000, "ferdig"],
        ],
    )
    [p] = read_projects(path, year=2024, known_units=UNITS)
    assert (p.number, p.forecast_year, p.status) == ("6102", 150_000_050, ProjectStatus.DONE)


def test_frame_changes_are_read_and_an_unknown_project_is_refused(write):
    head = "nr;dato;vedtak;ramme;tekst\n"
    [c] = read_frames(write("r.csv", head + "1101;22.03.2023;PS 12/23;120000000;Anbud\n"), known_projects={"1101"})
    assert (c.project, c.changed_on, c.reference, c.frame, c.text) == (
        "1101",
        date(2023, 3, 22),
        "PS 12/23",
        12_000_000_000,
        "Anbud",
    )
    with pytest.raises(InputError) as exc:
        read_frames(
            write("r.csv", head + "1101;2023-03-22;PS 12/23;1;\n9999;2023-03-22;PS 1/23;1;\n"), known_projects={"1101"}
        )
    assert [(p.row, p.column, p.value) for p in exc.value.problems] == [(3, "nr", "9999")]


def test_financing_lines_use_the_keys_of_the_overview(write):
    head = "linje;budsjett;regnskap;prognose\n"
    lines = read_financing(write("f.csv", head + "bruk_av_lan;-112 000 000;0;-115 500 000\n"))
    assert [(x.key, x.budget, x.actual, x.forecast) for x in lines] == [
        ("bruk_av_lan", -11_200_000_000, 0, -11_550_000_000)
    ]
    bad = head + "laan;1;1;1\ninvesteringer_varige_driftsmidler;1;1;1\n"
    with pytest.raises(InputError) as exc:
        read_financing(write("f.csv", bad))
    assert [(p.row, p.column) for p in exc.value.problems] == [(2, "linje"), (3, "linje")]
    assert "summen av prosjektene" in exc.value.problems[1].message


LEDGER = "periode;ansvar;art;funksjon;prosjekt;belop\n"


def test_ledger_lines_become_balances_per_project_month_and_art_through_the_gl_reader(write):
    text = LEDGER + (
        "202401;235;02300;202;1101;100,50\n"
        "202401;630;02300;345;1101;200\n"  # same project, month and art on another ansvar: summed
        "202402;235;02700;202;1101;-0,50\n"
        "202402;630;02300;345;2101;1 000\n"
    )
    batch = read_actuals(write("hovedbok.csv", text), year=2024, known_units=UNITS)
    assert project_balances(batch, known_projects={"1101", "2101"}) == [
        ProjectBalance("1101", 1, "02300", 30_050),
        ProjectBalance("1101", 2, "02700", -50),
        ProjectBalance("2101", 2, "02300", 100_000),
    ]


def test_a_ledger_line_on_an_unknown_or_missing_project_names_the_file_and_the_project(write):
    text = LEDGER + "202401;235;02300;202;1101;1\n202401;235;02300;202;7777;1\n202401;235;02300;202;;1\n"
    batch = read_actuals(write("hovedbok.csv", text), year=2024, known_units=UNITS)
    with pytest.raises(InputError) as exc:
        project_balances(batch, known_projects={"1101"})
    assert [(p.file, p.column, p.value) for p in exc.value.problems] == [
        ("hovedbok.csv", "prosjekt", None),
        ("hovedbok.csv", "prosjekt", "7777"),
    ]
    assert "ukjent investeringsprosjekt for 2024" in str(exc.value)


def test_the_same_frame_decision_with_the_date_written_two_ways_is_a_duplicate(write):
    text = "nr;dato;vedtak;ramme\n1101;22.03.2023;PS 12/23;1\n1101;2023-03-22;PS 12/23;2\n"
    with pytest.raises(InputError) as exc:
        read_frames(write("r.csv", text), known_projects={"1101"})
    assert [(p.row, p.column) for p in exc.value.problems] == [(3, "dato")]


def test_a_project_balance_beyond_the_64_bit_ore_range_is_refused(write):
    """Issue 22: the balances of two ansvar fit, their sum per project, month and art does not."""
    big = "60000000000000000"
    text = (
        LEDGER + f"202401;235;02300;202;1101;{big}\n202401;630;02300;345;1101;{big}\n202401;235;02300;202;2101;-{big}\n"
    )
    batch = read_actuals(write("hovedbok.csv", text), year=2024, known_units=UNITS)
    with pytest.raises(InputError) as exc:
        project_balances(batch, known_projects={"1101", "2101"})
    [problem] = exc.value.problems
    assert problem.file == "hovedbok.csv" and "summen er for stor: prosjekt 1101, art 02300, måned 1" in problem.message
