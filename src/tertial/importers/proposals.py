"""Proposed budget changes (`tertial import proposals FILE --year Y --period M`).

Columns: nr, tittel, finansiering, mal, belop; optional begrunnelse and tekst. One row per line of a
proposal; rows with the same nr form one proposal (in file order) and must agree on tittel and
finansiering; begrunnelse may stand on any one of its rows. `mal` is EITHER an ansvar code of the
year's organisation OR a key of the § 5-4 general lines (core.appropriation, e.g. `andre_generelle`).
`belop` is kroner in the net-expenditure sign: +16 000 000 on a unit is more budget, −9 000 000 on
`andre_generelle` is more expected income. `finansiering` is fond, merinntekter, kutt or annet (or the
label: «Bruk av fond», «Økte inntekter», «Reduserte utgifter», «Annen inndekning»). `tekst` names the
line in the draft resolution («økt integreringstilskudd»). Every proposal must balance; an error names
the file and the rows of the unbalanced proposal. See docs/proposals.md.
"""

from collections.abc import Collection, Mapping
from pathlib import Path

import polars as pl

from tertial.core.appropriation import GENERAL_LINE_KEYS
from tertial.core.errors import InputError, InputProblem
from tertial.core.proposals import FUNDING_LABELS, Funding, Proposal, ProposalLine, imbalance_message

from ._common import missing
from .tabular import ROW, Check, amount_ore, invalid_rows, open_table, raise_problems

REQUIRED = ("nr", "tittel", "finansiering", "mal", "belop")
OPTIONAL = ("begrunnelse", "tekst")

_FUNDING_BY_TEXT = {f.value: f for f in Funding} | {label.lower(): f for f, label in FUNDING_LABELS.items()}


def _rows_text(rows: list[int]) -> str:
    return ", ".join(str(r) for r in rows)


def read_proposals(
    path: Path, *, known_units: Collection[str], mapping: Mapping[str, str] | None = None
) -> list[Proposal]:
    units = set(known_units)
    targets = sorted(units | GENERAL_LINE_KEYS)
    with open_table(path, required=REQUIRED, optional=OPTIONAL, mapping=mapping) as src:
        present = set(src.columns)
        frame = src.frame.with_columns([pl.lit(None, pl.String).alias(c) for c in OPTIONAL if c not in present])
        checks: list[Check] = [
            *(missing(c) for c in REQUIRED),
            ("nr", pl.col("nr").is_not_null() & ~pl.col("nr").str.contains(r"^[0-9]+$"), "nr må være et heltall"),
            (
                "finansiering",
                pl.col("finansiering").is_not_null()
                & ~pl.col("finansiering").str.to_lowercase().is_in(list(_FUNDING_BY_TEXT)),
                "ukjent finansiering (bruk " + ", ".join(f.value for f in Funding) + ")",
            ),
            (
                "mal",
                pl.col("mal").is_not_null() & ~pl.col("mal").is_in(targets),
                "ukjent mål: verken et ansvar i organisasjonen eller en linje i bevilgningsoversikten",
            ),
            ("belop", pl.col("belop").is_not_null() & amount_ore("belop").is_null(), "ugyldig beløp"),
            ("belop", amount_ore("belop") == 0, "beløpet er 0"),
        ]
        raise_problems(src.name, invalid_rows(frame, checks))
        df = frame.with_columns(amount_ore("belop").alias("__ore")).collect()
    if df.height == 0:
        raise InputError([InputProblem(src.name, "filen har ingen datarader")])
    heads: dict[int, tuple[str, Funding]] = {}
    reasons: dict[int, str] = {}
    lines: dict[int, list[ProposalLine]] = {}
    rows: dict[int, list[int]] = {}
    problems: list[InputProblem] = []
    for r in df.iter_rows(named=True):
        nr = int(r["nr"])
        head = (r["tittel"], _FUNDING_BY_TEXT[r["finansiering"].lower()])
        if heads.setdefault(nr, head) != head:
            problems.append(
                InputProblem(
                    src.name, f"forslag {nr} har ulik tittel eller finansiering på ulike rader", row=r[ROW], column="nr"
                )
            )
        if r["begrunnelse"]:
            if reasons.get(nr, r["begrunnelse"]) != r["begrunnelse"]:
                problems.append(
                    InputProblem(src.name, f"forslag {nr} har ulik begrunnelse", row=r[ROW], column="begrunnelse")
                )
            reasons[nr] = r["begrunnelse"]
        target = r["mal"]
        is_unit = target in units
        lines.setdefault(nr, []).append(
            ProposalLine(
                amount=r["__ore"],
                ansvar=target if is_unit else "",
                general_line="" if is_unit else target,
                text=r["tekst"] or "",
            )
        )
        rows.setdefault(nr, []).append(r[ROW])
    for nr, ls in lines.items():
        balance = sum(x.amount for x in ls)
        if balance:
            problems.append(
                InputProblem(
                    src.name,
                    f"forslag {nr} (rad {_rows_text(rows[nr])}): {imbalance_message(balance)}",
                    row=rows[nr][0],
                    column="belop",
                )
            )
    if problems:
        raise InputError(problems)
    return [
        Proposal(number=nr, title=heads[nr][0], funding=heads[nr][1], lines=tuple(ls), reason=reasons.get(nr, ""))
        for nr, ls in lines.items()
    ]
