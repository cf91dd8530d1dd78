"""`tertial decisions export|import`: the decisions register as a spreadsheet on the command line
(the same selectors and services as the public export and the import page).

The group is built by `add_parser`; each action adds its own sub-parser, so another action
(`decisions list`) is one more `_add_…` function. `import` dispatches on the file's suffix: .csv and
.xlsx go to the round trip, anything else to the text import."""

import argparse
from pathlib import Path

from tertial.core.errors import DomainError

FORMATS = ("csv", "xlsx")


def add_parser(sub) -> None:
    d = sub.add_parser("decisions", help="politiske vedtak: eksport og import (CSV, XLSX, tekst)")
    dsub = d.add_subparsers(dest="decisions_command", required=True)
    _add_export(dsub)
    _add_import(dsub)


def _add_export(dsub) -> None:
    e = dsub.add_parser("export", help="skriv registeret som regneark (samme format som import leser)")
    e.add_argument("--format", choices=FORMATS, help="csv eller xlsx (standard: etter filnavnet)")
    e.add_argument("-o", "--output", required=True, help="fila som skal skrives")
    e.set_defaults(func=cmd_decisions_export, db=True)


def _add_import(dsub) -> None:
    i = dsub.add_parser("import", help="les inn et regneark fra eksporten (.csv/.xlsx) eller en tekstside (.txt)")
    i.add_argument("file")
    i.add_argument("--dry-run", action="store_true", help="vis hva som ville endres, uten å lagre")
    i.set_defaults(func=cmd_decisions_import, db=True)


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
    from . import services

    path = Path(args.file)
    if path.suffix.lower() in (".csv", ".xlsx"):
        return services.decisions_sheet_import(path=path, actor="cli", dry_run=args.dry_run)
    # The text import with profiles and --dry-run (another branch) is `decisions_text_import`; until it
    # is there, the existing text import runs (it has no dry run).
    text_import = getattr(services, "decisions_text_import", None)
    if text_import is not None:
        return str(text_import(path=path, actor="cli", dry_run=args.dry_run))
    if args.dry_run:
        raise DomainError("--dry-run gjelder bare regneark (.csv, .xlsx) i denne versjonen")
    return services.decisions_import_text_file(path=path, actor="cli")
