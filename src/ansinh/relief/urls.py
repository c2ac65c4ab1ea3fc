from django.urls import path

from ansinh.relief import views

app_name = "relief"
urlpatterns = [
    path("", views.batch_list, name="batch_list"),
    path("dot/<int:pk>/", views.batch_detail, name="batch_detail"),
    path("dot/<int:pk>/thao-tac/<slug:action>/", views.batch_action, name="batch_action"),
    path("dot/<int:pk>/to-trinh.<str:fmt>", views.batch_document, name="batch_document"),
    path("dot/<int:pk>/chi-tra/xuat/", views.payment_export, name="payment_export"),
    path("dot/<int:pk>/chi-tra/ket-qua/", views.payment_returns, name="payment_returns"),
    path("dot/<int:pk>/chi-tra/xac-nhan/", views.payment_confirm, name="payment_confirm"),
    path("ho-so/<int:pk>/tham-dinh/", views.application_decide, name="application_decide"),
    path("ho-so/<int:pk>/khieu-nai/", views.appeal_file, name="appeal_file"),
    path("khieu-nai/<int:pk>/tra-loi/", views.appeal_answer, name="appeal_answer"),
    path("chi-tra/<int:pk>/chi-lai/", views.payment_reissue, name="payment_reissue"),
    path("so-chi-tra/", views.payment_ledger, name="payment_ledger"),
    path("quyet-dinh/", views.decision_list, name="decision_list"),
    path("quyet-dinh/<int:pk>/", views.decision_detail, name="decision_detail"),
    path("quyet-dinh/<int:pk>/ky/", views.decision_sign, name="decision_sign"),
    path("quyet-dinh/<int:pk>/sua-doi/", views.decision_amend, name="decision_amend"),
    path("quyet-dinh/<int:pk>/tai.<str:fmt>", views.decision_file, name="decision_file"),
    path("doi-tuong/<str:person_code>/", views.person_relief, name="person_relief"),
]
