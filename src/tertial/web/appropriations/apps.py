from django.apps import AppConfig


class AppropriationsConfig(AppConfig):
    name = "tertial.web.appropriations"
    label = "appropriations"
    verbose_name = "Rammeområder og bevilgningsoversikt"
