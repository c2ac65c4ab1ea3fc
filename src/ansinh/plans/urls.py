from django.urls import path

from ansinh.plans import views

app_name = "plans"
urlpatterns = [
    path("", views.board, name="board"),
    path("nhiem-vu/<int:pk>/", views.task_detail, name="task"),
    path("nhiem-vu/<int:pk>/tien-do/", views.progress_create, name="progress_create"),
    path("nhiem-vu/<int:pk>/kiem-tra/", views.oversight_create, name="oversight_create"),
    path("nhiem-vu/<int:pk>/han/", views.deadline_set, name="deadline_set"),
    path("tien-do-gantt/", views.gantt, name="gantt"),
    path("lich-han/", views.deadline_calendar, name="calendar"),
    path("ban-chi-dao/", views.steering, name="steering"),
    path("cap-do-dich/", views.regimes, name="regimes"),
    path("tao-moi/", views.plan_create, name="plan_create"),
    path("<slug:code>/sua/", views.plan_edit, name="plan_edit"),
    path("bao-cao/", views.report, name="report"),
]
