from django.urls import path

from ansinh.policies import views

app_name = "policies"
urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("giai-thich/ho-so/<int:pk>/", views.explain_application, name="explain"),
    path("<slug:code>/", views.policy_detail, name="detail"),
    path("<slug:code>/quyet-dinh-cua-tinh/", views.decision_new, name="decision_new"),
]
