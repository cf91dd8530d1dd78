from django.urls import path

from . import views

app_name = "content"
urlpatterns = [
    path("", views.content_index, name="index"),
    path("<int:year>/<int:month>/", views.content_period, name="period"),
    path("<int:year>/<int:month>/sykefravaer/", views.sick_leave_detail, name="sick-leave"),
    path("<int:year>/<int:month>/seksjoner/create/", views.section_create, name="section-create"),
    path("seksjoner/<int:pk>/update/", views.section_update, name="section-update"),
    path("seksjoner/<int:pk>/delete/", views.section_delete, name="section-delete"),
    path("milepaeler/<int:pk>/update/", views.milestone_update, name="milestone-update"),
]
