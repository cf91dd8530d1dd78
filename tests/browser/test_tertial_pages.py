"""The tertial report's finance screens in headless Chromium with the full demo: the proposals list,
a proposal's form, its wording and adoption pages, the investment list and a project, the import page,
the status page of April with its tertial report links — each with no axe-core violations."""

import pytest
from django.urls import reverse

from tertial.web import demo
from tertial.web.investments.models import Project
from tertial.web.proposals.models import Proposal

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_tertial_screens_have_no_axe_violations(live_server, page, axe_violations, finance_officer):
    from tests.conftest import PASSWORD

    demo.demo_load_data()
    proposal = Proposal.objects.get(budget_year__year=2024, period=4, number=1)
    project = Project.objects.filter(budget_year__year=2024).order_by("number").first()
    page.goto(live_server.url + reverse("login"))
    page.get_by_label("Brukernavn").fill("okonomi")
    page.get_by_label("Passord").fill(PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_load_state()
    screens = {
        reverse("proposals:proposal-list", args=[2024, 1]): "Forslag til budsjettendringer, 1. tertial 2024",
        reverse("proposals:proposal-update", args=[proposal.pk]): None,
        reverse("proposals:proposal-wording", args=[proposal.pk]): None,
        reverse("proposals:proposal-adopt", args=[proposal.pk]): None,
        reverse("investments:project-list", args=[2024, 4]): None,
        reverse("investments:project-detail", args=[2024, 4, project.pk]): None,
        reverse("finance:period", args=[2024, 4]): None,
        reverse("uploads:upload"): None,
        reverse("reports:status", args=[2024, 4]): "Status regnskap pr. 30.04.2024",
    }
    for url, heading in screens.items():
        response = page.goto(live_server.url + url)
        assert response is not None and response.status == 200, url
        if heading:
            assert page.get_by_role("heading", level=1).inner_text() == heading
        assert axe_violations(page) == [], url
    page.goto(live_server.url + reverse("reports:status", args=[2024, 4]))
    assert page.get_by_role("link", name="Bevilgningsoversikt drift").is_visible()
