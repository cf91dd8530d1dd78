import pytest

from tertial.core.appropriation import Area
from tertial.core.errors import InputError
from tertial.core.org import Sector, Unit, organisation_build
from tertial.importers import records
from tertial.importers.appropriation import GeneralLineFigures, read_areas, read_general_lines

ORG = organisation_build(
    2024,
    [Sector("F", "Fellesområder", 0), Sector("O", "Oppvekst og utdanning", 1)],
    [
        Unit("130", "Fellesområder", "F", 0),
        Unit("137", "Barnehage felles", "O", 1),
        Unit("235", "Nesheim skole", "O", 2),
    ],
)


def problems(exc):
    return [(p.row, p.column, p.message) for p in exc.value.problems]


def test_areas_by_unit_keep_file_order_unless_an_order_is_given(write):
    path = write("a.csv", "rammeomrade;ansvar\nSkole;235\nFelles;130\nSkole;137\n")
    assert read_areas(path, org=ORG) == [Area("Skole", 0, ("235", "137")), Area("Felles", 1, ("130",))]
    path = write("b.csv", "rammeomrade;ansvar;rekkefolge\nSkole;235;2\nFelles;130;1\nSkole;137;2\n")
    assert [a.name for a in read_areas(path, org=ORG)] == ["Felles", "Skole"]


def test_areas_by_sector_take_every_unit_of_the_sector_by_code_or_name(write):
    path = write("a.csv", "rammeomrade;tjenesteomrade\nOppvekst;Oppvekst og utdanning\nFelles;F\n")
    assert read_areas(path, org=ORG) == [Area("Oppvekst", 0, ("137", "235")), Area("Felles", 1, ("130",))]


def test_a_unit_missing_from_the_areas_file_is_named(write):
    with pytest.raises(InputError) as exc:
        read_areas(write("a.csv", "rammeomrade;ansvar\nFelles;130\nSkole;235\n"), org=ORG)
    assert problems(exc) == [
        (None, "ansvar", "ansvar 137 Barnehage felles mangler i filen; hvert ansvar må høre til ett rammeområde")
    ]
    assert exc.value.problems[0].file == "a.csv"


def test_an_unknown_or_repeated_unit_in_the_areas_file_is_refused_with_row_and_column(write):
    text = "rammeomrade;ansvar\nFelles;130\nSkole;999\nSkole;137\nSkole;235\nFelles;235\n"
    with pytest.raises(InputError) as exc:
        read_areas(write("a.csv", text), org=ORG)
    assert problems(exc) == [
        (3, "ansvar", "ukjent ansvar i organisasjonen for 2024"),
        (6, "ansvar", "ansvaret står to ganger i filen"),
    ]


def test_an_unmapped_sector_and_an_unknown_sector_are_refused(write):
    with pytest.raises(InputError) as exc:
        read_areas(write("a.csv", "rammeomrade;tjenesteomrade\nFelles;Fellesområder\nX;Helse\n"), org=ORG)
    assert problems(exc) == [(3, "tjenesteomrade", "ukjent tjenesteområde i organisasjonen for 2024")]
    with pytest.raises(InputError) as exc:
        read_areas(write("b.csv", "rammeomrade;tjenesteomrade\nFelles;Fellesområder\n"), org=ORG)
    assert problems(exc) == [
        (
            None,
            "tjenesteomrade",
            "tjenesteområdet Oppvekst og utdanning mangler i filen; hvert ansvar må høre til ett rammeområde",
        )
    ]


def test_an_areas_file_needs_exactly_one_of_ansvar_and_tjenesteomrade(write):
    with pytest.raises(InputError) as exc:
        read_areas(write("a.csv", "rammeomrade;ansvar;tjenesteomrade\nFelles;130;F\n"), org=ORG)
    assert problems(exc)[0][0] == 1


def test_general_lines_are_read_in_ore_with_decimal_comma(write):
    path = write(
        "g.csv", "linje;budsjett;regnskap\nRammetilskudd;-806 412 000,00;-293240000,50\navdrag;75300000;25100000\n"
    )
    assert read_general_lines(path) == [
        GeneralLineFigures("rammetilskudd", -80_641_200_000, -29_324_000_050),
        GeneralLineFigures("avdrag", 7_530_000_000, 2_510_000_000),
    ]


def test_an_unknown_line_and_a_bad_amount_are_refused_with_row_and_column(write):
    text = "linje;budsjett;regnskap\nskatt;-1;0\nskatter;-2;0\navdrag;75 mill;0\nskatt;-3;0\n"
    with pytest.raises(InputError) as exc:
        read_general_lines(write("g.csv", text))
    got = problems(exc)
    assert [(row, col) for row, col, _ in got] == [(3, "linje"), (4, "budsjett"), (5, "linje")]
    assert got[0][2].startswith("ukjent linje i bevilgningsoversikten (kjente: andre_generelle, avdrag,")
    assert got[1][2] == "ugyldig beløp"
    assert got[2][2] == "linjen står to ganger i filen"


def test_a_central_item_with_an_unknown_line_or_interest_without_a_line_is_refused(write):
    text = "kategori;tekst;avvik;linje\nrenter;Renteinntekter;2000000;renter\nrenter;Renteutgifter;0;\nskatt;Skatt;0;\n"
    with pytest.raises(InputError) as exc:
        records.read_central(write("c.csv", text), year=2024)
    assert [(row, col) for row, col, _ in problems(exc)] == [(2, "linje")]
    assert problems(exc)[0][2].startswith("ukjent linje i bevilgningsoversikten")
    with pytest.raises(InputError) as exc:
        records.read_central(write("d.csv", "kategori;tekst;avvik\nrenter;Renteutgifter;0\n"), year=2024)
    assert problems(exc) == [
        (2, "linje", "kategorien «renter» har ingen fast linje i bevilgningsoversikten; oppgi linje")
    ]
