"""A municipality's profile changes what the decisions text import reads, without code."""

import pytest

from tertial.core.decisions import PointStatus
from tertial.core.errors import DomainError
from tertial.importers.decision_profile import profile_load, profile_parse
from tertial.importers.decisions_text import DecisionsTextRefused, decisions_text_import

PAGE = """Bystyresak 7/2025 Ny gangbru
Forslagsstiller: Kari Li (BL)
Vedtak: Bystyret ber byplansjefen prosjektere gangbrua.
Fremdrift: Anbud ute
Ferdig innen: sommeren 2026
"""

PROFILE = """
[references]
prefixes = { "bystyresak" = "BS" }
bodies = { "bystyresak" = "bystyret" }

[labels]
followup = ["fremdrift"]
completion = ["ferdig innen"]

[parties]
"bl" = "Bylista"
"""


def test_the_default_profile_does_not_know_a_local_prefix():
    with pytest.raises(DecisionsTextRefused, match="ingen linje begynner med et saksnummer"):
        decisions_text_import(PAGE)


def test_a_profile_file_adds_a_prefix_a_body_labels_and_a_party():
    result = decisions_text_import(PAGE, profile_parse(PROFILE, name="by.toml"))
    (case,) = result.cases
    assert (case.reference.key, case.body, case.title) == ("BS 7/2025", "bystyret", "Ny gangbru")
    (point,) = case.points
    assert point.log[0].text == "Anbud ute" and point.status == PointStatus.IN_PROGRESS
    assert point.expected_completion == "sommeren 2026"
    assert (point.proposer.name, point.proposer.party) == ("Kari Li", "Bylista")
    assert result.unplaced == [] and result.placed == [1, 2, 3, 4, 5]


def test_the_profile_keeps_the_defaults_it_does_not_replace():
    profile = profile_parse(PROFILE)
    assert profile.prefixes["ps"] == "PS" and profile.prefixes["bystyresak"] == "BS"
    assert profile.party("R") == "Rødt" and profile.party("BL") == "Bylista"
    assert profile.labels["frist"] == "completion" and profile.labels["fremdrift"] == "followup"


def test_a_broken_profile_is_refused_with_its_name_and_reason(tmp_path):
    with pytest.raises(DomainError, match=r"by\.toml"):
        profile_parse("[statuses]\n'ferdig' = 'kanskje'\n", name="by.toml")
    with pytest.raises(DomainError, match="kan ikke leses"):
        profile_parse("[labels\n", name="by.toml")
    with pytest.raises(DomainError, match="kan ikke leses"):
        profile_load(tmp_path / "finnes-ikke.toml")
