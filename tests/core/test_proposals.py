"""Proposed budget changes: balance, area totals and the draft resolution, with the seed's figures
(160 Innvandrertjenesten, avvik −16 000 thousand; the expected extra revenues 9 + 5 + 1 + 3 mill.)."""

import pytest

from tertial.core.document import Amount, AmountStyle
from tertial.core.proposals import (
    Area,
    Funding,
    Proposal,
    ProposalError,
    ProposalLine,
    ResolutionContext,
    WordingError,
    area_totals,
    default_wording,
    imbalance_message,
    plain_text,
    point_runs,
    proposal_problems,
    proposal_validate,
    resolution_build,
    resolution_context_build,
    wording_check,
)
from tertial.renderers.numbers import run_text

MILL = 100_000_000  # øre in a million kroner
NBSP = "\u00a0"
SAMF = Area("Samfunnsutvikling", "Samfunnsutvikling")
FELLES = Area("Fellesområder", "Fellesområder")
AREA_OF = {"100": FELLES, "160": SAMF, "500": SAMF}
NAMES = {"100": "Politiske organer", "160": "Innvandrertjenesten", "500": "Kultur"}
BEFORE = {"100": 766_900_000, "160": 6_114_695_900, "500": 2_850_600_000}  # budget.csv, øre


def innvandrer(**extra) -> Proposal:
    return Proposal(
        number=1,
        title="Innvandrertjenesten: bosetting 2024",
        funding=Funding.EXTRA_REVENUES,
        lines=(
            ProposalLine(16 * MILL, ansvar="160"),
            ProposalLine(-9 * MILL, general_line="andre_generelle", text="økt integreringstilskudd"),
            ProposalLine(-5 * MILL, general_line="andre_generelle", text="økt tilskudd enslige mindreårige"),
            ProposalLine(-1 * MILL, general_line="andre_generelle", text="økt tilskudd bosatte over anmodning"),
            ProposalLine(-1 * MILL, general_line="rammetilskudd"),
        ),
        **extra,
    )


def context(*proposals: Proposal) -> ResolutionContext:
    return resolution_context_build(BEFORE, AREA_OF, NAMES, proposals)


def test_a_balanced_proposal_passes_validation():
    assert proposal_problems(innvandrer()) == []
    assert innvandrer().balance == 0


def test_an_unbalanced_proposal_is_refused_with_the_imbalance_in_norwegian_formatting():
    p = Proposal(2, "Brann og redning", Funding.OTHER, (ProposalLine(2 * MILL, ansvar="680"),))
    with pytest.raises(ProposalError) as exc:
        proposal_validate(p)
    assert exc.value.problems == (f"Forslaget balanserer ikke: 2{NBSP}000{NBSP}000 kr mer utgift enn finansiering",)


def test_too_much_funding_is_named_the_other_way_round_with_ore():
    assert imbalance_message(-50) == "Forslaget balanserer ikke: 0,50 kr mer finansiering enn utgift"


def test_a_line_must_target_either_a_unit_or_a_general_line_and_the_line_must_exist():
    p = Proposal(
        3,
        "x",
        Funding.OTHER,
        (
            ProposalLine(MILL, ansvar="160", general_line="skatt"),
            ProposalLine(-MILL, general_line="lotteri"),
            ProposalLine(0, ansvar="999"),
        ),
    )
    problems = proposal_problems(p, known_units={"160"})
    assert problems == [
        "Linje 1: velg enten et ansvar eller en linje i bevilgningsoversikten, ikke begge",
        "Linje 2: ukjent mål «lotteri»",
        "Linje 3: ukjent mål «999»",
        "Linje 3: beløpet er 0",
    ]


def test_area_totals_add_the_proposals_unit_lines_to_the_revised_budget():
    totals = {t.area: t for t in area_totals(BEFORE, AREA_OF, [innvandrer()])}
    assert totals[SAMF].before == 8_965_295_900
    assert totals[SAMF].change == 16 * MILL
    assert totals[SAMF].after == 10_565_295_900
    assert totals[FELLES].change == 0 and totals[FELLES].after == 766_900_000


def test_the_draft_point_names_area_amount_new_ramme_unit_and_funding():
    p = innvandrer()
    text = plain_text(point_runs(p, context(p)))
    assert text == (
        f"Rammen for Samfunnsutvikling økes med 16{NBSP}000{NBSP}000 kr til 105{NBSP}652{NBSP}959 kr "
        f"(160 Innvandrertjenesten), finansiert med økt integreringstilskudd (9{NBSP}000{NBSP}000 kr), "
        f"økt tilskudd enslige mindreårige (5{NBSP}000{NBSP}000 kr), økt tilskudd bosatte over anmodning "
        f"(1{NBSP}000{NBSP}000 kr) og økt rammetilskudd (1{NBSP}000{NBSP}000 kr)."
    )


def test_the_figures_of_a_point_are_amounts_the_renderers_format():
    p = innvandrer()
    runs = point_runs(p, context(p))
    amounts = [r for r in runs if isinstance(r, Amount)]
    assert amounts[0] == Amount(16 * MILL, AmountStyle.KRONER, absolute=True)
    assert run_text(amounts[1]) == f"105{NBSP}652{NBSP}959"


def test_the_resolution_numbers_the_points_and_closes_with_the_ramme_per_area():
    p = innvandrer()
    r = resolution_build([p], context(p), year=2024)
    assert r.points[0][0] == "1. "
    assert r.closing == ("2. Netto driftsramme per rammeområde for 2024 blir etter endringene:",)
    assert [plain_text(a) for a in r.areas] == [
        f"Fellesområder: 7{NBSP}669{NBSP}000 kr",
        f"Samfunnsutvikling: 105{NBSP}652{NBSP}959 kr",
    ]


def test_an_edited_wording_keeps_the_generated_figures():
    wording = "Kommunestyret øker rammen for {område} med {beløp} til {ny_ramme}, dekket av {finansiering}."
    p = innvandrer(wording=wording)
    wording_check(wording, p, context(p))
    text = plain_text(point_runs(p, context(p)))
    assert text.startswith(
        f"Kommunestyret øker rammen for Samfunnsutvikling med 16{NBSP}000{NBSP}000 kr til 105{NBSP}652{NBSP}959 kr, "
    )


@pytest.mark.parametrize(
    ("wording", "message"),
    [
        ("Rammen økes med 16 mill. {beløp} {ny_ramme} {finansiering}", "Teksten kan ikke inneholde tall («16»)"),
        ("Rammen for {område} økes med {beløp}, finansiert med {finansiering}.", "mangler plassholderen {ny_ramme}"),
        ("{beløp} {ny_ramme} {finansiering} {sum}", "Ukjent plassholder {sum}"),
        ("{beløp} {ny_ramme} {finansiering} }", "krøllparentes"),
        ("  ", "kan ikke være tom"),
    ],
)
def test_a_wording_that_types_a_figure_or_drops_a_placeholder_is_refused(wording, message):
    p = innvandrer()
    with pytest.raises(WordingError) as exc:
        wording_check(wording, p, context(p))
    assert message in str(exc.value)


def test_a_wording_that_no_longer_fits_after_an_amendment_falls_back_to_the_default():
    p = Proposal(
        4,
        "Omfordeling",
        Funding.CUTS,
        (ProposalLine(MILL, ansvar="160"), ProposalLine(-MILL, ansvar="100")),
        wording="Rammen for {område} økes med {beløp} til {ny_ramme}.",
    )
    ctx = context(p)
    assert default_wording(p, ctx) == "{tittel}: {endringer}, finansiert med {finansiering}."
    assert plain_text(point_runs(p, ctx)) == (
        f"Omfordeling: rammen for Samfunnsutvikling økes med 1{NBSP}000{NBSP}000 kr til 90{NBSP}652{NBSP}959 kr "
        f"(160 Innvandrertjenesten) og rammen for Fellesområder reduseres med 1{NBSP}000{NBSP}000 kr til "
        f"6{NBSP}669{NBSP}000 kr (100 Politiske organer), finansiert med redusert budsjett for "
        f"100 Politiske organer (1{NBSP}000{NBSP}000 kr)."
    )


def test_a_proposal_on_general_lines_only_lists_its_lines():
    p = Proposal(
        5,
        "Lavere skatteinngang",
        Funding.RESERVES,
        (ProposalLine(3 * MILL, general_line="skatt"), ProposalLine(-3 * MILL, general_line="bruk_disposisjonsfond")),
    )
    assert plain_text(point_runs(p, context(p))) == (
        f"Lavere skatteinngang: Inntekts- og formuesskatt endres med 3{NBSP}000{NBSP}000 kr og Bruk av "
        f"disposisjonsfond endres med −3{NBSP}000{NBSP}000 kr, finansiert med redusert inntekts- og formuesskatt "
        f"(3{NBSP}000{NBSP}000 kr) og økt bruk av disposisjonsfond (3{NBSP}000{NBSP}000 kr)."
    )


def test_each_point_states_the_ramme_after_itself_and_the_points_before_it():
    first = innvandrer()
    second = Proposal(
        2,
        "Kultur",
        Funding.RESERVES,
        (ProposalLine(MILL // 2, ansvar="500"), ProposalLine(-MILL // 2, general_line="bruk_disposisjonsfond")),
    )
    ctx = context(second, first)
    points = resolution_build([second, first], ctx, year=2024).points
    assert f"til 105{NBSP}652{NBSP}959 kr (160" in plain_text(points[0])
    assert plain_text(points[1]).startswith(
        f"2. Rammen for Samfunnsutvikling økes med 500{NBSP}000 kr til 106{NBSP}152{NBSP}959 kr (500 Kultur), "
        f"finansiert med økt bruk av disposisjonsfond (500{NBSP}000 kr)."
    )
