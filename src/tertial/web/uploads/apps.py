from django.apps import AppConfig


class UploadsConfig(AppConfig):
    name = "tertial.web.uploads"
    label = "uploads"
    verbose_name = "Opplasting av importfiler"
