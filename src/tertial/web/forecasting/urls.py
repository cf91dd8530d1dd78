from django.urls import path

from . import views

app_name = "forecasting"
urlpatterns = [
    path("prognoser/tilbaketest/", views.forecast_backtest, name="forecast-backtest"),
    path("prognoser/<int:year>/", views.forecast_history, name="forecast-history"),
    path("prognoser/<int:year>/treffsikkerhet/", views.forecast_track_record, name="forecast-track-record"),
]
