from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "tertial.web.notifications"
    label = "notifications"
    verbose_name = "Varsler"
