from datetime import date

import pytest

from tertial.core.comments import MeasureStatus
from tertial.core.errors import InputError
from tertial.importers import records

UNITS = {"100", "235"}


def problems(exc):
    return [(p.row, p.column, p.message) for p in exc.value.problems]


def test_org_keeps_file_order_and_explicit_sector_mapping(write):
    path = write(
        "org.csv",
        "tjenesteomrade;ansvar;navn\nFellesområder;130;Fellesområder\nOppvekst og utdanning;137;Barnehage felles\n"
        "Fellesområder;134;Kirker\n",
    )
    sectors, units = records.read_org(path, year=2024)
    assert [(s.code, s.order) for s in sectors] == [("Fellesområder", 0), ("Oppvekst og utdanning", 1)]
    assert [(u.code, u.sector_code, u.order) for u in units] == [
        ("130", "Fellesområder", 0),
        ("137", "Oppvekst og utdanning", 1),
        ("134", "Fellesområder", 2),
    ]


def test_org_duplicate_ansvar_and_wrong_year_are_reported(write):
    path = write("org.csv", "tjenesteomrade;ansvar;navn;aar\nA;100;X;2024\nA;100;Y;2024\nA;110;Z;2023\n")
    with pytest.raises(InputError) as exc:
        records.read_org(path, year=2024)
    assert problems(exc) == [
        (3, "ansvar", "ansvaret finnes tidligere i filen (duplikat)"),
        (4, "aar", "feil år (importen gjelder 2024)"),
    ]


def test_budget_lines_are_read_in_ore(write):
    path = write("b.csv", "ansvar;belop\n100;7 669 123\n235;-3578000,50\n")
    lines = records.read_budget(path, year=2024, known_units=UNITS)
    assert [(b.ansvar, b.amount) for b in lines] == [("100", 766912300), ("235", -357800050)]


def test_budget_errors_name_row_and_column(write):
    path = write("b.csv", "ansvar;belop\n100;1\n999;1\n235;x\n100;2\n")
    with pytest.raises(InputError) as exc:
        records.read_budget(path, year=2024, known_units=UNITS)
    assert problems(exc) == [
        (3, "ansvar", "ukjent ansvar i organisasjonen for 2024"),
        (4, "belop", "ugyldig beløp"),
        (5, "ansvar", "budsjettlinjen finnes tidligere i filen (duplikat)"),
    ]


def test_budget_changes_group_lines_by_number(write):
    path = write(
        "c.csv",
        "nr;dato;vedtak;tekst;ansvar;belop\n1;15.02.2024;PS 23/24;Bosetting;235;500000\n"
        "1;15.02.2024;PS 23/24;Bosetting;100;-500000\n2;2024-05-01;PS 40/24;Lønn;235;1000\n",
    )
    changes = records.read_budget_changes(path, year=2024, known_units=UNITS)
    assert [(c.number, c.adopted, c.reference, len(c.lines), c.total) for c in changes] == [
        (1, date(2024, 2, 15), "PS 23/24", 2, 0),
        (2, date(2024, 5, 1), "PS 40/24", 1, 100000),
    ]


def test_budget_change_with_inconsistent_head_or_wrong_year_is_refused(write):
    path = write(
        "c.csv",
        "nr;dato;vedtak;tekst;ansvar;belop\n1;15.02.2024;PS 23/24;A;235;1\n1;15.02.2024;PS 24/24;A;100;1\n"
        "2;01.01.2023;PS 1/23;B;235;1\n3;31.02.2024;PS 2/24;C;235;1\n",
    )
    with pytest.raises(InputError) as exc:
        records.read_budget_changes(path, year=2024, known_units=UNITS)
    assert problems(exc) == [
        (3, "nr", "endring 1 har ulik dato/vedtak/tekst på ulike rader"),
        (4, "dato", "feil år (importen gjelder 2024)"),
        (5, "dato", "ugyldig dato «31.02.2024» (bruk ÅÅÅÅ-MM-DD eller DD.MM.ÅÅÅÅ)"),
    ]


def test_forecasts_keep_who_and_when(write):
    path = write(
        "f.csv", "ansvar;prognose;registrert_av;registrert\n235;34 090 000;Nesheim;10.04.2024\n100;7669000;;\n"
    )
    fc = records.read_forecasts(path, year=2024, known_units=UNITS)
    assert [(f.ansvar, f.amount, f.entered_by) for f in fc] == [("235", 3409000000, "Nesheim"), ("100", 766900000, "")]
    assert fc[0].entered_at.date() == date(2024, 4, 10)


def test_forecast_for_the_same_unit_twice_is_refused(write):
    path = write("f.csv", "ansvar;prognose\n235;1\n235;2\n")
    with pytest.raises(InputError) as exc:
        records.read_forecasts(path, year=2024, known_units=UNITS)
    assert problems(exc) == [(3, "ansvar", "ansvaret finnes tidligere i filen (duplikat)")]


def test_central_items_are_read_with_positive_deviation_improving(write):
    path = write(
        "c.csv",
        "kategori;tekst;avvik;linje\nRammetilskudd;Økt rammetilskudd;3000000;\nrenter;Renteutgifter;0;renteutgifter\n",
    )
    items = records.read_central(path, year=2024)
    assert [(i.category, i.deviation, i.line) for i in items] == [
        ("rammetilskudd", 300000000, "rammetilskudd"),
        ("renter", 0, "renteutgifter"),
    ]


def test_central_item_with_bad_amount_is_refused(write):
    with pytest.raises(InputError) as exc:
        records.read_central(write("c.csv", "kategori;tekst;avvik\nskatt;Skatt;3 mill\n"), year=2024)
    assert problems(exc) == [(2, "avvik", "ugyldig beløp")]


def test_comments_are_read_with_measures(write):
    path = write(
        "k.json",
        '[{"ansvar": "235", "arsak": "Elever med vedtak.", "tiltak": [{"tekst": "Færre vikarer", "effekt": 125000,'
        ' "status": "iverksatt", "start": "2024-06-01"}], "konsekvens": "Økt merforbruk."},'
        ' {"tjenesteomrade": "Kommunesamarbeid", "tekst": "Ingen avvik."}]',
    )
    units, sectors = records.read_comments(path, known_units=UNITS, known_sectors={"Kommunesamarbeid"})
    assert units[0].measures[0].effect == 12500000
    assert units[0].measures[0].status is MeasureStatus.STARTED
    assert units[0].measures[0].start == date(2024, 6, 1)
    assert units[0].measures_effect == 12500000
    assert sectors[0].text == "Ingen avvik."


def test_comment_errors_name_the_list_position(write):
    path = write("k.json", '[{"ansvar": "235"}, {"ansvar": "999"}, {"ansvar": "235"}, {"tjenesteomrade": "X"}]')
    with pytest.raises(InputError) as exc:
        records.read_comments(path, known_units=UNITS, known_sectors=set())
    assert problems(exc) == [
        (2, "ansvar", "ukjent ansvar"),
        (3, "ansvar", "kommentaren finnes tidligere i filen (duplikat)"),
        (4, "tjenesteomrade", "ukjent tjenesteområde"),
    ]


def test_comments_that_are_not_json_are_refused(write):
    with pytest.raises(InputError, match="kan ikke leses som JSON"):
        records.read_comments(write("k.json", "{nei"), known_units=UNITS, known_sectors=set())


def test_a_periodised_budget_is_read_per_unit_group_and_month(write):
    path = write(
        "p.csv",
        "ansvar;gruppe;maaned;belop\n235;lonn;1;2500000\n235;lonn;06;4000000\n235;drift;1;300000,50\n100;;12;7669000\n",
    )
    lines = records.read_budget_profile(path, year=2024, known_units=UNITS)
    assert [(x.ansvar, x.group, x.month, x.amount) for x in lines] == [
        ("235", "lonn", 1, 250000000),
        ("235", "lonn", 6, 400000000),
        ("235", "drift", 1, 30000050),
        ("100", "", 12, 766900000),
    ]


def test_a_periodised_budget_names_the_row_and_column_of_a_bad_month_or_a_duplicate(write):
    path = write("p.csv", "ansvar;maaned;belop\n235;13;1\n235;2;1\n235;2;5\n999;1;1\n")
    with pytest.raises(InputError) as exc:
        records.read_budget_profile(path, year=2024, known_units=UNITS)
    got = problems(exc)
    assert (2, "maaned", "måned må være 1–12") in got
    assert any(row == 4 and "duplikat" in msg for row, _col, msg in got)
    assert any(row == 5 and col == "ansvar" for row, col, _msg in got)
