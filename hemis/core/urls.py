from django.urls import path

from hemis.core import views

app_name = "core"

urlpatterns = [
    path("", views.home_view, name="home"),
    path("states/<str:iso3>/", views.state_view, name="state"),
    path("audit/", views.audit_log_view, name="audit_log"),
]
