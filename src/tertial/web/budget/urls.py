from django.urls import path

from . import views

app_name = "budget"
urlpatterns = [
    path("", views.status_latest, name="status-latest"),
    path("status/<int:year>/<int:month>/", views.status_detail, name="status"),
    path("status/<int:year>/<int:month>/rapport/", views.status_report, name="status-report"),
]
