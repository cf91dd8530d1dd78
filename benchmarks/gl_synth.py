"""Deterministic synthetic general-ledger export: periode;ansvar;art;funksjon;prosjekt;belop with
decimal comma, `n_units` ansvar codes. Used by the import benchmarks."""

import argparse
import random
from pathlib import Path

ARTS = [
    f"{a}" for a in (10100, 10200, 10300, 10500, 10900, 10990, 11000, 11200, 11500, 12000, 13700, 14700, 16000, 17100)
]
FUNKSJONER = ["100", "120", "201", "202", "213", "215", "242", "253", "254", "265", "275", "325", "338", "385"]


def unit_codes(n_units: int) -> list[str]:
    return [str(1000 + i) for i in range(n_units)]


def write_gl(path: Path, rows: int, *, year: int = 2024, n_units: int = 600, seed: int = 2024) -> None:
    rnd = random.Random(seed)
    units = unit_codes(n_units)
    # A unit posts on a couple of functions and rarely on a project: 600 units give about 200 000
    # distinct (month, ansvar, art, funksjon, prosjekt) balances, as a real municipality's ledger.
    unit_functions = {u: rnd.sample(FUNKSJONER, 2) for u in units}
    projects = [""] * 19 + ["P100"]
    with path.open("w", encoding="utf-8", newline="\n") as f:
        f.write("periode;ansvar;art;funksjon;prosjekt;belop\n")
        chunk = []
        for _ in range(rows):
            month = rnd.randint(1, 12)
            ore = rnd.randint(-5_000_000, 20_000_000)
            sign = "-" if ore < 0 else ""
            ore = abs(ore)
            chunk.append(
                f"{year}{month:02d};{(u := rnd.choice(units))};{rnd.choice(ARTS)};{rnd.choice(unit_functions[u])};"
                f"{rnd.choice(projects)};{sign}{ore // 100},{ore % 100:02d}\n"
            )
            if len(chunk) >= 100_000:
                f.writelines(chunk)
                chunk = []
        f.writelines(chunk)


def write_org(path: Path, n_units: int = 600) -> None:
    with path.open("w", encoding="utf-8") as f:
        f.write("tjenesteomrade;ansvar;navn\n")
        for i, code in enumerate(unit_codes(n_units)):
            f.write(f"Område {i // 100 + 1};{code};Enhet {code}\n")


if __name__ == "__main__":
    p = argparse.ArgumentParser()
    p.add_argument("--rows", type=int, default=1_000_000)
    p.add_argument("-o", default="gl.csv")
    a = p.parse_args()
    write_gl(Path(a.o), a.rows)
