from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from tertial.web.accounts import oidc
from tertial.web.health import health

urlpatterns = [
    path("admin/", admin.site.urls),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", oidc.LogoutView.as_view(), name="logout"),  # also ends an OpenID Connect session
    *oidc.urlpatterns(),  # /oidc/ only when OpenID Connect is configured
    path("i18n/", include("django.conf.urls.i18n")),
    path("helse/", health, name="health"),
    path("vedtak/", include("tertial.web.decisions.urls")),
    path("oparl/v1/", include("tertial.web.decisions.oparl_urls")),  # OParl 1.1, read only
    path("runder/", include("tertial.web.rounds.urls")),
    path("innhold/", include("tertial.web.content.urls")),
    path("bevilgning/", include("tertial.web.appropriations.urls")),
    path("budsjettforslag/", include("tertial.web.proposals.urls")),
    path("investeringer/", include("tertial.web.investments.urls")),
    path("finans/", include("tertial.web.finance.urls")),
    path("import/", include("tertial.web.uploads.urls")),
    path("varsler/", include("tertial.web.notifications.urls")),
    path("", include("tertial.web.forecasting.urls")),
    path("", include("tertial.web.reports.urls")),
]

handler500 = "tertial.web.errors.server_error"  # «database is locked» → 503; else the 500 page (errors.py)
