"""The demo: the Levanger 2024 data set (transcribed from the seed report, see demo/levanger/README.md)
loaded through the same import services a municipality uses, a demo admin user, and the report."""

import json
from importlib.resources import files
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management import call_command

from tertial.renderers.html import render_html
from tertial.web.imports import ImportRequest, import_file
from tertial.web.org.services import municipality_set
from tertial.web.reports import status_report_document

DEMO_YEAR, DEMO_MONTH = 2024, 3
DEMO_ADMIN = ("admin", "tertial-demo")  # demo only; printed by `tertial demo`


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
    ]


def demo_load_data(*, actor: str = "demo") -> list[str]:
    """Load (or reload: every import is idempotent) the demo data set. Returns the import receipts."""
    base = demo_dir()
    meta = json.loads((base / "kommune.json").read_text(encoding="utf-8"))
    municipality_set(
        name=meta["navn"],
        org_number=meta.get("organisasjonsnummer", ""),
        chief_executive_name=meta.get("kommunedirektor", {}).get("navn", ""),
        chief_executive_title=meta.get("kommunedirektor", {}).get("tittel", ""),
        actor=actor,
    )
    receipts = []
    for kind, name, period in demo_files():
        receipts.append(import_file(kind, ImportRequest(path=base / name, year=DEMO_YEAR, period=period, actor=actor)))
    decisions = base / "decisions.txt"
    if decisions.exists():
        receipts.append(import_file("decisions-text", ImportRequest(path=decisions, actor=actor)))
    return receipts


def demo_load(*, out_dir: Path) -> str:
    call_command("migrate", verbosity=0, interactive=False)
    receipts = demo_load_data()
    user_model = get_user_model()
    if not user_model.objects.filter(username=DEMO_ADMIN[0]).exists():
        user_model.objects.create_superuser(DEMO_ADMIN[0], password=DEMO_ADMIN[1])
    out_dir.mkdir(parents=True, exist_ok=True)
    report = out_dir / f"status-{DEMO_YEAR}-{DEMO_MONTH:02d}.html"
    report.write_text(render_html(status_report_document(year=DEMO_YEAR, month=DEMO_MONTH)), encoding="utf-8")
    lines = [*receipts, f"Rapport: {report.resolve()}", f"Admin: brukernavn {DEMO_ADMIN[0]}, passord {DEMO_ADMIN[1]}"]
    return "\n".join(lines)
