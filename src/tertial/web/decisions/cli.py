"""`tertial decisions list|import`: the decisions register on the command line (the same selectors
and services as the web pages)."""

import argparse
import json
from pathlib import Path
from typing import Any

from tertial.core.decisions import STATUS_LABELS, PointStatus
from tertial.core.errors import DomainError

UNKNOWN_FORMAT = (
    "{file}: ukjent filtype «{suffix}»; tekstimporten leser .txt (tekst kopiert fra en nettside eller et dokument)"
)


def add_parser(sub: Any) -> None:
    d = sub.add_parser("decisions", help="politiske vedtak til oppfølging: list opp eller importer")
    dsub = d.add_subparsers(dest="decisions_command", required=True)

    ls = dsub.add_parser("list", help="sakene med antall vedtakspunkter per status")
    ls.add_argument("--json", action="store_true", help="skriv JSON i stedet for en tabell")
    ls.set_defaults(func=cmd_decisions_list, db=True)

    imp = dsub.add_parser("import", help="les inn en oppfølgingsliste (tekst); saker som finnes oppdateres")
    imp.add_argument("file", help="tekstfil (.txt) kopiert fra kommunens side eller dokument")
    imp.add_argument("--dry-run", action="store_true", help="vis hva som ville blitt lest inn, uten å lagre")
    imp.add_argument("--profile", help="kommunens profil (TOML) oppå standardprofilen; se docs/decisions-module.md")
    imp.set_defaults(func=cmd_decisions_import, db=True)


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


def cmd_decisions_import(args: argparse.Namespace) -> str:
    from tertial.importers.decision_profile import profile_load

    from .services import decisions_import_text_file

    path = Path(args.file)
    if path.suffix.lower() not in (".txt", ".text", ""):
        raise DomainError(UNKNOWN_FORMAT.format(file=path, suffix=path.suffix))
    profile = profile_load(args.profile) if args.profile else None
    return decisions_import_text_file(path=path, actor="cli", profile=profile, dry_run=args.dry_run)
