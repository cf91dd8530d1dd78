from django.apps import AppConfig


class ContentConfig(AppConfig):
    name = "tertial.web.content"
    label = "content"
    verbose_name = "Sykefravær, nøkkeltall, framdriftsplaner og tekstseksjoner"
