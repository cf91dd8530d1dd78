"""The decisions text import against a corpus of follow-up lists in different layouts (written in
the style of Norwegian municipal pages: labelled fields, tables, bullets, lettered points, several
bodies, references inside a heading sentence). Each list imports to exactly the structure in its
`.json` file; a page that is not a follow-up list is refused with a reason. No database."""

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tertial.core.errors import DomainError
from tertial.importers.decisions_text import (
    DecisionsTextRefused,
    ImportedCase,
    ImportedPoint,
    Proposer,
    TextImport,
    decisions_text_import,
)

CORPUS = Path(__file__).with_name("decision_corpus")
LISTS = sorted(p for p in CORPUS.glob("*.txt") if p.with_suffix(".json").exists())
REFUSED = CORPUS / "09_nyhetssak.txt"


def _proposer(p: Proposer | None) -> dict[str, Any] | None:
    return None if p is None else {"name": p.name, "party": p.party, "on_behalf_of": list(p.on_behalf_of)}


def _date(d: Any) -> str | None:
    return d.isoformat() if d else None


def _point(p: ImportedPoint) -> dict[str, Any]:
    return {
        "number": p.number,
        "text": p.text,
        "proposer": _proposer(p.proposer),
        "responsible": p.responsible,
        "expected_completion": p.expected_completion,
        "status": p.status.value,
        "closed_on": _date(p.closed_on),
        "log": [e.text for e in p.log],
    }


def _case(c: ImportedCase) -> dict[str, Any]:
    return {
        "reference": c.reference_text,
        "key": c.reference.key,
        "title": c.title,
        "kind": c.kind,
        "body": c.body,
        "meeting_date": _date(c.meeting_date),
        "year": c.year,
        "proposer": _proposer(c.proposer),
        "preamble": c.preamble,
        "points": [_point(p) for p in c.points],
    }


def structure(result: TextImport) -> dict[str, Any]:
    return {
        "cases": [_case(c) for c in result.cases],
        "unplaced": [n for n, _ in result.unplaced],
        "warnings": [n for n, _ in result.warnings],
    }


def _non_empty(text: str) -> set[int]:
    return {n for n, line in enumerate(text.splitlines(), start=1) if line.replace("\u200b", "").strip()}


def test_the_corpus_has_at_least_eight_layouts():
    assert len(LISTS) >= 8


@pytest.mark.parametrize("path", LISTS, ids=lambda p: p.stem)
def test_each_follow_up_list_imports_to_exactly_its_expected_structure(path):
    got = structure(decisions_text_import(path.read_text(encoding="utf-8")))
    assert got == json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", LISTS, ids=lambda p: p.stem)
def test_every_non_empty_line_is_placed_or_listed_as_unplaced(path):
    text = path.read_text(encoding="utf-8")
    result = decisions_text_import(text)
    unplaced = {n for n, _ in result.unplaced}
    assert not unplaced & set(result.placed)
    assert unplaced | set(result.placed) == _non_empty(text)


def test_a_page_that_is_not_a_follow_up_list_imports_nothing_and_says_why():
    with pytest.raises(DecisionsTextRefused) as exc:
        decisions_text_import(REFUSED.read_text(encoding="utf-8"))
    message = str(exc.value)
    assert message.startswith("Teksten ser ikke ut som en liste over politiske vedtak til oppfølging")
    assert "saksnumrene i teksten (2) står midt i setninger" in message
    assert "FO 12/21" not in message  # general terms, not the demo's format


def test_a_text_without_any_reference_is_refused_with_the_general_reason():
    with pytest.raises(DecisionsTextRefused, match="ingen linje begynner med et saksnummer"):
        decisions_text_import("Velkommen til kommunens nettsider.\nHer finner du møtekalenderen.\n")


LINE = st.one_of(
    st.text(max_size=60),
    st.sampled_from(
        [
            "PS 12/2024 Ny skole",
            "Sak 3/24: Budsjett",
            "Vedtak: Kommunestyret vedtar:",
            "a) første punkt",
            "b) andre punkt",
            "1. punkt",
            "• kulepunkt",
            "Status: Pågår",
            "Status: Gjennomført 12.03.2025",
            "Frist: innen utgangen av 2025",
            "Ansvarlig: Kommunedirektøren",
            "Avsluttet januar 2021",
            "| Saksnr. | Tittel | Status |",
            "| PS 1/25 | Tittel | Pågår |",
            "Sak\tVedtak\tStatus",
            "K-sak 4/24 Tittel\tVedtatt\tFerdig",
            "Formannskapet 05.03.2025",
            "Forslag fremmet av Ola (H) på vegne av H og FrP:",
            "Interpellasjon fra Kari (Ap) – Tittel (KST 3/2024)",
            "2024",
            "",
            "   ",
        ]
    ),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(LINE, max_size=30))
def test_any_text_imports_or_is_refused_with_a_message_and_no_line_is_lost(lines):
    text = "\n".join(lines)
    try:
        result = decisions_text_import(text)
    except DomainError as exc:
        assert str(exc)
        return
    unplaced = [n for n, _ in result.unplaced]
    assert len(unplaced) == len(set(unplaced))
    assert not set(unplaced) & set(result.placed)
    assert set(unplaced) | set(result.placed) == _non_empty(text)
