"""Importers for the small files: organisation, budget, budget changes, forecasts, central items
and comments. Each reads a file, validates every row, and returns core values; on any problem it
raises InputError naming file, row and column, before anything is written."""

from collections.abc import Collection, Mapping
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import polars as pl

from tertial.core.appropriation import GENERAL_LINE_KEYS, default_line
from tertial.core.budget import BudgetChange, BudgetLine, Forecast
from tertial.core.comments import Measure, MeasureStatus, SectorComment, UnitComment
from tertial.core.errors import InputError, InputProblem
from tertial.core.org import Sector, Unit
from tertial.core.periodised import BudgetProfileLine
from tertial.core.status import CentralItem

from .tabular import ROW, amount_ore, invalid_rows, load_json_list, open_table, raise_problems

OSLO = ZoneInfo("Europe/Oslo")
_DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y", "%d.%m.%y")


def parse_date_text(text: str) -> date:
    """'2024-04-10', '10.04.2024' or '10.04.24' → date; ValueError otherwise."""
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text.strip(), fmt).date()  # noqa: DTZ007 - a calendar date, no time
        except ValueError:
            continue
    raise ValueError(f"ugyldig dato «{text}» (bruk ÅÅÅÅ-MM-DD eller DD.MM.ÅÅÅÅ)")


def _missing(col: str) -> tuple[str, pl.Expr, str]:
    return (col, pl.col(col).is_null(), "mangler verdi")


def _bad_amount(col: str) -> tuple[str, pl.Expr, str]:
    return (col, pl.col(col).is_not_null() & amount_ore(col).is_null(), "ugyldig beløp")


def _unknown_ansvar(known: Collection[str], year: int) -> tuple[str, pl.Expr, str]:
    return (
        "ansvar",
        pl.col("ansvar").is_not_null() & ~pl.col("ansvar").is_in(list(known)),
        f"ukjent ansvar i organisasjonen for {year}",
    )


def _duplicate(keys: list[str], label: str) -> tuple[str, pl.Expr, str]:
    return (keys[0], ~pl.struct(keys).is_first_distinct(), f"{label} finnes tidligere i filen (duplikat)")


def _year_column(year: int) -> tuple[str, pl.Expr, str]:
    return (
        "aar",
        pl.col("aar").is_not_null() & (pl.col("aar") != str(year)),
        f"feil år (importen gjelder {year})",
    )


def _validated(path: Path, required, optional, mapping, checks_for) -> tuple[str, pl.DataFrame]:
    with open_table(path, required=required, optional=optional, mapping=mapping) as src:
        present = set(src.columns)
        checks = [c for c in checks_for(present) if c[0] in present]
        raise_problems(src.name, invalid_rows(src.frame, checks))
        df = src.frame.collect()
    if df.height == 0:
        raise InputError([InputProblem(src.name, "filen har ingen datarader")])
    return src.name, df


def read_org(path: Path, *, year: int, mapping: Mapping[str, str] | None = None) -> tuple[list[Sector], list[Unit]]:
    """Columns: tjenesteomrade, ansvar, navn [, tjenesteomrade_kode, aar]. File order is report order."""

    def checks(present):
        return [
            _missing("tjenesteomrade"),
            _missing("ansvar"),
            _missing("navn"),
            _duplicate(["ansvar"], "ansvaret"),
            *([_year_column(year)] if "aar" in present else []),
        ]

    _, df = _validated(path, ["tjenesteomrade", "ansvar", "navn"], ["tjenesteomrade_kode", "aar"], mapping, checks)
    sectors: dict[str, Sector] = {}
    units = []
    for order, rec in enumerate(df.iter_rows(named=True)):
        code = rec.get("tjenesteomrade_kode") or rec["tjenesteomrade"]
        sectors.setdefault(code, Sector(code=code, name=rec["tjenesteomrade"], order=len(sectors)))
        units.append(Unit(code=rec["ansvar"], name=rec["navn"], sector_code=code, order=order))
    return list(sectors.values()), units


def read_budget(
    path: Path, *, year: int, known_units: Collection[str], mapping: Mapping[str, str] | None = None
) -> list[BudgetLine]:
    """Columns: ansvar, belop [, art, funksjon, aar]. One row per (ansvar, art, funksjon)."""

    def checks(present):
        key = ["ansvar", *[c for c in ("art", "funksjon") if c in present]]
        return [
            _missing("ansvar"),
            _unknown_ansvar(known_units, year),
            _missing("belop"),
            _bad_amount("belop"),
            _duplicate(key, "budsjettlinjen"),
            *([_year_column(year)] if "aar" in present else []),
        ]

    _, df = _validated(path, ["ansvar", "belop"], ["art", "funksjon", "aar"], mapping, checks)
    df = df.with_columns(amount_ore("belop").alias("ore"))
    return [
        BudgetLine(ansvar=r["ansvar"], amount=r["ore"], art=r.get("art") or "", funksjon=r.get("funksjon") or "")
        for r in df.iter_rows(named=True)
    ]


def read_budget_changes(
    path: Path, *, year: int, known_units: Collection[str], mapping: Mapping[str, str] | None = None
) -> list[BudgetChange]:
    """Columns: nr, dato, vedtak, tekst, ansvar, belop [, art, funksjon]. Rows with the same nr are
    the lines of one change and must agree on dato, vedtak and tekst."""

    def checks(present):
        key = ["nr", "ansvar", *[c for c in ("art", "funksjon") if c in present]]
        return [
            *(_missing(c) for c in ("nr", "dato", "vedtak", "tekst", "ansvar", "belop")),
            (
                "nr",
                pl.col("nr").is_not_null() & ~pl.col("nr").str.contains(r"^[0-9]+$"),
                "nr må være et heltall",
            ),
            _unknown_ansvar(known_units, year),
            _bad_amount("belop"),
            _duplicate(key, "endringslinjen"),
        ]

    name, df = _validated(
        path, ["nr", "dato", "vedtak", "tekst", "ansvar", "belop"], ["art", "funksjon"], mapping, checks
    )
    df = df.with_columns(amount_ore("belop").alias("ore"))
    problems: list[InputProblem] = []
    heads: dict[int, tuple[date, str, str]] = {}
    lines: dict[int, list[BudgetLine]] = {}
    for r in df.iter_rows(named=True):
        nr = int(r["nr"])
        try:
            adopted = parse_date_text(r["dato"])
        except ValueError as exc:
            problems.append(InputProblem(name, str(exc), row=r[ROW], column="dato"))
            continue
        if adopted.year != year:
            problems.append(InputProblem(name, f"feil år (importen gjelder {year})", row=r[ROW], column="dato"))
            continue
        head = (adopted, r["vedtak"], r["tekst"])
        if heads.setdefault(nr, head) != head:
            problems.append(
                InputProblem(name, f"endring {nr} har ulik dato/vedtak/tekst på ulike rader", row=r[ROW], column="nr")
            )
        lines.setdefault(nr, []).append(
            BudgetLine(ansvar=r["ansvar"], amount=r["ore"], art=r.get("art") or "", funksjon=r.get("funksjon") or "")
        )
    if problems:
        raise InputError(problems)
    return [
        BudgetChange(number=nr, adopted=heads[nr][0], reference=heads[nr][1], text=heads[nr][2], lines=tuple(ls))
        for nr, ls in sorted(lines.items())
    ]


def read_budget_profile(
    path: Path, *, year: int, known_units: Collection[str], mapping: Mapping[str, str] | None = None
) -> list[BudgetProfileLine]:
    """A periodised budget. Columns: ansvar, maaned (1–12), belop [, gruppe, aar]. One row per
    (ansvar, gruppe, maaned); a unit's rows need not sum to its budget (they are scaled to it)."""

    def checks(present):
        key = ["ansvar", *(["gruppe"] if "gruppe" in present else []), "maaned"]
        return [
            _missing("ansvar"),
            _unknown_ansvar(known_units, year),
            _missing("maaned"),
            (
                "maaned",
                pl.col("maaned").is_not_null() & ~pl.col("maaned").str.contains(r"^(0?[1-9]|1[0-2])$"),
                "måned må være 1–12",
            ),
            _missing("belop"),
            _bad_amount("belop"),
            _duplicate(key, "måneden"),
            *([_year_column(year)] if "aar" in present else []),
        ]

    _, df = _validated(path, ["ansvar", "maaned", "belop"], ["gruppe", "aar"], mapping, checks)
    df = df.with_columns(amount_ore("belop").alias("ore"))
    return [
        BudgetProfileLine(ansvar=r["ansvar"], month=int(r["maaned"]), amount=r["ore"], group=r.get("gruppe") or "")
        for r in df.iter_rows(named=True)
    ]


def read_forecasts(
    path: Path, *, year: int, known_units: Collection[str], mapping: Mapping[str, str] | None = None
) -> list[Forecast]:
    """Columns: ansvar, prognose [, registrert_av, registrert]. One row per ansvar."""

    def checks(present):
        return [
            _missing("ansvar"),
            _unknown_ansvar(known_units, year),
            _missing("prognose"),
            _bad_amount("prognose"),
            _duplicate(["ansvar"], "ansvaret"),
            *([_year_column(year)] if "aar" in present else []),
        ]

    name, df = _validated(path, ["ansvar", "prognose"], ["registrert_av", "registrert", "aar"], mapping, checks)
    df = df.with_columns(amount_ore("prognose").alias("ore"))
    out, problems = [], []
    for r in df.iter_rows(named=True):
        at = None
        if r.get("registrert"):
            try:
                d = parse_date_text(r["registrert"])
                at = datetime(d.year, d.month, d.day, 12, tzinfo=OSLO)
            except ValueError as exc:
                problems.append(InputProblem(name, str(exc), row=r[ROW], column="registrert"))
        out.append(
            Forecast(ansvar=r["ansvar"], amount=r["ore"], entered_by=r.get("registrert_av") or "", entered_at=at)
        )
    if problems:
        raise InputError(problems)
    return out


def read_central(path: Path, *, year: int, mapping: Mapping[str, str] | None = None) -> list[CentralItem]:
    """Columns: kategori, tekst, avvik [, linje, aar] (kroner; positive improves the result).

    `linje` places the item in the appropriation overview (a key of core.appropriation.GENERAL_LINES);
    when it is absent or empty the line comes from the category (core.appropriation.default_line), and
    a category without a default (e.g. "renter") needs it."""

    def checks(present):
        return [
            _missing("kategori"),
            _missing("tekst"),
            _missing("avvik"),
            _bad_amount("avvik"),
            _duplicate(["kategori", "tekst"], "linjen"),
            *([_year_column(year)] if "aar" in present else []),
            *([_unknown_line()] if "linje" in present else []),
        ]

    name, df = _validated(path, ["kategori", "tekst", "avvik"], ["linje", "aar"], mapping, checks)
    df = df.with_columns(amount_ore("avvik").alias("ore"))
    items, problems = [], []
    for r in df.iter_rows(named=True):
        category = r["kategori"].lower()
        line = (r.get("linje") or "").lower() or default_line(category)
        if line is None:
            problems.append(
                InputProblem(
                    name,
                    f"kategorien «{category}» har ingen fast linje i bevilgningsoversikten; oppgi linje",
                    row=r[ROW],
                    column="linje",
                )
            )
            continue
        items.append(CentralItem(category=category, text=r["tekst"], deviation=r["ore"], line=line))
    if problems:
        raise InputError(problems)
    return items


def _unknown_line() -> tuple[str, pl.Expr, str]:
    keys = sorted(GENERAL_LINE_KEYS)
    return (
        "linje",
        pl.col("linje").is_not_null() & ~pl.col("linje").str.to_lowercase().is_in(keys),
        f"ukjent linje i bevilgningsoversikten (kjente: {', '.join(keys)})",
    )


def read_comments(
    path: Path, *, known_units: Collection[str], known_sectors: Collection[str]
) -> tuple[list[UnitComment], list[SectorComment]]:
    """A JSON list of unit comments {ansvar, arsak, tiltak: [{tekst, effekt, start, status}],
    konsekvens, tekst} and sector comments {tjenesteomrade, tekst}. Rows are list positions (1-based)."""
    name, data = load_json_list(path, "kommentarer")
    units: list[UnitComment] = []
    sectors: list[SectorComment] = []
    problems: list[InputProblem] = []
    seen: set[tuple[str, str]] = set()
    for i, item in enumerate(data, start=1):

        def bad(msg: str, col: str | None = None, row: int = i) -> None:
            problems.append(InputProblem(name, msg, row=row, column=col))

        if not isinstance(item, dict):
            bad("må være et objekt")
            continue
        key = ("s", str(item.get("tjenesteomrade"))) if "tjenesteomrade" in item else ("u", str(item.get("ansvar")))
        if key in seen:
            bad(
                "kommentaren finnes tidligere i filen (duplikat)",
                "ansvar" if key[0] == "u" else "tjenesteomrade",
            )
        seen.add(key)
        if "tjenesteomrade" in item:
            if item["tjenesteomrade"] not in known_sectors:
                bad("ukjent tjenesteområde", "tjenesteomrade")
            elif not str(item.get("tekst") or "").strip():
                bad("mangler verdi", "tekst")
            else:
                sectors.append(SectorComment(sector=item["tjenesteomrade"], text=str(item["tekst"]).strip()))
            continue
        ansvar = str(item.get("ansvar") or "")
        if ansvar not in known_units:
            bad("ukjent ansvar" if ansvar else "mangler verdi", "ansvar")
            continue
        measures = []
        for m in item.get("tiltak") or []:
            try:
                measures.append(
                    Measure(
                        text=str(m["tekst"]).strip(),
                        effect=None if m.get("effekt") is None else int(m["effekt"]) * 100,
                        start=parse_date_text(m["start"]) if m.get("start") else None,
                        status=MeasureStatus(m["status"]) if m.get("status") else None,
                    )
                )
            except (KeyError, TypeError, ValueError) as exc:
                bad(f"ugyldig tiltak ({exc})", "tiltak")
        units.append(
            UnitComment(
                ansvar=ansvar,
                cause=str(item.get("arsak") or "").strip(),
                measures=tuple(measures),
                consequence=str(item.get("konsekvens") or "").strip(),
                text=str(item.get("tekst") or "").strip(),
            )
        )
    if problems:
        raise InputError(problems)
    return units, sectors
