from django.apps import AppConfig


class RoundsConfig(AppConfig):
    name = "tertial.web.rounds"
    label = "rounds"
    verbose_name = "Rapporteringsrunder"
