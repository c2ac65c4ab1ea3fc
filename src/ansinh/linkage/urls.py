from django.urls import path

from ansinh.linkage import views

app_name = "linkage"
urlpatterns = [
    path("", views.review_queue, name="review_queue"),
    path("cap/<int:pk>/", views.review_pair, name="review_pair"),
    path("cap/<int:pk>/doi-ket-luan/", views.verdict_reverse, name="verdict_reverse"),
    path("doi-tuong/<str:person_code>/", views.person_links, name="person_links"),
    path("gop/<int:pk>/tach/", views.merge_undo, name="merge_undo"),
]
