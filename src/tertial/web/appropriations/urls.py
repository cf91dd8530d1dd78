from django.urls import path  # noqa: F401

app_name = "appropriations"
urlpatterns: list = []
