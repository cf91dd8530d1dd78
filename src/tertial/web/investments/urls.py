from django.urls import path

from . import views

app_name = "investments"
urlpatterns = [
    path("", views.project_index, name="index"),
    path("<int:year>/<int:month>/", views.project_list, name="project-list"),
    path("<int:year>/<int:month>/prosjekter/<int:pk>/", views.project_detail, name="project-detail"),
]
