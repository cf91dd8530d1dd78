"""`/oparl/v1/`: the OParl 1.1 read API (tertial.web.decisions.oparl)."""

from django.urls import path
from django.views.decorators.http import require_safe

from . import oparl

app_name = "oparl"
urlpatterns = [  # read only: GET and HEAD
    path("", require_safe(oparl.system), name="system"),
    path("body/", require_safe(oparl.body_list), name="body-list"),
    path("body/<str:key>/", require_safe(oparl.body), name="body"),
    path("organization/<str:key>/meeting/", require_safe(oparl.organization_meetings), name="organization-meetings"),
]
for kind in ("organization", "person", "meeting", "paper", "agendaitem", "consultation", "file", "legislativeterm"):
    urlpatterns += [
        path(f"{kind}/", require_safe(oparl.list_view(kind)), name=f"{kind}-list"),
        path(f"{kind}/<str:key>/", require_safe(oparl.detail_view(kind)), name=kind),
    ]
