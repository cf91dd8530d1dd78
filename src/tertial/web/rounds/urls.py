from django.urls import path

from . import views

app_name = "rounds"
unit = "<int:year>/<int:month>/enheter/<str:code>/"
urlpatterns = [
    path("", views.round_list, name="round-list"),
    path("opprett/", views.round_create, name="round-create"),
    path("mine/", views.my_tasks, name="my-tasks"),
    path("<int:year>/<int:month>/", views.round_detail, name="round-detail"),
    path("<int:year>/<int:month>/purring/", views.round_remind, name="round-remind"),
    path("<int:year>/<int:month>/frist/", views.round_deadline, name="round-deadline"),
    path("<int:year>/<int:month>/las/", views.round_lock, name="round-lock"),
    path("<int:year>/<int:month>/publiser/", views.round_publish, name="round-publish"),
    path(unit, views.unit_detail, name="unit-detail"),
    path(unit + "lagre/", views.prognosis_save, name="prognosis-save"),
    path(unit + "avvik/", views.prognosis_preview, name="prognosis-preview"),
    path(unit + "send-inn/", views.prognosis_submit, name="prognosis-submit"),
    path(unit + "godkjenn/", views.submission_approve, name="submission-approve"),
    path(unit + "returner/", views.submission_return, name="submission-return"),
    path("<int:year>/<int:month>/sektorer/<str:code>/", views.sector_comment, name="sector-comment"),
]
