from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("", views.home, name="status-latest"),  # the front page: «Mine oppgaver» for leaders, else the status
    path("status/", views.status_latest, name="status-index"),
    path("status/velg/", views.period_choose, name="period-choose"),
    path("status/<int:year>/<int:month>/", views.status_detail, name="status"),
    path("status/<int:year>/<int:month>/rapport/", views.status_report, name="status-report"),
    path("status/<int:year>/<int:month>/lag-pdf/", views.report_pdf_job_create, name="report-pdf-job"),
    path("status/<int:year>/<int:month>/rapport/intern/", views.status_report_internal, name="status-report-internal"),
    path("tertialrapport/<int:year>/<int:tertial>/", views.tertial_report, name="tertial-report"),
    path(
        "tertialrapport/<int:year>/<int:tertial>/intern/", views.tertial_report_internal, name="tertial-report-internal"
    ),
]
