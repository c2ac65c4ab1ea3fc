from django.urls import path

from ansinh.intake import views

app_name = "intake"
urlpatterns = [
    path("", views.upload_list, name="upload_list"),
    path("<int:job_id>/", views.job_detail, name="job_detail"),
    path("<int:job_id>/huy/", views.job_cancel, name="job_cancel"),
    path("<int:job_id>/xac-nhan-cot/", views.job_confirm_mapping, name="job_confirm_mapping"),
    path("<int:job_id>/bao-cao-loi.xlsx", views.job_report, name="job_report"),
]
