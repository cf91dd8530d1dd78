from django.urls import path

from . import views

app_name = "notifications"
urlpatterns = [
    path("", views.notification_list, name="list"),
    path("lest/", views.notifications_mark_read, name="mark-read"),
    path("innstillinger/", views.preference_update, name="settings"),
    path("avmeld/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("folg/<int:pk>/", views.follow, name="follow"),
    path("folg/bekreft/<str:token>/", views.follow_confirm, name="follow-confirm"),
    path("folg/stopp/<str:token>/", views.follow_stop, name="follow-stop"),
]
