from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "tertial.web.reports"
    label = "reports"
    verbose_name = "Rapporter"
