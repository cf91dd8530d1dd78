from datetime import date

from tertial.core.completion import completion_parse
from tertial.core.decisions import (
    CaseRef,
    PointStatus,
    norwegian_sort_key,
    point_is_overdue,
    proposer_parse,
    reference_normalise,
    reference_parse,
    reference_resolve,
    references_find,
    responsible_from_text,
)


def test_two_digit_and_four_digit_years_are_the_same_reference():
    assert reference_normalise("FO 12/21") == reference_normalise("FO 12/2021") == "FO 12/2021"


def test_the_reference_forms_of_the_council_are_read():
    assert reference_parse("K-sak 85/2020") == CaseRef("K-sak", 85, 2020)
    assert reference_parse("PS 88/19 Budsjett 2020") == CaseRef("PS", 88, 2019)
    assert reference_parse("sak 53/2020") == CaseRef("sak", 53, 2020)
    assert reference_parse("Interpellasjon") is None


def test_references_inside_log_text_are_found():
    found = [r.key for _, _, r in references_find("Behandlet i PS 7/21 og i sak 53/2020 (PS 52/20).")]
    assert found == ["PS 7/2021", "sak 53/2020", "PS 52/2020"]


def test_a_bare_sak_reference_matches_a_case_of_any_series():
    assert CaseRef("sak", 53, 2020).matches(CaseRef("PS", 53, 2020))
    assert not CaseRef("FO", 53, 2020).matches(CaseRef("PS", 53, 2020))


def test_proposer_with_party():
    p = proposer_parse("Gunnar Løvås (SV)")
    assert p is not None and (p.name, p.party, p.on_behalf_of) == ("Gunnar Løvås", "SV", ())


def test_proposer_on_behalf_of_several_parties():
    p = proposer_parse("Merete Bøhn-Flatås (SP) på vegne av SP, KRF, FRP og H: ")
    assert p is not None
    assert (p.name, p.party) == ("Merete Bøhn-Flatås", "SP")
    assert p.on_behalf_of == ("SP", "KRF", "FRP", "H")
    assert p.parties == ("SP", "KRF", "FRP", "H")
    assert str(p) == "Merete Bøhn-Flatås (SP) på vegne av SP, KRF, FRP og H"


def test_text_without_a_party_is_not_a_proposer():
    assert proposer_parse("Kommunestyret ber") is None


def test_open_points_past_their_expected_completion_are_overdue():
    c = completion_parse("januar 2021")
    assert point_is_overdue(PointStatus.IN_PROGRESS, c, today=date(2021, 2, 1))
    assert not point_is_overdue(PointStatus.IN_PROGRESS, c, today=date(2021, 1, 31))
    assert not point_is_overdue(PointStatus.COMPLETED, c, today=date(2022, 1, 1))


def test_continuous_and_unreadable_completion_are_never_overdue():
    assert not point_is_overdue(PointStatus.NOT_STARTED, completion_parse("kontinuerlig"), today=date(2030, 1, 1))
    assert not point_is_overdue(PointStatus.NOT_STARTED, completion_parse("20. mari 2020"), today=date(2030, 1, 1))


def test_norwegian_sort_puts_ae_oe_aa_after_z():
    names = ["Åsen", "Ørland", "Ærfugl", "Zeta", "Alta"]
    assert sorted(names) != ["Alta", "Zeta", "Ærfugl", "Ørland", "Åsen"]
    assert sorted(names, key=norwegian_sort_key) == ["Alta", "Zeta", "Ærfugl", "Ørland", "Åsen"]


def test_the_office_a_decision_addresses_is_its_responsible():
    assert responsible_from_text("Kommunestyret ber kommunedirektøren utarbeide retningslinjer") == "kommunedirektør"
    assert responsible_from_text("Ordfører inviterer Statsbygg og Nord Universitet") == "ordfører"
    assert responsible_from_text("Kommunedirektørene står fritt til å foreslå") == "kommunedirektør"


def test_no_office_or_two_offices_give_no_responsible():
    assert responsible_from_text("Kommunestyret forutsetter at høringsutkastet blir lagt fram") == ""
    assert responsible_from_text("Ordfører og kommunedirektør følger opp") == ""
    assert responsible_from_text("Ordførerkjedet pusses") == ""


def test_a_bare_sak_reference_resolves_only_to_a_single_case():
    index = {"PS 53/2020": 7, "FO 12/2021": 1}
    assert reference_resolve(CaseRef("sak", 53, 2020), index) == 7
    assert reference_resolve(CaseRef("FO", 12, 2021), index) == 1
    assert reference_resolve(CaseRef("PS", 12, 2021), index) is None
    assert reference_resolve(CaseRef("sak", 53, 2020), {**index, "K-sak 53/2020": 9}) is None


def test_norwegian_sort_key_orders_party_names():
    assert sorted(["Rødt", "R", "AP", "Øvrige", "H"], key=norwegian_sort_key) == ["AP", "H", "R", "Rødt", "Øvrige"]


def test_a_party_or_parties_without_a_person_read_as_the_parties():
    from tertial.core.decisions import Proposer

    assert str(Proposer(name="", party="Høyre")) == "Høyre"
    assert str(Proposer(name="", party="", on_behalf_of=("Arbeiderpartiet", "Senterpartiet", "SV"))) == (
        "Arbeiderpartiet, Senterpartiet og SV"
    )
