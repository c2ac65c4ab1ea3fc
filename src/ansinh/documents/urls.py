from django.urls import path

from ansinh.documents import views

app_name = "documents"
urlpatterns = [
    path("xac-minh/<uuid:document_id>/", views.verify, name="verify"),
]
