"""OParl 1.1 read API over the decisions register (`/oparl/v1/`, https://oparl.org/spezifikation/).

What the register holds, mapped onto OParl (docs/decisions-module.md has the table):

- the municipality is the one Body; every body a case was decided in (kommunestyret,
  formannskapet …) is an Organization;
- a case is a Paper (reference, title, type, date), with one Consultation by its organisation;
  a case with a meeting date also gives a Meeting (organisation + date) with an AgendaItem;
- a proposer is a Person (name only) and the Paper's originatorPerson;
- the follow-up (status, expected completion, closing, log) is the vendor extension
  `tertial:followUp` on Paper, one entry per decision point;
- there are no files or legislative terms: those lists are valid and empty.

Only what the public decisions page shows. External lists are paged (`limit`, default 20, at most
100; `page`) in a stable order (by id) and take `created_since`, `created_until`, `modified_since`
and `modified_until` (an ISO date-time); the filters are kept in every `links` URL. Deleted objects
are not reported (the register keeps no tombstones). Ids are absolute URLs built from the request.
"""

import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from urllib.parse import unquote, urlencode

from django.http import HttpRequest, JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from tertial.core.completion import closed_text_display
from tertial.web.org.selectors import municipality_get

from .models import Case, DecisionPoint
from .selectors import cases_prefetched

SCHEMA = "https://schema.oparl.org/1.1/"
VENDOR = "tertial"
DEFAULT_LIMIT, MAX_LIMIT = 20, 100
BODY_KEY = "kommune"
FILTERS = ("created_since", "created_until", "modified_since", "modified_until")
MSG_BAD_DATETIME = "%(name)s må være et tidspunkt i ISO 8601 (f.eks. 2024-01-01T00:00:00+01:00), ikke «%(value)s»"


class BadFilter(ValueError):
    pass


@dataclass
class Obj:
    """One OParl object with the timestamps the list filters compare."""

    id: str
    created: datetime
    modified: datetime
    data: dict[str, Any]


def _ts(dt: datetime) -> str:
    return timezone.localtime(dt).isoformat(timespec="seconds")


def _abs(request: HttpRequest, name: str, *args: Any) -> str:
    return request.build_absolute_uri(reverse(f"oparl:{name}", args=args))


def _key(text: str) -> str:
    return slugify(text, allow_unicode=True) or "ukjent"


class World:
    """Every OParl object of the register, built once per request from one prefetched read."""

    def __init__(self, request: HttpRequest) -> None:
        self.request = request
        self.cases: list[Case] = list(cases_prefetched(Case.objects.order_by("pk")))
        self.body_id = _abs(request, "body", BODY_KEY)

    def _stamps(self, case: Case) -> tuple[datetime, datetime]:
        modified = [case.updated_at]
        for p in case.points.all():
            modified.append(p.updated_at)
            modified += [e.created_at for e in p.log_entries.all()]
        return case.created_at, max(modified)

    # --- the objects ---------------------------------------------------------------------

    def organizations(self) -> list[Obj]:
        by_body: dict[str, list[Case]] = {}
        for case in self.cases:
            by_body.setdefault(case.body, []).append(case)
        out = []
        for body, cases in by_body.items():
            stamps = [self._stamps(c) for c in cases]
            oid = _abs(self.request, "organization", _key(body))
            created, modified = min(s[0] for s in stamps), max(s[1] for s in stamps)
            data = {
                "id": oid,
                "type": SCHEMA + "Organization",
                "body": self.body_id,
                "name": body[:1].upper() + body[1:],
                "organizationType": "Gremium",
                "classification": body,
                "meeting": _abs(self.request, "organization-meetings", _key(body)),
                "created": _ts(created),
                "modified": _ts(modified),
            }
            out.append(Obj(oid, created, modified, data))
        return out

    def persons(self) -> list[Obj]:
        names: dict[str, list[Case]] = {}
        for case in self.cases:
            people = {case.proposer} | {p.proposer for p in case.points.all()}
            for name in people - {""}:
                names.setdefault(name, []).append(case)
        out = []
        for name, cases in names.items():
            stamps = [self._stamps(c) for c in cases]
            pid = _abs(self.request, "person", _key(name))
            created, modified = min(s[0] for s in stamps), max(s[1] for s in stamps)
            data = {
                "id": pid,
                "type": SCHEMA + "Person",
                "body": self.body_id,
                "name": name,
                "created": _ts(created),
                "modified": _ts(modified),
            }
            out.append(Obj(pid, created, modified, data))
        return out

    def _meeting_key(self, case: Case) -> str:
        assert case.meeting_date is not None
        return f"{_key(case.body)}-{case.meeting_date.isoformat()}"

    def agenda_item(self, case: Case, order: int) -> dict[str, Any]:
        created, modified = self._stamps(case)
        return {
            "id": _abs(self.request, "agendaitem", str(case.external_id)),
            "type": SCHEMA + "AgendaItem",
            "meeting": _abs(self.request, "meeting", self._meeting_key(case)),
            "number": case.reference,
            "order": order,
            "name": case.title,
            "public": True,
            "consultation": _abs(self.request, "consultation", str(case.external_id)),
            "resolutionText": "\n".join(f"{p.number}. {p.text}" for p in case.points.all()),
            "created": _ts(created),
            "modified": _ts(modified),
        }

    def meetings(self) -> list[Obj]:
        by_key: dict[str, list[Case]] = {}
        for case in self.cases:
            if case.meeting_date:
                by_key.setdefault(self._meeting_key(case), []).append(case)
        out = []
        for key, cases in by_key.items():
            stamps = [self._stamps(c) for c in cases]
            created, modified = min(s[0] for s in stamps), max(s[1] for s in stamps)
            first = cases[0]
            assert first.meeting_date is not None
            mid = _abs(self.request, "meeting", key)
            data = {
                "id": mid,
                "type": SCHEMA + "Meeting",
                "name": f"{first.body[:1].upper()}{first.body[1:]} {first.meeting_date:%d.%m.%Y}",
                "start": _ts(timezone.make_aware(datetime.combine(first.meeting_date, datetime.min.time()))),
                "organization": [_abs(self.request, "organization", _key(first.body))],
                "agendaItem": [self.agenda_item(c, n) for n, c in enumerate(cases, start=1)],
                "created": _ts(created),
                "modified": _ts(modified),
            }
            out.append(Obj(mid, created, modified, data))
        return out

    def agenda_items(self) -> list[Obj]:
        out = []
        for meeting in self.meetings():
            for item in meeting.data["agendaItem"]:
                out.append(Obj(item["id"], meeting.created, meeting.modified, item))
        return out

    def consultation(self, case: Case) -> dict[str, Any]:
        created, modified = self._stamps(case)
        data: dict[str, Any] = {
            "id": _abs(self.request, "consultation", str(case.external_id)),
            "type": SCHEMA + "Consultation",
            "paper": _abs(self.request, "paper", str(case.external_id)),
            "organization": [_abs(self.request, "organization", _key(case.body))],
            "authoritative": True,
            "role": "Beschluss",
            "created": _ts(created),
            "modified": _ts(modified),
        }
        if case.meeting_date:
            data["meeting"] = _abs(self.request, "meeting", self._meeting_key(case))
            data["agendaItem"] = _abs(self.request, "agendaitem", str(case.external_id))
        return data

    def consultations(self) -> list[Obj]:
        return [Obj(c["id"], *self._stamps(case), c) for case in self.cases for c in [self.consultation(case)]]

    def follow_up(self, p: DecisionPoint) -> dict[str, Any]:
        c = p.completion
        return {
            "id": str(p.external_id),
            "number": p.number,
            "title": p.title,
            "text": p.text,
            "proposer": str(p.proposer_display) if p.proposer else "",
            "responsible": p.responsible,
            "status": p.status,
            "statusLabel": str(p.get_status_display()),
            "expectedCompletion": {
                "text": p.expected_completion,
                "start": c.start.isoformat() if c.start else None,
                "end": c.end.isoformat() if c.end else None,
                "continuous": c.continuous,
            },
            "closed": {
                "date": p.closed_on.isoformat() if p.closed_on else None,
                "text": closed_text_display(p.closed_text, p.closed_on),
                "remark": p.closing_remark,
            },
            "log": [
                {"date": e.entry_date.isoformat() if e.entry_date else None, "text": e.text}
                for e in p.log_entries.all()
            ],
            "modified": _ts(p.updated_at),
        }

    def paper(self, case: Case) -> Obj:
        created, modified = self._stamps(case)
        pid = _abs(self.request, "paper", str(case.external_id))
        people = [case.proposer] if case.proposer else []
        people += [p.proposer for p in case.points.all() if p.proposer and p.proposer not in people]
        data: dict[str, Any] = {
            "id": pid,
            "type": SCHEMA + "Paper",
            "body": self.body_id,
            "name": case.title,
            "reference": case.reference,
            "paperType": str(case.get_kind_display()),
            "originatorPerson": [_abs(self.request, "person", _key(n)) for n in people],
            "consultation": [self.consultation(case)],
            "web": self.request.build_absolute_uri(reverse("decisions:case", args=[case.pk])),
            "created": _ts(created),
            "modified": _ts(modified),
            f"{VENDOR}:followUp": [self.follow_up(p) for p in case.points.all()],
        }
        if case.meeting_date:
            data["date"] = case.meeting_date.isoformat()
        return Obj(pid, created, modified, data)

    def papers(self) -> list[Obj]:
        return [self.paper(c) for c in self.cases]


# --- lists, filters and pages -----------------------------------------------------------------


def _filter_value(request: HttpRequest, name: str) -> datetime | None:
    raw = request.GET.get(name, "").strip()
    if not raw:
        return None
    try:
        value = datetime.fromisoformat(raw.replace(" ", "+"))  # an unencoded "+" arrives as a space
    except ValueError as exc:
        raise BadFilter(MSG_BAD_DATETIME % {"name": name, "value": raw[:60]}) from exc
    return value if timezone.is_aware(value) else timezone.make_aware(value)


def _matches(obj: Obj, bounds: dict[str, datetime | None]) -> bool:
    checks = (
        (bounds["created_since"], lambda b: obj.created >= b),
        (bounds["created_until"], lambda b: obj.created <= b),
        (bounds["modified_since"], lambda b: obj.modified >= b),
        (bounds["modified_until"], lambda b: obj.modified <= b),
    )
    return all(bound is None or test(bound) for bound, test in checks)


def _int(text: str, default: int) -> int:
    try:
        return int(text)
    except ValueError:
        return default


def _json(data: dict[str, Any], status: int = 200) -> JsonResponse:
    response = JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"  # OParl: CORS for every client
    return response


def _page(request: HttpRequest, objects: Callable[[World], list[Obj]]) -> JsonResponse:
    try:
        bounds = {name: _filter_value(request, name) for name in FILTERS}
    except BadFilter as exc:
        return _json({"error": str(exc)}, status=400)
    items = sorted((o for o in objects(World(request)) if _matches(o, bounds)), key=lambda o: o.id)
    limit = min(max(_int(request.GET.get("limit", ""), DEFAULT_LIMIT), 1), MAX_LIMIT)
    pages = max(1, math.ceil(len(items) / limit))
    page = min(max(_int(request.GET.get("page", ""), 1), 1), pages)
    kept = {k: request.GET[k] for k in (*FILTERS, "limit") if request.GET.get(k)}
    base = request.build_absolute_uri(request.path)

    def url(n: int) -> str:
        return f"{base}?{urlencode({**kept, 'page': n})}"

    links = {"first": url(1), "self": url(page), "last": url(pages)}
    if page > 1:
        links["prev"] = url(page - 1)
    if page < pages:
        links["next"] = url(page + 1)
    web = request.build_absolute_uri(reverse("decisions:public"))
    return _json(
        {
            "data": [o.data for o in items[(page - 1) * limit : page * limit]],
            "pagination": {
                "totalElements": len(items),
                "elementsPerPage": limit,
                "currentPage": page,
                "totalPages": pages,
            },
            "links": {**links, "web": web},
        }
    )


def _one(objects: Callable[[World], list[Obj]], request: HttpRequest, object_id: str) -> JsonResponse:
    wanted = unquote(request.build_absolute_uri(request.path))  # a person's key may be non-ASCII
    for o in objects(World(request)):
        if unquote(o.id) == wanted:
            return _json(o.data)
    return _json({"error": "Objektet finnes ikke."}, status=404)


def _first_date() -> datetime:
    first = Case.objects.order_by("created_at").values_list("created_at", flat=True).first()
    return first or timezone.make_aware(datetime.combine(date(2000, 1, 1), datetime.min.time()))


def system(request: HttpRequest) -> JsonResponse:
    return _json(
        {
            "id": _abs(request, "system"),
            "type": SCHEMA + "System",
            "oparlVersion": SCHEMA,
            "body": _abs(request, "body-list"),
            "name": "Tertial – politiske vedtak",
            "website": request.build_absolute_uri(reverse("decisions:public")),
            "web": request.build_absolute_uri(reverse("decisions:public")),
        }
    )


def _body(request: HttpRequest) -> Obj:
    m = municipality_get()
    name = m.name if m and m.name else "Kommunen"
    latest = Case.objects.order_by("-updated_at").values_list("updated_at", flat=True).first()
    created = _first_date()
    modified = latest or created
    bid = _abs(request, "body", BODY_KEY)
    data = {
        "id": bid,
        "type": SCHEMA + "Body",
        "system": _abs(request, "system"),
        "name": name,
        "organization": _abs(request, "organization-list"),
        "person": _abs(request, "person-list"),
        "meeting": _abs(request, "meeting-list"),
        "paper": _abs(request, "paper-list"),
        "agendaItem": _abs(request, "agendaitem-list"),
        "consultation": _abs(request, "consultation-list"),
        "file": _abs(request, "file-list"),
        "legislativeTermList": _abs(request, "legislativeterm-list"),
        "legislativeTerm": [],
        "web": request.build_absolute_uri(reverse("decisions:public")),
        "created": _ts(created),
        "modified": _ts(modified),
    }
    return Obj(bid, created, modified, data)


def body_list(request: HttpRequest) -> JsonResponse:
    return _page(request, lambda w: [_body(request)])


def body(request: HttpRequest, key: str) -> JsonResponse:
    return _one(lambda w: [_body(request)], request, key)


def _none(w: World) -> list[Obj]:
    return []


def organization_meetings(request: HttpRequest, key: str) -> JsonResponse:
    org = unquote(_abs(request, "organization", key))
    return _page(request, lambda w: [m for m in w.meetings() if unquote(m.data["organization"][0]) == org])


LISTS: dict[str, Callable[[World], list[Obj]]] = {
    "organization": World.organizations,
    "person": World.persons,
    "meeting": World.meetings,
    "paper": World.papers,
    "agendaitem": World.agenda_items,
    "consultation": World.consultations,
    "file": _none,
    "legislativeterm": _none,
}


def list_view(kind: str) -> Callable[[HttpRequest], JsonResponse]:
    def view(request: HttpRequest) -> JsonResponse:
        return _page(request, LISTS[kind])

    view.__name__ = f"{kind}_list"
    return view


def detail_view(kind: str) -> Callable[[HttpRequest, str], JsonResponse]:
    def view(request: HttpRequest, key: str) -> JsonResponse:
        return _one(LISTS[kind], request, key)

    view.__name__ = f"{kind}_detail"
    return view
