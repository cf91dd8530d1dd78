#!/usr/bin/env python3
"""Benchmark and error table of the year-end forecast engine (issue 9, docs/forecasting.md).

1. Loads the demo (Levanger 2024 + SYNTHETIC 2021–2023) into a throw-away SQLite database and prints
   the backtest's error table per month for every method (MAE in mill. kr, MAPE in %, coverage of
   the 80 % interval), as `tertial forecast-backtest --years 2021-2023` does.
2. Times the statistical projection (with leave-one-year-out intervals) for a synthetic municipality
   of 600 units × 12 account groups × 5 earlier years of monthly history, at months 3 and 8; the
   target is under 1 s. Pure core, no database.

    .venv/bin/python benchmarks/forecast_backtest.py
"""

import os
import platform
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))


def demo_table() -> None:
    tmp = tempfile.mkdtemp()
    os.environ["TERTIAL_DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tertial.web.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from tertial.renderers.forecast_export import backtest_text
    from tertial.web.demo import demo_load_data
    from tertial.web.forecasting.selectors import forecast_backtest_get

    call_command("migrate", verbosity=0, interactive=False)
    demo_load_data()
    t = time.perf_counter()
    bt = forecast_backtest_get(years=[2021, 2022, 2023])
    print(backtest_text(bt))
    print(f"(backtest on the demo, 30 units × 3 years × 12 months: {time.perf_counter() - t:.2f} s)\n")


def synthetic_history(units: int = 600, groups: int = 12, years: int = 5, seed: int = 9):
    rng = random.Random(seed)
    shapes = [[1 + 0.3 * rng.random() for _ in range(12)] for _ in range(groups)]
    history: dict = {}
    for i, y in enumerate(range(2024 - years, 2024)):
        history[y] = {}
        for u in range(units):
            level = 1_000_000_00 * (1 + u % 7) * (1.04**i)
            history[y][f"U{u}"] = {
                f"G{g}": [int(level * s * (1 + rng.gauss(0, 0.05))) * (-1 if g == 11 else 1) for s in shapes[g]]
                for g in range(groups)
            }
    current = {u: {g: v[:8] for g, v in gs.items()} for u, gs in history[2023].items()}
    return history, current


def speed() -> None:
    from tertial.core.periods import Period
    from tertial.core.projection import projection_compute

    history, current = synthetic_history()
    budget = {u: 1 for u in current}
    for month in (3, 8):
        best = float("inf")
        for _ in range(3):
            t = time.perf_counter()
            proj = projection_compute(period=Period(2024, month), actuals=current, history=history, budget=budget)
            best = min(best, time.perf_counter() - t)
        print(f"600 units × 12 groups × 5 years, month {month}: best of 3 {best:.3f} s ({len(proj.units)} units)")


if __name__ == "__main__":
    cpu = platform.processor() or platform.machine()
    print(f"Machine: {os.cpu_count()} CPU, {cpu}, Python {platform.python_version()}")
    demo_table()
    speed()
