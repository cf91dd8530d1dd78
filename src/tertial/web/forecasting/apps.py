from django.apps import AppConfig


class ForecastingConfig(AppConfig):
    name = "tertial.web.forecasting"
    label = "forecasting"
    verbose_name = "Prognoser"
