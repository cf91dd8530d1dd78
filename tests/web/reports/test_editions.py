"""Editions (issue 18): the council edition (the default of the CLI, the web download and publishing)
and the internal edition for finance. The same edition from the CLI and from the web is the same
document; the internal one is finance's alone."""

import re

import pytest
from django.urls import reverse

from tertial.cli.main import main
from tertial.core.document import Edition
from tertial.web.reports.documents import status_report_document, tertial_report_document

ANNEX = "Vedlegg: Statistisk kontroll av prognosene"
NOTES = "Arbeidsnotater for økonomiavdelingen"
INTERNAL_NOTE = "Intern utgave for økonomiavdelingen – ikke for publisering"
# (CLI arguments, the web URL's name and arguments) per report
REPORTS = {
    "status": (["--period", "3"], "status-report", [2024, 3]),
    "tertial": (["--kind", "tertial", "--tertial", "1"], "tertial-report", [2024, 1]),
}


def normalised(html: str) -> str:
    """The HTML with its whitespace runs folded (the two paths write the same renderer's output)."""
    return re.sub(r"\s+", " ", html).strip()


def cli_html(tmp_path, kind: str, edition: str | None) -> str:
    args, _, _ = REPORTS[kind]
    out = tmp_path / f"{kind}-{edition}.html"
    extra = ["--edition", edition] if edition else []
    assert main(["report", "--year", "2024", *args, *extra, "-o", str(out)]) == 0
    return out.read_text(encoding="utf-8")


@pytest.mark.parametrize("kind", sorted(REPORTS))
def test_each_edition_from_the_cli_and_the_web_is_the_same_document(levanger, client, finance_officer, tmp_path, kind):
    _, name, url_args = REPORTS[kind]
    client.force_login(finance_officer)
    web_council = client.get(reverse(f"reports:{name}", args=url_args)).content.decode()
    web_internal = client.get(reverse(f"reports:{name}-internal", args=url_args)).content.decode()
    cli_default = cli_html(tmp_path, kind, None)
    assert normalised(cli_default) == normalised(cli_html(tmp_path, kind, "politisk")) == normalised(web_council)
    assert normalised(cli_html(tmp_path, kind, "intern")) == normalised(web_internal)
    # the council edition has neither the annex nor the working notes, and names no software
    assert ANNEX not in web_council and NOTES not in web_council and INTERNAL_NOTE not in web_council
    # no sentence about the software («Fortegn som ellers i Tertial») in any edition's text
    for html in (web_council, web_internal):
        text = re.sub(r"<[^>]+>", " ", html)
        assert not re.search(r"\bTertial\b", text), re.search(r".{60}\bTertial\b.{60}", text)
    assert ANNEX in web_internal and NOTES in web_internal and INTERNAL_NOTE in web_internal


def test_the_editions_differ_only_by_the_internal_notes_and_annex(levanger):
    council = status_report_document(year=2024, month=3)
    internal = status_report_document(year=2024, month=3, edition=Edition.INTERNAL)
    assert council.edition is Edition.COUNCIL and internal.edition is Edition.INTERNAL
    assert internal.blocks[: len(council.blocks) - 1] == council.blocks[:-1]  # the same up to the signature
    extra = internal.blocks[len(council.blocks) :]
    assert extra[0].text == NOTES and any(getattr(b, "text", "") == ANNEX for b in extra)
    tertial = tertial_report_document(year=2024, tertial=1)
    assert not any(getattr(b, "text", "") in (ANNEX, NOTES) for b in tertial.blocks)


@pytest.mark.parametrize("persona", ["council_member", "leader_235", "sector_leader"])
def test_only_finance_gets_the_internal_edition(levanger, client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    for name, url_args in (("status-report-internal", [2024, 3]), ("tertial-report-internal", [2024, 1])):
        response = client.get(reverse(f"reports:{name}", args=url_args) + "?format=pdf")
        assert response.status_code == 403, (persona, name)
    client.logout()
    assert client.get(reverse("reports:status-report-internal", args=[2024, 3])).status_code == 403


def test_the_status_page_links_the_internal_editions_for_finance_only(levanger, client, finance_officer, leader_235):
    internal = reverse("reports:tertial-report-internal", args=[2024, 1])
    client.force_login(finance_officer)
    assert internal in client.get(reverse("reports:status", args=[2024, 4])).content.decode()
    client.force_login(leader_235)
    assert internal not in client.get(reverse("reports:status", args=[2024, 4])).content.decode()
