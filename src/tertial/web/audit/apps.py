from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "tertial.web.audit"
    label = "audit"
    verbose_name = "Endringslogg"
