"""Report generation time: the Levanger demo (from a fresh SQLite database loaded with the demo
files) and a synthetic municipality with 200 units built in memory from core types.

    .venv/bin/python benchmarks/report.py [--repeat 3]

Prints, per format, the first call (includes importing WeasyPrint / python-docx / openpyxl) and the
best of the following calls, plus the page count of the PDF. Target (issue 7): demo PDF < 3 s.
The PDF is also timed as a bare WeasyPrint render of the same HTML (no PDF/UA, no finisher), so the
cost of the accessible PDF shows as a factor (issue 18: target ≤ 1.3×).
"""

import argparse
import os
import platform
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))


def _timed(fn, *args):
    t = time.perf_counter()
    out = fn(*args)
    return time.perf_counter() - t, out


def synthetic_document(units: int = 200, sectors: int = 8):
    from tertial.core.comments import Measure, MeasureStatus, SectorComment, UnitComment
    from tertial.core.document import Signature
    from tertial.core.org import Sector, Unit, organisation_build
    from tertial.core.periods import Period
    from tertial.core.report import status_report_build
    from tertial.core.status import CentralItem, status_compute

    m = 1_000_000 * 100
    sector_list = [Sector(f"S{s}", f"Tjenesteområde {s + 1}", s) for s in range(sectors)]
    unit_list = [Unit(str(1000 + n), f"Enhet nummer {n + 1}", f"S{n % sectors}", n) for n in range(units)]
    org = organisation_build(2024, sector_list, unit_list)
    budget = {u.code: (5 + n % 40) * m + n * 123_456 for n, u in enumerate(unit_list)}
    actual = {u.code: budget[u.code] * (25 + n % 9) // 100 for n, u in enumerate(unit_list)}
    forecast = {u.code: budget[u.code] + (n % 5 - 2) * 250_000_00 for n, u in enumerate(unit_list)}
    table = status_compute(org, Period(2024, 3), actual=actual, budget=budget, forecast=forecast, total_name="Totalt")
    text = "Enheten melder avvik på grunn av høyere aktivitet enn budsjettert. " * 6
    comments = {
        u.code: UnitComment(
            ansvar=u.code,
            cause=text,
            measures=(Measure("Redusert vikarbruk", 100_000_00, date(2024, 5, 1), MeasureStatus.PLANNED),),
            consequence="Merforbruket øker.",
        )
        for n, u in enumerate(unit_list)
        if n % 4 == 0
    }
    return status_report_build(
        municipality="Syntetisk kommune",
        org=org,
        table=table,
        central=[CentralItem("skatt", "Skatteinntekter", 5 * m), CentralItem("renter", "Renteinntekter", 2 * m)],
        unit_comments=comments,
        sector_comments={s.code: SectorComment(s.code, text) for s in sector_list},
        signature=Signature("Kari Direktør", "kommunedirektør"),
        monthly_actuals={mm: sum(actual.values()) // 3 for mm in (1, 2, 3)},
    )


def demo_document():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tertial.web.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from tertial.core.document import Edition
    from tertial.web.demo import DEMO_MONTH, DEMO_YEAR, demo_load_data
    from tertial.web.reports.documents import status_report_document, tertial_report_document

    call_command("migrate", verbosity=0)
    demo_load_data()
    seconds, doc = _timed(lambda: status_report_document(year=DEMO_YEAR, month=DEMO_MONTH))
    tertial = tertial_report_document(year=DEMO_YEAR, tertial=1)
    internal = tertial_report_document(year=DEMO_YEAR, tertial=1, edition=Edition.INTERNAL)
    return seconds, doc, tertial, internal


def themed(doc):
    """The document with a graphic profile: colour, a PNG logo on the cover and a 340 KB font file as
    bytes (a data: URL in the PDF), to show what the theme costs."""
    import io
    from dataclasses import replace

    from PIL import Image

    from tertial.core.document import Theme

    logo = io.BytesIO()
    Image.new("RGB", (600, 200), (0, 90, 156)).save(logo, format="PNG")
    font = Path("/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf")
    return replace(
        doc,
        theme=Theme(
            colour="#005a9c",
            logo=logo.getvalue(),
            logo_type="image/png",
            font=font.read_bytes() if font.exists() else b"",
            font_name="Kommunefont" if font.exists() else "",
        ),
    )


def pdf_pages(data: bytes) -> int:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(data)
        f.flush()
        info = subprocess.run(["pdfinfo", f.name], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def measure(name: str, doc, repeat: int, formats: tuple[str, ...] = ()) -> None:
    from tertial.renderers import RENDERERS

    for fmt, out in RENDERERS.items():
        if formats and fmt not in formats:
            continue
        first, data = _timed(out.render, doc)
        rest: list[float] = []
        bare: list[float] = []
        for _ in range(repeat):  # the PDF and its bare baseline in turns, so both see the same machine load
            rest.append(_timed(out.render, doc)[0])
            if fmt == "pdf":
                bare.append(_timed(bare_pdf, doc)[0])
        extra = f", {pdf_pages(data)} pages" if fmt == "pdf" else ""
        print(f"| {name} | {fmt} | {first:.3f} | {min(rest):.3f} | {len(data) / 1024:.0f} KiB{extra} |")
        if fmt == "pdf":
            print(f"| {name} | pdf, bare WeasyPrint | – | {min(bare):.3f} | ×{min(rest) / min(bare):.2f} for PDF/UA |")


def bare_pdf(doc) -> bytes:
    """The same HTML through WeasyPrint without the PDF/UA variant: the baseline of the PDF's cost."""
    from weasyprint import HTML

    from tertial.renderers.html import render_html
    from tertial.renderers.pdf import page_css

    return HTML(string=render_html(doc, extra_css=page_css(doc), alt_in_title=True, screen=False)).write_pdf()


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--repeat", type=int, default=3)
    args = p.parse_args()
    tmp = tempfile.TemporaryDirectory()
    os.environ.setdefault("TERTIAL_DATABASE_URL", f"sqlite:///{tmp.name}/bench.sqlite3")
    lines = Path("/proc/cpuinfo").read_text().splitlines()
    cpu = next((line.split(":", 1)[1].strip() for line in lines if "model name" in line), platform.processor())
    print(f"nproc {os.cpu_count()}, {cpu}, Python {platform.python_version()}, {os.environ['TERTIAL_DATABASE_URL']}")
    build_demo, demo, tertial, internal = demo_document()
    build_synth, synth = _timed(synthetic_document)
    print(f"document: demo from the database {build_demo:.3f} s; synthetic 200 units in memory {build_synth:.3f} s")
    print("| report | format | first call (s) | best of next (s) | size |")
    print("|---|---|---|---|---|")
    measure("Levanger demo (30 units)", demo, args.repeat)
    measure("Levanger demo, 1. tertialrapport", tertial, args.repeat)
    measure("1. tertialrapport, internal edition", internal, args.repeat, formats=("pdf",))
    measure("1. tertialrapport, theme (logo, font bytes)", themed(tertial), args.repeat, formats=("pdf",))
    measure("synthetic, 200 units", synth, args.repeat)
    tmp.cleanup()


if __name__ == "__main__":
    main()
