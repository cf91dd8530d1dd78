from django.urls import path

from . import views
from .feeds import DecisionsFeed

app_name = "decisions"
urlpatterns = [
    path("", views.public_list, name="public"),
    path("sak/<int:pk>/", views.case_detail, name="case"),
    path("register/", views.register, name="register"),
    path("register/ny/", views.case_edit, name="case-create"),
    path("register/<int:pk>/endre/", views.case_edit, name="case-edit"),
    path("register/<int:case_pk>/punkt/ny/", views.point_edit, name="point-create"),
    path("punkt/<int:pk>/endre/", views.point_edit, name="point-edit"),
    path("punkt/<int:pk>/logg/ny/", views.log_create, name="log-create"),
    path("forfalt/", views.overdue, name="overdue"),
    path("api/saker/", views.api_list, name="api-list"),
    path("api/saker/<int:pk>/", views.api_detail, name="api-detail"),
    path("eksport.csv", views.export_csv, name="csv"),
    path("eksport.xlsx", views.export_xlsx, name="xlsx"),
    path("feed/", DecisionsFeed(), name="feed"),
]
