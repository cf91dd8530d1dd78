from django.urls import path

from . import views

app_name = "proposals"
urlpatterns = [
    path("", views.proposal_index, name="index"),
    path("<int:year>/<int:tertial>/", views.proposal_list, name="proposal-list"),
    path("<int:year>/<int:tertial>/create/", views.proposal_create, name="proposal-create"),
    path("<int:year>/line/", views.proposal_line_row, name="line-row"),
    path("<int:pk>/update/", views.proposal_update, name="proposal-update"),
    path("<int:pk>/delete/", views.proposal_delete, name="proposal-delete"),
    path("<int:pk>/wording/", views.proposal_wording, name="proposal-wording"),
    path("<int:pk>/adopt/", views.proposal_adopt, name="proposal-adopt"),
]
