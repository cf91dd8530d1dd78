"""The legacy text importer against the municipality's own page (the demo copy of the seed)."""

from datetime import date
from pathlib import Path

import pytest

from tertial.core.decisions import PointStatus
from tertial.importers.decisions_text import decisions_text_read

SEED = Path(__file__).resolve().parents[2] / "src" / "tertial" / "demo" / "levanger" / "decisions.txt"

REFERENCES = [
    "FO 12/21",
    "FO 49/2020",
    "FO 48/2020",
    "FO 47/2020",
    "FO 42/2020",
    "K-sak 85/2020",
    "FO 40/20",
    "FO 36/20",
    "FO 29/20",
    "FO 27/20",
    "FO 26/20",
    "FO 25/20",
    "FO 24/20",
    "FO 23/20",
    "FO 22/20",
    "FO 20/20",
    "FO 18/20",
    "FO 12/20",
    "FO 10/20",
    "FO 9/20",
    "FO 8/20",
    "PS 88/19",
]


@pytest.fixture(scope="module")
def seed():
    return decisions_text_read(SEED.read_text(encoding="utf-8"))


def case(seed, ref):
    return next(c for c in seed.cases if c.reference_text == ref)


def test_every_case_heading_of_the_seed_becomes_a_case_in_page_order(seed):
    assert [c.reference_text for c in seed.cases] == REFERENCES
    assert len(seed.cases) == 22


def test_cases_carry_the_year_heading_they_stand_under(seed):
    assert case(seed, "FO 12/21").year == 2021
    assert {c.year for c in seed.cases[1:21]} == {2020}
    assert case(seed, "PS 88/19").year == 2019


def test_references_in_log_lines_do_not_become_cases(seed):
    keys = {c.reference.key for c in seed.cases}
    assert "PS 7/2021" not in keys and "K-sak 95/2020" not in keys and "PS 16/2020" not in keys


def test_interpellation_proposers_and_parties_named_as_the_profile_names_them(seed):
    got = {c.reference_text: (c.proposer.name, c.proposer.party) for c in seed.cases if c.proposer}
    assert got["FO 12/21"] == ("Gunnar Løvås", "SV")
    assert got["FO 49/2020"] == ("Lars Erik Ertsås", "Høyre")
    assert got["FO 47/2020"] == ("Einar Dahlum", "Rødt")
    assert got["FO 29/20"] == ("Einar Dahlum", "Rødt")  # «R» and «Rødt» are one party
    assert got["FO 24/20"] == ("Janne K. J. Larsen", "Fremskrittspartiet")
    assert got["FO 40/20"] == ("Kjartan Gjelvold", "MDG")
    assert len(got) == 20
    assert all(c.kind == "interpellasjon" for c in seed.cases if c.reference.prefix == "FO")


def test_budget_proposals_become_points_with_their_own_proposers(seed):
    k = case(seed, "K-sak 85/2020")
    assert k.kind == "budsjettforslag"
    assert k.title == "Budsjett 2021 og økonomiplan 2021 - 2024"
    proposers = [(p.proposer.name, p.proposer.party, p.proposer.on_behalf_of) for p in k.points]
    sp, h, krf, frp = "Senterpartiet", "Høyre", "KrF", "Fremskrittspartiet"
    assert proposers == [
        ("Merete Bøhn-Flatås", sp, (sp, krf, frp, h)),
        ("Nina Bakken Bye", h, (sp, h, krf, frp)),
        ("Jostein Trøite", "SV", ()),
        ("Anita Ravlo Sand", sp, ()),
        ("Bjørg Boneng", sp, ()),
        ("Khalil Obeed", "Arbeiderpartiet", ()),
        ("Gunnar Løvås", "SV", ()),
        ("Geir Tore Persøy", frp, (sp, krf, frp, h)),
        ("Per Espen Aunan", "Arbeiderpartiet", ()),
    ]


def test_closing_lines_close_the_points_with_their_dates(seed):
    def closed(ref):
        return [(p.status, p.closed_on) for p in case(seed, ref).points]

    done = PointStatus.COMPLETED
    assert closed("FO 49/2020") == [(done, date(2021, 1, 31))] * 3
    assert closed("FO 47/2020") == [(done, date(2021, 1, 31))]
    assert closed("FO 36/20") == [(done, date(2020, 10, 1))]
    assert closed("FO 29/20") == [(done, date(2020, 9, 23))]
    assert closed("FO 27/20") == [(done, date(2020, 12, 31))]
    assert closed("FO 26/20") == [(done, date(2020, 6, 30))]
    assert closed("FO 40/20") == [(done, date(2021, 2, 17))]
    assert closed("FO 10/20") == [(done, date(2021, 3, 24))]
    assert closed("FO 8/20") == [(done, date(2021, 1, 31))]
    k = case(seed, "K-sak 85/2020").points
    assert (k[0].status, k[0].closed_on, k[0].closed_text) == (done, date(2021, 1, 31), "januar 2021")
    assert (k[2].closed_on, k[6].closed_on, k[8].closed_on) == (date(2021, 3, 24), date(2021, 2, 28), date(2021, 2, 3))


def test_closing_dates_without_year_or_with_a_misspelt_month_close_without_a_date_and_warn(seed):
    for ref in ("FO 48/2020", "FO 24/20", "FO 9/20"):
        assert all(p.status == PointStatus.COMPLETED and p.closed_on is None for p in case(seed, ref).points)
    assert case(seed, "FO 9/20").points[0].closed_text == "20. mari 2020"
    assert [n for n, _ in seed.warnings] == [47, 131, 167, 244, 315]


def test_avsluttet_med_denne_status_is_closed_without_completion(seed):
    p = case(seed, "FO 18/20").points[0]
    assert p.status == PointStatus.CLOSED and p.closing_remark == "med denne status"


def test_open_points_and_their_expected_completion(seed):
    assert case(seed, "FO 12/21").points[0].expected_completion == "Høsten 2021"
    assert case(seed, "FO 12/21").points[0].status == PointStatus.IN_PROGRESS
    ps = case(seed, "PS 88/19").points
    assert [p.expected_completion for p in ps] == ["", "Januar 20", "30.6.20", "kontinuerlig", "", ""]
    assert ps[3].status == PointStatus.CONTINUOUS
    assert [p.title for p in ps[4:]] == ["Kommunesamarbeid", "Sykefravær"]
    assert case(seed, "K-sak 85/2020").points[5].status == PointStatus.NOT_STARTED


def test_numbered_and_bullet_points_become_separate_points(seed):
    assert len(case(seed, "FO 48/2020").points) == 2
    assert len(case(seed, "FO 22/20").points) == 3
    assert len(case(seed, "FO 20/20").points) == 2
    assert len(case(seed, "FO 25/20").points) == 2
    fo49 = case(seed, "FO 49/2020")
    assert len(fo49.points) == 3 and fo49.preamble.startswith("Ved å innføre fritt brukervalg")
    # numbered follow-up goes to the point with that number
    fo48 = case(seed, "FO 48/2020").points
    assert fo48[0].log[0].text.startswith("Nord u og Statsbygg orienterer")
    assert fo48[1].log[0].text.startswith("Høringsfrist ble utsatt")
    # a bullet list after "…vurderes;" stays inside its decision
    assert "• IKT" in case(seed, "PS 88/19").points[4].text


def test_points_and_closed_totals(seed):
    points = [p for c in seed.cases for p in c.points]
    assert len(points) == 42
    assert sum(p.status in (PointStatus.COMPLETED, PointStatus.CLOSED) for p in points) == 28


def test_lines_it_cannot_place_are_reported_with_line_numbers(seed):
    lines = dict(seed.unplaced)
    assert lines[1] == "Gå til innhold Globalmeny Forsiden"
    assert lines[442] == "1.ha"
    assert 445 in lines and 446 in lines
    assert len(seed.unplaced) == 11
    assert (seed.published, seed.last_changed) == ("12.05.2015 14:49", "20.03.2021 09:50")


def test_nothing_is_silently_dropped(seed):
    placed = {p.line for c in seed.cases for p in c.points} | {c.line for c in seed.cases}
    placed |= {e.line for c in seed.cases for p in c.points for e in p.log}
    texts = " ".join(p.text for c in seed.cases for p in c.points)
    for n, raw in enumerate(SEED.read_text(encoding="utf-8").splitlines(), start=1):
        text = " ".join(raw.replace("\xa0", " ").split())
        if not text or text.isdigit():
            continue
        kept = (n in placed) or (n in dict(seed.unplaced)) or text.lstrip("•0123456789. ")[:40] in texts
        kept = kept or text.startswith(("Forslag framsatt", "Avslutt", "Gjennomført", "Publisert", "Ordfører følge"))
        kept = kept or text.startswith(("Kommunalsjef", "Kommunesamarbeid", "Sykefravær", "30.6.20", "Januar 20"))
        kept = kept or text.startswith(("kontinuerlig", "Retningslinjene", "Vedtak"))
        assert kept, (n, text)


def test_responsible_is_the_follow_up_line_or_the_one_office_the_decision_addresses(seed):
    k = case(seed, "K-sak 85/2020").points
    assert k[2].responsible == "Ordfører, Kommunalsjef samfunnsutvikling"  # "… følger opp" lines
    assert case(seed, "FO 12/21").points[0].responsible == "kommunedirektør"
    assert [p.responsible for p in case(seed, "FO 48/2020").points] == ["ordfører", ""]
    assert case(seed, "FO 22/20").points[0].responsible == ""  # names no office: left for a person
    points = [p for c in seed.cases for p in c.points]
    assert sum(1 for p in points if p.responsible) == 19
