from django.urls import path

from . import views

app_name = "appropriations"
urlpatterns = [
    path("", views.appropriation_latest, name="overview-latest"),
    path("<int:year>/<int:month>/", views.appropriation_detail, name="overview"),
]
