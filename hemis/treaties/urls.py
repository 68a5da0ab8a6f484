from django.urls import path

from hemis.treaties import views

app_name = "treaties"

urlpatterns = [
    path("", views.index_view, name="index"),
]
