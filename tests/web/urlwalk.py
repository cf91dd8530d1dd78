"""The project's URL conf walked generically (django.urls.get_resolver), shared by the role-boundary
test and the probe (tests/web/test_role_boundaries.py, tests/web/test_probe.py).

Every pattern gets a URL with parameters pointing at unit 235, its sector and the period 03.2024; a
pattern whose parameters the table cannot fill fails the test until a value is added (nothing is
skipped silently). Excluded patterns are listed in EXCLUDED, with the reason.
"""

import re
from datetime import date

from django.apps import apps
from django.db.models import Count
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tertial.web.budget.models import Balance
from tertial.web.rounds.models import Task
from tertial.web.rounds.services import prognosis_save, round_open

YEAR, MONTH = 2024, 3
UNIT = "235"  # the unit whose draft is saved
MARK_TEXT = "HEMMELIG-UTKAST-235"  # the draft's cause: unpublished, unit 235's own
MARK_FORECAST = 77_777_777_00  # 77 777 777 kr as the draft's forecast
MARKS = (MARK_TEXT, "77\u00a0777\u00a0777", "77 777 777", "77777777", "77\u00a0778")  # kr and 1000 kr forms

# Patterns left out, with the reason.
EXCLUDED = {
    "admin:view_on_site": "Django's contenttypes shortcut: redirects to an object's public URL, shows no data",
}
# Patterns that answer the anonymous with something other than a login redirect, and why that is right.
PUBLIC = {
    "login": "the login page",
    "logout": "logging out needs no login",
    "admin:logout": "logging out needs no login",
    "set_language": "choosing the language needs no login",
    "health": "the health check shows no data",
    "decisions:public": "the council's decisions are public",
    "decisions:case": "a decision case is public",
    "decisions:api-list": "the decisions API is public and read-only",
    "decisions:api-detail": "the decisions API is public and read-only",
    "decisions:csv": "the decisions export is public",
    "decisions:xlsx": "the decisions export is public",
    "decisions:feed": "the decisions feed is public",
    "decisions:overdue": "overdue council decisions are public",
    **{
        f"oparl:{name}": "the OParl API shows what the public decisions page shows, read only"
        for name in (
            "system",
            "body-list",
            "body",
            "organization-meetings",
            *(
                f"{kind}{suffix}"
                for kind in (
                    "organization",
                    "person",
                    "meeting",
                    "paper",
                    "agendaitem",
                    "consultation",
                    "file",
                    "legislativeterm",
                )
                for suffix in ("", "-list")
            ),
        )
    },
    "rounds:round-list": "the list of published rounds",
    "reports:status-latest": "the latest published status (none here)",
    "notifications:unsubscribe": "the one-click unsubscribe link of a mail: a signed token, no login",
    "notifications:follow": "anyone may follow a public decision case by e-mail (confirmed by a link)",
    "notifications:follow-confirm": "the signed confirmation link of a follower's mail",
    "notifications:follow-stop": "the one-click unsubscribe link of a follower's mail",
}

POST_DATA = {
    "version": "1",
    "forecast": "1",
    "cause": "endret av en uvedkommende",
    "consequence": "",
    "text": "endret av en uvedkommende",
    "remark": "x",
    "title": "x",
    "html": "<p>x</p>",
    "sort_order": "1",
    "tiltak-TOTAL_FORMS": "0",
    "tiltak-INITIAL_FORMS": "0",
}


def unpublished_draft_open() -> str:
    """An open, unpublished round pr. 31.03.2024 in which unit 235 has saved a draft whose forecast and
    comment are the markers above. Returns the code of unit 235's sector."""
    rnd = round_open(year=YEAR, month=MONTH, deadline=date(2024, 4, 10), actor="test")
    task = Task.objects.get(round=rnd, unit__code=UNIT)
    prognosis_save(task=task, version=0, forecast=MARK_FORECAST, cause=MARK_TEXT, consequence="", actor="test")
    return task.unit.sector.code


def walk(patterns, prefix: str = "", ns: str = ""):
    """(namespaced name, route, pattern) of every URL pattern below `patterns`."""
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from walk(p.url_patterns, prefix + str(p.pattern), ns + (f"{p.namespace}:" if p.namespace else ""))
        elif isinstance(p, URLPattern):
            yield ns + (p.name or ""), prefix + str(p.pattern), p


def _first_pk(label: str) -> int:
    model = apps.get_model(label)
    return model.objects.order_by("pk").values_list("pk", flat=True).first() or 1


def kwargs_table(sector_code: str) -> dict[str, object]:
    """A value for every URL parameter name in the project, pointing at unit 235 or its sector."""
    return {
        "year": YEAR,
        "month": MONTH,
        "tertial": 1,
        "code": UNIT,
        "app_label": "budget",
        "url": "finnes-ikke/",
        "object_id": "1",
        "content_type_id": "1",
        "id": "1",
        "case_pk": lambda: _first_pk("decisions.Case"),
        "key": "kommune",  # OParl: the body's key; other objects answer 404, which is fine
        "token": "ikke-en-signert-lenke",
        "_sector_code": sector_code,
    }


# pk parameters: which model a pattern's pk is of (by namespace); others get 1 (404 is a fine answer)
PK_MODELS = {
    "decisions:": "decisions.Case",
    "decisions:point-edit": "decisions.DecisionPoint",
    "decisions:log-create": "decisions.DecisionPoint",
    "notifications:follow": "decisions.Case",
    "content:section-": "content.Section",
    "content:milestone-": "content.Milestone",
    "investments:project-detail": "investments.Project",
    "finance:rules-update": "finance.FinanceRules",
    "proposals:": "proposals.Proposal",
}


def _pk_for(name: str) -> int:
    for prefix, label in sorted(PK_MODELS.items(), key=lambda kv: -len(kv[0])):
        if name.startswith(prefix):
            try:
                return _first_pk(label)
            except LookupError:
                return 1
    return 1


def _url(name: str, pattern: URLPattern, table: dict) -> str:
    params = set(pattern.pattern.regex.groupindex)
    kwargs = {}
    for param in params:
        if param == "pk":
            kwargs[param] = _pk_for(name)
            continue
        assert param in table, f"{name}: no value for URL parameter «{param}»; add it to kwargs_table"
        value = table[param]
        kwargs[param] = value() if callable(value) else value
    if name == "rounds:sector-comment":
        kwargs["code"] = table["_sector_code"]
    return reverse(name, kwargs=kwargs)


def urls(table: dict) -> list[tuple[str, str]]:
    """(name, URL) of every pattern not EXCLUDED; an unnamed pattern is named by its route."""
    out = []
    for name, route, pattern in walk(get_resolver().url_patterns):
        if name in EXCLUDED:
            continue
        if not pattern.name:  # admin's unnamed redirects from <object_id>/ to <object_id>/change/
            url = "/" + re.sub(r"\^|\$|\(\?P<\w+>[^)]*\)|<[^>]+>", "1", route)
        else:
            url = _url(name, pattern, table)
        out.append((name or route, url))
    return out


def state() -> dict:
    """Row counts of every model of the project's apps (balances too): any write would change one,
    and the draft's own rows are compared in full."""
    counts = {
        m._meta.label: m.objects.count()
        for m in apps.get_models()
        if m.__module__.startswith("tertial.") and m is not Balance
    }
    counts["budget.Balance"] = Balance.objects.aggregate(n=Count("pk"))["n"]
    task = Task.objects.get(round__period=MONTH, unit__code=UNIT)
    counts["task"] = (task.state, task.version, task.updated_by)
    return counts
