from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("", views.status_latest, name="status-latest"),
    path("status/<int:year>/<int:month>/", views.status_detail, name="status"),
    path("status/<int:year>/<int:month>/rapport/", views.status_report, name="status-report"),
    path("status/<int:year>/<int:month>/rapport/intern/", views.status_report_internal, name="status-report-internal"),
    path("tertialrapport/<int:year>/<int:tertial>/", views.tertial_report, name="tertial-report"),
    path(
        "tertialrapport/<int:year>/<int:tertial>/intern/", views.tertial_report_internal, name="tertial-report-internal"
    ),
]
