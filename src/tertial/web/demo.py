"""The demo: the Levanger 2024 data set (transcribed from the seed report, see demo/levanger/README.md)
loaded through the same import services a municipality uses, a demo admin user, and the report."""

import json
from datetime import date
from importlib.resources import files
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management import call_command

from tertial.core.rounds import TaskState
from tertial.renderers.html import render_html
from tertial.web.accounts.roles import Role, role_grant, sector_leadership_grant, unit_leadership_grant
from tertial.web.budget.models import Forecast
from tertial.web.imports import TERTIAL_IMPORTS, ImportRequest, import_file
from tertial.web.org.services import municipality_documents_set, municipality_set, municipality_theme_set
from tertial.web.reports.documents import status_report_document, tertial_report_document
from tertial.web.rounds.models import Round, Task
from tertial.web.rounds.services import round_open

DEMO_YEAR, DEMO_MONTH = 2024, 3
DEMO_TERTIAL, DEMO_T1_MONTH = 1, 4  # the 1st tertial report pr. 30.04.2024
DEMO_ADMIN = ("admin", "tertial-demo")  # demo only; printed by `tertial demo`
DEMO_PASSWORD = "tertial-demo"  # every demo user; demo only
# (username, role, unit codes, sector codes, description)
DEMO_USERS = [
    ("okonomi", "økonomi", (), (), "økonomiavdelingen: åpner, godkjenner, låser og publiserer runder"),
    ("leder235", "enhetsleder", ("235",), (), "enhetsleder for 235 Nesheim skole"),
    ("leder137", "enhetsleder", ("137",), (), "enhetsleder for 137 Barnehage felles"),
    ("kommunalsjef", "kommunalsjef", (), ("Oppvekst og utdanning",), "kommunalsjef for Oppvekst og utdanning"),
    ("politiker", "folkevalgt", (), (), "kommunestyremedlem: ser publiserte runder"),
]
DEMO_SUBMITTED = ("235", "137")  # left "submitted" in the demo round, for finance to approve or return


def demo_dir() -> Path:
    return Path(str(files("tertial.demo") / "levanger"))


def demo_files() -> list[tuple[str, str, int | None]]:
    """(kind, file, period) in load order."""
    return [
        ("org", "org.csv", None),
        ("budget", "budget.csv", None),
        ("actuals", "actuals.csv", None),
        ("forecasts", f"forecasts_{DEMO_YEAR}{DEMO_MONTH:02d}.csv", DEMO_MONTH),
        ("central", f"central_{DEMO_YEAR}{DEMO_MONTH:02d}.csv", DEMO_MONTH),
        ("comments", f"comments_{DEMO_YEAR}{DEMO_MONTH:02d}.json", DEMO_MONTH),
        ("sickleave", f"sickleave_{DEMO_YEAR}.csv", None),
        ("indicators", "indicators_nav.csv", DEMO_MONTH),
        ("milestones", "milestones_helseplattformen.csv", DEMO_MONTH),
        ("sections", f"sections_{DEMO_YEAR}{DEMO_MONTH:02d}.json", DEMO_MONTH),
        # The 1st tertial pr. 30.04 (issue 11): April is SYNTHETIC (dev/fixtures/levanger_t1.py); the
        # March comments are carried forward, since the seed has no later text.
        ("actuals", f"actuals_{DEMO_YEAR}{DEMO_T1_MONTH:02d}.csv", None),
        ("forecasts", f"forecasts_{DEMO_YEAR}{DEMO_T1_MONTH:02d}.csv", DEMO_T1_MONTH),
        ("central", f"central_{DEMO_YEAR}{DEMO_T1_MONTH:02d}.csv", DEMO_T1_MONTH),
        ("comments", f"comments_{DEMO_YEAR}{DEMO_MONTH:02d}.json", DEMO_T1_MONTH),
        *_tertial_files(),
    ]


def _tertial_files() -> list[tuple[str, str, int | None]]:
    """The tertial report's data (issue 11), each app's own DEMO_FILES, in the order of TERTIAL_IMPORTS."""
    return [f for app in TERTIAL_IMPORTS for f in app.DEMO_FILES]


HISTORY_YEARS = (2021, 2022, 2023)  # SYNTHETIC earlier years for the forecast engine (see README.md)


def demo_history_files() -> list[tuple[str, str, int, int | None]]:
    """(kind, file, year, period) of the SYNTHETIC 2021–2023 data written by dev/fixtures/levanger_history.py:
    the 2024 organisation for each year, budgets, monthly actuals and the units' forecasts at the tertials."""
    out: list[tuple[str, str, int, int | None]] = []
    for year in HISTORY_YEARS:
        out.append(("org", "org.csv", year, None))
        out.append(("budget", f"history_budget_{year}.csv", year, None))
        out.append(("actuals", f"history_actuals_{year}.csv", year, None))
        for month in (4, 8):
            name = f"history_forecasts_{year}{month:02d}.csv"
            if (demo_dir() / name).exists():
                out.append(("forecasts", name, year, month))
    return out


def demo_load_data(*, actor: str = "demo") -> list[str]:
    """Load (or reload: every import is idempotent) the demo data set. Returns the import receipts."""
    base = demo_dir()
    meta = json.loads((base / "kommune.json").read_text(encoding="utf-8"))
    municipality_set(
        name=meta["navn"],
        org_number=meta.get("organisasjonsnummer", ""),
        chief_executive_name=meta.get("kommunedirektor", {}).get("navn", ""),
        chief_executive_title=meta.get("kommunedirektor", {}).get("tittel", ""),
        synthetic_periods=meta.get("syntetiske_perioder", ""),
        actor=actor,
    )
    theme = meta.get("tema", {})
    if theme:  # the graphic profile: colour and logo are data, like everything about the municipality
        logo_name = theme.get("logo", "")
        municipality_theme_set(
            colour=theme.get("farge", ""),
            logo=(base / logo_name).read_bytes() if logo_name else None,
            logo_type="image/svg+xml" if logo_name.endswith(".svg") else "image/png",
            actor=actor,
        )
    documents = meta.get("dokumenter", {})
    municipality_documents_set(
        report_signs=documents.get("fortegn", "resultat"),
        sickleave_percent_only=documents.get("sykefravær_bare_prosent", "skjul"),
        actor=actor,
    )
    receipts = []
    for kind, name, period in demo_files():
        receipts.append(import_file(kind, ImportRequest(path=base / name, year=DEMO_YEAR, period=period, actor=actor)))
    for kind, name, year, period in demo_history_files():
        receipts.append(import_file(kind, ImportRequest(path=base / name, year=year, period=period, actor=actor)))
    decisions = base / "decisions.txt"
    if decisions.exists():
        receipts.append(import_file("decisions-text", ImportRequest(path=decisions, actor=actor)))
    return receipts


def demo_users_create() -> list[str]:
    """One user per role (password DEMO_PASSWORD) and the round pr. 31.03.2024 with the imported
    forecasts as approved tasks (235 and 137 submitted). Idempotent. Returns one line per login."""
    user_model = get_user_model()
    lines = []
    for username, role, units, sectors, what in DEMO_USERS:
        user = user_model.objects.filter(username=username).first()
        if user is None:
            user = user_model.objects.create_user(username, email=f"{username}@demo.invalid", password=DEMO_PASSWORD)
        role_grant(user, Role(role))
        for code in units:
            unit_leadership_grant(user, code)
        for code in sectors:
            sector_leadership_grant(user, code)
        lines.append(f"  {username} / {DEMO_PASSWORD}  ({what})")
    rnd = Round.objects.filter(budget_year__year=DEMO_YEAR, period=DEMO_MONTH).first()
    if rnd is None:
        rnd = round_open(
            year=DEMO_YEAR, month=DEMO_MONTH, deadline=date(2024, 4, 10), title="pr. 31.03.2024", actor="demo"
        )
        reported = set(
            Forecast.objects.filter(unit__budget_year__year=DEMO_YEAR, period=DEMO_MONTH).values_list(
                "unit__code", flat=True
            )
        )
        tasks = Task.objects.filter(round=rnd, unit__code__in=reported)
        tasks.exclude(unit__code__in=DEMO_SUBMITTED).update(state=TaskState.APPROVED, updated_by="demo")
        tasks.filter(unit__code__in=DEMO_SUBMITTED).update(state=TaskState.SUBMITTED, updated_by="demo")
    return lines


def _expected_findings() -> tuple[int, int]:
    """(unplaced lines, warnings) the decisions page gives on import: its menu and footer text, and
    dates without a year or with the source's typo «mari». Expected: counted, not listed."""
    from tertial.importers.decisions_text import decisions_text_read

    decisions = demo_dir() / "decisions.txt"
    if not decisions.exists():
        return 0, 0
    result = decisions_text_read(decisions.read_text(encoding="utf-8-sig"))
    return len(result.unplaced), len(result.warnings)


def _database_shown() -> str:
    from django.db import connection

    name = str(connection.settings_dict.get("NAME") or "")
    if connection.vendor == "sqlite":
        return name
    return f"{connection.vendor} {connection.settings_dict.get('HOST') or 'localhost'}/{name}"


def _mail_shown() -> str:
    """Where the demo's e-mails (reminders, notifications) go: one line of the summary."""
    from django.conf import settings

    backend = settings.EMAIL_BACKEND.rsplit(".", 2)[-2]
    if backend == "filebased":
        return f"E-post (ingen sendes): hver e-post skrives som en fil i {settings.EMAIL_FILE_PATH}"
    if backend == "console":
        return "E-post (ingen sendes): skrives i terminalen"
    if backend == "smtp":
        return f"E-post sendes via SMTP-tjeneren {settings.EMAIL_HOST}:{settings.EMAIL_PORT}"
    return f"E-post: {settings.EMAIL_BACKEND}"


def demo_load(*, out_dir: Path, verbose: bool = False) -> str:
    """Load the demo, write the two reports as HTML and PDF into `out_dir`, create the demo users.
    Returns a short summary (with `verbose`: every import receipt and finding first)."""
    from tertial.renderers import RENDERERS
    from tertial.web.decisions.models import Case
    from tertial.web.org.models import Sector, Unit

    call_command("migrate", verbosity=0, interactive=False)
    receipts = demo_load_data()
    user_model = get_user_model()
    if not user_model.objects.filter(username=DEMO_ADMIN[0]).exists():
        user_model.objects.create_superuser(DEMO_ADMIN[0], password=DEMO_ADMIN[1])
    out_dir.mkdir(parents=True, exist_ok=True)
    documents = [
        (f"status-{DEMO_YEAR}-{DEMO_MONTH:02d}", status_report_document(year=DEMO_YEAR, month=DEMO_MONTH)),
        (
            f"tertialrapport-{DEMO_YEAR}-{DEMO_TERTIAL}",
            tertial_report_document(year=DEMO_YEAR, tertial=DEMO_TERTIAL),
        ),
    ]
    written = []
    for stem, doc in documents:
        html = out_dir / f"{stem}.html"
        html.write_text(render_html(doc), encoding="utf-8")
        pdf = out_dir / f"{stem}.pdf"
        pdf.write_bytes(RENDERERS["pdf"].render(doc))
        written.append((doc.title, html.resolve(), pdf.resolve()))
    users = demo_users_create()
    unplaced, warnings = _expected_findings()
    units = Unit.objects.filter(budget_year__year=DEMO_YEAR).count()
    sectors = Sector.objects.filter(budget_year__year=DEMO_YEAR).count()
    lines = [*receipts, ""] if verbose else []
    lines += [
        f"Demoen er lastet inn i {_database_shown()}",
        f"Lest inn: {len(receipts)} filer – {units} enheter i {sectors} tjenesteområder, regnskap, budsjett, "
        f"prognoser og sentrale poster pr. 31.03.{DEMO_YEAR} (kommunens publiserte tall) og "
        f"pr. 30.04.{DEMO_YEAR} (SYNTETISKE), {Case.objects.count()} politiske saker, "
        f"historikk {HISTORY_YEARS[0]}–{HISTORY_YEARS[-1]} (SYNTETISK).",
        "Rapporter (HTML og PDF):",
        *(f"  {title}: {html}  og  {pdf.name}" for title, html, pdf in written),
        _mail_shown(),
    ]
    if unplaced or warnings:
        lines.append(
            f"Forventede funn ved innlesing: {unplaced + warnings} i de politiske vedtakene ({unplaced} linjer "
            f"fra nettsidens meny og bunntekst, {warnings} avslutningsdatoer som mangler år eller har et "
            "månedsnavn som ikke kan leses)." + ("" if verbose else " Se dem med: tertial demo --no-serve --verbose")
        )
    lines += [
        f"Admin (/admin/): brukernavn {DEMO_ADMIN[0]}, passord {DEMO_ADMIN[1]}",
        "Demobrukere (brukernavn / passord):",
        *users,
    ]
    return "\n".join(lines)
