"""Milestone-plan importer (`tertial import milestones FILE --year Y --period M`).

One row per milestone, plans in file order. Columns: plan (title), milepael, opprinnelig_dato;
optional ingress (the plan's introduction, on any row of the plan), revidert_dato, begrunnelse
(why it was revised), utfort_dato, ansvarlig. See docs/content.md.
"""

from collections.abc import Mapping
from pathlib import Path

import polars as pl

from tertial.core.errors import InputError, InputProblem
from tertial.core.milestones import Milestone, Plan, Revision

from ._common import bad_date, missing
from .records import parse_date_text
from .tabular import ROW, Check, invalid_rows, open_table, raise_problems

REQUIRED = ("plan", "milepael", "opprinnelig_dato")
OPTIONAL = ("ingress", "revidert_dato", "begrunnelse", "utfort_dato", "ansvarlig")


def read_milestones(path: Path, *, mapping: Mapping[str, str] | None = None) -> list[Plan]:
    with open_table(path, required=REQUIRED, optional=OPTIONAL, mapping=mapping) as src:
        present = set(src.columns)
        frame = src.frame.with_columns([pl.lit(None, pl.String).alias(c) for c in OPTIONAL if c not in present])
        checks: list[Check] = [
            *(missing(c) for c in REQUIRED),
            *(bad_date(c) for c in ("opprinnelig_dato", "revidert_dato", "utfort_dato")),
            (
                "begrunnelse",
                pl.col("revidert_dato").is_not_null() & pl.col("begrunnelse").is_null(),
                "en revidert dato trenger en begrunnelse",
            ),
            (
                "milepael",
                ~pl.struct(["plan", "milepael"]).is_first_distinct(),
                "milepælen finnes tidligere i filen (duplikat)",
            ),
        ]
        raise_problems(src.name, invalid_rows(frame, checks))
        df = frame.collect()
    if df.height == 0:
        raise InputError([InputProblem(src.name, "filen har ingen datarader")])
    plans: dict[str, tuple[str, list[Milestone]]] = {}
    problems = []
    for r in df.iter_rows(named=True):
        intro, items = plans.setdefault(r["plan"], ("", []))
        if r["ingress"]:
            if intro and intro != r["ingress"]:
                problems.append(
                    InputProblem(src.name, "planen har ulik ingress på ulike rader", row=r[ROW], column="ingress")
                )
            plans[r["plan"]] = (r["ingress"], items)
        original = parse_date_text(r["opprinnelig_dato"])
        revisions: tuple[Revision, ...] = ()
        if r["revidert_dato"]:
            revisions = (Revision(original, parse_date_text(r["revidert_dato"]), r["begrunnelse"]),)
        items.append(
            Milestone(
                title=r["milepael"],
                original_date=original,
                responsible=r["ansvarlig"] or "",
                done_date=parse_date_text(r["utfort_dato"]) if r["utfort_dato"] else None,
                revisions=revisions,
            )
        )
    if problems:
        raise InputError(problems)
    return [Plan(title=t, milestones=tuple(ms), introduction=intro) for t, (intro, ms) in plans.items()]
