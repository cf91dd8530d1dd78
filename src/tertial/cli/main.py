"""`tertial`: the command line. Each command parses its options, calls one service or selector,
and prints the result. Bad input exits with status 2 and a message naming file, row and column.

Every error a user can cause (bad options, bad files, a path that cannot be written, a broken backup)
is caught once, in `main`, and printed as one Norwegian line with exit status 2: no traceback."""

import argparse
import errno
import os
import sqlite3
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from tertial.core import progress
from tertial.core.errors import DomainError


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tertial.web.settings")
    import django
    from django.core.exceptions import ImproperlyConfigured

    try:
        django.setup()
    except ImproperlyConfigured as exc:  # e.g. production without a secret key: one line, exit 2
        print(f"Feil: {exc}", file=sys.stderr)
        raise SystemExit(2) from None


def _require_migrated() -> None:
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        raise DomainError("Databasen er ikke oppdatert; kjør først: tertial manage migrate")


def cmd_municipality(args: argparse.Namespace) -> str:
    from tertial.web.org.services import municipality_documents_set, municipality_set

    m = municipality_set(
        name=args.name,
        org_number=args.org_number or "",
        chief_executive_name=args.chief_executive or "",
        chief_executive_title=args.title or "",
        actor="cli",
    )
    if args.signs or args.sickleave_percent_only:
        m = municipality_documents_set(
            report_signs=args.signs or m.report_signs,
            sickleave_percent_only=args.sickleave_percent_only or m.sickleave_percent_only,
            actor="cli",
        )
    return (
        f"Kommune: {m.name} ({m.org_number or 'uten org.nr.'}); fortegn i bevilgningsoversiktene: "
        f"{m.report_signs}; sykefravær med bare prosent: {m.sickleave_percent_only}"
    )


def cmd_import(args: argparse.Namespace) -> str:
    from tertial.importers.tabular import parse_mapping
    from tertial.web.imports import ImportRequest, import_file

    from .progress import cli_progress

    request = ImportRequest(
        path=Path(args.file), year=args.year, period=args.period, mapping=parse_mapping(args.map), actor="cli"
    )
    with cli_progress(quiet=args.quiet):
        progress.report("read")
        receipt = import_file(args.kind, request)
        progress.report("commit", 1.0)
    return receipt


def cmd_worker(args: argparse.Namespace) -> str:
    from tertial.web.jobs.worker import run_worker

    run_worker(interval=args.interval, batch=args.batch)
    return ""


def cmd_status(args: argparse.Namespace) -> str:
    from tertial.renderers import status_export
    from tertial.web.budget.selectors import central_items_list, status_table_get

    table = status_table_get(year=args.year, month=args.period)
    central = central_items_list(year=args.year, month=args.period)
    if args.format == "xlsx":
        if not args.output:
            raise DomainError("--format xlsx trenger -o FIL")
        status_export.status_xlsx(table, Path(args.output), central)
        return f"Skrev {args.output}"
    text = {"table": status_export.status_text, "csv": status_export.status_csv, "json": status_export.status_json}[
        args.format
    ](table, central)
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
        return f"Skrev {args.output}"
    return text.rstrip("\n")


def cmd_report(args: argparse.Namespace) -> str:
    from tertial.core.document import CheckWarning, Edition
    from tertial.renderers import RENDERERS
    from tertial.web.reports.documents import status_report_document, tertial_report_document

    out = Path(args.output)
    suffix = out.suffix.lower().lstrip(".")
    fmt = args.format or {"htm": "html", "": "html"}.get(suffix, suffix)
    if fmt not in RENDERERS:
        raise DomainError(f"Ukjent format «{fmt}»: bruk --format {'|'.join(RENDERERS)} eller en slik filendelse")
    if args.kind == "tertial":
        if args.tertial is None:
            raise DomainError("--kind tertial trenger --tertial 1 eller 2")
        doc = tertial_report_document(
            year=args.year, tertial=args.tertial, force=args.force, edition=Edition(args.edition)
        )
    else:
        if args.period is None:
            raise DomainError("Statusrapporten trenger --period (måned 1–12)")
        doc = status_report_document(year=args.year, month=args.period, force=args.force, edition=Edition(args.edition))
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(RENDERERS[fmt].render(doc))
    forced = any(isinstance(b, CheckWarning) for b in doc.blocks)
    warning = " – med advarsel: kontrollen fant avvik i tallene" if forced else ""
    return f"Skrev {out} ({doc.title}, {fmt}){warning}"


def cmd_check(args: argparse.Namespace) -> str:
    from tertial.core.checks import check_figures, status_check
    from tertial.importers.printed import read_printed_status
    from tertial.web.budget.selectors import status_table_get

    if args.printed:
        mismatches = check_figures(read_printed_status(Path(args.printed)), rounded=True)
        what = f"{args.printed} (avrundede tall)"
    else:
        mismatches = status_check(status_table_get(year=args.year, month=args.period))
        what = f"statustabellen {args.year}{args.period:02d}"
    if mismatches:
        print("\n".join(str(m) for m in mismatches))
        raise SystemExit(f"Kontrollen fant {len(mismatches)} avvik i {what}")
    return f"Kontroll OK: alle summer, avvik og prosenter i {what} stemmer"


def cmd_demo(args: argparse.Namespace) -> str:
    from tertial.web.demo import demo_load

    print(demo_load(out_dir=Path(args.out), verbose=args.verbose))
    if args.no_serve:
        return "Demo lastet (uten webserver)."
    from django.conf import settings
    from django.core.management import call_command

    if not os.environ.get("TERTIAL_BASE_URL"):  # links in the demo's e-mails point at this server
        os.environ["TERTIAL_BASE_URL"] = settings.TERTIAL_BASE_URL = f"http://127.0.0.1:{args.port}"
    print(f"\nÅpne http://127.0.0.1:{args.port}/ (statussiden) og http://127.0.0.1:{args.port}/admin/ (admin)")
    worker = None
    if not args.no_worker:  # imports and reports in the background: the worker beside the web server
        import subprocess

        worker = subprocess.Popen([sys.executable, "-m", "tertial.cli.main", "worker"])
        print(f"Bakgrunnsarbeideren kjører (tertial worker, pid {worker.pid}); den stopper med serveren.")
    print("Stopp serveren med Ctrl-C.\n")
    import signal

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # a SIGTERM to the demo also stops its worker
    try:
        call_command("runserver", f"127.0.0.1:{args.port}", use_reloader=False)
    finally:
        if worker is not None and worker.poll() is None:
            worker.terminate()  # SIGTERM: the worker finishes the job it runs, then stops
            try:
                worker.wait(timeout=30)
            except subprocess.TimeoutExpired:
                worker.kill()
    return ""


def cmd_forecast(args: argparse.Namespace) -> str:
    from tertial.renderers import forecast_export
    from tertial.web.forecasting.selectors import forecast_overview_get

    overview = forecast_overview_get(year=args.year, month=args.period)
    return forecast_export.FORMATS[args.format](overview).rstrip("\n")


def cmd_forecast_backtest(args: argparse.Namespace) -> str:
    from tertial.renderers import forecast_export
    from tertial.web.forecasting.selectors import forecast_backtest_get

    first, _, last = args.years.partition("-")
    try:
        years = list(range(int(first), int(last or first) + 1))
    except ValueError:
        raise DomainError(f"--years må være ÅÅÅÅ-ÅÅÅÅ, ikke «{args.years}»") from None
    return forecast_export.backtest_text(forecast_backtest_get(years=years)).rstrip("\n")


def cmd_backup(args: argparse.Namespace) -> str:
    from tertial.web.backup import backup_create

    return backup_create(path=Path(args.file))


def cmd_restore(args: argparse.Namespace) -> str:
    from tertial.web.backup import backup_restore

    try:
        return backup_restore(path=Path(args.file))
    except sqlite3.DatabaseError as exc:  # a truncated or foreign file: SQLite refuses it before writing
        raise DomainError(f"{args.file} er ikke en brukbar sikkerhetskopi ({exc}); databasen er uendret") from exc


def cmd_manage(args: argparse.Namespace) -> str:
    from django.core.management import execute_from_command_line

    execute_from_command_line(["tertial manage", *args.rest])
    return ""


class _Parser(argparse.ArgumentParser):
    """argparse, with a usage error as one line (exit status 2) rather than the usage text and the error."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"Feil: {message} (se {self.prog} --help)\n")


def _month(text: str) -> int:
    """--period: the core's one check of a month (1–12)."""
    from tertial.core.periods import month_checked

    try:
        return month_checked(text)
    except DomainError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _os_message(exc: OSError) -> str:
    """'/proc/nope/r.html: mappen finnes ikke' — the path and what is wrong, in Norwegian."""
    what = {
        errno.ENOENT: "finnes ikke (eller mappen den skulle ligge i finnes ikke)",
        errno.EACCES: "ingen tilgang",
        errno.EPERM: "ingen tilgang",
        errno.EISDIR: "er en mappe, ikke en fil",
        errno.ENOTDIR: "en del av stien er ikke en mappe",
        errno.ENOSPC: "disken er full",
        errno.EROFS: "filsystemet er skrivebeskyttet",
    }.get(exc.errno or 0, exc.strerror or str(exc))
    path = exc.filename if exc.filename is not None else ""
    return f"{path}: {what}" if path else what


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="tertial", description="Tertial: økonomirapportering for kommuner.")
    sub = p.add_subparsers(dest="command", required=True)

    m = sub.add_parser("municipality", help="sett kommunens navn, org.nr. og kommunedirektør")
    m.add_argument("--name", required=True)
    m.add_argument("--org-number")
    m.add_argument("--chief-executive", help="navn som signerer rapportene")
    m.add_argument("--title", help="tittel, standard «kommunedirektør»")
    m.add_argument(
        "--signs",
        choices=["resultat", "utgift"],
        help="fortegn i § 5-4/§ 5-5-oversiktene: resultat (inntekt og overskudd positive, standard) eller utgift",
    )
    m.add_argument(
        "--sickleave-percent-only",
        choices=["skjul", "vis"],
        help="sykefravær for enheter med bare prosent (ukjent størrelse): skjul (standard) eller vis",
    )
    m.set_defaults(func=cmd_municipality, db=True)

    from tertial.web.imports import IMPORTERS

    i = sub.add_parser("import", help="importer en fil (CSV eller XLSX; kommentarer som JSON)")
    i.add_argument("kind", choices=sorted(IMPORTERS))
    i.add_argument("file")
    i.add_argument("--year", type=int, help="budsjettår (alle unntatt decisions-text)")
    i.add_argument("--period", type=_month, help="måned 1–12 (forecasts, central, comments)")
    i.add_argument("--map", help="kolonnetilordning, f.eks. 'belop=Beløp,ansvar=Ansvar'")
    i.add_argument("--quiet", action="store_true", help="ingen framdriftsvisning (bare kvitteringen)")
    i.set_defaults(func=cmd_import, db=True)

    w = sub.add_parser("worker", help="kjør bakgrunnsjobber (importer, rapporter) og de periodiske oppgavene")
    w.add_argument("--interval", type=float, default=1.0, help="sekunder mellom hver titt i køen (standard 1)")
    w.add_argument("--batch", action="store_true", help="kjør jobbene som venter, og avslutt")
    w.set_defaults(func=cmd_worker, db=True)

    def period_args(sp: argparse.ArgumentParser) -> None:
        sp.add_argument("--year", type=int, required=True)
        sp.add_argument("--period", type=_month, required=True, help="måned 1–12 (3 = pr. 31.03)")

    s = sub.add_parser("status", help="statustabellen for en periode")
    period_args(s)
    s.add_argument("--format", choices=["table", "csv", "json", "xlsx"], default="table")
    s.add_argument("-o", "--output")
    s.set_defaults(func=cmd_status, db=True)

    r = sub.add_parser("report", help="skriv rapporten (HTML, PDF, DOCX eller XLSX)")
    r.add_argument("--year", type=int, required=True)
    r.add_argument("--period", type=_month, help="måned 1–12 for statusrapporten (3 = pr. 31.03)")
    r.add_argument("--kind", choices=["status", "tertial"], default="status", help="månedsstatus eller tertialrapport")
    r.add_argument("--tertial", type=int, choices=[1, 2], help="tertialrapporten pr. 30.04 (1) eller 31.08 (2)")
    r.add_argument("-o", "--output", required=True, help="filen som skrives; endelsen velger format")
    r.add_argument(
        "--format", choices=["html", "pdf", "docx", "xlsx"], help="standard: fra filendelsen til -o, ellers html"
    )
    r.add_argument("--force", action="store_true", help="lag rapporten selv om kontrollen finner avvik")
    r.add_argument(
        "--edition",
        choices=["politisk", "intern"],
        default="politisk",
        help="politisk (standard: til kommunestyret og publisering) eller intern (økonomiavdelingen: med "
        "vedlegget om statistisk kontroll av prognosene)",
    )
    r.set_defaults(func=cmd_report, db=True)

    c = sub.add_parser("check", help="kontroller summer, avvik og prosenter")
    c.add_argument("--year", type=int)
    c.add_argument("--period", type=_month)
    c.add_argument(
        "--printed",
        help="kontroller en trykket tabell i stedet for databasen: CSV, XLSX eller tekst fra pdftotext -layout (.txt)",
    )
    c.set_defaults(func=cmd_check, db=True)

    d = sub.add_parser("demo", help="last demodataene, skriv rapporten og start webserveren")
    d.add_argument("--port", type=int, default=8000)
    d.add_argument("--out", default="out", help="mappe for rapporten (standard: out/)")
    d.add_argument("--no-serve", action="store_true", help="bare last inn og skriv rapportene")
    d.add_argument("--verbose", action="store_true", help="vis hver import og hvert funn ved innlesingen")
    d.add_argument("--no-worker", action="store_true", help="ikke start bakgrunnsarbeideren ved siden av serveren")
    d.set_defaults(func=cmd_demo, db=False)

    fc = sub.add_parser("forecast", help="statistisk årsprognose per enhet med 80 %%-intervall og varsler")
    period_args(fc)
    fc.add_argument("--format", choices=["table", "csv", "json"], default="table")
    fc.set_defaults(func=cmd_forecast, db=True)

    fb = sub.add_parser("forecast-backtest", help="feil per måned for prognosemetodene på avsluttede år")
    fb.add_argument("--years", required=True, help="f.eks. 2021-2023")
    fb.set_defaults(func=cmd_forecast_backtest, db=True)

    b = sub.add_parser("backup", help="sikkerhetskopi av hele databasen til en fil")
    b.add_argument("file")
    b.set_defaults(func=cmd_backup, db=True)

    rs = sub.add_parser("restore", help="gjenopprett hele databasen fra en sikkerhetskopi (erstatter alt)")
    rs.add_argument("file")
    rs.set_defaults(func=cmd_restore, db=False)

    from tertial.web.proposals.cli import add_parser as add_proposal_adopt

    add_proposal_adopt(sub)  # tertial proposal-adopt

    from tertial.web.decisions.cli import add_parser as add_decisions

    add_decisions(sub)  # tertial decisions list|export|import

    g = sub.add_parser("manage", help="Djangos administrasjonskommandoer (migrate, createsuperuser …)")
    g.add_argument("rest", nargs=argparse.REMAINDER)
    g.set_defaults(func=cmd_manage, db=False)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    _django()
    from django.db import DatabaseError

    from tertial.core.errors import DomainError, InputError

    args = build_parser().parse_args(argv)
    if args.command == "check" and not args.printed and (args.year is None or args.period is None):
        print("Feil: tertial check trenger --year og --period, eller --printed FIL", file=sys.stderr)
        return 2
    try:
        if args.db:
            _require_migrated()
        result = args.func(args)
    except InputError as exc:
        print(f"Feil i inndata, ingenting er lagret:\n{exc}", file=sys.stderr)
        return 2
    except DomainError as exc:
        print(f"Feil: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:  # a path that cannot be read or written: -o, backup, an import file
        print(f"Feil: {_os_message(exc)}", file=sys.stderr)
        return 2
    except (DatabaseError, sqlite3.DatabaseError) as exc:
        from tertial.web.errors import BUSY_TEXT, is_database_busy

        if is_database_busy(exc):  # SQLite's write lock still held by another writer after the timeout
            print(f"Feil: {BUSY_TEXT}", file=sys.stderr)
            return 2
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        print(f"Feil: databasen svarte med en feil, ingenting er lagret ({first})", file=sys.stderr)
        return 2
    if result:
        print(result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
