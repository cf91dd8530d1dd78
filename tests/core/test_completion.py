from datetime import date

import pytest

from tertial.core.completion import completion_display, completion_parse


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("Høsten 2021", date(2021, 8, 1), date(2021, 12, 31)),
        ("høsten 2020", date(2020, 8, 1), date(2020, 12, 31)),
        ("januar 2021", date(2021, 1, 1), date(2021, 1, 31)),
        ("Januar 20", date(2020, 1, 1), date(2020, 1, 31)),
        ("30.6.20", date(2020, 6, 30), date(2020, 6, 30)),
        ("30.06.2020", date(2020, 6, 30), date(2020, 6, 30)),
        ("senest juni 2020", date(2020, 6, 1), date(2020, 6, 30)),
        ("første halvår 2021", date(2021, 1, 1), date(2021, 6, 30)),
        ("innen 2.tertial 2024", date(2024, 5, 1), date(2024, 8, 31)),
        ("24. mars 2021", date(2021, 3, 24), date(2021, 3, 24)),
        ("17. februar 2021.", date(2021, 2, 17), date(2021, 2, 17)),
        ("april 21", date(2021, 4, 1), date(2021, 4, 30)),
        ("våren 2021", date(2021, 1, 1), date(2021, 6, 30)),
        ("2. kvartal 2022", date(2022, 4, 1), date(2022, 6, 30)),
        # the rest of the seed's dates and periods (closing lines and follow-up text)
        ("januar 2022", date(2022, 1, 1), date(2022, 1, 31)),
        ("juni 2020.", date(2020, 6, 1), date(2020, 6, 30)),
        ("februar 2021", date(2021, 2, 1), date(2021, 2, 28)),
        ("3. februar 2021", date(2021, 2, 3), date(2021, 2, 3)),
        ("1. oktober 2020", date(2020, 10, 1), date(2020, 10, 1)),
        ("23. september 2020", date(2020, 9, 23), date(2020, 9, 23)),
        ("20. mai 2020", date(2020, 5, 20), date(2020, 5, 20)),
        ("innen 30.06.2020", date(2020, 6, 30), date(2020, 6, 30)),
        ("innen november 2021", date(2021, 11, 1), date(2021, 11, 30)),
        ("i løpet av januar 2021", date(2021, 1, 1), date(2021, 1, 31)),
        ("høsten 2021", date(2021, 8, 1), date(2021, 12, 31)),
        ("2.halvår 2021", date(2021, 7, 1), date(2021, 12, 31)),
        ("ultimo mars 2021", date(2021, 3, 1), date(2021, 3, 31)),
        ("08.02.21", date(2021, 2, 8), date(2021, 2, 8)),
        ("2021", date(2021, 1, 1), date(2021, 12, 31)),
    ],
)
def test_every_form_in_the_seed_is_read_as_a_date_range(text, start, end):
    c = completion_parse(text)
    assert (c.start, c.end, c.problem) == (start, end, None)
    assert c.text == text
    assert c.parsed


def test_kontinuerlig_is_continuous_without_dates():
    c = completion_parse("kontinuerlig")
    assert c.continuous and c.parsed and c.end is None


def test_deadline_words_mark_the_end_as_a_deadline():
    assert completion_parse("senest juni 2020").deadline
    assert completion_parse("innen 2.tertial 2024").deadline
    assert not completion_parse("juni 2020").deadline


def test_the_seeds_typo_mari_in_a_closing_line_is_reported_not_guessed():
    for text in ("20. mari 2020", "20. mari 2020."):
        c = completion_parse(text)
        assert (c.start, c.end, c.problem) == (None, None, "ukjent måned «mari»")


def test_the_original_text_is_kept_exactly():
    assert completion_parse("  Høsten 2021\xa0").text == "  Høsten 2021\xa0"
    assert completion_parse("  Høsten 2021\xa0").end == date(2021, 12, 31)


def test_a_misspelt_month_is_reported_not_guessed():
    c = completion_parse("20. mari 2020")
    assert not c.parsed
    assert c.start is None and c.end is None
    assert "mari" in (c.problem or "")


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("24. mars", "mangler år"),
        ("etterjulsvinteren", "ukjent format"),
        ("20. mari 2020 i formannskapet", "ukjent format"),
        ("31.2.21", "ugyldig dato"),
        ("jan/febr. 2021", "ukjent format"),
        ("Kartlegging gjennomføres på etterjulsvinteren", "ukjent format"),
        ("vinteren 2021", "ukjent ord «vinteren»"),
        ("3. mars", "mangler år"),
        ("høsten", "mangler år"),
        ("13.13.20", "ugyldig dato"),
    ],
)
def test_unreadable_text_is_reported_with_a_reason(text, reason):
    c = completion_parse(text)
    assert c.problem == reason
    assert c.text == text


def test_empty_text_is_neither_parsed_nor_a_problem():
    c = completion_parse("  ")
    assert c.empty and c.problem is None and not c.parsed


def test_the_range_is_shown_as_norwegian_dates():
    assert completion_display(completion_parse("januar 2021")) == "01.01.2021–31.01.2021"
    assert completion_display(completion_parse("30.6.20")) == "30.06.2020"


def test_closed_dates_are_printed_with_the_precision_they_were_written_with():
    from tertial.core.completion import closed_text_display, period_text

    assert closed_text_display("januar 2021", date(2021, 1, 31)) == "januar 2021"
    assert closed_text_display("Desember 2020", date(2020, 12, 31)) == "desember 2020"
    assert closed_text_display("", date(2021, 1, 31)) == "31.01.2021"
    assert closed_text_display("30.6.20", date(2020, 6, 30)) == "30.06.2020"
    assert closed_text_display("Høsten 2021", date(2021, 12, 31)) == "Høsten 2021"
    assert closed_text_display("2022", date(2022, 12, 31)) == "2022"
    assert period_text(date(2024, 1, 1), date(2024, 6, 30)) is None
