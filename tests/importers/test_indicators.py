from decimal import Decimal as D

import pytest

from tertial.core.errors import InputError
from tertial.importers.indicators import read_indicators

HEAD = "tabell;tittel;ansvar;indikator;navn;enhet;merke;fotnote;kilde;periode;verdi;trykt_endring\n"


def test_values_footnotes_source_and_printed_changes_are_read_per_table(write):
    path = write(
        "i.csv",
        HEAD + "nav;NAV;133;s;Søknader;antall;;;;2022;1 990;+ 25 %\n"
        "nav;NAV;133;s;Søknader;antall;;;;2023;2 667;+ 25 %\n"
        "nav;NAV;133;u;Utbetalinger;mill. kroner;*;Uten familie.;Socio;2023;15,5;\n",
    )
    [t] = read_indicators(path, known_units={"133"})
    assert (t.key, t.title, t.unit_code, t.periods) == ("nav", "NAV", "133", ["2022", "2023"])
    assert [i.code for i in t.indicators] == ["s", "u"]
    assert t.values[1].value == D(2667) and t.values[2].value == D("15.5")
    assert t.footnotes == ["* Uten familie."] and t.sources == ["Socio"]
    assert t.printed_changes == {"s": D(25)}


@pytest.mark.parametrize(
    ("line", "column"),
    [
        ("nav;NAV;133;s;S;stk;;;;2022;1;\n", "enhet"),
        ("nav;NAV;133;s;S;antall;;;;22;1;\n", "periode"),
        ("nav;NAV;133;s;S;antall;;;;2022;mye;\n", "verdi"),
        ("nav;NAV;999;s;S;antall;;;;2022;1;\n", "ansvar"),
        ("nav;NAV;133;s;;antall;;;;2022;1;\n", "navn"),
    ],
)
def test_bad_rows_are_refused_naming_the_column(write, line, column):
    with pytest.raises(InputError) as exc:
        read_indicators(write("i.csv", HEAD + line), known_units={"133"})
    assert [(p.row, p.column) for p in exc.value.problems] == [(2, column)]
