from django.urls import path

from hemis.questionnaires import views

app_name = "questionnaires"

urlpatterns = [
    path("", views.index_view, name="index"),
]
