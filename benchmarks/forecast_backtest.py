#!/usr/bin/env python3
"""Benchmark and error tables of the year-end forecast engine (issues 9 and 20, docs/forecasting.md).

1. Loads the demo (Levanger 2024 + SYNTHETIC 2021–2023) into a throw-away SQLite database and prints
   the backtest's error table per month for every method (MAE in mill. kr, MAPE in %, coverage of
   the 80 % and 95 % intervals), as `tertial forecast-backtest --years 2021-2023` does.
2. Prints the same table for the second synthetic municipality (tests/synthetic_municipality.py).
3. Times the combined projection (weights by leave-one-year-out, intervals calibrated on the
   backtest of the earlier years) for a synthetic municipality of 600 units × 12 account groups ×
   5 earlier years of monthly history, at months 3 and 8 (target under 1 s), and the backtest over
   the 5 years (target under 5 s). Pure core, no database.

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
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


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


def second_table() -> None:
    from tertial.core.combined import combined_backtest
    from tertial.renderers.forecast_export import backtest_text
    from tests.synthetic_municipality import generate

    history, budgets = generate()
    print("Second synthetic municipality (40 units, 2018–2023):")
    print(backtest_text(combined_backtest(history=history, budgets=budgets, years=sorted(history))))


def speed() -> None:
    from tertial.core.combined import combined_backtest, combined_compute
    from tertial.core.periods import Period

    history, current = synthetic_history()
    budget = {u: sum(sum(v) for v in gs.values()) for u, gs in history[2023].items()}
    budgets = {y: {u: sum(sum(v) for v in gs.values()) for u, gs in units.items()} for y, units in history.items()}
    for month in (3, 8):
        best = cpu_best = float("inf")
        for _ in range(3):
            t, c = time.perf_counter(), time.process_time()
            proj = combined_compute(
                period=Period(2024, month), actuals=current, history=history, budget=budget, history_budgets=budgets
            )
            best = min(best, time.perf_counter() - t)
            cpu_best = min(cpu_best, time.process_time() - c)
        print(
            f"combined projection, 600 units × 12 groups × 5 years, month {month}: best of 3 {best:.3f} s wall, "
            f"{cpu_best:.3f} s CPU ({len(proj.projection.units)} units)"
        )
    t, c = time.perf_counter(), time.process_time()
    bt = combined_backtest(history=history, budgets=budgets, years=sorted(history))
    print(
        f"backtest, 600 units × 12 groups × 5 years × 12 months: {time.perf_counter() - t:.2f} s wall, "
        f"{time.process_time() - c:.2f} s CPU ({len(bt.rows)} rows)"
    )
    print(f"(load average while measuring: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs)")


if __name__ == "__main__":
    cpu = platform.processor() or platform.machine()
    print(f"Machine: {os.cpu_count()} CPU, {cpu}, Python {platform.python_version()}")
    demo_table()
    second_table()
    speed()
