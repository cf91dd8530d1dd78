from django.urls import path

from . import views

app_name = "finance"
urlpatterns = [
    path("", views.finance_index, name="index"),
    path("<int:year>/<int:month>/", views.finance_period, name="period"),
    path("regler/", views.rules_list, name="rules"),
    path("regler/<int:pk>/update/", views.rules_update, name="rules-update"),
    path("innbyggere/update/", views.year_figures_update, name="year-figures-update"),
]
