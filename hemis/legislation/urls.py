from django.urls import path

from hemis.legislation import views

app_name = "legislation"

urlpatterns = [
    path("", views.index_view, name="index"),
]
