from hypothesis import given
from hypothesis import strategies as st

from tertial.core.text import clipped


def test_a_text_that_fits_is_unchanged():
    assert clipped("Vedtaket følges opp", 40) == "Vedtaket følges opp"


def test_a_long_text_is_cut_at_a_word_boundary_and_marked():
    text = "Kommunedirektøren bes utrede denne problemstillingen nærmere"
    assert clipped(text, 33) == "Kommunedirektøren bes utrede …"  # not «… utrede denne pro …»
    assert clipped(text, 35) == "Kommunedirektøren bes utrede denne …"


def test_a_single_word_longer_than_the_room_is_cut_with_the_mark():
    assert clipped("Helseplattformprosjektet", 10, "…") == "Helseplatt…"


@given(st.text(alphabet="abc æøå,.", max_size=80), st.integers(min_value=4, max_value=60))
def test_the_start_of_the_text_is_kept_and_never_ends_inside_a_cut_word(text, limit):
    out = clipped(text, limit)
    if len(text) <= limit:
        assert out == text
    else:
        head = out.removesuffix(" …")
        assert text.startswith(head)
        assert len(head) <= limit
