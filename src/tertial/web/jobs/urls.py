from django.urls import path

from . import views

app_name = "jobs"
urlpatterns = [
    path("<int:pk>/", views.job_detail, name="detail"),
    path("<int:pk>/status/", views.job_status, name="status"),
    path("<int:pk>/fil/", views.job_download, name="download"),
    path("<int:pk>/avbryt/", views.job_cancel, name="cancel"),
    path("<int:pk>/bekreft/", views.job_confirm, name="confirm"),
    path("<int:pk>/kjor-igjen/", views.job_rerun, name="rerun"),
]
