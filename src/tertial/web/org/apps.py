from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "tertial.web.org"
    label = "org"
    verbose_name = "Organisasjon"
