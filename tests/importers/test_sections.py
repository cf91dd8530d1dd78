import json

import pytest

from tertial.core.errors import InputError
from tertial.importers.sections import read_sections


def test_sections_are_sanitised_and_keep_the_file_order(write):
    data = [
        {"tittel": "A", "html": "<p>Tekst</p><script>alert(1)</script>", "vedtak": "KS 29.11.2023"},
        {"tittel": "B", "tekst": "Ett\n\nTo"},
    ]
    a, b = read_sections(write("s.json", json.dumps(data)))
    assert (a.title, a.html, a.order, a.decision_reference) == ("A", "<p>Tekst</p>", 1, "KS 29.11.2023")
    assert (b.html, b.order) == ("<p>Ett</p><p>To</p>", 2)


@pytest.mark.parametrize(
    ("data", "row", "column"),
    [
        ([{"tekst": "x"}], 1, "tittel"),
        ([{"tittel": "A", "html": "<script>x</script>"}], 1, "tekst"),
        ([{"tittel": "A", "tekst": "x"}, {"tittel": "A", "tekst": "y"}], 2, "tittel"),
        ([{"tittel": "A", "tekst": "x", "vedtak_url": "javascript:alert(1)"}], 1, "vedtak_url"),
    ],
)
def test_bad_sections_are_refused_naming_the_position(write, data, row, column):
    with pytest.raises(InputError) as exc:
        read_sections(write("s.json", json.dumps(data)))
    assert [(p.row, p.column) for p in exc.value.problems] == [(row, column)]


def test_a_file_that_is_not_json_names_the_line(write):
    with pytest.raises(InputError) as exc:
        read_sections(write("s.json", "[\n{"))
    assert exc.value.problems[0].row == 2
