"""`tertial decisions list|export|import`: the decisions register on the command line (the same
selectors and services as the register, the public export and the import pages).

The group is built by `add_parser`; each action adds its own sub-parser. `import` dispatches on the
file's suffix: .csv and .xlsx go to the spreadsheet round trip, anything else to the text import of
a follow-up list (with a municipality's profile)."""

import argparse
import json
from pathlib import Path
from typing import Any

from tertial.core.decisions import STATUS_LABELS, PointStatus
from tertial.core.errors import DomainError

FORMATS = ("csv", "xlsx")


def add_parser(sub: Any) -> None:
    d = sub.add_parser("decisions", help="politiske vedtak: liste, eksport og import (CSV, XLSX, tekst)")
    dsub = d.add_subparsers(dest="decisions_command", required=True)
    _add_list(dsub)
    _add_export(dsub)
    _add_import(dsub)


def _add_list(dsub: Any) -> None:
    ls = dsub.add_parser("list", help="sakene med antall vedtakspunkter per status")
    ls.add_argument("--json", action="store_true", help="skriv JSON i stedet for en tabell")
    ls.set_defaults(func=cmd_decisions_list, db=True)


def _add_export(dsub: Any) -> None:
    e = dsub.add_parser("export", help="skriv registeret som regneark (samme format som import leser)")
    e.add_argument("--format", choices=FORMATS, help="csv eller xlsx (standard: etter filnavnet)")
    e.add_argument("-o", "--output", required=True, help="fila som skal skrives")
    e.set_defaults(func=cmd_decisions_export, db=True)


def _add_import(dsub: Any) -> None:
    i = dsub.add_parser(
        "import", help="les inn et regneark fra eksporten (.csv/.xlsx) eller en oppfølgingsliste som tekst (.txt)"
    )
    i.add_argument("file")
    i.add_argument("--dry-run", action="store_true", help="vis hva som ville endres, uten å lagre")
    i.add_argument(
        "--profile", help="tekst: kommunens profil (TOML) oppå standardprofilen; se docs/decisions-module.md"
    )
    i.set_defaults(func=cmd_decisions_import, db=True)


def _short(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def cmd_decisions_list(args: argparse.Namespace) -> str:
    from .selectors import decisions_status_overview

    rows = decisions_status_overview()
    if args.json:
        return json.dumps({"count": len(rows), "results": rows}, ensure_ascii=False, indent=2)
    statuses = list(PointStatus)
    heads = ["Sak", "År", "Organ", "Tittel", "Punkter", *(STATUS_LABELS[s] for s in statuses)]
    table = [
        [
            r["reference"],
            str(r["year"] or ""),
            _short(r["body"], 24),
            _short(r["title"], 48),
            str(r["points"]),
            *(str(r["statuses"][s.value]) for s in statuses),
        ]
        for r in rows
    ]
    totals = ["Sum", "", "", f"{len(rows)} saker", str(sum(r["points"] for r in rows))]
    totals += [str(sum(r["statuses"][s.value] for r in rows)) for s in statuses]
    widths = [max(len(row[i]) for row in [heads, *table, totals]) for i in range(len(heads))]
    numeric = {1, *range(4, len(heads))}

    def line(cells: list[str]) -> str:
        return "  ".join(
            c.rjust(w) if i in numeric else c.ljust(w) for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ).rstrip()

    return "\n".join([line(heads), line(["-" * w for w in widths]), *(line(r) for r in table), line(totals)])


def cmd_decisions_export(args: argparse.Namespace) -> str:
    from tertial.renderers.decisions_sheet import decisions_sheet_csv, decisions_sheet_xlsx

    from .selectors import decisions_sheet_rows

    out = Path(args.output)
    fmt = args.format or out.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise DomainError(f"ukjent format «{fmt}»: bruk --format csv eller xlsx")
    rows = decisions_sheet_rows()
    if fmt == "csv":
        out.write_text(decisions_sheet_csv(rows), encoding="utf-8")
    else:
        out.write_bytes(decisions_sheet_xlsx(rows))
    return f"Skrev {len(rows)} vedtakspunkter til {out}"


def cmd_decisions_import(args: argparse.Namespace) -> str:
    from tertial.importers.decision_profile import profile_load

    from . import services

    path = Path(args.file)
    if path.suffix.lower() in (".csv", ".xlsx"):
        if args.profile:
            raise DomainError("--profile gjelder tekstimporten (.txt), ikke regneark")
        return str(services.decisions_sheet_import(path=path, actor="cli", dry_run=args.dry_run))
    profile = profile_load(args.profile) if args.profile else None
    return services.decisions_import_text_file(path=path, actor="cli", profile=profile, dry_run=args.dry_run)
