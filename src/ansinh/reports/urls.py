from django.urls import path

from ansinh.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("chi-tiet/", views.drilldown, name="drilldown"),
    path("danh-sach/", views.report_list, name="report_list"),
    path("danh-sach/<int:pk>/", views.report_detail, name="report_detail"),
    path("danh-sach/<int:pk>/tai/<str:fmt>/", views.report_download, name="report_download"),
    path("ra-soat-bo-sot/", views.outreach, name="outreach"),
    path("nhieu-chinh-sach/", views.multi_policy, name="multi_policy"),
    path("kinh-phi/", views.budget_list, name="budget_list"),
]
