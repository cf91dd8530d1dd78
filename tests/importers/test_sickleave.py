from decimal import Decimal as D

import pytest

from tertial.core.errors import InputError
from tertial.core.sickleave import Level
from tertial.importers.sickleave import read_sick_leave

KNOWN = {"units": {"230", "235"}, "sectors": {"OPPV"}}


def read(path, year=2024):
    return read_sick_leave(path, year=year, known_units=KNOWN["units"], known_sectors=KNOWN["sectors"])


def problems(exc):
    return [(p.row, p.column, p.message) for p in exc.value.problems]


def test_days_and_percent_only_rows_are_read_with_their_level(write):
    path = write(
        "s.csv",
        "aar;maaned;nivaa;kode;navn;avtalte_dagsverk;egenmeldt;legemeldt_kort;legemeldt_lang;prosent\n"
        "2024;1;enhet;230;Skole;1 000,5;10;20;30;\n"
        "2024;1;tjenesteomrade;OPPV;Oppvekst;;;;;10,94\n"
        "2024;1;kommune;;Kommunen totalt;;;;;10,17 %\n",
    )
    unit, sector, total = read(path)
    assert unit.days.contracted == D("1000.5") and unit.days.lost == D(60) and not unit.percent_only
    assert (sector.level, sector.key, sector.given_percent, sector.percent_only) == (
        Level.SECTOR,
        "OPPV",
        D("10.94"),
        True,
    )
    assert (total.level, total.key, total.given_percent) == (Level.MUNICIPALITY, "", D("10.17"))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("aar;maaned;nivaa;kode;prosent\n2024;1;enhet;999;5\n", (2, "kode", "ukjent ansvar i organisasjonen for 2024")),
        ("aar;maaned;nivaa;kode;prosent\n2024;13;enhet;230;5\n", (2, "maaned", "måned må være 1–12")),
        ("aar;maaned;nivaa;kode;prosent\n2024;1;enhet;230;fem\n", (2, "prosent", "ugyldig tall (må være 0 eller mer)")),
        ("aar;maaned;nivaa;kode;prosent\n2024;1;enhet;230;\n", (2, "prosent", "mangler dagsverk eller prosent")),
        (
            "aar;maaned;nivaa;kode;prosent\n2024;1;enhet;230;5\n2024;1;enhet;230;6\n",
            (3, "nivaa", "raden finnes tidligere i filen (duplikat)"),
        ),
        (
            "aar;maaned;nivaa;kode;avtalte_dagsverk;prosent\n2024;1;enhet;230;100;5\n",
            (2, "egenmeldt", "mangler verdi (alle dagsverkkolonnene må fylles ut)"),
        ),
        ("aar;maaned;nivaa;kode;prosent\n2020;1;enhet;230;5\n", (2, "aar", "år må være 2022–2024")),
    ],
)
def test_bad_rows_are_named_by_row_and_column(write, text, expected):
    with pytest.raises(InputError) as exc:
        read(write("s.csv", text))
    assert expected in problems(exc)


def test_more_lost_than_contracted_days_is_refused(write):
    text = "aar;maaned;nivaa;kode;avtalte_dagsverk;egenmeldt;legemeldt_kort;legemeldt_lang\n2024;1;enhet;230;10;5;5;5\n"
    with pytest.raises(InputError) as exc:
        read(write("s.csv", text))
    assert problems(exc) == [(2, "avtalte_dagsverk", "tapte dagsverk er flere enn avtalte")]
