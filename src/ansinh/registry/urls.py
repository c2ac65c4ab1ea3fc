from django.urls import path

from ansinh.registry import views

app_name = "registry"
urlpatterns = [
    path("", views.person_list, name="person_list"),
    path("<str:person_code>/", views.person_detail, name="person_detail"),
]
