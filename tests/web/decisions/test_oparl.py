"""The OParl 1.1 API (/oparl/v1/): every object validates against the schema written from the
specification (oparl_schema/), paging walks every object exactly once, and the filters filter."""

import json
import re
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone
from jsonschema import Draft202012Validator
from referencing import Registry, Resource

from tertial.web.decisions.models import Case, DecisionPoint
from tertial.web.decisions.services import point_save, point_values

SCHEMAS = Path(__file__).parent / "oparl_schema"
_resources = {
    f"https://schema.oparl.org/1.1/{p.name}": Resource.from_contents(json.loads(p.read_text(encoding="utf-8")))
    for p in SCHEMAS.glob("*.json")
}
REGISTRY = Registry().with_resources(_resources.items())


def _validator(name: str) -> Draft202012Validator:
    return Draft202012Validator({"$ref": f"https://schema.oparl.org/1.1/{name}.json"}, registry=REGISTRY)


def _valid(obj: dict, name: str | None = None) -> None:
    name = name or obj["type"].rsplit("/", 1)[1]
    errors = [f"{list(e.path)}: {e.message}" for e in _validator(name).iter_errors(obj)]
    assert not errors, (name, obj.get("id"), errors)


def _get(client, url: str) -> dict:
    parts = urlsplit(url)
    assert parts.scheme == "http" and parts.netloc == "testserver", url  # ids are absolute
    response = client.get(parts.path + (f"?{parts.query}" if parts.query else ""))
    assert response.status_code == 200, (url, response.content[:200])
    assert response["Content-Type"] == "application/json"
    return response.json()


def _walk(client, url: str) -> list[dict]:
    """Every object of an external list, following links.next; each page validated."""
    seen: list[dict] = []
    pages = 0
    while url:
        page = _get(client, url)
        _valid(page, "ObjectList")
        pages += 1
        assert page["pagination"]["currentPage"] == pages
        last = pages == page["pagination"]["totalPages"]
        assert ("next" in page["links"]) is not last  # next on every page but the last
        seen += page["data"]
        url = page["links"].get("next")
    return seen


@pytest.fixture
def with_meetings(levanger):
    """Two cases of the demo given a meeting date, so that Meeting and AgendaItem have data."""
    first, second = Case.objects.order_by("pk")[:2]
    Case.objects.filter(pk__in=[first.pk, second.pk]).update(meeting_date=date(2021, 6, 17))
    return first, second


def test_every_object_validates_and_every_list_is_walked_exactly_once(client, with_meetings):
    system = _get(client, "http://testserver" + reverse("oparl:system"))
    _valid(system)
    bodies = _walk(client, system["body"])
    assert len(bodies) == 1
    body = bodies[0]
    _valid(body)
    assert _get(client, body["id"]) == body
    counts = {}
    for key in ("organization", "person", "meeting", "paper", "agendaItem", "consultation", "file"):
        objects = _walk(client, body[key] + "?limit=7")
        ids = [o["id"] for o in objects]
        assert len(ids) == len(set(ids)), key  # never twice
        counts[key] = len(ids)
        for o in objects:
            _valid(o)
            assert o["id"].startswith("http://testserver/oparl/v1/")
        for o in objects if key == "person" else objects[-1:]:  # answers at its id (non-ASCII keys too)
            assert _get(client, o["id"]) == o
    n_cases = Case.objects.count()
    assert counts == {
        "organization": len(set(Case.objects.values_list("body", flat=True))),
        "person": counts["person"],
        "meeting": 1,
        "paper": n_cases,
        "agendaItem": 2,
        "consultation": n_cases,
        "file": 0,
    }
    assert counts["person"] >= 10
    meetings = _walk(client, _get(client, f"{body['organization']}?limit=100")["data"][0]["meeting"])
    assert [m["name"] for m in meetings] == ["Kommunestyret 17.06.2021"]
    papers = _walk(client, body["paper"] + "?limit=100")
    assert {p["reference"] for p in papers} == set(Case.objects.values_list("reference", flat=True))
    assert sum(len(p["tertial:followUp"]) for p in papers) == DecisionPoint.objects.count()


def test_the_follow_up_extension_carries_status_completion_and_log(client, levanger):
    case = Case.objects.get(reference="FO 47/2020")
    paper = _get(client, f"http://testserver/oparl/v1/paper/{case.external_id}/")
    _valid(paper)
    point = paper["tertial:followUp"][0]
    assert (point["status"], point["closed"]["date"], point["closed"]["text"]) == (
        "gjennomført",
        "2021-01-31",
        "januar 2021",
    )
    assert paper["reference"] == "FO 47/2020" and paper["web"].endswith(f"/vedtak/sak/{case.pk}/")
    assert paper["consultation"][0]["organization"] == [f"http://testserver/oparl/v1/organization/{case.body}/"]


def test_modified_since_lists_only_what_changed_and_keeps_the_filter_in_links(client, levanger):
    papers_url = "http://testserver" + reverse("oparl:paper-list")
    since = (timezone.now() + timedelta(seconds=1)).isoformat()
    assert _get(client, papers_url + f"?modified_since={since.replace('+', '%2B')}")["data"] == []
    point = DecisionPoint.objects.filter(case__reference="FO 12/21").get()
    before = point_values(point)
    point.responsible = "Kommunalsjef"
    point_save(point=point, actor="test", before=before)
    # the save is "now", within the same second as `since`: move it after `since`
    DecisionPoint.objects.filter(pk=point.pk).update(updated_at=timezone.now() + timedelta(seconds=5))
    changed = _get(client, papers_url + f"?modified_since={since.replace('+', '%2B')}&limit=1")
    assert [p["reference"] for p in changed["data"]] == ["FO 12/21"]
    assert "modified_since=" in changed["links"]["first"] and "limit=1" in changed["links"]["self"]
    created = _get(client, papers_url + f"?created_since={since.replace('+', '%2B')}")
    assert created["data"] == []
    bad = client.get(reverse("oparl:paper-list"), {"modified_since": "i går"})
    assert bad.status_code == 400 and "modified_since" in bad.json()["error"]


def test_unknown_objects_are_404_and_the_api_is_read_only(client, levanger):
    assert client.get("/oparl/v1/paper/00000000-0000-0000-0000-000000000000/").status_code == 404
    case = Case.objects.first()
    assert client.post(f"/oparl/v1/paper/{case.external_id}/").status_code == 405


def test_the_json_api_pages_with_absolute_links_and_every_case_once(client, levanger):
    url, seen = reverse("decisions:api-list") + "?antall=5", []
    while url:
        data = client.get(url).json()
        assert data["count"] == Case.objects.count() and data["page_size"] == 5
        seen += [c["reference"] for c in data["results"]]
        url = data["next"] and data["next"].removeprefix("http://testserver")
        assert data["next"] is None or data["next"].startswith("http://testserver/vedtak/api/saker/?antall=5&side=")
    assert sorted(seen) == sorted(Case.objects.values_list("reference", flat=True))


def test_atom_entry_ids_are_absolute(client, levanger):
    body = client.get(reverse("decisions:feed")).content.decode()
    ids = re.findall(r"<id>([^<]+)</id>", body)
    assert len(ids) > 1 and all(i.startswith("http://testserver/") for i in ids)
    assert len(set(ids)) == len(ids)
