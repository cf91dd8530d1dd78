"""Area and general-line imports: they replace what they cover, and bad input writes nothing."""

import pytest

from tertial.core.errors import InputError
from tertial.web.appropriations.models import Area, AreaUnit, GeneralLineFigure
from tertial.web.imports import ImportRequest, import_file


@pytest.fixture
def w(tmp_path):
    def _w(name, text):
        p = tmp_path / name
        p.write_text(text, encoding="utf-8")
        return p

    return _w


def test_areas_by_unit_are_stored_and_a_reimport_replaces_them(world, w):
    receipt = import_file(
        "areas",
        ImportRequest(path=w("a.csv", "rammeomrade;ansvar\nFelles;130\nOppvekst;137\nOppvekst;235\n"), year=2024),
    )
    assert receipt == "Rammeområder 2024: 2 områder, 3 ansvar"
    import_file("areas", ImportRequest(path=w("b.csv", "rammeomrade;ansvar\nAlt;130\nAlt;137\nAlt;235\n"), year=2024))
    assert list(Area.objects.values_list("name", flat=True)) == ["Alt"]
    assert AreaUnit.objects.count() == 3


@pytest.mark.parametrize(
    "text",
    [
        "rammeomrade;ansvar\nFelles;130\nOppvekst;137\n",  # 235 unmapped
        "rammeomrade;ansvar\nFelles;130\nOppvekst;137\nOppvekst;235\nX;999\n",  # unknown ansvar
        "rammeomrade;ansvar\nFelles;130\nOppvekst;137\nOppvekst;235\nFelles;235\n",  # duplicate
    ],
)
def test_a_bad_areas_file_writes_nothing(world, w, text):
    import_file(
        "areas",
        ImportRequest(path=w("ok.csv", "rammeomrade;tjenesteomrade\nFelles;FELLES\nOppvekst;OPPV\n"), year=2024),
    )
    with pytest.raises(InputError):
        import_file("areas", ImportRequest(path=w("bad.csv", text), year=2024))
    assert list(Area.objects.values_list("name", flat=True)) == ["Felles", "Oppvekst"]
    assert AreaUnit.objects.count() == 3


@pytest.mark.parametrize(
    "text",
    [
        "linje;budsjett;regnskap\nskatt;-100;-30\nskattt;-1;0\n",  # unknown line
        "linje;budsjett;regnskap\nskatt;-100;-30\navdrag;ti;0\n",  # bad amount
    ],
)
def test_a_bad_general_lines_file_writes_nothing(world, w, text):
    good = w("ok.csv", "linje;budsjett;regnskap\nrammetilskudd;-800 000 000,00;-290 000 000,00\n")
    import_file("general-lines", ImportRequest(path=good, year=2024, period=4))
    with pytest.raises(InputError):
        import_file("general-lines", ImportRequest(path=w("bad.csv", text), year=2024, period=4))
    assert list(GeneralLineFigure.objects.values_list("line", "budget", "actual")) == [
        ("rammetilskudd", -80_000_000_000, -29_000_000_000)
    ]
