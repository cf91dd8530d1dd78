"""Importers for investment projects (`tertial import investment-projects|investment-frames|
investment-financing`), and the step that turns an investment-ledger batch into project balances
(`investment-actuals`; the ledger itself is read by importers.actuals.read_actuals, the same reader
as the operating ledger). See docs/investments.md for the columns.
"""

from collections.abc import Collection, Mapping
from datetime import date
from pathlib import Path

import polars as pl

from tertial.core.errors import InputError, InputProblem
from tertial.core.investments import (
    IMPORTED_LINE_KEYS,
    PROJECTS_LINE,
    STATUS_LABELS,
    FinancingLine,
    FrameChange,
    ProjectBalance,
    ProjectRecord,
    ProjectStatus,
)

from ._common import bad_date, missing
from .actuals import ActualsBatch
from .records import parse_date_text
from .tabular import (
    MAX_REPORTED,
    ORE_MAX,
    ROW,
    Check,
    amount_ore,
    invalid_rows,
    kroner_text,
    open_table,
    ore_out_of_range,
    ore_sum,
    raise_problems,
)

PROJECT_REQUIRED = ("nr", "navn", "ansvar", "budsjett", "prognose_aar", "prognose_total", "status")
PROJECT_OPTIONAL = ("ramme", "kommentar", "start", "ferdig", "aar")
FRAME_REQUIRED = ("nr", "dato", "vedtak", "ramme")
FRAME_OPTIONAL = ("tekst",)
FINANCING_REQUIRED = ("linje", "budsjett", "regnskap", "prognose")

_STATUS_WORDS = {s.value: s for s in ProjectStatus} | {label.lower(): s for s, label in STATUS_LABELS.items()}


def _bad_amount(col: str) -> Check:
    return (col, pl.col(col).is_not_null() & amount_ore(col).is_null(), "ugyldig beløp")


def _duplicate(keys: list[str], label: str) -> Check:
    return (keys[0], ~pl.struct(keys).is_first_distinct(), f"{label} finnes tidligere i filen (duplikat)")


def _read(path: Path, required, optional, mapping, checks_for) -> tuple[str, pl.DataFrame]:
    with open_table(path, required=required, optional=optional, mapping=mapping) as src:
        present = set(src.columns)
        frame = src.frame.with_columns([pl.lit(None, pl.String).alias(c) for c in optional if c not in present])
        raise_problems(src.name, invalid_rows(frame, checks_for(present)))
        df = frame.collect()
    if df.height == 0:
        raise InputError([InputProblem(src.name, "filen har ingen datarader")])
    return src.name, df


def read_projects(
    path: Path, *, year: int, known_units: Collection[str], mapping: Mapping[str, str] | None = None
) -> list[ProjectRecord]:
    """One row per project: nr, navn, ansvar, budsjett, prognose_aar, prognose_total, status
    [, ramme, kommentar, start, ferdig, aar]. Status is planlegging, anskaffelse, bygging or ferdig."""

    def checks(present: set[str]) -> list[Check]:
        return [
            *(missing(c) for c in PROJECT_REQUIRED),
            *(_bad_amount(c) for c in ("budsjett", "prognose_aar", "prognose_total", "ramme")),
            (
                "ansvar",
                pl.col("ansvar").is_not_null() & ~pl.col("ansvar").is_in(list(known_units)),
                f"ukjent ansvar i organisasjonen for {year}",
            ),
            (
                "status",
                pl.col("status").is_not_null() & ~pl.col("status").str.to_lowercase().is_in(list(_STATUS_WORDS)),
                "ukjent status (bruk planlegging, anskaffelse, bygging eller ferdig)",
            ),
            bad_date("start"),
            bad_date("ferdig"),
            ("aar", pl.col("aar").is_not_null() & (pl.col("aar") != str(year)), f"feil år (importen gjelder {year})"),
            _duplicate(["nr"], "prosjektet"),
        ]

    _, df = _read(path, PROJECT_REQUIRED, PROJECT_OPTIONAL, mapping, checks)
    df = df.with_columns(
        *(amount_ore(c).alias(f"{c}_ore") for c in ("budsjett", "prognose_aar", "prognose_total", "ramme"))
    )
    return [
        ProjectRecord(
            number=r["nr"],
            name=r["navn"],
            ansvar=r["ansvar"],
            budget=r["budsjett_ore"],
            forecast_year=r["prognose_aar_ore"],
            forecast_total=r["prognose_total_ore"],
            status=_STATUS_WORDS[r["status"].lower()],
            frame=r["ramme_ore"],
            comment=r["kommentar"] or "",
            start=parse_date_text(r["start"]) if r["start"] else None,
            completion=parse_date_text(r["ferdig"]) if r["ferdig"] else None,
        )
        for r in df.iter_rows(named=True)
    ]


def read_frames(
    path: Path, *, known_projects: Collection[str], mapping: Mapping[str, str] | None = None
) -> list[FrameChange]:
    """The history of cost frames: nr, dato, vedtak (e.g. "PS 12/23"), ramme (the new frame) [, tekst]."""

    def checks(present: set[str]) -> list[Check]:
        return [
            *(missing(c) for c in FRAME_REQUIRED),
            (
                "nr",
                pl.col("nr").is_not_null() & ~pl.col("nr").is_in(list(known_projects)),
                "ukjent investeringsprosjekt (importer prosjektene først)",
            ),
            bad_date("dato"),
            _bad_amount("ramme"),
            _duplicate(["nr", "dato", "vedtak"], "rammeendringen"),
        ]

    name, df = _read(path, FRAME_REQUIRED, FRAME_OPTIONAL, mapping, checks)
    df = df.with_columns(amount_ore("ramme").alias("ore"))
    changes: list[FrameChange] = []
    seen: set[tuple[str, date, str]] = set()
    problems: list[InputProblem] = []
    for r in df.iter_rows(named=True):
        change = FrameChange(
            project=r["nr"],
            changed_on=parse_date_text(r["dato"]),
            reference=r["vedtak"],
            frame=r["ore"],
            text=r["tekst"] or "",
        )
        key = (change.project, change.changed_on, change.reference)
        if key in seen:  # the same date written two ways ("22.03.2023" and "2023-03-22")
            problems.append(
                InputProblem(name, "rammeendringen finnes tidligere i filen (duplikat)", row=r[ROW], column="dato")
            )
        seen.add(key)
        changes.append(change)
    if problems:
        raise InputError(problems)
    return changes


def read_financing(path: Path, *, mapping: Mapping[str, str] | None = None) -> list[FinancingLine]:
    """The lines of the § 5-5 overview other than the projects: linje, budsjett, regnskap, prognose.
    Amounts are net expenditure, so financing (bruk av lån, tilskudd, …) is negative."""
    keys = sorted(IMPORTED_LINE_KEYS)

    def checks(present: set[str]) -> list[Check]:
        return [
            *(missing(c) for c in FINANCING_REQUIRED),
            *(_bad_amount(c) for c in ("budsjett", "regnskap", "prognose")),
            (
                "linje",
                pl.col("linje") == PROJECTS_LINE,
                "investeringer i varige driftsmidler er summen av prosjektene og importeres ikke",
            ),
            (
                "linje",
                pl.col("linje").is_not_null() & (pl.col("linje") != PROJECTS_LINE) & ~pl.col("linje").is_in(keys),
                f"ukjent linje (kjente linjer: {', '.join(keys)})",
            ),
            _duplicate(["linje"], "linjen"),
        ]

    _, df = _read(path, FINANCING_REQUIRED, (), mapping, checks)
    df = df.with_columns(*(amount_ore(c).alias(f"{c}_ore") for c in ("budsjett", "regnskap", "prognose")))
    return [
        FinancingLine(key=r["linje"], budget=r["budsjett_ore"], actual=r["regnskap_ore"], forecast=r["prognose_ore"])
        for r in df.iter_rows(named=True)
    ]


def project_balances(batch: ActualsBatch, *, known_projects: Collection[str]) -> list[ProjectBalance]:
    """The investment ledger's balances per (project, month, art). Every line must carry a project
    registered for the year; otherwise InputError naming the file and the projects."""
    projects = batch.balances["prosjekt"].unique().sort().to_list()
    problems = [
        InputProblem(batch.source, "linjer uten prosjekt", column="prosjekt")
        if not p
        else InputProblem(batch.source, f"ukjent investeringsprosjekt for {batch.year}", column="prosjekt", value=p)
        for p in projects
        if p not in known_projects
    ]
    if problems:
        raise InputError(problems)
    grouped = (
        batch.balances.group_by(["prosjekt", "period", "art"])
        .agg(ore_sum(pl.col("amount")))
        .sort(["prosjekt", "period", "art"])
    )
    for r in grouped.filter(ore_out_of_range("amount")).head(MAX_REPORTED).iter_rows(named=True):
        problems.append(
            InputProblem(
                batch.source,
                f"summen er for stor: prosjekt {r['prosjekt']}, art {r['art']}, måned {r['period']} summerer til "
                f"{kroner_text(r['amount'])} kr; største beløp som kan lagres er ±{kroner_text(ORE_MAX)} kr",
                column="belop",
            )
        )
    if problems:
        raise InputError(problems)
    return [
        ProjectBalance(project=r["prosjekt"], month=int(r["period"]), art=r["art"], amount=int(r["amount"]))
        for r in grouped.iter_rows(named=True)
    ]
