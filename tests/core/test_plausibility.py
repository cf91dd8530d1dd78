"""A ledger far from the budget, or with a month without lines, is flagged for confirmation; the stage
percentages of tertial.core.progress."""

import pytest

from tertial.core import progress
from tertial.core.plausibility import ledger_plausibility


def test_a_ledger_more_than_three_times_the_budget_is_far_from_it():
    budget = 1_396_061_000_00
    assert ledger_plausibility(ledger_total=3 * budget, budget_total=budget, months=[1]).far_from_budget is False
    assert ledger_plausibility(ledger_total=3 * budget + 1, budget_total=budget, months=[1]).far_from_budget is True
    assert ledger_plausibility(ledger_total=-4 * budget, budget_total=budget, months=[1]).far_from_budget is True
    assert ledger_plausibility(ledger_total=10**15, budget_total=0, months=[1]).far_from_budget is False  # no budget


def test_the_months_missing_between_the_first_and_the_last_are_named():
    assert ledger_plausibility(ledger_total=0, budget_total=0, months=[1, 3, 6]).months_without_lines == (2, 4, 5)
    assert ledger_plausibility(ledger_total=0, budget_total=0, months=[4, 5, 6]).months_without_lines == ()


def test_stage_percentages_rise_through_the_stages_and_a_listener_may_cancel():
    assert [progress.percent(s) for s in progress.STAGES] == [0, 55, 65, 70, 95]
    assert progress.percent("write", 0.5) == 82 and progress.percent("commit", 1.0) == 100
    seen: list[tuple[str, int]] = []

    def on_stage(stage: str, pct: int) -> None:
        seen.append((stage, pct))
        if stage == "commit":
            raise progress.Cancelled

    progress.report("read")  # no listener: nothing happens
    with progress.reporting(progress.Listener(on_stage=on_stage)), pytest.raises(progress.Cancelled):
        progress.report("read")
        progress.report("commit")
    assert seen == [("read", 0), ("commit", 95)]
    progress.confirm(["advarsel"])  # no listener: the work goes on
