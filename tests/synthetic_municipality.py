"""A second SYNTHETIC municipality for the forecast engine (issue 20): generated in memory, seeded,
independent of the Levanger demo, with seasonal patterns the demo lacks. It lives only in tests and
benchmarks, to keep the method honest (a method tuned on one made-up history may fail on another).

Patterns (by unit, chosen from the seeded random stream):
- every unit: salaries with holiday pay in June (≈ 1,6 × a month) and little in July;
- a third of the units: annual payments in January (licences, insurance: half the year's other
  expenses booked in January);
- a quarter of the units: a state grant paid as one lump in December (income);
- some units: user fees, monthly with one month in arrears; refunds (sick-pay) lagging;
- one unit (U07) reorganised mid-history: from the fourth year on it took over another service
  and its level (and budget) is 1,6 × what it was.
Noise: a persistent unit bias (sd 2 %), a level deviation per year and group (sd 3 %), a shock from
a random month to the year-end (sd 4 %), monthly noise (sd 5 %). Budgets are the year's planned
level × (1 + N(0; 2 %)). All amounts integer øre.
"""

from __future__ import annotations

import random

HOLIDAY = (1.0, 1.0, 1.0, 1.0, 1.0, 1.6, 0.5, 1.0, 1.0, 1.0, 1.0, 1.0)
EVEN = (1.0,) * 12
JANUARY = (6.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.4, 0.5, 0.5, 0.5, 0.5, 0.6)
DECEMBER = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1)
ARREARS = (0.4, 1, 1, 1, 1, 1, 0.8, 1.1, 1, 1, 1, 1.7)
LAGGING = (0.5, 0.8, 1.0, 1.0, 1.0, 1.2, 0.9, 0.9, 1.0, 1.1, 1.2, 1.4)
REORGANISED = "U07"


def _shape(w: tuple[float, ...]) -> tuple[float, ...]:
    s = sum(w)
    return tuple(x / s for x in w)


def generate(
    *, units: int = 40, first: int = 2018, years: int = 6, seed: int = 20261205
) -> tuple[dict[int, dict[str, dict[str, list[int]]]], dict[int, dict[str, int]]]:
    """(history year → unit → group → 12 months in øre, budgets year → unit → øre)."""
    rng = random.Random(seed)
    plan: dict[str, dict[str, tuple[float, tuple[float, ...]]]] = {}
    for i in range(units):
        code = f"U{i:02d}"
        size = rng.choice((8, 15, 25, 40, 60, 120)) * 1_000_000_00
        groups = {"lonn": (size * 0.7, _shape(HOLIDAY))}
        groups["drift"] = (size * 0.3, _shape(JANUARY if i % 3 == 0 else EVEN))
        if i % 4 == 1:
            groups["tilskudd"] = (-size * 0.15, _shape(DECEMBER))
        if i % 5 == 2:
            groups["inntekt"] = (-size * 0.1, _shape(ARREARS))
        groups["refusjon"] = (-size * 0.03, _shape(LAGGING))
        plan[code] = groups
    bias = {c: rng.gauss(0, 0.02) for c in plan}
    history: dict[int, dict[str, dict[str, list[int]]]] = {}
    budgets: dict[int, dict[str, int]] = {}
    for k in range(years):
        y = first + k
        growth = 1.04**k
        history[y], budgets[y] = {}, {}
        for code, groups in plan.items():
            factor = growth * (1.6 if code == REORGANISED and k >= 3 else 1.0)
            planned = 0.0
            series = {}
            for g, (level, shape) in groups.items():
                base = level * factor
                planned += base
                actual = base * (1 + bias[code] + rng.gauss(0, 0.03))
                shock, start = rng.gauss(0, 0.04), rng.randint(1, 12)
                series[g] = [
                    int(actual * w * (1 + (shock if m + 1 >= start else 0)) * (1 + rng.gauss(0, 0.05)))
                    for m, w in enumerate(shape)
                ]
            history[y][code] = series
            budgets[y][code] = int(planned * (1 + rng.gauss(0, 0.02)))
    return history, budgets
