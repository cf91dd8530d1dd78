from django.urls import path

from . import forecast_views, views

app_name = "budget"
urlpatterns = [
    path("", views.status_latest, name="status-latest"),
    path("status/<int:year>/<int:month>/", views.status_detail, name="status"),
    path("status/<int:year>/<int:month>/rapport/", views.status_report, name="status-report"),
    path("tertialrapport/<int:year>/<int:tertial>/", views.tertial_report, name="tertial-report"),
    path("prognoser/<int:year>/", forecast_views.forecast_history, name="forecast-history"),
    path("prognoser/<int:year>/treffsikkerhet/", forecast_views.forecast_track_record, name="forecast-track-record"),
]
